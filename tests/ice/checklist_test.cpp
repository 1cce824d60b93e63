// The checklist of one agent (RFC 8445 §6.1.2, §6.1.4, §7.2), driven by hand: which pairs
// exist, in what order and state, how checks are paced and what they carry.
#include <gtest/gtest.h>

#include "check_helpers.hpp"
#include "internal.hpp"
#include "rtc/stun/integrity.hpp"

namespace rtc::ice {
namespace {

using testing::drain;

SocketAddress addr(std::string_view s) {
  return SocketAddress::parse(s).value();
}

Candidate remote(std::string foundation, CandidateType type, std::string_view address,
                 std::uint32_t priority) {
  Candidate c;
  c.foundation = std::move(foundation);
  c.type = type;
  c.address = addr(address);
  c.priority = priority;
  return c;
}

struct Fixture {
  SeededRandom random{3};
  ManualClock clock;
  Agent agent;
  explicit Fixture(AgentConfig c = config()) : agent(std::move(c), random) {
    agent.add_local_address(clock.now(), addr("192.0.2.1:5000"));
    agent.end_of_local_addresses(clock.now());
    agent.set_remote_credentials("rrrr", "remote-password-0123456789");
  }
  static AgentConfig config() {
    AgentConfig c;
    c.role = Role::controlling;
    c.tiebreaker = 42;
    c.local_ufrag = "llll";
    c.local_pwd = "local-password-0123456789";
    c.ta = milliseconds(20);
    return c;
  }
  // Advances to the agent's next timer and fires it.
  void step() {
    auto t = agent.poll_timeout();
    ASSERT_TRUE(t.has_value());
    if (*t > clock.now()) clock.set(*t);
    agent.handle_timeout(clock.now());
  }
};

const PairStats* stats_for(const std::vector<PairStats>& all, std::string_view remote_address) {
  for (const auto& s : all) {
    if (s.remote.address == addr(remote_address)) return &s;
  }
  return nullptr;
}

TEST(Rfc8445_6_1_2_6, InitialStatesByFoundation) {
  Fixture f;
  const auto now = f.clock.now();
  ASSERT_TRUE(f.agent.add_remote_candidate(
      now, remote("1", CandidateType::host, "192.0.2.2:6000", 2130706431)));
  ASSERT_TRUE(f.agent.add_remote_candidate(
      now, remote("1", CandidateType::host, "192.0.2.3:6000", 2130706175)));
  ASSERT_TRUE(f.agent.add_remote_candidate(
      now, remote("2", CandidateType::server_reflexive, "203.0.113.5:7000", 1694498815)));
  auto stats = f.agent.pair_stats();
  ASSERT_EQ(stats.size(), 3u);
  // The first pair was checked at once (it was Waiting, and nothing had been sent for Ta).
  EXPECT_EQ(stats_for(stats, "192.0.2.2:6000")->state, PairState::in_progress);
  // Same foundation as the first: Frozen. A new foundation: Waiting (§6.1.2.6).
  EXPECT_EQ(stats_for(stats, "192.0.2.3:6000")->state, PairState::frozen);
  EXPECT_EQ(stats_for(stats, "203.0.113.5:7000")->state, PairState::waiting);
  EXPECT_EQ(f.agent.connection_state(), ConnectionState::checking);
}

TEST(Rfc8445_6_1_2_3, PairsOrderedByPairPriority) {
  Fixture f;
  const auto now = f.clock.now();
  ASSERT_TRUE(f.agent.add_remote_candidate(
      now, remote("2", CandidateType::server_reflexive, "203.0.113.5:7000", 1694498815)));
  ASSERT_TRUE(f.agent.add_remote_candidate(
      now, remote("1", CandidateType::host, "192.0.2.2:6000", 2130706431)));
  auto stats = f.agent.pair_stats();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_GT(stats[0].priority, stats[1].priority);
  const std::uint32_t local = f.agent.local_candidates()[0].priority;
  EXPECT_EQ(stats[0].priority, detail::pair_priority(local, 2130706431));  // we are controlling
  EXPECT_EQ(stats[1].priority, detail::pair_priority(local, 1694498815));
}

TEST(Rfc8445_6_1_4_2, ChecksPacedByTaInPriorityOrder) {
  Fixture f;
  const auto t0 = f.clock.now();
  ASSERT_TRUE(f.agent.add_remote_candidate(
      t0, remote("1", CandidateType::host, "192.0.2.2:6000", 2130706431)));
  ASSERT_TRUE(f.agent.add_remote_candidate(
      t0, remote("1", CandidateType::host, "192.0.2.3:6000", 2130706175)));
  ASSERT_TRUE(f.agent.add_remote_candidate(
      t0, remote("2", CandidateType::server_reflexive, "203.0.113.5:7000", 1694498815)));
  std::vector<std::pair<Timestamp, SocketAddress>> sent;
  for (auto& t : drain(f.agent)) sent.emplace_back(f.clock.now(), t.destination);
  while (sent.size() < 3) {
    f.step();
    for (auto& t : drain(f.agent)) sent.emplace_back(f.clock.now(), t.destination);
  }
  // Waiting pairs first in priority order, then the Frozen one (§6.1.4.2); Ta apart.
  EXPECT_EQ(sent[0].second, addr("192.0.2.2:6000"));
  EXPECT_EQ(sent[1].second, addr("203.0.113.5:7000"));
  EXPECT_EQ(sent[2].second, addr("192.0.2.3:6000"));
  EXPECT_EQ(sent[1].first - sent[0].first, milliseconds(20));
  EXPECT_EQ(sent[2].first - sent[1].first, milliseconds(20));
}

TEST(Rfc8445_7_2_2, CheckCarriesIceAttributes) {
  Fixture f;
  ASSERT_TRUE(f.agent.add_remote_candidate(
      f.clock.now(), remote("1", CandidateType::host, "192.0.2.2:6000", 2130706431)));
  auto out = drain(f.agent);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].socket, addr("192.0.2.1:5000"));
  auto m = stun::MessageView::parse(out[0].data).value();
  EXPECT_TRUE(m.is_request());
  EXPECT_EQ(m.username().value(), "rrrr:llll");
  EXPECT_EQ(m.priority().value(),
            compute_priority(110, local_preference(AddressFamily::ipv4, 0), 1));
  EXPECT_EQ(m.ice_controlling().value(), 42u);
  EXPECT_FALSE(m.has(stun::AttributeType::ice_controlled));
  EXPECT_FALSE(m.use_candidate());
  auto keys = stun::IntegrityKeys::short_term("remote-password-0123456789").value();
  EXPECT_TRUE(stun::verify_message_integrity(m, keys.sha1()).has_value());
  EXPECT_TRUE(stun::verify_fingerprint(m).has_value());
}

