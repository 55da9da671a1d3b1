/**
 * The books of a network sink: every counter behind `stats()`, the last
 * error, and the diagnostics it reports (queue full, loss, reconnects).
 *
 * @module
 */
import {
  type DiagnosticKind,
  type DiagnosticListener,
  emitDiagnostic,
} from "../diagnostics.ts";
import type { NetworkSinkStats } from "./network_stats.ts";

/**
 * Counters (plain fields, bumped by the sink and its delivery) and the
 * reporting of one network sink.
 *
 * @example Usage
 * ```ts
 * import { NetworkLedger } from "./network_ledger.ts";
 *
 * const seen: string[] = [];
 * const ledger = new NetworkLedger("relp://127.0.0.1:2514", (d) => seen.push(d.message), Date.now);
 * ledger.written++;
 * ledger.countDrops(2, 10, 5, 50);
 * ledger.stats(5, 0).dropped; // 2
 * seen.length; // 1
 * ```
 */
export class NetworkLedger {
  /** Messages accepted by `write()`. */
  written = 0;
  /** Messages handed to a connection for the first time. */
  sent = 0;
  /** Messages handed to a connection again. */
  resent = 0;
  /** Messages the server acknowledged. */
  acked = 0;
  /** Messages the server refused. */
  rejected = 0;
  /** Messages dropped by the overflow policy. */
  dropped = 0;
  /** Their bytes. */
  droppedBytes = 0;
  /** Drops not yet announced by a marker message. */
  unreportedDrops = 0;
  /** Drops in the current outage (reported once, then summed up on recovery). */
  episodeDrops = 0;
  /** Messages lost otherwise (after close, at the close timeout, at exit). */
  lost = 0;
  /** Messages on a broken connection that cannot be confirmed. */
  unconfirmed = 0;
  /** Messages cut to `maxMessageBytes`. */
  truncated = 0;
  oversized = 0;
  /** Successful connections after the first. */
  reconnects = 0;
  /** Failed attempts and broken connections. */
  errors = 0;
  /** Bytes written to connections. */
  bytesSent = 0;
  /** The last failure. */
  lastError: string | undefined;
  /** When it happened. */
  lastErrorTime: number | undefined;
  readonly #target: string;
  readonly #listener: DiagnosticListener;
  readonly #now: () => number;

  /**
   * @param target The endpoint, named in diagnostics.
   * @param listener Receives the diagnostics.
   * @param now The wall clock (ms since the epoch).
   */
  constructor(
    target: string,
    listener: DiagnosticListener,
    now: () => number,
  ) {
    this.#target = target;
    this.#listener = listener;
    this.#now = now;
  }

  /** Records the last failure and its time. */
  setError(message: string): void {
    this.lastError = message;
    this.lastErrorTime = this.#now();
  }

  /** Emits a diagnostic about this sink. */
  report(kind: DiagnosticKind, message: string, error?: unknown): void {
    emitDiagnostic(this.#listener, {
      kind,
      target: this.#target,
      message,
      ...(error === undefined ? {} : { error }),
      time: this.#now(),
    });
  }

  /**
   * Counts messages the queue dropped; the first drop of an outage is
   * reported.
   *
   * @param messages Dropped messages.
   * @param bytes Their bytes.
   * @param queued Messages in the queue now.
   * @param queuedBytes Bytes in the queue now.
   */
  countDrops(
    messages: number,
    bytes: number,
    queued: number,
    queuedBytes: number,
  ): void {
    this.dropped += messages;
    this.droppedBytes += bytes;
    this.unreportedDrops += messages;
    if (this.episodeDrops === 0) {
      this.report(
        "dropped",
        `queue full (${queued} messages, ${queuedBytes} bytes): dropping messages; counted in stats().dropped`,
      );
    }
    this.episodeDrops += messages;
  }

  /**
   * Counts and reports a message the server refused (not retried).
   *
   * @param protocol The protocol name ("RELP").
   * @param code The server's status code.
   * @param text The server's status text.
   */
  countRejected(protocol: string, code: number, text: string): void {
    this.rejected++;
    this.setError(`${protocol} server refused a message: ${code} ${text}`);
    this.report(
      "dropped",
      `${protocol} server refused a message (${code} ${text}); not retried, counted in stats().rejected`,
    );
  }

  /**
   * The text of a drop notice for the drops not yet reported in the
   * stream, which are then reported.
   *
   * @returns The notice.
   */
  takeDropNotice(): string {
    const n = this.unreportedDrops;
    this.unreportedDrops = 0;
    return `logrotor: ${n} message(s) dropped (queue full) before this one; see stats().dropped`;
  }

  /**
   * The counters as `stats()` returns them.
   *
   * @param queued Messages in the queue.
   * @param unacked Messages in flight.
   * @returns A snapshot.
   */
  stats(queued: number, unacked: number): NetworkSinkStats {
    return {
      written: this.written,
      sent: this.sent,
      resent: this.resent,
      acked: this.acked,
      rejected: this.rejected,
      queued,
      unacked,
      dropped: this.dropped,
      droppedBytes: this.droppedBytes,
      lost: this.lost,
      unconfirmed: this.unconfirmed,
      truncated: this.truncated,
      oversized: this.oversized,
      reconnects: this.reconnects,
      errors: this.errors,
      bytesSent: this.bytesSent,
      lastError: this.lastError,
      lastErrorTime: this.lastErrorTime,
    };
  }
}
