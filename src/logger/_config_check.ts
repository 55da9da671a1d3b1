/**
 * Shape checks of a configuration object: objects, known keys, the
 * entries of a section, and the key lists and level choices they use.
 * Private to `configure()`.
 *
 * @module
 */
import { levelAliases, logLevels } from "./level.ts";
import { configError, configPath } from "./option_reader.ts";

/** The keys of the configuration itself. */
export const topKeys = [
  "sinks",
  "formatters",
  "filters",
  "loggers",
  "onDiagnostic",
  "redact",
  "serializers",
  "sample",
  "rateLimit",
];
/** The keys of a sink entry that are not the sink type's own options. */
export const routeKeys = ["type", "formatter", "level", "filters"];
/** The keys of a logger entry. */
export const loggerKeys = [
  "level",
  "sinks",
  "filters",
  "propagate",
  "sample",
  "rateLimit",
];
/** The choices of a logger's level. */
export const thresholdKinds: readonly string[] = [
  ...logLevels,
  "off",
  ...levelAliases,
];
/** The choices of a sink's or filter's level. */
export const levelKinds: readonly string[] = [...logLevels, ...levelAliases];

/** Whether a value is a plain (non-array) object. */
export function isObject(
  value: unknown,
): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as an object, or a configuration error naming its path. */
export function checkObject(
  path: string,
  value: unknown,
): Record<string, unknown> {
  if (!isObject(value)) {
    configError(TypeError, path, "must be an object", value);
  }
  return value as Record<string, unknown>;
}

/** Rejects the first key not in `known`, naming its path. */
export function checkKeys(
  path: string,
  object: Readonly<Record<string, unknown>>,
  known: readonly string[],
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `Cannot configure logging as ${
          configPath(path, key)
        } is not a known option: known options are ${known.join(", ")}`,
      );
    }
  }
}

/** A copy of an object without some keys. */
export function without(
  object: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (!keys.includes(key)) out[key] = value;
  }
  return out;
}

/** The entries of an optional section (`sinks`, `loggers`, …). */
export function entries(
  path: string,
  value: unknown,
): Array<[string, unknown]> {
  if (value === undefined) return [];
  return Object.entries(checkObject(path, value));
}
