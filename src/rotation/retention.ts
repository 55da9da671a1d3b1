/**
 * Retention computed from a directory scan, so it holds across restarts:
 * keep at most `keep` archives, none older than `maxAgeMs`, and at most
 * `maxTotalBytes` of archives in total. Only names that match the sink's
 * own archive pattern are ever considered; foreign files are left alone.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import type { FileDriver } from "../runtime/driver.ts";
import type { ArchiveNames } from "../file/archive_names.ts";
import { unshippedGuard } from "./ship_guard.ts";

/**
 * Which archives to keep. Unset limits do not apply.
 *
 * @example Usage
 * ```ts
 * import type { RetentionPolicy } from "logrotor/compose";
 *
 * const policy: RetentionPolicy = { keep: 30, maxTotalBytes: 1024 ** 3 };
 * ```
 */
export interface RetentionPolicy {
  /** Keep at most this many archives (newest first). */
  readonly keep?: number | undefined;
  /** Delete archives rotated more than this long ago. */
  readonly maxAgeMs?: number | undefined;
  /** Keep the newest archives whose sizes add up to at most this. */
  readonly maxTotalBytes?: number | undefined;
  /**
   * The file shipper's state file: archives it has not finished are kept
   * whatever the limits say (see `ship_guard.ts`).
   */
  readonly retainUntilShipped?: string | undefined;
}

/** One archive on disk: its uncompressed and/or compressed file. */
export interface ArchiveEntry {
  /** The rotation moment (ms since the epoch). */
  readonly stamp: number;
  /** The suffix telling apart archives of the same moment (0: none). */
  readonly seq?: number;
  /** The uncompressed archive's path (it may already be gone). */
  readonly archive: string;
  /** The paths that exist for it (`x`, `x.gz`), not counting `.tmp`. */
  readonly files: string[];
  /** Their total size. */
  bytes: number;
}

/**
 * Whether `path` is a symbolic link. Rotation never makes one, so an
 * archive-shaped link is not an archive: scans skip it, and nothing is
 * compressed through it, renamed or deleted.
 *
 * @param fs The file driver (without `lstat`: no links).
 * @param path The path.
 * @returns Whether it is a link.
 *
 * @example Usage
 * ```ts
 * import { isSymlink } from "./retention.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * isSymlink(getPlatform().fs, "/var/log/app.log");
 * ```
 */
export function isSymlink(fs: FileDriver, path: string): boolean {
  try {
    return fs.lstat?.(path)?.isSymlink === true;
  } catch {
    return false;
  }
}

/**
 * Lists this sink's archives, oldest first. Temporary files and symbolic
 * links are skipped.
 *
 * @param fs The file driver.
 * @param names The naming scheme.
 * @returns The archives, oldest first.
 *
 * @example Usage
 * ```ts
 * import { listArchives } from "./retention.ts";
 * import { ArchiveNames } from "../file/archive_names.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const archives = listArchives(getPlatform().fs, new ArchiveNames("/tmp/app.log"));
 * ```
 */
export function listArchives(
  fs: FileDriver,
  names: ArchiveNames,
): ArchiveEntry[] {
  const byArchive = new Map<string, ArchiveEntry>();
  for (const name of fs.readdir(names.dir)) {
    const parsed = names.parse(name);
    if (parsed === undefined || parsed.temporary) continue;
    const path = join(names.dir, name);
    if (isSymlink(fs, path)) continue; // never ours: left alone
    const info = fs.stat(path);
    if (info === undefined || !info.isFile) continue;
    const archive = join(names.dir, parsed.archive);
    let entry = byArchive.get(archive);
    if (entry === undefined) {
      entry = {
        stamp: parsed.stamp,
        seq: parsed.seq,
        archive,
        files: [],
        bytes: 0,
      };
      byArchive.set(archive, entry);
    }
    entry.files.push(path);
    entry.bytes += info.size;
  }
  return [...byArchive.values()].sort((a, b) =>
    a.stamp - b.stamp || (a.seq ?? 0) - (b.seq ?? 0)
  );
}

