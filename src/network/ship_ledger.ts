/**
 * The books of a file shipper: the counters behind its `stats()`, the last
 * error, and the diagnostics it reports.
 *
 * @module
 */
import {
  type DiagnosticKind,
  type DiagnosticListener,
  emitDiagnostic,
  printDiagnostic,
} from "../diagnostics.ts";
import { describeError } from "../errors.ts";

/**
 * Counters (plain fields, bumped by the shipper) and its reporting.
 *
 * @example Usage
 * ```ts
 * import { ShipLedger } from "./ship_ledger.ts";
 *
 * const seen: string[] = [];
 * const ledger = new ShipLedger("/var/log/app.log", (d) => seen.push(d.message), Date.now);
 * ledger.fail(new Error("disk"), "cannot save the cursor");
 * ledger.errors; // 1
 * ledger.lastError; // "cannot save the cursor: disk"
 * ```
 */
export class ShipLedger {
  /** Lines handed to the sink. */
  shippedLines = 0;
  /** Lines the collector settled. */
  ackedLines = 0;
  /** Lines shipped again after a restart. */
  replayed = 0;
  /** Lines cut at `maxLineBytes`. */
  truncated = 0;
  /** Files shipped to their end. */
  filesFinished = 0;
  /** Files that could not be read. */
  filesSkipped = 0;
  /** Starts whose cursor's file was gone. */
  resumedWithoutCursor = 0;
  /** Failures. */
  errors = 0;
  /** The last failure, or `undefined`. */
  lastError: string | undefined;
  readonly #target: string;
  readonly #listener: DiagnosticListener | undefined;
  readonly #now: () => number;

  /**
   * @param target The shipped file, named in diagnostics.
   * @param listener Receives diagnostics (default: printed).
   * @param now The wall clock.
   */
  constructor(
    target: string,
    listener: DiagnosticListener | undefined,
    now: () => number,
  ) {
    this.#target = target;
    this.#listener = listener;
    this.#now = now;
  }

  /** Counts, records and reports a failure (`what` failed). */
  fail(err: unknown, what = "shipping failed"): void {
    this.errors++;
    this.lastError = `${what}: ${describeError(err)}`;
    this.report("error", this.lastError, err);
  }

  /** Reports a diagnostic about the shipped file. */
  report(kind: DiagnosticKind, message: string, error?: unknown): void {
    emitDiagnostic(this.#listener ?? printDiagnostic, {
      kind,
      target: this.#target,
      message,
      ...(error === undefined ? {} : { error }),
      time: this.#now(),
    });
  }
}
