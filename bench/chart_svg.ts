/**
 * Renders benchmark results (bench/results.ts) as an SVG chart: per bench
 * (file sink, rotation), one group of horizontal bars per contender, one bar
 * per runtime, the length being the wall time relative to the raw baseline
 * on the same runtime, on a log₂ axis with a line at 1× (the baseline).
 *
 * No dependencies and no runtime API: bench/chart.ts reads and writes files.
 *
 * @module
 */
import {
  fileLabels,
  type Results,
  rotationLabels,
  runtimes,
} from "./results.ts";

/** One bar (or a labelled gap where a contender failed or did not run). */
export interface Bar {
  bench: string;
  contender: string;
  runtime: string;
  /** Wall time per line ÷ raw's on the same runtime; NaN if unavailable. */
  ratio: number;
}

const benches = [
  {
    id: "file",
    title: "File sink: write N lines, then close()",
    labels: fileLabels,
  },
  {
    id: "rotation",
    title: "Rotation at 16 MiB: write N lines, then close()",
    labels: rotationLabels,
  },
];

const colours: Record<string, string> = {
  node: "#3fa34d",
  deno: "#4f7fe0",
  bun: "#e0902f",
};

/** The bars of every bench, raw excluded (it is the 1× line). */
export function chartBars(results: Results): Bar[] {
  const bars: Bar[] = [];
  for (const bench of benches) {
    for (const contender of results.contenders(bench.id)) {
      if (contender === "raw") continue;
      for (const runtime of runtimes) {
        if (
          results.cell(bench.id, runtime, contender, "throughput") === undefined
        ) {
          continue;
        }
        bars.push({
          bench: bench.id,
          contender,
          runtime,
          ratio: results.ratioToRaw(bench.id, runtime, contender),
        });
      }
    }
  }
  return bars;
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** The label of a contender: its table label without Markdown emphasis. */
export function contenderLabel(bench: string, contender: string): string {
  const labels = benches.find((b) => b.id === bench)?.labels ?? {};
  return (labels[contender] ?? contender).replaceAll("**", "");
}

/** `0.91×`, `1.3×`, `12×`. */
export function ratioText(ratio: number): string {
  if (!Number.isFinite(ratio)) return "failed";
  return ratio >= 10 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

/** Options of {@linkcode renderChart}. */
export interface ChartOptions {
  /** The results file names, for the generator comment and the footer. */
  sources: string[];
  /** Ratios above this are drawn to the edge, labelled with their value. */
  cap?: number;
}

/**
 * The SVG text of the chart.
 *
 * @param results Parsed results.
 * @param options Source names and the cap.
 * @returns A standalone SVG document.
 */
export function renderChart(results: Results, options: ChartOptions): string {
  const bars = chartBars(results);
  const cap = options.cap ?? 64;
  const finite = bars.map((b) => b.ratio).filter((r) => Number.isFinite(r));
  const lo = 2 ** Math.floor(Math.log2(Math.min(0.5, ...finite)));
  const hi = 2 ** Math.ceil(Math.log2(Math.min(cap, Math.max(2, ...finite))));

  const width = 860;
  const labelWidth = 330;
  const plotLeft = labelWidth + 10;
  const plotWidth = width - plotLeft - 70;
  const x = (ratio: number) =>
    plotLeft +
    (Math.log2(Math.min(Math.max(ratio, lo), hi)) - Math.log2(lo)) /
      (Math.log2(hi) - Math.log2(lo)) * plotWidth;
  const barHeight = 13;
  const barGap = 2;
  const groupGap = 10;

  const body: string[] = [];
  let y = 78;
  let sectionTop = 0;
  const sections: Array<{ top: number; bottom: number }> = [];
  for (const bench of benches) {
    const ofBench = bars.filter((b) => b.bench === bench.id);
    if (ofBench.length === 0) continue;
    y += 8;
    body.push(
      `<text class="section" x="10" y="${y}">${escapeXml(bench.title)}</text>`,
    );
    y += 12;
    sectionTop = y;
    const contenders = [...new Set(ofBench.map((b) => b.contender))];
    for (const contender of contenders) {
      const group = ofBench.filter((b) => b.contender === contender);
      const groupHeight = group.length * (barHeight + barGap) - barGap;
      body.push(
        `<text class="label" x="${labelWidth}" y="${
          y + groupHeight / 2 + 4
        }" text-anchor="end">${
          escapeXml(contenderLabel(bench.id, contender))
        }</text>`,
      );
      for (const bar of group) {
        const ok = Number.isFinite(bar.ratio);
        const capped = ok && bar.ratio > hi;
        const end = ok ? x(bar.ratio) : plotLeft;
        const text = `${bar.runtime} ${ratioText(bar.ratio)}${
          capped ? " ▸" : ""
        }`;
        if (ok) {
          body.push(
            `<rect class="bar" data-bench="${bar.bench}" data-runtime="${bar.runtime}" data-contender="${
              escapeXml(bar.contender)
            }" data-ratio="${
              bar.ratio.toFixed(4)
            }" x="${plotLeft}" y="${y}" width="${
              Math.max(1, end - plotLeft).toFixed(1)
            }" height="${barHeight}" rx="2" fill="${
              colours[bar.runtime] ?? "#888"
            }"/>`,
          );
        }
        body.push(
          `<text class="value" x="${(end + 4).toFixed(1)}" y="${
            y + barHeight - 3
          }">${escapeXml(text)}</text>`,
        );
        y += barHeight + barGap;
      }
      y += groupGap - barGap;
    }
    sections.push({ top: sectionTop - 4, bottom: y - groupGap + 4 });
    y += 18;
  }

  // Grid: one line per power of two, the 1× line (raw) emphasised.
  // The 1× line is drawn over the bars.
  const grid: string[] = [];
  const base: string[] = [];
  for (let e = Math.log2(lo); e <= Math.log2(hi); e++) {
    const r = 2 ** e;
    const gx = x(r).toFixed(1);
    for (const s of sections) {
      (r === 1 ? base : grid).push(
        `<line class="${
          r === 1 ? "base" : "grid"
        }" x1="${gx}" x2="${gx}" y1="${s.top}" y2="${s.bottom}"/>`,
      );
      grid.push(
        `<text class="tick" x="${gx}" y="${
          s.bottom + 12
        }" text-anchor="middle">${r < 1 ? `1/${1 / r}` : r}×</text>`,
      );
    }
  }
  y += 10;

  const m = results.machine;
  const subtitle = m === undefined
    ? "machine unknown"
    : `${m.date} · ${m.nproc} cores (${m.cpu}), ${m.kernel} · Node ${m.node}, ${
      m.deno.split(" (")[0]
    }, Bun ${m.bun} · ${
      m.lines.toLocaleString("en")
    } lines, median of ${m.reps}`;
  const legend = runtimes.map((rt, i) =>
    `<rect x="${
      plotLeft + i * 80
    }" y="52" width="12" height="12" rx="2" fill="${
      colours[rt]
    }"/><text class="tick" x="${plotLeft + i * 80 + 16}" y="62">${rt}</text>`
  ).join("");
  const height = y + 22;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="12">`,
    `<!-- generated by bench/chart.ts from ${
      escapeXml(options.sources.join(", "))
    }; do not edit -->`,
    `<style>
text { fill: #6e7781; }
.title { font-size: 15px; font-weight: 600; }
.section { font-weight: 600; }
.tick, .note { font-size: 11px; }
.grid { stroke: #8c959f; stroke-opacity: 0.35; }
.base { stroke: #cf222e; stroke-width: 1.5; stroke-dasharray: 4 3; }
@media (prefers-color-scheme: light) {
  .title, .section, .label, .value { fill: #424a53; }
}
@media (prefers-color-scheme: dark) {
  .title, .section, .label, .value { fill: #d1d7e0; }
  .base { stroke: #f85149; }
}
</style>`,
    `<text class="title" x="10" y="22">Wall time relative to raw writeSync on the same runtime (lower is better)</text>`,
    `<text class="note" x="10" y="40">${escapeXml(subtitle)}</text>`,
    `<text class="note" x="10" y="62">log₂ scale; dashed line = raw (1×)${
      finite.some((r) => r > hi) ? `; ▸ = beyond ${hi}×` : ""
    }</text>`,
    legend,
    ...grid,
    ...body,
    ...base,
    `<text class="note" x="10" y="${height - 8}">${
      escapeXml(`from ${options.sources.join(", ")} by bench/chart.ts`)
    }</text>`,
    `</svg>`,
    "",
  ].join("\n");
}