/**
 * Chooses the archives the policy says to delete. Age is the rotation
 * moment in the archive's name (never the file's mtime), the same moment
 * the archives are ordered by. An archive whose name is in the future is
 * not old: age never expires it (the sink reports it at start), but it
 * still counts towards `keep` and `maxTotalBytes`.
 *
 * @param archives All archives, oldest first.
 * @param policy The limits.
 * @param now The current time (ms since the epoch).
 * @returns The archives to delete, oldest first.
 *
 * @example Usage
 * ```ts
 * import { selectExpired } from "./retention.ts";
 *
 * const archives = [1, 2, 3].map((stamp) => ({
 *   stamp,
 *   archive: `a.${stamp}`,
 *   files: [`a.${stamp}`],
 *   bytes: 10,
 * }));
 * selectExpired(archives, { keep: 2 }, 4).map((a) => a.stamp); // [1]
 * ```
 */
export function selectExpired(
  archives: readonly ArchiveEntry[],
  policy: RetentionPolicy,
  now: number,
): ArchiveEntry[] {
  const expired: ArchiveEntry[] = [];
  let total = 0;
  let count = 0;
  for (let i = archives.length - 1; i >= 0; i--) {
    const entry = archives[i]!;
    count++;
    total += entry.bytes;
    const tooMany = policy.keep !== undefined && count > policy.keep;
    const tooOld = policy.maxAgeMs !== undefined &&
      now - entry.stamp > policy.maxAgeMs;
    const tooBig = policy.maxTotalBytes !== undefined &&
      total > policy.maxTotalBytes;
    if (tooMany || tooOld || tooBig) expired.unshift(entry);
  }
  return expired;
}

/** What {@linkcode applyRetention} did. */
export interface RetentionResult {
  /** Archives deleted (every file of each). */
  readonly deleted: ArchiveEntry[];
  /** Deletions that failed. */
  readonly failures: Array<{ path: string; error: unknown }>;
  /** Expired archives kept because the file shipper has not finished them. */
  readonly keptUnshipped: number;
}

/**
 * Scans the directory and deletes what the policy expires, except archives
 * `busy` says are in use (being compressed).
 *
 * @param fs The file driver.
 * @param names The naming scheme.
 * @param policy The limits.
 * @param now The current time.
 * @param busy Archives (uncompressed paths) not to touch now.
 * @returns What was deleted and what failed.
 *
 * @example Usage
 * ```ts
 * import { applyRetention } from "./retention.ts";
 * import { ArchiveNames } from "../file/archive_names.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * applyRetention(getPlatform().fs, new ArchiveNames("/tmp/app.log"), { keep: 5 }, Date.now(), () => false);
 * ```
 */
export function applyRetention(
  fs: FileDriver,
  names: ArchiveNames,
  policy: RetentionPolicy,
  now: number,
  busy: (archive: string) => boolean,
): RetentionResult {
  const deleted: ArchiveEntry[] = [];
  const failures: Array<{ path: string; error: unknown }> = [];
  let keptUnshipped = 0;
  if (
    policy.keep === undefined && policy.maxAgeMs === undefined &&
    policy.maxTotalBytes === undefined
  ) return { deleted, failures, keptUnshipped };
  const expired = selectExpired(listArchives(fs, names), policy, now);
  const unshipped =
    policy.retainUntilShipped === undefined || expired.length === 0
      ? undefined
      : unshippedGuard(fs, names, policy.retainUntilShipped);
  for (const entry of expired) {
    if (busy(entry.archive)) continue;
    if (unshipped?.(entry) === true) {
      keptUnshipped++;
      continue;
    }
    let ok = true;
    for (const path of entry.files) {
      try {
        fs.unlink(path);
      } catch (error) {
        if ((error as { code?: unknown }).code === "ENOENT") continue;
        ok = false;
        failures.push({ path, error });
      }
    }
    if (ok) deleted.push(entry);
  }
  return { deleted, failures, keptUnshipped };
}
