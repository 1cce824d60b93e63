#!/usr/bin/env bash
# `rtc demo` end to end: it must connect, exchange messages and media, exit 0, and write a
# pcapng that tshark reads as STUN, DTLS and SRTP/SRTCP, with a key log that decrypts the DTLS.
set -euo pipefail
rtc=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out="$dir/out.txt"
if ! "$rtc" demo --media-seconds 1 --pcap "$dir/demo.pcapng" --keylog "$dir/keys.txt" >"$out" 2>&1; then
  cat "$out"; echo "FAIL: rtc demo exited with an error"; exit 1
fi
for want in "connected: the data channel is open" "5/5 messages answered" "result                ok" \
    "ClientHello" "handshake complete" "association ESTABLISHED" "first VP8 frame"; do
  grep -q "$want" "$out" || { cat "$out"; echo "FAIL: no \"$want\" in the timeline"; exit 1; }
done
grep -q "^CLIENT_RANDOM [0-9a-f]\{64\} [0-9a-f]\{96\}$" "$dir/keys.txt" || { echo "FAIL: key log"; exit 1; }
if command -v tshark >/dev/null; then
  tshark -r "$dir/demo.pcapng" >"$dir/decoded.txt" 2>&1
  for proto in STUN DTLS SRTCP; do
    grep -q "$proto" "$dir/decoded.txt" || { head -40 "$dir/decoded.txt"; echo "FAIL: tshark saw no $proto"; exit 1; }
  done
  # With the key log, tshark authenticates and decrypts the DTLS records (AES-GCM tags check).
  tshark -r "$dir/demo.pcapng" -o "tls.keylog_file:$dir/keys.txt" -o "tls.debug_file:$dir/tls.txt" >/dev/null 2>&1
  grep -q "auth_tag(OK)" "$dir/tls.txt" || { echo "FAIL: tshark could not decrypt the DTLS records"; exit 1; }
fi
echo "ok: rtc demo"
