/**
 * One contender, one mode, one fresh process: writes N × 120-byte lines to a
 * file, measures, verifies the output, prints one JSON line. `bench/run.sh`
 * runs it for every contender on every runtime.
 *
 *   deno run -A bench/file_bench.ts --contender logrotor --mode throughput \
 *     --out bench/out/x.log [--lines 1000000] [--keep]
 *
 * Modes: `throughput` (tight loop; wall from first write to closed, caller
 * ns/line, peak RSS), `latency` (each write() timed with performance.now()),
 * `stall` (slices of 1000 lines with a yield between them; a 1 ms interval
 * timer records the largest event-loop gap until close resolved).
 *
 * @module
 */
import * as fs from "node:fs";
import process from "node:process";
import type { LogRecord } from "@logtape/logtape";
import type { SonicBoom as SonicBoomClass } from "sonic-boom";
import {
  expectedLineBytes,
  type LineFormat,
  makeLine,
  verifyFiles,
} from "./_lines.ts";
import {
  clockFloorMicros,
  parseFlags,
  procMiB,
  quantile,
  removePath,
  runtimeName,
  runtimeVersion,
  StallProbe,
  yieldToLoop,
} from "./_measure.ts";

/** An opened contender. */
interface Writer {
  write(line: string): void;
  /** Resolves when every line is in the file and the file is closed. */
  close(): Promise<void>;
}

interface Contender {
  /** Output format (what verification expects). */
  format: LineFormat;
  /** False for the reference that writes nothing. */
  writesFile: boolean;
  open(path: string): Promise<Writer>;
}

const encoder = new TextEncoder();

function writeAll(fd: number, buf: Uint8Array, len: number): void {
  let off = 0;
  while (off < len) {
    const n = fs.writeSync(fd, buf, off, len - off);
    if (n <= 0) throw new Error("writeSync wrote 0 bytes");
    off += n;
  }
}

/** The yardstick: 64 KiB buffer, per-line encodeInto, writeSync with a short-write loop. */
function rawWriter(path: string, size: number): Writer {
  const fd = fs.openSync(path, "w");
  const buf = new Uint8Array(size);
  let len = 0;
  return {
    write(line) {
      if (len + line.length * 3 > size) {
        writeAll(fd, buf, len);
        len = 0;
      }
      len += encoder.encodeInto(line, buf.subarray(len)).written;
    },
    close() {
      writeAll(fd, buf, len);
      len = 0;
      fs.closeSync(fd);
      return Promise.resolve();
    },
  };
}

/**
 * The naive writer: lines joined per 64 Ki characters, one `writeSync` each.
 * With `fsync`, it also syncs at close, as logrotor does by default: the
 * floor of a single-threaded writer with the same durability.
 */
function joinWriter(path: string, fsync: boolean): Writer {
  const fd = fs.openSync(path, "w");
  let parts: string[] = [];
  let chars = 0;
  return {
    write(line) {
      parts.push(line);
      chars += line.length;
      if (chars >= 65536) {
        fs.writeSync(fd, parts.join(""));
        parts = [];
        chars = 0;
      }
    },
    close() {
      if (parts.length > 0) fs.writeSync(fd, parts.join(""));
      if (fsync) fs.fsyncSync(fd);
      fs.closeSync(fd);
      return Promise.resolve();
    },
  };
}

function endSonicBoom(
  dest: {
    end(): void;
    once(event: string, fn: (err?: unknown) => void): unknown;
  },
): Promise<void> {
  return new Promise((resolve, reject) => {
    dest.once("close", () => resolve());
    dest.once("error", (err) => reject(err));
    dest.end();
  });
}

function waitReady(
  dest: { once(event: string, fn: (err?: unknown) => void): unknown },
): Promise<void> {
  return new Promise((resolve, reject) => {
    dest.once("ready", () => resolve());
    dest.once("error", (err) => reject(err));
  });
}

/** sonic-boom is CommonJS (`module.exports = SonicBoom`): take the default. */
async function loadSonicBoom(): Promise<typeof SonicBoomClass> {
  const mod = await import("sonic-boom");
  return (mod as unknown as { default: typeof SonicBoomClass }).default;
}

let sink: number = 0; // keeps the build-only loop from being optimised away

