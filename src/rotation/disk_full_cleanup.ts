/**
 * The emergency cleanup of a rotating file's archives when the disk is
 * full: first the leftovers that hold no line of their own, then the
 * oldest archives, each deletion reported with the lines it lost.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import { type ArchiveEntry, isSymlink, listArchives } from "./retention.ts";
import type { RotationContext } from "./rotation_context.ts";

/** What {@linkcode freeArchiveSpace} did. */
export interface CleanupResult {
  /** Bytes freed. */
  readonly freed: number;
  /** Archives deleted (an archive and its `.gz` count once). */
  readonly archivesDeleted: number;
  /** Lines in the deleted archives (a lower bound when a count failed). */
  readonly linesDeleted: number;
  /**
   * Of those, lines in archives the file shipper had not finished
   * (`retainUntilShipped`): lost to the collector too. The archive the
   * shipper was in counts whole (an upper bound for that one).
   */
  readonly linesUnshipped: number;
}

/**
 * Emergency cleanup on a full disk. First removes leftovers that hold no
 * line of their own: `.gz.tmp` files of failed compressions and sources of
 * complete `.gz` archives. Then deletes the oldest archives (this file's
 * naming pattern only; never the live file, lock files, foreign files or
 * symbolic links) until `bytesWanted` are freed. Archives for which `busy`
 * is true (being compressed) are left alone. Each deletion is reported as a
 * `"deleted"` diagnostic naming the files, bytes and lines. The caller
 * holds whatever lock its mode requires; a failed listing is reported.
 *
 * @param ctx The rotating file.
 * @param bytesWanted Bytes to free.
 * @param busy Whether an archive (uncompressed path) must be left alone.
 * @param unshipped Whether the file shipper still needs an archive (its
 *   lines are then also counted in `linesUnshipped`).
 * @returns Bytes freed, archives deleted and their lines.
 *
 * @example Usage
 * ```ts
 * import { freeArchiveSpace } from "./disk_full_cleanup.ts";
 * import { RotationContext } from "./rotation_context.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const platform = getPlatform();
 * const ctx = new RotationContext({
 *   path: "/tmp/logrotor-doc/full.log",
 *   fs: platform.fs,
 *   platform,
 *   now: () => Date.now(),
 *   mkdir: true,
 *   onDiagnostic: () => {},
 * });
 * platform.fs.mkdirp(ctx.names.dir);
 * const { freed } = freeArchiveSpace(ctx, 1024 * 1024, () => false);
 * ```
 */
export function freeArchiveSpace(
  ctx: RotationContext,
  bytesWanted: number,
  busy: (archive: string) => boolean,
  unshipped?: (entry: ArchiveEntry) => boolean,
): CleanupResult {
  const fs = ctx.fs;
  let freed = 0;
  let archivesDeleted = 0;
  let linesDeleted = 0;
  let linesUnshipped = 0;
  try {
    freed += removeLeftovers(ctx, busy);
    for (const entry of listArchives(fs, ctx.names)) {
      if (freed >= bytesWanted) break;
      if (busy(entry.archive)) continue;
      let removed = 0;
      let lines = 0;
      let unknown = false;
      for (const path of entry.files) {
        if (isSymlink(fs, path)) continue;
        try {
          const size = fs.stat(path)?.size ?? 0;
          let count: number | undefined;
          try {
            count = fs.countLines?.(path);
          } catch {
            count = undefined;
          }
          fs.unlink(path);
          removed += size;
          if (count === undefined) unknown = true;
          // x and x.gz both present: the same lines, count them once
          else lines = Math.max(lines, count);
        } catch (error) {
          ctx.report("error", `cannot delete ${path}`, error);
        }
      }
      if (removed > 0) {
        freed += removed;
        archivesDeleted++;
        linesDeleted += lines;
        const notShipped = unshipped?.(entry) === true;
        if (notShipped) linesUnshipped += lines;
        ctx.report(
          "deleted",
          `disk full: deleted ${entry.files.join(", ")} (${removed} bytes, ${
            unknown ? `at least ${lines}` : lines
          } lines lost${
            notShipped ? "; not yet shipped: lost to the collector too" : ""
          })`,
        );
      }
    }
  } catch (error) {
    ctx.report("error", "cannot list archives for cleanup", error);
  }
  return { freed, archivesDeleted, linesDeleted, linesUnshipped };
}

/**
 * Disk-full cleanup, first step: deletes `.gz.tmp` files and sources of
 * complete `.gz` archives, except those of a busy archive. No line is
 * lost. Returns the bytes freed.
 */
function removeLeftovers(
  ctx: RotationContext,
  busy: (archive: string) => boolean,
): number {
  const { fs, names } = ctx;
  let freed = 0;
  const gz = new Set<string>();
  const candidates: Array<{ path: string; archive: string; tmp: boolean }> = [];
  for (const name of fs.readdir(names.dir)) {
    const parsed = names.parse(name);
    if (parsed === undefined) continue;
    const archive = join(names.dir, parsed.archive);
    const path = join(names.dir, name);
    if (parsed.temporary) candidates.push({ path, archive, tmp: true });
    else if (parsed.compressed) gz.add(archive);
    else candidates.push({ path, archive, tmp: false });
  }
  for (const { path, archive, tmp } of candidates) {
    if (!tmp && !gz.has(archive)) continue;
    if (busy(archive) || isSymlink(fs, path)) continue;
    try {
      const size = fs.stat(path)?.size ?? 0;
      fs.unlink(path);
      freed += size;
      ctx.report(
        "deleted",
        `disk full: removed leftover ${path} (${size} bytes, 0 lines lost: ${
          tmp ? "an unfinished compression" : "its .gz is complete"
        })`,
      );
    } catch (error) {
      ctx.report("error", `cannot remove leftover ${path}`, error);
    }
  }
  return freed;
}
