/**
 * Configuration of the loggers from a plain object or a JSON file: named
 * sinks (built from a registered type or given as objects), formatters,
 * filters, and per-logger levels, sinks, filters and propagation.
 *
 * @module
 */
import type { DiagnosticListener } from "../diagnostics.ts";
import { describeError, LogrotorError } from "../errors.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Filter } from "./filter.ts";
import { levelFilter, nameFilter } from "./filter.ts";
import type { Formatter } from "./formatter.ts";
import { createJsonFormatter, jsonFormatter } from "./json_formatter.ts";
import { createTextFormatter, textFormatter } from "./text_formatter.ts";
import {
  type LevelThreshold,
  levelValue,
  type LogLevel,
  logLevels,
} from "./level.ts";
import type { LogSink } from "./log_sink.ts";
import { applyLoggingSettings, reportSinkFailure } from "./logger.ts";
import { checkName } from "./logger_name.ts";
import type { LoggerSettings, LoggingSettings, Route } from "./routes.ts";
import { findDuplicateKey } from "./_json_duplicates.ts";
import {
  type ActiveSink,
  HoldingSink,
  sinkIdentity,
  sinkPathKey,
} from "./_sink_handover.ts";
import {
  buildWithReader,
  configError,
  configPath,
  readOption,
} from "./option_reader.ts";
import { sinkFactory, sinkTypeNames } from "./sink_registry.ts";

/**
 * A sink built by `configure()` from a registered type.
 *
 * @example Usage
 * ```ts
 * import type { SinkConfig } from "logrotor/compose";
 *
 * const file: SinkConfig = {
 *   type: "file",
 *   path: "./logs/app.log",
 *   flushIntervalMs: "200ms",
 *   formatter: "json",
 *   level: "info",
 * };
 * ```
 */
export interface SinkConfig {
  /** The registered type: `"file"`, `"console"`, or one registered later. */
  readonly type: string;
  /**
   * A formatter name (`"text"`, `"json"` or a key of `formatters`) or a
   * formatter function.
   * @default {"text"}
   */
  readonly formatter?: string | Formatter;
  /** The least severe level this sink takes. */
  readonly level?: LogLevel;
  /** Names of `filters` (or filter functions) every record must pass. */
  readonly filters?: readonly (string | Filter)[];
  /** The type's own options, such as `path` and `flushBytes` for `file`. */
  readonly [option: string]: unknown;
}

/**
 * A sink object handed to `configure()` with its settings.
 *
 * @example Usage
 * ```ts
 * import { configure, reset } from "logrotor";
 * import { type SinkInstanceConfig } from "logrotor/compose";
 * import { createFileSink } from "logrotor";
 *
 * const audit: SinkInstanceConfig = {
 *   sink: createFileSink("/tmp/logrotor-doc/audit.log"),
 *   formatter: "json",
 *   level: "info",
 * };
 * await configure({
 *   sinks: { audit },
 *   loggers: { "app.audit": { sinks: ["audit"] } },
 * });
 * await reset();
 * ```
 */
export interface SinkInstanceConfig {
  /** The sink. */
  readonly sink: LogSink;
  /**
   * A formatter name or function.
   * @default {"text"}
   */
  readonly formatter?: string | Formatter;
  /** The least severe level this sink takes. */
  readonly level?: LogLevel;
  /** Names of `filters` (or filter functions) every record must pass. */
  readonly filters?: readonly (string | Filter)[];
}

/**
 * A formatter built by `configure()`.
 *
 * @example Usage
 * ```ts
 * import type { LoggingConfig } from "logrotor";
 * import type { FormatterConfig } from "logrotor/compose";
 *
 * const plain: FormatterConfig = { type: "text", timestamp: false };
 * const config: LoggingConfig = {
 *   formatters: { plain },
 *   sinks: { console: { type: "console", formatter: "plain" } },
 *   loggers: { "": { sinks: ["console"] } },
 * };
 * ```
 */
