/**
 * Loggers: dotted hierarchical names (`app.db.pool`), a level per logger
 * inherited from the nearest configured ancestor, and sinks attached at any
 * level that also receive the records of every descendant (propagation,
 * which a logger can stop). A disabled call costs one comparison: no record
 * is built.
 *
 * @module
 */
import {
  type Diagnostic,
  type DiagnosticListener,
  emitDiagnostic,
  printDiagnostic,
} from "../diagnostics.ts";
import { getPlatform } from "../runtime/detect.ts";
import type { Platform } from "../runtime/driver.ts";
import type { Filter } from "./filter.ts";
import type { Formatter } from "./formatter.ts";
import { type LevelThreshold, levelValue, type LogLevel } from "./level.ts";
import type { LogSink } from "./log_sink.ts";
import type { LogFields, LogRecord } from "./record.ts";

/**
 * The fields of a logger call: an object, an `Error` (logged under
 * `error`), or a function returning the fields, called only when the
 * record is enabled.
 *
 * @example Usage
 * ```ts
 * import { getLogger } from "logrotor";
 *
 * const log = getLogger("app");
 * log.info("plain", { userId: 42 });
 * log.error("failed", new Error("boom"));
 * log.debug("lazy", () => ({ snapshot: JSON.stringify({ big: true }) }));
 * ```
 */
export type LogFieldsArgument = LogFields | Error | (() => LogFields);

/**
 * A named logger. Get one with {@linkcode getLogger}; it is configured by
 * `configure()`. No method ever throws into the caller.
 *
 * @example Usage
 * ```ts
 * import { getLogger } from "logrotor";
 *
 * const log = getLogger("app.db");
 * log.info("user logged in", { userId: 42 });
 * if (log.isEnabled("debug")) log.debug("pool", { size: 4 });
 * log.with({ requestId: "r1" }).warn("slow query", { ms: 1200 });
 * log.error(new Error("connection lost"));
 * ```
 */
export interface Logger {
  /** The dotted name (`""` for the root logger). */
  readonly name: string;
  /** The bound context, merged into every record's fields. */
  readonly context: LogFields;
  /**
   * The logger named `<this name>.<name>`, keeping this logger's context.
   * @throws {TypeError} When `name` is not dotted non-empty segments.
   */
  getChild(name: string): Logger;
  /** The same logger with `context` added to every record's fields. */
  with(context: LogFields): Logger;
  /** Whether a record at `level` would reach at least one sink. */
  isEnabled(level: LogLevel): boolean;
  /** Logs at `level`. */
  log(
    level: LogLevel,
    message: string | Error,
    fields?: LogFieldsArgument,
  ): void;
  /** Logs at `trace`. */
  trace(message: string | Error, fields?: LogFieldsArgument): void;
  /** Logs at `debug`. */
  debug(message: string | Error, fields?: LogFieldsArgument): void;
  /** Logs at `info`. */
  info(message: string | Error, fields?: LogFieldsArgument): void;
  /** Logs at `warn`. */
  warn(message: string | Error, fields?: LogFieldsArgument): void;
  /** Logs at `error`. */
  error(message: string | Error, fields?: LogFieldsArgument): void;
  /** Logs at `fatal`. */
  fatal(message: string | Error, fields?: LogFieldsArgument): void;
}

/**
 * Counters of the logging front end, from {@linkcode loggingStats}.
 *
 * @example Usage
 * ```ts
 * import { loggingStats, type LoggingStats } from "logrotor";
 *
 * function failures(stats: LoggingStats): number {
 *   return stats.sinkErrors + stats.formatterErrors + stats.filterErrors +
 *     stats.fieldErrors + stats.unknownLevels;
 * }
 * if (failures(loggingStats()) > 0) console.error("logging had failures");
 * ```
 */
