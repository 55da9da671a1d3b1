/**
 * Reading the JSON lines written by bench/run.sh: the record types, the
 * grouping of repetitions into cells, medians, and the wall-time-per-line
 * ratio both bench/report.ts (tables) and bench/chart.ts (SVG) are built on.
 *
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One measurement: one contender in one mode on one runtime, one process. */
export interface Row {
  bench: string;
  runtime: string;
  contender: string;
  mode: string;
  lines: number;
  ok: boolean;
  error?: string;
  [metric: string]: unknown;
}

/** The first line of a results file: where and how it was measured. */
export interface Machine {
  nproc: number;
  cpu: string;
  kernel: string;
  node: string;
  deno: string;
  bun: string;
  date: string;
  load: string;
  reps: number;
  lines: number;
  slowLines: number;
}

/** The runtimes, in the order of the tables' columns. */
export const runtimes = ["node", "deno", "bun"] as const;

export const fileLabels: Record<string, string> = {
  "build-only": "build lines only (no I/O, floor)",
  "raw": "raw baseline (64 KiB, encodeInto, writeSync)",
  "join": "naive string join + writeSync",
  "join-fsync": "naive string join + writeSync, fsync at close",
  "logrotor": "**logrotor createFileSink (defaults)**",
  "logrotor-nofsync": "logrotor createFileSink, fsync: never",
  "sonic-boom": "sonic-boom 5 (sync: false)",
  "pino": "pino 10 → sonic-boom (sync: false)",
  "logtape-nb": "LogTape file sink (nonBlocking)",
  "logtape": "LogTape file sink (blocking)",
};

export const rotationLabels: Record<string, string> = {
  "raw": "raw baseline, no rotation",
  "logrotor-rot": "**logrotor createRotatingFileSink**",
  "logrotor-rot-gz": "**logrotor createRotatingFileSink, gzip**",
  "logtape-rot": "LogTape getRotatingFileSink (nonBlocking)",
  "winston": "winston-daily-rotate-file (maxSize)",
  "winston-gz": "winston-daily-rotate-file (maxSize, zippedArchive)",
  "log4js": "log4js file appender (maxLogSize)",
  "log4js-gz": "log4js file appender (maxLogSize, compress)",
  "rfs": "rotating-file-stream (size)",
  "rfs-gz": "rotating-file-stream (size, gzip)",
};

/** A number for a table: "–" when not finite, fewer digits when large. */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "–";
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(Math.min(digits, 1));
  return x.toFixed(digits);
}

/** A Markdown table (first column left-aligned), then an empty line. */
export function markdownTable(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => i === 0 ? "---" : "---:").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
  ];
}

/** The median of the finite values, NaN when there is none. */
export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1
    ? v[mid] as number
    : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
}

/** The repetitions of one bench × runtime × contender × mode. */
export interface Cell {
  runs: number;
  failed: number;
  error: string | undefined;
  lines: number;
  rows: Row[];
}

/** Groups rows by `bench|runtime|contender|mode`. */
export function group(rows: Row[]): Map<string, Cell> {
  const cells = new Map<string, Cell>();
  for (const r of rows) {
    const key = `${r.bench}|${r.runtime}|${r.contender}|${r.mode}`;
    let c = cells.get(key);
    if (c === undefined) {
      c = { runs: 0, failed: 0, error: undefined, lines: r.lines, rows: [] };
      cells.set(key, c);
    }
    c.runs++;
    if (r.ok) c.rows.push(r);
    else {
      c.failed++;
      c.error ??= r.error ?? "failed";
    }
  }
  return cells;
}

/** The median of a metric over a cell's runs; NaN if any run failed. */
export function metric(c: Cell | undefined, name: string): number {
  if (c === undefined || c.failed > 0) return NaN;
  return median(c.rows.map((r) => Number(r[name])));
}

/** The measurements of one or more results files, grouped. */
export class Results {
  readonly cells: Map<string, Cell>;
  readonly machine: Machine | undefined;
  readonly rows: Row[];

  constructor(rows: Row[], machine: Machine | undefined) {
    this.rows = rows;
    this.cells = group(rows);
    this.machine = machine;
  }

  /** The contenders of a bench, in the order they first appear. */
  contenders(bench: string): string[] {
    return [
      ...new Set(
        this.rows.filter((r) => r.bench === bench).map((r) => r.contender),
      ),
    ];
  }

  cell(
    bench: string,
    runtime: string,
    contender: string,
    mode: string,
  ): Cell | undefined {
    return this.cells.get(`${bench}|${runtime}|${contender}|${mode}`);
  }

  /** Median wall per line (ms), so runs with fewer lines compare. */
  wallPerLine(bench: string, runtime: string, contender: string): number {
    const c = this.cell(bench, runtime, contender, "throughput");
    return c === undefined ? NaN : metric(c, "wallMs") / c.lines;
  }

  /** Wall time per line relative to the raw baseline on the same runtime. */
  ratioToRaw(bench: string, runtime: string, contender: string): number {
    return this.wallPerLine(bench, runtime, contender) /
      this.wallPerLine(bench, runtime, "raw");
  }
}

/** Parses the text of results files (JSON lines; other lines ignored). */
export function parseResults(texts: string[]): Results {
  const all = texts.flatMap((text) =>
    text.split("\n").filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Row & Partial<Machine>)
  );
  const machine = all.find((r) => r.bench === "machine") as Machine | undefined;
  return new Results(all.filter((r) => r.bench !== "machine"), machine);
}

/** Reads and parses results files. */
export function readResults(files: string[]): Results {
  return parseResults(files.map((file) => fs.readFileSync(file, "utf8")));
}

/**
 * The newest `results-<UTC stamp>.jsonl` in `dir` (the stamps sort by
 * time), or undefined when there is none.
 */
export function newestResultsFile(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const names = fs.readdirSync(dir)
    .filter((name) => /^results-.*\.jsonl$/.test(name))
    .sort();
  const newest = names.at(-1);
  return newest === undefined ? undefined : path.join(dir, newest);
}
