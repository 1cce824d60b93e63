#!/usr/bin/env bash
# End-to-end checks of `rtc stun server`, `rtc stun client` and `rtc turn allocate` on 127.0.0.1,
# against real peers:
#   - coturn's turnutils_stunclient queries `rtc stun server` (RFC 5389-era bare requests);
#   - `rtc stun client` queries `rtc stun server`, and coturn's turnserver;
#   - `rtc turn allocate` allocates on a turnserver started here, sends text to a local UDP echo
#     peer by Send indication and by ChannelData, and reads the echoes; a wrong password fails.
# Every process started here is stopped on exit, and the temporary directory removed.
#   stun_turn_test.sh RTC_BINARY TESTS_DIR
# Exit 77 (skipped) when coturn or python3 is missing.
set -euo pipefail
rtc="$1"
tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$tmp"/*.log; do [[ -f "$f" ]] && { echo "--- $f" >&2; tail -20 "$f" >&2; }; done
  exit 1
}
for tool in turnserver turnutils_stunclient python3; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (scripts/bootstrap.sh test)"; exit 77; }
done

free_port() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Waits for a line matching $2 in file $1 (5 s).
wait_for_line() {
  for _ in $(seq 50); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# --- rtc stun server, queried by turnutils_stunclient and by rtc stun client ---------------------
"$rtc" stun server --host 127.0.0.1 --port 0 --answer-bare-requests >"$tmp/server.log" 2>&1 &
pids+=($!)
wait_for_line "$tmp/server.log" "^Listening on" || fail "rtc stun server did not start"
port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$tmp/server.log")
[[ -n "$port" ]] || fail "no port in: $(cat "$tmp/server.log")"

timeout 10 turnutils_stunclient -p "$port" 127.0.0.1 >"$tmp/stunclient.log" 2>&1 ||
  fail "turnutils_stunclient against rtc stun server: exit $?"
grep -q "reflexive addr: 127\.0\.0\.1:[0-9]" "$tmp/stunclient.log" ||
  fail "turnutils_stunclient got no reflexive address: $(cat "$tmp/stunclient.log")"
wait_for_line "$tmp/server.log" "Binding request from 127.0.0.1:[0-9]*, 20 bytes -> success response" ||
  fail "the server did not print turnutils_stunclient's request"

"$rtc" stun client "127.0.0.1:$port" >"$tmp/client.log" 2>&1 || fail "rtc stun client: exit $?"
grep -q "^Mapped address: 127\.0\.0\.1:[0-9]" "$tmp/client.log" || fail "no mapped address"
grep -q "^RTT: [0-9.]* ms" "$tmp/client.log" || fail "no RTT"
# The mapped address is the client's own socket address.
from=$(sed -n 's/^Binding request to .* from \(.*\)$/\1/p' "$tmp/client.log")
grep -q "^Mapped address: $from\$" "$tmp/client.log" || fail "mapped address is not $from"

# Without --answer-bare-requests the server never answers with more bytes than it got.
"$rtc" stun server --host 127.0.0.1 --port 0 >"$tmp/strict.log" 2>&1 &
pids+=($!)
wait_for_line "$tmp/strict.log" "^Listening on" || fail "second rtc stun server did not start"
strict=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$tmp/strict.log")
"$rtc" stun client "127.0.0.1:$strict" >/dev/null || fail "rtc stun client vs strict server"
"$rtc" stun client "127.0.0.1:$strict" --software "" --timeout 1 >/dev/null 2>&1 &&
  fail "a bare request was answered with more bytes than it had"
wait_for_line "$tmp/strict.log" "28 bytes -> no answer (the answer would be larger" ||
  fail "the strict server did not explain the unanswered bare request"

# --- coturn: rtc stun client and rtc turn allocate --------------------------------------------
turn_port=$(free_port)
relay_min=$((52000 + ($$ % 500) * 10))
cat >"$tmp/turnserver.conf" <<CONF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$turn_port
min-port=$relay_min
max-port=$((relay_min + 9))
lt-cred-mech
user=alice:wonderland
realm=rtc.test
no-tls
no-dtls
no-cli
allow-loopback-peers
userdb=$tmp/turndb
pidfile=$tmp/turnserver.pid
log-file=$tmp/turnserver-file.log
simple-log
CONF
turnserver -c "$tmp/turnserver.conf" >"$tmp/turnserver.log" 2>&1 &
pids+=($!)
ready=0
for _ in $(seq 50); do
  if "$rtc" stun client "127.0.0.1:$turn_port" --timeout 0.2 >"$tmp/coturn-binding.log" 2>&1; then
    ready=1
    break
  fi
done
[[ $ready -eq 1 ]] || fail "turnserver did not answer Binding requests"
grep -q "^Mapped address: 127\.0\.0\.1:" "$tmp/coturn-binding.log" || fail "coturn binding"

# A UDP echo peer.
cat >"$tmp/echo.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    data, addr = s.recvfrom(65536)
    print("from %s:%d %r" % (addr[0], addr[1], data), flush=True)
    s.sendto(data, addr)
PY
python3 "$tmp/echo.py" >"$tmp/echo.log" 2>&1 &
pids+=($!)
wait_for_line "$tmp/echo.log" "^[0-9]" || fail "echo peer did not start"
echo_port=$(head -1 "$tmp/echo.log")

"$rtc" turn allocate --server "127.0.0.1:$turn_port" --user alice --password wonderland \
  --peer "127.0.0.1:$echo_port" --send "hello relay" >"$tmp/turn.log" 2>&1 ||
  fail "rtc turn allocate: exit $? ($(cat "$tmp/turn.log"))"
relayed=$(sed -n 's/^Relayed address: \(127\.0\.0\.1:[0-9]*\)$/\1/p' "$tmp/turn.log")
[[ -n "$relayed" ]] || fail "no relayed address"
grep -q "^Mapped address: 127\.0\.0\.1:[0-9]" "$tmp/turn.log" || fail "no mapped address"
grep -q "^Permission created for 127.0.0.1" "$tmp/turn.log" || fail "no permission"
grep -qF "Reply from 127.0.0.1:$echo_port (Data indication): hello relay" "$tmp/turn.log" ||
  fail "no echo by Data indication"
grep -q "^Channel 0x4000 bound to 127.0.0.1:$echo_port" "$tmp/turn.log" || fail "no channel"
grep -qF "Reply from 127.0.0.1:$echo_port (ChannelData 0x4000): hello relay" "$tmp/turn.log" ||
  fail "no echo by ChannelData"
grep -q "^Deallocated" "$tmp/turn.log" || fail "not deallocated"
# The peer saw the relayed address, twice.
[[ $(grep -c "^from $relayed " "$tmp/echo.log") -eq 2 ]] ||
  fail "the echo peer did not see two datagrams from $relayed: $(cat "$tmp/echo.log")"

# The same over TCP to the server (RFC 8656 §3.1): the relay is still UDP.
"$rtc" turn allocate --server "127.0.0.1:$turn_port" --user alice --password wonderland --tcp \
  --peer "127.0.0.1:$echo_port" --send "hello over tcp" >"$tmp/turn-tcp.log" 2>&1 ||
  fail "rtc turn allocate --tcp: exit $? ($(cat "$tmp/turn-tcp.log"))"
grep -qF "Reply from 127.0.0.1:$echo_port (Data indication): hello over tcp" "$tmp/turn-tcp.log" ||
  fail "--tcp: no echo by Data indication: $(cat "$tmp/turn-tcp.log")"
grep -qF "Reply from 127.0.0.1:$echo_port (ChannelData 0x4000): hello over tcp" \
  "$tmp/turn-tcp.log" || fail "--tcp: no echo by ChannelData: $(cat "$tmp/turn-tcp.log")"
grep -q "^Deallocated" "$tmp/turn-tcp.log" || fail "--tcp: not deallocated"

# A wrong password: exit 1 and a clear message.
if "$rtc" turn allocate --server "127.0.0.1:$turn_port" --user alice --password wrong \
  >"$tmp/wrong.log" 2>&1; then
  fail "a wrong password allocated"
fi
grep -q "wrong username or password" "$tmp/wrong.log" || fail "unclear error: $(cat "$tmp/wrong.log")"

# Help texts.
"$rtc" stun --help | grep -q "server" || fail "rtc stun --help does not list server"
"$rtc" stun --help | grep -q "client" || fail "rtc stun --help does not list client"
"$rtc" turn allocate --help | grep -q -- "--peer" || fail "rtc turn allocate --help lacks --peer"
echo "stun/turn cli: all checks passed"
