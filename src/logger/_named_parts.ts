/**
 * The named formatters and filters of a configuration, built from their
 * `{ type, …options }` entries or taken as functions, and the resolution
 * of filter lists that name them. Private to `configure()`.
 *
 * @module
 */
import type { LoggingConfig } from "./config_types.ts";
import type { Filter } from "./filter.ts";
import { levelFilter, nameFilter } from "./filter.ts";
import type { Formatter } from "./formatter.ts";
import { createJsonFormatter, jsonFormatter } from "./json_formatter.ts";
import { canonicalLevel, type LogLevel } from "./level.ts";
import {
  buildWithReader,
  configError,
  configPath,
  readOption,
} from "./option_reader.ts";
import { createPrettyFormatter } from "./pretty_formatter.ts";
import { createTextFormatter, textFormatter } from "./text_formatter.ts";
import { checkObject, entries, levelKinds, without } from "./_config_check.ts";

/** The formatters by name: `text`, `json` and those of the configuration. */
export function buildFormatters(config: LoggingConfig): Map<string, Formatter> {
  const formatters = new Map<string, Formatter>([
    ["text", textFormatter],
    ["json", jsonFormatter],
  ]);
  // Built here: whether it colours depends on the terminal at configure time.
  formatters.set("pretty", createPrettyFormatter());
  for (const [name, spec] of entries("formatters", config.formatters)) {
    const path = configPath("formatters", name);
    if (typeof spec === "function") {
      formatters.set(name, spec as Formatter);
      continue;
    }
    const object = checkObject(path, spec);
    const type = readOption(configPath(path, "type"), object.type, [
      "text",
      "json",
      "pretty",
    ]);
    const options = without(object, ["type"]);
    formatters.set(
      name,
      type === "pretty"
        ? buildWithReader(
          (o) =>
            createPrettyFormatter(
              o.pick({ colors: "boolean", stream: ["stdout", "stderr"] }),
            ),
          path,
          options,
        )
        : type === "text"
        ? buildWithReader(
          (o) =>
            createTextFormatter(
              o.pick({
                timestamp: "boolean",
                stacks: ["inline", "indented", "none"],
              }),
            ),
          path,
          options,
        )
        : buildWithReader(
          (o) =>
            createJsonFormatter(
              o.pick({
                fieldsKey: "string",
                levelAsNumber: "boolean",
                levelKey: "string",
                messageKey: "string",
                timeKey: "string",
              }),
            ),
          path,
          options,
        ),
    );
  }
  return formatters;
}

/** The filters by name, from the configuration. */
export function buildFilters(config: LoggingConfig): Map<string, Filter> {
  const filters = new Map<string, Filter>();
  for (const [name, spec] of entries("filters", config.filters)) {
    const path = configPath("filters", name);
    if (typeof spec === "function") {
      filters.set(name, spec as Filter);
      continue;
    }
    const object = checkObject(path, spec);
    const type = readOption(configPath(path, "type"), object.type, [
      "level",
      "name",
    ]);
    const options = without(object, ["type"]);
    filters.set(
      name,
      type === "level"
        ? buildWithReader(
          (o) =>
            levelFilter(
              canonicalLevel(o.require("level", levelKinds)) as LogLevel,
            ),
          path,
          options,
        )
        : buildWithReader(
          (o) => {
            const prefix = o.get("prefix", "string") ??
              o.require("prefix", "strings");
            const exclude = o.get("exclude", "boolean") === true;
            return nameFilter(prefix as string | string[], { exclude });
          },
          path,
          options,
        ),
    );
  }
  return filters;
}

/** A list of filter names (or functions) as filters, naming a bad entry. */
export function resolveFilters(
  path: string,
  value: unknown,
  filters: ReadonlyMap<string, Filter>,
): Filter[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    configError(TypeError, path, "must be an array of filter names", value);
  }
  return value.map((item: unknown, i) => {
    if (typeof item === "function") return item as Filter;
    const filter = typeof item === "string" ? filters.get(item) : undefined;
    if (filter === undefined) {
      configError(
        TypeError,
        configPath(path, i),
        "must name a filter in filters",
        item,
      );
    }
    return filter;
  });
}
