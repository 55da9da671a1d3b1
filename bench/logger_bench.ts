/**
 * The logger end to end, beside its peers: `getLogger("app.http").info(
 * "request", { id, path, status, dur_ms })` → a formatted line → a file, one
 * contender per fresh process.
 *
 *   deno run -A bench/logger_bench.ts --contender logrotor-json --mode throughput --out /tmp/x.log
 *   bun bench/logger_bench.ts --contender pino --mode latency --out /tmp/x.log
 *   node --import tsx bench/logger_bench.ts --contender logtape-json --mode disabled --out /tmp/x.log
 *
 * Contenders: `logrotor-json`, `logrotor-text` (configure() with a file sink
 * and the built-in formatter), `logrotor-with` (the same JSON through a
 * `with({ service })` child logger), `logrotor-fields` (the plain logger
 * given the same `service` field in each call: the yardstick of `with()`),
 * `pino` (pino 10 → `pino.destination({
 * sync: false })`), `pino-pretty` (pino → pino-pretty's text stream),
 * `logtape-json` / `logtape-text` (LogTape's nonBlocking file sink with its
 * JSON Lines / logfmt formatter: key=value fields like logrotor's text).
 *
 * Modes: `throughput` (a tight loop of calls, wall time from the first call
 * until the output is closed and on disk), `latency` (every call timed:
 * p50 / p99 / p99.9 / max), `disabled` (a `debug()` call below the info
 * threshold, ns per call, beside an empty function call in the same
 * process). The output is read back after every run: one line per record,
 * every id 0..n-1 exactly once.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import process from "node:process";
import type { Sink } from "@logtape/logtape";
import {
  clockFloorMicros,
  parseFlags,
  procMiB,
  quantile,
  removePath,
  runtimeName,
  runtimeVersion,
} from "./_measure.ts";

/** What every contender exposes: one logger call, and closing the output. */
interface LoggerUnderTest {
  /** `info("request", { id, path, status, dur_ms })`. */
  info(id: number): void;
  /** A `debug()` call below the threshold. */
  debug(id: number): void;
  close(): Promise<void>;
}

interface Contender {
  /** How to find the id in a line of the output. */
  idPattern: RegExp;
  /**
   * Writes to standard output instead of `path`: the process runs itself
   * again with stdout on the output file and reports on stderr.
   */
  console?: boolean;
  open(path: string): Promise<LoggerUnderTest>;
}

const paths = ["/api/v1/orders", "/api/v1/users", "/healthz", "/"];
const pathOf = (i: number) => paths[i & 3] as string;
const jsonId = /"id":(\d+)/;
const textId = /\bid[=:] ?(\d+)/;

async function logrotor(
  path: string | undefined,
  formatter: "json" | "text" | "pretty",
  bound: "with" | "call" | "none",
): Promise<LoggerUnderTest> {
  const { configure, getLogger, reset } = await import("../mod.ts");
  await configure({
    sinks: {
      out: path === undefined ? { type: "console", formatter } : {
        type: "file",
        path,
        formatter,
        ...(process.env.FLUSH ? { flushBytes: process.env.FLUSH } : {}),
      },
    },
    loggers: { app: { level: "info", sinks: ["out"] } },
  });
  const base = getLogger("app.http");
  const log = bound === "with" ? base.with({ service: "checkout" }) : base;
  return {
    info: bound === "call"
      ? (id) =>
        log.info("request", {
          service: "checkout",
          id,
          path: pathOf(id),
          status: 200,
          dur_ms: id % 97,
        })
      : (id) =>
        log.info("request", {
          id,
          path: pathOf(id),
          status: 200,
          dur_ms: id % 97,
        }),
    debug: (id) => log.debug("request", { id }),
    close: () => reset(),
  };
}

/** A stream pino writes to, ended by `end()` and done at "close". */
interface EndableStream {
  once(event: "close", listener: () => void): unknown;
  end(): unknown;
}

/** pino writing to `stream`: the calls under test and its closing. */
async function pinoOn(stream: EndableStream): Promise<LoggerUnderTest> {
  const { default: pino } = await import("pino");
  const log = pino({ name: "app.http", level: "info" }, stream as never);
  return {
    info: (id) =>
      log.info(
        { id, path: pathOf(id), status: 200, dur_ms: id % 97 },
        "request",
      ),
    debug: (id) => log.debug({ id }, "request"),
    close: () =>
      new Promise<void>((resolve) => {
        stream.once("close", () => resolve());
        stream.end();
      }),
  };
}

