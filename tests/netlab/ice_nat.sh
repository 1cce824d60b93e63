#!/bin/sh
# Real NATs for the ICE agent (issue 4): two sites behind Linux NAT routers, a "public" segment
# with coturn, and two `rtc ice` agents that find each other across it.
#
#   h1 (10.1.0.2) -- nat1 [masquerade] -- pub (198.51.100.254, coturn) -- nat2 [masquerade] -- h2 (10.2.0.2)
#                      198.51.100.1                203.0.113.254               203.0.113.1
#
# Modes:
#   cone       masquerade plus inbound UDP forwarded to the host (endpoint-independent mapping
#              and filtering): expect a direct server-reflexive pair, no relay.
#   symmetric  "masquerade random" (a random port per destination): no direct path between the
#              two sites, so the agents must use the TURN relay on pub.
#
# Usage: ice_nat.sh RTC_BINARY [cone|symmetric|all]. Needs root, ip netns, nft and coturn's
# turnserver. Exits 77 (skipped) with a message when namespaces cannot be made. Everything it
# creates (namespaces, veths, processes, temporary files) is removed on exit.
set -u
RTC=${1:?usage: ice_nat.sh RTC_BINARY [cone|symmetric|all]}
MODE=${2:-all}
TAG="ri$$"   # unique per run: several runs (and other tests) can share the machine
NS_PUB="${TAG}pub"; NS_N1="${TAG}n1"; NS_N2="${TAG}n2"; NS_H1="${TAG}h1"; NS_H2="${TAG}h2"
WORK=$(mktemp -d /tmp/rtc-ice-netlab.XXXXXX)
PIDS=""

skip() { echo "SKIP: $*"; cleanup; exit 77; }

cleanup() {
  for pid in $PIDS; do kill "$pid" 2>/dev/null; done
  sleep 0.2
  for pid in $PIDS; do kill -9 "$pid" 2>/dev/null; done
  for ns in "$NS_H1" "$NS_H2" "$NS_N1" "$NS_N2" "$NS_PUB"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
    ip netns del "$ns" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

[ "$(id -u)" = 0 ] || skip "not root: network namespaces need CAP_SYS_ADMIN"
command -v ip >/dev/null || skip "no ip(8)"
command -v nft >/dev/null || skip "no nft(8)"
[ -x "$RTC" ] || { echo "FAIL: $RTC is not executable"; exit 1; }
ip netns add "$NS_PUB" 2>/dev/null || skip "cannot create network namespaces here"

ns() { n=$1; shift; ip netns exec "$n" "$@"; }

# link NS_A IF_A ADDR_A NS_B IF_B ADDR_B: a veth pair between two namespaces.
link() {
  ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" || return 1
  ns "$1" ip addr add "$3" dev "$2" && ns "$1" ip link set "$2" up &&
  ns "$4" ip addr add "$6" dev "$5" && ns "$4" ip link set "$5" up
}

build() {
  for n in "$NS_N1" "$NS_N2" "$NS_H1" "$NS_H2"; do ip netns add "$n" || return 1; done
  for n in "$NS_PUB" "$NS_N1" "$NS_N2" "$NS_H1" "$NS_H2"; do ns "$n" ip link set lo up; done
  link "$NS_H1" eth0 10.1.0.2/24 "$NS_N1" in0 10.1.0.1/24 || return 1
  link "$NS_N1" out0 198.51.100.1/24 "$NS_PUB" p1 198.51.100.254/24 || return 1
  link "$NS_H2" eth0 10.2.0.2/24 "$NS_N2" in0 10.2.0.1/24 || return 1
  link "$NS_N2" out0 203.0.113.1/24 "$NS_PUB" p2 203.0.113.254/24 || return 1
  ns "$NS_H1" ip route add default via 10.1.0.1
  ns "$NS_H2" ip route add default via 10.2.0.1
  ns "$NS_N1" ip route add default via 198.51.100.254
  ns "$NS_N2" ip route add default via 203.0.113.254
  for n in "$NS_N1" "$NS_N2" "$NS_PUB"; do ns "$n" sysctl -qw net.ipv4.ip_forward=1; done
  # Private addresses are routed into a dead-end veth on pub (dropped there, like on the
  # internet): without a route, sends from coturn's relay fail with ENETUNREACH, which coturn
  # takes badly, and the host candidates the agents try through the relay are exactly that.
  ns "$NS_PUB" ip link add void0 type veth peer name void1 &&
    ns "$NS_PUB" ip link set void0 up && ns "$NS_PUB" ip link set void1 up &&
    ns "$NS_PUB" ip route add 10.0.0.0/8 dev void0
}

# nat NS MODE HOST: masquerade what leaves out0.
#   cone       plus every inbound UDP datagram forwarded to HOST: endpoint-independent mapping
#              and filtering ("full cone", RFC 4787 EIM/EIF). Without it Linux conntrack is
#              address-and-port-dependent, and a check arriving before the host's own first
#              packet to that peer claims the tuple, so the host's mapping moves to a new port.
#   symmetric  "masquerade random": a fresh random port per destination (APDM).
nat() {
  if [ "$2" = cone ]; then masq=""; dnat="iifname \"out0\" meta l4proto udp dnat ip to $3"; else masq="random"; dnat=""; fi
  ns "$1" nft -f - <<NFT || return 1
table ip rtcnat {
  chain nat_prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    $dnat
  }
  chain nat_postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "out0" masquerade $masq
  }
  chain filter_forward {
    type filter hook forward priority filter; policy drop;
    iifname "in0" accept
    ct state established,related accept
    ct status dnat accept
  }
}
NFT
}