export interface FormatterConfig {
  /** `"text"` (options `timestamp`, `stacks`) or `"json"` (`fieldsKey`). */
  readonly type: "text" | "json";
  /** The formatter's options. */
  readonly [option: string]: unknown;
}

/**
 * A filter built by `configure()`.
 *
 * @example Usage
 * ```ts
 * import type { LoggingConfig } from "logrotor";
 * import type { FilterConfig } from "logrotor/compose";
 *
 * const noHealth: FilterConfig = {
 *   type: "name",
 *   prefix: "app.health",
 *   exclude: true,
 * };
 * const config: LoggingConfig = {
 *   filters: { noHealth, warnings: { type: "level", level: "warn" } },
 *   sinks: { console: { type: "console", filters: ["warnings"] } },
 *   loggers: { app: { sinks: ["console"], filters: ["noHealth"] } },
 * };
 * ```
 */
export interface FilterConfig {
  /** `"level"` (option `level`) or `"name"` (options `prefix`, `exclude`). */
  readonly type: "level" | "name";
  /** The filter's options. */
  readonly [option: string]: unknown;
}

/**
 * The settings of one logger (and, by inheritance, its descendants).
 *
 * @example Usage
 * ```ts
 * import type { LoggerConfig } from "logrotor/compose";
 *
 * const db: LoggerConfig = { level: "debug", sinks: ["dbFile"], propagate: false };
 * ```
 */
export interface LoggerConfig {
  /** Its level; unset, it inherits the nearest configured ancestor's. */
  readonly level?: LevelThreshold;
  /** Names of sinks attached here. */
  readonly sinks?: readonly string[];
  /** Names of filters (or functions) for the sinks attached here. */
  readonly filters?: readonly (string | Filter)[];
  /**
   * Whether records also go to the ancestors' sinks.
   * @default {true}
   */
  readonly propagate?: boolean;
}

/**
 * What {@linkcode configure} takes.
 *
 * @example A file sink and a console sink
 * ```ts
 * import type { LoggingConfig } from "logrotor";
 *
 * const config: LoggingConfig = {
 *   sinks: {
 *     file: { type: "file", path: "./logs/app.log", flushBytes: "64K" },
 *     console: { type: "console", level: "warn" },
 *   },
 *   formatters: { plain: { type: "text", timestamp: false } },
 *   filters: { noHealth: { type: "name", prefix: "app.health", exclude: true } },
 *   loggers: {
 *     app: { level: "info", sinks: ["file", "console"], filters: ["noHealth"] },
 *     "app.db": { level: "debug" },
 *   },
 * };
 * ```
 */
export interface LoggingConfig {
  /** Sinks by name: a typed config, an instance config or a sink object. */
  readonly sinks?: Readonly<
    Record<string, SinkConfig | SinkInstanceConfig | LogSink>
  >;
  /** Formatters by name, in addition to the built-in `text` and `json`. */
  readonly formatters?: Readonly<Record<string, FormatterConfig | Formatter>>;
  /** Filters by name. */
  readonly filters?: Readonly<Record<string, FilterConfig | Filter>>;
  /** Loggers by dotted name; `""` is the root logger. */
  readonly loggers?: Readonly<Record<string, LoggerConfig>>;
  /**
   * Receives the report of the first failure of each sink, formatter and
   * filter, and the diagnostics of the sinks built from `type` entries
   * (switches to `app.001.log`, drops, rotations…); by default each sink
   * prints its troubles as one line on standard error.
   */
  readonly onDiagnostic?: DiagnosticListener;
}

const topKeys = ["sinks", "formatters", "filters", "loggers", "onDiagnostic"];
const routeKeys = ["type", "formatter", "level", "filters"];
const loggerKeys = ["level", "sinks", "filters", "propagate"];
const thresholdKinds: readonly string[] = [...logLevels, "off"];
const levelKinds: readonly string[] = logLevels;

/** The sinks of the active configuration, closed when it is replaced. */
let active: readonly ActiveSink[] = [];
/** The settings of the active configuration (restored after a failure). */
let activeSettings: LoggingSettings = { loggers: new Map() };
/** The `configure()` or `reset()` under way, settled. */
let running: Promise<void> | undefined;

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkObject(path: string, value: unknown): Record<string, unknown> {
  if (!isObject(value)) {
    configError(TypeError, path, "must be an object", value);
  }
  return value as Record<string, unknown>;
}

