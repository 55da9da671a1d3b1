/**
 * The logger tables of the bench report (bench/logger_bench.ts results):
 * logrotor's logger against pino and LogTape per runtime, the targets of
 * issue 14, per-call latency and the cost of a disabled call.
 *
 * @module
 */
import {
  type Cell,
  fmt,
  markdownTable,
  metric,
  type Results,
  runtimes,
} from "./results.ts";

/** How much slower than the same field in the call still counts as equal. */
const withNoise = 0.05;

export const loggerLabels: Record<string, string> = {
  "logrotor-json": "**logrotor** getLogger → JSON → file sink",
  "logrotor-text": "**logrotor** getLogger → text → file sink",
  "logrotor-with": "**logrotor** with({ service }) child → JSON → file sink",
  "logrotor-fields":
    "**logrotor** getLogger, service in the call → JSON → file sink",
  "pino": "pino 10 → pino.destination (sync: false)",
  "pino-pretty": "pino 10 → pino-pretty 13 (text, colorize: false)",
  "logtape-json": "LogTape 2 → jsonLinesFormatter → file sink (nonBlocking)",
  "logtape-text": "LogTape 2 → logfmt formatter → file sink (nonBlocking)",
  "logrotor-console": "**logrotor** getLogger → pretty → console sink (stdout)",
  "pino-pretty-console": "pino 10 → pino-pretty 13 → stdout",
  "logtape-console": "LogTape 2 → logfmt formatter → console sink",
};

/**
 * The logger section of the report, as Markdown lines.
 *
 * @param results The parsed results (rows with `bench: "logger"`).
 * @param note Records a failure note for the report's failure list.
 * @returns The lines; empty when there are no logger results.
 */
export function loggerTables(
  results: Results,
  note: (text: string) => void,
): string[] {
  const contenders = results.contenders("logger");
  if (contenders.length === 0) return [];
  const cell = (rt: string, c: string, mode: string): Cell | undefined =>
    results.cell("logger", rt, c, mode);
  const failed = (c: Cell | undefined): string | undefined => {
    if (c === undefined) return "not run";
    if (c.failed === 0) return undefined;
    note(c.error ?? "");
    return `FAILED (${c.failed}/${c.runs})`;
  };
  // Per record: the slow peers run with fewer records.
  const wall = (rt: string, c: string) => {
    const c1 = cell(rt, c, "throughput");
    return c1 === undefined ? NaN : metric(c1, "wallMs") / c1.lines;
  };
  const times = (rt: string, a: string, b: string) => wall(rt, b) / wall(rt, a);
  const lines: string[] = [];
  const records = cell("node", contenders[0] as string, "throughput")?.lines;
  lines.push(
    "### Logger: one call to a line in a file",
    "",
    `\`getLogger("app.http").info("request", { id, path, status, dur_ms })\` → a formatted line → a file; ${
      records?.toLocaleString("en") ?? "?"
    } records (†: fewer, for peers that take 5–30 s per million), wall time from the first call until the output is closed (for logrotor: written and fsynced), every record read back. Median wall time in ms; in brackets, records per second.`,
    "",
  );
  lines.push(...markdownTable(
    ["contender", ...runtimes],
    contenders.map((c) => [
      loggerLabels[c] ?? c,
      ...runtimes.map((rt) => {
        const c1 = cell(rt, c, "throughput");
        const bad = failed(c1);
        if (bad !== undefined) return bad;
        const ms = metric(c1, "wallMs");
        const fewer = records !== undefined && (c1?.lines ?? 0) < records;
        return `${fmt(ms, 0)}${fewer ? " †" : ""} (${
          Math.round((c1?.lines ?? 0) / ms * 1000).toLocaleString("en")
        }/s)`;
      }),
    ]),
  ));
  const target = (ok: boolean, text: string) =>
    ok ? `met: ${text}` : `**missed**: ${text}`;
  lines.push(
    "#### Logger against the targets (issue 14)",
    "",
    "Speed is logrotor's records/s divided by the peer's (same runtime, same run, JSON to a file; in brackets the same for text to the console, where every line is one write to stdout). The disabled call is `debug()` below an `info` threshold, against an empty function called through the same wrapper in the same process. `with()` is the `with({ service })` child's wall time against the plain logger given the same `service` field in each call; within 5 % (this machine's run-to-run noise) counts as met.",
    "",
  );
  lines.push(...markdownTable(
    [
      "runtime",
      "≥ 5× pino (Node)",
      "≥ 3× LogTape",
      "p99.9 ≤ 10 µs",
      "disabled ≤ 2× empty call",
      "with() ≤ the same field in the call",
    ],
    runtimes.map((rt) => {
      const vsPino = times(rt, "logrotor-json", "pino");
      const vsLogTape = times(rt, "logrotor-json", "logtape-json");
      const consoleVsLogTape = times(
        rt,
        "logrotor-console",
        "logtape-console",
      );
      const p999 = metric(cell(rt, "logrotor-json", "latency"), "p999Us");
      const disabled = cell(rt, "logrotor-json", "disabled");
      const disabledNs = metric(disabled, "disabledCallNs");
      const emptyNs = metric(disabled, "emptyCallNs");
      const withExtra = wall(rt, "logrotor-with") / wall(rt, "logrotor-fields");
      return [
        rt,
        rt === "node"
          ? target(vsPino >= 5, `${fmt(vsPino)}×`)
          : `${fmt(vsPino)}× (no target)`,
        target(
          vsLogTape >= 3,
          `${fmt(vsLogTape)}× (console ${fmt(consoleVsLogTape)}×)`,
        ),
        target(p999 <= 10, `${fmt(p999)} µs`),
        target(
          disabledNs <= 2 * Math.max(emptyNs, 1),
          `${fmt(disabledNs)} ns (empty ${fmt(emptyNs)} ns)`,
        ),
        target(
          withExtra <= 1 + withNoise,
          `${withExtra < 1 ? "" : "+"}${fmt((withExtra - 1) * 100, 0)} % wall`,
        ),
      ];
    }),
  ));
  lines.push(
    "#### Logger latency per call",
    "",
    "Every call timed with `performance.now()` in a separate run; µs.",
    "",
  );
  lines.push(...markdownTable(
    ["contender", ...runtimes.map((rt) => `${rt} p50 / p99 / p99.9 / max`)],
    contenders.map((c) => [
      loggerLabels[c] ?? c,
      ...runtimes.map((rt) => {
        const c1 = cell(rt, c, "latency");
        if (c1 === undefined) return "–";
        const bad = failed(c1);
        if (bad !== undefined) return bad;
        return ["p50Us", "p99Us", "p999Us", "maxUs"]
          .map((m) => fmt(metric(c1, m), 2)).join(" / ");
      }),
    ]),
  ));
  lines.push(...tailTable(results));
  return lines;
}

