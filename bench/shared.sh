#!/usr/bin/env bash
# Shared mode (issue 4): 1 writer x N lines vs 4 concurrent writers x N lines
# each on one file, aggregate lines/s; Node, process start included.
#   N=500000 bash bench/shared.sh
cd "$(dirname "$0")/.."
N=${N:-500000}
run() { # run <label> <script> <extra args...>
  local label=$1 script=$2; shift 2
  local d; d=$(mktemp -d "${TMPDIR:-/tmp}/logrotor-shared.XXXX")
  local t0 t1 t2
  t0=$(date +%s.%N)
  node --import tsx "$script" "$d/one.log" 0 "$N" "$@" >/dev/null
  t1=$(date +%s.%N)
  for i in 0 1 2 3; do node --import tsx "$script" "$d/four.log" "$i" "$N" "$@" >/dev/null & done; wait
  t2=$(date +%s.%N)
  python3 -c "
one=$t1-$t0; four=$t2-$t1; n=$N
print(f'$label: 1 writer {n/one:,.0f} lines/s ({one:.2f}s); 4 writers {4*n/four:,.0f} lines/s ({four:.2f}s); ratio {4*n/four/(n/one):.2f}x')"
  rm -rf "$d"
}
for rep in 1 2 3; do
  run "shared" tests/_fixtures/shared_writer.ts
  run "shared+rotation 1MiB+gzip" tests/_fixtures/shared_rotating_writer.ts 1048576 262144
done
