/**
 * What `logrotor demo` shows of its files: a listing with kinds and
 * human-readable sizes, their text (gzip archives decompressed), the first
 * lines of a file, and the removal of what the demo made.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import { formatBytes } from "../options/units.ts";
import type { FileDriver } from "../runtime/driver.ts";
import { removeEmptyDir } from "../runtime/remove_dir.ts";

/** One file of a demo directory. */
export interface DemoFile {
  /** Its name in the directory. */
  readonly name: string;
  /** Its size in bytes. */
  readonly size: number;
  /** `live`, `archive`, `archive, gzip`, `interrupted gzip`, `other`. */
  readonly kind: string;
}

function kindOf(name: string, live: string): string {
  if (name === live) return "live";
  const base = live.replace(/\.log$/, "");
  if (!name.startsWith(`${base}.`)) return "other";
  if (name.endsWith(".gz.tmp")) return "interrupted gzip";
  if (name.endsWith(".log.gz")) return "rotated, gzip";
  if (name.endsWith(".log")) return "rotated, not compressed";
  return "other";
}

/**
 * The files of `dir` (not its subdirectories), the live file first.
 *
 * @param fs The file driver.
 * @param dir The directory.
 * @param live The live file's name (`app.log`).
 * @returns The files with their sizes and kinds.
 */
export function listDemoFiles(
  fs: FileDriver,
  dir: string,
  live: string,
): DemoFile[] {
  const files: DemoFile[] = [];
  for (const name of fs.readdir(dir).sort()) {
    const info = fs.stat(join(dir, name));
    if (info === undefined || info.isDirectory) continue;
    files.push({ name, size: info.size, kind: kindOf(name, live) });
  }
  return files.sort((a, b) =>
    Number(b.name === live) - Number(a.name === live)
  );
}

/**
 * The listing as indented report lines, with a total.
 *
 * @param files The files.
 * @param indent The indentation.
 * @returns The lines.
 */
export function formatListing(
  files: readonly DemoFile[],
  indent: string,
): string[] {
  const width = Math.max(8, ...files.map((f) => f.name.length));
  const total = files.reduce((sum, f) => sum + f.size, 0);
  return [
    ...files.map((f) =>
      `${indent}${f.name.padEnd(width)}  ${
        formatBytes(f.size).padStart(10)
      }  ${f.kind}`
    ),
    `${indent}${"total".padEnd(width)}  ${
      formatBytes(total).padStart(10)
    }  ${files.length} file${files.length === 1 ? "" : "s"}`,
  ];
}

/**
 * A file's text; `.gz` files are decompressed.
 *
 * @param fs The file driver.
 * @param path The file.
 * @returns Its text.
 */
export async function readDemoText(
  fs: FileDriver,
  path: string,
): Promise<string> {
  const bytes = fs.readFile(path);
  if (!path.endsWith(".gz")) return new TextDecoder().decode(bytes);
  const copy = new Uint8Array(bytes);
  const stream = new Blob([copy]).stream().pipeThrough(
    new DecompressionStream("gzip"),
  );
  return await new Response(stream).text();
}

/**
 * The first `count` lines of a file.
 *
 * @param fs The file driver.
 * @param path The file.
 * @param count How many lines.
 * @returns The lines (without their newline).
 */
export function firstLines(
  fs: FileDriver,
  path: string,
  count: number,
): string[] {
  const bytes = fs.readFile(path);
  const head = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  return new TextDecoder().decode(head).split("\n").slice(0, count)
    .filter((line) => line !== "");
}

/**
 * Removes the entries of `dir` that are not in `keep` (recursing into
 * subdirectories the demo made), then `dir` itself when it is empty and
 * did not exist before.
 *
 * @param fs The file driver.
 * @param dir The directory.
 * @param keep Names that were there before the demo.
 * @param existed Whether `dir` existed before the demo.
 */
export function removeDemoFiles(
  fs: FileDriver,
  dir: string,
  keep: ReadonlySet<string>,
  existed: boolean,
): void {
  if (fs.stat(dir) === undefined) return;
  for (const name of fs.readdir(dir)) {
    if (keep.has(name)) continue;
    const path = join(dir, name);
    if (fs.stat(path)?.isDirectory) removeDemoFiles(fs, path, new Set(), false);
    else fs.unlink(path);
  }
  if (!existed && fs.readdir(dir).length === 0) removeEmptyDir(dir);
}
