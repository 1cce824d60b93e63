// Two agents on the simulated network (tests/support/sim_udp_network.hpp): host pairs, NATs of
// RFC 4787, loss, role conflicts, restarts, consent, trickle and mDNS.
#include <gtest/gtest.h>

#include <iostream>

#include "harness.hpp"
#include "sim_turn_server.hpp"

namespace rtc::ice {
namespace {

using sim::NatType;
using sim::SimUdpNetwork;
using testing::addr;
using testing::IceSim;
using testing::Peer;

TEST(Rfc8445, HostToHostConnectsAndCarriesData) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b));
  auto sa = a.agent.selected_pair();
  auto sb = b.agent.selected_pair();
  EXPECT_EQ(sa->first.address, addr("192.0.2.1:5000"));
  EXPECT_EQ(sa->second.address, addr("192.0.2.2:6000"));
  EXPECT_EQ(sb->first.address, addr("192.0.2.2:6000"));
  EXPECT_EQ(sb->second.address, addr("192.0.2.1:5000"));
  EXPECT_EQ(sa->first.type, CandidateType::host);
  EXPECT_EQ(sa->second.type, CandidateType::host);
  EXPECT_TRUE(a.saw(ConnectionState::checking));
  EXPECT_EQ(a.gathering.back(), GatheringState::complete);

  const std::uint8_t hello[] = {23, 1, 2, 3};  // looks like DTLS (RFC 7983)
  ASSERT_TRUE(a.agent.send(sim.clock.now(), hello).has_value());
  ASSERT_TRUE(b.agent.send(sim.clock.now(), hello).has_value());
  sim.run_for(milliseconds(50));
  ASSERT_EQ(b.received.size(), 1u);
  ASSERT_EQ(a.received.size(), 1u);
  EXPECT_EQ(b.received[0], Bytes(std::begin(hello), std::end(hello)));

  bool found = false;
  for (const auto& st : a.agent.pair_stats()) {
    if (!st.selected) continue;
    found = true;
    EXPECT_TRUE(st.nominated);
    EXPECT_EQ(st.state, PairState::succeeded);
    EXPECT_GE(st.requests_sent, 2u);  // an ordinary check and the nomination
    EXPECT_GE(st.responses_received, 2u);
    EXPECT_EQ(st.bytes_sent, sizeof hello);
    EXPECT_TRUE(st.current_rtt.has_value());
  }
  EXPECT_TRUE(found);
}

TEST(Rfc8445, CompletedAfterEndOfCandidates) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  a.agent.end_of_remote_candidates(sim.clock.now());
  b.agent.end_of_remote_candidates(sim.clock.now());
  ASSERT_TRUE(sim.run_until(
      [&] {
        return a.agent.connection_state() == ConnectionState::completed &&
               b.agent.connection_state() == ConnectionState::completed;
      },
      std::chrono::seconds(5)));
}

// --- NATs (RFC 4787) ---------------------------------------------------------------------------

struct Site {
  std::vector<SocketAddress> sockets;
  SimUdpNetwork::NatId nat = SimUdpNetwork::kPublic;
};

Site make_site(IceSim& sim, NatType type, int n) {
  Site s;
  if (type == NatType::none) {
    s.sockets = {addr("198.51.100." + std::to_string(n) + ":5000")};
  } else {
    s.nat = sim.net.add_nat(type, addr("203.0.113." + std::to_string(n) + ":0"));
    s.sockets = {addr("10.0." + std::to_string(n) + ".2:5000")};
  }
  return s;
}

struct GridResult {
  bool connected = false;
  std::string a_pair, b_pair;
};

