/**
 * What the slowest 0.1 % of logger calls are. Times every call of the logger
 * benchmark's case (`info("request", { id, path, status, dur_ms })` → JSON →
 * file sink, defaults), then sorts the slowest 0.1 % into the calls that
 * flushed the sink's batch (found exactly by replaying the flush threshold
 * over the line lengths read back from the file) and the rest. Beside it, in
 * the same process, two loops without logrotor time every call the same way:
 * an empty function, and a call that allocates what the logger call
 * allocates at least (the fields object and a JSON line of the same length),
 * so pauses that are the runtime's (collector, scheduler) show there too.
 *
 *   deno run -A bench/tail_bench.ts --out /tmp/x.log [--lines 1000000]
 *   bun bench/tail_bench.ts --out /tmp/x.log
 *   node bench/.build/bench/tail_bench.js --out /tmp/x.log
 *
 * Prints one JSON line (`bench: "tail"`); `bench/run.sh` runs it once per
 * runtime and repetition, and `bench/report_logger.ts` tabulates it.
 *
 * @module
 */
import * as fs from "node:fs";
import process from "node:process";
import {
  parseFlags,
  quantile,
  removePath,
  runtimeName,
  runtimeVersion,
} from "./_measure.ts";

/** The file sink's default `flushBytes`. */
const FLUSH_BYTES = 256 * 1024;
const paths = ["/api/v1/orders", "/api/v1/users", "/healthz", "/"];
const pathOf = (i: number) => paths[i & 3] as string;

type Call = (i: number) => void;

/** Every call of `call(0..n-1)`, timed, in µs. */
function timeEach(n: number, call: Call): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    call(i);
    d[i] = (performance.now() - t0) * 1000;
  }
  return d;
}

/** Indices of the calls that flushed: the sink's threshold, replayed. */
function flushingCalls(lineBytes: readonly number[]): Set<number> {
  const flushes = new Set<number>();
  let pending = 0;
  lineBytes.forEach((n, i) => {
    if (pending + n > FLUSH_BYTES) {
      flushes.add(i);
      pending = 0;
    }
    pending += n;
  });
  return flushes;
}

function lineLengths(path: string): number[] {
  const text = fs.readFileSync(path, "latin1");
  const lengths: number[] = [];
  let from = 0;
  for (
    let at = text.indexOf("\n");
    at !== -1;
    at = text.indexOf("\n", at + 1)
  ) {
    lengths.push(at + 1 - from);
    from = at + 1;
  }
  return lengths;
}

/** p99.9 and the calls over 10 µs, keyed with `prefix`. */
function summary(prefix: string, d: Float64Array): Record<string, number> {
  const sorted = d.slice().sort();
  let over10 = 0;
  for (const v of d) if (v > 10) over10++;
  return {
    [`${prefix}P999Us`]: quantile(sorted, 0.999),
    [`${prefix}CallsOver10Us`]: over10,
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const out = flags.get("out") ?? "/tmp/logrotor-tail-bench.log";
  const n = Number(flags.get("lines") ?? 1_000_000);
  fs.mkdirSync(out.slice(0, out.lastIndexOf("/")) || ".", { recursive: true });
  removePath(out);

  const { configure, createFileSink, getLogger, reset } = await import(
    "../mod.ts"
  );
  await configure({
    sinks: { out: { sink: createFileSink(out), formatter: "json" } },
    loggers: { app: { level: "info", sinks: ["out"] } },
  });
  const log = getLogger("app.http");
  const logger = timeEach(n, (id) =>
    log.info("request", {
      id,
      path: pathOf(id),
      status: 200,
      dur_ms: id % 97,
    }));
  await reset();

  const lengths = lineLengths(out);
  if (lengths.length !== n) {
    throw new Error(`read back ${lengths.length} lines, expected ${n}`);
  }
  const lineChars = Math.round(lengths.reduce((a, b) => a + b, 0) / n);
  const flushes = flushingCalls(lengths);

  // The slowest 0.1 %: how many flushed, and the slowest call that did not.
  const order = Array.from(logger.keys()).sort((a, b) =>
    (logger[b] as number) - (logger[a] as number)
  );
  const slowest = order.slice(0, Math.ceil(n / 1000));
  const slowFlushes = slowest.filter((i) => flushes.has(i)).length;
  const others = new Float64Array(n - flushes.size);
  let k = 0;
  logger.forEach((v, i) => {
    if (!flushes.has(i)) others[k++] = v;
  });

  let keep: unknown;
  const empty = timeEach(n, (i) => {
    keep = i;
  });
  const filler = "x".repeat(Math.max(0, lineChars - 60));
  const allocating = timeEach(n, (id) => {
    keep = JSON.stringify({
      id,
      path: pathOf(id),
      status: 200,
      dur_ms: id % 97,
      filler,
    });
  });
  void keep;

  const flushTimes = Array.from(flushes, (i) => logger[i] as number)
    .sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      bench: "tail",
      runtime: runtimeName(),
      version: runtimeVersion(),
      contender: "logrotor-json",
      mode: "tail",
      lines: n,
      ok: true,
      lineChars,
      ...summary("logger", logger),
      flushes: flushes.size,
      flushMedianUs: flushTimes[flushTimes.length >> 1],
      slowestTenthPercent: slowest.length,
      slowestThatFlushed: slowFlushes,
      ...summary("withoutFlushCalls", others),
      ...summary("emptyCall", empty),
      ...summary("allocatingCall", allocating),
    }) + "\n",
  );
  removePath(out);
}

await main();
