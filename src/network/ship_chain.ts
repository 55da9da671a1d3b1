/**
 * Questions a file shipper asks of the rotation chain as it goes: which
 * file comes next, whether the live file it reads was rotated away, and how
 * many bytes are still unread (the lag).
 *
 * @module
 */
import type { FileDriver } from "../runtime/driver.ts";
import {
  type ChainFile,
  type ChainReader,
  compareChain,
  listChain,
} from "./ship_files.ts";
import type { FileFingerprint } from "./ship_fingerprint.ts";

/**
 * The first file of the chain after `after` in rotation order, or
 * `undefined` when none is left.
 *
 * @param fs The file driver.
 * @param livePath The live file.
 * @param after The last file begun.
 * @returns The next file to ship.
 *
 * @example Usage
 * ```ts
 * import { nextChainFile } from "./ship_chain.ts";
 * import { getPlatform } from "../runtime/detect.ts";
 *
 * nextChainFile(getPlatform().fs, "/nonexistent/app.log", { stamp: -Infinity, seq: 0 }); // undefined
 * ```
 */
export function nextChainFile(
  fs: FileDriver,
  livePath: string,
  after: Pick<ChainFile, "stamp" | "seq">,
): ChainFile | undefined {
  return listChain(fs, livePath).find((f) => compareChain(f, after) > 0);
}

/**
 * Whether the live file is no longer the one `fingerprint` describes
 * (rotated away or gone).
 *
 * @param fs The file driver.
 * @param livePath The live file.
 * @param fingerprint The open file's fingerprint.
 * @returns `true` when rotated or removed.
 *
 * @example Usage
 * ```ts
 * import { liveFileRotated } from "./ship_chain.ts";
 * import { getPlatform } from "../runtime/detect.ts";
 *
 * const fp = { dev: 1, ino: 2, headLength: 0, headHash: "" };
 * liveFileRotated(getPlatform().fs, "/nonexistent/app.log", fp); // true
 * ```
 */
export function liveFileRotated(
  fs: FileDriver,
  livePath: string,
  fingerprint: FileFingerprint,
): boolean {
  const info = fs.stat(livePath);
  if (info === undefined) return true;
  return info.ino !== fingerprint.ino || info.dev !== fingerprint.dev;
}

/**
 * Bytes of the chain not read yet: the rest of `reader`'s file (0 for a
 * gzip) and every file after `after`. Never throws: on a failure, the sum
 * so far.
 *
 * @param fs The file driver.
 * @param livePath The live file.
 * @param reader The open file.
 * @param after The last file begun.
 * @returns The bytes left to read.
 *
 * @example Usage
 * ```ts
 * import type { ChainReader } from "./ship_files.ts";
 * import { unreadChainBytes } from "./ship_chain.ts";
 * import { getPlatform } from "../runtime/detect.ts";
 *
 * declare const reader: ChainReader;
 * unreadChainBytes(getPlatform().fs, "/var/log/app.log", reader, { stamp: 0, seq: 0 });
 * ```
 */
export function unreadChainBytes(
  fs: FileDriver,
  livePath: string,
  reader: ChainReader,
  after: Pick<ChainFile, "stamp" | "seq">,
): number {
  let unread = 0;
  try {
    unread = reader.file.compressed
      ? 0
      : Math.max(0, reader.size() - reader.position);
    for (const f of listChain(fs, livePath)) {
      if (compareChain(f, after) > 0 && f.path !== reader.file.path) {
        unread += fs.stat(f.path)?.size ?? 0;
      }
    }
  } catch {
    // stats never throw
  }
  return unread;
}
