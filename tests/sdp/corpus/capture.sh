#!/usr/bin/env bash
# Re-captures the browser SDPs of this corpus from Debian's headless Chromium and Firefox ESR.
#   tests/sdp/corpus/capture.sh
# Writes chromium/*.sdp, firefox/*.sdp and VERSIONS next to this script. Needs the packages
# chromium and firefox-esr and `scripts/bootstrap.sh test` (playwright-core in tests/node).
# Everything runs on 127.0.0.1; every process and temp dir it starts is gone when it ends.
# Not run by CI: the captured files are committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

for tool in node chromium firefox-esr; do
  command -v "$tool" >/dev/null || { echo "capture.sh: $tool is missing" >&2; exit 1; }
done
if [[ ! -d "$here/../../node/node_modules/playwright-core" ]]; then
  echo "capture.sh: run scripts/bootstrap.sh test first (playwright-core)" >&2
  exit 1
fi

tmp="$(mktemp -d -t rtc-sdp-capture.XXXXXX)"
node_pid=""
cleanup() {
  # The node script ends the browsers it started; this covers an interrupted run.
  if [[ -n "$node_pid" ]] && kill -0 "$node_pid" 2>/dev/null; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Capture into a scratch dir first, so that a failed run leaves the committed corpus alone.
mkdir -p "$tmp/out"
TMPDIR="$tmp" node "$here/capture/capture.js" "$tmp/out" "$tmp/run" &
node_pid=$!
wait "$node_pid"
node_pid=""

for browser in chromium firefox; do
  mkdir -p "$here/$browser"
  cp "$tmp/out/$browser"/*.sdp "$here/$browser/"
done
cp "$tmp/out/VERSIONS" "$here/VERSIONS"
echo "capture.sh: done:"
cat "$here/VERSIONS"
