#!/usr/bin/env bash
# Builds and runs every test: the format check, then three builds of the whole tree
#   default  GCC 12, mbedTLS crypto       unit + interop tests, fuzz seeds replayed
#   openssl  GCC 12, OpenSSL crypto       the crypto-using modules' tests on the other provider
#   asan     clang 19, ASan + UBSan       the same tests (browsers aside), plus each libFuzzer
#                                         target for a while
# and prints one closing line "N passed, N failed".
# Options: --quick (default build only), --preset NAME (one build only).
set -euo pipefail
cd "$(dirname "$0")/.."

presets=(default openssl asan)
case "${1:-}" in
  --quick) presets=(default) ;;
  --preset) presets=("$2") ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick | --preset default|openssl|asan]" >&2; exit 2 ;;
esac

scripts/bootstrap.sh test
scripts/check-format.sh

jobs=$(nproc)
# ccache lets the openssl build reuse every object but common/'s crypto provider, and makes a
# second run fast. Paths are hashed relative to the checkout so build dirs share entries.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
passed=0
failed=0
for preset in "${presets[@]}"; do
  echo "=== $preset: configure and build"
  extra=()
  # Benchmarks are compiled once (default build); the openssl build only needs to test.
  if [[ "$preset" == openssl ]]; then extra=(-DRTC_BUILD_BENCH=OFF); fi
  cmake --preset "$preset" "${launcher[@]}" "${extra[@]}" >/dev/null
  targets=()
  # The OpenSSL build re-tests only the modules whose code runs through rtc::crypto (the
  # test preset filters the same way); the other modules are the same bytes of code.
  if [[ "$preset" == openssl ]]; then
    targets=(--target rtc_common_tests rtc_dtls_tests rtc_rtp_tests rtc_stun_tests rtc_sctp_tests
      rtc_peer_tests)
  fi
  cmake --build --preset "$preset" -j "$jobs" "${targets[@]}"
  echo "=== $preset: test"
  log=$(mktemp)
  set +e
  ctest --preset "$preset" -j "$jobs" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  # ctest's summary: "100% tests passed, 0 tests failed out of 57"
  summary=$(grep -E "tests passed, [0-9]+ tests? failed out of" "$log" | tail -1 || true)
  rm -f "$log"
  if [[ -z "$summary" ]]; then
    echo "=== $preset: ctest printed no summary (status $status)" >&2
    failed=$((failed + 1))
    continue
  fi
  total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$summary")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  if [[ $status -ne 0 && $bad -eq 0 ]]; then failed=$((failed + 1)); fi
done

echo "${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
