#!/usr/bin/env bash
# Fails if any C++ file differs from what clang-format-19 (with .clang-format) would write.
# scripts/check-format.sh --fix rewrites them instead.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp' | grep -v '^tests/node/' || true)
[[ -z "$files" ]] && exit 0
if [[ "${1:-}" == "--fix" ]]; then
  clang-format-19 -i $files
  exit 0
fi
if ! clang-format-19 --dry-run -Werror $files 2>/tmp/rtc-format.$$; then
  echo "format check failed; run scripts/check-format.sh --fix. First differences:" >&2
  head -30 /tmp/rtc-format.$$ >&2
  rm -f /tmp/rtc-format.$$
  exit 1
fi
rm -f /tmp/rtc-format.$$
echo "format check: $(wc -w <<<"$files") files clean"
