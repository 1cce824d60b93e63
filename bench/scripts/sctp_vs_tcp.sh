#!/usr/bin/env bash
# SCTP loss recovery against real Linux TCP CUBIC under the same conditions (issue: "goodput at
# 2% loss with 20 ms and 50 ms of simulated RTT, at least 50% of what TCP CUBIC would reach").
#
#   TCP   a bulk transfer (bench/scripts/sctp_vs_tcp/tcp_bulk.py, congestion control "cubic",
#         set per socket) between two network namespaces joined by a user-space link
#         (sctp_vs_tcp/link_emulator.py over two TUN devices): LOSS random loss in each
#         direction, RTT/2 of delay each way, a 100 Mbit/s bottleneck with a 1 MB drop-tail queue.
#         RUNS runs of SECONDS_PER_RUN seconds per RTT, each with a fresh pair of namespaces and
#         another loss seed; the median is compared.
#   SCTP  sctp_bench's BM_SctpGoodputLossy/<rtt>: our two associations in SimNetwork
#         (tests/support/sim_network.hpp), whose link model the emulator copies step for step:
#         loss drawn per datagram and direction before the queue, a FIFO bottleneck at the same
#         rate with the same queue, then the one-way delay. 30 s of virtual time per seed;
#         the benchmark reports the median over its seeds.
#
# netem would be the usual tool, but this machine's kernel has no sch_netem; the TUN link works
# wherever /dev/net/tun does, and it is the simulator's model rather than a look-alike.
# Packet sizes differ as they do in WebRTC: TCP segments carry 1448 bytes (MTU 1500), SCTP
# packets are 1200 bytes (the data-channel MTU) with 1184 bytes of payload at most.
#
# Usage: bench/scripts/sctp_vs_tcp.sh [SCTP_BENCH]   (default: build/default/bench/sctp_bench)
# Env:   RTTS="20 50" LOSS=0.02 RUNS=3 SECONDS_PER_RUN=30
# Needs root (ip netns, TUN devices) and python3. Network namespaces only: nothing is
# configured in the caller's namespace. Every namespace and process it creates is removed on
# exit, also on Ctrl-C.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${1:-$root/build/default/bench/sctp_bench}"
helpers="$here/sctp_vs_tcp"
rtts="${RTTS:-20 50}"
loss="${LOSS:-0.02}"
runs="${RUNS:-3}"
seconds="${SECONDS_PER_RUN:-30}"
rate_bps=100000000
queue_bytes=1000000

[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces, TUN devices)" >&2; exit 2; }
[ -x "$bench" ] || { echo "no sctp_bench at $bench (build it, or pass its path)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }
[ -c /dev/net/tun ] || { echo "no /dev/net/tun" >&2; exit 2; }
grep -qw cubic /proc/sys/net/ipv4/tcp_available_congestion_control ||
  { echo "TCP CUBIC is not available in this kernel" >&2; exit 2; }

tag="rsv$$"
ns_a="${tag}a"
ns_b="${tag}b"
work="$(mktemp -d /tmp/rtc-sctp-vs-tcp.XXXXXX)"
pids=()

teardown() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
  for ns in "$ns_a" "$ns_b"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}
