/**
 * Variants of logrotor's string hot path, stripped to the bone, to find out
 * where the time goes (a scratch model of src/sinks/buffered_sink.ts, not the
 * real thing). One variant per process:
 *
 *   deno run -A bench/hotpath_bench.ts --variant model --mode throughput
 *
 * `model` mirrors the current sink: strings pushed to an array, newlines
 * counted per write with an indexOf loop, a flush when the pending chars reach
 * flushBytes that joins, encodeInto's the result into a byte buffer and
 * writeSync's it with a short-write loop. The other variants change one thing.
 * bench/hotpath.sh runs them all interleaved.
 *
 * @module
 */
import * as fs from "node:fs";
import process from "node:process";
import type { FileSinkOptions } from "../mod.ts";
import { makeLine, verifyFiles } from "./_lines.ts";
import {
  parseFlags,
  procMiB,
  quantile,
  removePath,
  runtimeName,
} from "./_measure.ts";

interface Writer {
  write(chunk: string): boolean;
  close(): void;
}

interface ModelOptions {
  flushBytes: number;
  /**
   * Per-write inspection of the string. "loop": indexOf loop + charCodeAt of
   * the last char (current); "fast": one indexOf, loop only if needed;
   * "deferred": nothing per write, newlines counted in the encoded bytes at
   * flush and the last byte checked there; "joined": nothing per write,
   * newlines counted with indexOf in the joined (flat) string at flush;
   * "none": nothing at all.
   */
  count: "loop" | "fast" | "deferred" | "joined" | "none";
  /** How pending strings are kept: array + join (current) or `+=`. */
  collect: "join" | "concat";
  /** How the flush writes: encodeInto a buffer (current), encode(), or writeSync(string). */
  encode: "encodeInto" | "encode" | "string";
  /**
   * "none"; "sync": fsyncSync at close (the current default); "async8m":
   * also fire fs.fsync (thread pool) every 8 MiB so that close has less left.
   */
  fsync: "none" | "sync" | "async8m";
}

const encoder = new TextEncoder();

function countLoop(chunk: string): number {
  let count = 0;
  let at = chunk.indexOf("\n");
  while (at !== -1) {
    count++;
    at = chunk.indexOf("\n", at + 1);
  }
  return count;
}

function countFast(chunk: string): number {
  const at = chunk.indexOf("\n");
  if (at === -1) return 0;
  if (at === chunk.length - 1) return 1;
  return countLoop(chunk);
}

function writeAll(fd: number, buf: Uint8Array, off: number, len: number) {
  let done = 0;
  while (done < len) {
    const n = fs.writeSync(fd, buf, off + done, len - done);
    if (n <= 0) throw new Error("short write of 0");
    done += n;
  }
}

function model(path: string, o: ModelOptions): Writer {
  const fd = fs.openSync(path, "w");
  let strings: string[] = [];
  let text = "";
  let chars = 0;
  let buf = new Uint8Array(Math.max(o.flushBytes * 2, 4096));
  let lines = 0;
  let writes = 0;
  let endsOpen = false;
  let written = 0;
  let sinceSync = 0;
  let inFlight = 0;
  const flush = () => {
    if (chars === 0) return;
    const s = o.collect === "join"
      ? (strings.length === 1 ? strings[0] as string : strings.join(""))
      : text;
    strings = [];
    text = "";
    chars = 0;
    if (o.count === "joined") {
      let at = s.indexOf("\n");
      while (at !== -1) {
        lines++;
        at = s.indexOf("\n", at + 1);
      }
      endsOpen = s.charCodeAt(s.length - 1) !== 10;
    }
    if (o.encode === "string") {
      fs.writeSync(fd, s);
      written += s.length;
    } else if (o.encode === "encode") {
      const bytes = encoder.encode(s);
      writeAll(fd, bytes, 0, bytes.length);
      written += bytes.length;
    } else {
      if (s.length * 3 > buf.length) buf = new Uint8Array(s.length * 3);
      const n = encoder.encodeInto(s, buf).written;
      if (o.count === "deferred") {
        let at = buf.indexOf(10);
        while (at !== -1 && at < n) {
          lines++;
          at = buf.indexOf(10, at + 1);
        }
        endsOpen = buf[n - 1] !== 10;
      }
      writeAll(fd, buf, 0, n);
      written += n;
    }
    if (o.fsync === "async8m") {
      // Fire-and-forget on the thread pool; in a tight loop the callbacks
      // only run at close, so do not gate on them.
      sinceSync += s.length;
      if (sinceSync >= 8 << 20) {
        sinceSync = 0;
        inFlight++;
        fs.fsync(fd, () => inFlight--);
      }
    }
  };
  return {
    write(chunk) {
      const n = chunk.length;
      if (n === 0) return true;
      if (chars + n > o.flushBytes) flush();
      if (o.collect === "join") strings.push(chunk);
      else text += chunk;
      chars += n;
      if (o.count === "loop") lines += countLoop(chunk);
      else if (o.count === "fast") lines += countFast(chunk);
      writes++;
      if (o.count === "loop" || o.count === "fast") {
        endsOpen = chunk.charCodeAt(n - 1) !== 10;
      }
      return true;
    },
    close() {
      flush();
      if (o.fsync !== "none") fs.fsyncSync(fd);
      fs.closeSync(fd);
      if (endsOpen || lines + writes + written < 0) {
        throw new Error("unreachable");
      }
    },
  };
}

