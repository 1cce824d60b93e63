#!/usr/bin/env bash
# `rtc rtp decode` end to end: RTP with RFC 8285 extensions, an RTCP compound, a lone
# reduced-size NACK (RFC 5506), a broken packet (exit 1), --help.
set -euo pipefail
rtc="$1"
out=$(printf '%s\n' \
  '# RFC 8285 §4.2 figure' \
  '90600001 00000000 00000001 bede0003 10aa21bb bb000033 cccccccc 77' '' \
  '81c8000c 11223344 e1e2e3e4 e5e6e7e8 01020304 0000000a 000003e8' \
  'aabbccdd 40fffffe 00010005 0000004d e3e4e5e6 00018000' \
  '81ca0005 01020304 010c7573 65724065 78616d70 6c650000' '' \
  '81cd0004 00000001 00000002 00648005 00750000' |
  "$rtc" rtp decode --extmap 3=urn:3gpp:video-orientation -)
grep -q 'one-byte form, RFC 8285 §4.2' <<<"$out"
grep -q 'id 3: video orientation' <<<"$out"
grep -q 'compound (RFC 3550 §6.1)' <<<"$out"
grep -q 'CNAME "user@example"' <<<"$out"
grep -q 'reduced-size (RFC 5506)' <<<"$out"
grep -q 'lost: 100 101 103 116 117' <<<"$out"
# A binary file with a CSRC count past the end: exit status 1 and the RFC named.
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
printf '\x83\x60\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01' >"$tmp"
set +e
bad=$("$rtc" rtp decode "$tmp")
status=$?
set -e
[[ $status -eq 1 ]]
grep -q 'RFC 3550 §5.1' <<<"$bad"
"$rtc" rtp decode --help | grep -q 'RFC 5761'
echo "rtp decode CLI: ok"
