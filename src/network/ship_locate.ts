/**
 * Finding where a file shipper's saved cursor is now, among the files of
 * the chain (`ship_files.ts`), and which archive a rotated-away live file
 * became.
 *
 * Finding the file of a saved cursor ({@linkcode locateCursor}):
 * 1. a plain file (an archive or the live file) with the recorded device
 *    and inode whose head hashes the same: the file itself;
 * 2. else the `.gz` of the archive name the cursor recorded, when its
 *    uncompressed head hashes the same;
 * 3. else the oldest `.gz` archive whose uncompressed head hashes the
 *    same (oldest: if two archives start alike, shipping again from the
 *    older one can only duplicate, never skip);
 * 4. else the file is gone (deleted before it was shipped): shipping
 *    resumes from the oldest file left, which are all newer (retention
 *    deletes oldest first) — the caller counts and reports it.
 *
 * @module
 */
import type { FileDriver } from "../runtime/driver.ts";
import { closeFile, openForReading, readAt } from "../runtime/read_tail.ts";
import type { ShipCursor } from "./ship_cursor.ts";
import { type ChainFile, compareChain } from "./ship_files.ts";
import { gzipHead } from "./ship_gzip.ts";
import { type FileFingerprint, sameHead } from "./ship_fingerprint.ts";

/**
 * The uncompressed head of a `.gz` (at most `n` bytes), or `undefined`
 * when it cannot be read.
 *
 * @param path The `.gz`.
 * @param n How many bytes.
 * @returns The bytes.
 */
async function gzipHeadOf(
  path: string,
  n: number,
): Promise<Uint8Array | undefined> {
  const opened = openForReading(path);
  if (opened === undefined) return undefined;
  try {
    return await gzipHead(opened.fd, n);
  } catch {
    return undefined;
  } finally {
    closeFile(opened.fd);
  }
}

/** Where a cursor's file is now. */
export interface LocatedCursor {
  /** Its index in the chain, or -1 when it is gone. */
  readonly index: number;
  /** How it was found. */
  readonly how: "inode" | "archive-name" | "gzip-head" | "gone";
}

/**
 * Finds the file of a saved cursor in the chain (see the module notes).
 *
 * @param fs The file driver.
 * @param chain The chain from {@linkcode listChain}.
 * @param cursor The saved cursor.
 * @returns The index in `chain`, or -1.
 *
 * @example Usage
 * ```ts
 * import { listChain } from "./ship_files.ts";
 * import { locateCursor } from "./ship_locate.ts";
 * import { readShipCursor } from "./ship_cursor.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * const cursor = readShipCursor(fs, "/var/log/.app.ship");
 * if (cursor) await locateCursor(fs, listChain(fs, "/var/log/app.log"), cursor);
 * ```
 */
export async function locateCursor(
  fs: FileDriver,
  chain: readonly ChainFile[],
  cursor: ShipCursor,
): Promise<LocatedCursor> {
  const fp = cursor.file;
  for (let i = 0; i < chain.length; i++) {
    const file = chain[i]!;
    if (file.compressed) continue;
    const info = fs.stat(file.path);
    if (info === undefined || info.ino !== fp.ino || info.dev !== fp.dev) {
      continue;
    }
    const opened = openForReading(file.path);
    if (opened === undefined) continue;
    try {
      if (sameHead(fp, readAt(opened.fd, 0, fp.headLength))) {
        return { index: i, how: "inode" };
      }
    } finally {
      closeFile(opened.fd);
    }
  }
  if (cursor.archive !== null) {
    const i = chain.findIndex((f) =>
      f.compressed && f.archive === cursor.archive
    );
    if (i >= 0) {
      const head = await gzipHeadOf(chain[i]!.path, fp.headLength);
      if (head !== undefined && sameHead(fp, head)) {
        return { index: i, how: "archive-name" };
      }
    }
  }
  for (let i = 0; i < chain.length; i++) {
    const file = chain[i]!;
    if (!file.compressed) continue;
    const head = await gzipHeadOf(file.path, fp.headLength);
    if (head !== undefined && sameHead(fp, head)) {
      return { index: i, how: "gzip-head" };
    }
  }
  return { index: -1, how: "gone" };
}

/**
 * Which archive a live file that was rotated away became: the plain
 * archive with its inode, else the oldest `.gz` after `after` whose
 * uncompressed head matches its fingerprint. A plain archive of `chain`
 * that is gone by the time it is looked at (compressed since) is looked
 * for as its `.gz`: without that, the shipper would take the live file's
 * archive for a new file and ship it twice.
 *
 * @param fs The file driver.
 * @param chain The chain now.
 * @param fp The live file's fingerprint.
 * @param after The last archive known to come before it.
 * @returns Its archive, or `undefined` when it is gone.
 *
 * @example Usage
 * ```ts
 * import { listChain } from "./ship_files.ts";
 * import { archiveOfRotated } from "./ship_locate.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * const fp = { dev: 1, ino: 2, headLength: 0, headHash: "" };
 * await archiveOfRotated(fs, listChain(fs, "/var/log/app.log"), fp, { stamp: 0, seq: 0 });
 * ```
 */
export async function archiveOfRotated(
  fs: FileDriver,
  chain: readonly ChainFile[],
  fp: FileFingerprint,
  after: { stamp: number; seq: number },
): Promise<ChainFile | undefined> {
  const archives = chain.filter((f) => f.archive !== undefined);
  // A plain archive listed may be compressed meanwhile: its `.gz` is then
  // complete (renamed in before the plain one is unlinked) — look there.
  const gzips: ChainFile[] = [];
  for (const f of archives) {
    if (f.compressed) {
      gzips.push(f);
      continue;
    }
    const info = fs.stat(f.path);
    if (info === undefined) {
      gzips.push({ ...f, path: `${f.path}.gz`, compressed: true });
    } else if (info.ino === fp.ino && info.dev === fp.dev) return f;
  }
  for (const f of gzips) {
    if (compareChain(f, after) <= 0) continue;
    const head = await gzipHeadOf(f.path, fp.headLength);
    if (head !== undefined && sameHead(fp, head)) return f;
  }
  return undefined;
}
