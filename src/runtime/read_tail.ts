/**
 * Reading the end of a file without reading all of it (`tail`).
 *
 * @module
 */
import * as fs from "node:fs";

/**
 * Reads part of a file, plus its size and inode so a follower can notice
 * rotation: without `fromOffset`, the last `maxBytes` bytes; with it, at
 * most `maxBytes` bytes from that offset on.
 *
 * @param path The file.
 * @param fromOffset Where to start (clamped to the file's size), or
 *   `undefined` for the end of the file.
 * @param maxBytes The most to read.
 * @returns The bytes, where they start, and the file's size and inode;
 *   `undefined` when the file does not exist.
 *
 * @example Usage
 * ```ts ignore
 * import { readFileTail } from "./read_tail.ts";
 *
 * const tail = readFileTail("/var/log/app.log", undefined, 64 * 1024);
 * ```
 */
export function readFileTail(
  path: string,
  fromOffset: number | undefined,
  maxBytes: number,
): { bytes: Uint8Array; start: number; size: number; ino: number } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    const st = fs.fstatSync(fd);
    const start = fromOffset === undefined
      ? Math.max(0, st.size - maxBytes)
      : Math.min(fromOffset, st.size);
    const length = Math.min(maxBytes, st.size - start);
    const bytes = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = fs.readSync(fd, bytes, done, length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return {
      bytes: bytes.subarray(0, done),
      start,
      size: st.size,
      ino: st.ino,
    };
  } finally {
    fs.closeSync(fd);
  }
}
