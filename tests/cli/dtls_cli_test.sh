#!/usr/bin/env bash
# End-to-end checks of `rtc dtls server` and `rtc dtls client` on 127.0.0.1 against Debian's
# openssl (an independent DTLS 1.2 implementation), in both roles:
#   - `openssl s_client -dtls1_2` connects to `rtc dtls server`;
#   - `rtc dtls client` connects to `openssl s_server -dtls1_2`.
# Each time the handshake must complete with the same cipher suite, SRTP profile and exported
# keying material (RFC 5764 §4.2) on both sides, and a line of text must go each way as
# application data. openssl uses a self-signed ECDSA P-256 certificate made here, and the rtc
# side checks it by its SDP-style fingerprint (RFC 8122 §5), as WebRTC would. The checks run
# twice: with openssl offering a browser's order (AES-128-GCM first, which rtc must pick) and
# with openssl restricted to TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (RFC 7905).
# Every process started here is stopped on exit, and the temporary directory removed.
#   dtls_cli_test.sh RTC_BINARY
# Exit 77 (skipped) when openssl is missing.
set -euo pipefail
rtc="$1"
command -v openssl >/dev/null || { echo "SKIP: openssl is not installed"; exit 77; }

tmp=$(mktemp -d)
pids=()
stop_started() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  exec 3>&- 4>&- 2>/dev/null || true
  stop_started
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$tmp"/*.log; do [[ -f "$f" ]] && { echo "--- $f" >&2; tail -30 "$f" >&2; }; done
  exit 1
}

