#!/usr/bin/env bash
# bench/scripts/cpu_profile.py on a real benchmark: sdp_bench's BM_ParseCandidate, which calls
# rtc::sdp::parse_candidate on the same trickled candidate again and again. Every call runs the
# same instructions, so the tool's per-call figures must be whole numbers in a plausible range,
# its source lines must point into sdp/src, and its taken branches must have a direction and
# show the candidate parser they were inlined from.
# Usage: cpu_profile_test.sh CPU_PROFILE_PY SDP_BENCH
set -euo pipefail
tool="$1"
bench="$2"
if ! command -v valgrind >/dev/null || ! command -v addr2line >/dev/null; then
  echo "SKIP: valgrind or addr2line missing (scripts/bootstrap.sh test installs them)"
  exit 77
fi
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
cd "$(dirname "$tool")/../.."  # the tool prints source paths relative to where it runs
python3 "$tool" "$bench" rtc::sdp::parse_candidate --filter BM_ParseCandidate \
  --lines --branches --within parse_candidate --top 8 >"$out"
cat "$out"

fail() { echo "FAIL: $*" >&2; exit 1; }
# "rtc::sdp::parse_candidate: 1234 calls; per call 1,234 instructions, 56 branches taken"
summary="$(head -n 1 "$out")"
[[ "$summary" =~ ^rtc::sdp::parse_candidate:\ ([0-9]+)\ calls\;\ per\ call\ ([0-9,]+)\ instructions,\ ([0-9,]+)\ branches\ taken$ ]] ||
  fail "unexpected summary line: $summary"
calls="${BASH_REMATCH[1]}"
instructions="${BASH_REMATCH[2]//,/}"
taken="${BASH_REMATCH[3]//,/}"
((calls >= 100)) || fail "only $calls calls counted"
# A candidate of ~110 bytes: several hundred instructions to parse, a few thousand with the
# allocations of a new Candidate; far outside that, the tool misread the file.
((instructions >= 300 && instructions <= 20000)) || fail "$instructions instructions per call"
((taken >= 10 && taken < instructions)) || fail "$taken branches taken per call"
grep -Eq '^ +[0-9,.]+  sdp/src/[a-z_]+\.(hpp|cpp):[0-9]+$' "$out" ||
  fail "no source line of sdp/src in the --lines table"
grep -Eq '^ +[0-9,.]+  (back|fwd ) .*sdp/src/candidate\.cpp:[0-9]+' "$out" ||
  fail "no taken branch inlined from sdp/src/candidate.cpp in the --branches table"
# A name that several called functions share is refused, not measured.
if python3 "$tool" "$bench" parse --filter BM_ParseCandidate >"$out" 2>&1; then
  fail "'parse' names several functions but was measured"
fi
grep -q "several functions are named like 'parse'" "$out" || fail "no reason given: $(cat "$out")"
echo "PASS"
