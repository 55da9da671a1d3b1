/**
 * The length-prefixed frame wire of the socket sink (femtologging's socket
 * handler): each message is one frame, a 4-byte big-endian length and then
 * the message (a MessagePack map), over TCP, TLS or a Unix stream socket.
 *
 * The receiver sends nothing back, so nothing is acknowledged. Like the
 * syslog wire, after a broken connection it resends the last `resendWindow`
 * frames written within `resendWindowMs` before the break (at-least-once:
 * the receiver may see those twice, counted in `stats().resent`); older
 * frames on the broken connection were in the kernel's buffers or the
 * receiver's and are counted in `stats().unconfirmed`.
 *
 * @module
 */
import type { NetTlsOptions } from "../runtime/net_driver.ts";
import {
  type UnackedStreamOptions,
  UnackedStreamWire,
} from "./_unacked_stream.ts";
import type { WireMessage } from "./wire.ts";

/**
 * Settings of a {@linkcode FrameWire}, validated by the factory.
 *
 * @example Usage
 * ```ts
 * import { FrameWire } from "./frame_wire.ts";
 *
 * new FrameWire({ transport: "unix", resendWindow: 128, resendWindowMs: 2000 });
 * ```
 */
export interface FrameWireOptions extends UnackedStreamOptions {
  /** `"tcp"`, `"tls"` or `"unix"`. */
  readonly transport: "tcp" | "tls" | "unix";
  /** TLS settings (only with `transport: "tls"`). */
  readonly tls?: NetTlsOptions;
}

/**
 * Writes `length` as a 4-byte big-endian prefix at `at`.
 *
 * @param out The buffer.
 * @param at Where.
 * @param length The frame's payload length.
 *
 * @example Usage
 * ```ts
 * import { writeFrameLength } from "./frame_wire.ts";
 *
 * const out = new Uint8Array(4);
 * writeFrameLength(out, 0, 258);
 * out; // Uint8Array [0, 0, 1, 2]
 * ```
 */
export function writeFrameLength(
  out: Uint8Array,
  at: number,
  length: number,
): void {
  out[at] = length >>> 24;
  out[at + 1] = (length >>> 16) & 0xff;
  out[at + 2] = (length >>> 8) & 0xff;
  out[at + 3] = length & 0xff;
}

/**
 * Length-prefixed frames: no acks, a resend window after a reconnect.
 *
 * @example Usage
 * ```ts
 * import { FrameWire } from "./frame_wire.ts";
 *
 * const wire = new FrameWire({ transport: "tcp", resendWindow: 128, resendWindowMs: 2000 });
 * const batch = wire.encode([
 *   { bytes: Uint8Array.of(0xa2, 0x68, 0x69), attempts: 0, sentAt: 0 },
 * ]);
 * batch; // Uint8Array [0, 0, 0, 3, 0xa2, 0x68, 0x69]
 * ```
 */
export class FrameWire extends UnackedStreamWire {
  /** `msgpack+tcp`, `msgpack+tls` or `msgpack+unix`. */
  readonly scheme: string;
  /** "socket sink". */
  readonly subject = "socket sink";
  /** 9020, femtologging's default. */
  readonly defaultPort = 9020;
  /** TLS settings, or `undefined`. */
  readonly tls: NetTlsOptions | undefined;
  /** "MessagePack socket". */
  readonly protocol = "MessagePack socket";

  /** @param options The settings. */
  constructor(options: FrameWireOptions) {
    super(options, "frame", "");
    this.scheme = `msgpack+${options.transport}`;
    this.tls = options.transport === "tls" ? (options.tls ?? {}) : undefined;
  }

  /** Each message as a 4-byte big-endian length and its bytes. */
  protected frame(messages: readonly WireMessage[]): Uint8Array {
    let total = 0;
    for (const m of messages) total += 4 + m.bytes.length;
    const out = new Uint8Array(total);
    let at = 0;
    for (const m of messages) {
      writeFrameLength(out, at, m.bytes.length);
      out.set(m.bytes, at + 4);
      at += 4 + m.bytes.length;
    }
    return out;
  }
}
