/**
 * The two TCP framings of RFC 6587 for syslog messages on a stream: octet
 * counting (which RFC 5425 mandates for TLS) and LF-delimited
 * "non-transparent" framing.
 *
 * @module
 */

/**
 * How messages are delimited on a TCP or TLS stream (RFC 6587).
 *
 * @example Usage
 * ```ts
 * import { createSyslogSink } from "logrotor";
 *
 * const sink = createSyslogSink({
 *   host: "127.0.0.1",
 *   facility: "local0",
 *   severity: "warning",
 *   framing: "octet-counting",
 *   structuredData: { "origin@32473": { region: "eu-1" } },
 * });
 * await sink.close();
 * ```
 */
export type SyslogFraming = "octet-counting" | "lf";

/**
 * The length of a frame of `message` in `framing`.
 *
 * @param messageLength The message length in bytes.
 * @param framing The framing.
 * @returns The frame length in bytes.
 *
 * @example Usage
 * ```ts
 * import { frameLength } from "./syslog_framing.ts";
 *
 * frameLength(5, "octet-counting"); // 7 ("5 hello")
 * ```
 */
export function frameLength(
  messageLength: number,
  framing: SyslogFraming,
): number {
  return framing === "lf"
    ? messageLength + 1
    : String(messageLength).length + 1 + messageLength;
}

/**
 * Writes one frame into `out` at `offset`: `LEN SP MSG` for octet counting
 * (RFC 6587 §3.4.1, RFC 5425 §4.3), `MSG LF` for LF framing (an LF inside
 * the message is sent as a space there, as that framing cannot carry it).
 *
 * @param out The destination, large enough ({@linkcode frameLength}).
 * @param offset Where the frame starts.
 * @param message The message bytes.
 * @param framing The framing.
 * @returns The offset after the frame.
 *
 * @example Usage
 * ```ts
 * import { frameLength, writeFrame } from "./syslog_framing.ts";
 *
 * const msg = new TextEncoder().encode("<14>1 - - - - - - hi");
 * const out = new Uint8Array(frameLength(msg.length, "octet-counting"));
 * writeFrame(out, 0, msg, "octet-counting");
 * new TextDecoder().decode(out); // "20 <14>1 - - - - - - hi"
 * ```
 */
export function writeFrame(
  out: Uint8Array,
  offset: number,
  message: Uint8Array,
  framing: SyslogFraming,
): number {
  let at = offset;
  if (framing === "lf") {
    out.set(message, at);
    const end = at + message.length;
    for (let i = at; i < end; i++) if (out[i] === 10) out[i] = 32;
    out[end] = 10;
    return end + 1;
  }
  const len = String(message.length);
  for (let i = 0; i < len.length; i++) out[at++] = len.charCodeAt(i);
  out[at++] = 32;
  out.set(message, at);
  return at + message.length;
}
