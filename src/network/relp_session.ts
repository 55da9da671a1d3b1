/**
 * RELP (the Reliable Event Logging Protocol of rsyslog/librelp) at the byte
 * level: frames `TXNR SP COMMAND SP DATALEN [SP DATA] LF`, transaction
 * numbers (1 for `open`, +1 per command, wrapping from 999999999 to 1), the
 * `open` offer, and parsing of the server's `rsp` and `serverclose` frames.
 *
 * @module
 */

/** One RELP frame. */
export interface RelpFrame {
  /** Transaction number (0 for unsolicited server frames). */
  readonly txnr: number;
  /** `open`, `syslog`, `close`, `rsp`, `serverclose`, … */
  readonly command: string;
  /** The payload (may be empty). */
  readonly data: Uint8Array;
}

/** A parsed `rsp` payload: status code, text and (for `open`) offers. */
export interface RelpResponse {
  /** The status code (200 = OK), or 0 when the payload is empty. */
  readonly code: number;
  /** The text after the code on the first line. */
  readonly text: string;
  /** `name=value` offers on the following lines (the `open` answer). */
  readonly offers: ReadonlyMap<string, string>;
}

/** The server broke the protocol; the session must be dropped. */
export class RelpProtocolError extends Error {
  /** A stable code for {@linkcode errorCode}. */
  readonly code = "RELP_PROTOCOL";

  /** @param message What was wrong. */
  constructor(message: string) {
    super(message);
    this.name = "RelpProtocolError";
  }
}

/** The largest transaction number; the next one is 1. */
export const maxTxnr = 999_999_999;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The transaction number after `txnr`.
 *
 * @param txnr The current number.
 * @returns `txnr + 1`, or 1 after 999999999.
 *
 * @example Usage
 * ```ts
 * import { nextTxnr } from "./relp_session.ts";
 *
 * nextTxnr(999_999_999); // 1
 * ```
 */
export function nextTxnr(txnr: number): number {
  return txnr >= maxTxnr ? 1 : txnr + 1;
}

/**
 * The byte length of a frame.
 *
 * @param txnr The transaction number.
 * @param command The command.
 * @param dataLength The payload length.
 * @returns The frame length, trailing LF included.
 *
 * @example Usage
 * ```ts
 * import { relpFrameLength } from "./relp_session.ts";
 *
 * relpFrameLength(4, "close", 0); // 10 ("4 close 0\n")
 * ```
 */
export function relpFrameLength(
  txnr: number,
  command: string,
  dataLength: number,
): number {
  const head = String(txnr).length + 1 + command.length + 1 +
    String(dataLength).length;
  return head + (dataLength > 0 ? 1 + dataLength : 0) + 1;
}

/**
 * Writes a frame into `out` at `offset`.
 *
 * @param out The destination ({@linkcode relpFrameLength} bytes free).
 * @param offset Where the frame starts.
 * @param txnr The transaction number.
 * @param command The command (ASCII).
 * @param data The payload.
 * @returns The offset after the frame.
 *
 * @example Usage
 * ```ts
 * import { relpFrameLength, writeRelpFrame } from "./relp_session.ts";
 *
 * const data = new TextEncoder().encode("hi");
 * const out = new Uint8Array(relpFrameLength(2, "syslog", 2));
 * writeRelpFrame(out, 0, 2, "syslog", data); // "2 syslog 2 hi\n"
 * ```
 */
export function writeRelpFrame(
  out: Uint8Array,
  offset: number,
  txnr: number,
  command: string,
  data: Uint8Array,
): number {
  const head = `${txnr} ${command} ${data.length}${data.length > 0 ? " " : ""}`;
  let at = offset;
  for (let i = 0; i < head.length; i++) out[at++] = head.charCodeAt(i);
  out.set(data, at);
  at += data.length;
  out[at++] = 10;
  return at;
}

/**
 * Encodes one frame.
 *
 * @param txnr The transaction number.
 * @param command The command.
 * @param data The payload (text is UTF-8 encoded).
 * @returns The frame bytes.
 *
 * @example Usage
 * ```ts
 * import { encodeRelpFrame } from "./relp_session.ts";
 *
 * new TextDecoder().decode(encodeRelpFrame(4, "close", "")); // "4 close 0\n"
 * ```
 */
export function encodeRelpFrame(
  txnr: number,
  command: string,
  data: string | Uint8Array,
): Uint8Array {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  const out = new Uint8Array(relpFrameLength(txnr, command, bytes.length));
  writeRelpFrame(out, 0, txnr, command, bytes);
  return out;
}

/**
 * The payload of the client's `open` command.
 *
 * @param software `name,version,url` of the client.
 * @returns `relp_version=0`, `relp_software=…`, `commands=syslog`, LF-separated.
 *
 * @example Usage
 * ```ts
 * import { relpOpenOffer } from "./relp_session.ts";
 *
 * relpOpenOffer("logrotor,0.1.0,-");
 * ```
 */
