/**
 * Line assembly on a byte batch: cutting lines longer than `maxLineBytes`
 * at UTF-8 character boundaries, and tracking the line a partial write
 * left unfinished in the target, so only whole lines reach it.
 *
 * @module
 */

const newline = 10;

/**
 * A batch after {@linkcode cutLongLines}: the bytes (a new array), their
 * length and how many cuts were made.
 *
 * @example Usage
 * ```ts
 * import { type CutLines, cutLongLines } from "./line_assembly.ts";
 *
 * const bytes = new TextEncoder().encode("abcdef\n");
 * const result: CutLines | undefined = cutLongLines(bytes, bytes.length, 4);
 * result?.cuts; // 1
 * ```
 */
export interface CutLines {
  /** The batch with every long line cut (may be longer than `length`). */
  readonly bytes: Uint8Array;
  /** How many bytes of `bytes` are the batch. */
  readonly length: number;
  /** Cuts made (one per extra newline). */
  readonly cuts: number;
}

/**
 * Cuts every line of `buf[0, len)` longer than `max` bytes (the unfinished
 * last one too) into pieces of at most `max` bytes, each cut rounded down
 * to a UTF-8 character boundary and ended with a newline; the rest of the
 * line continues as a new line (an unfinished rest stays unfinished). A
 * line of exactly `max` bytes is not cut, so no empty line appears.
 *
 * @param buf The batch.
 * @param len Its length in bytes.
 * @param max The longest line.
 * @returns The cut batch in a new array, or `undefined` when no line is
 * longer than `max` (nothing allocated).
 *
 * @example Usage
 * ```ts
 * import { cutLongLines } from "./line_assembly.ts";
 *
 * const bytes = new TextEncoder().encode("abcdef\nxy\n");
 * const cut = cutLongLines(bytes, bytes.length, 4)!;
 * new TextDecoder().decode(cut.bytes.subarray(0, cut.length)); // "abcd\nef\nxy\n"
 * ```
 */
export function cutLongLines(
  buf: Uint8Array,
  len: number,
  max: number,
): CutLines | undefined {
  let start = 0;
  for (;;) {
    if (start >= len) return undefined;
    let end = buf.indexOf(newline, start);
    if (end === -1 || end >= len) end = len;
    if (end - start > max) break;
    start = end + 1;
  }
  const out = new Uint8Array(
    Math.max(buf.length, len + Math.floor(len / max) + 2),
  );
  out.set(buf.subarray(0, start));
  let at = start;
  let cuts = 0;
  while (start < len) {
    let end = buf.indexOf(newline, start);
    if (end === -1 || end >= len) end = len;
    while (end - start > max) {
      let cut = start + max;
      while (cut > start && ((buf[cut] as number) & 0xc0) === 0x80) cut--;
      if (cut === start) cut = start + max; // a character longer than max
      out.set(buf.subarray(start, cut), at);
      at += cut - start;
      out[at++] = newline;
      cuts++;
      start = cut;
    }
    const stop = end < len ? end + 1 : len;
    out.set(buf.subarray(start, stop), at);
    at += stop - start;
    start = stop;
  }
  return { bytes: out, length: at, cuts };
}

/**
 * After `buf[0, written)` went to the target: how many bytes of an
 * unfinished line the target now holds (0 when the write ended a line).
 *
 * @param buf The batch that was written from its start.
 * @param written Bytes the target took (> 0).
 * @param carried Bytes of the same line already in the target before
 * this write (when the batch began with its rest), else 0.
 * @returns Bytes of the torn line in the target, or 0.
 *
 * @example Usage
 * ```ts
 * import { tornLineBytes } from "./line_assembly.ts";
 *
 * const bytes = new TextEncoder().encode("a\nbcd\n");
 * tornLineBytes(bytes, 4, 0); // 2 ("bc" of "bcd" landed)
 * tornLineBytes(bytes, 2, 0); // 0
 * ```
 */
export function tornLineBytes(
  buf: Uint8Array,
  written: number,
  carried: number,
): number {
  if (buf[written - 1] === newline) return 0;
  const lineStart = buf.lastIndexOf(newline, written - 1) + 1;
  return written - lineStart + (lineStart === 0 ? carried : 0);
}

/**
 * Where the whole lines that free at least `need` bytes end: the length
 * of the shortest prefix of `buf[0, len)` made of whole lines reaching
 * `need` bytes, or of every whole line when they are fewer.
 *
 * @param buf The batch.
 * @param len Its length in bytes.
 * @param need Bytes wanted.
 * @returns The prefix length (0: not one whole line).
 *
 * @example Usage
 * ```ts
 * import { wholeLinesPrefix } from "./line_assembly.ts";
 *
 * const bytes = new TextEncoder().encode("ab\ncd\nef");
 * wholeLinesPrefix(bytes, bytes.length, 1); // 3
 * wholeLinesPrefix(bytes, bytes.length, 9); // 6
 * ```
 */
export function wholeLinesPrefix(
  buf: Uint8Array,
  len: number,
  need: number,
): number {
  let cut = 0;
  while (cut < len && cut < need) {
    const at = buf.indexOf(newline, cut);
    if (at === -1 || at >= len) break;
    cut = at + 1;
  }
  return cut;
}
