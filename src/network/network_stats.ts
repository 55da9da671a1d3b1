/**
 * What a {@linkcode NetworkSink} reports about itself: its state, its
 * counters (`stats()`) and a health snapshot (`status()`).
 *
 * @module
 */

/**
 * What a sink is doing now.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({ host: "127.0.0.1", port: 514, maxQueuedMessages: 50_000 });
 * sink.write("hello\n");
 * const { sent, dropped, reconnects, lastError } = sink.stats();
 * const { state, connected, pending } = sink.status();
 * await sink.close();
 * ```
 */
export type NetworkSinkState =
  | "idle"
  | "connecting"
  | "connected"
  | "backoff"
  | "closing"
  | "closed";

/**
 * Counters of a network sink, from `stats()`.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({ host: "127.0.0.1", port: 514, maxQueuedMessages: 50_000 });
 * sink.write("hello\n");
 * const { sent, dropped, reconnects, lastError } = sink.stats();
 * const { state, connected, pending } = sink.status();
 * await sink.close();
 * ```
 */
export interface NetworkSinkStats {
  /** Messages accepted by `write()` (one per line). */
  readonly written: number;
  /** Messages handed to a connection for the first time. */
  readonly sent: number;
  /** Messages handed to a connection again after a reconnect (possible duplicates). */
  readonly resent: number;
  /** RELP: messages the server acknowledged (`rsp 200`). Always 0 for TCP/TLS. */
  readonly acked: number;
  /** RELP: messages the server refused (non-200 `rsp`); lost, not retried. */
  readonly rejected: number;
  /** Messages waiting in the queue. */
  readonly queued: number;
  /** RELP: messages sent and not yet acknowledged. */
  readonly unacked: number;
  /** Messages dropped by the overflow policy. */
  readonly dropped: number;
  /** Bytes of those messages. */
  readonly droppedBytes: number;
  /** Messages lost otherwise: after `close()`, at the close timeout, at exit. */
  readonly lost: number;
  /**
   * TCP/TLS: messages written to a connection that then broke, older than
   * the resend window: probably delivered, but plain TCP cannot confirm it.
   */
  readonly unconfirmed: number;
  /** Messages cut to `maxMessageBytes`. */
  readonly truncated: number;
  /** Socket sink: records whose frame exceeded `maxFrameBytes`, dropped. */
  readonly oversized: number;
  /** Successful connections after the first. */
  readonly reconnects: number;
  /** Failed connection attempts and broken connections. */
  readonly errors: number;
  /** Bytes written to connections (framing included). */
  readonly bytesSent: number;
  /** The last failure, or `undefined`. */
  readonly lastError: string | undefined;
  /** When it happened (ms since the epoch). */
  readonly lastErrorTime: number | undefined;
}

/**
 * A snapshot of a network sink's health.
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({ host: "127.0.0.1", port: 514, maxQueuedMessages: 50_000 });
 * sink.write("hello\n");
 * const { sent, dropped, reconnects, lastError } = sink.stats();
 * const { state, connected, pending } = sink.status();
 * await sink.close();
 * ```
 */
export interface NetworkSinkStatus {
  /** What the sink is doing. */
  readonly state: NetworkSinkState;
  /** Where it sends (`relp://host:port`, `syslog+tls://host:port`). */
  readonly endpoint: string;
  /** Whether a connection is established now. */
  readonly connected: boolean;
  /** Since when the server is unreachable (ms since the epoch), or `undefined`. */
  readonly downSince: number | undefined;
  /** Consecutive failed attempts in the current outage. */
  readonly failedAttempts: number;
  /** Messages waiting (queued plus unacknowledged). */
  readonly pending: number;
  /** Messages dropped so far (overflow, close timeout, exit, refusals). */
  readonly dropped: number;
  /** The last failure, or `undefined`. */
  readonly lastError: string | undefined;
}
