/**
 * The shared core of the stream wires without acknowledgements (the syslog
 * stream wire and the MessagePack frame wire): the receiver sends nothing
 * back, so after a broken connection the wire resends the last
 * `resendWindow` messages written within `resendWindowMs` before the break
 * (at-least-once: possible duplicates); older messages on that connection
 * are counted as unconfirmed. A subclass only supplies its framing.
 *
 * @module
 */
import type { NetTlsOptions } from "../runtime/net_driver.ts";
import type { Wire, WireBreak, WireMessage, WireSession } from "./wire.ts";

/**
 * The resend window of an unacknowledged stream, validated by the factory.
 *
 * @example Usage
 * ```ts
 * import type { UnackedStreamOptions } from "./_unacked_stream.ts";
 *
 * const window: UnackedStreamOptions = { resendWindow: 128, resendWindowMs: 2000 };
 * ```
 */
export interface UnackedStreamOptions {
  /** Resend at most this many of the last messages after a break. */
  readonly resendWindow: number;
  /** Resend only messages written at most this long before the break. */
  readonly resendWindowMs: number;
}

/**
 * A stream wire without acknowledgements and with a resend window after a
 * reconnect; subclasses implement {@linkcode UnackedStreamWire.frame}.
 *
 * @example Usage
 * ```ts
 * import { UnackedStreamWire } from "./_unacked_stream.ts";
 * import type { WireMessage } from "./wire.ts";
 *
 * class RawWire extends UnackedStreamWire {
 *   readonly scheme = "raw+tcp";
 *   readonly subject = "raw sink";
 *   readonly defaultPort = 9000;
 *   readonly tls = undefined;
 *   readonly protocol = "raw";
 *   protected frame(messages: readonly WireMessage[]): Uint8Array {
 *     return messages[0]?.bytes ?? new Uint8Array(0);
 *   }
 * }
 * const wire = new RawWire({ resendWindow: 8, resendWindowMs: 1000 }, "message", "");
 * wire.encode([{ bytes: Uint8Array.of(1), attempts: 0, sentAt: 0 }]);
 * wire.broken(true, 10).resend.length; // 1
 * ```
 */
export abstract class UnackedStreamWire implements Wire {
  /** The URL scheme of the endpoint. */
  abstract readonly scheme: string;
  /** What is created, for error messages. */
  abstract readonly subject: string;
  /** The port when none is given. */
  abstract readonly defaultPort: number;
  /** TLS settings, or `undefined`. */
  abstract readonly tls: NetTlsOptions | undefined;
  /** The protocol name. */
  abstract readonly protocol: string;
  /** Always 0: nothing is acknowledged. */
  readonly inFlight = 0;
  readonly #resendWindow: number;
  readonly #resendWindowMs: number;
  readonly #unit: string;
  readonly #suffix: string;
  // Recently written messages (the resend window) and the count on this connection.
  #recent: WireMessage[] = [];
  #sentOnConn = 0;

  /**
   * @param options The resend window.
   * @param unit What a message is called in the break detail ("frame").
   * @param suffix Appended to the break detail (e.g. " over plain TCP").
   */
  constructor(options: UnackedStreamOptions, unit: string, suffix: string) {
    this.#resendWindow = options.resendWindow;
    this.#resendWindowMs = options.resendWindowMs;
    this.#unit = unit;
    this.#suffix = suffix;
  }

  /** Frames `messages` as one batch (the subclass's framing). */
  protected abstract frame(messages: readonly WireMessage[]): Uint8Array;

  /** Ready at once: no handshake. */
  open(_session: WireSession): boolean {
    this.#sentOnConn = 0;
    this.#recent = [];
    return true;
  }

  /** The receiver sends nothing; whatever comes is ignored. */
  receive(_bytes: Uint8Array, _session: WireSession): void {}

  /** No window: unlimited. */
  room(): number {
    return Number.POSITIVE_INFINITY;
  }

  /** Frames the batch and remembers it for the resend window. */
  encode(messages: readonly WireMessage[]): Uint8Array {
    const out = this.frame(messages);
    this.#sentOnConn += messages.length;
    const max = this.#resendWindow;
    if (max === 0) return out;
    for (const m of messages) this.#recent.push(m);
    if (this.#recent.length > max * 2) {
      this.#recent = this.#recent.slice(this.#recent.length - max);
    }
    return out;
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
        `the last ${resend.length} ${this.#unit}(s) will be resent (possible duplicates); ${unconfirmed} earlier one(s) on this connection cannot be confirmed${this.#suffix}`,
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