function checkKeys(
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

function without(
  object: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (!keys.includes(key)) out[key] = value;
  }
  return out;
}

function entries(
  path: string,
  value: unknown,
): Array<[string, unknown]> {
  if (value === undefined) return [];
  return Object.entries(checkObject(path, value));
}

function buildFormatters(config: LoggingConfig): Map<string, Formatter> {
  const formatters = new Map<string, Formatter>([
    ["text", textFormatter],
    ["json", jsonFormatter],
  ]);
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
    ]);
    const options = without(object, ["type"]);
    formatters.set(
      name,
      type === "text"
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
          (o) => createJsonFormatter(o.pick({ fieldsKey: "string" })),
          path,
          options,
        ),
    );
  }
  return formatters;
}

function buildFilters(config: LoggingConfig): Map<string, Filter> {
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
          (o) => levelFilter(o.require("level", levelKinds) as LogLevel),
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

function resolveFilters(
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

/** A configured sink before its object exists. */
interface SinkPlan {
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

function isLogSink(value: unknown): value is LogSink {
  return isObject(value) && typeof value.write === "function";
}

function planSinks(
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
    const level = object.level === undefined
      ? undefined
      : readOption(configPath(path, "level"), object.level, levelKinds);
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

interface LoggerPlan {
  readonly name: string;
  readonly level?: LevelThreshold;
  readonly sinks: readonly string[];
  readonly filters: readonly Filter[];
  readonly propagate: boolean;
}

function planLoggers(
  config: LoggingConfig,
  sinkNames: ReadonlySet<string>,
  filters: ReadonlyMap<string, Filter>,
): LoggerPlan[] {
  const plans: LoggerPlan[] = [];
  for (const [name, spec] of entries("loggers", config.loggers)) {
    const path = configPath("loggers", name);
    try {
      checkName("configure logger", name, true);
    } catch {
      configError(
        TypeError,
        path,
        'must be named by dot-separated non-empty parts such as "app.db"',
        name,
      );
    }
    const object = checkObject(path, spec);
    checkKeys(path, object, loggerKeys);
    const level = object.level === undefined ? undefined : readOption(
      configPath(path, "level"),
      object.level,
      thresholdKinds,
    ) as LevelThreshold;
    const sinks = object.sinks === undefined ? [] : readOption(
      configPath(path, "sinks"),
      object.sinks,
      "strings",
    ) as string[];
    sinks.forEach((sink, i) => {
      if (!sinkNames.has(sink)) {
        configError(
          TypeError,
          configPath(configPath(path, "sinks"), i),
          "must name a sink in sinks",
          sink,
        );
      }
    });
    const propagate = object.propagate === undefined ? true : readOption(
      configPath(path, "propagate"),
      object.propagate,
      "boolean",
    ) as boolean;
    plans.push({
      name,
      ...(level === undefined ? {} : { level }),
      sinks,
      filters: resolveFilters(
        configPath(path, "filters"),
        object.filters,
        filters,
      ),
      propagate,
    });
  }
  return plans;
}

async function closeQuietly(sink: LogSink): Promise<void> {
  try {
    await sink.close?.();
  } catch {
    // a sink that fails to close must not fail the reconfiguration
  }
}

async function closeAll(sinks: readonly LogSink[]): Promise<void> {
  await Promise.all(sinks.map(closeQuietly));
}

/**
 * Configures the loggers, replacing the previous configuration. The whole
 * configuration is checked before anything changes: on an error the
 * previous configuration stays active. Sinks of the previous
 * configuration that are not part of the new one are then closed.
 * Calls run one at a time, in call order.
 *
 * A configured sink whose type and options are unchanged (only levels,
 * filters, formatters or loggers differ) is kept as it is: its file stays
 * open, like a daemon's reload that keeps its descriptors. A sink whose
 * file `path` is reused with other options hands the file over: the old
 * sink is flushed and closed first, then the new one opens the same file,
 * and records logged meanwhile are held in memory and written to the new
 * sink in order — one live file, no line lost. Should the new sink then
 * fail to build, the old one is reopened and gets the held records.
 *
 * - `sinks`: by name; `{ type: "file", path, flushBytes: "64K", … }`,
 *   `{ type: "console", stream: "stderr" }` or a registered type (options
 *   as in the sink's factory; sizes accept `"64K"`, durations `"200ms"`),
 *   each with optional `formatter`, `level` and `filters`; or a sink
 *   object (`{ write(line) }`), alone or as `{ sink, formatter, … }`.
 * - `formatters`: `{ type: "text", timestamp, stacks }`,
 *   `{ type: "json", fieldsKey }` or functions; `"text"` and `"json"` are
 *   always there.
 * - `filters`: `{ type: "level", level }`,
 *   `{ type: "name", prefix, exclude }` or functions.
 * - `loggers`: by dotted name (`""` is the root): `level` (or `"off"`),
 *   `sinks`, `filters` (for the sinks attached there) and `propagate`.
 *
 * A logger's level is its own or its nearest configured ancestor's
 * (`"info"` when none is configured). A record enabled at a logger goes to
 * the sinks of that logger and of every ancestor up to the first with
 * `propagate: false`; a sink reached twice gets the record once.
 *
 * @param config The configuration.
 * @returns A promise that resolves once the replaced sinks are closed.
 * @throws {TypeError} For an unknown key or a value of the wrong type,
 * naming its path: `Cannot configure logging as loggers.app.level must be
 * one of "trace", …: current value is "loud"`.
 * A size or duration that cannot be parsed (`maxBytes: "lots"`) is a
 * `TypeError` too.
 * @throws {RangeError} For a number out of range.
 *
 * @example Usage
 * ```ts
 * import { configure, reset } from "logrotor";
 * import { getLogger } from "logrotor";
 *
 * await configure({
 *   sinks: {
 *     file: { type: "file", path: "/tmp/logrotor-doc/app.log", flushBytes: "64K" },
 *     console: { type: "console", level: "warn", formatter: "json" },
 *   },
 *   loggers: {
 *     app: { level: "info", sinks: ["file", "console"] },
 *     "app.db": { level: "debug" },
 *   },
 * });
 * getLogger("app.db").debug("connected", { host: "db1" });
 * await reset();
 * ```
 */
export function configure(config: LoggingConfig): Promise<void> {
  return oneAtATime(() => replaceConfiguration(config));
}

async function replaceConfiguration(config: LoggingConfig): Promise<void> {
  const root = checkObject("the configuration", config);
  checkKeys("", root, topKeys);
  if (
    config.onDiagnostic !== undefined &&
    typeof config.onDiagnostic !== "function"
  ) {
    configError(
      TypeError,
      "onDiagnostic",
      "must be a function",
      config.onDiagnostic,
    );
  }
  const listener = config.onDiagnostic;
  const formatters = buildFormatters(config);
  const filters = buildFilters(config);
  const sinkPlans = planSinks(config, formatters, filters);
  const loggerPlans = planLoggers(
    config,
    new Set(sinkPlans.map((plan) => plan.name)),
    filters,
  );

  // Which active sinks carry over: unchanged ones are kept as they are;
  // a file reused with other options is handed over (closed, then opened
  // by the new sink) while a holding sink keeps the records meanwhile.
  const previous = active;
  const previousSinks = previous.map((entry) => entry.sink);
  const claimed = new Set<ActiveSink>();
  const kept = new Map<SinkPlan, ActiveSink>();
  const handed = new Map<SinkPlan, ActiveSink>();
  for (const plan of sinkPlans) {
    if (plan.identity === undefined) continue;
    const same = previous.find((entry) =>
      !claimed.has(entry) && entry.identity === plan.identity &&
      entry.listener === listener
    );
    if (same === undefined) continue;
    claimed.add(same);
    kept.set(plan, same);
  }
  for (const plan of sinkPlans) {
    if (plan.pathKey === undefined || kept.has(plan)) continue;
    const old = previous.find((entry) =>
      !claimed.has(entry) && entry.pathKey === plan.pathKey
    );
    if (old === undefined) continue;
    claimed.add(old);
    handed.set(plan, old);
  }

  const sinks = new Map<SinkPlan, LogSink>();
  const created: LogSink[] = [];
  try {
    for (const plan of sinkPlans) {
      const sink = kept.get(plan)?.sink ??
        (handed.has(plan) ? new HoldingSink() : plan.create());
      if (!kept.has(plan) && !handed.has(plan)) created.push(sink);
      sinks.set(plan, sink);
    }
  } catch (e) {
    await closeAll(created.filter((sink) => !previousSinks.includes(sink)));
    throw e;
  }

  if (handed.size > 0) {
    // Held lines and the sink they go to once the new settings apply.
    const pendingDrains: Array<[HoldingSink, LogSink, string]> = [];
    applyLoggingSettings(
      settingsFor(sinkPlans, loggerPlans, sinks, listener),
      false,
    );
    await closeAll([...handed.values()].map((entry) => entry.sink));
    try {
      for (const plan of handed.keys()) {
        const sink = plan.create();
        created.push(sink);
        const holding = sinks.get(plan) as HoldingSink;
        sinks.set(plan, sink);
        // Drained when the new settings are applied, below, with no await
        // in between: no record can come after them.
        pendingDrains.push([holding, sink, plan.name]);
      }
    } catch (e) {
      restorePrevious(handed, sinks);
      await closeAll(created.filter((sink) => !previousSinks.includes(sink)));
      throw e;
    }
    for (const [holding, sink, name] of pendingDrains) {
      holding.drainInto(sink, (e) => reportSinkFailure(sink, name, e));
    }
  }

  const settings = settingsFor(sinkPlans, loggerPlans, sinks, listener);
  active = sinkPlans.map((plan) => ({
    sink: sinks.get(plan) as LogSink,
    identity: plan.identity,
    pathKey: plan.pathKey,
    listener,
    create: plan.create,
  }));
  activeSettings = settings;
  applyLoggingSettings(settings, false);
  const now = [...sinks.values()];
  await closeAll(
    previous.filter((entry) =>
      !now.includes(entry.sink) && ![...handed.values()].includes(entry)
    ).map((entry) => entry.sink),
  );
}

/**
 * After a failed hand-over: reopens the previous configuration's sinks
 * that were closed, gives them the records held meanwhile, and applies
 * the previous settings again.
 */
function restorePrevious(
  handed: ReadonlyMap<SinkPlan, ActiveSink>,
  sinks: ReadonlyMap<SinkPlan, LogSink>,
): void {
  const replaced = new Map<LogSink, LogSink>();
  for (const [plan, old] of handed) {
    const holding = sinks.get(plan) as HoldingSink;
    try {
      const again = old.create();
      replaced.set(old.sink, again);
      holding.drainInto(again, (e) => reportSinkFailure(again, plan.name, e));
    } catch (e) {
      for (const _ of holding.lines) reportSinkFailure(holding, plan.name, e);
      holding.lines.length = 0;
    }
  }
  active = active.map((entry) => {
    const again = replaced.get(entry.sink);
    return again === undefined ? entry : { ...entry, sink: again };
  });
  const loggers = new Map<string, LoggerSettings>();
  for (const [name, logger] of activeSettings.loggers) {
    loggers.set(name, {
      ...logger,
      routes: logger.routes.map((route) => {
        const again = replaced.get(route.sink);
        return again === undefined ? route : { ...route, sink: again };
      }),
    });
  }
  activeSettings = { ...activeSettings, loggers };
  applyLoggingSettings(activeSettings, false);
}

/** The resolved settings of a configuration with its sink objects. */
function settingsFor(
  sinkPlans: readonly SinkPlan[],
  loggerPlans: readonly LoggerPlan[],
  sinks: ReadonlyMap<SinkPlan, LogSink>,
  listener: DiagnosticListener | undefined,
): LoggingSettings {
  const routes = new Map<string, Route>();
  for (const plan of sinkPlans) {
    routes.set(plan.name, {
      name: plan.name,
      sink: sinks.get(plan) as LogSink,
      formatter: plan.formatter,
      minLevel: plan.minLevel,
      filters: plan.filters,
    });
  }
  const loggers = new Map<string, LoggerSettings>();
  for (const plan of loggerPlans) {
    loggers.set(plan.name, {
      ...(plan.level === undefined ? {} : { level: plan.level }),
      propagate: plan.propagate,
      routes: plan.sinks.map((name) => {
        const route = routes.get(name) as Route;
        return plan.filters.length === 0
          ? route
          : { ...route, filters: [...route.filters, ...plan.filters] };
      }),
    });
  }
  return {
    loggers,
    ...(listener === undefined ? {} : { onDiagnostic: listener }),
  };
}

/**
 * Runs `configure()` and `reset()` calls one at a time, in call order: a
 * call made while another is under way starts when it has settled.
 */
function oneAtATime(task: () => Promise<void>): Promise<void> {
  const before = running;
  const run = before === undefined ? task() : before.then(task);
  const settled = run.then(() => {}, () => {});
  running = settled;
  void settled.then(() => {
    if (running === settled) running = undefined;
  });
  return run;
}

/**
 * Configures the loggers from a JSON file read through the platform's file
 * driver; see {@linkcode configure} for the format. Relative sink paths
 * are relative to the working directory.
 *
 * @param path The JSON file.
 * @returns A promise that resolves once the replaced sinks are closed.
 * @throws {LogrotorError} `CONFIG_INVALID` when the file cannot be read.
 * @throws {SyntaxError} When it is not JSON.
 * @throws {TypeError} When an object has the same key twice (JSON allows
 * it, but only the last value would count), naming the key, its path and
 * lines; for a bad configuration, as {@linkcode configure}.
 *
 * @example Usage
 * ```ts
 * import { configureFromFile } from "logrotor";
 * import { getLogger } from "logrotor";
 *
 * await configureFromFile("./logging.json");
 * getLogger("app").info("configured");
 * ```
 */
export async function configureFromFile(path: string): Promise<void> {
  let text: string;
  try {
    text = new TextDecoder().decode(getPlatform().fs.readFile(path));
  } catch (e) {
    throw new LogrotorError(
      "CONFIG_INVALID",
      `Cannot configure logging as ${path} cannot be read: ${describeError(e)}`,
      { cause: e },
    );
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(
      `Cannot configure logging as ${path} is not valid JSON: ${
        e instanceof Error ? e.message : String(e)
      }`,
      { cause: e },
    );
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new TypeError(
      `Cannot configure logging as ${path} has the key ${
        JSON.stringify(duplicate.key)
      } twice at ${duplicate.path} (lines ${duplicate.firstLine} and ${duplicate.line}): JSON keeps only the last value, so remove one`,
    );
  }
  await configure(config as LoggingConfig);
}

/**
 * Removes the configuration (every logger is disabled again), zeroes the
 * counters of `loggingStats()`, and closes the configured sinks, flushing
 * what they buffer.
 *
 * @returns A promise that resolves once the sinks are closed.
 *
 * @example Usage
 * ```ts
 * import { configure, reset } from "logrotor";
 * import { getLogger } from "logrotor";
 *
 * const lines: string[] = [];
 * await configure({
 *   sinks: { memory: { write: (line: string) => lines.push(line) } },
 *   loggers: { app: { sinks: ["memory"] } },
 * });
 * getLogger("app").info("hello");
 * await reset();
 * getLogger("app").info("dropped: no sinks");
 * ```
 */
export function reset(): Promise<void> {
  return oneAtATime(async () => {
    const previous = active;
    active = [];
    activeSettings = { loggers: new Map() };
    applyLoggingSettings(activeSettings, true);
    await closeAll(previous.map((entry) => entry.sink));
  });
}
