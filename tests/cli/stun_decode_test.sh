#!/usr/bin/env bash
# End-to-end checks of `rtc stun decode` as a learner would run it.
#   stun_decode_test.sh RTC_BINARY TESTS_DIR
set -euo pipefail
rtc="$1"
tests="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

data="$tests/stun/data"
request="$data/rfc5769_2_1_request.hex"
password="VOkJxbRl1RmTxUk/WvJxBt"
[[ -f "$request" ]] || fail "missing $request"

# The RFC 5769 §2.1 request with the right password: exit 0, fields and sections named.
"$rtc" stun decode "$request" --password "$password" >"$tmp/ok.txt" ||
  fail "right password: exit $? ($(cat "$tmp/ok.txt"))"
for text in "Binding request" "0x2112A442" "b7e7a701bc34d686fa87dfae" "SOFTWARE" \
            '"STUN test client"' "PRIORITY" "ICE-CONTROLLED" '"evtj:h6vY"' \
            "MESSAGE-INTEGRITY" "verified" "FINGERPRINT" "valid" "RFC 8489 §14.5" \
            "RFC 8489 §14.7" "RFC 8445 §16.1" "result: OK"; do
  grep -qF -- "$text" "$tmp/ok.txt" || fail "output lacks '$text'"
done

# The wrong password: exit 1, the failure explained on stdout and stderr.
if "$rtc" stun decode "$request" --password wrong >"$tmp/bad.txt" 2>"$tmp/bad.err"; then
  fail "a wrong password verified"
fi
grep -q "result: FAILED" "$tmp/bad.txt" || fail "no FAILED result for a wrong password"
grep -q "MESSAGE-INTEGRITY does not match" "$tmp/bad.err" || fail "stderr: $(cat "$tmp/bad.err")"

# Without a password: well formed (exit 0), integrity not checked, fingerprint checked.
"$rtc" stun decode "$request" >"$tmp/nopw.txt" || fail "no password: exit $?"
grep -q "not checked" "$tmp/nopw.txt" || fail "integrity claimed checked without a password"

# Binary input on stdin gives the same description.
grep -v '^#' "$request" | sed 's/#.*//' | xxd -r -p >"$tmp/request.bin"
"$rtc" stun decode - --password "$password" <"$tmp/request.bin" >"$tmp/stdin.txt" ||
  fail "binary stdin: exit $?"
cmp -s "$tmp/ok.txt" "$tmp/stdin.txt" || fail "binary on stdin described differently"

# JSON.
"$rtc" stun decode "$request" --password "$password" --json >"$tmp/out.json" || fail "json"
grep -q '"ok": true' "$tmp/out.json" || fail "json lacks ok: true"
grep -q '"name": "USERNAME"' "$tmp/out.json" || fail "json lacks USERNAME"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out.json" ||
    fail "not valid JSON"
fi
"$rtc" stun decode "$request" --password wrong --json >"$tmp/bad.json" 2>/dev/null &&
  fail "json: wrong password verified"
grep -q '"ok": false' "$tmp/bad.json" || fail "json lacks ok: false"

# Long-term credentials (RFC 5769 §2.4): the key comes from USERNAME, REALM and the password.
"$rtc" stun decode "$data/rfc5769_2_4_long_term_request.hex" --password TheMatrIX \
  >"$tmp/lt.txt" || fail "long-term sample: exit $?"
grep -q "long-term" "$tmp/lt.txt" || fail "long-term key not named"

# A real Chromium ICE check with its GOOG-NETWORK-INFO attribute.
"$rtc" stun decode "$data/chromium_binding_request_controlling.bin" \
  --password "$(cat "$data/chromium_binding_request_controlling.txt")" >"$tmp/chromium.txt" ||
  fail "chromium check: exit $?"
grep -q "GOOG-NETWORK-INFO" "$tmp/chromium.txt" || fail "GOOG-NETWORK-INFO not named"

# Broken input: exit 1 with the offset; not hex: exit 2; a missing file: exit 2.
printf '00 01 00 08 21 12 a4 42 b7e7a701bc34d686fa87dfae 00 06 00 09 61 62 63 64' >"$tmp/short.hex"
set +e
"$rtc" stun decode "$tmp/short.hex" >"$tmp/short.txt" 2>"$tmp/short.err"
status=$?
set -e
[[ $status -eq 1 ]] || fail "truncated attribute: exit $status, expected 1"
grep -q "at byte 20" "$tmp/short.err" || fail "no offset for the broken attribute: $(cat "$tmp/short.err")"
printf 'this is not hex\n' >"$tmp/text.txt"
set +e
"$rtc" stun decode "$tmp/text.txt" >/dev/null 2>&1
status=$?
"$rtc" stun decode "$tmp/missing.hex" >/dev/null 2>&1
missing=$?
set -e
[[ $status -eq 2 ]] || fail "non-hex text: exit $status, expected 2"
[[ $missing -eq 2 ]] || fail "missing file: exit $missing, expected 2"

# --help lists the subcommand.
"$rtc" stun --help | grep -q decode || fail "rtc stun --help does not list decode"
echo "stun decode cli: all checks passed"
