#!/usr/bin/env bash
# End-to-end checks of `rtc srtp …` as a learner would run it.
#   srtp_cli_test.sh RTC_BINARY
set -euo pipefail
rtc="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Master key || master salt for one direction (RFC 5764 §4.2): 16 + 14 bytes, 16 + 12 for GCM.
key_cm="000102030405060708090a0b0c0d0e0fa0a1a2a3a4a5a6a7a8a9aaabacad"
key_gcm="000102030405060708090a0b0c0d0e0fa0a1a2a3a4a5a6a7a8a9aaab"

# Two RTP packets (SSRC 0x11223344) whose sequence numbers wrap: 65535 then 0.
printf '8060ffff0000000111223344%s' "48656c6c6f2c20535254502021" >"$tmp/p1.hex"
printf '806000000000000211223344%s' "576f726c6421" >"$tmp/p2.hex"
xxd -r -p "$tmp/p1.hex" >"$tmp/p1.bin"
xxd -r -p "$tmp/p2.hex" >"$tmp/p2.bin"

for profile in AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AEAD_AES_128_GCM AEAD_AES_256_GCM; do
  case "$profile" in
    AES_CM*) key="$key_cm" ;;
    AEAD_AES_128_GCM) key="$key_gcm" ;;
    AEAD_AES_256_GCM) key="000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1fa0a1a2a3a4a5a6a7a8a9aaab" ;;
  esac
  # protect: one line of hex per packet; the header stays in the clear.
  "$rtc" srtp protect --profile "$profile" --key "$key" "$tmp/p1.bin" "$tmp/p2.bin" >"$tmp/srtp.txt" ||
    fail "$profile: protect failed"
  [[ $(wc -l <"$tmp/srtp.txt") -eq 2 ]] || fail "$profile: expected two lines"
  head -1 "$tmp/srtp.txt" | grep -q '^8060ffff0000000111223344' || fail "$profile: header changed"
  sed -n 1p "$tmp/srtp.txt" | xxd -r -p >"$tmp/s1.bin"
  sed -n 2p "$tmp/srtp.txt" | xxd -r -p >"$tmp/s2.bin"

  # unprotect gives the packets back, the ROC carrying from the first file to the second.
  "$rtc" srtp unprotect --profile "$profile" --key "$key" "$tmp/s1.bin" "$tmp/s2.bin" >"$tmp/rtp.txt" ||
    fail "$profile: unprotect failed"
  diff <(cat "$tmp/p1.hex"; echo; cat "$tmp/p2.hex"; echo) "$tmp/rtp.txt" >/dev/null ||
    fail "$profile: unprotect did not give the packets back"

  # A replay within one run: exit 1, and stderr names the file and says why.
  if "$rtc" srtp unprotect --profile "$profile" --key "$key" "$tmp/s1.bin" "$tmp/s1.bin" \
    >"$tmp/out.txt" 2>"$tmp/err.txt"; then
    fail "$profile: a replayed packet was accepted"
  fi
  grep -q "s1.bin: .*replayed" "$tmp/err.txt" || fail "$profile: replay not named: $(cat "$tmp/err.txt")"
  [[ $(wc -l <"$tmp/out.txt") -eq 1 ]] || fail "$profile: the first copy should still print"

  # A failed authentication: one flipped bit in the last byte (the tag).
  cp "$tmp/s1.bin" "$tmp/bad.bin"
  last=$(($(stat -c %s "$tmp/bad.bin") - 1))
  printf "$(printf '\\x%02x' $(( $(od -An -tu1 -j "$last" -N1 "$tmp/bad.bin") ^ 1 )))" |
    dd of="$tmp/bad.bin" bs=1 seek="$last" conv=notrunc status=none
  set +e
  "$rtc" srtp unprotect --profile "$profile" --key "$key" "$tmp/bad.bin" >/dev/null 2>"$tmp/err.txt"
  status=$?
  set -e
  [[ $status -eq 1 ]] || fail "$profile: failed authentication exited $status, not 1"
  grep -q "bad.bin: integrity" "$tmp/err.txt" || fail "$profile: auth failure not named: $(cat "$tmp/err.txt")"

  # SRTCP: an RR + SDES compound, from hex input, round trip.
  printf '80c9000111223344 81ca000311223344 0103727463000000' >"$tmp/rtcp.hex"
  "$rtc" srtp protect --rtcp --hex-input --profile "$profile" --key "$key" "$tmp/rtcp.hex" \
    >"$tmp/srtcp.hex" || fail "$profile: SRTCP protect failed"
  "$rtc" srtp unprotect --rtcp --hex-input --profile "$profile" --key "$key" "$tmp/srtcp.hex" \
    >"$tmp/rtcp.out" || fail "$profile: SRTCP unprotect failed"
  [[ "$(cat "$tmp/rtcp.out")" == "$(tr -d ' ' <"$tmp/rtcp.hex")" ]] || fail "$profile: SRTCP round trip"

  # RTCP lengths that do not add up: exit 1 with a message, never a crash.
  printf '80c9000511223344' >"$tmp/badrtcp.hex"
  if "$rtc" srtp protect --rtcp --hex-input --profile "$profile" --key "$key" "$tmp/badrtcp.hex" \
    >/dev/null 2>"$tmp/err.txt"; then
    fail "$profile: bad RTCP length accepted"
  fi
  grep -q "length" "$tmp/err.txt" || fail "$profile: bad RTCP length not explained"
done

# The second packet alone (AES-CM) is authenticated with ROC 0 instead of 1 and fails.
"$rtc" srtp protect --profile AES_CM_128_HMAC_SHA1_80 --key "$key_cm" "$tmp/p1.bin" "$tmp/p2.bin" |
  sed -n 2p | xxd -r -p >"$tmp/alone.bin"
if "$rtc" srtp unprotect --profile AES_CM_128_HMAC_SHA1_80 --key "$key_cm" "$tmp/alone.bin" \
  >/dev/null 2>&1; then
  fail "a packet after a wrap verified without the ROC it was sent with"
fi

# Usage errors: wrong key length, unknown profile (exit 2).
set +e
"$rtc" srtp protect --profile AEAD_AES_128_GCM --key "$key_cm" "$tmp/p1.bin" >/dev/null 2>"$tmp/err.txt"
[[ $? -eq 2 ]] || fail "a 30-byte key for GCM was not a usage error"
grep -q "master salt" "$tmp/err.txt" || fail "key length error does not explain the sizes"
"$rtc" srtp protect --profile NOPE --key "$key_cm" "$tmp/p1.bin" >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "an unknown profile was not a usage error"
set -e

"$rtc" srtp profiles | grep -q "0x0007  AEAD_AES_128_GCM" || fail "profiles does not list GCM"
help=$("$rtc" srtp --help)
for sub in protect unprotect profiles; do
  grep -q "$sub" <<<"$help" || fail "rtc srtp --help does not list $sub"
done
echo "srtp cli: all checks passed"
