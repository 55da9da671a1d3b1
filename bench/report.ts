/**
 * Turns the JSON lines written by bench/run.sh into tables (medians of the
 * repetitions, ratios first) and, with `--readme FILE`, rewrites the part of
 * FILE between the `results:start` / `results:end` markers.
 *
 *   deno run -A bench/report.ts bench/out/results-….jsonl [--readme bench/README.md]
 *
 * @module
 */
import * as fs from "node:fs";
import process from "node:process";
import { loggerTables } from "./report_logger.ts";
import {
  type Cell,
  fileLabels,
  fmt,
  markdownTable,
  median,
  metric,
  readResults,
  type Results,
  rotationLabels,
  runtimes,
} from "./results.ts";

class Report {
  lines: string[] = [];
  notes: string[] = [];
  results: Results;
  machine: Results["machine"];
  contenders: string[];
  rotationContenders: string[];

  constructor(results: Results) {
    this.results = results;
    this.machine = results.machine;
    this.contenders = results.contenders("file");
    this.rotationContenders = results.contenders("rotation");
  }

  cell(
    bench: string,
    runtime: string,
    contender: string,
    mode: string,
  ): Cell | undefined {
    return this.results.cell(bench, runtime, contender, mode);
  }

  /** Median wall per line (ms), so runs with fewer lines compare. */
  wallPerLine(bench: string, runtime: string, contender: string): number {
    return this.results.wallPerLine(bench, runtime, contender);
  }

  status(c: Cell | undefined): string | undefined {
    if (c === undefined) return "not run";
    if (c.failed > 0) {
      const failedVerify = c.error?.startsWith("verification") ?? false;
      this.note(c.error ?? "");
      return `${
        failedVerify ? "FAILED" : "did not run"
      } (${c.failed}/${c.runs})`;
    }
    return undefined;
  }

  note(text: string): void {
    if (text !== "" && !this.notes.includes(text)) this.notes.push(text);
  }

  push(...text: string[]): void {
    this.lines.push(...text);
  }

  table(header: string[], rows: string[][]): void {
    this.push(...markdownTable(header, rows));
  }

  short(c: Cell | undefined): string {
    return c !== undefined && this.machine !== undefined &&
        c.lines < this.machine.lines
      ? ` †`
      : "";
  }

  fileTables(): void {
    if (this.contenders.length === 0) return;
    const m = this.machine;
    this.push("### Wall time relative to the raw baseline (same runtime)", "");
    this.push(
      "Wall time from the first `write()` until `close()` resolved (data in the file), median of the repetitions, divided by the raw baseline's median on the same runtime. Lower is better; the target for logrotor is ≤ 0.60×. In brackets: median wall time in ms for the full run.",
      "",
    );
    const rows: string[][] = [];
    for (const c of this.contenders) {
      const row = [fileLabels[c] ?? c];
      for (const rt of runtimes) {
        const cell = this.cell("file", rt, c, "throughput");
        const bad = this.status(cell);
        if (bad !== undefined) {
          row.push(bad);
          continue;
        }
        const ratio = this.wallPerLine("file", rt, c) /
          this.wallPerLine("file", rt, "raw");
        const wall = metric(cell, "wallMs");
        row.push(`${fmt(ratio)}× (${fmt(wall, 0)} ms${this.short(cell)})`);
      }
      rows.push(row);
    }
    this.table(["contender", ...runtimes], rows);
    if (
      m !== undefined &&
      this.contenders.some((c) =>
        this.short(this.cell("file", "node", c, "throughput")) !== ""
      )
    ) {
      this.push(
        `† run with ${m.slowLines.toLocaleString("en")} lines instead of ${
          m.lines.toLocaleString("en")
        } (it fsyncs every line, so 1M would take minutes); the ratio compares wall time per line.`,
        "",
      );
    }

    this.push("### logrotor relative to each peer", "");
    this.push(
      "logrotor's wall time divided by the peer's (same runtime, same run; < 1 means logrotor is faster). Both logrotor columns per runtime: defaults (fsync at close) / fsync: never.",
      "",
    );
    const peers = this.contenders.filter((c) =>
      !["logrotor", "logrotor-nofsync", "build-only"].includes(c)
    );
    const peerRows: string[][] = [];
    for (const p of peers) {
      const row = [fileLabels[p] ?? p];
      for (const rt of runtimes) {
        const pc = this.cell("file", rt, p, "throughput");
        if (pc === undefined || pc.failed > 0) {
          row.push(pc === undefined ? "not run" : "peer failed");
          continue;
        }
        const a = this.wallPerLine("file", rt, "logrotor") /
          this.wallPerLine("file", rt, p);
        const b = this.wallPerLine("file", rt, "logrotor-nofsync") /
          this.wallPerLine("file", rt, p);
        row.push(`${fmt(a)}× / ${fmt(b)}×`);
      }
      peerRows.push(row);
    }
    this.table(["peer", ...runtimes], peerRows);

    for (const rt of runtimes) {
      if (
        !this.contenders.some((c) => this.cell("file", rt, c, "throughput"))
      ) {
        continue;
      }
      this.push(`### ${rt}: caller cost, latency, stalls, memory`, "");
      const detail: string[][] = [];
      for (const c of this.contenders) {
        const t = this.cell("file", rt, c, "throughput");
        const l = this.cell("file", rt, c, "latency");
        const s = this.cell("file", rt, c, "stall");
        const bad = this.status(t);
        if (bad !== undefined && t?.rows.length === 0) {
          detail.push([fileLabels[c] ?? c, bad, "", "", "", "", "", "", ""]);
          continue;
        }
        detail.push([
          fileLabels[c] ?? c,
          `${fmt(metric(t, "mbPerSec"), 0)}`,
          fmt(metric(t, "callerNsPerLine"), 0),
          fmt(metric(t, "closeMs"), 1),
          l === undefined ? "–" : this.status(l) ?? fmt(metric(l, "p50us")),
          l === undefined ? "–" : this.status(l) ?? fmt(metric(l, "p99us")),
          l === undefined ? "–" : this.status(l) ?? fmt(metric(l, "p999us")),
          s === undefined
            ? "–"
            : this.status(s) ?? fmt(metric(s, "maxStallMs"), 1),
          `${fmt(metric(t, "peakRssMiB"), 0)}`,
        ]);
      }
      this.table([
        "contender",
        "MB/s",
        "caller ns/line",
        "close ms",
        "p50 µs",
        "p99 µs",
        "p99.9 µs",
        "max stall ms",
        "peak RSS MiB",
      ], detail);
      const floor = median(
        this.contenders.flatMap((c) =>
          this.cell("file", rt, c, "latency")?.rows.map((r) =>
            Number(r.clockFloorUs)
          ) ?? []
        ),
      );
      const base = metric(
        this.cell("file", rt, "build-only", "throughput"),
        "peakRssMiB",
      );
      this.push(
        `Latency includes one \`performance.now()\` (an empty pair measures ${
          fmt(floor, 3)
        } µs here). Peak RSS is the process's VmHWM; the runtime itself accounts for ${
          fmt(base, 0)
        } MiB (build-only row).`,
        "",
      );
    }
  }

