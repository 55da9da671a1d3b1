// Numbered lines for the file shipper's disk-full test: `ship <n> <pad>`
// where the pad is 64 pseudo-random base64 characters derived from n, so a
// line is recognised as whole and gzip cannot shrink the archives to nothing.

const alphabet =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The line numbered `n` (without its newline). */
export function numberedLine(n: number): string {
  let x = (n * 2654435761 + 12345) >>> 0;
  let pad = "";
  for (let i = 0; i < 64; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    pad += alphabet[x >>> 26];
  }
  return `ship ${n} ${pad}`;
}

/** The number of a whole numbered line, else `undefined`. */
export function numberOf(line: string): number | undefined {
  const m = /^ship (\d+) /.exec(line);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return line === numberedLine(n) ? n : undefined;
}
