/**
 * The counters of the logging front end ({@linkcode LoggingStats}) and the
 * report of failures: each failure of a sink, formatter, filter or fields
 * argument is counted, and only the first of each culprit is reported on
 * the diagnostics channel.
 *
 * @module
 */
import {
  type Diagnostic,
  type DiagnosticListener,
  emitDiagnostic,
  printDiagnostic,
} from "../diagnostics.ts";
import { describeThrown } from "./_safe_json.ts";

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
  /** Records dropped by sampling (`sample: { debug: 0.1 }`). */
  readonly sampledOut: number;
  /**
   * Records dropped by a rate limit (`rateLimit`); a marker record
   * "N records suppressed" is logged when records pass again.
   */
  readonly rateLimited: number;
}

/** The counters a failure increments. *
 * @example Usage
 * ```ts
 * import type { FailureCounter } from "./logging_stats.ts";
 *
 * const counter: FailureCounter = "sinkErrors";
 * ```
 */
export type FailureCounter = Exclude<
  keyof LoggingStats,
  "records" | "lines" | "unknownLevels" | "sampledOut" | "rateLimited"
>;

/** The `#reported` key of the unknown-level report. */
const unknownLevelKey = Symbol("unknown level");

/**
 * The live counters behind {@linkcode LoggingStats}, incremented in place
 * by the logger, and the once-per-culprit failure reports. Internal.
 *
 * @example Usage
 * ```ts
 * import { LoggingCounters } from "./logging_stats.ts";
 * import assert from "node:assert/strict";
 *
 * const counters = new LoggingCounters();
 * counters.onDiagnostic = () => {};
 * counters.records++;
 * counters.fail("sinkErrors", "culprit", "file", new Error("EIO"));
 * assert.equal(counters.snapshot().sinkErrors, 1);
 * ```
 */
export class LoggingCounters implements LoggingStats {
  records = 0;
  lines = 0;
  sinkErrors = 0;
  formatterErrors = 0;
  filterErrors = 0;
  fieldErrors = 0;
  recursiveDrops = 0;
  unknownLevels = 0;
  sampledOut = 0;
  rateLimited = 0;
  /** Where reports go; `undefined`: printed on standard error. */
  onDiagnostic: DiagnosticListener | undefined;
  #reported = new Set<unknown>();

  /** Zeroes the counters. */
  reset(): void {
    this.records = 0;
    this.lines = 0;
    this.sinkErrors = 0;
    this.formatterErrors = 0;
    this.filterErrors = 0;
    this.fieldErrors = 0;
    this.recursiveDrops = 0;
    this.unknownLevels = 0;
    this.sampledOut = 0;
    this.rateLimited = 0;
  }

  /** Sends reports to `listener` and reports each culprit again, once. */
  restart(listener: DiagnosticListener | undefined): void {
    this.onDiagnostic = listener;
    this.#reported.clear();
  }

  /** A copy of the counters. */
  snapshot(): LoggingStats {
    return {
      records: this.records,
      lines: this.lines,
      sinkErrors: this.sinkErrors,
      formatterErrors: this.formatterErrors,
      filterErrors: this.filterErrors,
      fieldErrors: this.fieldErrors,
      recursiveDrops: this.recursiveDrops,
      unknownLevels: this.unknownLevels,
      sampledOut: this.sampledOut,
      rateLimited: this.rateLimited,
    };
  }

  /**
   * A `log()` call at a level that does not exist: counted, reported.
   *
   * @param name The logger's name.
   * @param level The level it was given.
   */
  unknownLevel(name: string, level: unknown): void {
    this.unknownLevels++;
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
    emitDiagnostic(this.onDiagnostic ?? printDiagnostic, {
      kind: "dropped",
      target: "logger",
      message: `log() was called on logger ${
        JSON.stringify(name)
      } with the unknown level ${shown}; the record was dropped (levels are trace, debug, info, warn, error, fatal); later such calls are only counted`,
      time: Date.now(),
    });
  }

  /**
   * Says once per logger that the application froze a base logger, so
   * its level methods cannot follow `configure()`.
   *
   * @param logger The frozen logger (reported once).
   * @param name Its name.
   * @param e What setting its methods threw.
   */
  frozenLogger(logger: object, name: string, e: unknown): void {
    if (this.#reported.has(logger)) return;
    this.#reported.add(logger);
    emitDiagnostic(this.onDiagnostic ?? printDiagnostic, {
      kind: "error",
      target: "logger",
      message: `logger ${
        JSON.stringify(name)
      } was frozen (Object.freeze), so its level methods cannot follow configure(): ${
        describeThrown(e)
      }; its calls at the levels it had disabled are still not written`,
      time: Date.now(),
    });
  }

  /**
   * Counts a failure and reports the first of its culprit.
   *
   * @param counter What failed.
   * @param culprit The sink, formatter, filter or argument (reported once).
   * @param where The sink's name, or what was being done.
   * @param e What was thrown.
   */
  fail(
    counter: FailureCounter,
    culprit: unknown,
    where: string,
    e: unknown,
  ): void {
    this[counter]++;
    if (this.#reported.has(culprit)) return;
    this.#reported.add(culprit);
    const what = counter === "sinkErrors"
      ? "sink write"
      : counter === "formatterErrors"
      ? "formatter"
      : counter === "filterErrors"
      ? "filter"
      : where;
    const outcome = where === "fields function" ||
        where === "fields argument" || where === "redaction"
      ? "the record was written without its fields"
      : where.startsWith("serializer of ")
      ? "the field was written as [Unserializable: …]"
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
    emitDiagnostic(this.onDiagnostic ?? printDiagnostic, diagnostic);
  }
}
