/**
 * Configuration of the loggers: `configure()` replaces the active
 * configuration (checked whole first; unchanged sinks kept, a reused file
 * handed over), `reset()` removes it. Calls run one at a time.
 *
 * @module
 */
import type { LoggingConfig } from "./config_types.ts";
import type { LogSink } from "./log_sink.ts";
import { getPlatform } from "../runtime/detect.ts";
import {
  applyLoggingSettings,
  reportFieldFailure,
  reportSinkFailure,
} from "./logger.ts";
import type { LoggerSettings, LoggingSettings } from "./routes.ts";
import { checkKeys, checkObject, topKeys } from "./_config_check.ts";
import {
  planLoggers,
  type RecordFeatures,
  settingsFor,
} from "./_logger_plan.ts";
import { planPrepare, readRateLimit, readSample } from "./_feature_plan.ts";
import { buildFilters, buildFormatters } from "./_named_parts.ts";
import { type ActiveSink, HoldingSink } from "./_sink_handover.ts";
import { closeAll, planSinks, type SinkPlan } from "./_sink_plan.ts";
import { configError } from "./option_reader.ts";

/** The sinks of the active configuration, closed when it is replaced. */
let active: readonly ActiveSink[] = [];
/** The settings of the active configuration (restored after a failure). */
let activeSettings: LoggingSettings = { loggers: new Map() };
/** The `configure()` or `reset()` under way, settled. */
let running: Promise<void> | undefined;

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
 * - `loggers`: by dotted name (`""` is the root): `level` (or `"off"`;
 *   `"warning"` and `"critical"` are accepted for `warn` and `fatal`),
 *   `sinks`, `filters` (for the sinks attached there), `propagate`,
 *   `sample` (`{ debug: 0.1 }`) and `rateLimit` (records per second).
 * - `redact`: `{ paths, censor, remove }` or paths, compiled here and
 *   applied to every record's fields before any sink sees them;
 *   `serializers`: functions by field key, run before redaction;
 *   `sample` and `rateLimit`: the defaults of every logger. Drops are
 *   counted in `loggingStats()` (`sampledOut`, `rateLimited`).
 * - `formatters` also has `"pretty"` built in (colours on a terminal).
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
 * A size or duration that cannot be parsed (`maxSize: "lots"`) is a
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
 *
 * @example Redaction, serializers, sampling and a rate limit
 * ```ts
 * import { configure, getLogger, reset } from "logrotor";
 * import { stdSerializers } from "logrotor/compose";
 *
 * await configure({
 *   redact: { paths: ["password", "req.headers.authorization"], censor: "[REDACTED]" },
 *   serializers: { req: stdSerializers.req },
 *   sample: { debug: 0.1 },
 *   sinks: { console: { type: "console", formatter: "pretty" } },
 *   loggers: { app: { level: "debug", sinks: ["console"], rateLimit: 100 } },
 * });
 * getLogger("app").info("login", { password: "hunter2" }); // password=[REDACTED]
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
  const features: RecordFeatures = {
    prepare: planPrepare(
      config.serializers,
      config.redact,
      (fn, key, e) => reportFieldFailure(fn, `serializer of ${key}`, e),
    ),
    sample: config.sample === undefined
      ? undefined
      : readSample("sample", config.sample),
    rateLimit: config.rateLimit === undefined
      ? undefined
      : readRateLimit("rateLimit", config.rateLimit),
    now: getPlatform().monotonic,
  };
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
      settingsFor(sinkPlans, loggerPlans, sinks, listener, features),
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

  const settings = settingsFor(
    sinkPlans,
    loggerPlans,
    sinks,
    listener,
    features,
  );
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

/**
 * Configures with `config` only when no configuration is active once the
 * calls queued before this one have settled (`basicConfig()` without
 * `force`): a configuration is active when it configured a sink or a
 * logger, until `reset()`.
 *
 * @param config The configuration.
 * @returns Whether it was applied.
 *
 * @example Usage
 * ```ts
 * import { configureUnlessConfigured } from "./config.ts";
 *
 * await configureUnlessConfigured({ loggers: { "": { level: "warn" } } });
 * ```
 */
export function configureUnlessConfigured(
  config: LoggingConfig,
): Promise<boolean> {
  let applied = false;
  return oneAtATime(async () => {
    if (active.length > 0 || activeSettings.loggers.size > 0) return;
    applied = true;
    await replaceConfiguration(config);
  }).then(() => applied);
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
