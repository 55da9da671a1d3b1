/**
 * The check every file sink makes of its path at construction: it must not
 * name an existing directory.
 *
 * @module
 */
import type { FileDriver } from "../runtime/driver.ts";

/**
 * Refuses a sink path that names an existing directory (a file sink would
 * otherwise find it unusable and write to a numbered sibling). Throws a
 * `TypeError`: the path is wrong the way a bad option is wrong, and the
 * caller learns it at construction, not from a diagnostic later.
 *
 * @param subject What is created (`"file sink"`).
 * @param path The sink's file.
 * @param fs File operations.
 *
 * @example Usage
 * ```ts
 * import { checkSinkPath } from "./sink_path.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * checkSinkPath("file sink", "/tmp/logrotor-doc/app.log", getPlatform().fs);
 * ```
 */
export function checkSinkPath(
  subject: string,
  path: string,
  fs: FileDriver,
): void {
  let isDirectory = false;
  try {
    isDirectory = fs.stat(path)?.isDirectory ?? false;
  } catch {
    return; // unreadable here: the open reports it (and onLocked applies)
  }
  if (isDirectory) {
    throw new TypeError(
      `Cannot create ${subject} as path must name a file, not a directory: current value is ${
        JSON.stringify(path)
      }`,
    );
  }
}
