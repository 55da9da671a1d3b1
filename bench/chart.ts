/**
 * Writes bench/chart.svg from benchmark results: wall time relative to the
 * raw baseline per contender and runtime (bench/chart_svg.ts draws it).
 * bench/run.sh runs it after every benchmark run.
 *
 *   deno run -A bench/chart.ts                      # the newest bench/out/results-*.jsonl
 *   bun bench/chart.ts bench/out/results-….jsonl --out /tmp/chart.svg
 *   node --import tsx bench/chart.ts
 *
 * @module
 */
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { chartBars, renderChart } from "./chart_svg.ts";
import { newestResultsFile, readResults } from "./results.ts";

function main(): number {
  const args = process.argv.slice(2);
  const outAt = args.indexOf("--out");
  const out = outAt === -1 ? "bench/chart.svg" : args[outAt + 1];
  const files = outAt === -1
    ? args
    : [...args.slice(0, outAt), ...args.slice(outAt + 2)];
  if (out === undefined || files.some((f) => f.startsWith("-"))) {
    process.stderr.write("usage: chart.ts [RESULTS.jsonl…] [--out FILE]\n");
    return 2;
  }
  if (files.length === 0) {
    const newest = newestResultsFile("bench/out");
    if (newest === undefined) {
      process.stderr.write(
        "chart.ts: no bench/out/results-*.jsonl (run bash bench/run.sh first)\n",
      );
      return 1;
    }
    files.push(newest);
  }
  const results = readResults(files);
  const svg = renderChart(results, {
    sources: files.map((f) => path.basename(f)),
  });
  fs.writeFileSync(out, svg);
  process.stdout.write(
    `wrote ${out} (${chartBars(results).length} bars) from ${
      files.join(" ")
    }\n`,
  );
  return 0;
}

process.exitCode = main();