async function pinoLogger(path: string): Promise<LoggerUnderTest> {
  const { default: pino } = await import("pino");
  const dest = pino.destination({ dest: path, sync: false, append: false });
  await new Promise<void>((resolve) => dest.once("ready", () => resolve()));
  return pinoOn(dest);
}

async function pinoPretty(path: string | 1): Promise<LoggerUnderTest> {
  const { default: pretty } = await import("pino-pretty");
  return pinoOn(
    pretty({
      destination: path,
      colorize: false,
      sync: false,
      mkdir: false,
      append: false,
    } as never) as unknown as EndableStream,
  );
}

async function logtape(
  path: string | undefined,
  format: "json" | "text",
): Promise<LoggerUnderTest> {
  const lt = await import("@logtape/logtape");
  const { getFileSink } = await import("@logtape/file");
  const formatter = format === "json"
    ? lt.jsonLinesFormatter
    : lt.getLogfmtFormatter();
  const sink = path === undefined
    ? lt.getConsoleSink({ formatter })
    : getFileSink(path, {
      nonBlocking: true,
      formatter,
    }) as unknown as Sink & AsyncDisposable;
  await lt.configure({
    reset: true,
    sinks: { file: sink },
    loggers: [
      { category: ["logtape", "meta"], lowestLevel: "error", sinks: [] },
      { category: "app", lowestLevel: "info", sinks: ["file"] },
    ],
  });
  const log = lt.getLogger(["app", "http"]);
  return {
    info: (id) =>
      log.info("request", {
        id,
        path: pathOf(id),
        status: 200,
        dur_ms: id % 97,
      }),
    debug: (id) => log.debug("request", { id }),
    close: () => lt.dispose(),
  };
}

const contenders: Record<string, Contender> = {
  "logrotor-json": {
    idPattern: jsonId,
    open: (path) => logrotor(path, "json", "none"),
  },
  "logrotor-text": {
    idPattern: textId,
    open: (path) => logrotor(path, "text", "none"),
  },
  "logrotor-with": {
    idPattern: jsonId,
    open: (path) => logrotor(path, "json", "with"),
  },
  "logrotor-fields": {
    idPattern: jsonId,
    open: (path) => logrotor(path, "json", "call"),
  },
  "pino": { idPattern: jsonId, open: pinoLogger },
  "pino-pretty": { idPattern: /\bid: (\d+)/, open: pinoPretty },
  "logtape-json": {
    idPattern: /"id":(\d+)/,
    open: (path) => logtape(path, "json"),
  },
  "logtape-text": {
    idPattern: textId,
    open: (path) => logtape(path, "text"),
  },
  "logrotor-console": {
    idPattern: textId,
    console: true,
    open: () => logrotor(undefined, "pretty", "none"),
  },
  "pino-pretty-console": {
    idPattern: /\bid: (\d+)/,
    console: true,
    open: () => pinoPretty(1),
  },
  "logtape-console": {
    idPattern: textId,
    console: true,
    open: () => logtape(undefined, "text"),
  },
};

/**
 * Runs this benchmark again in a child whose stdout is the output file (a
 * console contender), and returns the child's report (from its stderr).
 */