GridResult run_grid_cell(NatType ta, NatType tb) {
  IceSim sim(7);
  const SocketAddress stun = addr("192.0.2.100:3478");
  const SocketAddress turn = addr("192.0.2.200:3478");
  sim.net.add_stun_server(stun);
  testing::SimTurnServer turn_server(sim.net, turn, "user", "secret");
  Site sa = make_site(sim, ta, 1);
  Site sb = make_site(sim, tb, 2);
  for (const Site* site : {&sa, &sb}) {
    if (site->nat != SimUdpNetwork::kPublic) sim.net.allow(site->nat, turn);
  }
  auto ca = IceSim::config(Role::controlling, "aaaa");
  auto cb = IceSim::config(Role::controlled, "bbbb");
  ca.stun_servers = cb.stun_servers = {StunServer{stun}};
  ca.turn_servers = cb.turn_servers = {TurnServer{turn, "user", "secret"}};
  Peer& a = sim.add_peer(ca, sa.sockets, sa.nat);
  Peer& b = sim.add_peer(cb, sb.sockets, sb.nat);
  sim.connect_signaling(a, b);
  GridResult r;
  r.connected = sim.both_connected(a, b, std::chrono::seconds(40));
  auto name = [](const std::optional<std::pair<Candidate, Candidate>>& p) {
    return p ? std::string(to_string(p->first.type)) + "/" + to_string(p->second.type)
             : std::string("-");
  };
  r.a_pair = name(a.agent.selected_pair());
  r.b_pair = name(b.agent.selected_pair());
  if (r.connected) {
    // Data goes through whatever was selected, relay included.
    const std::uint8_t data[] = {23, 42};
    EXPECT_TRUE(a.agent.send(sim.clock.now(), data).has_value());
    EXPECT_TRUE(b.agent.send(sim.clock.now(), data).has_value());
    sim.run_for(milliseconds(200));
    EXPECT_FALSE(a.received.empty()) << r.a_pair;
    EXPECT_FALSE(b.received.empty()) << r.b_pair;
  }
  return r;
}

TEST(Rfc8445_Rfc4787, NatGrid) {
  const NatType types[] = {NatType::none, NatType::endpoint_independent, NatType::address_dependent,
                           NatType::address_and_port_dependent, NatType::udp_blocked};
  std::cout << "  A (controlling) \\ B      selected pair as A sees it | as B sees it\n";
  for (NatType ta : types) {
    for (NatType tb : types) {
      auto r = run_grid_cell(ta, tb);
      std::cout << "  " << to_string(ta) << " x " << to_string(tb) << ": "
                << (r.connected ? r.a_pair + " | " + r.b_pair : std::string("FAILED")) << "\n";
      EXPECT_TRUE(r.connected) << to_string(ta) << " x " << to_string(tb);
      // Both symmetric: no direct path exists (RFC 4787 §4.1.1); UDP blocked: nothing but the
      // TURN server is reachable. Only a relay connects them (RFC 8445 §5.1.1.2).
      const bool needs_relay = (ta == NatType::address_and_port_dependent &&
                                tb == NatType::address_and_port_dependent) ||
                               ta == NatType::udp_blocked || tb == NatType::udp_blocked;
      const bool relayed = r.a_pair.find("relay") != std::string::npos ||
                           r.b_pair.find("relay") != std::string::npos;
      EXPECT_EQ(relayed, needs_relay) << to_string(ta) << " x " << to_string(tb);
      if (ta == NatType::none && tb == NatType::none) {
        EXPECT_EQ(r.a_pair, "host/host");
      }
      if (ta == NatType::endpoint_independent && tb == NatType::endpoint_independent) {
        EXPECT_EQ(r.a_pair.substr(0, 5), "srflx");  // our mapped address: a srflx pair
      }
      if (ta == NatType::address_and_port_dependent && tb == NatType::none) {
        EXPECT_EQ(r.a_pair, "prflx/host");  // a new mapping towards B: learned from the check
        EXPECT_EQ(r.b_pair, "host/prflx");
      }
    }
  }
}

TEST(Rfc8656_12, SelectedRelayPairUsesChannelData) {
  IceSim sim(3);
  const SocketAddress turn = addr("192.0.2.200:3478");
  testing::SimTurnServer server(sim.net, turn, "user", "secret");
  auto n1 = sim.net.add_nat(NatType::udp_blocked, addr("203.0.113.1:0"));
  auto n2 = sim.net.add_nat(NatType::udp_blocked, addr("203.0.113.2:0"));
  sim.net.allow(n1, turn);
  sim.net.allow(n2, turn);
  auto ca = IceSim::config(Role::controlling, "aaaa");
  auto cb = IceSim::config(Role::controlled, "bbbb");
  ca.turn_servers = cb.turn_servers = {TurnServer{turn, "user", "secret"}};
  Peer& a = sim.add_peer(ca, {addr("10.0.1.2:5000")}, n1);
  Peer& b = sim.add_peer(cb, {addr("10.0.2.2:5000")}, n2);
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b, std::chrono::seconds(20)));
  EXPECT_EQ(a.agent.selected_pair()->first.type, CandidateType::relayed);
  EXPECT_EQ(server.allocations(), 2u);
  sim.run_for(milliseconds(500));  // the ChannelBind (RFC 8656 §12) completes
  const auto before = server.channel_data;
  const std::uint8_t data[] = {23, 1, 2, 3, 4};
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(a.agent.send(sim.clock.now(), data).has_value());
    ASSERT_TRUE(b.agent.send(sim.clock.now(), data).has_value());
  }
  sim.run_for(milliseconds(200));
  EXPECT_EQ(a.received.size(), 10u);
  EXPECT_EQ(b.received.size(), 10u);
  EXPECT_GE(server.channel_data - before, 20u);  // 4-byte framing, not Send indications
  // Consent keeps the relayed pair alive.
  sim.run_for(std::chrono::seconds(60));
  EXPECT_TRUE(a.connected());
  EXPECT_TRUE(b.connected());
}

