#!/usr/bin/env bash
# C++ to Chromium: time from Chromium applying the C++ peer's answer to its connectionState
# "connected" (ICE + DTLS), over N calls (default 7) of the tests' data-channel-only scenario.
# Prints each figure and the median. Needs a built rtc (default: build/default) and the
# test packages (scripts/bootstrap.sh test).
#   bench/scripts/browser_connect.sh [RTC_BINARY] [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
rtc=${1:-build/default/tools/rtc/rtc}
n=${2:-7}
figures=()
for _ in $(seq "$n"); do
  ms=$(node tests/peer/browser/chromium_echo.js "$rtc" mdns | sed -n 's/.*answer applied -> connected: \([0-9]*\) ms.*/\1/p')
  [[ -n "$ms" ]] && figures+=("$ms") && echo "connected in $ms ms"
done
sorted=$(printf '%s\n' "${figures[@]}" | sort -n)
echo "median of ${#figures[@]}: $(sed -n "$(( (${#figures[@]} + 1) / 2 ))p" <<<"$sorted") ms"
