/**
 * Reading files by position: the end of a file (`tail`), and an open file
 * followed by fd (`tail -F`), so a rotated-away file can be finished even
 * after its name is gone.
 *
 * @module
 */
import * as fs from "node:fs";

/**
 * Reads part of a file, plus its size and inode: without `fromOffset`, the
 * last `maxBytes` bytes; with it, at most `maxBytes` bytes from that offset
 * on.
 *
 * @param path The file.
 * @param fromOffset Where to start (clamped to the file's size), or
 *   `undefined` for the end of the file.
 * @param maxBytes The most to read.
 * @returns The bytes, where they start, and the file's size and inode;
 *   `undefined` when the file does not exist.
 *
 * @example Usage
 * ```ts
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
  const opened = openForReading(path);
  if (opened === undefined) return undefined;
  try {
    const size = fs.fstatSync(opened.fd).size;
    const start = fromOffset === undefined
      ? Math.max(0, size - maxBytes)
      : Math.min(fromOffset, size);
    const bytes = readAt(opened.fd, start, Math.min(maxBytes, size - start));
    return { bytes, start, size, ino: opened.ino };
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** A file open for reading, and its inode. */
export interface OpenedFile {
  /** The descriptor. */
  readonly fd: number;
  /** The inode it refers to (stable while it is open). */
  readonly ino: number;
}

/**
 * Opens a file for reading.
 *
 * @param path The file.
 * @returns The fd and inode, or `undefined` when the file does not exist.
 * @throws The open error (`EACCES`, Deno's `NotCapable`, …) or an `EISDIR`
 *   error for a directory.
 *
 * @example Usage
 * ```ts
 * import { closeFile, openForReading } from "./read_tail.ts";
 *
 * const opened = openForReading("/var/log/app.log");
 * if (opened) closeFile(opened.fd);
 * ```
 */
export function openForReading(path: string): OpenedFile | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return undefined;
    throw err;
  }
  const info = fs.fstatSync(fd);
  if (info.isDirectory()) {
    fs.closeSync(fd);
    // open(2) accepts a directory for reading; name it before a read fails.
    throw Object.assign(
      new Error(`EISDIR: illegal operation on a directory, open '${path}'`),
      { code: "EISDIR", path },
    );
  }
  return { fd, ino: info.ino };
}

/**
 * The size of an open file.
 *
 * @param fd The descriptor.
 * @returns Its size in bytes.
 */
export function openFileSize(fd: number): number {
  return fs.fstatSync(fd).size;
}

/**
 * Reads up to `length` bytes at `position` (fewer at the end of the file).
 *
 * @param fd The descriptor.
 * @param position Where to read.
 * @param length How much at most.
 * @returns The bytes read.
 */
export function readAt(
  fd: number,
  position: number,
  length: number,
): Uint8Array {
  const bytes = new Uint8Array(Math.max(0, length));
  let done = 0;
  while (done < bytes.length) {
    const n = fs.readSync(
      fd,
      bytes,
      done,
      bytes.length - done,
      position + done,
    );
    if (n === 0) break;
    done += n;
  }
  return bytes.subarray(0, done);
}

/**
 * Closes a descriptor from {@linkcode openForReading}.
 *
 * @param fd The descriptor.
 */
export function closeFile(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed
  }
}
