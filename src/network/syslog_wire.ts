/**
 * The syslog stream wire: RFC 5424 messages framed as RFC 6587 prescribes
 * (octet counting, mandatory for TLS by RFC 5425, or LF-delimited) over TCP,
 * TLS or a Unix stream socket.
 *
 * The server sends nothing back, so nothing is ever acknowledged: after a
 * broken connection the wire resends the last `resendWindow` messages
 * written within `resendWindowMs` before the break (possible duplicates);
 * older messages on that connection are counted as unconfirmed.
 *
 * @module
 */
import type { NetTlsOptions } from "../runtime/net_driver.ts";
import {
  frameLength,
  type SyslogFraming,
  writeFrame,
} from "./syslog_framing.ts";
import type { Wire, WireBreak, WireMessage, WireSession } from "./wire.ts";

/**
 * Settings of a {@linkcode SyslogWire}, validated by the factory.
 *
 * @example Usage
 * ```ts
 * import { SyslogWire } from "./syslog_wire.ts";
 *
 * new SyslogWire({ transport: "tcp", framing: "lf", resendWindow: 0, resendWindowMs: 0 });
 * ```
 */
export interface SyslogWireOptions {
  /** `"tcp"`, `"tls"` or `"unix"` (a Unix stream socket). */
  readonly transport: "tcp" | "tls" | "unix";
  /** TLS settings (only with `transport: "tls"`). */
  readonly tls?: NetTlsOptions;
  /** Stream framing. */
  readonly framing: SyslogFraming;
  /** Resend at most this many of the last messages after a break. */
  readonly resendWindow: number;
  /** Resend only messages written at most this long before the break. */
  readonly resendWindowMs: number;
}

/**
 * Octet-counted (or LF-framed) RFC 5424 over TCP/TLS: no acks, a resend
 * window after a reconnect.
 *
 * @example Usage
 * ```ts
 * import { SyslogWire } from "./syslog_wire.ts";
 *
 * const wire = new SyslogWire({
 *   transport: "tcp",
 *   framing: "octet-counting",
 *   resendWindow: 128,
 *   resendWindowMs: 2000,
 * });
 * const batch = wire.encode([
 *   { bytes: new TextEncoder().encode("<14>1 - - - - - - hi"), attempts: 0, sentAt: 0 },
 * ]);
 * new TextDecoder().decode(batch); // "20 <14>1 - - - - - - hi"
 * ```
 */
export class SyslogWire implements Wire {
  /** `syslog+tcp`, `syslog+tls` or `syslog+unix`. */
  readonly scheme: string;
  /** "syslog sink". */
  readonly subject = "syslog sink";
  /** 514 for TCP, 6514 for TLS. */
  readonly defaultPort: number;
  /** TLS settings, or `undefined` for TCP. */
  readonly tls: NetTlsOptions | undefined;
  /** "syslog". */
  readonly protocol = "syslog";
  /** Always 0: nothing is acknowledged. */
  readonly inFlight = 0;
  readonly #framing: SyslogFraming;
  readonly #resendWindow: number;
  readonly #resendWindowMs: number;
  // Recently written messages (the resend window) and the count on this connection.
  #recent: WireMessage[] = [];
  #sentOnConn = 0;

  /** @param options The settings. */
  constructor(options: SyslogWireOptions) {
    this.scheme = `syslog+${options.transport}`;
    this.defaultPort = options.transport === "tls" ? 6514 : 514;
    this.tls = options.transport === "tls" ? (options.tls ?? {}) : undefined;
    this.#framing = options.framing;
    this.#resendWindow = options.resendWindow;
    this.#resendWindowMs = options.resendWindowMs;
  }

  /** Ready at once: a syslog stream has no handshake. */
  open(_session: WireSession): boolean {
    this.#sentOnConn = 0;
    this.#recent = [];
    return true;
  }

  /** A syslog server sends nothing; whatever comes is ignored. */
  receive(_bytes: Uint8Array, _session: WireSession): void {}

  /** No window: unlimited. */
  room(): number {
    return Number.POSITIVE_INFINITY;
  }

  /** Frames the batch and remembers it for the resend window. */
  encode(messages: readonly WireMessage[]): Uint8Array {
    const framing = this.#framing;
    let total = 0;
    for (const m of messages) total += frameLength(m.bytes.length, framing);
    const out = new Uint8Array(total);
    let at = 0;
    for (const m of messages) at = writeFrame(out, at, m.bytes, framing);
    this.#remember(messages);
    return out;
  }

  #remember(messages: readonly WireMessage[]): void {
    this.#sentOnConn += messages.length;
    const max = this.#resendWindow;
    if (max === 0) return;
    for (const m of messages) this.#recent.push(m);
    if (this.#recent.length > max * 2) {
      this.#recent = this.#recent.slice(this.#recent.length - max);
    }
  }

  /** The resend window's messages go back; older ones are unconfirmed. */
  broken(wasConnected: boolean, now: number): WireBreak {
    if (!wasConnected) {
      this.#sentOnConn = 0;
      return { resend: [], unconfirmed: 0, detail: "" };
    }
    const cutoff = now - this.#resendWindowMs;
    const resend = this.#recent.slice(-this.#resendWindow)
      .filter((m) => m.sentAt >= cutoff && !m.marker);
    const unconfirmed = Math.max(0, this.#sentOnConn - resend.length);
    this.#recent = [];
    this.#sentOnConn = 0;
    return {
      resend,
      unconfirmed,
      detail:
        `the last ${resend.length} message(s) will be resent (possible duplicates); ${unconfirmed} earlier one(s) on this connection cannot be confirmed over plain TCP`,
    };
  }

  /** A close that failed leaves everything on the connection unconfirmed. */
  ended(error: unknown): number {
    return error === undefined ? 0 : this.#sentOnConn;
  }

  /** Half-closes the stream. */
  shutdown(session: WireSession): void {
    session.end();
  }

  /** Nothing is held in flight. */
  discard(): number {
    return 0;
  }
}
