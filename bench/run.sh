#!/usr/bin/env bash
# Runs every benchmark contender on every runtime, one fresh process each,
# interleaved (rep → mode → runtime → contender), then prints the tables,
# rewrites the results section of bench/README.md (bench/report.ts) and
# redraws bench/chart.svg from the same results (bench/chart.ts).
#
#   npm run bench                 # everything, 3 repetitions (≈ 15–25 min)
#   REPS=1 RUNTIMES=node CONTENDERS="raw logrotor" MODES=throughput bash bench/run.sh
#   REPORT_ONLY="bench/out/results-A.jsonl bench/out/results-B.jsonl" bash bench/run.sh
#                                 # redo the tables from earlier results
#
# Knobs (environment): REPS (3), LINES (1000000), SLOW_LINES (20000: for the
# contenders in SLOW that fsync every line), RUNTIMES ("node deno bun"),
# CONTENDERS, MODES ("throughput latency stall"), FILE (1: run the file
# benchmark; 0: rotation only), ROTATION (1: also run
# bench/rotation_bench.ts when mod.ts exports createRotatingFileSink),
# ROTATION_REPS (REPS), ROTATION_CONTENDERS, LOGGER (1: the logger
# benchmark), LOGGER_REPS, LOGGER_CONTENDERS, TAIL (1: with the logger, what
# its slowest 0.1 % of calls are),
# TIMEOUT (seconds per process, 300), README (1: rewrite bench/README.md and
# bench/chart.svg).
set -u
cd "$(dirname "$0")/.."

REPS=${REPS:-3}
LINES=${LINES:-1000000}
SLOW_LINES=${SLOW_LINES:-20000}
RUNTIMES=${RUNTIMES:-"node deno bun"}
CONTENDERS=${CONTENDERS:-"build-only raw join join-fsync logrotor logrotor-nofsync sonic-boom pino logtape-nb logtape"}
SLOW=${SLOW:-"logtape"}
MODES=${MODES:-"throughput latency stall"}
FILE=${FILE:-1}
ROTATION=${ROTATION:-1}
ROTATION_REPS=${ROTATION_REPS:-$REPS}
ROTATION_CONTENDERS=${ROTATION_CONTENDERS:-"raw logrotor-rot logrotor-rot-gz logtape-rot winston winston-gz log4js log4js-gz rfs rfs-gz"}
LOGGER=${LOGGER:-1}
LOGGER_REPS=${LOGGER_REPS:-$REPS}
LOGGER_CONTENDERS=${LOGGER_CONTENDERS:-"logrotor-json logrotor-text logrotor-with logrotor-fields pino pino-pretty logtape-json logtape-text logrotor-console pino-pretty-console logtape-console"}
LOGGER_MODES=${LOGGER_MODES:-"throughput latency disabled"}
LOGGER_RECORDS=${LOGGER_RECORDS:-$LINES}
# Peers that take 5–30 s per million records run with fewer (compared per
# record); latency and the disabled call are measured for the main ones.
LOGGER_SLOW=${LOGGER_SLOW:-"pino-pretty pino-pretty-console logtape-json logtape-text logtape-console"}
LOGGER_SLOW_RECORDS=${LOGGER_SLOW_RECORDS:-200000}
LOGGER_LATENCY=${LOGGER_LATENCY:-"logrotor-json logrotor-text logrotor-console pino logtape-json"}
LOGGER_DISABLED=${LOGGER_DISABLED:-"logrotor-json pino logtape-json"}
# What the slowest 0.1 % of logger calls are (bench/tail_bench.ts), once per
# runtime and logger repetition.
TAIL=${TAIL:-1}
TIMEOUT=${TIMEOUT:-300}
OUT=bench/out
DENO=./node_modules/.bin/deno
BUN=./node_modules/.bin/bun

mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$OUT/results-$STAMP.jsonl
[ -n "${REPORT_ONLY:-}" ] && RESULTS=$REPORT_ONLY
WORK=$(mktemp -d "${TMPDIR:-/tmp}/logrotor-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# runtime_cmd RUNTIME SCRIPT: the command line that runs SCRIPT.
runtime_cmd() {
  case "$1" in
    node) echo "node bench/.build/${2%.ts}.js" ;;
    deno) echo "$DENO run -A $2" ;;
    bun) echo "$BUN $2" ;;
  esac
}

has_rotation() {
  grep -q "createRotatingFileSink" mod.ts
}