export function relpOpenOffer(software: string): string {
  return `relp_version=0\nrelp_software=${software}\ncommands=syslog`;
}

/**
 * Parses an `rsp` payload: `CODE SP TEXT [LF offers]`. An empty payload
 * (the answer to `close`) has code 0.
 *
 * @param data The payload.
 * @returns The code, text and offers.
 *
 * @example Usage
 * ```ts
 * import { parseRelpResponse } from "./relp_session.ts";
 *
 * parseRelpResponse(new TextEncoder().encode("200 OK")).code; // 200
 * ```
 */
export function parseRelpResponse(data: Uint8Array): RelpResponse {
  const text = decoder.decode(data);
  const lines = text.split("\n");
  const first = lines[0] ?? "";
  const match = /^(\d{3})(?: (.*))?$/.exec(first);
  const offers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (line === "") continue;
    const eq = line.indexOf("=");
    if (eq === -1) offers.set(line, "");
    else offers.set(line.slice(0, eq), line.slice(eq + 1));
  }
  if (match === null) return { code: 0, text: first, offers };
  return { code: Number(match[1]), text: match[2] ?? "", offers };
}

const maxDataLength = 128 * 1024 * 1024;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Splits a byte stream from a RELP peer into frames. Frames may arrive in
 * any split; malformed input throws {@linkcode RelpProtocolError}.
 *
 * @example Usage
 * ```ts
 * import { RelpParser } from "./relp_session.ts";
 *
 * const parser = new RelpParser();
 * const bytes = new TextEncoder().encode("2 rsp 6 200 OK\n3 rsp");
 * parser.push(bytes).length; // 1 (the second frame is incomplete)
 * ```
 */
export class RelpParser {
  #buf: Uint8Array = new Uint8Array(0);

  /**
   * Adds bytes and returns the frames completed by them.
   *
   * @param bytes What arrived.
   * @returns Complete frames, in order.
   */
  push(bytes: Uint8Array): RelpFrame[] {
    if (this.#buf.length === 0) {
      this.#buf = bytes;
    } else {
      const joined = new Uint8Array(this.#buf.length + bytes.length);
      joined.set(this.#buf, 0);
      joined.set(bytes, this.#buf.length);
      this.#buf = joined;
    }
    const frames: RelpFrame[] = [];
    let at = 0;
    for (;;) {
      const frame = this.#parseOne(at);
      if (frame === undefined) break;
      frames.push(frame.frame);
      at = frame.next;
    }
    this.#buf = at === 0 ? this.#buf : this.#buf.slice(at);
    return frames;
  }

  /** Bytes held of an incomplete frame. */
  get pending(): number {
    return this.#buf.length;
  }

  #parseOne(start: number): { frame: RelpFrame; next: number } | undefined {
    const b = this.#buf;
    const n = b.length;
    let at = start;
    // TXNR
    let txnr = 0;
    let digits = 0;
    while (at < n && isDigit(b[at]!)) {
      txnr = txnr * 10 + (b[at]! - 48);
      at++;
      if (++digits > 9) {
        throw new RelpProtocolError("TXNR longer than 9 digits");
      }
    }
    if (at === n) return undefined;
    if (digits === 0 || b[at] !== 32) {
      throw new RelpProtocolError(`bad TXNR at byte ${at - start} of a frame`);
    }
    at++;
    // COMMAND
    const cmdStart = at;
    while (at < n && isAlpha(b[at]!)) {
      at++;
      if (at - cmdStart > 32) {
        throw new RelpProtocolError("COMMAND longer than 32 characters");
      }
    }
    if (at === n) return undefined;
    if (at === cmdStart || b[at] !== 32) {
      throw new RelpProtocolError("bad COMMAND in a frame");
    }
    const command = decoder.decode(b.subarray(cmdStart, at));
    at++;
    // DATALEN
    let length = 0;
    digits = 0;
    while (at < n && isDigit(b[at]!)) {
      length = length * 10 + (b[at]! - 48);
      at++;
      if (++digits > 9) {
        throw new RelpProtocolError("DATALEN longer than 9 digits");
      }
    }
    if (at === n) return undefined;
    if (digits === 0) throw new RelpProtocolError("missing DATALEN");
    if (length > maxDataLength) {
      throw new RelpProtocolError(`DATALEN ${length} is too large`);
    }
    let data = new Uint8Array(0);
    if (length > 0) {
      if (b[at] !== 32) {
        throw new RelpProtocolError("missing SP before DATA");
      }
      at++;
      if (n - at < length + 1) return undefined;
      data = b.slice(at, at + length);
      at += length;
    }
    if (at === n) return undefined;
    if (b[at] !== 10) {
      throw new RelpProtocolError(
        "frame does not end in LF after DATALEN bytes",
      );
    }
    return { frame: { txnr, command, data }, next: at + 1 };
  }
}
