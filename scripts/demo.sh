#!/usr/bin/env bash
# Builds the rtc tool and runs the main job. Extra arguments go to the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh build
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake --preset default "${launcher[@]}" >/dev/null
cmake --build --preset default -j "$(nproc)" --target rtc
if build/default/tools/rtc/rtc demo --help >/dev/null 2>&1; then
  exec build/default/tools/rtc/rtc demo "$@"
fi
# Until the PeerConnection issue lands `rtc demo`, the main job is the SDP explainer on a
# real Chromium offer: every line annotated with its meaning and RFC section.
exec build/default/tools/rtc/rtc sdp explain tests/sdp/corpus/chromium/audio-video-data-offer.sdp "$@"
