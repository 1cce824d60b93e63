#!/usr/bin/env bash
# bench/scripts/ab_compare.sh with sdp_bench against a copy of itself: for each benchmark the
# filter selects, one line per binary with a time, in the order the binaries were given. The
# times themselves are not checked (speed is measured by benchmarks, not by tests).
# Usage: ab_compare_test.sh AB_COMPARE_SH SDP_BENCH
set -euo pipefail
script="$1"
bench="$2"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$bench" "$scratch/old_bench"
ROUNDS=2 MIN_TIME=0.01 "$script" 'BM_ParseCandidate|BM_Serialize$' "$scratch/old_bench" "$bench" \
  >"$scratch/out" 2>"$scratch/err"
cat "$scratch/out"

fail() { echo "FAIL: $*" >&2; exit 1; }
grep -c '^round [12] of 2 done$' "$scratch/err" | grep -qx 2 || fail "expected two rounds"
for name in BM_ParseCandidate BM_Serialize; do
  block="$(grep -A2 "^$name\$" "$scratch/out")" || fail "no $name in the table"
  [[ "$(sed -n 2p <<<"$block")" =~ ^\ +[0-9]+\.[0-9]\ ns\ \ $scratch/old_bench$ ]] ||
    fail "$name: the old binary's line is missing or malformed"
  [[ "$(sed -n 3p <<<"$block")" =~ ^\ +[0-9]+\.[0-9]\ ns\ \ $bench$ ]] ||
    fail "$name: the new binary's line is missing or malformed"
done
[[ "$(grep -c ' ns  ' "$scratch/out")" == 4 ]] || fail "expected exactly 4 timings"
# Usage errors say how to call it.
if "$script" BM_Parse "$bench" 2>"$scratch/usage"; then fail "one binary was accepted"; fi
grep -q 'Usage: bench/scripts/ab_compare.sh FILTER' "$scratch/usage" || fail "no usage text"
# A binary that fails (here: its data file is missing) stops the comparison with its own error
# instead of an empty table.
if SDP_BENCH_FILE="$scratch/missing.sdp" ROUNDS=1 MIN_TIME=0.01 "$script" 'BM_Serialize$' \
  "$bench" "$bench" >"$scratch/out" 2>"$scratch/err"; then
  fail "a failing binary was not reported"
fi
grep -q "ab_compare: $bench failed" "$scratch/err" || fail "no failure message"
grep -q "missing.sdp" "$scratch/err" || fail "the binary's own error is not shown"
echo "PASS"
