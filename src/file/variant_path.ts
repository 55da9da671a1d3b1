/**
 * The names of numbered variants: where a sink writes when its file is
 * held by another writer or cannot be opened.
 *
 * @module
 */
import { basename, dirname, join } from "./_path.ts";

/**
 * The path of variant `n` of a log file: `app.log` → `app.001.log`,
 * `app` → `app.001`.
 *
 * @param path The primary file.
 * @param n The variant number (1–999).
 * @returns The variant's path.
 *
 * @example Usage
 * ```ts
 * import { variantPath } from "logrotor/compose";
 *
 * variantPath("/var/log/app.log", 1); // "/var/log/app.001.log"
 * ```
 */
export function variantPath(path: string, n: number): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  const number = String(n).padStart(3, "0");
  const varied = dot > 0
    ? `${name.slice(0, dot)}.${number}${name.slice(dot)}`
    : `${name}.${number}`;
  const dir = dirname(path);
  return dir === "." && !path.startsWith("./") ? varied : join(dir, varied);
}