cleanup() {
  teardown
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ns() { local n="$1"; shift; ip netns exec "$n" "$@"; }

# tcp_run RTT_MS SEED: one bulk transfer; the receiver's goodput (Mbit/s) goes to $work/result.
# (Not called in a command substitution: the processes it starts must be in this shell's pids.)
tcp_run() {
  local rtt="$1" seed="$2" half
  half=$(python3 -c "print($rtt / 2)")
  ip netns add "$ns_a"
  ip netns add "$ns_b"
  for n in "$ns_a" "$ns_b"; do
    ns "$n" ip link set lo up
    # Each run starts from nothing: no cwnd/ssthresh remembered from the previous connection.
    ns "$n" sysctl -qw net.ipv4.tcp_no_metrics_save=1
  done
  # The emulator creates both TUN devices in ns_a; one of them then moves to ns_b (its file
  # descriptor stays with the emulator).
  # (ip netns exec, not the ns function, in the background: $! must be the process itself.)
  ip netns exec "$ns_a" python3 "$helpers/link_emulator.py" tun0 tun1 --delay-ms "$half" --loss "$loss" \
    --rate-bps "$rate_bps" --queue-bytes "$queue_bytes" --seed "$seed" \
    >"$work/emu.out" 2>"$work/emu.err" &
  pids+=($!)
  for _ in $(seq 50); do grep -q ready "$work/emu.out" 2>/dev/null && break; sleep 0.1; done
  grep -q ready "$work/emu.out" || { cat "$work/emu.err" >&2; return 1; }
  ip -n "$ns_a" link set tun1 netns "$ns_b"
  ip -n "$ns_a" addr add 10.99.0.1 peer 10.99.0.2 dev tun0
  ip -n "$ns_b" addr add 10.99.0.2 peer 10.99.0.1 dev tun1
  ip -n "$ns_a" link set tun0 mtu 1500 up
  ip -n "$ns_b" link set tun1 mtu 1500 up
  ip netns exec "$ns_b" python3 "$helpers/tcp_bulk.py" server 10.99.0.2 5201 "$seconds" >"$work/server.out" &
  local server=$!
  pids+=("$server")
  for _ in $(seq 50); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
  ip netns exec "$ns_a" python3 "$helpers/tcp_bulk.py" client 10.99.0.2 5201 cubic &
  pids+=($!)
  wait "$server"
  teardown
  sed -n 's/^/    emulator: /p' "$work/emu.err"
  tail -n 1 "$work/server.out" >"$work/result"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== conditions: loss $loss each way, RTT in {$rtts} ms, 100 Mbit/s bottleneck, 1 MB queue"
echo "== machine: $(nproc) CPUs, $(uptime | sed 's/.*load/load/')"

echo "== SCTP (sctp_bench BM_SctpGoodputLossy, virtual time)"
filter="BM_SctpGoodputLossy/($(echo "$rtts" | tr ' ' '|'))/"
"$bench" --benchmark_filter="$filter" --benchmark_format=json >"$work/sctp.json" 2>"$work/sctp.err" ||
  { cat "$work/sctp.err" >&2; exit 1; }
declare -A sctp
for rtt in $rtts; do
  sctp[$rtt]=$(python3 - "$work/sctp.json" "$rtt" <<'PY'
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b["name"].split("/")[1] == sys.argv[2]:
        print(f'{b["goodput_Mbps"]:.3f}')
        sys.stderr.write(f'  {b["name"]}: goodput {b["goodput_Mbps"]:.3f} Mbit/s (seeds: '
                         f'{b["goodput_min_Mbps"]:.3f}..{b["goodput_max_Mbps"]:.3f}), '
                         f'fast retransmits {b["fast_retransmits"]:.0f}, '
                         f'T3 expirations {b["t3_expirations"]:.0f} per run\n')
PY
)
done

echo "== TCP CUBIC ($runs runs of ${seconds} s per RTT)"
declare -A tcp
for rtt in $rtts; do
  results=()
  for run in $(seq "$runs"); do
    tcp_run "$rtt" "$run"
    r=$(cat "$work/result")
    echo "  RTT $rtt ms, run $run: $r Mbit/s"
    results+=("$r")
  done
  tcp[$rtt]=$(printf '%s\n' "${results[@]}" | median)
done

echo
printf '%-8s %18s %22s %8s\n' "RTT" "SCTP goodput" "TCP CUBIC (median)" "ratio"
for rtt in $rtts; do
  ratio=$(python3 -c "print(f'{100 * ${sctp[$rtt]} / ${tcp[$rtt]}:.0f}%' if ${tcp[$rtt]} > 0 else 'n/a')")
  printf '%-8s %13s Mbit/s %17s Mbit/s %8s\n' "$rtt ms" "${sctp[$rtt]}" "${tcp[$rtt]}" "$ratio"
done
