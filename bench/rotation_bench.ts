/**
 * Rotation at 16 MiB, with and without gzip: one contender per fresh process,
 * 1M × 120 B lines, wall until close() resolved, then every line checked
 * across the live file and all archives (gunzipped). Also records whether the
 * archives were complete when close() resolved or finished later.
 *
 *   deno run -A bench/rotation_bench.ts --contender logrotor-rot-gz \
 *     --out /tmp/x/out.log [--lines 1000000] [--mode throughput|stall]
 *
 * @module
 */
import * as fs from "node:fs";
import process from "node:process";
import { expectedLineBytes, makeLine, verifyFiles } from "./_lines.ts";
import {
  parseFlags,
  procMiB,
  removePath,
  runtimeName,
  runtimeVersion,
  StallProbe,
  yieldToLoop,
} from "./_measure.ts";

const MAX_BYTES = 16 * 1024 * 1024;

interface Writer {
  write(line: string): void;
  close(): Promise<void>;
}

interface Contender {
  gzip: boolean;
  open(dir: string, file: string): Promise<Writer>;
}

function logrotorRotating(gzip: boolean): Contender {
  return {
    gzip,
    async open(_dir, file) {
      // Imported here so that the peers still run while src/ is mid-edit.
      const { createRotatingFileSink } = await import("../mod.ts");
      const s = createRotatingFileSink(
        file,
        gzip
          ? { maxSize: MAX_BYTES, keep: 1000, compress: "gzip" }
          : { maxSize: MAX_BYTES, keep: 1000 },
      );
      return {
        write: (line) => void s.write(line),
        close: () => s.close(),
      };
    },
  };
}

const encoder = new TextEncoder();

function once(
  emitter: { once(event: string, fn: (err?: unknown) => void): unknown },
  event: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    emitter.once(event, () => resolve());
    emitter.once("error", (err) => reject(err));
  });
}

function winstonContender(gzip: boolean): Contender {
  return {
    gzip,
    async open(dir) {
      const winston = (await import("winston")).default;
      const DailyRotateFile = (await import("winston-daily-rotate-file"))
        .default;
      const transport = new DailyRotateFile({
        dirname: dir,
        filename: "app-%DATE%.log",
        datePattern: "YYYY-MM-DD",
        maxSize: "16m",
        maxFiles: 1000,
        zippedArchive: gzip,
        auditFile: `${dir}/.audit.json`,
      });
      const logger = winston.createLogger({
        format: winston.format.printf((info) => String(info.message)),
        transports: [transport],
      });
      return {
        write: (line) => void logger.info(line.slice(0, -1)),
        close: () => {
          const done = once(transport, "finish");
          logger.end();
          return done;
        },
      };
    },
  };
}

function log4jsContender(gzip: boolean): Contender {
  return {
    gzip,
    async open(_dir, file) {
      const log4js = (await import("log4js")).default;
      log4js.configure({
        appenders: {
          file: {
            type: "file",
            filename: file,
            maxLogSize: MAX_BYTES,
            backups: 1000,
            compress: gzip,
            layout: { type: "messagePassThrough" },
          },
        },
        categories: { default: { appenders: ["file"], level: "info" } },
      });
      const logger = log4js.getLogger();
      return {
        write: (line) => logger.info(line.slice(0, -1)),
        close: () =>
          new Promise<void>((resolve, reject) =>
            log4js.shutdown((err) => err ? reject(err) : resolve())
          ),
      };
    },
  };
}

function rfsContender(gzip: boolean): Contender {
  return {
    gzip,
    async open(dir) {
      const rfs = await import("rotating-file-stream");
      const stream = rfs.createStream(
        "app.log",
        gzip
          ? { path: dir, size: "16M", compress: "gzip", maxFiles: 1000 }
          : { path: dir, size: "16M", maxFiles: 1000 },
      );
      return {
        write: (line) => void stream.write(line),
        close: () => {
          const done = once(stream, "finish");
          stream.end();
          return done;
        },
      };
    },
  };
}

const contenders: Record<string, Contender> = {
  /** The plain yardstick (no rotation), as in file_bench.ts. */
  "raw": {
    gzip: false,
    open(_dir, file) {
      const fd = fs.openSync(file, "w");
      const size = 65536;
      const buf = new Uint8Array(size);
      let len = 0;
      const flush = () => {
        let off = 0;
        while (off < len) off += fs.writeSync(fd, buf, off, len - off);
        len = 0;
      };
      return Promise.resolve({
        write(line) {
          if (len + line.length * 3 > size) flush();
          len += encoder.encodeInto(line, buf.subarray(len)).written;
        },
        close() {
          flush();
          fs.closeSync(fd);
          return Promise.resolve();
        },
      });
    },
  },
  "logrotor-rot": logrotorRotating(false),
  "logrotor-rot-gz": logrotorRotating(true),
  "logtape-rot": {
    gzip: false,
    async open(_dir, file) {
      const { getRotatingFileSink } = await import("@logtape/file");
      const s = getRotatingFileSink(file, {
        maxSize: MAX_BYTES,
        maxFiles: 1000,
        nonBlocking: true,
        formatter: (r) => r.message[0] as string,
      }) as unknown as ((record: unknown) => void) & AsyncDisposable;
      const category = ["bench"];
      const properties = {};
      return {
        write: (line) =>
          s({
            category,
            level: "info",
            message: [line],
            rawMessage: line,
            timestamp: Date.now(),
            properties,
          }),
        close: async () => await s[Symbol.asyncDispose](),
      };
    },
  },
  "winston": winstonContender(false),
  "winston-gz": winstonContender(true),
  "log4js": log4jsContender(false),
  "log4js-gz": log4jsContender(true),
  "rfs": rfsContender(false),
  "rfs-gz": rfsContender(true),
};