  targets(): void {
    if (this.contenders.length === 0) return;
    this.push("### logrotor against the targets (issue 2)", "");
    const rows: string[][] = [];
    const verdict = (x: number, limit: number, unit: string, digits = 2) =>
      Number.isFinite(x)
        ? `${x <= limit ? "met" : "**missed**"}: ${fmt(x, digits)}${unit}`
        : "–";
    for (const rt of runtimes) {
      const t = this.cell("file", rt, "logrotor", "throughput");
      if (t === undefined) continue;
      const ratio = this.wallPerLine("file", rt, "logrotor") /
        this.wallPerLine("file", rt, "raw");
      const ratioNoSync = this.wallPerLine("file", rt, "logrotor-nofsync") /
        this.wallPerLine("file", rt, "raw");
      const floor = this.wallPerLine("file", rt, "join-fsync") /
        this.wallPerLine("file", rt, "raw");
      rows.push([
        rt,
        `${verdict(ratio, 0.6, "×")} (fsync never: ${
          fmt(ratioNoSync)
        }×; naive join + fsync: ${fmt(floor)}×)`,
        verdict(
          metric(this.cell("file", rt, "logrotor", "latency"), "p999us"),
          5,
          " µs",
        ),
        verdict(
          metric(this.cell("file", rt, "logrotor", "stall"), "maxStallMs"),
          5,
          " ms",
          1,
        ),
        verdict(metric(t, "peakRssMiB") * 1.048576, 100, " MB", 0),
      ]);
    }
    this.table([
      "runtime",
      "wall ≤ 0.60× raw",
      "p99.9 ≤ 5 µs",
      "stall ≤ 5 ms",
      "peak RSS ≤ 100 MB",
    ], rows);
  }