export interface LoggingStats {
  /** Records built and dispatched to sinks. */
  readonly records: number;
  /** Lines handed to sinks. */
  readonly lines: number;
  /** Sink `write()` calls that threw. */
  readonly sinkErrors: number;
  /** Formatter calls that threw. */
  readonly formatterErrors: number;
  /** Filter calls that threw. */
  readonly filterErrors: number;
  /**
   * Lazy fields functions, field objects and message conversions that
   * threw; the record is still written (without its fields, or with a
   * placeholder message).
   */
  readonly fieldErrors: number;
  /** Records logged from inside a sink, formatter or filter, dropped. */
  readonly recursiveDrops: number;
  /**
   * `log(level, …)` calls whose level is not one of the six (`"bogus"`,
   * `"off"`), dropped; the first is reported on the diagnostics channel.
   */
  readonly unknownLevels: number;
}

/**
 * One path from a logger to a sink, resolved at configuration time.
 * Internal to the logger and its configuration.
 */
export interface Route {
  /** The sink's name in the configuration (for reports). */
  readonly name: string;
  /** The sink. */
  readonly sink: LogSink;
  /** Its formatter. */
  readonly formatter: Formatter;
  /** The least severe level the sink takes (numeric). */
  readonly minLevel: number;
  /** The sink's filters, then the filters of the logger it is attached to. */
  readonly filters: readonly Filter[];
}

/** The resolved settings of one configured logger. Internal. */
export interface LoggerSettings {
  /** Its own level, or `undefined` to inherit. */
  readonly level?: LevelThreshold;
  /** Sinks attached to this logger. */
  readonly routes: readonly Route[];
  /** Whether records also go to the ancestors' sinks. */
  readonly propagate: boolean;
}

/** Everything `configure()` resolves to. Internal. */
export interface LoggingSettings {
  /** Settings by logger name. */
  readonly loggers: ReadonlyMap<string, LoggerSettings>;
  /** Where failures of sinks, formatters and filters are reported. */
  readonly onDiagnostic?: DiagnosticListener;
}

const defaultLevel: LevelThreshold = "info";
/** The `#reported` key of the unknown-level report. */
const unknownLevelKey = Symbol("unknown level");
const emptyFields: LogFields = Object.freeze({});
const namePattern = /^[^.]+(\.[^.]+)*$/;

class LoggerNode {
  readonly name: string;
  readonly parent: LoggerNode | undefined;
  readonly children: LoggerNode[] = [];
  level: LevelThreshold = defaultLevel;
  routes: readonly Route[] = [];
  /** Records below this numeric level are dropped before any work. */
  threshold = Infinity;
  logger: LoggerImpl | undefined;

  constructor(name: string, parent: LoggerNode | undefined) {
    this.name = name;
    this.parent = parent;
  }
}

function describeThrown(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "unknown error";
  }
}

type Counter = Exclude<
  keyof LoggingStats,
  "records" | "lines" | "unknownLevels"
>;

