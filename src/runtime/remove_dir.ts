/**
 * Removing an empty directory (`rmdir`), for `logrotor demo --clean`.
 *
 * @module
 */
import * as fs from "node:fs";

/**
 * Removes `path` when it is an empty directory; throws the system's error
 * otherwise (`ENOTEMPTY`, `ENOENT`).
 *
 * @param path The directory.
 *
 * @example Usage
 * ```ts
 * import { removeEmptyDir } from "./remove_dir.ts";
 *
 * removeEmptyDir("/tmp/logrotor-doc-empty");
 * ```
 */
export function removeEmptyDir(path: string): void {
  fs.rmdirSync(path);
}