const contenders: Record<string, Contender> = {
  /** Builds the lines and writes nothing: the floor of every contender. */
  "build-only": {
    format: "plain",
    writesFile: false,
    open() {
      return Promise.resolve({
        write(line) {
          sink += line.length;
        },
        close: () => Promise.resolve(),
      });
    },
  },
  "raw": {
    format: "plain",
    writesFile: true,
    open: (path) => Promise.resolve(rawWriter(path, 65536)),
  },
  "join": {
    format: "plain",
    writesFile: true,
    open: (path) => Promise.resolve(joinWriter(path, false)),
  },
  "join-fsync": {
    format: "plain",
    writesFile: true,
    open: (path) => Promise.resolve(joinWriter(path, true)),
  },
  /**
   * createFileSink with its defaults (fsync at close, exit hooks, timer).
   * Imported on use, so that the peers still run while src/ is mid-edit.
   */
  "logrotor": {
    format: "plain",
    writesFile: true,
    async open(path) {
      const { createFileSink } = await import("../mod.ts");
      const s = createFileSink(path);
      return {
        write: (line) => void s.write(line),
        close: () => s.close(),
      };
    },
  },
  /** The same with fsync: "never" (to show what the close-time fsync costs). */
  "logrotor-nofsync": {
    format: "plain",
    writesFile: true,
    async open(path) {
      const { createFileSink } = await import("../mod.ts");
      const s = createFileSink(path, { fsync: "never" });
      return {
        write: (line) => void s.write(line),
        close: () => s.close(),
      };
    },
  },
  "sonic-boom": {
    format: "plain",
    writesFile: true,
    async open(path) {
      const SonicBoom = await loadSonicBoom();
      const dest = new SonicBoom({ dest: path, sync: false, append: false });
      await waitReady(dest);
      return {
        write: (line) => void dest.write(line),
        close: () => endSonicBoom(dest),
      };
    },
  },
  "pino": {
    format: "pino",
    writesFile: true,
    async open(path) {
      const { default: pino } = await import("pino");
      const dest = pino.destination({ dest: path, sync: false, append: false });
      await waitReady(dest);
      const logger = pino({ base: null, timestamp: false }, dest);
      return {
        write: (line) => logger.info(line.slice(0, -1)),
        close: () => endSonicBoom(dest),
      };
    },
  },
  "logtape-nb": {
    format: "plain",
    writesFile: true,
    async open(path) {
      const { getFileSink } = await import("@logtape/file");
      // The first overload matches first; this one is AsyncDisposable.
      const s = getFileSink(path, {
        nonBlocking: true,
        formatter: (r) => r.message[0] as string,
      }) as unknown as ((record: LogRecord) => void) & AsyncDisposable;
      return {
        write: (line) => s(logRecord(line)),
        close: async () => await s[Symbol.asyncDispose](),
      };
    },
  },
  "logtape": {
    format: "plain",
    writesFile: true,
    async open(path) {
      const { getFileSink } = await import("@logtape/file");
      const s = getFileSink(path, {
        formatter: (r) => r.message[0] as string,
      });
      return {
        write: (line) => s(logRecord(line)),
        close: () => {
          s[Symbol.dispose]();
          return Promise.resolve();
        },
      };
    },
  },
};

const category = ["bench"] as const;
const noProperties = {};

/** What a LogTape logger hands its sinks for one `logger.info()`. */
function logRecord(line: string): LogRecord {
  return {
    category,
    level: "info" as const,
    message: [line],
    rawMessage: line,
    timestamp: Date.now(),
    properties: noProperties,
  };
}

interface Result {
  bench: "file";
  runtime: string;
  version: string;
  contender: string;
  mode: string;
  lines: number;
  ok: boolean;
  error?: string;
  wallMs?: number;
  loopMs?: number;
  closeMs?: number;
  callerNsPerLine?: number;
  mbPerSec?: number;
  p50us?: number;
  p99us?: number;
  p999us?: number;
  maxUs?: number;
  clockFloorUs?: number;
  maxStallMs?: number;
  rssStartMiB?: number;
  peakRssMiB?: number;
  verify?: unknown;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const name = flags.get("contender") ?? "logrotor";
  const mode = flags.get("mode") ?? "throughput";
  const n = Number(flags.get("lines") ?? 1_000_000);
  const out = flags.get("out") ?? `bench/out/${name}.log`;
  const result: Result = {
    bench: "file",
    runtime: runtimeName(),
    version: runtimeVersion(),
    contender: name,
    mode,
    lines: n,
    ok: false,
  };
  const contender = contenders[name];
  if (contender === undefined) {
    throw new Error(
      `unknown contender ${name} (${Object.keys(contenders).join(", ")})`,
    );
  }
  fs.mkdirSync(out.slice(0, out.lastIndexOf("/")) || ".", { recursive: true });
  removePath(out);
  try {
    result.rssStartMiB = procMiB("VmRSS");
    const w = await contender.open(out);
    if (mode === "throughput") {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) w.write(makeLine(i));
      const t1 = performance.now();
      await w.close();
      const t2 = performance.now();
      result.loopMs = t1 - t0;
      result.closeMs = t2 - t1;
      result.wallMs = t2 - t0;
      result.callerNsPerLine = (t1 - t0) * 1e6 / n;
      result.mbPerSec = n * expectedLineBytes(contender.format) /
        ((t2 - t0) * 1000);
    } else if (mode === "latency") {
      const lat = new Float64Array(n);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const line = makeLine(i);
        const a = performance.now();
        w.write(line);
        lat[i] = performance.now() - a;
      }
      await w.close();
      result.wallMs = performance.now() - t0;
      lat.sort();
      result.p50us = quantile(lat, 0.5) * 1000;
      result.p99us = quantile(lat, 0.99) * 1000;
      result.p999us = quantile(lat, 0.999) * 1000;
      result.maxUs = quantile(lat, 1) * 1000;
      result.clockFloorUs = clockFloorMicros();
    } else if (mode === "stall") {
      const slice = Number(flags.get("slice") ?? 1000);
      const probe = new StallProbe();
      await yieldToLoop();
      const t0 = performance.now();
      for (let i = 0; i < n;) {
        const end = Math.min(n, i + slice);
        for (; i < end; i++) w.write(makeLine(i));
        await yieldToLoop();
      }
      await w.close();
      result.wallMs = performance.now() - t0;
      result.maxStallMs = probe.stop();
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
    result.peakRssMiB = procMiB("VmHWM");
    if (contender.writesFile) {
      const v = verifyFiles([out], n, contender.format);
      result.verify = v;
      result.ok = v.ok;
      if (!v.ok) result.error = `verification failed: ${v.error}`;
    } else {
      result.ok = sink > 0;
    }
  } catch (err) {
    result.error = err instanceof Error
      ? `${err.name}: ${err.message}`
      : String(err);
  } finally {
    if (!flags.has("keep")) removePath(out);
  }
  process.stdout.write(JSON.stringify(result) + "\n");
  // Some peers keep timers or handles alive; the result is out, so leave.
  process.exit(0);
}

await main();
