#!/usr/bin/env bash
# Re-captures real STUN binding requests from Debian's headless Chromium (the test vectors
# chromium_binding_*.bin next to this script, each with its password in a .txt beside it).
#   tests/stun/data/capture.sh
# Two RTCPeerConnections in one page connect over 127.0.0.1 while tshark records the loopback
# interface; capture/capture.js then picks ICE checks out of the capture and writes them with
# the ice-pwd (from the SDPs) that keys their MESSAGE-INTEGRITY. Needs chromium, tshark, node and
# `scripts/bootstrap.sh test` (playwright-core in tests/node). Run as root (capturing on lo).
# Every process and temp file it starts is gone when it ends. Not run by CI: the files are
# committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

for tool in node chromium tshark; do
  command -v "$tool" >/dev/null || { echo "capture.sh: $tool is missing" >&2; exit 1; }
done
if [[ ! -d "$here/../../node/node_modules/playwright-core" ]]; then
  echo "capture.sh: run scripts/bootstrap.sh test first (playwright-core)" >&2
  exit 1
fi

tmp="$(mktemp -d -t rtc-stun-capture.XXXXXX)"
tshark_pid=""
node_pid=""
cleanup() {
  for pid in "$node_pid" "$tshark_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# tshark writes a plain pcap of every UDP datagram on the loopback interface.
chmod 777 "$tmp"
tshark -q -i lo -f udp -F pcap -w "$tmp/lo.pcap" >"$tmp/tshark.log" 2>&1 &
tshark_pid=$!
for _ in $(seq 50); do
  grep -q "Capturing on" "$tmp/tshark.log" 2>/dev/null && break
  sleep 0.1
done

mkdir -p "$tmp/out"
TMPDIR="$tmp" node "$here/capture/capture.js" run "$tmp/run" "$tmp/out/sdps.json" &
node_pid=$!
wait "$node_pid"
node_pid=""

sleep 0.5  # let tshark flush the last datagrams
kill -INT "$tshark_pid"
wait "$tshark_pid" || true
tshark_pid=""

# Extract into the scratch dir first, so that a failed run leaves the committed files alone.
node "$here/capture/capture.js" extract "$tmp/lo.pcap" "$tmp/out/sdps.json" "$tmp/out"
rm -f "$here"/chromium_binding_*.bin "$here"/chromium_binding_*.txt
cp "$tmp/out"/chromium_binding_* "$here/"
cp "$tmp/out/VERSION" "$here/chromium_VERSION"
echo "capture.sh: done:"
ls -l "$here"/chromium_binding_*
