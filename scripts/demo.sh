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
exec build/default/tools/rtc/rtc demo "$@"