class Hierarchy {
  readonly root: LoggerNode = new LoggerNode("", undefined);
  #nodes = new Map<string, LoggerNode>([["", this.root]]);
  #settings: LoggingSettings = { loggers: new Map() };
  #platform: Platform | undefined;
  #dispatching = false;
  #reported = new Set<unknown>();
  #stats = {
    records: 0,
    lines: 0,
    sinkErrors: 0,
    formatterErrors: 0,
    filterErrors: 0,
    fieldErrors: 0,
    recursiveDrops: 0,
    unknownLevels: 0,
  };

  node(name: string): LoggerNode {
    let node = this.#nodes.get(name);
    if (node === undefined) {
      const cut = name.lastIndexOf(".");
      const parent = this.node(cut < 0 ? "" : name.slice(0, cut));
      node = new LoggerNode(name, parent);
      parent.children.push(node);
      this.#nodes.set(name, node);
      this.#resolve(node, false);
    }
    return node;
  }

  apply(settings: LoggingSettings): void {
    this.#settings = settings;
    this.#reported.clear();
    this.#resolve(this.root, true);
  }

  /** A `log()` call at a level that does not exist: counted, reported. */
  unknownLevel(node: LoggerNode, level: unknown): void {
    this.#stats.unknownLevels++;
    if (this.#reported.has(unknownLevelKey)) return;
    this.#reported.add(unknownLevelKey);
    let shown: string;
    try {
      shown = typeof level === "string"
        ? JSON.stringify(level)
        : typeof level === "symbol"
        ? level.toString()
        : String(level);
    } catch {
      shown = "an unprintable value";
    }
    emitDiagnostic(this.#settings.onDiagnostic ?? printDiagnostic, {
      kind: "dropped",
      target: "logger",
      message: `log() was called on logger ${
        JSON.stringify(node.name)
      } with the unknown level ${shown}; the record was dropped (levels are trace, debug, info, warn, error, fatal); later such calls are only counted`,
      time: Date.now(),
    });
  }

  sinkFailed(sink: LogSink, where: string, e: unknown): void {
    this.#fail("sinkErrors", sink, where, e);
  }

  resetStats(): void {
    for (const key of Object.keys(this.#stats)) {
      this.#stats[key as keyof LoggingStats] = 0;
    }
  }

  stats(): LoggingStats {
    return { ...this.#stats };
  }

  #resolve(node: LoggerNode, recurse: boolean): void {
    const own = this.#settings.loggers.get(node.name);
    const parent = node.parent;
    node.level = own?.level ?? parent?.level ?? defaultLevel;
    const inherited = parent === undefined || own?.propagate === false
      ? []
      : parent.routes;
    const mine = own?.routes ?? [];
    let routes: readonly Route[] = inherited;
    if (mine.length > 0) {
      const seen = new Set<LogSink>();
      routes = [...mine, ...inherited].filter((route) => {
        if (seen.has(route.sink)) return false;
        seen.add(route.sink);
        return true;
      });
    }
    node.routes = routes;
    let sinkMin = Infinity;
    for (const route of routes) sinkMin = Math.min(sinkMin, route.minLevel);
    node.threshold = Math.max(levelValue(node.level), sinkMin);
    if (recurse) {
      for (const child of node.children) this.#resolve(child, true);
    }
  }

  emit(
    node: LoggerNode,
    level: LogLevel,
    message: string | Error,
    fields: LogFieldsArgument | undefined,
    context: LogFields | undefined,
  ): void {
    if (this.#dispatching) {
      this.#stats.recursiveDrops++;
      return;
    }
    this.#dispatching = true;
    try {
      this.#dispatch(node, this.#build(node, level, message, fields, context));
    } catch (e) {
      this.#fail("fieldErrors", this, "logger call", e);
    } finally {
      this.#dispatching = false;
    }
  }

  #build(
    node: LoggerNode,
    level: LogLevel,
    message: string | Error,
    fields: LogFieldsArgument | undefined,
    context: LogFields | undefined,
  ): LogRecord {
    let text: string;
    let error: Error | undefined;
    if (typeof message === "string") {
      text = message;
    } else {
      try {
        if (message instanceof Error) {
          error = message;
          text = String(message.message);
        } else {
          text = String(message);
        }
      } catch (e) {
        // The record is still written, with a placeholder message.
        text = `[unprintable message: ${describeThrown(e)}]`;
        this.#fail("fieldErrors", "message", "message conversion", e);
      }
    }
    let own: LogFields | undefined;
    if (typeof fields === "function") {
      try {
        own = fields();
      } catch (e) {
        this.#fail("fieldErrors", fields, "fields function", e);
      }
    } else {
      try {
        own = fields instanceof Error ? { error: fields } : fields;
      } catch (e) {
        this.#fail("fieldErrors", "fields", "fields argument", e);
      }
    }
    let merged: LogFields = own ?? emptyFields;
    if (context !== undefined || error !== undefined) {
      try {
        merged = error === undefined
          ? { ...context, ...own }
          : { ...context, error, ...own };
      } catch (e) {
        // Fields that cannot be listed: the record keeps the context.
        merged = error === undefined ? { ...context } : { ...context, error };
        this.#fail("fieldErrors", "fields", "fields argument", e);
      }
    }
    this.#platform ??= getPlatform();
    return {
      time: this.#platform.now(),
      level,
      logger: node.name,
      message: text,
      fields: merged,
    };
  }

  #dispatch(node: LoggerNode, record: LogRecord): void {
    this.#stats.records++;
    const value = levelValue(record.level);
    let lastFormatter: Formatter | undefined;
    let lastLine = "";
    for (const route of node.routes) {
      if (value < route.minLevel || !this.#passes(route, record)) continue;
      let line: string;
      if (route.formatter === lastFormatter) {
        line = lastLine;
      } else {
        try {
          line = route.formatter(record);
          if (typeof line !== "string") line = String(line);
          if (line.charCodeAt(line.length - 1) !== 10) line += "\n";
        } catch (e) {
          this.#fail("formatterErrors", route.formatter, route.name, e);
          continue;
        }
        lastFormatter = route.formatter;
        lastLine = line;
      }
      try {
        route.sink.write(line);
        this.#stats.lines++;
      } catch (e) {
        this.#fail("sinkErrors", route.sink, route.name, e);
      }
    }
  }

  #passes(route: Route, record: LogRecord): boolean {
    for (const filter of route.filters) {
      try {
        if (!filter(record)) return false;
      } catch (e) {
        this.#fail("filterErrors", filter, route.name, e);
        return false;
      }
    }
    return true;
  }

  #fail(counter: Counter, culprit: unknown, where: string, e: unknown): void {
    this.#stats[counter]++;
    if (this.#reported.has(culprit)) return;
    this.#reported.add(culprit);
    const what = counter === "sinkErrors"
      ? "sink write"
      : counter === "formatterErrors"
      ? "formatter"
      : counter === "filterErrors"
      ? "filter"
      : where;
    const outcome = where === "fields function" || where === "fields argument"
      ? "the record was written without its fields"
      : where === "message conversion"
      ? "the record was written with a placeholder message"
      : counter === "formatterErrors" || counter === "sinkErrors"
      ? "the record was skipped for this sink"
      : counter === "filterErrors"
      ? "the record was skipped for this sink (a failing filter rejects)"
      : "the record was skipped";
    const diagnostic: Diagnostic = {
      kind: "error",
      target: counter === "fieldErrors" ? "logger" : `logger sink "${where}"`,
      message: `${what} threw ${
        describeThrown(e)
      }; ${outcome}; later failures of the same kind are only counted`,
      error: e,
      time: Date.now(),
    };
    emitDiagnostic(this.#settings.onDiagnostic ?? printDiagnostic, diagnostic);
  }
}

