/**
 * Loggers: dotted hierarchical names (`app.db.pool`), a level per logger
 * inherited from the nearest configured ancestor, and sinks attached at any
 * level that also receive the records of every descendant (propagation,
 * which a logger can stop). A disabled call costs one comparison: no record
 * is built.
 *
 * @module
 */
import type { Formatter } from "./formatter.ts";
import { type LevelThreshold, levelValue, type LogLevel } from "./level.ts";
import type { LogSink } from "./log_sink.ts";
import { checkName } from "./logger_name.ts";
import { LoggingCounters, type LoggingStats } from "./logging_stats.ts";
import type { LogFields, LogFieldsArgument, LogRecord } from "./record.ts";
import {
  type LoggingSettings,
  mergeRoutes,
  type Route,
  routesThreshold,
} from "./routes.ts";
import { buildRecord, emptyFields } from "./_build_record.ts";

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

const defaultLevel: LevelThreshold = "info";

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

class Hierarchy {
  readonly root: LoggerNode = new LoggerNode("", undefined);
  #nodes = new Map<string, LoggerNode>([["", this.root]]);
  #settings: LoggingSettings = { loggers: new Map() };
  #dispatching = false;
  readonly stats: LoggingCounters = new LoggingCounters();

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
    this.stats.restart(settings.onDiagnostic);
    this.#resolve(this.root, true);
  }

  #resolve(node: LoggerNode, recurse: boolean): void {
    const own = this.#settings.loggers.get(node.name);
    const parent = node.parent;
    node.level = own?.level ?? parent?.level ?? defaultLevel;
    const inherited = parent === undefined || own?.propagate === false
      ? []
      : parent.routes;
    node.routes = mergeRoutes(own?.routes ?? [], inherited);
    node.threshold = routesThreshold(node.level, node.routes);
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
      this.stats.recursiveDrops++;
      return;
    }
    this.#dispatching = true;
    try {
      this.#dispatch(
        node,
        buildRecord(node.name, level, message, fields, context, this.stats),
      );
    } catch (e) {
      this.stats.fail("fieldErrors", this, "logger call", e);
    } finally {
      this.#dispatching = false;
    }
  }

  #dispatch(node: LoggerNode, record: LogRecord): void {
    this.stats.records++;
    const value = levelValue(record.level);
    let lastFormatter: Formatter | undefined;
    let lastLine = "";
    for (const route of node.routes) {
      if (value < route.minLevel || !this.#passes(route, record)) continue;
      if (route.sink.writeRecord !== undefined) {
        // A record sink (the socket sink) takes the record itself.
        try {
          route.sink.writeRecord(record);
          this.stats.lines++;
        } catch (e) {
          this.stats.fail("sinkErrors", route.sink, route.name, e);
        }
        continue;
      }
      let line: string;
      if (route.formatter === lastFormatter) {
        line = lastLine;
      } else {
        try {
          line = route.formatter(record);
          if (typeof line !== "string") line = String(line);
          if (line.charCodeAt(line.length - 1) !== 10) line += "\n";
        } catch (e) {
          this.stats.fail("formatterErrors", route.formatter, route.name, e);
          continue;
        }
        lastFormatter = route.formatter;
        lastLine = line;
      }
      try {
        route.sink.write(line);
        this.stats.lines++;
      } catch (e) {
        this.stats.fail("sinkErrors", route.sink, route.name, e);
      }
    }
  }

  #passes(route: Route, record: LogRecord): boolean {
    for (const filter of route.filters) {
      try {
        if (!filter(record)) return false;
      } catch (e) {
        this.stats.fail("filterErrors", filter, route.name, e);
        return false;
      }
    }
    return true;
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
      hierarchy.stats.unknownLevel(this.#node.name, level);
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
  return hierarchy.stats.snapshot();
}

/**
 * Replaces the resolved configuration of every logger. Internal: used by
 * `configure()` and `reset()`.
 *
 * @param settings The new settings.
 * @param resetStats Whether to zero the counters.
 *
 * @example Usage
 * ```ts
 * import { applyLoggingSettings } from "./logger.ts";
 *
 * applyLoggingSettings({ loggers: new Map() }, true); // what reset() does
 * ```
 */
export function applyLoggingSettings(
  settings: LoggingSettings,
  resetStats: boolean,
): void {
  if (resetStats) hierarchy.stats.reset();
  hierarchy.apply(settings);
}

/**
 * Counts and reports a line a sink refused outside a logger call (the
 * lines held while `configure()` hands a file over). Internal.
 *
 * @param sink The sink whose `write()` threw.
 * @param where The sink's name in the configuration.
 * @param error What it threw.
 *
 * @example Usage
 * ```ts
 * import { reportSinkFailure } from "./logger.ts";
 * import { loggingStats } from "logrotor";
 *
 * const sink = { write: (_line: string) => {} };
 * reportSinkFailure(sink, "audit", new Error("EIO"));
 * console.log(loggingStats().sinkErrors); // 1 more than before
 * ```
 */
export function reportSinkFailure(
  sink: LogSink,
  where: string,
  error: unknown,
): void {
  hierarchy.stats.fail("sinkErrors", sink, where, error);
}
