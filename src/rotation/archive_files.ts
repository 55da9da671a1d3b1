/**
 * Archive names as found on disk: the newest archive, the free name for a
 * new rotation, and this file's archives in rotation order. Names more
 * than {@linkcode futureSlackMs} in the future (a restored backup, a clock
 * that was wrong once) never steer naming.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import type { FileDriver } from "../runtime/driver.ts";
import type { ArchiveNames } from "../file/archive_names.ts";

/**
 * An archive name more than this far after now is "in the future" (clocks
 * of processes sharing a file may differ a little).
 */
export const futureSlackMs = 60_000;

/**
 * The newest archive name in the directory (shared: others rotate too),
 * not counting names in the future: its stamp and suffix, or stamp
 * `-Infinity` when there is none (or the directory cannot be read).
 *
 * @param fs The file driver.
 * @param names The naming scheme.
 * @param now The current time.
 * @returns The newest stamp and its suffix.
 *
 * @example Usage
 * ```ts
 * import { newestArchiveOnDisk } from "./archive_files.ts";
 * import { ArchiveNames } from "../file/archive_names.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const names = new ArchiveNames("/tmp/logrotor-doc/app.log");
 * newestArchiveOnDisk(getPlatform().fs, names, Date.now()).stamp;
 * ```
 */
export function newestArchiveOnDisk(
  fs: FileDriver,
  names: ArchiveNames,
  now: number,
): { stamp: number; seq: number } {
  const newest = { stamp: -Infinity, seq: 0 };
  const limit = now + futureSlackMs;
  try {
    for (const name of fs.readdir(names.dir)) {
      const parsed = names.parse(name);
      if (
        parsed !== undefined && parsed.stamp <= limit &&
        (parsed.stamp > newest.stamp ||
          (parsed.stamp === newest.stamp && parsed.seq > newest.seq))
      ) {
        newest.stamp = parsed.stamp;
        newest.seq = parsed.seq;
      }
    }
  } catch {
    // the name check in freeArchivePath still prevents overwriting
  }
  return newest;
}

/**
 * The archive name for a rotation moment. Names sort in rotation order:
 * when an archive on disk is as new as this moment or newer (another
 * process rotated while this one waited for the rename lock, two rotations
 * in one millisecond, the clock stepped back by less than a minute), this
 * one takes that stamp with the next suffix (`_001`, `_002`, …) — never a
 * later stamp, so a name says when its archive was rotated to within that
 * minute. Names more than a minute in the future are ignored: no file can
 * steer naming. A name is free when neither it, its `.gz` nor its
 * `.gz.tmp` exists (a dangling symlink counts as existing).
 *
 * @param fs The file driver.
 * @param names The naming scheme.
 * @param stampHint The moment to name the archive after.
 * @param now The current time.
 * @returns The path to rename the live file to.
 * @throws {Error} When all 1,000 names of that stamp are taken.
 *
 * @example Usage
 * ```ts
 * import { freeArchivePath } from "./archive_files.ts";
 * import { ArchiveNames } from "../file/archive_names.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const names = new ArchiveNames("/tmp/logrotor-doc/app.log");
 * freeArchivePath(getPlatform().fs, names, Date.now(), Date.now());
 * ```
 */
export function freeArchivePath(
  fs: FileDriver,
  names: ArchiveNames,
  stampHint: number,
  now: number,
): string {
  let stamp = Math.floor(stampHint);
  let seq = 0;
  const newest = newestArchiveOnDisk(fs, names, now);
  if (newest.stamp >= stamp) {
    stamp = newest.stamp;
    seq = newest.seq + 1;
  }
  const exists = (path: string) =>
    (fs.lstat === undefined ? fs.stat(path) : fs.lstat(path)) !== undefined;
  for (;; seq++) {
    if (seq > 999) {
      throw new Error(`every archive name for ${stamp} is taken`);
    }
    const archive = names.archivePath(stamp, seq);
    if (
      !exists(archive) && !exists(`${archive}.gz`) &&
      !exists(`${archive}.gz.tmp`)
    ) {
      return archive;
    }
  }
}

/**
 * Paths of this file's archives on disk now (`.gz` ones too, not `.tmp`),
 * oldest first: by stamp, then suffix, then path.
 *
 * @param fs The file driver.
 * @param names The naming scheme.
 * @returns The paths.
 *
 * @example Usage
 * ```ts
 * import { archivePathsOnDisk } from "./archive_files.ts";
 * import { ArchiveNames } from "../file/archive_names.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * fs.mkdirp("/tmp/logrotor-doc");
 * archivePathsOnDisk(fs, new ArchiveNames("/tmp/logrotor-doc/app.log"));
 * ```
 */
export function archivePathsOnDisk(
  fs: FileDriver,
  names: ArchiveNames,
): string[] {
  const out: Array<{ path: string; stamp: number; seq: number }> = [];
  for (const name of fs.readdir(names.dir)) {
    const parsed = names.parse(name);
    if (parsed !== undefined && !parsed.temporary) {
      out.push({
        path: join(names.dir, name),
        stamp: parsed.stamp,
        seq: parsed.seq,
      });
    }
  }
  return out.sort((a, b) =>
    a.stamp - b.stamp || a.seq - b.seq ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  ).map((a) => a.path);
}
