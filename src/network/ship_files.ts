/**
 * The files the file shipper reads, in order: the rotated archives of a
 * live file (`app.<stamp>[_NNN].log`, or `….log.gz` once compressed),
 * oldest first by their name's stamp and suffix (the rotation order), then
 * the live file. An archive present both plain and compressed (compression
 * under way, or interrupted) is read plain: the plain file is complete
 * until compression unlinks it, and a reader holding it open keeps it.
 *
 * @module
 */
import { join } from "../file/_path.ts";
import type { FileDriver } from "../runtime/driver.ts";
import {
  closeFile,
  openFileSize,
  openForReading,
  readAt,
} from "../runtime/read_tail.ts";
import { ArchiveNames } from "../file/archive_names.ts";
import { type FileFingerprint, fingerprint } from "./ship_fingerprint.ts";
import { GzipBytes, gzipHead, gzipSize } from "./ship_gzip.ts";

/** One file of the chain. */
export interface ChainFile {
  /** Its path. */
  readonly path: string;
  /** The uncompressed archive name, or `undefined` for the live file. */
  readonly archive: string | undefined;
  /** Rotation order: stamp, then suffix (the live file: +Infinity). */
  readonly stamp: number;
  /** The suffix telling apart archives of the same moment. */
  readonly seq: number;
  /** Whether it is a `.gz`. */
  readonly compressed: boolean;
}

/**
 * Orders two chain files (archives by stamp and suffix, the live file last).
 *
 * @param a One.
 * @param b The other.
 * @returns Negative when `a` comes first.
 *
 * @example Usage
 * ```ts
 * import { compareChain } from "./ship_files.ts";
 *
 * compareChain({ stamp: 1, seq: 0 }, { stamp: 1, seq: 2 }); // -2
 * ```
 */
export function compareChain(
  a: Pick<ChainFile, "stamp" | "seq">,
  b: Pick<ChainFile, "stamp" | "seq">,
): number {
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? -1 : 1;
  return a.seq - b.seq;
}

/**
 * Lists the archives of `livePath` and the live file, in rotation order.
 *
 * @param fs The file driver.
 * @param livePath The live file.
 * @returns The chain, oldest first, the live file last (when it exists).
 *
 * @example Usage
 * ```ts
 * import { listChain } from "./ship_files.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * listChain(getPlatform().fs, "/var/log/app.log").map((f) => f.path);
 * ```
 */
export function listChain(fs: FileDriver, livePath: string): ChainFile[] {
  const names = new ArchiveNames(livePath);
  const byArchive = new Map<string, ChainFile>();
  let entries: string[] = [];
  try {
    entries = fs.readdir(names.dir);
  } catch {
    entries = [];
  }
  for (const name of entries) {
    const parsed = names.parse(name);
    if (parsed === undefined || parsed.temporary) continue;
    const seen = byArchive.get(parsed.archive);
    if (seen !== undefined && !seen.compressed) continue; // plain wins
    byArchive.set(parsed.archive, {
      path: join(names.dir, name),
      archive: parsed.archive,
      stamp: parsed.stamp,
      seq: parsed.seq,
      compressed: parsed.compressed,
    });
  }
  const chain = [...byArchive.values()].sort(compareChain);
  if (fs.stat(livePath)?.isFile === true) {
    chain.push({
      path: livePath,
      archive: undefined,
      stamp: Infinity,
      seq: 0,
      compressed: false,
    });
  }
  return chain;
}

/** Sequential reading of one file's uncompressed bytes. */
export interface ChainReader {
  /** The file as listed. */
  readonly file: ChainFile;
  /** Its fingerprint (the head grows with the file up to `headBytes`). */
  fingerprint: FileFingerprint;
  /** The uncompressed offset of the next byte to read. */
  readonly position: number;
  /** Bytes from `position` on (at most `max`); empty at the current end. */
  read(max: number): Promise<Uint8Array>;
  /** The size now (plain files; compressed: the compressed size). */
  size(): number;
  /** The uncompressed size (a `.gz`: from its trailer, see `gzipSize` in `ship_gzip.ts`). */
  uncompressedSize(): number;
  /** Retakes the fingerprint when the head was shorter than `headBytes`. */
  refreshHead(headBytes: number): void;
  /**
   * Whether the file was cut below what was read since (degraded mode cuts
   * the head of a line torn by a full disk off the live file before the
   * writer goes on; `truncateOnDiskFull` empties it). Then the reader
   * moves back: to `lineStart` (the end of the last whole line read) when
   * the file still reaches it, else to 0.
   *
   * @param held The bytes read after `lineStart` (a partial line).
   * @param lineStart The offset after the last whole line read.
   * @returns The offset moved back to, or `undefined` when not cut.
   */
  rewindIfCut(held: Uint8Array, lineStart: number): number | undefined;
  /** Releases the file. */
  close(): void;
}

class PlainReader implements ChainReader {
  readonly file: ChainFile;
  fingerprint: FileFingerprint;
  position: number;
  readonly #fd: number;
  readonly #dev: number;

  constructor(
    file: ChainFile,
    fd: number,
    dev: number,
    ino: number,
    headBytes: number,
    position: number,
  ) {
    this.file = file;
    this.#fd = fd;
    this.#dev = dev;
    this.fingerprint = fingerprint(dev, ino, readAt(fd, 0, headBytes));
    this.position = position;
  }

