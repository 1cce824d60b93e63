#!/usr/bin/env bash
# SDP parse and serialize, side by side on the same file: rtc::sdp (bench/sdp_bench.cpp),
# GStreamer's gst-sdp (gst_sdp_message_parse_buffer / gst_sdp_message_as_text, in C) and the
# sdp-transform npm package (parse / write, in Node.js). Prints a table with ratios to rtc.
#
# Usage: bench/scripts/sdp_compare.sh [BUILD_DIR] [SDP_FILE]
#   BUILD_DIR  a CMake build of this repository with bench/sdp_bench (default: build/default)
#   SDP_FILE   default: bench/data/chromium-offer-6k.sdp
# Env:   GST_ITERATIONS=20000 NODE_ITERATIONS=2000 ROUNDS=3
#
# Every figure is CPU time per call (less disturbed by a busy machine than wall time), the
# median of 5 batches. The three are measured in turns, ROUNDS times, and each keeps its best
# round: on a shared or virtual machine the speed drifts by 10-30% within minutes, and taking
# each one's least disturbed round keeps that drift out of the ratios. Each parse builds a
# fresh model and frees it, in all three; one more row shows rtc::sdp parsing into the model of
# the previous parse and writing into a kept buffer.
# Installs libgstreamer1.0-dev and libgstreamer-plugins-base1.0-dev with apt-get if missing
# (as root); sdp-transform comes from tests/node/node_modules (scripts/bootstrap.sh test).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/default}"
file="${2:-$root/bench/data/chromium-offer-6k.sdp}"
gst_iterations="${GST_ITERATIONS:-20000}"
node_iterations="${NODE_ITERATIONS:-2000}"
rounds="${ROUNDS:-3}"
helpers="$here/sdp_compare"
node_modules="$root/tests/node/node_modules"

[ -f "$file" ] || { echo "sdp_compare: no SDP file at $file" >&2; exit 2; }
file="$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"

# --- GStreamer's SDP library: install the headers if missing, then build the harness.
missing=()
for p in libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "sdp_compare: install ${missing[*]} first (apt-get needs root)" >&2
    exit 2
  fi
  echo "sdp_compare: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
