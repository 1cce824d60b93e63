#!/usr/bin/env bash
# End-to-end checks of `rtc sdp …` as a learner would run it.
#   sdp_cli_test.sh RTC_BINARY TESTS_DIR
set -euo pipefail
rtc="$1"
tests="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

offer="$tests/sdp/corpus/chromium/audio-video-data-offer.sdp"
[[ -f "$offer" ]] || fail "missing corpus file $offer"

# format: well-formed input comes back byte for byte, from a file and from stdin.
"$rtc" sdp format "$offer" >"$tmp/out.sdp"
cmp -s "$offer" "$tmp/out.sdp" || fail "rtc sdp format changed a Chromium offer"
"$rtc" sdp format - <"$offer" >"$tmp/stdin.sdp"
cmp -s "$offer" "$tmp/stdin.sdp" || fail "rtc sdp format - (stdin) differs"

# LF-only input is accepted and written back with CRLF.
tr -d '\r' <"$offer" >"$tmp/lf.sdp"
"$rtc" sdp format "$tmp/lf.sdp" >"$tmp/crlf.sdp"
cmp -s "$offer" "$tmp/crlf.sdp" || fail "LF-only input did not come back as CRLF"

# Bad input: non-zero exit, the error names the line on stderr, nothing on stdout.
printf 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio notaport RTP/AVP 0\r\n' >"$tmp/bad.sdp"
if "$rtc" sdp format "$tmp/bad.sdp" >"$tmp/bad.out" 2>"$tmp/bad.err"; then
  fail "rtc sdp format accepted a non-numeric port"
fi
grep -q "line 5" "$tmp/bad.err" || fail "error does not name line 5: $(cat "$tmp/bad.err")"
[[ ! -s "$tmp/bad.out" ]] || fail "output written for bad input"

# --strict rejects bare LF line ends that the lenient default accepts.
if "$rtc" sdp format --strict "$tmp/lf.sdp" >/dev/null 2>&1; then
  fail "--strict accepted LF-only line ends"
fi

# A missing file is an error, not a crash.
if "$rtc" sdp format "$tmp/does-not-exist.sdp" >/dev/null 2>&1; then
  fail "a missing file did not fail"
fi

# explain: every line of a real offer is recognized (exit 0) and RFC sections are named.
"$rtc" sdp explain "$offer" >"$tmp/explain.txt" || fail "explain found unrecognized lines"
grep -q "RFC 8866" "$tmp/explain.txt" || fail "explain names no RFC 8866 section"
grep -q "RFC 8839" "$tmp/explain.txt" || fail "explain names no RFC 8839 section"

# json -> from-json -> json is stable. (sdp-transform's JSON groups attributes by kind and
# drops some candidate extensions, so the SDP that comes back is what sdp-transform's own
# writer would print, not the original bytes: see sdp/README.md "JSON".)
"$rtc" sdp json "$offer" >"$tmp/offer.json"
grep -q '"media"' "$tmp/offer.json" || fail "json has no media array"
"$rtc" sdp from-json "$tmp/offer.json" >"$tmp/back.sdp"
"$rtc" sdp json "$tmp/back.sdp" >"$tmp/back.json"
# Key order follows line order in sdp-transform's JSON, so compare values, not text.
node -e 'const fs = require("fs"); require("assert").deepStrictEqual(
  JSON.parse(fs.readFileSync(process.argv[1])), JSON.parse(fs.readFileSync(process.argv[2])))' \
  "$tmp/offer.json" "$tmp/back.json" || fail "json -> from-json -> json is not stable"

# --help lists the subcommands a learner looks for.
help=$("$rtc" sdp --help)
for sub in format json from-json explain; do
  grep -q "$sub" <<<"$help" || fail "rtc sdp --help does not list $sub"
done
echo "sdp cli: all checks passed"
