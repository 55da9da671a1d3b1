#!/usr/bin/env bash
# Runs the hot-path variants (bench/hotpath_bench.ts) on every runtime,
# interleaved, REPS times, and prints the median wall time of each variant
# relative to `model` (the current sink's design) on the same runtime.
#
#   bash bench/hotpath.sh            # REPS=3, RUNTIMES="node deno bun"
set -u
cd "$(dirname "$0")/.."
REPS=${REPS:-3}
RUNTIMES=${RUNTIMES:-"node deno bun"}
VARIANTS=${VARIANTS:-"model count-fast count-none count-deferred count-joined joined-256k concat encode write-string flush-256k flush-1m lean lean-256k fsync-close fsync-async8m sink sink-256k sink-1m"}
MODES=${MODES:-"throughput latency"}
mkdir -p bench/out
RESULTS=${RESULTS:-bench/out/hotpath-$(date -u +%Y%m%dT%H%M%SZ).jsonl}  # appended to
for rep in $(seq 1 "$REPS"); do
  for mode in $MODES; do
    for runtime in $RUNTIMES; do
      case $runtime in
        node) cmd="node --import tsx" ;;
        deno) cmd="./node_modules/.bin/deno run -A" ;;
        bun) cmd="./node_modules/.bin/bun" ;;
      esac
      for v in $VARIANTS; do
        # shellcheck disable=SC2086
        $cmd bench/hotpath_bench.ts --variant "$v" --mode "$mode" | grep '^{' >>"$RESULTS"
      done
    done
  done
  echo "repetition $rep done" >&2
done
./node_modules/.bin/deno run -A - "$RESULTS" <<'EOF'
import * as fs from "node:fs";
const rows = fs.readFileSync(Deno.args[0], "utf8").trim().split("\n").map((l) => JSON.parse(l));
const med = (xs) => { const v = xs.filter(Number.isFinite).sort((a, b) => a - b); return v.length ? v[v.length >> 1] : NaN; };
const runtimes = [...new Set(rows.map((r) => r.runtime))];
const variants = [...new Set(rows.map((r) => r.variant))];
const get = (rt, v, mode, k) => med(rows.filter((r) => r.runtime === rt && r.variant === v && r.mode === mode).map((r) => r[k]));
console.log(`| variant | ${runtimes.map((r) => `${r} wall (× model) | ${r} p99.9 µs`).join(" | ")} |`);
console.log(`| --- | ${runtimes.map(() => "---: | ---:").join(" | ")} |`);
for (const v of variants) {
  const bad = rows.some((r) => r.variant === v && r.ok === false) ? " FAILED" : "";
  console.log(`| ${v}${bad} | ${runtimes.map((rt) => {
    const w = get(rt, v, "throughput", "wallMs");
    return `${w.toFixed(0)} ms (${(w / get(rt, "model", "throughput", "wallMs")).toFixed(2)}×) | ${get(rt, v, "latency", "p999us").toFixed(1)}`;
  }).join(" | ")} |`);
}
console.log(`results: ${Deno.args[0]}`);
EOF