fi
command -v cc >/dev/null || { echo "sdp_compare: a C compiler (cc) is required" >&2; exit 2; }
command -v node >/dev/null || { echo "sdp_compare: node is required" >&2; exit 2; }
[ -f "$node_modules/sdp-transform/package.json" ] || {
  echo "sdp_compare: sdp-transform is missing: run scripts/bootstrap.sh test" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT INT TERM

# shellcheck disable=SC2046  # pkg-config output is meant to be split into words
cc -O2 -o "$work/gst_sdp_bench" "$helpers/gst_sdp_bench.c" $(pkg-config --cflags --libs gstreamer-sdp-1.0)

# --- rtc's own benchmark: build it if the build directory has not yet.
bench="$build/bench/sdp_bench"
if [ ! -x "$bench" ]; then
  [ -f "$build/CMakeCache.txt" ] || {
    echo "sdp_compare: no build in $build (cmake --preset default first, or pass BUILD_DIR)" >&2
    exit 2; }
  echo "sdp_compare: building sdp_bench in $build"
  cmake --build "$build" --target sdp_bench -j 2 >/dev/null
fi

bytes=$(wc -c <"$file")
transform_version=$(node -p "require('$node_modules/sdp-transform/package.json').version")
echo "sdp_compare: $file ($bytes bytes); CPU time per call, median of 5 batches, best of $rounds rounds"
echo "  rtc::sdp (sdp_bench), GStreamer gst-sdp $(pkg-config --modversion gstreamer-sdp-1.0)," \
  "sdp-transform $transform_version on node $(node --version)"
# Each measurement appends "parse_ns=... serialize_ns=..." to its file, one line per round.
for ((round = 1; round <= rounds; round++)); do
  echo "  round $round of $rounds..."
  SDP_BENCH_FILE="$file" "$bench" --benchmark_filter='^BM_(Parse|ParseInto|Serialize|SerializeReuse)$' \
    --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/rtc.json" --benchmark_out_format=json >/dev/null 2>"$work/rtc.err" ||
    { cat "$work/rtc.err" >&2; exit 1; }
  node -e '
    const r = require(process.argv[1]).benchmarks.filter(b => b.aggregate_name === "median");
    const ns = name => { const b = r.find(b => b.run_name === name);
                         return b.cpu_time * { ns: 1, us: 1e3, ms: 1e6 }[b.time_unit]; };
    const fs = require("fs");
    fs.appendFileSync(process.argv[2],
      `parse_ns=${ns("BM_Parse").toFixed(0)} serialize_ns=${ns("BM_Serialize").toFixed(0)}\n`);
    fs.appendFileSync(process.argv[3],
      `parse_ns=${ns("BM_ParseInto").toFixed(0)} serialize_ns=${ns("BM_SerializeReuse").toFixed(0)}\n`);
  ' "$work/rtc.json" "$work/rtc.rounds" "$work/rtc_reuse.rounds"
  "$work/gst_sdp_bench" "$file" "$gst_iterations" >>"$work/gst.rounds"
  node "$helpers/sdp_transform_bench.js" "$node_modules" "$file" "$node_iterations" >>"$work/js.rounds"
done

# The best round of each figure, as one "parse_ns=... serialize_ns=..." line.
best() {
  awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=");
           if (!(kv[1] in min) || kv[2] + 0 < min[kv[1]]) min[kv[1]] = kv[2] + 0 } }
       END { printf "parse_ns=%s serialize_ns=%s\n", min["parse_ns"], min["serialize_ns"] }' "$1"
}
rtc=$(best "$work/rtc.rounds")
rtc_reuse=$(best "$work/rtc_reuse.rounds")
gst=$(best "$work/gst.rounds")
js=$(best "$work/js.rounds")

field() { sed -E "s/.*$1=([0-9.]+).*/\\1/" <<<"$2"; }
rtc_parse=$(field parse_ns "$rtc")
rtc_serialize=$(field serialize_ns "$rtc")

echo
printf '%-28s %14s %16s %12s %14s\n' implementation "parse (us)" "serialize (us)" "parse x" "serialize x"
row() {
  local parse serialize
  parse=$(field parse_ns "$2")
  serialize=$(field serialize_ns "$2")
  awk -v n="$1" -v p="$parse" -v s="$serialize" -v rp="$rtc_parse" -v rs="$rtc_serialize" \
    'BEGIN { printf "%-28s %14.2f %16.2f %11.1fx %13.1fx\n", n, p / 1000, s / 1000, p / rp, s / rs }'
}
row "rtc::sdp (C++)" "$rtc"
row "rtc::sdp, memory reused" "$rtc_reuse"
row "GStreamer gst-sdp (C)" "$gst"
row "sdp-transform (node)" "$js"
awk -v p="$(field parse_ns "$gst")" -v s="$(field serialize_ns "$gst")" \
  -v rp="$(field parse_ns "$rtc_reuse")" -v rs="$(field serialize_ns "$rtc_reuse")" \
  'BEGIN { printf "gst-sdp / rtc::sdp with memory reused: parse %.1fx, serialize %.1fx\n", p / rp, s / rs }'
echo
echo "x = time relative to rtc::sdp (higher is slower). rtc's parse builds the typed model"
echo "(candidates, rtpmaps, fmtp...); gst-sdp keeps attributes as key/value strings;"
echo "sdp-transform builds JavaScript objects with typed fields. \"memory reused\" is"
echo "parse_into() into the description of the previous parse and serialize_to() into a kept"
echo "buffer (BM_ParseInto, BM_SerializeReuse): what a server parsing many SDPs pays."
