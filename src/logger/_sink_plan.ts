/**
 * Sink plans: each configured sink checked and turned into what
 * `configure()` needs to build it (or keep or hand over the one it
 * replaces): its formatter, level, filters, identity and a `create()`.
 * Private to `configure()`.
 *
 * @module
 */
import type { LoggingConfig } from "./config_types.ts";
import type { Filter } from "./filter.ts";
import type { Formatter } from "./formatter.ts";
import { canonicalLevel, levelValue, type LogLevel } from "./level.ts";
import type { LogSink } from "./log_sink.ts";
import {
  buildWithReader,
  configError,
  configPath,
  readOption,
} from "./option_reader.ts";
import { sinkFactory, sinkTypeNames } from "./sink_registry.ts";
import { textFormatter } from "./text_formatter.ts";
import {
  checkKeys,
  checkObject,
  entries,
  isObject,
  levelKinds,
  routeKeys,
  without,
} from "./_config_check.ts";
import { resolveFilters } from "./_named_parts.ts";
import { sinkIdentity, sinkPathKey } from "./_sink_handover.ts";

/** A configured sink before its object exists. */
export interface SinkPlan {
  readonly name: string;
  readonly path: string;
  readonly formatter: Formatter;
  readonly minLevel: number;
  readonly filters: readonly Filter[];
  readonly create: () => LogSink;
  /** Type and options, for reuse by the next configuration. */
  readonly identity?: string | undefined;
  /** The file it writes, when its options name one. */
  readonly pathKey?: string | undefined;
}

/** Whether a value is a sink: an object with `write()`. */
function isLogSink(value: unknown): value is LogSink {
  return isObject(value) && typeof value.write === "function";
}

/** The plans of the configured sinks, checked, in configuration order. */
export function planSinks(
  config: LoggingConfig,
  formatters: ReadonlyMap<string, Formatter>,
  filters: ReadonlyMap<string, Filter>,
): SinkPlan[] {
  const onDiagnostic = config.onDiagnostic;
  const plans: SinkPlan[] = [];
  for (const [name, spec] of entries("sinks", config.sinks)) {
    const path = configPath("sinks", name);
    if (isLogSink(spec) && !("sink" in spec) && !("type" in spec)) {
      plans.push({
        name,
        path,
        formatter: textFormatter,
        minLevel: -Infinity,
        filters: [],
        create: () => spec,
      });
      continue;
    }
    const object = checkObject(path, spec);
    const formatterValue = object.formatter;
    let formatter = textFormatter;
    if (typeof formatterValue === "function") {
      formatter = formatterValue as Formatter;
    } else if (formatterValue !== undefined) {
      const found = typeof formatterValue === "string"
        ? formatters.get(formatterValue)
        : undefined;
      if (found === undefined) {
        configError(
          TypeError,
          configPath(path, "formatter"),
          `must be "text", "json" or a name in formatters`,
          formatterValue,
        );
      }
      formatter = found;
    }
    const level = object.level === undefined ? undefined : canonicalLevel(
      readOption(configPath(path, "level"), object.level, levelKinds),
    );
    const sinkFilters = resolveFilters(
      configPath(path, "filters"),
      object.filters,
      filters,
    );
    const minLevel = level === undefined
      ? -Infinity
      : levelValue(level as LogLevel);
    if ("sink" in object) {
      checkKeys(path, object, ["sink", ...routeKeys.slice(1)]);
      if (!isLogSink(object.sink)) {
        configError(
          TypeError,
          configPath(path, "sink"),
          "must be an object with a write(line) method",
          object.sink,
        );
      }
      const sink = object.sink;
      plans.push({
        name,
        path,
        formatter,
        minLevel,
        filters: sinkFilters,
        create: () => sink,
      });
      continue;
    }
    const types = sinkTypeNames();
    const type = readOption(configPath(path, "type"), object.type, types);
    const factory = sinkFactory(type as string);
    if (factory === undefined) {
      configError(TypeError, configPath(path, "type"), "is unknown", type);
    }
    const options = without(object, routeKeys);
    plans.push({
      name,
      path,
      formatter,
      minLevel,
      filters: sinkFilters,
      identity: sinkIdentity(type as string, options),
      pathKey: sinkPathKey(options),
      create: () =>
        buildWithReader(
          (reader) => {
            try {
              return factory(reader);
            } catch (e) {
              if (
                e instanceof Error && e.message.startsWith("Cannot configure")
              ) throw e;
              // A value the sink cannot parse is a wrong value: TypeError.
              const Kind = e instanceof RangeError ? RangeError : TypeError;
              throw new Kind(
                `Cannot configure logging as ${path} cannot be created: ${
                  e instanceof Error ? e.message : String(e)
                }`,
                { cause: e },
              );
            }
          },
          path,
          options,
          (sink) => void closeQuietly(sink),
          onDiagnostic,
        ),
    });
  }
  return plans;
}

/** Closes a sink, ignoring a failure. */
export async function closeQuietly(sink: LogSink): Promise<void> {
  try {
    await sink.close?.();
  } catch {
    // a sink that fails to close must not fail the reconfiguration
  }
}

/** Closes sinks together, ignoring failures. */
export async function closeAll(sinks: readonly LogSink[]): Promise<void> {
  await Promise.all(sinks.map(closeQuietly));
}