TEST(Rfc8445_7_2_5_3_3, SuccessUnfreezesFoundationThenNominates) {
  Fixture f;
  const auto now = f.clock.now();
  ASSERT_TRUE(f.agent.add_remote_candidate(
      now, remote("1", CandidateType::host, "192.0.2.2:6000", 2130706431)));
  ASSERT_TRUE(f.agent.add_remote_candidate(
      now, remote("1", CandidateType::host, "192.0.2.3:6000", 2130706175)));
  auto first = drain(f.agent);
  ASSERT_EQ(first.size(), 1u);
  f.clock.advance(milliseconds(3));
  auto response =
      testing::make_success(first[0].data, addr("192.0.2.1:5000"), "remote-password-0123456789");
  EXPECT_FALSE(f.agent.handle_receive(f.clock.now(), addr("192.0.2.1:5000"), addr("192.0.2.2:6000"),
                                      response));
  auto stats = f.agent.pair_stats();
  EXPECT_EQ(stats_for(stats, "192.0.2.2:6000")->state, PairState::succeeded);
  EXPECT_EQ(stats_for(stats, "192.0.2.2:6000")->current_rtt, milliseconds(3));
  EXPECT_EQ(stats_for(stats, "192.0.2.3:6000")->state, PairState::waiting);  // unfrozen

  // The best pair is valid and nothing better is pending: nominate it (§8.1.1) at the next Ta.
  std::optional<Transmit> nomination;
  for (int i = 0; i < 5 && !nomination; ++i) {
    f.step();
    for (auto& t : drain(f.agent)) {
      auto m = stun::MessageView::parse(t.data).value();
      if (m.use_candidate()) nomination = std::move(t);
    }
  }
  ASSERT_TRUE(nomination.has_value());
  EXPECT_EQ(nomination->destination, addr("192.0.2.2:6000"));
  auto ok =
      testing::make_success(nomination->data, addr("192.0.2.1:5000"), "remote-password-0123456789");
  (void)f.agent.handle_receive(f.clock.now(), addr("192.0.2.1:5000"), addr("192.0.2.2:6000"), ok);
  ASSERT_TRUE(f.agent.selected_pair().has_value());
  EXPECT_EQ(f.agent.selected_pair()->second.address, addr("192.0.2.2:6000"));
  EXPECT_EQ(f.agent.connection_state(), ConnectionState::connected);
  bool saw_selected = false;
  for (auto& e : testing::drain_events(f.agent))
    saw_selected |= std::holds_alternative<SelectedPairChanged>(e);
  EXPECT_TRUE(saw_selected);
}