TEST(Rfc8656_8_1, CloseDeallocatesRelay) {
  IceSim sim;
  const SocketAddress turn = addr("192.0.2.200:3478");
  testing::SimTurnServer server(sim.net, turn, "user", "secret");
  auto cfg = IceSim::config(Role::controlling, "aaaa");
  cfg.turn_servers = {TurnServer{turn, "user", "secret"}};
  Peer& a = sim.add_peer(cfg, {addr("192.0.2.1:5000")});
  a.agent.add_local_address(sim.clock.now(), a.sockets[0]);
  a.agent.end_of_local_addresses(sim.clock.now());
  ASSERT_TRUE(sim.run_until([&] { return a.agent.gathering_state() == GatheringState::complete; },
                            std::chrono::seconds(10)));
  ASSERT_EQ(a.gathered.size(), 2u);
  EXPECT_EQ(a.gathered[1].type, CandidateType::relayed);
  EXPECT_EQ(a.gathered[1].priority,
            compute_priority(0, local_preference(AddressFamily::ipv4, 0), 1));
  EXPECT_EQ(a.gathered[1].socket, addr("192.0.2.1:5000"));
  a.agent.close(sim.clock.now());
  auto t = a.agent.poll_transmit();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->destination, turn);
  auto m = stun::MessageView::parse(t->data).value();
  EXPECT_EQ(m.method(), stun::Method::refresh);
  EXPECT_EQ(m.lifetime().value(), 0u);
}

TEST(Rfc8445_5_1_1_2, ServerReflexiveCandidateGathered) {
  IceSim sim;
  const SocketAddress stun = addr("192.0.2.100:3478");
  sim.net.add_stun_server(stun);
  auto nat = sim.net.add_nat(NatType::endpoint_independent, addr("203.0.113.9:0"));
  auto cfg = IceSim::config(Role::controlling, "aaaa");
  cfg.stun_servers = {StunServer{stun}};
  Peer& a = sim.add_peer(cfg, {addr("10.0.0.2:5000")}, nat);
  a.agent.add_local_address(sim.clock.now(), a.sockets[0]);
  a.agent.end_of_local_addresses(sim.clock.now());
  EXPECT_EQ(a.agent.gathering_state(), GatheringState::gathering);
  ASSERT_TRUE(sim.run_until([&] { return a.agent.gathering_state() == GatheringState::complete; },
                            std::chrono::seconds(10)));
  ASSERT_EQ(a.gathered.size(), 2u);
  EXPECT_EQ(a.gathered[0].type, CandidateType::host);
  EXPECT_EQ(a.gathered[1].type, CandidateType::server_reflexive);
  EXPECT_EQ(a.gathered[1].address, addr("203.0.113.9:40000"));
  EXPECT_EQ(a.gathered[1].related, addr("10.0.0.2:5000"));
  EXPECT_EQ(a.gathered[1].priority,
            compute_priority(100, local_preference(AddressFamily::ipv4, 0), 1));
  EXPECT_EQ(a.gathering,
            (std::vector<GatheringState>{GatheringState::gathering, GatheringState::complete}));
}

TEST(Rfc8445_5_1_1_2, UnreachableStunServerStillCompletes) {
  IceSim sim;
  auto cfg = IceSim::config(Role::controlling, "aaaa");
  cfg.stun_servers = {StunServer{addr("192.0.2.200:3478")}};  // nobody there
  Peer& a = sim.add_peer(cfg, {addr("192.0.2.1:5000")});
  a.agent.add_local_address(sim.clock.now(), a.sockets[0]);
  a.agent.end_of_local_addresses(sim.clock.now());
  ASSERT_TRUE(sim.run_until([&] { return a.agent.gathering_state() == GatheringState::complete; },
                            std::chrono::seconds(10)));
  EXPECT_EQ(a.gathered.size(), 1u);
}

