/**
 * The `Wire` strategy of a {@linkcode NetworkSink}: how messages go over one
 * connection. The sink owns the connection, the queue, backoff, overflow and
 * close; a wire only frames batches, speaks its session protocol (a
 * handshake, acknowledgements, a close command) and says, after a break,
 * which messages must be sent again.
 *
 * Two wires exist: `SyslogWire` (RFC 6587/5425 stream, no acknowledgements,
 * a resend window after a break) and `RelpWire` (RELP: `open`, txnr, `rsp`
 * acknowledgements, a window, resend of everything unacknowledged).
 *
 * @module
 */
import type { NetTlsOptions } from "../runtime/net_driver.ts";
import type { QueuedMessage } from "./replay_queue.ts";

/** A queued message as a wire sees it; `marker` messages are the sink's own drop notices. */
export interface WireMessage extends QueuedMessage {
  /** A drop marker (not counted as sent, acked or lost, never resent). */
  readonly marker?: boolean;
}

/**
 * What the sink offers a wire while a connection is open. Calls are only
 * made for the current connection.
 */
export interface WireSession {
  /** Writes bytes to the connection; `false` when its buffer is full. */
  write(bytes: Uint8Array): boolean;
  /** Half-closes the connection after what was written. */
  end(): void;
  /** Drops the connection at once. */
  destroy(): void;
  /** The session is established: delivery may start. */
  ready(): void;
  /** A protocol failure: the sink records it and drops the connection. */
  fail(error: unknown): void;
  /** The server acknowledged `message` (a RELP `rsp 200`). */
  acked(message: WireMessage): void;
  /** The server refused `message` (`code`, `text`); it is not retried. */
  rejected(message: WireMessage, code: number, text: string): void;
  /** Acknowledgements made room: send more. */
  progressed(): void;
  /** Whether the sink has begun its own shutdown of this connection. */
  readonly shuttingDown: boolean;
}

/** What a wire reports when a connection breaks. */
export interface WireBreak {
  /** Messages to put back at the front of the queue, oldest first (markers are skipped). */
  readonly resend: WireMessage[];
  /** Messages written on the broken connection that cannot be confirmed. */
  readonly unconfirmed: number;
  /** What happens to the messages in flight, for the diagnostic ("" for nothing). */
  readonly detail: string;
}

/**
 * A wire protocol for {@linkcode NetworkSink}.
 *
 * @example Usage
 * ```ts
 * import { SyslogWire } from "./syslog_wire.ts";
 * import type { Wire } from "./wire.ts";
 *
 * const wire: Wire = new SyslogWire({
 *   transport: "tcp",
 *   framing: "octet-counting",
 *   resendWindow: 128,
 *   resendWindowMs: 2000,
 * });
 * wire.scheme; // "syslog+tcp"
 * ```
 */
export interface Wire {
  /** The URL scheme of the endpoint (`syslog+tcp`, `syslog+tls`, `relp`). */
  readonly scheme: string;
  /** What is created, for error messages ("syslog sink", "RELP sink"). */
  readonly subject: string;
  /** The port when none is given. */
  readonly defaultPort: number;
  /** TLS settings, or `undefined` for plain TCP. */
  readonly tls: NetTlsOptions | undefined;
  /** The protocol name used in a handshake timeout message ("RELP"). */
  readonly protocol: string;
  /**
   * Whether the server acknowledges each message (RELP). A message of a
   * wire without acknowledgements is settled once written to the socket.
   */
  readonly acknowledges?: boolean;
  /** Messages written and not yet acknowledged (0 for a wire without acks). */
  readonly inFlight: number;
  /**
   * A new connection is open. Returns `true` when the session is ready at
   * once; else the wire calls `session.ready()` when its handshake ends
   * (the sink times the handshake out after `connectTimeoutMs`).
   */
  open(session: WireSession): boolean;
  /** Bytes from the server. */
  receive(bytes: Uint8Array, session: WireSession): void;
  /** How many more messages may be sent now. */
  room(): number;
  /**
   * Frames `messages` as one batch to write (and remembers them for acks or
   * resending).
   */
  encode(messages: readonly WireMessage[]): Uint8Array;
  /** The connection broke (or could not be made); `now` is monotonic ms. */
  broken(wasConnected: boolean, now: number): WireBreak;
  /**
   * The connection closed after the sink's own shutdown with nothing left
   * to deliver; returns the messages that cannot be confirmed.
   */
  ended(error: unknown): number;
  /** Begins an orderly close of the session (everything was delivered). */
  shutdown(session: WireSession): void;
  /** Forgets every message in flight; returns how many were real messages (not markers). */
  discard(): number;
}
