/**
 * Cuts a file's bytes into whole lines for the file shipper, with the
 * byte offset after each line. A partial last line is held until its
 * newline arrives; a line longer than `maxLineBytes` is cut there (rounded
 * down to a UTF-8 character boundary), shipped, and the rest of it up to
 * its newline skipped. A trailing `\r` is dropped.
 *
 * @module
 */

const newline = 10;

/**
 * Splits chunks into lines.
 *
 * @example Usage
 * ```ts
 * import { LineCutter } from "./ship_lines.ts";
 *
 * const cutter = new LineCutter(1024);
 * const lines: Array<[string, number]> = [];
 * cutter.push(new TextEncoder().encode("a\nbc"), 0, (line, end) => {
 *   lines.push([line, end]);
 * });
 * lines; // [["a", 2]]
 * cutter.buffered; // 2
 * ```
 */
export class LineCutter {
  readonly #max: number;
  readonly #decoder = new TextDecoder("utf-8", { fatal: false });
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  #skipping = false;

  /** @param maxLineBytes The longest line shipped whole. */
  constructor(maxLineBytes: number) {
    this.#max = maxLineBytes;
  }

  /** Bytes of a partial line held. */
  get buffered(): number {
    return this.#heldBytes;
  }

  /** A copy of the partial line held (`buffered` bytes). */
  held(): Uint8Array {
    const out = this.#join(new Uint8Array(0));
    if (out.length > 0) {
      this.#held = [out];
      this.#heldBytes = out.length;
    }
    return out;
  }

  /**
   * Feeds bytes that start at file offset `start`.
   *
   * @param bytes The bytes.
   * @param start Their offset in the file.
   * @param emit Called per line: the text, the offset after its newline,
   *   and whether it was cut. A cut line is emitted when the cut happens;
   *   its newline then comes as an empty line (not sent, but it moves the
   *   cursor). Returning `false` stops after that line.
   * @returns How many bytes were consumed (all, unless `emit` stopped:
   *   then the caller feeds the rest again later).
   */
  push(
    bytes: Uint8Array,
    start: number,
    emit: (line: string, end: number, cut: boolean) => boolean | void,
  ): number {
    let from = 0;
    for (;;) {
      const at = bytes.indexOf(newline, from);
      if (at === -1) break;
      const end = start + at + 1;
      let go: boolean | void;
      if (this.#skipping) {
        this.#skipping = false;
        go = emit("", end, false);
      } else {
        const piece = bytes.subarray(from, at);
        const whole = this.#heldBytes === 0 ? piece : this.#join(piece);
        if (whole.length > this.#max) {
          go = emit(this.#text(cutUtf8(whole, this.#max)), end, true);
        } else {
          go = emit(this.#text(whole), end, false);
        }
      }
      from = at + 1;
      if (go === false) return from;
    }
    if (from >= bytes.length || this.#skipping) return bytes.length;
    const rest = bytes.slice(from);
    this.#held.push(rest);
    this.#heldBytes += rest.length;
    if (this.#heldBytes > this.#max) {
      const whole = this.#join(new Uint8Array(0));
      this.#skipping = true;
      // Its end is unknown: the cursor moves when its newline comes.
      emit(this.#text(cutUtf8(whole, this.#max)), -1, true);
    }
    return bytes.length;
  }

  /**
   * The file ended for good: the held partial line (a torn last line).
   *
   * @returns Its text, or `undefined` when nothing is held.
   */
  end(): string | undefined {
    this.#skipping = false;
    if (this.#heldBytes === 0) return undefined;
    return this.#text(this.#join(new Uint8Array(0)));
  }

  #join(piece: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.#heldBytes + piece.length);
    let at = 0;
    for (const h of this.#held) {
      out.set(h, at);
      at += h.length;
    }
    out.set(piece, at);
    this.#held = [];
    this.#heldBytes = 0;
    return out;
  }

  #text(bytes: Uint8Array): string {
    let n = bytes.length;
    if (n > 0 && bytes[n - 1] === 13) n--;
    return this.#decoder.decode(bytes.subarray(0, n));
  }
}

/**
 * The first `max` bytes, moved back to a UTF-8 character boundary.
 *
 * @param bytes UTF-8 bytes.
 * @param max The most to keep.
 * @returns A prefix.
 */
function cutUtf8(bytes: Uint8Array, max: number): Uint8Array {
  let n = Math.min(max, bytes.length);
  while (n > 0 && n < bytes.length && (bytes[n]! & 0xc0) === 0x80) n--;
  return bytes.subarray(0, n);
}