const hierarchy = new Hierarchy();

class LoggerImpl implements Logger {
  readonly #node: LoggerNode;
  readonly #context: LogFields | undefined;

  constructor(node: LoggerNode, context: LogFields | undefined) {
    this.#node = node;
    this.#context = context;
  }

  get name(): string {
    return this.#node.name;
  }

  get context(): LogFields {
    return this.#context ?? emptyFields;
  }

  getChild(name: string): Logger {
    checkName("get child logger", name, false);
    const full = this.#node.name === "" ? name : `${this.#node.name}.${name}`;
    const node = hierarchy.node(full);
    return this.#context === undefined
      ? baseLogger(node)
      : new LoggerImpl(node, this.#context);
  }

  with(context: LogFields): Logger {
    if (typeof context !== "object" || context === null) return this;
    return new LoggerImpl(this.#node, { ...this.#context, ...context });
  }

  isEnabled(level: LogLevel): boolean {
    return levelValue(level) >= this.#node.threshold;
  }

  log(
    level: LogLevel,
    message: string | Error,
    fields?: LogFieldsArgument,
  ): void {
    // Only a string is looked up: an object's toString could throw.
    const value: unknown = typeof level === "string"
      ? levelValue(level)
      : undefined;
    if (
      typeof value === "number" && value >= this.#node.threshold &&
      value !== Infinity
    ) {
      hierarchy.emit(this.#node, level, message, fields, this.#context);
    } else if (typeof value !== "number" || value === Infinity) {
      // Not one of the six ("bogus", "off", "toString"): never silent.
      hierarchy.unknownLevel(this.#node, level);
    }
  }

  trace(message: string | Error, fields?: LogFieldsArgument): void {
    if (this.#node.threshold > 10) return;
    hierarchy.emit(this.#node, "trace", message, fields, this.#context);
  }

  debug(message: string | Error, fields?: LogFieldsArgument): void {
    if (this.#node.threshold > 20) return;
    hierarchy.emit(this.#node, "debug", message, fields, this.#context);
  }

  info(message: string | Error, fields?: LogFieldsArgument): void {
    if (this.#node.threshold > 30) return;
    hierarchy.emit(this.#node, "info", message, fields, this.#context);
  }

  warn(message: string | Error, fields?: LogFieldsArgument): void {
    if (this.#node.threshold > 40) return;
    hierarchy.emit(this.#node, "warn", message, fields, this.#context);
  }

  error(message: string | Error, fields?: LogFieldsArgument): void {
    if (this.#node.threshold > 50) return;
    hierarchy.emit(this.#node, "error", message, fields, this.#context);
  }

  fatal(message: string | Error, fields?: LogFieldsArgument): void {
    if (this.#node.threshold > 60) return;
    hierarchy.emit(this.#node, "fatal", message, fields, this.#context);
  }
}

function baseLogger(node: LoggerNode): LoggerImpl {
  node.logger ??= new LoggerImpl(node, undefined);
  return node.logger;
}

/**
 * Checks a logger name: dotted non-empty segments (`"app.db"`), or `""`
 * for the root when `rootAllowed`.
 *
 * @param action What is being done ("get logger").
 * @param name The name.
 * @param rootAllowed Whether `""` is allowed.
 * @throws {TypeError} When the name is not valid.
 */
export function checkName(
  action: string,
  name: unknown,
  rootAllowed: boolean,
): asserts name is string {
  if (
    typeof name !== "string" ||
    !(namePattern.test(name) || (rootAllowed && name === ""))
  ) {
    throw new TypeError(
      `Cannot ${action} as the name must be dot-separated non-empty parts such as "app.db": current value is ${
        JSON.stringify(name) ?? String(name)
      }`,
    );
  }
}

/**
 * The logger with a dotted name such as `"app.db.pool"`; `""` (the default)
 * is the root logger. The same name gives the same logger. Until
 * `configure()` attaches sinks, loggers are disabled and calls cost one
 * comparison.
 *
 * @param name Dot-separated non-empty parts.
 * @returns The logger.
 * @throws {TypeError} When the name is not dot-separated non-empty parts.
 *
 * @example Usage
 * ```ts
 * import { getLogger } from "logrotor";
 * import assert from "node:assert/strict";
 *
 * const db = getLogger("app.db");
 * assert.equal(db.getChild("pool").name, "app.db.pool");
 * assert.equal(getLogger("app.db"), db);
 * ```
 */
export function getLogger(name = ""): Logger {
  checkName("get logger", name, true);
  return baseLogger(hierarchy.node(name));
}

/**
 * Counters of the logging front end since the last `reset()`: records
 * built, lines written, and failures of sinks, formatters and filters
 * (each failure is counted; only the first of each culprit is reported).
 *
 * @returns A snapshot of the counters.
 *
 * @example Usage
 * ```ts
 * import { loggingStats } from "logrotor";
 *
 * const { sinkErrors } = loggingStats();
 * ```
 */
export function loggingStats(): LoggingStats {
  return hierarchy.stats();
}

/**
 * Replaces the resolved configuration of every logger. Internal: used by
 * `configure()` and `reset()`.
 *
 * @param settings The new settings.
 * @param resetStats Whether to zero the counters.
 */
export function applyLoggingSettings(
  settings: LoggingSettings,
  resetStats: boolean,
): void {
  if (resetStats) hierarchy.resetStats();
  hierarchy.apply(settings);
}

/**
 * Counts and reports a line a sink refused outside a logger call (the
 * lines held while `configure()` hands a file over). Internal.
 *
 * @param sink The sink whose `write()` threw.
 * @param where The sink's name in the configuration.
 * @param error What it threw.
 */
export function reportSinkFailure(
  sink: LogSink,
  where: string,
  error: unknown,
): void {
  hierarchy.sinkFailed(sink, where, error);
}
