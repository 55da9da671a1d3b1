// Helpers for the tail tests (private: `_`).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * Corrupts the middle `.gz` archive of `dir` so `gzip -t` fails on it.
 * Returns its path and the line numbers (`line 0000123 …`) it held.
 */
export function corruptMiddleArchive(
  dir: string,
): { bad: string; lost: Set<number> } {
  const archives = fs.readdirSync(dir).filter((n) => n.endsWith(".gz")).sort();
  assert.ok(archives.length >= 5, archives.join());
  const bad = path.join(dir, archives[Math.floor(archives.length / 2)]!);
  const bytes = fs.readFileSync(bad);
  const lost = new Set<number>();
  for (const line of gunzipSync(bytes).toString().split("\n")) {
    const m = /^line (\d+) /.exec(line);
    if (m) lost.add(Number(m[1]));
  }
  assert.ok(lost.size > 0);
  // Garbage over the middle of the deflate data (after the 10-byte header).
  const from = 10 + Math.floor((bytes.length - 18) / 3);
  for (let i = from; i < from + 40 && i < bytes.length - 8; i++) {
    bytes[i] = (i * 151) & 0xff;
  }
  fs.writeFileSync(bad, bytes);
  assert.throws(() => gunzipSync(fs.readFileSync(bad)), "now corrupt");
  return { bad, lost };
}