/** Output files of a run (the peers' bookkeeping files left out). */
function outputFiles(dir: string): string[] {
  return fs.readdirSync(dir)
    .filter((f) =>
      !f.startsWith(".") && !f.endsWith(".json") && !f.endsWith(".txt")
    )
    .map((f) => `${dir}/${f}`)
    .filter((p) => fs.statSync(p).isFile())
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
}

/** Uncompressed size from a gzip trailer (ISIZE), or -1. */
function gzipSize(path: string): number {
  const fd = fs.openSync(path, "r");
  try {
    const size = fs.fstatSync(fd).size;
    if (size < 18) return -1;
    const tail = new Uint8Array(4);
    fs.readSync(fd, tail, 0, 4, size - 4);
    return new DataView(tail.buffer).getUint32(0, true);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether all data is on disk now: no temp file, (with gzip) at most one
 * uncompressed file, and the plain sizes plus the gzip trailers' sizes add up
 * to every byte written. Cheap enough to poll; the full check is verifyFiles.
 */
function complete(dir: string, gzip: boolean, bytes: number): boolean {
  const files = outputFiles(dir);
  if (files.some((f) => f.endsWith(".tmp"))) return false;
  const plain = files.filter((f) => !f.endsWith(".gz"));
  if (gzip && plain.length > 1) return false;
  let total = 0;
  for (const f of files) {
    total += f.endsWith(".gz") ? gzipSize(f) : fs.statSync(f).size;
  }
  return total === bytes;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const name = flags.get("contender") ?? "logrotor-rot";
  const mode = flags.get("mode") ?? "throughput";
  const n = Number(flags.get("lines") ?? 1_000_000);
  const out = flags.get("out") ?? `bench/out/rotation/${name}/app.log`;
  const dir = out.slice(0, out.lastIndexOf("/")) || ".";
  const result: Record<string, unknown> = {
    bench: "rotation",
    runtime: runtimeName(),
    version: runtimeVersion(),
    contender: name,
    mode,
    lines: n,
    ok: false,
  };
  const contender = contenders[name];
  try {
    if (contender === undefined) throw new Error(`unknown contender ${name}`);
    removePath(dir);
    fs.mkdirSync(dir, { recursive: true });
    const w = await contender.open(dir, out);
    const probe = mode === "stall" ? new StallProbe() : undefined;
    if (probe !== undefined) await yieldToLoop();
    const t0 = performance.now();
    if (probe === undefined) {
      for (let i = 0; i < n; i++) w.write(makeLine(i));
    } else {
      for (let i = 0; i < n;) {
        const end = Math.min(n, i + 1000);
        for (; i < end; i++) w.write(makeLine(i));
        await yieldToLoop();
      }
    }
    const t1 = performance.now();
    await w.close();
    const t2 = performance.now();
    if (probe !== undefined) result.maxStallMs = probe.stop();
    result.loopMs = t1 - t0;
    result.closeMs = t2 - t1;
    result.wallMs = t2 - t0;
    result.mbPerSec = n * expectedLineBytes("plain") / ((t2 - t0) * 1000);
    result.peakRssMiB = procMiB("VmHWM");
    const bytes = n * expectedLineBytes("plain");
    result.completeAtClose = complete(dir, contender.gzip, bytes);
    if (result.completeAtClose === false) {
      // The peer finishes in the background: wait (up to --wait-ms) and time it.
      const deadline = performance.now() +
        Number(flags.get("wait-ms") ?? 15_000);
      let done = false;
      while (!(done = complete(dir, contender.gzip, bytes))) {
        if (performance.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      result.doneMs = performance.now() - t0;
      result.doneTimedOut = !done;
    }
    const files = outputFiles(dir);
    result.files = files.length;
    result.gzFiles = files.filter((f) => f.endsWith(".gz")).length;
    const v = verifyFiles(files, n, "plain");
    result.verify = v;
    result.ok = v.ok;
    if (!v.ok) result.error = `verification failed: ${v.error}`;
  } catch (err) {
    result.error = err instanceof Error
      ? `${err.name}: ${err.message}`
      : String(err);
  } finally {
    if (!flags.has("keep")) removePath(dir);
  }
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(0);
}

await main();
