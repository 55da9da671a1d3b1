/**
 * The formatters known to return a string that ends in a newline (the
 * built-in ones): the logger skips its check of their lines, which would
 * flatten every freshly concatenated line once more. Private.
 *
 * @module
 */
import type { Formatter } from "./formatter.ts";

const wholeLineFormatters = new WeakSet<Formatter>();

/**
 * Marks a formatter whose every return value (its fallback line included)
 * is a string ending in `\n`.
 *
 * @param formatter The formatter.
 * @returns The same formatter.
 */
export function markWholeLines<F extends Formatter>(formatter: F): F {
  wholeLineFormatters.add(formatter);
  return formatter;
}

/**
 * Whether {@linkcode markWholeLines} marked the formatter.
 *
 * @param formatter The formatter.
 * @returns `true` for a marked formatter.
 */
export function writesWholeLines(formatter: Formatter): boolean {
  return wholeLineFormatters.has(formatter);
}
