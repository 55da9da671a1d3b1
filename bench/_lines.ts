/**
 * The benchmark workload: numbered 120-byte ASCII log lines, built the way an
 * application builds them (a template string per line with a counter), plus
 * the verifier that checks an output for every line, once, whole.
 *
 * @module
 */
import * as fs from "node:fs";
import * as zlib from "node:zlib";

/** Bytes per line, newline included. */
export const LINE_BYTES = 120;
/** Digits of the zero-padded line number. */
const ID_DIGITS = 8;
const HEAD = "2026-11-21T10:15:42.123Z INFO  http.server req=";
const MIDDLE = " GET /api/v1/orders status=200 bytes=5120 dur_ms=12 ua=bench ";
// Filler so that HEAD + id + MIDDLE + TAIL + "\n" is exactly LINE_BYTES.
const TAIL = "x".repeat(
  Math.max(0, LINE_BYTES - HEAD.length - ID_DIGITS - MIDDLE.length - 1),
);
if (HEAD.length + ID_DIGITS + MIDDLE.length + TAIL.length + 1 !== LINE_BYTES) {
  throw new Error("line template does not add up to LINE_BYTES");
}

/** The `i`-th line (0-based), 120 bytes, ending in "\n". */
export function makeLine(i: number): string {
  return `${HEAD}${String(i).padStart(ID_DIGITS, "0")}${MIDDLE}${TAIL}\n`;
}

/** How a contender's file line relates to the line it was given. */
export type LineFormat = "plain" | "pino";

/** The exact text (no newline) a contender writes for line `i`. */
export function expectedText(i: number, format: LineFormat): string {
  const plain = makeLine(i).slice(0, -1);
  return format === "pino" ? `{"level":30,"msg":"${plain}"}` : plain;
}

/** Bytes one line takes in the output (newline included). */
export function expectedLineBytes(format: LineFormat): number {
  return expectedText(0, format).length + 1;
}

/** Result of {@linkcode verifyFiles}. */
export interface Verification {
  ok: boolean;
  files: number;
  bytes: number;
  expectedBytes: number;
  lines: number;
  missing: number;
  duplicates: number;
  torn: number;
  inOrder: boolean;
  error?: string;
}

/**
 * Reads `paths` in order (gunzipping `*.gz`) and checks that lines 0..n-1
 * each appear exactly once and whole (byte-exact), and nothing else does.
 */
export function verifyFiles(
  paths: readonly string[],
  n: number,
  format: LineFormat,
): Verification {
  const seen = new Uint8Array(n);
  const idAt = format === "pino"
    ? `{"level":30,"msg":"`.length + HEAD.length
    : HEAD.length;
  let bytes = 0;
  let lines = 0;
  let duplicates = 0;
  let torn = 0;
  let inOrder = true;
  let prev = -1;
  let firstProblem: string | undefined;
  for (const path of paths) {
    let data: Buffer = fs.readFileSync(path);
    if (path.endsWith(".gz")) data = zlib.gunzipSync(data);
    bytes += data.length;
    let start = 0;
    while (start < data.length) {
      let end = data.indexOf(10, start);
      if (end === -1) end = data.length; // unterminated tail: torn
      const text = data.toString("latin1", start, end);
      const id = Number(text.slice(idAt, idAt + ID_DIGITS));
      const good = end < data.length && Number.isInteger(id) && id >= 0 &&
        id < n && text === expectedText(id, format);
      if (!good) {
        torn++;
        firstProblem ??= `${path}@${start}: ${
          JSON.stringify(text.slice(0, 60))
        }`;
      } else {
        if (seen[id] === 1) duplicates++;
        seen[id] = 1;
        if (id <= prev) inOrder = false;
        prev = id;
      }
      lines++;
      start = end + 1;
    }
  }
  let missing = 0;
  for (let i = 0; i < n; i++) if (seen[i] === 0) missing++;
  const expectedBytes = n * expectedLineBytes(format);
  const ok = missing === 0 && duplicates === 0 && torn === 0 &&
    bytes === expectedBytes;
  const result: Verification = {
    ok,
    files: paths.length,
    bytes,
    expectedBytes,
    lines,
    missing,
    duplicates,
    torn,
    inOrder,
  };
  if (!ok) {
    result.error = firstProblem ??
      `bytes ${bytes}/${expectedBytes}, missing ${missing}, duplicates ${duplicates}`;
  }
  return result;
}
