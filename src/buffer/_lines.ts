/**
 * Counting line breaks, shared by the sinks and capture (private).
 *
 * @module
 */

const newline = 10;

/**
 * Counts `\n` in a string.
 *
 * @param text The text.
 * @returns How many line breaks it holds.
 *
 * @example Usage
 * ```ts
 * import { countLineBreaks } from "./_lines.ts";
 *
 * countLineBreaks("a\nb\n"); // 2
 * ```
 */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (
    let at = text.indexOf("\n");
    at !== -1;
    at = text.indexOf("\n", at + 1)
  ) {
    count++;
  }
  return count;
}

/**
 * Counts `\n` bytes in `bytes[from, to)`.
 *
 * @param bytes The bytes.
 * @param from Where to start.
 * @param to Where to stop (exclusive).
 * @returns How many line breaks the range holds.
 *
 * @example Usage
 * ```ts
 * import { countLineBreakBytes } from "./_lines.ts";
 *
 * countLineBreakBytes(new TextEncoder().encode("a\nb\n"), 0, 4); // 2
 * ```
 */
export function countLineBreakBytes(
  bytes: Uint8Array,
  from: number,
  to: number,
): number {
  let count = 0;
  let at = bytes.indexOf(newline, from);
  while (at !== -1 && at < to) {
    count++;
    at = bytes.indexOf(newline, at + 1);
  }
  return count;
}
