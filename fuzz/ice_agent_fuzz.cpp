// libFuzzer target for ice/: arbitrary datagrams into an agent that is checking.
//
// The agent has one local socket, the remote's credentials, two remote candidates (one of them
// an mDNS name), a STUN and a TURN server. The input is a sequence of records:
//   [selector] [length hi] [length lo] [datagram ...]
// selector bits 0-2 pick the source (remote host, the STUN server, the TURN server, an
// unknown address, the mDNS responder, the prflx address, ...), bit 3 the socket (ours or an
// unknown one), bits 4-7 how far the clock moves (and whether timers fire) before delivery.
// After every step the tables must stay within their configured bounds.
// Seeds: fuzz/corpus/ice_agent/ (a valid check, a check with USE-CANDIDATE, a ChannelData
// frame from the TURN server, an mDNS answer, garbage).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/ice/agent.hpp"

namespace {

using namespace rtc;

void check(bool condition) {
  if (!condition) std::abort();
}

SocketAddress sa(std::string_view s) {
  return SocketAddress::parse(s).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SeededRandom random(1);
  ice::AgentConfig config;
  config.role = ice::Role::controlled;
  config.tiebreaker = 0x1122334455667788ull;
  config.local_ufrag = "fuzz";
  config.local_pwd = "fuzz-password-0123456789";
  config.stun_servers = {ice::StunServer{sa("192.0.2.100:3478")}};
  config.turn_servers = {ice::TurnServer{sa("192.0.2.200:3478"), "user", "pass"}};
  config.max_pairs = 16;
  config.max_remote_candidates = 8;
  config.max_triggered_checks = 8;
  config.ta = milliseconds(5);
  ice::Agent agent(config, random);
  ManualClock clock;
  const SocketAddress local = sa("192.0.2.1:5000");
  agent.add_local_address(clock.now(), local);
  agent.end_of_local_addresses(clock.now());
  agent.set_remote_credentials("peer", "peer-password-0123456789");
  if (auto c = ice::Candidate::parse("candidate:1 1 udp 2130706431 192.0.2.2 6000 typ host")) {
    (void)agent.add_remote_candidate(clock.now(), *c);
  }
  if (auto c = ice::Candidate::parse("candidate:2 1 udp 2130706175 abcd.local 6001 typ host")) {
    (void)agent.add_remote_candidate(clock.now(), *c);
  }

  const SocketAddress sources[8] = {sa("192.0.2.2:6000"),   sa("192.0.2.100:3478"),
                                    sa("192.0.2.200:3478"), sa("198.51.100.7:9"),
                                    sa("192.0.2.9:5353"),   sa("203.0.113.5:40000"),
                                    sa("192.0.2.2:6001"),   sa("[2001:db8::1]:6000")};
  std::size_t pos = 0;
  while (pos + 3 <= size) {
    const std::uint8_t selector = data[pos];
    std::size_t length = (std::size_t{data[pos + 1]} << 8) | data[pos + 2];
    pos += 3;
    if (length > size - pos) length = size - pos;
    const BytesView datagram(data + pos, length);
    pos += length;

    const unsigned advance = selector >> 4;
    if (advance != 0) {
      clock.advance(milliseconds(advance * advance * 40));
      agent.handle_timeout(clock.now());
    }
    const SocketAddress& socket = (selector & 0x08) != 0 ? sources[3] : local;
    auto app = agent.handle_receive(clock.now(), socket, sources[selector & 0x07], datagram);
    if (app) {
      // A view into the datagram (direct or unwrapped from TURN framing).
      check(app->data() >= datagram.data() &&
            app->data() + app->size() <= datagram.data() + datagram.size());
    }
    while (auto t = agent.poll_transmit()) check(!t->data.empty());
    while (agent.poll_event()) {
    }
    if (auto t = agent.poll_timeout()) check(*t >= clock.now() - std::chrono::hours(1));
    check(agent.pair_stats().size() <= config.max_pairs);
    check(agent.remote_candidates().size() <= config.max_remote_candidates);
    const std::uint8_t probe[] = {23, 0};
    (void)agent.send(clock.now(), probe);
  }
  agent.close(clock.now());
  check(agent.connection_state() == ice::ConnectionState::closed);
  return 0;
}