/** What the slowest 0.1 % of calls are (bench/tail_bench.ts), if it ran. */
function tailTable(results: Results): string[] {
  const cells = runtimes.map((rt) =>
    [rt, results.cell("tail", rt, "logrotor-json", "tail")] as const
  ).filter(([, c]) => c !== undefined && c.rows.length > 0);
  if (cells.length === 0) return [];
  const m = (c: Cell | undefined, name: string, digits = 2) =>
    fmt(metric(c, name), digits);
  return [
    "#### Logger: what the slowest 0.1 % of calls are",
    "",
    "`bench/tail_bench.ts`: every call of the JSON-to-file case timed (1M records); the calls that flushed the sink's 256 KiB batch are found exactly, by replaying the threshold over the line lengths read back. Beside it, in the same process, the same timing around an empty function and around a call that only allocates what a logger call allocates at least (the fields object and a JSON line of the same length, no logrotor): its pauses are the runtime's (collector, scheduler). Medians over the repetitions.",
    "",
    ...markdownTable(
      [
        "runtime",
        "p99.9 µs",
        "flushes (median µs)",
        "of the slowest 1,000: flushes",
        "p99.9 without the flush calls",
        "calls > 10 µs: logger (no flush) / allocating only / empty",
      ],
      cells.map(([rt, c]) => [
        rt,
        m(c, "loggerP999Us"),
        `${m(c, "flushes", 0)} (${m(c, "flushMedianUs", 0)})`,
        m(c, "slowestThatFlushed", 0),
        m(c, "withoutFlushCallsP999Us"),
        [
          "withoutFlushCallsCallsOver10Us",
          "allocatingCallCallsOver10Us",
          "emptyCallCallsOver10Us",
        ].map((name) => m(c, name, 0)).join(" / "),
      ]),
    ),
  ];
}