  rotationTables(): void {
    if (this.rotationContenders.length === 0) return;
    this.push("### Rotation at 16 MiB: wall until close() resolved", "");
    this.push(
      "Relative to the raw baseline (plain writing, no rotation) on the same runtime; in brackets the median wall time until close() resolved. Targets: logrotor ≤ 0.70× raw; with gzip ≤ 0.5× winston-daily-rotate-file (zippedArchive) end to end, archives complete when close() resolves, no stall over 5 ms.",
      "",
    );
    const rows: string[][] = [];
    for (const c of this.rotationContenders) {
      const row = [rotationLabels[c] ?? c];
      for (const rt of runtimes) {
        const cell = this.cell("rotation", rt, c, "throughput");
        const bad = this.status(cell);
        if (bad !== undefined) {
          row.push(bad);
          continue;
        }
        const ratio = this.wallPerLine("rotation", rt, c) /
          this.wallPerLine("rotation", rt, "raw");
        const runs = cell?.rows.length ?? 0;
        const few = runs < (this.machine?.reps ?? 1) ? `, ${runs} run` : "";
        row.push(`${fmt(ratio)}× (${fmt(metric(cell, "wallMs"), 0)} ms${few})`);
      }
      rows.push(row);
    }
    this.table(["contender", ...runtimes], rows);
    for (const rt of runtimes) {
      const detail: string[][] = [];
      for (const c of this.rotationContenders) {
        const cell = this.cell("rotation", rt, c, "throughput");
        if (cell === undefined) continue;
        const bad = this.status(cell);
        if (bad !== undefined) {
          detail.push([rotationLabels[c] ?? c, bad, "", "", "", "", ""]);
          continue;
        }
        const incomplete = cell.rows.filter((r) => r.completeAtClose === false);
        const done = median(incomplete.map((r) => Number(r.doneMs)));
        const never = incomplete.some((r) =>
          r.doneTimedOut === true ||
          (Number(r.doneMs) - Number(r.wallMs) > 14_000)
        );
        detail.push([
          rotationLabels[c] ?? c,
          fmt(metric(cell, "wallMs"), 0),
          fmt(metric(cell, "closeMs"), 0),
          `${fmt(metric(cell, "files"), 0)} / ${
            fmt(metric(cell, "gzFiles"), 0)
          }`,
          incomplete.length === 0
            ? "yes"
            : never
            ? `**no** (${incomplete.length}/${cell.rows.length} runs; still not complete 15 s after close)`
            : `**no** (${incomplete.length}/${cell.rows.length} runs; all data on disk after ${
              fmt(done, 0)
            } ms)`,
          fmt(metric(cell, "peakRssMiB"), 0),
        ]);
      }
      if (detail.length === 0) continue;
      this.push(`#### ${rt}: rotation details`, "");
      this.table([
        "contender",
        "wall ms",
        "close ms",
        "files / .gz",
        "all data on disk when close() resolved",
        "peak RSS MiB",
      ], detail);
    }
    const maxStall = (c: string) =>
      runtimes.map((rt) => {
        const x = metric(
          this.cell("rotation", rt, c, "stall"),
          "maxStallMs",
        );
        return `${rt} ${fmt(x, 1)} ms`;
      }).join(", ");
    if (this.rotationContenders.includes("logrotor-rot-gz")) {
      const vsWinston = runtimes.map((rt) =>
        `${rt} ${
          fmt(
            this.wallPerLine("rotation", rt, "logrotor-rot-gz") /
              this.wallPerLine("rotation", rt, "winston-gz"),
          )
        }×`
      ).join(", ");
      this.push(
        `logrotor with gzip ÷ winston-daily-rotate-file with zippedArchive: ${vsWinston}.`,
        "",
      );
      this.push(
        `Largest event-loop gap during the logrotor gzip run: ${
          maxStall("logrotor-rot-gz")
        }.`,
        "",
      );
    }
  }

  machineInfo(): void {
    const m = this.machine;
    if (m === undefined) return;
    this.push(
      `Measured ${m.date} on ${m.nproc} cores (${m.cpu}), ${m.kernel}, load average at start ${m.load}; Node ${m.node}, ${m.deno}, Bun ${m.bun}. ${
        m.lines.toLocaleString("en")
      } lines × 120 B, median of ${m.reps} repetitions, contenders interleaved in one run, one fresh process per measurement. The machine is shared and noisy: read the ratios, not the absolute numbers.`,
      "",
    );
  }

  render(): string {
    this.machineInfo();
    this.targets();
    this.fileTables();
    this.rotationTables();
    this.push(...loggerTables(this.results, (text) => this.note(text)));
    if (this.notes.length > 0) {
      this.push("### Failures and contenders that did not run", "");
      for (const n of this.notes) this.push(`- ${n.replaceAll("|", "\\|")}`);
      this.push("");
    }
    return this.lines.join("\n");
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const readmeAt = args.indexOf("--readme");
  const readme = readmeAt === -1 ? undefined : args[readmeAt + 1];
  const files = readmeAt === -1 ? args : args.slice(0, readmeAt);
  if (files.length === 0) {
    throw new Error("usage: report.ts RESULTS.jsonl… [--readme FILE]");
  }
  const text = new Report(readResults(files)).render();
  process.stdout.write(text + "\n");
  if (readme !== undefined) {
    const start = "<!-- results:start -->";
    const end = "<!-- results:end -->";
    const old = fs.existsSync(readme) ? fs.readFileSync(readme, "utf8") : "";
    const a = old.indexOf(start);
    const b = old.indexOf(end);
    const block = `${start}\n\n${text}\n${end}`;
    const next = a !== -1 && b > a
      ? old.slice(0, a) + block + old.slice(b + end.length)
      : `${old}\n## Results\n\n${block}\n`;
    fs.writeFileSync(readme, next);
    process.stdout.write(`\nrewrote the results section of ${readme}\n`);
  }
}

main();