// --- Loss, roles, restarts ---------------------------------------------------------------------

TEST(Rfc8445_14, ConnectsWithTwentyPercentLoss) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    IceSim sim(seed);
    sim.net.path.loss = 0.2;
    sim.net.path.jitter = milliseconds(10);
    Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
    Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
    sim.connect_signaling(a, b);
    EXPECT_TRUE(sim.both_connected(a, b, std::chrono::seconds(30))) << "seed " << seed;
  }
}

TEST(Rfc8445_7_3_1_1, RoleConflictBothControlling) {
  IceSim sim;
  auto ca = IceSim::config(Role::controlling, "aaaa");
  auto cb = IceSim::config(Role::controlling, "bbbb");
  ca.tiebreaker = 1000;
  cb.tiebreaker = 2000;
  Peer& a = sim.add_peer(ca, {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(cb, {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b));
  // The smaller tiebreaker gives way (§7.3.1.1).
  EXPECT_EQ(a.agent.role(), Role::controlled);
  EXPECT_EQ(b.agent.role(), Role::controlling);
  EXPECT_EQ(a.role_changes, std::vector<Role>{Role::controlled});
  EXPECT_TRUE(b.role_changes.empty());
  EXPECT_EQ(a.agent.selected_pair()->second.address, b.agent.selected_pair()->first.address);
}

TEST(Rfc8445_7_3_1_1, RoleConflictBothControlled) {
  IceSim sim;
  auto ca = IceSim::config(Role::controlled, "aaaa");
  auto cb = IceSim::config(Role::controlled, "bbbb");
  ca.tiebreaker = 5;
  cb.tiebreaker = 9;
  Peer& a = sim.add_peer(ca, {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(cb, {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b));
  EXPECT_NE(a.agent.role(), b.agent.role());
  EXPECT_EQ(b.agent.role(), Role::controlling);
}

TEST(Rfc8445_9, IceRestartKeepsDataFlowingThenSelectsNewPair) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b));
  ASSERT_EQ(a.selections.size(), 1u);

  // Offer with new credentials, answer with new credentials (RFC 8445 §9, RFC 8839 §4.4.1.1.1).
  a.trickle = b.trickle = false;
  a.agent.restart(sim.clock.now(), "aaa2", "aaa2-password-0123456789ab");
  b.agent.restart(sim.clock.now(), "bbb2", "bbb2-password-0123456789ab");
  sim.pump();
  // Data still flows on the old pair.
  const std::uint8_t data[] = {23, 9};
  ASSERT_TRUE(a.agent.send(sim.clock.now(), data).has_value());
  sim.run_for(milliseconds(20));
  EXPECT_EQ(b.received.size(), 1u);

  a.agent.set_remote_credentials("bbb2", "bbb2-password-0123456789ab");
  b.agent.set_remote_credentials("aaa2", "aaa2-password-0123456789ab");
  for (const auto& c : a.agent.local_candidates())
    ASSERT_TRUE(b.agent.add_remote_candidate(sim.clock.now(), c));
  for (const auto& c : b.agent.local_candidates())
    ASSERT_TRUE(a.agent.add_remote_candidate(sim.clock.now(), c));
  ASSERT_TRUE(sim.run_until([&] { return a.selections.size() == 2 && b.selections.size() == 2; },
                            std::chrono::seconds(10)));
  EXPECT_TRUE(a.connected());
  EXPECT_TRUE(b.connected());
  // Consent keeps working with the new generation's credentials.
  sim.run_for(std::chrono::seconds(40));
  EXPECT_TRUE(a.connected());
  EXPECT_TRUE(b.connected());
}

TEST(Rfc8445_9, IceRestartInJsepOrder) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b));
  ASSERT_EQ(a.selections.size(), 1u);

  // Offer with new credentials, answer with new credentials (RFC 8445 §9, RFC 8839 §4.4.1.1.1).
  a.trickle = b.trickle = false;
  a.agent.restart(sim.clock.now(), "aaa2", "aaa2-password-0123456789ab");  // the offer
  b.agent.set_remote_credentials("aaa2", "aaa2-password-0123456789ab");
  for (const auto& c : a.agent.local_candidates()) {
    ASSERT_TRUE(b.agent.add_remote_candidate(sim.clock.now(), c));
  }
  b.agent.restart(sim.clock.now(), "bbb2", "bbb2-password-0123456789ab");  // the answer
  a.agent.set_remote_credentials("bbb2", "bbb2-password-0123456789ab");
  for (const auto& c : b.agent.local_candidates()) {
    ASSERT_TRUE(a.agent.add_remote_candidate(sim.clock.now(), c));
  }
  ASSERT_TRUE(sim.run_until([&] { return a.selections.size() == 2 && b.selections.size() == 2; },
                            std::chrono::seconds(10)));
  EXPECT_TRUE(a.connected());
  EXPECT_TRUE(b.connected());
}

