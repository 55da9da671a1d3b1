/**
 * Reading `.gz` archives for the file shipper: their uncompressed bytes in
 * order (decompressed as they are read, from a file descriptor), their
 * uncompressed head (to recognise a file after compression) and their
 * uncompressed size (from the gzip trailer, for the lag).
 *
 * @module
 */
import { openFileSize, readAt } from "../runtime/read_tail.ts";

const inputBytes = 64 * 1024;

/**
 * The uncompressed bytes of an open `.gz`, read in order.
 *
 * @example Usage
 * ```ts
 * import { GzipBytes } from "./ship_gzip.ts";
 * import { closeFile, openForReading } from "../runtime/read_tail.ts";
 *
 * const opened = openForReading("/var/log/app.2026-01-01T00-00-00.000Z.log.gz");
 * if (opened) {
 *   const gz = new GzipBytes(opened.fd);
 *   await gz.read(1024);
 *   gz.cancel();
 *   closeFile(opened.fd);
 * }
 * ```
 */
export class GzipBytes {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #rest: Uint8Array = new Uint8Array(0);
  #done = false;

  /** @param fd The `.gz` (read from its start; the caller closes it). */
  constructor(fd: number) {
    let at = 0;
    const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull(controller) {
        const bytes = readAt(fd, at, inputBytes);
        at += bytes.length;
        if (bytes.length === 0) controller.close();
        else controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      },
    }, { highWaterMark: 0 });
    this.#reader = source.pipeThrough(new DecompressionStream("gzip"))
      .getReader();
  }

  /**
   * The next bytes (at most `max`); empty at the end.
   *
   * @throws {TypeError} When the data is not a valid gzip.
   */
  async read(max: number): Promise<Uint8Array> {
    while (this.#rest.length === 0 && !this.#done) {
      const { value, done } = await this.#reader.read();
      if (done) this.#done = true;
      else this.#rest = value;
    }
    const out = this.#rest.subarray(0, max);
    this.#rest = this.#rest.subarray(out.length);
    return out;
  }

  /** Stops decompressing. */
  cancel(): void {
    void this.#reader.cancel().catch(() => {});
  }
}

/**
 * The uncompressed head of an open `.gz` (at most `n` bytes).
 *
 * @param fd The `.gz`'s descriptor (left open).
 * @param n How many bytes.
 * @returns The bytes.
 *
 * @example Usage
 * ```ts
 * import { gzipHead } from "./ship_gzip.ts";
 * import { closeFile, openForReading } from "../runtime/read_tail.ts";
 *
 * const opened = openForReading("/var/log/app.2026-01-01T00-00-00.000Z.log.gz");
 * if (opened) {
 *   await gzipHead(opened.fd, 1024);
 *   closeFile(opened.fd);
 * }
 * ```
 */
export async function gzipHead(fd: number, n: number): Promise<Uint8Array> {
  const probe = new GzipBytes(fd);
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
    probe.cancel();
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The uncompressed size of an open `.gz`, from its trailer (ISIZE, the
 * last 4 bytes): exact for a single-member gzip (what logrotor writes) of
 * less than 4 GiB uncompressed. ISIZE is the size modulo 2^32, so an
 * archive of 4 GiB or more reads smaller than it is (by a multiple of
 * 4 GiB); a multi-member gzip reports its last member only.
 *
 * @param fd The `.gz`'s descriptor (left open).
 * @returns The size, or 0 for a file too short to be a gzip.
 *
 * @example Usage
 * ```ts
 * import { gzipSize } from "./ship_gzip.ts";
 * import { closeFile, openForReading } from "../runtime/read_tail.ts";
 *
 * const opened = openForReading("/var/log/app.2026-01-01T00-00-00.000Z.log.gz");
 * if (opened) {
 *   gzipSize(opened.fd);
 *   closeFile(opened.fd);
 * }
 * ```
 */
export function gzipSize(fd: number): number {
  const size = openFileSize(fd);
  if (size < 18) return 0; // header (10) + trailer (8)
  const t = readAt(fd, size - 4, 4);
  if (t.length < 4) return 0;
  return (t[0]! | (t[1]! << 8) | (t[2]! << 16) | (t[3]! << 24)) >>> 0;
}
