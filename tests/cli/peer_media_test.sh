#!/usr/bin/env bash
# `rtc peer` end to end on loopback through `rtc signal`: one peer plays the demo's VP8 clip
# (--send-video) to an echo peer and records what comes back (--record); the recording must be
# an IVF file of VP8 frames with the clip's picture size.
set -euo pipefail
rtc=$1
assets=$2
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
"$rtc" signal --port 0 --quiet >"$dir/signal.txt" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "listening on" "$dir/signal.txt" && break; sleep 0.05; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/signal.txt")
[[ -n "$port" ]] || { cat "$dir/signal.txt"; echo "FAIL: rtc signal did not start"; exit 1; }
"$rtc" peer --signal "ws://127.0.0.1:$port/ws" --room media --host 127.0.0.1 --echo >"$dir/echo.txt" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "joined room" "$dir/echo.txt" && break; sleep 0.05; done
if ! "$rtc" peer --signal "ws://127.0.0.1:$port/ws" --room media --host 127.0.0.1 --offer \
    --send-video "$assets/clip.ivf" --record "$dir/rec" --seconds 3 >"$dir/offer.txt" 2>&1; then
  cat "$dir/offer.txt" "$dir/echo.txt"; echo "FAIL: rtc peer --offer --send-video"; exit 1
fi
grep -q "sent [1-9][0-9]* VP8 frames" "$dir/offer.txt" || { cat "$dir/offer.txt"; echo "FAIL: nothing sent"; exit 1; }
grep -q "recorded [1-9][0-9]* VP8 frames" "$dir/offer.txt" || { cat "$dir/offer.txt" "$dir/echo.txt"; echo "FAIL: nothing recorded"; exit 1; }
file=$(ls "$dir"/rec/video-*.ivf)
# IVF header (little-endian): "DKIF", version, header size, "VP80", width, height.
header=$(od -A n -t x1 -N 16 "$file" | tr -d ' \n')
[[ "$header" == 444b494600002000565038304001f000 ]] || { echo "FAIL: IVF header $header"; exit 1; }
echo "ok: $(grep -o 'recorded [0-9]* VP8 frames' "$dir/offer.txt") looped back through rtc peer --echo"
