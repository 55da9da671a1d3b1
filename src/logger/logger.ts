/**
 * Loggers: dotted hierarchical names (`app.db.pool`), a level per logger
 * inherited from the nearest configured ancestor, and sinks attached at any
 * level that also receive the records of every descendant (propagation,
 * which a logger can stop). A disabled call builds no record: on a
 * logger from `getLogger()` the level's method is an empty function until
 * `configure()` enables it; on a `with()` logger it is one comparison.
 *
 * @module
 */
import { canonicalLevel, levelValue, type LogLevelName } from "./level.ts";
import type { LogSink } from "./log_sink.ts";
import type { Logger, LogMessage } from "./logger_api.ts";
import { checkName } from "./logger_name.ts";
import type { LoggingStats } from "./logging_stats.ts";
import type { LogFields, LogFieldsArgument } from "./record.ts";
import type { LoggingSettings } from "./routes.ts";
import { emptyFields } from "./_build_record.ts";
import {
  hierarchy,
  type LevelMethodsOwner,
  type LoggerNode,
} from "./_hierarchy.ts";

export type { Logger, LogMessage, LogMethod } from "./logger_api.ts";

/** The level methods and the numeric value of their level. */
const levelMethods = [
  ["trace", 10],
  ["debug", 20],
  ["info", 30],
  ["warn", 40],
  ["error", 50],
  ["fatal", 60],
] as const;

/** What a base logger's method below the threshold is. */
function ignore(): void {}

class LoggerImpl implements Logger, LevelMethodsOwner {
  readonly #node: LoggerNode;
  readonly #context: LogFields | undefined;

  constructor(node: LoggerNode, context: LogFields | undefined) {
    this.#node = node;
    this.#context = context;
  }

  get name(): string {
    return this.#node.name;
  }

  // A frozen copy: formatters keep the names of the logger's own object
  // (see _bound_context.ts), which nothing outside may change. Not frozen
  // itself: on Bun reading a frozen object's fields costs ~10 % per record.
  #view: LogFields | undefined;

  get context(): LogFields {
    if (this.#context === undefined) return emptyFields;
    return this.#view ??= Object.freeze({ ...this.#context });
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

  /**
   * Base loggers only (see `LevelMethodsOwner`): each level method below
   * `threshold` becomes an own empty function, so a disabled call costs a
   * call and nothing more; the others are the prototype's, which check
   * the threshold themselves.
   */
  applyThreshold(threshold: number): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [name, value] of levelMethods) {
      self[name] = value < threshold ? ignore : LoggerImpl.prototype[name];
    }
  }

  isEnabled(level: LogLevelName): boolean {
    const canonical = canonicalLevel(level);
    return canonical !== undefined && canonical !== "off" &&
      levelValue(canonical) >= this.#node.threshold;
  }

  log(
    level: LogLevelName,
    message: LogMessage,
    fields?: LogFieldsArgument,
  ): void {
    // Only a string is looked up: an object's toString could throw.
    const canonical = canonicalLevel(level);
    if (canonical === undefined || canonical === "off") {
      // Not one of the six ("bogus", "off", "toString"): never silent.
      hierarchy.stats.unknownLevel(this.#node.name, level);
    } else if (levelValue(canonical) >= this.#node.threshold) {
      hierarchy.emit(
        this.#node,
        canonical,
        message,
        fields,
        undefined,
        this.#context,
      );
    }
  }

  // A tagged template's values after the first arrive as v1…v3: a few fixed
  // parameters, because (measured on a disabled call) `arguments` or a rest
  // parameter costs 4–10 ns on Bun and eight parameters 1–2 ns on Deno,
  // while three cost nothing measurable on any runtime.
  trace(
    message: unknown,
    fields?: unknown,
    v1?: unknown,
    v2?: unknown,
    v3?: unknown,
  ): void {
    if (this.#node.threshold > 10) return;
    const args = Array.isArray(message) ? [v1, v2, v3] : undefined;
    hierarchy.emit(this.#node, "trace", message, fields, args, this.#context);
  }

  debug(
    message: unknown,
    fields?: unknown,
    v1?: unknown,
    v2?: unknown,
    v3?: unknown,
  ): void {
    if (this.#node.threshold > 20) return;
    const args = Array.isArray(message) ? [v1, v2, v3] : undefined;
    hierarchy.emit(this.#node, "debug", message, fields, args, this.#context);
  }

  info(
    message: unknown,
    fields?: unknown,
    v1?: unknown,
    v2?: unknown,
    v3?: unknown,
  ): void {
    if (this.#node.threshold > 30) return;
    const args = Array.isArray(message) ? [v1, v2, v3] : undefined;
    hierarchy.emit(this.#node, "info", message, fields, args, this.#context);
  }

  warn(
    message: unknown,
    fields?: unknown,
    v1?: unknown,
    v2?: unknown,
    v3?: unknown,
  ): void {
    if (this.#node.threshold > 40) return;
    const args = Array.isArray(message) ? [v1, v2, v3] : undefined;
    hierarchy.emit(this.#node, "warn", message, fields, args, this.#context);
  }

  error(
    message: unknown,
    fields?: unknown,
    v1?: unknown,
    v2?: unknown,
    v3?: unknown,
  ): void {
    if (this.#node.threshold > 50) return;
    const args = Array.isArray(message) ? [v1, v2, v3] : undefined;
    hierarchy.emit(this.#node, "error", message, fields, args, this.#context);
  }

  fatal(
    message: unknown,
    fields?: unknown,
    v1?: unknown,
    v2?: unknown,
    v3?: unknown,
  ): void {
    if (this.#node.threshold > 60) return;
    const args = Array.isArray(message) ? [v1, v2, v3] : undefined;
    hierarchy.emit(this.#node, "fatal", message, fields, args, this.#context);
  }
}

function baseLogger(node: LoggerNode): LoggerImpl {
  if (node.logger === undefined) {
    const logger = new LoggerImpl(node, undefined);
    logger.applyThreshold(node.threshold);
    node.logger = logger;
  }
  return node.logger as LoggerImpl;
}

/**
 * The logger with a dotted name such as `"app.db.pool"`; `""` (the default)
 * is the root logger. The same name gives the same logger. Until
 * `configure()` attaches sinks, loggers are disabled and their level
 * methods are empty functions.
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

/**
 * Counts and reports a fields failure outside a logger call's own code (a
 * configured serializer that threw). Internal.
 *
 * @param culprit The function that threw (reported once).
 * @param where What was being done.
 * @param error What it threw.
 *
 * @example Usage
 * ```ts
 * import { reportFieldFailure } from "./logger.ts";
 *
 * reportFieldFailure("culprit", "serializer of req", new Error("bad"));
 * ```
 */
export function reportFieldFailure(
  culprit: unknown,
  where: string,
  error: unknown,
): void {
  hierarchy.stats.fail("fieldErrors", culprit, where, error);
}