function runWithStdoutTo(out: string): Record<string, unknown> {
  const fd = fs.openSync(out, "w");
  try {
    const script = process.argv[1] as string;
    const self = runtimeName() === "deno" ? ["run", "-A", script] : [script];
    const child = spawnSync(
      process.execPath,
      [...self, ...process.argv.slice(2), "--child", "true"],
      { stdio: ["ignore", fd, "pipe"], maxBuffer: 1 << 24 },
    );
    const report = String(child.stderr).split("\n")
      .filter((line) => line.startsWith("{")).at(-1);
    if (report === undefined) {
      throw new Error(
        `the child exited with ${child.status}: ${
          String(child.stderr).slice(-300)
        }`,
      );
    }
    return JSON.parse(report);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the output back: every id 0..n-1 once, one line per record. */
function verify(
  path: string,
  n: number,
  idPattern: RegExp,
): { ok: boolean; linesRead: number; bytes: number; error?: string } {
  const text = fs.readFileSync(path, "utf8");
  const seen = new Uint8Array(n);
  let lines = 0;
  let start = 0;
  let error: string | undefined;
  // pino-pretty writes a record over several lines when it has fields
  // on their own lines; count records by their id.
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const match = idPattern.exec(line);
    if (match === null) continue;
    lines++;
    const id = Number(match[1]);
    if (!(id >= 0 && id < n) || seen[id] === 1) {
      error ??= `unexpected or duplicate id ${id}`;
      continue;
    }
    seen[id] = 1;
  }
  const missing = seen.reduce((sum, v) => sum + (v === 0 ? 1 : 0), 0);
  if (missing > 0) error ??= `${missing} records missing`;
  return {
    ok: error === undefined && lines === n,
    linesRead: lines,
    bytes: text.length,
    ...(error === undefined ? {} : { error }),
  };
}

/**
 * The yardstick of a disabled call: an empty function called with the same
 * arguments as the logger's `debug("request", { id })`.
 */
function emptyCall(_message: string, _fields: { id: number }): void {}
/** The same through a wrapper shaped like {@linkcode LoggerUnderTest.debug}. */
const emptyDebug = (id: number) => emptyCall("request", { id });

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const name = flags.get("contender") ?? "logrotor-json";
  const mode = flags.get("mode") ?? "throughput";
  const records = Number(
    flags.get("records") ?? flags.get("lines") ??
      1_000_000,
  );
  const out = flags.get("out") ??
    `${process.env.TMPDIR ?? "/tmp"}/logger-bench-${process.pid}.log`;
  const contender = contenders[name];
  if (contender === undefined) throw new Error(`unknown contender ${name}`);
  const child = flags.get("child") === "true";
  if (contender.console === true && !child) {
    removePath(out);
    fs.mkdirSync(out.slice(0, out.lastIndexOf("/")) || ".", {
      recursive: true,
    });
    const report = runWithStdoutTo(out);
    Object.assign(
      report,
      mode === "disabled"
        ? { ok: fs.statSync(out).size === 0 }
        : verify(out, records, contender.idPattern),
    );
    removePath(out);
    console.log(JSON.stringify(report));
    return;
  }
  if (!child) {
    removePath(out);
    fs.mkdirSync(out.slice(0, out.lastIndexOf("/")) || ".", {
      recursive: true,
    });
  }
  const log = await contender.open(out);
  const result: Record<string, unknown> = {
    bench: "logger",
    runtime: runtimeName(),
    version: runtimeVersion(),
    contender: name,
    mode,
    lines: records,
  };
  if (mode === "disabled") {
    // Warm both, then time each over the same count.
    const n = records * 10;
    for (let i = 0; i < 100_000; i++) log.debug(i), emptyDebug(i);
    let t0 = performance.now();
    for (let i = 0; i < n; i++) emptyDebug(i);
    const emptyNs = (performance.now() - t0) * 1e6 / n;
    t0 = performance.now();
    for (let i = 0; i < n; i++) log.debug(i);
    const disabledNs = (performance.now() - t0) * 1e6 / n;
    await log.close();
    Object.assign(result, {
      ok: child ||
        (fs.statSync(out, { throwIfNoEntry: false })?.size ?? 0) === 0,
      emptyCallNs: emptyNs,
      disabledCallNs: disabledNs,
    });
  } else if (mode === "latency") {
    const d = new Float64Array(records);
    for (let i = 0; i < records; i++) {
      const t0 = performance.now();
      log.info(i);
      d[i] = performance.now() - t0;
    }
    await log.close();
    d.sort();
    Object.assign(
      result,
      child ? {} : verify(out, records, contender.idPattern),
      {
        p50Us: quantile(d, 0.5) * 1000,
        p99Us: quantile(d, 0.99) * 1000,
        p999Us: quantile(d, 0.999) * 1000,
        maxUs: (d[d.length - 1] as number) * 1000,
        clockFloorUs: clockFloorMicros(),
      },
    );
  } else {
    const t0 = performance.now();
    for (let i = 0; i < records; i++) log.info(i);
    const callerMs = performance.now() - t0;
    await log.close();
    const wallMs = performance.now() - t0;
    // Before the output is read back (that takes memory of its own).
    const peakRssMiB = procMiB("VmHWM");
    Object.assign(
      result,
      child ? {} : verify(out, records, contender.idPattern),
      {
        wallMs,
        callerMs,
        recordsPerSec: records / wallMs * 1000,
        peakRssMiB,
      },
    );
  }
  if (child) {
    process.stderr.write(`${JSON.stringify(result)}\n`);
    return;
  }
  removePath(out);
  console.log(JSON.stringify(result));
}

await main();
