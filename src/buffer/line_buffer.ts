/**
 * A `TransformStream` that re-chunks bytes or text so every chunk it emits
 * holds whole lines only. Lines are batched, never emitted one by one
 * (passing single records through Web Streams costs more than writing
 * them).
 *
 * @module
 */
import { integerOption } from "../options/validate.ts";

/**
 * Options of {@linkcode LineBufferStream}.
 *
 * @example Usage
 * ```ts
 * import { type LineBufferOptions, LineBufferStream } from "logrotor/compose";
 *
 * const options: LineBufferOptions = {
 *   maxLineBytes: 16 * 1024,
 *   terminateLastLine: false, // drop a last line that has no newline
 * };
 * const lines = ReadableStream.from(["a\nb\n", "partial"])
 *   .pipeThrough(new LineBufferStream(options));
 * ```
 */
export interface LineBufferOptions {
  /**
   * A line longer than this many bytes is cut (at a UTF-8 character
   * boundary) and ended with a newline; the rest continues as a new line.
   * @default {1048576}
   */
  readonly maxLineBytes?: number;
  /**
   * Whether a last line without a newline is emitted, with one, when the
   * input ends. When false it is dropped and counted.
   * @default {true}
   */
  readonly terminateLastLine?: boolean;
}

const newline = 10;
const encoder = new TextEncoder();

/**
 * Where to cut `bytes` at most `at` bytes in: `at` rounded down to the start
 * of the UTF-8 character that straddles it, or `at` itself when the bytes
 * there are not valid UTF-8 (binary data is cut exactly at the limit).
 */
function characterBoundary(bytes: Uint8Array, at: number): number {
  let cut = at;
  // Continuation bytes look like 10xxxxxx; step back (at most 3) to a lead byte.
  while (cut > 0 && at - cut < 3 && ((bytes[cut] as number) & 0xc0) === 0x80) {
    cut--;
  }
  if (cut === at) return at;
  const lead = bytes[cut] as number;
  const length = lead >= 0xf0 && lead <= 0xf4
    ? 4
    : lead >= 0xe0 && lead <= 0xef
    ? 3
    : lead >= 0xc2 && lead <= 0xdf
    ? 2
    : 0;
  // A lead byte whose sequence reaches past `at`: cut before it.
  return cut > 0 && cut + length > at ? cut : at;
}

/**
 * Re-chunks a byte or text stream into chunks of whole lines.
 *
 * @example Usage
 * ```ts
 * import { LineBufferStream } from "logrotor/compose";
 *
 * const chunks: string[] = [];
 * await ReadableStream.from(["a\nb", "c\nd"])
 *   .pipeThrough(new LineBufferStream())
 *   .pipeTo(new WritableStream({
 *     write: (c) => void chunks.push(new TextDecoder().decode(c)),
 *   }));
 * // chunks: ["a\n", "bc\n", "d\n"]
 * ```
 */
export class LineBufferStream
  extends TransformStream<string | Uint8Array, Uint8Array> {
  #split = 0;
  #droppedTail = 0;

  /** @param options Line length limit and end-of-input handling. */
  constructor(options: LineBufferOptions = {}) {
    const maxLineBytes = integerOption(
      "line buffer stream",
      "maxLineBytes",
      options.maxLineBytes,
      1024 * 1024,
      1,
    );
    const terminate = options.terminateLastLine ?? true;
    let held: Uint8Array = new Uint8Array(0);
    super({
      transform: (chunk, controller) => {
        const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
        if (bytes.length === 0) return;
        let data = bytes;
        if (held.length > 0) {
          data = new Uint8Array(held.length + bytes.length);
          data.set(held);
          data.set(bytes, held.length);
        }
        const last = data.lastIndexOf(newline);
        const whole = last === -1
          ? new Uint8Array(0)
          : data.subarray(0, last + 1);
        let rest = data.subarray(last + 1);
        const out = this.#cutLongLines(whole, maxLineBytes);
        while (rest.length > maxLineBytes) {
          const cut = characterBoundary(rest, maxLineBytes);
          out.push(rest.subarray(0, cut), Uint8Array.of(newline));
          this.#split++;
          rest = rest.subarray(cut);
        }
        held = rest.slice();
        if (out.length === 1) controller.enqueue(out[0] as Uint8Array);
        else if (out.length > 1) controller.enqueue(concat(out));
      },
      flush: (controller) => {
        if (held.length === 0) return;
        if (terminate) {
          const last = new Uint8Array(held.length + 1);
          last.set(held);
          last[held.length] = newline;
          controller.enqueue(last);
        } else {
          this.#droppedTail = held.length;
        }
        held = new Uint8Array(0);
      },
    });
  }

  /** Cuts lines longer than the limit inside a block of whole lines. */
  #cutLongLines(whole: Uint8Array, maxLineBytes: number): Uint8Array[] {
    if (whole.length === 0) return [];
    const pieces: Uint8Array[] = [];
    let start = 0;
    let pieceStart = 0;
    while (start < whole.length) {
      const end = whole.indexOf(newline, start);
      if (end - start > maxLineBytes) {
        pieces.push(whole.subarray(pieceStart, start));
        let from = start;
        while (end - from > maxLineBytes) {
          const cut = from +
            characterBoundary(whole.subarray(from), maxLineBytes);
          pieces.push(whole.subarray(from, cut), Uint8Array.of(newline));
          this.#split++;
          from = cut;
        }
        pieceStart = from;
      }
      start = end + 1;
    }
    pieces.push(whole.subarray(pieceStart));
    return pieces.filter((p) => p.length > 0);
  }

  /** Lines cut because they exceeded `maxLineBytes`. */
  get splitLines(): number {
    return this.#split;
  }

  /** Bytes of an unterminated last line dropped at the end (`terminateLastLine: false`). */
  get droppedTailBytes(): number {
    return this.#droppedTail;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