start_turn() {
  command -v turnserver >/dev/null || return 1
  ns "$NS_PUB" turnserver -n --listening-ip=198.51.100.254 --relay-ip=198.51.100.254 \
    --listening-port=3478 --min-port=49152 --max-port=49300 --realm=netlab --user=netlab:secret \
    --lt-cred-mech --no-tls --no-dtls --no-cli --allow-loopback-peers --log-file=stdout \
    > "$WORK/turn.log" 2>&1 &
  PIDS="$PIDS $!"
  sleep 1
}

# run_pair MODE: two agents; their a= lines are piped to each other through fifos.
run_pair() {
  # The previous mode's outputs must not be read as this one's results before tee truncates them.
  rm -f "$WORK/out1" "$WORK/out2"
  mkfifo "$WORK/to1" "$WORK/to2"
  extra="--stun 198.51.100.254:3478"
  if [ -n "${TURN_OK:-}" ]; then extra="$extra --turn 198.51.100.254:3478 --user netlab --password secret"; fi
  # shellcheck disable=SC2086
  ( ns "$NS_H1" "$RTC" ice --controlling --bind 10.1.0.2 $extra --timeout 25 < "$WORK/to1" |
      tee "$WORK/out1" | grep --line-buffered '^a=' > "$WORK/to2" ) &
  PIDS="$PIDS $!"
  # shellcheck disable=SC2086
  ( ns "$NS_H2" "$RTC" ice --bind 10.2.0.2 $extra --timeout 25 < "$WORK/to2" |
      tee "$WORK/out2" | grep --line-buffered '^a=' > "$WORK/to1" ) &
  PIDS="$PIDS $!"
  for _ in $(seq 1 300); do
    if tail -n1 "$WORK/out1" 2>/dev/null | grep -qE '^(selected|failed)' &&
       tail -n1 "$WORK/out2" 2>/dev/null | grep -qE '^(selected|failed)'; then break; fi
    sleep 0.1
  done
  r1=$(tail -n1 "$WORK/out1" 2>/dev/null); r2=$(tail -n1 "$WORK/out2" 2>/dev/null)
  echo "  $1: h1: $r1"
  echo "  $1: h2: $r2"
  rm -f "$WORK/to1" "$WORK/to2"
  case "$r1 $r2" in *failed*|"")
    for f in out1 out2; do echo "---- $f (last lines)"; tail -n 25 "$WORK/$f"; done
    [ -n "${NETLAB_KEEP:-}" ] && cp "$WORK/out1" "$WORK/out2" "$WORK/turn.log" "$NETLAB_KEEP"
    return 1 ;;
  esac
  if [ "$1" = cone ]; then
    echo "$r1 $r2" | grep -q relay && { echo "  expected a direct (srflx/prflx) pair under cone NATs"; return 1; }
  fi
  if [ "$1" = symmetric ]; then
    echo "$r1 $r2" | grep -q relay || { echo "  expected a relayed pair under symmetric NATs"; return 1; }
  fi
  return 0
}

status=0
run_mode() {
  echo "== $1 NAT =="
  ns "$NS_N1" nft delete table ip rtcnat 2>/dev/null
  ns "$NS_N2" nft delete table ip rtcnat 2>/dev/null
  for n in "$NS_N1" "$NS_N2" "$NS_H1" "$NS_H2" "$NS_PUB"; do ns "$n" conntrack -F >/dev/null 2>&1; done
  { nat "$NS_N1" "$1" 10.1.0.2 && nat "$NS_N2" "$1" 10.2.0.2; } ||
    { echo "FAIL: nft setup"; status=1; return; }
  run_pair "$1" || status=1
  for p in $PIDS; do case "$p" in "$TURN_PID") ;; *) kill "$p" 2>/dev/null ;; esac; done
}

build || skip "cannot build the veth topology here"
TURN_OK=""; TURN_PID=""
if start_turn; then TURN_OK=1; TURN_PID=${PIDS##* }; else echo "note: no coturn: relay cases skipped"; fi
case "$MODE" in cone|all) run_mode cone ;; esac
case "$MODE" in symmetric|all)
  if [ -n "$TURN_OK" ]; then run_mode symmetric; else echo "SKIP symmetric: no coturn"; fi ;;
esac
[ $status = 0 ] && echo "PASS" || echo "FAIL"
exit $status