# A UDP port nobody uses right now on 127.0.0.1 (openssl s_server needs one given to it).
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    echo $((20000 + RANDOM % 40000))
  fi
}
# Waits for a line matching $2 in file $1 (10 s).
wait_for_line() {
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# openssl's identity: a fresh self-signed ECDSA P-256 certificate, and its a=fingerprint form.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=rtc-dtls-cli-test -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >"$tmp/req.log" 2>&1 ||
  fail "openssl req could not make a certificate"
fingerprint="sha-256 $(openssl x509 -in "$tmp/cert.pem" -noout -fingerprint -sha256 | sed 's/.*=//')"
[[ "$fingerprint" =~ ^sha-256\ ([0-9A-F]{2}:){31}[0-9A-F]{2}$ ]] || fail "bad fingerprint: $fingerprint"

profile=SRTP_AEAD_AES_128_GCM
keylen=56  # SRTP_AEAD_AES_128_GCM: 2 * (16-byte key + 12-byte salt), RFC 7714 §12

# Checks that the rtc log $1 and the openssl log $2 agree on the cipher suite $3, the SRTP
# profile and the keying material. openssl prints "Cipher is X" (client) or "CIPHER is X"
# (server), "SRTP Extension negotiated, profile=P" and "Keying material: HEX".
check_agreement() {
  local ours="$1" theirs="$2" cipher="$3"
  wait_for_line "$ours" "^Connected: DTLS 1.2" || fail "rtc did not connect"
  wait_for_line "$theirs" "Keying material: " || fail "openssl did not finish its handshake"
  grep -q "^Connected: DTLS 1.2, .* ($cipher), " "$ours" || fail "rtc did not negotiate $cipher"
  grep -qi "cipher is $cipher\$" "$theirs" || fail "openssl did not negotiate $cipher"
  grep -q "^SRTP profile: $profile\$" "$ours" || fail "rtc did not negotiate $profile"
  grep -q "SRTP Extension negotiated, profile=$profile" "$theirs" ||
    fail "openssl did not negotiate $profile"
  local a b
  a=$(sed -n 's/^Keying material: \([0-9A-F]*\)$/\1/p' "$ours")
  b=$(sed -n 's/.*Keying material: \([0-9A-F]*\).*/\1/p' "$theirs" | head -1)
  [[ ${#a} -eq $((2 * keylen)) && "$a" == "$b" ]] || fail "keying material differs: '$a' vs '$b'"
}

# Runs both roles once; $1 is openssl's -cipher argument (empty: its default list), $2 the
# suite both sides must agree on, by OpenSSL's name, and $3 a name for the round's files.
run_round() {
  local cipher_args=() expected="$2" round="$3"
  [[ -n "$1" ]] && cipher_args=(-cipher "$1")

  # --- openssl s_client -> rtc dtls server ---------------------------------------------------
  # stdin of both comes from FIFOs this script holds open, so a line can be typed at any time.
  mkfifo "$tmp/$round-server.in" "$tmp/$round-sclient.in"
  exec 3<>"$tmp/$round-server.in" 4<>"$tmp/$round-sclient.in"
  "$rtc" dtls server --port 0 --fingerprint "$fingerprint" --srtp "$profile" \
    <"$tmp/$round-server.in" >"$tmp/$round-rtc-server.log" 2>&1 &
  pids+=($!)
  wait_for_line "$tmp/$round-rtc-server.log" "^Listening on UDP port" || fail "rtc dtls server did not start"
  local port
  port=$(sed -n 's/^Listening on UDP port \([0-9]*\)$/\1/p' "$tmp/$round-rtc-server.log")
  openssl s_client -dtls1_2 -connect "127.0.0.1:$port" -cert "$tmp/cert.pem" -key "$tmp/key.pem" \
    -use_srtp "$profile" -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen "$keylen" \
    "${cipher_args[@]}" <"$tmp/$round-sclient.in" >"$tmp/$round-s_client.log" 2>&1 &
  pids+=($!)
  check_agreement "$tmp/$round-rtc-server.log" "$tmp/$round-s_client.log" "$expected"
  echo "hello from rtc dtls server" >&3
  wait_for_line "$tmp/$round-s_client.log" "^hello from rtc dtls server" ||
    fail "openssl s_client did not receive the line"
  echo "hello from openssl s_client" >&4
  wait_for_line "$tmp/$round-rtc-server.log" "^Received: hello from openssl s_client" ||
    fail "rtc dtls server did not receive the line"
  exec 3>&- 4>&-  # EOF: rtc sends close_notify, s_client quits
  stop_started

  # --- rtc dtls client -> openssl s_server ---------------------------------------------------
  mkfifo "$tmp/$round-client.in" "$tmp/$round-sserver.in"
  exec 3<>"$tmp/$round-client.in" 4<>"$tmp/$round-sserver.in"
  port=$(free_port)
  openssl s_server -dtls1_2 -accept "127.0.0.1:$port" -cert "$tmp/cert.pem" -key "$tmp/key.pem" \
    -verify 1 -use_srtp "$profile" -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen "$keylen" \
    "${cipher_args[@]}" <"$tmp/$round-sserver.in" >"$tmp/$round-s_server.log" 2>&1 &
  pids+=($!)
  wait_for_line "$tmp/$round-s_server.log" "^ACCEPT" || fail "openssl s_server did not start"
  "$rtc" dtls client "127.0.0.1:$port" --fingerprint "$fingerprint" --srtp "$profile" \
    <"$tmp/$round-client.in" >"$tmp/$round-rtc-client.log" 2>&1 &
  pids+=($!)
  check_agreement "$tmp/$round-rtc-client.log" "$tmp/$round-s_server.log" "$expected"
  echo "hello from rtc dtls client" >&3
  wait_for_line "$tmp/$round-s_server.log" "^hello from rtc dtls client" ||
    fail "openssl s_server did not receive the line"
  echo "hello from openssl s_server" >&4
  wait_for_line "$tmp/$round-rtc-client.log" "^Received: hello from openssl s_server" ||
    fail "rtc dtls client did not receive the line"
  exec 3>&- 4>&-
  stop_started
  echo "ok: $expected, both roles"
}

# openssl with a browser's order (AES-128-GCM, then ChaCha20-Poly1305: Chromium and Firefox):
# both roles settle on AES-128-GCM. Then openssl restricted to ChaCha20-Poly1305.
run_round ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305 ECDHE-ECDSA-AES128-GCM-SHA256 gcm
run_round ECDHE-ECDSA-CHACHA20-POLY1305 ECDHE-ECDSA-CHACHA20-POLY1305 chacha
echo "PASS"
