#!/usr/bin/env bash
# `rtc signal` end to end: starts on an ephemeral port, serves the demo page, answers a
# WebSocket upgrade, and stops gracefully on SIGTERM (exit 0, "stopped").
# Usage: signal_cli_test.sh RTC_BINARY
set -euo pipefail
rtc="$1"
out="$(mktemp)"
"$rtc" signal --port 0 --quiet >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
port=""
for _ in $(seq 100); do
  port="$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$out" | grep -oE '[0-9]+$' || true)"
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "rtc signal did not start"; cat "$out"; exit 1; }

# The demo page over plain HTTP/1.1 (bash's /dev/tcp: no HTTP client needed).
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
page="$(cat <&3)"
exec 3<&-
grep -q '^HTTP/1.1 200 OK' <<<"$page" || { echo "no 200 for /: $page"; exit 1; }
grep -qi '^Content-Type: text/html; charset=utf-8' <<<"$page" || { echo "wrong type"; exit 1; }
grep -q 'app.js' <<<"$page" || { echo "not the demo page"; exit 1; }

# RFC 6455 §1.3's handshake, against the real binary.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' >&3
head="$(timeout 5 head -c 129 <&3 || true)"
grep -q 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' <<<"$head" || { echo "bad handshake: $head"; exit 1; }

# Graceful shutdown: SIGTERM closes the open WebSocket (1001) and exits 0.
kill -TERM "$pid"
closing="$(timeout 5 cat <&3 | od -An -tx1 | tr -d ' \n' || true)"
exec 3<&-
[[ "$closing" == 8*03e9* ]] || { echo "expected a Close 1001, got: $closing"; exit 1; }
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || { echo "exit status $status"; cat "$out"; exit 1; }
grep -q '^stopped' "$out" || { echo "no 'stopped' line"; cat "$out"; exit 1; }
echo "ok"
