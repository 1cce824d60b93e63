#!/usr/bin/env bash
# Derives the MESSAGE-INTEGRITY-SHA256 test vectors of rfc8489_integrity_test.cpp with tools
# that share no code with this stack: openssl's HMAC-SHA256 and SHA-256, and Python's zlib CRC-32
# for FINGERPRINT. RFC 8489 publishes one SHA-256 sample (Appendix B.1) and erratum 6268 says it
# is wrong, so these are computed here and pinned in the test.
#   tests/stun/data/derive_sha256_vectors.sh
set -euo pipefail
command -v openssl >/dev/null && command -v python3 >/dev/null || {
  echo "needs openssl and python3" >&2; exit 1; }

hmac256() {  # hmac256 KEY_HEX MESSAGE_HEX -> hex
  printf '%s' "$2" | xxd -r -p | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -r | cut -d' ' -f1
}
crc_fingerprint() {  # MESSAGE_HEX -> CRC-32 XOR 0x5354554E, hex
  python3 -c "import sys,zlib; print('%08x' % (zlib.crc32(bytes.fromhex(sys.argv[1])) ^ 0x5354554e))" "$1"
}
hex() { printf '%s' "$1" | xxd -p | tr -d '\n'; }

echo "== V1: RFC 5769 §2.1 request with MESSAGE-INTEGRITY-SHA256 instead of MESSAGE-INTEGRITY"
# Short-term key = the password (RFC 8489 §9.1.1). Header length = 92 while signing (through
# MESSAGE-INTEGRITY-SHA256), 100 in the final message (FINGERPRINT follows).
key=$(hex "VOkJxbRl1RmTxUk/WvJxBt")
body="80220010$(hex 'STUN test client')"           # SOFTWARE
body+="002400046e0001ff"                            # PRIORITY
body+="80290008932ff9b151263b36"                    # ICE-CONTROLLED
body+="00060009$(hex 'evtj:h6vY')202020"            # USERNAME, padded with spaces as RFC 5769
tid="b7e7a701bc34d686fa87dfae"
mac=$(hmac256 "$key" "0001005c2112a442${tid}${body}")
echo "MESSAGE-INTEGRITY-SHA256 = $mac"
msg="000100642112a442${tid}${body}001c0020${mac}"
fp=$(crc_fingerprint "$msg")
echo "FINGERPRINT = $fp"
echo "message = ${msg}80280004${fp}"

echo "== V2: RFC 8489 Appendix B.1 parameters (USERHASH, SHA-256 password algorithm)"
# key = SHA-256(username ":" realm ":" password) (§18.5.1.2); USERHASH = SHA-256(username ":"
# realm) (§14.4). Username U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9, password "TheMatrIX".
user="マトリックス"
key=$(printf '%s' "$user:example.org:TheMatrIX" | openssl dgst -sha256 -r | cut -d' ' -f1)
userhash=$(printf '%s' "$user:example.org" | openssl dgst -sha256 -r | cut -d' ' -f1)
echo "key = $key"
echo "USERHASH = $userhash"
nonce="obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"      # 41 bytes, 3 bytes of zero padding
body="001e0020${userhash}"
body+="00150029$(hex "$nonce")000000"
body+="0014000b$(hex example.org)00"
body+="001d000400020000"                            # PASSWORD-ALGORITHM SHA-256
tid="78ad3433c6ad72c029da412e"
mac=$(hmac256 "$key" "000100902112a442${tid}${body}")
echo "MESSAGE-INTEGRITY-SHA256 = $mac"
echo "message = 000100902112a442${tid}${body}001c0020${mac}"

echo "== V3: RFC 5769 §2.2 response with MESSAGE-INTEGRITY, then MESSAGE-INTEGRITY-SHA256"
# The SHA-256 HMAC covers MESSAGE-INTEGRITY too. Lengths: 52 while signing MESSAGE-INTEGRITY
# (which therefore equals the RFC sample's), 88 while signing MESSAGE-INTEGRITY-SHA256, 96 final.
key=$(hex "VOkJxbRl1RmTxUk/WvJxBt")
tid="b7e7a701bc34d686fa87dfae"
body="8022000b$(hex 'test vector')20"               # SOFTWARE, padded with a space
body+="002000080001a147e112a643"                    # XOR-MAPPED-ADDRESS 192.0.2.1:32853
mi=$(printf '%s' "010100342112a442${tid}${body}" | xxd -r -p |
     openssl dgst -sha1 -mac HMAC -macopt "hexkey:$key" -r | cut -d' ' -f1)
echo "MESSAGE-INTEGRITY = $mi"
body+="00080014${mi}"
mac=$(hmac256 "$key" "010100582112a442${tid}${body}")
echo "MESSAGE-INTEGRITY-SHA256 = $mac"
msg="010100602112a442${tid}${body}001c0020${mac}"
fp=$(crc_fingerprint "$msg")
echo "FINGERPRINT = $fp"
echo "message = ${msg}80280004${fp}"