const base: ModelOptions = {
  flushBytes: 65536,
  count: "loop",
  collect: "join",
  encode: "encodeInto",
  fsync: "none",
};

const variants: Record<string, ModelOptions> = {
  "model": base,
  "count-fast": { ...base, count: "fast" },
  "count-none": { ...base, count: "none" },
  "count-deferred": { ...base, count: "deferred" },
  "count-joined": { ...base, count: "joined" },
  "joined-256k": { ...base, count: "joined", flushBytes: 256 << 10 },
  "concat": { ...base, collect: "concat" },
  "encode": { ...base, encode: "encode" },
  "write-string": { ...base, encode: "string" },
  "flush-256k": { ...base, flushBytes: 256 << 10 },
  "flush-1m": { ...base, flushBytes: 1 << 20 },
  "lean": { ...base, count: "fast", collect: "concat" },
  "lean-256k": {
    ...base,
    count: "fast",
    collect: "concat",
    flushBytes: 256 << 10,
  },
  "fsync-close": { ...base, fsync: "sync" },
  "fsync-async8m": { ...base, fsync: "async8m" },
};

/** The real createFileSink (fsync: never), at several flushBytes. */
const sinkVariants: Record<string, FileSinkOptions> = {
  "sink": { fsync: "never" },
  "sink-256k": { fsync: "never", flushBytes: 256 << 10 },
  "sink-1m": { fsync: "never", flushBytes: 1 << 20 },
};

async function realSink(
  path: string,
  options: FileSinkOptions,
): Promise<Writer> {
  // Imported only here, so that the model variants run whatever state src/ is in.
  const { createFileSink } = await import("../mod.ts");
  const s = createFileSink(path, options);
  let closing: Promise<void> | undefined;
  return {
    write: (chunk) => s.write(chunk),
    close() {
      closing = s.close(); // fsync: never, so the data is out synchronously
      if (closing === undefined) throw new Error("unreachable");
    },
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const name = flags.get("variant") ?? "model";
  const mode = flags.get("mode") ?? "throughput";
  const n = Number(flags.get("lines") ?? 1_000_000);
  const out = flags.get("out") ?? `/tmp/logrotor-hotpath-${process.pid}.log`;
  const options = variants[name];
  const sinkOptions = sinkVariants[name];
  if (options === undefined && sinkOptions === undefined) {
    throw new Error(`unknown variant ${name}`);
  }
  removePath(out);
  const w = options !== undefined
    ? model(out, options)
    : await realSink(out, sinkOptions as FileSinkOptions);
  const result: Record<string, unknown> = {
    bench: "hotpath",
    runtime: runtimeName(),
    variant: name,
    mode,
  };
  if (mode === "throughput") {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) w.write(makeLine(i));
    const t1 = performance.now();
    w.close();
    const t2 = performance.now();
    result.wallMs = t2 - t0;
    result.loopMs = t1 - t0;
    result.closeMs = t2 - t1;
  } else {
    const lat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const line = makeLine(i);
      const a = performance.now();
      w.write(line);
      lat[i] = performance.now() - a;
    }
    w.close();
    lat.sort();
    result.p99us = quantile(lat, 0.99) * 1000;
    result.p999us = quantile(lat, 0.999) * 1000;
    result.p9999us = quantile(lat, 0.9999) * 1000;
  }
  result.peakRssMiB = procMiB("VmHWM");
  result.ok = verifyFiles([out], n, "plain").ok;
  removePath(out);
  process.stdout.write(JSON.stringify(result) + "\n");
}

await main();
