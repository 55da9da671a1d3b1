/**
 * "Did you mean …?" for mistyped flags and subcommands, by edit distance.
 *
 * @module
 */

/**
 * Edit distance between two short strings, a swap of two neighbours
 * counting as one edit (optimal string alignment: `wirte` is 1 from
 * `write`).
 */
function distance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d[i] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        d[0]![j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `word`, when it is close enough to be a typo
 * (at most a third of the word's length, at least 1, edits away), or a
 * candidate that starts with `word` (an abbreviation).
 *
 * @param word What the user typed.
 * @param candidates The valid words.
 * @returns The suggestion, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import { closest } from "./suggest.ts";
 *
 * closest("max-sise", ["max-size", "max-age"]); // "max-size"
 * closest("bogus", ["max-size", "max-age"]); // undefined
 * ```
 */
export function closest(
  word: string,
  candidates: readonly string[],
): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= limit) return best;
  if (word.length >= 3) {
    const prefixed = candidates.filter((c) => c.startsWith(word));
    if (prefixed.length === 1) return prefixed[0];
  }
  return undefined;
}
