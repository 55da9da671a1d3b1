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
import {
  type UnackedStreamOptions,
  UnackedStreamWire,
} from "./_unacked_stream.ts";
import type { WireMessage } from "./wire.ts";

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
export interface SyslogWireOptions extends UnackedStreamOptions {
  /** `"tcp"`, `"tls"` or `"unix"` (a Unix stream socket). */
  readonly transport: "tcp" | "tls" | "unix";
  /** TLS settings (only with `transport: "tls"`). */
  readonly tls?: NetTlsOptions;
  /** Stream framing. */
  readonly framing: SyslogFraming;
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
export class SyslogWire extends UnackedStreamWire {
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
  readonly #framing: SyslogFraming;

  /** @param options The settings. */
  constructor(options: SyslogWireOptions) {
    super(options, "message", " over plain TCP");
    this.scheme = `syslog+${options.transport}`;
    this.defaultPort = options.transport === "tls" ? 6514 : 514;
    this.tls = options.transport === "tls" ? (options.tls ?? {}) : undefined;
    this.#framing = options.framing;
  }

  /** Frames each message per RFC 6587 (octet counting or LF). */
  protected frame(messages: readonly WireMessage[]): Uint8Array {
    const framing = this.#framing;
    let total = 0;
    for (const m of messages) total += frameLength(m.bytes.length, framing);
    const out = new Uint8Array(total);
    let at = 0;
    for (const m of messages) at = writeFrame(out, at, m.bytes, framing);
    return out;
  }
}