  read(max: number): Promise<Uint8Array> {
    const bytes = readAt(this.#fd, this.position, max);
    this.position += bytes.length;
    return Promise.resolve(bytes);
  }

  size(): number {
    return openFileSize(this.#fd);
  }

  uncompressedSize(): number {
    return openFileSize(this.#fd);
  }

  refreshHead(headBytes: number): void {
    if (this.fingerprint.headLength >= headBytes) return;
    const head = readAt(this.#fd, 0, headBytes);
    if (head.length > this.fingerprint.headLength) {
      this.fingerprint = fingerprint(this.#dev, this.fingerprint.ino, head);
    }
  }

  rewindIfCut(held: Uint8Array, lineStart: number): number | undefined {
    const size = openFileSize(this.#fd);
    if (size === this.position && held.length === 0) return undefined;
    let to: number | undefined;
    if (size < this.position) to = size >= lineStart ? lineStart : 0;
    else if (held.length > 0) {
      const now = readAt(this.#fd, lineStart, held.length);
      if (!sameBytes(now, held)) to = lineStart;
    }
    if (to !== undefined) this.position = to;
    return to;
  }

  close(): void {
    closeFile(this.#fd);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

class GzipReader implements ChainReader {
  readonly file: ChainFile;
  fingerprint: FileFingerprint;
  position = 0;
  readonly #fd: number;
  readonly #bytes: GzipBytes;

  constructor(file: ChainFile, fd: number, recorded: FileFingerprint) {
    this.file = file;
    this.#fd = fd;
    this.fingerprint = recorded;
    this.#bytes = new GzipBytes(fd);
  }

  async read(max: number): Promise<Uint8Array> {
    const out = await this.#bytes.read(max);
    this.position += out.length;
    return out;
  }

  /** Skips `n` uncompressed bytes; returns how many were there. */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      const got = await this.read(Math.min(n - skipped, 1 << 20));
      if (got.length === 0) break;
      skipped += got.length;
    }
    return skipped;
  }

  size(): number {
    return openFileSize(this.#fd);
  }

  uncompressedSize(): number {
    return gzipSize(this.#fd);
  }

  refreshHead(): void {}

  /** An archive is never cut. */
  rewindIfCut(): undefined {
    return undefined;
  }

  close(): void {
    this.#bytes.cancel();
    closeFile(this.#fd);
  }
}

/**
 * Opens a chain file at an uncompressed offset. A `.gz` is decompressed
 * from its start and the first `offset` bytes skipped; its fingerprint is
 * `recorded` when given (the plain file it was), else its own head.
 *
 * @param fs The file driver.
 * @param file The file.
 * @param offset Where to start.
 * @param headBytes The fingerprint's head size.
 * @param recorded The fingerprint of the plain file a `.gz` was.
 * @returns The reader, or `undefined` when the file is gone.
 * @throws When a `.gz` is corrupt or shorter than `offset`.
 *
 * @example Usage
 * ```ts
 * import { listChain, openChainFile } from "./ship_files.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * const [first] = listChain(fs, "/var/log/app.log");
 * if (first) (await openChainFile(fs, first, 0, 1024))?.close();
 * ```
 */
export async function openChainFile(
  fs: FileDriver,
  file: ChainFile,
  offset: number,
  headBytes: number,
  recorded?: FileFingerprint,
): Promise<ChainReader | undefined> {
  const opened = openForReading(file.path);
  if (opened === undefined) return undefined;
  if (!file.compressed) {
    const info = fs.stat(file.path);
    return new PlainReader(
      file,
      opened.fd,
      info?.dev ?? 0,
      opened.ino,
      headBytes,
      offset,
    );
  }
  let fp = recorded;
  if (fp === undefined) {
    const head = await gzipHead(opened.fd, headBytes);
    fp = fingerprint(0, opened.ino, head);
  }
  const reader = new GzipReader(file, opened.fd, fp);
  if (offset > 0) {
    const skipped = await reader.skip(offset);
    if (skipped < offset) {
      reader.close();
      throw new Error(
        `${file.path} holds ${skipped} bytes uncompressed, less than the cursor's ${offset}`,
      );
    }
  }
  return reader;
}

/**
 * The uncompressed size of a chain file: a plain file's size, a `.gz`'s
 * `gzipSize` (`ship_gzip.ts`); 0 when it is gone.
 *
 * @param fs The file driver.
 * @param file The file.
 * @returns The bytes.
 *
 * @example Usage
 * ```ts
 * import { listChain, uncompressedSizeOf } from "./ship_files.ts";
 * import { getPlatform } from "logrotor/compose";
 *
 * const fs = getPlatform().fs;
 * listChain(fs, "/var/log/app.log").map((f) => uncompressedSizeOf(fs, f));
 * ```
 */
export function uncompressedSizeOf(fs: FileDriver, file: ChainFile): number {
  if (!file.compressed) return fs.stat(file.path)?.size ?? 0;
  const opened = openForReading(file.path);
  if (opened === undefined) return 0;
  try {
    return gzipSize(opened.fd);
  } finally {
    closeFile(opened.fd);
  }
}
