/**
 * A {@linkcode Compressor} that gzips archives on the calling thread's
 * event loop with asynchronous `node:fs` and `node:zlib` calls, which Node
 * and Bun run on their thread pool (runtime-facts §7): the writer's thread
 * only moves 256 KiB chunks between them, and no worker isolate is paid
 * for (≈15–30 MB of peak RSS). Deno runs `node:zlib` on the event loop
 * itself, so it keeps the worker (`gzip_worker.ts`), which follows the same
 * protocol: `x.gz.tmp` created fresh with the archive's mode → fsync →
 * rename to `x.gz` → fsync the directory → unlink `x`.
 *
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import type { Compressor, GzipResult } from "./driver.ts";

const chunkBytes = 256 << 10;

function coded(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** `fn(...args, callback)` as a promise (the callback API: no fs/promises
 * FileHandle objects, which Bun and Deno close on garbage collection). */
function call<T>(
  fn: (...args: never[]) => void,
  ...args: unknown[]
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    (fn as (...a: unknown[]) => void)(
      ...args,
      (err: Error | null, value: T) => err ? reject(err) : resolve(value),
    );
  });
}

async function writeAll(fd: number, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const n = await call<number>(
      fs.write,
      fd,
      bytes,
      offset,
      bytes.length - offset,
      null,
    );
    if (n <= 0) throw coded("EIO", "write returned 0");
    offset += n;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = await call<number>(fs.open, dir, "r");
  try {
    await call(fs.fsync, fd);
  } finally {
    await call(fs.close, fd);
  }
}

/**
 * zlib's output written to `fd` in order, one write after the other, while
 * more input goes in; `finish()` ends the stream and waits for the rest.
 */
class GzipToFile {
  readonly #gzip: zlib.Gzip;
  readonly #fd: number;
  #writes: Promise<void> = Promise.resolve();
  #error: unknown;
  bytesOut = 0;

  constructor(level: number, fd: number) {
    this.#fd = fd;
    this.#gzip = zlib.createGzip({ level });
    this.#gzip.on("data", (data: Uint8Array) => {
      this.#writes = this.#writes.then(async () => {
        if (this.#error !== undefined) return;
        try {
          await writeAll(this.#fd, data);
          this.bytesOut += data.length;
        } catch (err) {
          this.#error = err;
        }
      });
    });
    this.#gzip.on("error", (err) => void (this.#error ??= err));
  }

  /** Resolves once zlib has taken `bytes` (the buffer may then be reused). */
  write(bytes: Uint8Array): Promise<void> {
    if (this.#error !== undefined) return Promise.reject(this.#error);
    return new Promise<void>((resolve, reject) => {
      this.#gzip.write(
        bytes,
        (err) => err ? reject(err) : resolve(),
      );
    });
  }

  /** Ends the stream; resolves when every byte is written to the file. */
  async finish(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#gzip.once("end", resolve);
      this.#gzip.once("error", reject);
      this.#gzip.end();
    });
    await this.#writes;
    if (this.#error !== undefined) throw this.#error;
  }

  destroy(): void {
    this.#gzip.destroy();
  }
}

async function gzipOnce(
  source: string,
  destination: string,
  level: number,
  abandoned: () => boolean,
): Promise<{ bytesIn: number; bytesOut: number }> {
  const tmp = `${destination}.tmp`;
  let input: number | undefined;
  let output: number | undefined;
  let gzip: GzipToFile | undefined;
  let bytesIn = 0;
  try {
    input = await call<number>(fs.open, source, "r");
    // The .gz keeps the archive's mode (a 0600 log stays 0600).
    const mode = (await call<fs.Stats>(fs.fstat, input)).mode & 0o777;
    // A fresh file, never through a link or over someone's file there.
    await call(fs.unlink, tmp).catch(() => {});
    output = await call<number>(fs.open, tmp, "wx", mode);
    await call(fs.fchmod, output, mode);
    gzip = new GzipToFile(level, output);
    const chunk = new Uint8Array(chunkBytes);
    for (;;) {
      if (abandoned()) throw coded("EWORKER", "compressor disposed");
      const n = await call<number>(fs.read, input, chunk, 0, chunkBytes, null);
      if (n <= 0) {
        const size = (await call<fs.Stats>(fs.fstat, input)).size;
        if (size > bytesIn) continue;
        break;
      }
      bytesIn += n;
      await gzip.write(chunk.subarray(0, n));
    }
    await gzip.finish();
    await call(fs.fsync, output);
    // A writer in shared mode that had not yet noticed the rotation may
    // have appended: start over so that its lines are in the .gz too.
    if ((await call<fs.Stats>(fs.fstat, input)).size !== bytesIn) {
      throw coded("EGREW", `${source} grew while compressed`);
    }
    await call(fs.close, output);
    output = undefined;
    await call(fs.close, input);
    input = undefined;
    await call(fs.rename, tmp, destination);
    await fsyncDir(path.dirname(destination));
    await call(fs.unlink, source);
    return { bytesIn, bytesOut: gzip.bytesOut };
  } catch (err) {
    gzip?.destroy();
    if (output !== undefined) await call(fs.close, output).catch(() => {});
    if (input !== undefined) await call(fs.close, input).catch(() => {});
    await call(fs.unlink, tmp).catch(() => {});
    throw err;
  }
}

/**
 * Creates a compressor that runs on the caller's event loop, its zlib and
 * file work on the runtime's thread pool (Node and Bun only).
 *
 * @returns The compressor.
 *
 * @example Usage
 * ```ts
 * import { createInProcessCompressor } from "./gzip_in_process.ts";
 *
 * const compressor = createInProcessCompressor();
 * const result = await compressor.gzipFile("/tmp/a.log", "/tmp/a.log.gz");
 * compressor.dispose();
 * ```
 */
export function createInProcessCompressor(): Compressor {
  // dispose() abandons the jobs running then (like terminating a worker);
  // a later job runs normally.
  let generation = 0;
  return {
    async gzipFile(
      source: string,
      destination: string,
      level = 6,
    ): Promise<GzipResult> {
      const mine = generation;
      const abandoned = () => generation !== mine;
      const started = performance.now();
      for (let attempt = 0;; attempt++) {
        try {
          const result = await gzipOnce(source, destination, level, abandoned);
          return { ...result, ms: performance.now() - started };
        } catch (err) {
          const code = (err as { code?: unknown } | null)?.code;
          if (code !== "EGREW" || attempt >= 8) throw err;
        }
      }
    },
    warmUp(): void {},
    dispose(): void {
      generation++;
    },
  };
}
