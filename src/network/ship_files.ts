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

const gzipInputBytes = 64 * 1024;

class GzipReader implements ChainReader {
  readonly file: ChainFile;
  fingerprint: FileFingerprint;
  position = 0;
  readonly #fd: number;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #rest: Uint8Array = new Uint8Array(0);
  #done = false;

  constructor(file: ChainFile, fd: number, recorded: FileFingerprint) {
    this.file = file;
    this.#fd = fd;
    this.fingerprint = recorded;
    let at = 0;
    const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull(controller) {
        const bytes = readAt(fd, at, gzipInputBytes);
        at += bytes.length;
        if (bytes.length === 0) controller.close();
        else controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      },
    }, { highWaterMark: 0 });
    this.#reader = source.pipeThrough(new DecompressionStream("gzip"))
      .getReader();
  }

  async read(max: number): Promise<Uint8Array> {
    while (this.#rest.length === 0 && !this.#done) {
      const { value, done } = await this.#reader.read();
      if (done) this.#done = true;
      else this.#rest = value;
    }
    const out = this.#rest.subarray(0, max);
    this.#rest = this.#rest.subarray(out.length);
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

  refreshHead(): void {}

  /** An archive is never cut. */
  rewindIfCut(): undefined {
    return undefined;
  }

  /** Stops decompressing (the fd stays open). */
  cancel(): void {
    void this.#reader.cancel().catch(() => {});
  }

  close(): void {
    this.cancel();
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
    const head = await gzipHead(opened.fd, file, headBytes);
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
 * The uncompressed head of an open `.gz` (at most `n` bytes).
 *
 * @param fd The `.gz`'s descriptor (left open).
 * @param file The chain file.
 * @param n How many bytes.
 * @returns The bytes.
 */
export async function gzipHead(
  fd: number,
  file: ChainFile,
  n: number,
): Promise<Uint8Array> {
  const probe = new GzipReader(file, fd, fingerprint(0, 0, new Uint8Array()));
  const parts: Uint8Array[] = [];
  let got = 0;
  try {
    while (got < n) {
      const bytes = await probe.read(n - got);
      if (bytes.length === 0) break;
      parts.push(bytes.slice());
      got += bytes.length;
    }
  } finally {
    probe.cancel(); // the fd belongs to the caller
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
