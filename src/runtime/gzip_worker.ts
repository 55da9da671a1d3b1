/**
 * A {@linkcode Compressor} that gzips archives in a `node:worker_threads`
 * worker, so compression never runs on the writer's thread. Measured (see
 * runtime-facts §7 and `tests/compress_test.ts`): `node:zlib` async is
 * off-thread on Node and Bun but blocks the event loop on Deno, and
 * `CompressionStream` starves timers on Bun and Deno; a worker running
 * `node:zlib` streams is off-thread on all three and is the fastest of the
 * portable choices (≈100–160 MiB/s at the default level).
 *
 * The worker's source is an inline CommonJS string (`eval: true`), which
 * Node, Bun and Deno all accept, so it works from `.ts` sources and from
 * the compiled `dist/` alike without a separate worker file.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import type { Compressor, GzipResult } from "./driver.ts";

const workerSource = `
"use strict";
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

function writeAll(fd, buf) {
  let off = 0;
  while (off < buf.length) {
    const n = fs.writeSync(fd, buf, off, buf.length - off);
    if (n <= 0) throw Object.assign(new Error("write returned 0"), { code: "EIO" });
    off += n;
  }
}

function fsyncDir(dir) {
  const fd = fs.openSync(dir, "r");
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}

// A writer in shared mode that has not yet noticed the rotation may still
// append to the archive: read to its current end, and start over when it
// grew after the last read, before the .gz is put in place.
async function gzipFile(source, destination, level) {
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await gzipOnce(source, destination, level, started);
    } catch (err) {
      if (!err || err.code !== "EGREW" || attempt >= 8) throw err;
    }
  }
}

async function gzipOnce(source, destination, level, started) {
  const tmp = destination + ".tmp";
  let input, output, gzip, bytesIn = 0, bytesOut = 0;
  try {
    input = fs.openSync(source, "r");
    // The .gz keeps the archive's mode (a 0600 log stays 0600).
    const mode = fs.fstatSync(input).mode & 0o777;
    // A fresh file, never through a link or over someone's file at that name.
    try { fs.unlinkSync(tmp); } catch {}
    output = fs.openSync(tmp, "wx", mode);
    fs.fchmodSync(output, mode);
    gzip = zlib.createGzip({ level });
    // One read buffer, reused: each write waits until zlib has taken the
    // chunk, so no copy per read piles up until the worker's next GC.
    const chunk = Buffer.allocUnsafe(256 << 10);
    const out = output;
    // A failed write (ENOSPC) must reject this job, never throw out of the
    // event handler: that would kill the worker and leave the .tmp behind.
    let writeError;
    gzip.on("data", (data) => {
      if (writeError !== undefined) return;
      try {
        writeAll(out, data);
        bytesOut += data.length;
      } catch (err) {
        writeError = err;
        gzip.emit("logrotor-abort");
      }
    });
    const finished = new Promise((resolve, reject) => {
      gzip.on("end", resolve);
      gzip.on("error", reject);
      gzip.on("logrotor-abort", () => reject(writeError));
    });
    finished.catch(() => {});
    for (;;) {
      if (writeError !== undefined) throw writeError;
      const n = fs.readSync(input, chunk, 0, chunk.length, null);
      if (n <= 0) {
        if (fs.fstatSync(input).size > bytesIn) continue;
        break;
      }
      bytesIn += n;
      await Promise.race([
        new Promise((resolve) => gzip.write(chunk.subarray(0, n), resolve)),
        finished,
      ]);
    }
    if (writeError !== undefined) throw writeError;
    gzip.end();
    await finished;
    if (writeError !== undefined) throw writeError;
    fs.fsyncSync(output);
    if (fs.fstatSync(input).size !== bytesIn) {
      throw Object.assign(new Error(source + " grew while compressed"), { code: "EGREW" });
    }
    fs.closeSync(output);
    output = undefined;
    fs.closeSync(input);
    input = undefined;
    fs.renameSync(tmp, destination);
    fsyncDir(path.dirname(destination));
    fs.unlinkSync(source);
  } catch (err) {
    if (gzip !== undefined) try { gzip.destroy(); } catch {}
    if (output !== undefined) try { fs.closeSync(output); } catch {}
    if (input !== undefined) try { fs.closeSync(input); } catch {}
    try { fs.unlinkSync(tmp); } catch {}
    throw err;
  }
  return { bytesIn, bytesOut, ms: performance.now() - started };
}

parentPort.on("message", (job) => {
  gzipFile(job.source, job.destination, job.level).then(
    (result) => parentPort.postMessage({ id: job.id, ok: true, result }),
    (err) => parentPort.postMessage({
      id: job.id,
      ok: false,
      code: err && typeof err.code === "string" ? err.code : "UNKNOWN",
      message: err && err.message ? String(err.message) : String(err),
    }),
  );
});
`;

interface Reply {
  id: number;
  ok: boolean;
  result?: GzipResult;
  code?: string;
  message?: string;
}

interface Job {
  resolve(result: GzipResult): void;
  reject(err: Error): void;
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Creates a compressor backed by one lazily started worker. The worker
 * keeps the process alive only while a job runs and lives until
 * `dispose()` (starting one blocks the caller: 2 ms on Node, 8 ms on Bun,
 * 37 ms on Deno, so it is started once, ideally with `warmUp()` before the
 * hot path begins).
 * @returns The compressor.
 *
 * @example Usage
 * ```ts
 * import { createWorkerCompressor } from "./gzip_worker.ts";
 *
 * const compressor = createWorkerCompressor();
 * const result = await compressor.gzipFile("/tmp/a.log", "/tmp/a.log.gz");
 * compressor.dispose();
 * ```
 */
export function createWorkerCompressor(): Compressor {
  let worker: Worker | undefined;
  let nextId = 1;
  const jobs = new Map<number, Job>();

  function failAll(err: Error): void {
    const pending = [...jobs.values()];
    jobs.clear();
    for (const job of pending) job.reject(err);
  }

  function stop(): void {
    const w = worker;
    worker = undefined;
    if (w !== undefined) void w.terminate().catch(() => {});
  }

  function start(): Worker {
    const w = new Worker(workerSource, { eval: true });
    w.on("message", (reply: Reply) => {
      const job = jobs.get(reply.id);
      if (job === undefined) return;
      jobs.delete(reply.id);
      if (reply.ok && reply.result) job.resolve(reply.result);
      else {
        job.reject(
          codedError(reply.code ?? "UNKNOWN", reply.message ?? "failed"),
        );
      }
      if (jobs.size === 0 && worker === w) w.unref();
    });
    w.on("error", (err: Error) => {
      if (worker === w) worker = undefined;
      failAll(codedError("EWORKER", `compression worker failed: ${err}`));
    });
    w.on("exit", () => {
      if (worker !== w) return; // stopped on purpose
      worker = undefined;
      failAll(codedError("EWORKER", "compression worker stopped"));
    });
    return w;
  }

  function ensureWorker(): Worker {
    if (worker === undefined) {
      worker = start();
      worker.unref();
    }
    return worker;
  }

  return {
    gzipFile(
      source: string,
      destination: string,
      level = 6,
    ): Promise<GzipResult> {
      const w = ensureWorker();
      w.ref();
      const id = nextId++;
      return new Promise<GzipResult>((resolve, reject) => {
        jobs.set(id, { resolve, reject });
        w.postMessage({ id, source, destination, level });
      });
    },
    warmUp(): void {
      ensureWorker();
    },
    dispose(): void {
      stop();
      failAll(codedError("EWORKER", "compressor disposed"));
    },
  };
}