// --- Consent freshness (RFC 7675) ------------------------------------------------------------

TEST(Rfc7675_5_1, ConsentKeepsConnectionAliveForMinutes) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b));
  const auto sent_before = sim.net.sent;
  sim.run_for(std::chrono::minutes(2));
  EXPECT_TRUE(a.connected());
  EXPECT_TRUE(b.connected());
  // Roughly one request and one response per side every ~5 s: 2 minutes ~ 100 datagrams.
  EXPECT_GT(sim.net.sent - sent_before, 60u);
  EXPECT_LT(sim.net.sent - sent_before, 160u);
}

TEST(Rfc7675_5_1, ConsentLossDisconnectsThenFails) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b));
  const Timestamp lost_at = sim.clock.now();
  sim.net.set_blackhole(true);
  ASSERT_TRUE(
      sim.run_until([&] { return a.agent.connection_state() == ConnectionState::disconnected; },
                    std::chrono::seconds(15)));
  EXPECT_LE(sim.clock.now() - lost_at, std::chrono::seconds(12));
  ASSERT_TRUE(sim.run_until([&] { return a.agent.connection_state() == ConnectionState::failed; },
                            std::chrono::seconds(40)));
  EXPECT_GE(sim.clock.now() - lost_at, std::chrono::seconds(30));
  EXPECT_FALSE(a.agent.selected_pair().has_value());
  const std::uint8_t data[] = {23};
  EXPECT_FALSE(a.agent.send(sim.clock.now(), data).has_value());  // §5.1: no consent, no data
}

TEST(Rfc7675_5_1, DisconnectedRecoversWhenPathReturns) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  sim.connect_signaling(a, b);
  ASSERT_TRUE(sim.both_connected(a, b));
  sim.net.set_blackhole(true);
  ASSERT_TRUE(
      sim.run_until([&] { return a.agent.connection_state() == ConnectionState::disconnected; },
                    std::chrono::seconds(15)));
  sim.net.set_blackhole(false);
  ASSERT_TRUE(
      sim.run_until([&] { return a.connected() && b.connected(); }, std::chrono::seconds(5)));
}

// --- Trickle (RFC 8838) ----------------------------------------------------------------------

TEST(Rfc8838_5, ChecksBeforeRemoteCredentialsAreAnsweredAndUsed) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  // A knows B's credentials; B learns A's only later (its answer is slow to arrive).
  a.agent.set_remote_credentials(b.agent.local_ufrag(), b.agent.local_pwd());
  sim.connect_signaling(a, b, /*credentials=*/false);
  sim.run_for(milliseconds(300));
  // B already answered A's checks, learning A as peer-reflexive.
  bool a_valid = false;
  for (const auto& st : a.agent.pair_stats()) a_valid |= st.state == PairState::succeeded;
  EXPECT_TRUE(a_valid);
  b.agent.set_remote_credentials(a.agent.local_ufrag(), a.agent.local_pwd());
  ASSERT_TRUE(sim.both_connected(a, b, std::chrono::seconds(5)));
}

TEST(Rfc8838_11, CandidatesTrickledLate) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  a.trickle = b.trickle = false;
  sim.connect_signaling(a, b);
  sim.run_for(std::chrono::seconds(2));
  EXPECT_EQ(a.agent.connection_state(), ConnectionState::new_);
  for (const auto& c : b.gathered) ASSERT_TRUE(a.agent.add_remote_candidate(sim.clock.now(), c));
  ASSERT_TRUE(sim.both_connected(a, b, std::chrono::seconds(5)));
  // B never received A's candidate: it learned it as peer-reflexive (§7.3.1.3).
  EXPECT_EQ(b.agent.selected_pair()->second.type, CandidateType::peer_reflexive);
}

