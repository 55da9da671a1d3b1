/**
 * The logger's speed with its record features off and on, beside its peers:
 * records/s from a logger call to a formatted JSON line handed to a sink
 * that only counts (no I/O), so the numbers are the logger's own cost.
 *
 *   deno run -A bench/logger_features_bench.ts --records 50000
 *   bun bench/logger_features_bench.ts --records 50000
 *   node --import tsx bench/logger_features_bench.ts --records 50000
 *
 * Variants: logrotor with features off, with redaction on (two paths), with
 * implicit context on (`withContext`), and with both; pino with and without
 * `redact`; LogTape with and without `withContext` (`contextLocalStorage`).
 * Every variant is checked: each record reached the sink and no redacted
 * secret is in any line. Variants run interleaved, `--rounds` times; the
 * best round is reported.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import process from "node:process";
import { configure, getLogger, reset, withContext } from "../mod.ts";
import { parseFlags, runtimeName, runtimeVersion } from "./_measure.ts";

const flags = parseFlags(process.argv.slice(2));
const records = Number(flags.get("records") ?? 50_000);
const rounds = Number(flags.get("rounds") ?? 3);
const secret = "hunter2-secret";
const redactPaths = ["password", "req.headers.authorization"];

/** A sink that counts lines and remembers whether a secret leaked. */
class CountingSink {
  lines = 0;
  bytes = 0;
  leaked = false;
  write(line: string): boolean {
    this.lines++;
    this.bytes += line.length;
    if (line.includes(secret)) this.leaked = true;
    return true;
  }
}

interface Variant {
  name: string;
  /** Whether lines may hold the secret (redaction off). */
  secretAllowed: boolean;
  run(sink: CountingSink, n: number): Promise<void>;
}

const fieldsFor = (i: number) => ({
  userId: i,
  password: secret,
  req: { method: "GET", headers: { authorization: secret, host: "h" } },
});

async function logrotor(
  sink: CountingSink,
  n: number,
  redact: boolean,
  context: boolean,
): Promise<void> {
  await configure({
    ...(redact ? { redact: redactPaths } : {}),
    sinks: { count: { sink, formatter: "json" } },
    loggers: { bench: { sinks: ["count"] } },
  });
  const log = getLogger("bench");
  const body = () => {
    for (let i = 0; i < n; i++) log.info("user logged in", fieldsFor(i));
  };
  if (context) withContext({ requestId: "r-1" }, body);
  else body();
  await reset();
}

async function pinoRun(
  sink: CountingSink,
  n: number,
  redact: boolean,
): Promise<void> {
  const { default: pino } = await import("pino");
  const log = pino(
    redact ? { redact: redactPaths } : {},
    { write: (line: string) => sink.write(line) } as never,
  );
  for (let i = 0; i < n; i++) log.info(fieldsFor(i), "user logged in");
}

async function logtapeRun(
  sink: CountingSink,
  n: number,
  context: boolean,
): Promise<void> {
  const lt = await import("@logtape/logtape");
  await lt.configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: {
      count: (record) => void sink.write(lt.jsonLinesFormatter(record)),
    },
    loggers: [
      { category: ["logtape", "meta"], lowestLevel: "error", sinks: [] },
      { category: "bench", lowestLevel: "info", sinks: ["count"] },
    ],
  });
  const log = lt.getLogger("bench");
  const body = () => {
    for (let i = 0; i < n; i++) log.info("user logged in", fieldsFor(i));
  };
  if (context) lt.withContext({ requestId: "r-1" }, body);
  else body();
  await lt.reset();
}

const variants: Variant[] = [
  {
    name: "logrotor off",
    secretAllowed: true,
    run: (s, n) => logrotor(s, n, false, false),
  },
  {
    name: "logrotor redact",
    secretAllowed: false,
    run: (s, n) => logrotor(s, n, true, false),
  },
  {
    name: "logrotor context",
    secretAllowed: true,
    run: (s, n) => logrotor(s, n, false, true),
  },
  {
    name: "logrotor redact+context",
    secretAllowed: false,
    run: (s, n) => logrotor(s, n, true, true),
  },
  {
    name: "pino off",
    secretAllowed: true,
    run: (s, n) => pinoRun(s, n, false),
  },
  {
    name: "pino redact",
    secretAllowed: false,
    run: (s, n) => pinoRun(s, n, true),
  },
  {
    name: "logtape off",
    secretAllowed: true,
    run: (s, n) => logtapeRun(s, n, false),
  },
  {
    name: "logtape context",
    secretAllowed: true,
    run: (s, n) => logtapeRun(s, n, true),
  },
];

const only = flags.get("only");
const chosen = only === undefined
  ? variants
  : variants.filter((v) => v.name.includes(only));
const best = new Map<string, number>();
// Warm-up: a tenth of the records through each variant.
for (const variant of chosen) {
  await variant.run(new CountingSink(), Math.ceil(records / 10));
}
for (let round = 0; round < rounds; round++) {
  for (const variant of chosen) {
    const sink = new CountingSink();
    const start = performance.now();
    await variant.run(sink, records);
    const ms = performance.now() - start;
    if (sink.lines !== records) {
      throw new Error(`${variant.name}: ${sink.lines} lines, not ${records}`);
    }
    if (sink.leaked && !variant.secretAllowed) {
      throw new Error(`${variant.name}: a redacted secret reached the sink`);
    }
    const rate = records / ms * 1000;
    best.set(variant.name, Math.max(best.get(variant.name) ?? 0, rate));
  }
}
console.log(
  `logger features, ${runtimeName()} ${runtimeVersion()}, ${records} records, best of ${rounds}`,
);
const base = best.get("logrotor off");
for (const [name, rate] of best) {
  const ratio = base === undefined
    ? ""
    : ` (${(rate / base).toFixed(2)}× logrotor off)`;
  console.log(
    `${name.padEnd(24)} ${
      Math.round(rate).toLocaleString("en")
    } records/s${ratio}`,
  );
}
