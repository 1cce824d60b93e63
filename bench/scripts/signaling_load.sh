#!/usr/bin/env bash
# Signaling server load: (1) 10,000 concurrent WebSocket connections held, with the server's
# resident memory per connection; (2) relay load in rooms of two at 20,000 messages/s with the
# latency percentiles, then rising rates to find the most each server sustains with p99 under
# 10 ms; for `rtc signal` and, side by side, a Node.js server on the `ws` package doing the
# same relay. Loopback only. Bounded run time; every process it starts is stopped on exit.
#
# Usage: bench/scripts/signaling_load.sh [RTC_BINARY]   (default: build/tools/rtc/rtc)
# Env:   CONNECTIONS=10000 RATE=20000 PAIRS=100 SECONDS=5 MAX_RUNTIME=600
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rtc="${1:-$root/build/tools/rtc/rtc}"
helpers="$here/signaling_load"
connections="${CONNECTIONS:-10000}"
rate="${RATE:-20000}"
pairs="${PAIRS:-100}"
seconds="${SECONDS_PER_STEP:-5}"
max_runtime="${MAX_RUNTIME:-600}"
generators="${GENERATORS:-2}"

[ -x "$rtc" ] || { echo "no rtc binary at $rtc (build first, or pass its path)" >&2; exit 2; }
command -v node >/dev/null || { echo "node is required" >&2; exit 2; }
[ -f "$root/tests/node/node_modules/ws/package.json" ] || {
  echo "the ws npm package is missing: run scripts/bootstrap.sh" >&2; exit 2; }

# 10,000 connections need 10,000 descriptors in the server and in the client.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open files limit: $(ulimit -n)"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
# The whole run is bounded: a watchdog ends it after MAX_RUNTIME seconds.
( sleep "$max_runtime"; echo "signaling_load: time limit reached" >&2; kill -TERM $$ ) &
watchdog=$!
pids+=("$watchdog")

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# start_server NAME COMMAND... : starts it, waits for its port, sets server_pid and port.
start_server() {
  local name="$1"; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 100); do
    port="$(grep -oE '(listening on http://127\.0\.0\.1:|listening on )[0-9]+' "$work/$name.out" | grep -oE '[0-9]+$' || true)"
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  echo "$name did not start:" >&2; cat "$work/$name.err" >&2; exit 1
}

# Waits for the relay generators (background jobs other than the servers and the watchdog).
wait_generators() {
  local job
  for job in $(jobs -p); do
    [ "$job" = "$watchdog" ] || [ "$job" = "$server_pid" ] || wait "$job" || true
  done
}

stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }

# hold_connections: opens $connections WebSockets, prints the server's memory per connection.
hold_connections() {
  local name="$1"
  sleep 0.3
  local before; before="$(rss_kib "$server_pid")"
  mkfifo "$work/hold.in"
  node "$helpers/hold.js" "$port" "$connections" <"$work/hold.in" >"$work/hold.out" 2>&1 &
  local hold=$!
  pids+=("$hold")
  exec 7>"$work/hold.in"
  for _ in $(seq 1200); do
    grep -q '^ready' "$work/hold.out" && break
    kill -0 "$hold" 2>/dev/null || { cat "$work/hold.out" >&2; exit 1; }
    sleep 0.1
  done
  grep -q '^ready' "$work/hold.out" || { echo "connections did not open in time" >&2; exit 1; }
  sleep 0.5
  local after; after="$(rss_kib "$server_pid")"
  local per=$(( (after - before) * 1024 / connections ))
  printf '%-10s %6d connections held: server RSS %d KiB -> %d KiB, %d bytes per connection\n' \
    "$name" "$connections" "$before" "$after" "$per"
  exec 7>&-
  wait "$hold" 2>/dev/null || true
  rm -f "$work/hold.in"
}

# relay_steps NAME: 20k msg/s first, then higher rates until p99 >= 10 ms or throughput lags.
relay_steps() {
  local name="$1" r="$rate" best=0
  while :; do
    # Two generator processes (one node process tops out near the target on its own); the
    # rate is their sum and the p99 the worse of the two.
    local per=$(( r / generators )) lines=""
    for _ in $(seq "$generators"); do
      node "$helpers/relay.js" "$port" $(( pairs / generators )) "$per" "$seconds" >>"$work/relay.$name.$r" &
    done
    wait_generators
    lines="$(cat "$work/relay.$name.$r")"
    echo "$lines" | sed "s/^/$name relay: /"
    local got p99
    got="$(echo "$lines" | grep -oE '"received_per_s":[0-9]+' | cut -d: -f2 | awk '{ s += $1 } END { print s }')"
    p99="$(echo "$lines" | grep -oE '"p99_ms":[0-9.]+' | cut -d: -f2 | sort -g | tail -1)"
    if awk -v g="$got" -v r="$r" -v p="$p99" 'BEGIN { exit !(g >= 0.95 * r && p < 10) }'; then
      best="$got"
      r=$(( r * 3 / 2 ))
      [ "$r" -le 200000 ] || break
    else
      break
    fi
  done
  echo "$name: highest sustained relay rate with p99 < 10 ms: $best messages/s"
  eval "best_$name=$best"
}

echo "== rtc signal =="
start_server rtc "$rtc" signal --port 0 --quiet --web "$root/signaling/web" \
  --max-connections 20000 --rate 100000
hold_connections rtc
relay_steps rtc
stop_server

echo "== node ws =="
start_server node node "$helpers/ws_server.js" 0
hold_connections node
relay_steps node
stop_server

echo "== summary =="
echo "highest relay rate with p99 < 10 ms: rtc signal ${best_rtc} msg/s, node+ws ${best_node} msg/s"
if [ "${best_node}" -gt 0 ]; then
  awk -v a="$best_rtc" -v b="$best_node" 'BEGIN { printf "ratio: %.2fx\n", a / b }'
fi
kill "$watchdog" 2>/dev/null || true