TEST(Rfc8838_13, AllPairsFailedAfterEndOfCandidatesIsFailed) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  a.agent.set_remote_credentials("zzzz", "zzzz-password-0123456789ab");
  a.agent.add_local_address(sim.clock.now(), a.sockets[0]);
  a.agent.end_of_local_addresses(sim.clock.now());
  Candidate nobody;
  nobody.foundation = "1";
  nobody.priority = 2130706431;
  nobody.address = addr("192.0.2.77:9");
  ASSERT_TRUE(a.agent.add_remote_candidate(sim.clock.now(), nobody));
  a.agent.end_of_remote_candidates(sim.clock.now());
  ASSERT_TRUE(sim.run_until([&] { return a.agent.connection_state() == ConnectionState::failed; },
                            std::chrono::seconds(60)));
  EXPECT_EQ(a.states,
            (std::vector<ConnectionState>{ConnectionState::checking, ConnectionState::failed}));
}

// --- mDNS candidates (RFC 6762, draft-ietf-mmusic-mdns-ice-candidates) -------------------------

Candidate as_mdns(Candidate c, std::string name) {
  c.mdns_name = std::move(name);
  const auto port = c.address.port();
  c.address = SocketAddress();
  c.address.set_port(port);
  return c;
}

TEST(Rfc6762_6_7, MdnsCandidateResolvedByQuery) {
  IceSim sim;
  Peer& a = sim.add_peer(IceSim::config(Role::controlling, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlled, "bbbb"), {addr("192.0.2.2:6000")});
  sim.mdns_names.push_back({"0d5e4f3c-1111-2222-3333-444455556666.local", addr("192.0.2.2:0")});
  b.trickle = false;
  sim.connect_signaling(a, b);
  sim.pump();
  for (const auto& c : b.gathered) {
    ASSERT_TRUE(a.agent.add_remote_candidate(
        sim.clock.now(), as_mdns(c, "0d5e4f3c-1111-2222-3333-444455556666.local")));
  }
  ASSERT_TRUE(sim.both_connected(a, b, std::chrono::seconds(5)));
  EXPECT_GE(sim.mdns_queries, 1u);
  EXPECT_EQ(a.agent.selected_pair()->second.address, addr("192.0.2.2:6000"));
  EXPECT_EQ(a.agent.selected_pair()->second.type, CandidateType::host);
}

TEST(Rfc6762_6_7, UnresolvableMdnsCandidateMatchedByCheck) {
  IceSim sim;
  sim.answer_mdns = false;
  // A is controlled here: B's checks teach A the address behind the name.
  Peer& a = sim.add_peer(IceSim::config(Role::controlled, "aaaa"), {addr("192.0.2.1:5000")});
  Peer& b = sim.add_peer(IceSim::config(Role::controlling, "bbbb"), {addr("192.0.2.2:6000")});
  b.trickle = false;
  sim.connect_signaling(a, b);
  sim.pump();
  for (const auto& c : b.gathered) {
    ASSERT_TRUE(a.agent.add_remote_candidate(sim.clock.now(), as_mdns(c, "abcdef.local")));
  }
  a.agent.end_of_remote_candidates(sim.clock.now());
  ASSERT_TRUE(sim.both_connected(a, b, std::chrono::seconds(10)));
  EXPECT_EQ(a.agent.selected_pair()->second.address, addr("192.0.2.2:6000"));
  sim.run_for(std::chrono::seconds(10));
  EXPECT_TRUE(a.connected());
  EXPECT_FALSE(a.saw(ConnectionState::failed));
}

// --- ice-lite (RFC 8445 §2.5) ------------------------------------------------------------------

TEST(Rfc8445_6_1_1, LiteRemoteMakesUsControlling) {
  SeededRandom random(1);
  AgentConfig cfg = IceSim::config(Role::controlled, "aaaa");
  Agent agent(cfg, random);
  agent.set_remote_lite(true);
  EXPECT_EQ(agent.role(), Role::controlling);
  auto e = agent.poll_event();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(std::get<RoleChanged>(*e).role, Role::controlling);
}

}  // namespace
}  // namespace rtc::ice
