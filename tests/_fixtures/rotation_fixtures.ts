// Helpers for the rotation tests (private: `_` prefix).
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

/** Archive-looking files of `live` in `dir`, in name (= chronological) order. */
export function archiveFiles(dir: string, live = "app.log"): string[] {
  const stem = live.slice(0, live.lastIndexOf("."));
  const ext = live.slice(live.lastIndexOf("."));
  const pattern = new RegExp(
    `^${stem}\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}Z(_\\d{3})?\\${ext}(\\.gz)?(\\.tmp)?$`,
  );
  // Plain name order is rotation order (same-moment suffixes sort after
  // the bare stamp): the order `ls` shows users.
  return fs.readdirSync(dir).filter((n) => pattern.test(n)).sort();
}

/** The text of a file, gunzipped when it ends in `.gz`; throws on a bad gzip. */
export function readMaybeGzip(file: string): string {
  const bytes = fs.readFileSync(file);
  return (file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes).toString(
    "utf8",
  );
}

/**
 * Every line of the archives then the live file, in order. Each archive
 * must exist once (not both `x` and `x.gz`, no `.tmp` left).
 */
export function allLines(dir: string, live = "app.log"): string[] {
  const files = archiveFiles(dir, live);
  const seen = new Set<string>();
  for (const name of files) {
    if (name.endsWith(".tmp")) throw new Error(`leftover ${name}`);
    const base = name.replace(/\.gz$/, "");
    if (seen.has(base)) throw new Error(`both ${base} and ${base}.gz exist`);
    seen.add(base);
  }
  const livePath = path.join(dir, live);
  const paths = files.map((n) => path.join(dir, n));
  if (fs.existsSync(livePath)) paths.push(livePath);
  const lines: string[] = [];
  for (const p of paths) {
    const text = readMaybeGzip(p);
    if (text.length > 0 && !text.endsWith("\n")) {
      throw new Error(`${p} ends in a torn line`);
    }
    const parts = text.split("\n");
    parts.pop();
    for (const line of parts) lines.push(line);
  }
  return lines;
}
