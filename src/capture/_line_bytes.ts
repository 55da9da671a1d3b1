/**
 * Byte-level helpers for whole lines, shared by the tee and the tail
 * readers: joining chunks, counting newlines, prefixing every line.
 *
 * @module
 */

const newline = 10;

/**
 * Joins byte chunks (the one chunk itself when there is only one).
 *
 * @param parts The chunks, in order.
 * @param total Their summed length, when the caller already knows it.
 *
 * @example Usage
 * ```ts
 * import { concat } from "./_line_bytes.ts";
 *
 * concat([Uint8Array.of(1, 2), Uint8Array.of(3)]); // Uint8Array [1, 2, 3]
 * ```
 */
export function concat(
  parts: readonly Uint8Array[],
  total: number = parts.reduce((n, p) => n + p.length, 0),
): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The number of newline bytes in `bytes`.
 *
 * @example Usage
 * ```ts
 * import { countNewlines } from "./_line_bytes.ts";
 *
 * countNewlines(new TextEncoder().encode("a\nb\nc")); // 2
 * ```
 */
export function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (
    let i = bytes.indexOf(newline);
    i !== -1;
    i = bytes.indexOf(newline, i + 1)
  ) {
    n++;
  }
  return n;
}

/**
 * Puts `prefix` before every line of a block of whole lines.
 *
 * @param lines Whole lines (a last line without newline is prefixed too).
 * @param count The number of lines (their newlines).
 * @param prefix The bytes to put before each line.
 *
 * @example Usage
 * ```ts
 * import { prefixLines } from "./_line_bytes.ts";
 *
 * const encoder = new TextEncoder();
 * prefixLines(encoder.encode("a\nb\n"), 2, encoder.encode("> ")); // "> a\n> b\n"
 * ```
 */
export function prefixLines(
  lines: Uint8Array,
  count: number,
  prefix: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(lines.length + count * prefix.length);
  let from = 0;
  let at = 0;
  while (from < lines.length) {
    const end = lines.indexOf(newline, from) + 1 || lines.length;
    out.set(prefix, at);
    at += prefix.length;
    out.set(lines.subarray(from, end), at);
    at += end - from;
    from = end;
  }
  return out;
}