TEST(Rfc8445_7_2_5_2_1, NonSymmetricResponseFailsThePair) {
  Fixture f;
  ASSERT_TRUE(f.agent.add_remote_candidate(
      f.clock.now(), remote("1", CandidateType::host, "192.0.2.2:6000", 2130706431)));
  auto out = drain(f.agent);
  ASSERT_EQ(out.size(), 1u);
  auto response =
      testing::make_success(out[0].data, addr("192.0.2.1:5000"), "remote-password-0123456789");
  (void)f.agent.handle_receive(f.clock.now(), addr("192.0.2.1:5000"), addr("192.0.2.99:6000"),
                               response);
  EXPECT_EQ(f.agent.pair_stats()[0].state, PairState::failed);
}

TEST(Rfc8445_7_2_5_3_1, MappedAddressBecomesPeerReflexiveLocal) {
  Fixture f;
  ASSERT_TRUE(f.agent.add_remote_candidate(
      f.clock.now(), remote("1", CandidateType::host, "192.0.2.2:6000", 2130706431)));
  auto out = drain(f.agent);
  auto response =
      testing::make_success(out[0].data, addr("203.0.113.50:41000"), "remote-password-0123456789");
  (void)f.agent.handle_receive(f.clock.now(), addr("192.0.2.1:5000"), addr("192.0.2.2:6000"),
                               response);
  auto stats = f.agent.pair_stats();
  EXPECT_EQ(stats[0].state, PairState::succeeded);
  EXPECT_EQ(stats[0].local.type, CandidateType::peer_reflexive);
  EXPECT_EQ(stats[0].local.address, addr("203.0.113.50:41000"));
  EXPECT_EQ(stats[0].local.priority,
            compute_priority(110, local_preference(AddressFamily::ipv4, 0), 1));
  // Not signaled: local_candidates() lists what the peer should hear about.
  EXPECT_EQ(f.agent.local_candidates().size(), 1u);
}

TEST(Rfc8445_7_2_5_1, RoleConflictResponseSwitchesRoleAndRetries) {
  Fixture f;
  ASSERT_TRUE(f.agent.add_remote_candidate(
      f.clock.now(), remote("1", CandidateType::host, "192.0.2.2:6000", 2130706431)));
  auto out = drain(f.agent);
  auto error = testing::make_error(out[0].data, 487, "remote-password-0123456789");
  (void)f.agent.handle_receive(f.clock.now(), addr("192.0.2.1:5000"), addr("192.0.2.2:6000"),
                               error);
  EXPECT_EQ(f.agent.role(), Role::controlled);
  // The pair is checked again, now claiming ICE-CONTROLLED.
  std::optional<Transmit> retry;
  for (int i = 0; i < 3 && !retry; ++i) {
    f.step();
    for (auto& t : drain(f.agent)) retry = std::move(t);
  }
  ASSERT_TRUE(retry.has_value());
  auto m = stun::MessageView::parse(retry->data).value();
  EXPECT_TRUE(m.has(stun::AttributeType::ice_controlled));
}

TEST(Rfc8445_6_1_2_5, PairTableIsBounded) {
  AgentConfig c = Fixture::config();
  c.max_pairs = 5;
  Fixture f(c);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(f.agent.add_remote_candidate(
        f.clock.now(), remote(std::to_string(i), CandidateType::host,
                              "192.0.2." + std::to_string(10 + i) + ":6000",
                              static_cast<std::uint32_t>(2130706431 - 256 * 20 + 256 * i))));
  }
  auto stats = f.agent.pair_stats();
  EXPECT_LE(stats.size(), 5u);
  // The best ones survive (the last added had the highest priorities).
  EXPECT_EQ(stats[0].remote.address, addr("192.0.2.29:6000"));
}

}  // namespace
}  // namespace rtc::ice
