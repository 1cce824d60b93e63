// Loss, reordering and retransmission (RFC 6347 §4.2.4): the timer, its doubling and cap, the
// reply to a repeated flight, fragmentation to the MTU (§4.2.3), and the handshake under 30%
// loss with reordering in the simulated network (tests/support/sim_network.hpp).
#include <gtest/gtest.h>

#include "dtls_test_support.hpp"
#include "support/sim_network.hpp"

namespace rtc::dtls {
namespace {

using namespace std::chrono_literals;
using test::make_config;
using test::Pair;

TEST(Rfc6347_4_2_4, RetransmitsFlightOnTimeout) {
  CollectingTraceSink trace;
  Config cc = make_config(Role::client, 0, 1);
  cc.trace = &trace;
  Config sc = make_config(Role::server, 1, 0);
  sc.trace = &trace;
  Pair p(cc, sc);
  int client_datagrams = 0;
  // Lose the client's first two datagrams (flight 1 and its first retransmission).
  p.tap = [&](bool from_client, Bytes&) { return !(from_client && ++client_datagrams <= 2); };
  const Timestamp t0 = p.clock.now();
  p.start();
  ASSERT_EQ(p.client.poll_timeout(), t0 + 1s);  // §4.2.4.1: initial timer 1 s
  ASSERT_TRUE(p.run());
  // Timeouts at 1 s and then 2 s more (doubled): the third copy of flight 1 got through at 3 s.
  EXPECT_EQ(p.clock.now() - t0, 3s);
  for (const auto& e : trace.events) std::printf("%s\n", format_trace(e, t0).c_str());
}

TEST(Rfc6347_4_2_4_1, TimerDoublesUpToTheCapThenHandshakeTimesOut) {
  Config c = make_config(Role::client, 0, 1);
  c.retransmit_initial = 100ms;
  c.retransmit_max = 800ms;
  c.handshake_timeout = 5s;
  SeededRandom random(1);
  DtlsEndpoint client(c, random);
  ManualClock clock;
  const Timestamp t0 = clock.now();
  client.start(clock.now());
  while (client.poll_transmit()) {
  }
  std::vector<Duration> sends;
  while (auto t = client.poll_timeout()) {
    clock.set(*t);
    client.handle_timeout(clock.now());
    while (client.poll_transmit()) sends.push_back(clock.now() - t0);
    if (client.state() == State::failed) break;
  }
  ASSERT_GE(sends.size(), 5u);
  EXPECT_EQ(sends[0], 100ms);
  EXPECT_EQ(sends[1], 300ms);   // +200
  EXPECT_EQ(sends[2], 700ms);   // +400
  EXPECT_EQ(sends[3], 1500ms);  // +800 (cap)
  EXPECT_EQ(sends[4], 2300ms);  // +800
  EXPECT_EQ(client.state(), State::failed);
  EXPECT_EQ(clock.now() - t0, 5s);
  auto ev = client.poll_event();
  ASSERT_TRUE(ev && std::holds_alternative<Failed>(*ev));
  EXPECT_EQ(std::get<Failed>(*ev).error.code, Errc::timeout);
}

TEST(Rfc6347_4_2_4, RepeatedFlightTriggersRetransmission) {
  // The server's flight 6 is lost; the client repeats flight 5 on its timer; the server, seeing
  // flight 5 again, repeats flight 6 (it has no timer of its own for its last flight).
  Pair p(make_config(Role::client, 0, 1), make_config(Role::server, 1, 0));
  int server_datagrams = 0;
  p.tap = [&](bool from_client, Bytes&) {
    if (from_client) return true;
    ++server_datagrams;
    return server_datagrams != 3;  // HVR, flight 4, [flight 6 lost]
  };
  p.start();
  ASSERT_TRUE(p.run());
  EXPECT_EQ(server_datagrams, 4);
}

TEST(Rfc6347_4_2_3, SmallMtuFragmentsHandshakeMessages) {
  Config c = make_config(Role::client, 0, 1);
  Config s = make_config(Role::server, 1, 0);
  c.mtu = 200;
  s.mtu = 200;
  Pair p(c, s);
  std::size_t largest = 0;
  p.tap = [&](bool, Bytes& d) {
    largest = std::max(largest, d.size());
    return true;
  };
  p.start();
  ASSERT_TRUE(p.run());
  EXPECT_LE(largest, 200u);
  EXPECT_GT(p.datagrams, 8u);  // certificates (~400 bytes) needed several datagrams
}

TEST(Rfc6347_4_2_4, ReorderedAndDuplicatedDatagrams) {
  Config c = make_config(Role::client, 0, 1);
  Config s = make_config(Role::server, 1, 0);
  c.mtu = s.mtu = 250;
  CollectingTraceSink trace;
  c.trace = s.trace = &trace;
  Pair p(c, s);
  // Deliver each burst in reverse order, twice.
  std::vector<std::pair<bool, Bytes>> held;
  p.tap = [&](bool from_client, Bytes& d) {
    held.emplace_back(from_client, d);
    return false;
  };
  p.start();
  for (int round = 0; round < 50 && !(p.client_events.connected && p.server_events.connected);
       ++round) {
    p.pump_once();
    auto burst = std::move(held);
    held.clear();
    for (int copy = 0; copy < 2; ++copy) {
      for (auto it = burst.rbegin(); it != burst.rend(); ++it) {
        (it->first ? p.server : p.client).handle_receive(p.clock.now(), it->second);
      }
    }
    test::drain_events(p.client, p.client_events);
    test::drain_events(p.server, p.server_events);
  }
  EXPECT_TRUE(p.client_events.connected);
  EXPECT_TRUE(p.server_events.connected);
  if (!p.server_events.connected) {
    for (const auto& e : trace.events) std::printf("%s\n", format_trace(e, {}).c_str());
  }
}

// 30% loss in each direction plus reordering, virtual time. With a 100 ms initial timer capped
// at 1.6 s the handshake needs 3 round trips, each succeeding with probability ~0.49 per try
// (both directions must get through); a try costs at most one timer period, so even a run of
// ten failed tries in one exchange stays under 100+200+400+800+1600*6 = 11.1 s. 30 s bounds it.
TEST(Rfc6347_4_2_4, HandshakeCompletesUnder30PercentLossAndReordering) {
  int completed = 0;
  Duration worst{};
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Config c = make_config(Role::client, 0, 1);
    Config s = make_config(Role::server, 1, 0);
    c.retransmit_initial = s.retransmit_initial = 100ms;
    c.retransmit_max = s.retransmit_max = 1600ms;
    c.mtu = s.mtu = 300;  // several datagrams per flight: partial flights happen
    CollectingTraceSink trace;
    if (std::getenv("RTC_DTLS_DEBUG_SEED") &&
        std::atoi(std::getenv("RTC_DTLS_DEBUG_SEED")) == int(seed)) {
      c.trace = s.trace = &trace;
      c.trace_records = s.trace_records = true;
    }
    SeededRandom random(seed);
    DtlsEndpoint client(c, random), server(s, random);
    test::Collected ce, se;
    sim::SimNetwork net(seed);
    sim::NodeId a = 0, b = 1;
    auto hooks = [&](DtlsEndpoint& e, test::Collected& ev, sim::NodeId peer) {
      return sim::NodeHooks{[&e, &ev](Timestamp now, BytesView d) {
                              e.handle_receive(now, d);
                              test::drain_events(e, ev);
                            },
                            [&e, &ev](Timestamp now) {
                              e.handle_timeout(now);
                              test::drain_events(e, ev);
                            },
                            [&e] { return e.poll_timeout(); },
                            [&e, peer](Timestamp) -> std::optional<sim::Outgoing> {
                              auto d = e.poll_transmit();
                              if (!d) return std::nullopt;
                              return sim::Outgoing{peer, std::move(*d)};
                            }};
    };
    a = net.add_node(hooks(client, ce, 1));
    b = net.add_node(hooks(server, se, 0));
    net.set_links(
        a, b, {.delay = 10ms, .jitter = 5ms, .loss = 0.3, .reorder = 0.2, .reorder_delay = 15ms});
    const Timestamp t0 = net.now();
    server.start(net.now());
    client.start(net.now());
    const bool ok = net.run_until([&] { return ce.connected && se.connected; }, 30s);
    EXPECT_TRUE(ok) << "seed " << seed << ": "
                    << (ce.failed   ? ce.failed->error.to_string()
                        : se.failed ? se.failed->error.to_string()
                                    : "timeout");
    for (const auto& e : trace.events) std::printf("%s\n", format_trace(e, t0).c_str());
    if (ok) {
      ++completed;
      worst = std::max(worst, net.now() - t0);
      EXPECT_EQ(ce.connected->keying_material, se.connected->keying_material);
    }
  }
  EXPECT_EQ(completed, 20);
  EXPECT_LT(worst, 30s);
  std::printf("[ info ] 20 handshakes under 30%% loss; slowest took %.0f ms of virtual time\n",
              to_millis(worst));
}

}  // namespace
}  // namespace rtc::dtls
