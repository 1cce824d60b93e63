#!/usr/bin/env bash
# Is the new build faster? Runs two (or more) copies of a Google Benchmark binary in turns,
# round after round, and prints each one's best median per benchmark.
#
# Usage: bench/scripts/ab_compare.sh FILTER OLD_BINARY NEW_BINARY [MORE_BINARIES...]
#   cp build/default/bench/sdp_bench /tmp/sdp_bench.old    # before the change
#   ... change, rebuild ...
#   bench/scripts/ab_compare.sh 'BM_ParseInto|BM_Serialize$' /tmp/sdp_bench.old \
#       build/default/bench/sdp_bench
# Env: ROUNDS=5 (rounds of all binaries), CPU=<the last core> (pinned to, when taskset exists),
#      MIN_TIME=0.5 (seconds per repetition)
#
# On a shared or virtual machine the speed drifts by several percent within minutes, more than
# most changes are worth. Running the binaries in turns puts both under the same drift; each
# run is the median of 3 repetitions, and the best of the rounds is the least disturbed one.
set -euo pipefail

if (($# < 3)); then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
filter="$1"
shift
rounds="${ROUNDS:-5}"
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "${CPU:-$(($(nproc) - 1))}"); fi

results="$(mktemp)"
errors="$(mktemp)"
trap 'rm -f "$results" "$errors"' EXIT
for ((round = 1; round <= rounds; round++)); do
  for binary in "$@"; do
    # "BM_ParseInto_median  3330 ns  3329 ns  10" -> "BINARY BM_ParseInto 3329" (CPU time)
    if ! "${pin[@]}" "$binary" --benchmark_filter="$filter" --benchmark_min_time="${MIN_TIME:-0.5}" \
      --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>"$errors" |
      awk -v binary="$binary" '$1 ~ /_median$/ { sub(/_median$/, "", $1); print binary, $1, $4 }' \
        >>"$results"; then
      # A binary built in another checkout may miss its data files (sdp_bench: SDP_BENCH_FILE).
      echo "ab_compare: $binary failed:" >&2
      cat "$errors" >&2
      exit 1
    fi
  done
  echo "round $round of $rounds done" >&2
done

# Best (lowest) median per binary and benchmark, in the order the binaries were given.
awk -v order="$*" '
  BEGIN { n = split(order, binaries, " ") }
  { key = $1 SUBSEP $2; if (!(key in best) || $3 < best[key]) best[key] = $3; names[$2] = 1 }
  END {
    for (name in names) {
      printf "%s\n", name
      for (i = 1; i <= n; i++) {
        key = binaries[i] SUBSEP name
        if (key in best) printf "  %10.1f ns  %s\n", best[key], binaries[i]
      }
    }
  }' "$results"
