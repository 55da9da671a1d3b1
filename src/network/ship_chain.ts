/**
 * Questions a file shipper asks of the rotation chain as it goes: which
 * file comes next, and whether the live file it reads was rotated away.
 *
 * @module
 */
import type { FileDriver } from "../runtime/driver.ts";
import { type ChainFile, compareChain, listChain } from "./ship_files.ts";
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