# run_one SCRIPT RUNTIME CONTENDER MODE LINES
run_one() {
  local script=$1 runtime=$2 contender=$3 mode=$4 lines=$5
  local cmd line rc
  cmd=$(runtime_cmd "$runtime" "$script")
  # shellcheck disable=SC2086
  line=$(timeout "$TIMEOUT" $cmd --contender "$contender" \
    --mode "$mode" --lines "$lines" --out "$WORK/$runtime-$contender/out.log" \
    2>"$WORK/stderr" | grep '^{' | tail -n 1)
  rc=${PIPESTATUS[0]}
  if [ -z "$line" ]; then
    local why="exit status $rc"
    [ "$rc" = 124 ] && why="timed out after ${TIMEOUT}s"
    local err
    err=$(tail -c 300 "$WORK/stderr" | tr '\n"\\' '   ' | tr -d '\000-\037\177')
    line="{\"bench\":\"$(basename "$script" .ts | sed 's/_bench//')\",\"runtime\":\"$runtime\",\"contender\":\"$contender\",\"mode\":\"$mode\",\"lines\":$lines,\"ok\":false,\"error\":\"$why: $err\"}"
  fi
  echo "$line" >>"$RESULTS"
  printf '  %-5s %-18s %-10s %s %s %s\n' "$runtime" "$contender" "$mode" \
    "$(echo "$line" | grep -o '"ok":[a-z]*' | head -n 1)" \
    "$(echo "$line" | grep -o '"wallMs":[0-9]*' | head -n 1)" \
    "$(echo "$line" | grep -o '"error":"[^"]*' | cut -c1-120)"
  rm -rf "${WORK:?}/$runtime-$contender"
}

if [ -z "${REPORT_ONLY:-}" ]; then
  ./node_modules/.bin/tsc -p tsconfig.bench.json || exit 1
  {
    echo "{\"bench\":\"machine\",\"nproc\":$(nproc),\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')\",\"kernel\":\"$(uname -sr)\",\"node\":\"$(node --version)\",\"deno\":\"$($DENO --version | head -n1)\",\"bun\":\"$($BUN --version)\",\"date\":\"$(date -u +%Y-%m-%dT%H:%MZ)\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"reps\":$REPS,\"lines\":$LINES,\"slowLines\":$SLOW_LINES}"
  } >"$RESULTS"
  echo "results: $RESULTS"
  for rep in $(seq 1 "$REPS"); do
    [ "$FILE" = 1 ] || break
    echo "== repetition $rep/$REPS"
    for mode in $MODES; do
      for runtime in $RUNTIMES; do
        for contender in $CONTENDERS; do
          [ "$contender" = build-only ] && [ "$mode" != throughput ] && continue
          lines=$LINES
          case " $SLOW " in *" $contender "*) lines=$SLOW_LINES ;; esac
          run_one bench/file_bench.ts "$runtime" "$contender" "$mode" "$lines"
        done
      done
    done
  done
  # Rotation (1M lines, 16 MiB) after the file benchmark: some peers take
  # tens of seconds per run, so it has its own repetition count.
  if [ "$ROTATION" = 1 ] && has_rotation && [ -f bench/rotation_bench.ts ]; then
    for rep in $(seq 1 "$ROTATION_REPS"); do
      echo "== rotation repetition $rep/$ROTATION_REPS"
      for runtime in $RUNTIMES; do
        for contender in $ROTATION_CONTENDERS; do
          run_one bench/rotation_bench.ts "$runtime" "$contender" throughput "$LINES"
        done
        run_one bench/rotation_bench.ts "$runtime" logrotor-rot-gz stall "$LINES"
      done
    done
  fi
  if [ "$LOGGER" = 1 ]; then
    for rep in $(seq 1 "$LOGGER_REPS"); do
      echo "== logger repetition $rep/$LOGGER_REPS"
      for mode in $LOGGER_MODES; do
        for runtime in $RUNTIMES; do
          for contender in $LOGGER_CONTENDERS; do
            case "$mode" in
              latency) case " $LOGGER_LATENCY " in *" $contender "*) ;; *) continue ;; esac ;;
              disabled) case " $LOGGER_DISABLED " in *" $contender "*) ;; *) continue ;; esac ;;
            esac
            records=$LOGGER_RECORDS
            case " $LOGGER_SLOW " in *" $contender "*) records=$LOGGER_SLOW_RECORDS ;; esac
            run_one bench/logger_bench.ts "$runtime" "$contender" "$mode" "$records"
          done
        done
      done
      if [ "$TAIL" = 1 ]; then
        for runtime in $RUNTIMES; do
          run_one bench/tail_bench.ts "$runtime" logrotor-json tail "$LOGGER_RECORDS"
        done
      fi
    done
  fi
fi

if [ "${README:-1}" = 1 ]; then
  # shellcheck disable=SC2086
  $DENO run -A bench/report.ts $RESULTS --readme bench/README.md
  $DENO fmt --quiet bench/README.md # CI runs deno fmt --check on bench/
  # shellcheck disable=SC2086
  $DENO run -A bench/chart.ts $RESULTS --out bench/chart.svg
else
  # shellcheck disable=SC2086
  $DENO run -A bench/report.ts $RESULTS
fi
