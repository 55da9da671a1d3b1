/**
 * `retainUntilShipped`: which archives the file shipper has not finished,
 * read from its state file (`logrotor ship --from … --state FILE`, or
 * `createFileShipper({ state })`), so retention keeps them.
 *
 * The state names the file the shipper is in (device + inode + a hash of
 * its head, and the archive name once the shipper saw it rotate). Every
 * archive older than that file (rotation order: stamp, then suffix) is
 * finished; that file and every newer archive are not. The file is found:
 * as the live file (same inode and head: every archive is finished), as a
 * plain archive (same inode and head), or by the archive name recorded in
 * the state. When it cannot be found (no state file yet, an unreadable
 * state, or a file that was compressed before the shipper noted its
 * archive name), no archive counts as finished: retention keeps them all
 * rather than guess.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import { readShipCursor } from "../network/ship_cursor.ts";
import { sameHead } from "../network/ship_fingerprint.ts";
import type { FileDriver } from "../runtime/driver.ts";
import type { ArchiveNames } from "../file/archive_names.ts";

/** An archive as retention sees it. */
interface Ordered {
  readonly stamp: number;
  readonly seq?: number;
}

const before = (a: Ordered, b: Ordered) =>
  a.stamp < b.stamp || (a.stamp === b.stamp && (a.seq ?? 0) < (b.seq ?? 0));

/**
 * Reads the shipper's state file once and says which archives it has not
 * finished.
 *
 * @param fs The file driver.
 * @param names The rotating file's naming scheme.
 * @param stateFile The shipper's state file.
 * @returns `unshipped(archive)`: `true` when the shipper still needs it.
 *
 * @example Usage
 * ```ts
 * import { unshippedGuard } from "./ship_guard.ts";
 * import { ArchiveNames } from "../file/archive_names.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const unshipped = unshippedGuard(getPlatform().fs, new ArchiveNames("/var/log/app.log"), "/var/log/.app.ship");
 * unshipped({ stamp: 0, seq: 0 }); // true when the shipper has not passed it
 * ```
 */
export function unshippedGuard(
  fs: FileDriver,
  names: ArchiveNames,
  stateFile: string,
): (archive: Ordered) => boolean {
  const keepAll = () => true;
  let cursor;
  try {
    cursor = readShipCursor(fs, stateFile);
  } catch {
    return keepAll;
  }
  if (cursor === undefined) return keepAll;
  const fp = cursor.file;
  const matches = (path: string): boolean => {
    try {
      const info = fs.stat(path);
      if (info?.ino !== fp.ino || info.dev !== fp.dev) return false;
      const head = fs.readRange?.(path, 0, fp.headLength) ??
        fs.readFile(path).subarray(0, fp.headLength);
      return sameHead(fp, head);
    } catch {
      return false;
    }
  };
  if (matches(join(names.dir, names.liveName))) return () => false;
  let at: Ordered | undefined;
  for (const name of fs.readdir(names.dir)) {
    const parsed = names.parse(name);
    if (parsed === undefined || parsed.compressed || parsed.temporary) continue;
    if (matches(join(names.dir, name))) at = parsed;
  }
  if (at === undefined && cursor.archive !== null) {
    at = names.parse(cursor.archive);
  }
  if (at === undefined) return keepAll;
  const position = at;
  return (archive) => !before(archive, position);
}
