#!/usr/bin/env bash
# Runs the one test suite on Deno, Bun and Node and ends with one line:
#   N passed, N failed, N skipped
# summed over the three runtimes. Exits non-zero if any test failed or a
# runner ended without its summary. Pass test files to run only those.
set -u
cd "$(dirname "$0")/.."
bin=./node_modules/.bin
files=("$@")
[ ${#files[@]} -gt 0 ] || mapfile -t files < <(find tests -name "*_test.ts" | sort)
logs=$(mktemp -d)
passed=0 failed=0 skipped=0 status=0
export NO_COLOR=1 FORCE_COLOR=0

# count <log> <regex with one number group>: the number, or empty
count() { grep -E "$2" "$1" | tail -n 1 | sed -E "s/.*$2.*/\1/"; }

run() { # run <name> <command...>
  local name=$1 log="$logs/$1.log" p f s rc
  shift
  echo "== $name: $1 $2 … (${#files[@]} test files)"
  local start=$SECONDS
  "$@" >"$log" 2>&1
  rc=$?
  case $name in
  deno)
    p=$(count "$log" '\| ([0-9]+) passed')
    f=$(count "$log" '\| ([0-9]+) failed')
    s=$(count "$log" '\| ([0-9]+) ignored')
    [ -n "$p" ] && [ -z "$s" ] && s=0 ;;
  bun)
    p=$(count "$log" '^ *([0-9]+) pass$')
    f=$(count "$log" '^ *([0-9]+) fail$')
    s=$(count "$log" '^ *([0-9]+) skip$')
    [ -n "$p" ] && [ -z "$s" ] && s=0
    [ -n "$p" ] && [ -z "$f" ] && f=0 ;;
  node)
    p=$(count "$log" '^# pass ([0-9]+)$')
    f=$(count "$log" '^# fail ([0-9]+)$')
    s=$(count "$log" '^# skipped ([0-9]+)$')
    local c
    c=$(count "$log" '^# cancelled ([0-9]+)$')
    [ -n "$f" ] && [ -n "$c" ] && f=$((f + c)) ;;
  esac
  if [ -z "$p" ] || [ -z "$f" ]; then
    echo "   $name ended without a test summary (exit $rc); its output:"
    tail -n 40 "$log" | sed 's/^/   | /'
    failed=$((failed + 1)) status=1
    return
  fi
  if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
    grep -E "FAILED|^\(fail\)|^not ok|error:|AssertionError" "$log" | head -n 40 | sed 's/^/   | /'
    status=1
    # A runner that failed with no failing test still counts as one failure.
    [ "$f" -eq 0 ] && f=1
  fi
  echo "   $name: $p passed, $f failed, $s skipped ($((SECONDS - start)) s)"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

run deno "$bin/deno" test -A "${files[@]}"
run bun "$bin/bun" test --timeout 120000 "${files[@]}"
run node node --import tsx --test --test-timeout=120000 "${files[@]}"
rm -rf "$logs"
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
