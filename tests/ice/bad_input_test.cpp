// Bad input (issue 4): wrong credentials, unknown ufrag, unknown addresses, after close,
// floods, garbage. Everything is ignored or answered as RFC 8489 §9.1.3 / RFC 8445 §7.3 say,
// and nothing grows without bound.
#include <gtest/gtest.h>

#include "check_helpers.hpp"
#include "rtc/stun/integrity.hpp"

namespace rtc::ice {
namespace {

using testing::CheckSpec;
using testing::drain;
using testing::make_check;

SocketAddress addr(std::string_view s) {
  return SocketAddress::parse(s).value();
}

const SocketAddress kLocal = SocketAddress::ipv4({192, 0, 2, 1}, 5000);
const SocketAddress kRemote = SocketAddress::ipv4({192, 0, 2, 2}, 6000);

struct Fixture {
  SeededRandom random{5};
  ManualClock clock;
  Agent agent;
  explicit Fixture(AgentConfig c = config()) : agent(std::move(c), random) {
    agent.add_local_address(clock.now(), kLocal);
    agent.end_of_local_addresses(clock.now());
    agent.set_remote_credentials("rrrr", "remote-password-0123456789");
    while (agent.poll_event()) {
    }
  }
  static AgentConfig config() {
    AgentConfig c;
    c.role = Role::controlled;
    c.tiebreaker = 1000;
    c.local_ufrag = "llll";
    c.local_pwd = "local-password-0123456789";
    return c;
  }
  CheckSpec good() const {
    CheckSpec s;
    s.username = "llll:rrrr";
    s.password = "local-password-0123456789";
    s.controlling = 77;
    return s;
  }
  std::optional<stun::ErrorCode> answer_code(const Bytes& check, Bytes& storage,
                                             const SocketAddress& from = kRemote) {
    EXPECT_FALSE(agent.handle_receive(clock.now(), kLocal, from, check).has_value());
    auto out = drain(agent);
    for (auto& t : out) {
      if (t.destination != from) continue;
      storage = t.data;
      auto m = stun::MessageView::parse(storage).value();
      if (m.is_error_response()) return m.error_code().value();
      if (m.is_success_response()) return stun::ErrorCode{0, {}};
    }
    return std::nullopt;
  }
};

TEST(Rfc8445_7_3, AuthenticCheckIsAnsweredWithXorMappedAddress) {
  Fixture f;
  Bytes check = make_check(f.good());
  ASSERT_FALSE(f.agent.handle_receive(f.clock.now(), kLocal, kRemote, check).has_value());
  auto out = drain(f.agent);
  ASSERT_GE(out.size(), 1u);
  EXPECT_EQ(out[0].socket, kLocal);
  EXPECT_EQ(out[0].destination, kRemote);
  auto m = stun::MessageView::parse(out[0].data).value();
  ASSERT_TRUE(m.is_success_response());
  EXPECT_EQ(m.xor_mapped_address().value(), kRemote);
  auto keys = stun::IntegrityKeys::short_term("local-password-0123456789").value();
  EXPECT_TRUE(stun::verify_message_integrity(m, keys.sha1()).has_value());
  EXPECT_TRUE(stun::verify_fingerprint(m).has_value());
  // The source became a peer-reflexive remote candidate (§7.3.1.3).
  ASSERT_EQ(f.agent.remote_candidates().size(), 1u);
  EXPECT_EQ(f.agent.remote_candidates()[0].type, CandidateType::peer_reflexive);
  EXPECT_EQ(f.agent.remote_candidates()[0].priority, 1853824767u);
}

TEST(Rfc8489_9_1_3, WrongPasswordGets401WithoutIntegrity) {
  Fixture f;
  auto spec = f.good();
  spec.password = "not-the-password-012345";
  Bytes storage;
  auto code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 401);
  EXPECT_FALSE(stun::MessageView::parse(storage)->message_integrity().has_value());
  EXPECT_TRUE(f.agent.remote_candidates().empty());
  EXPECT_TRUE(f.agent.pair_stats().empty());
}

TEST(Rfc8489_9_1_3, UnknownUfragGets401) {
  Fixture f;
  auto spec = f.good();
  spec.username = "zzzz:rrrr";
  Bytes storage;
  auto code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 401);
  EXPECT_TRUE(f.agent.remote_candidates().empty());
}

TEST(Rfc8489_9_1_3, MissingUsernameOrIntegrityGets400) {
  Fixture f;
  auto spec = f.good();
  spec.username.clear();
  Bytes storage;
  auto code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 400);
  spec = f.good();
  spec.sign = false;
  code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 400);
}

TEST(Rfc8489_7_3_1, UnknownComprehensionRequiredAttributeGets420) {
  Fixture f;
  auto spec = f.good();
  spec.unknown_required = true;
  Bytes storage;
  auto code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 420);
}

TEST(Rfc8445_7_3, ChromiumGoogNetworkInfoIsIgnored) {
  Fixture f;
  auto spec = f.good();
  spec.goog_network_info = true;
  Bytes storage;
  auto code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 0);  // success
}

TEST(Rfc8445_7_3, RealChromiumCheckIsAnswered) {
  // A check captured from headless Chromium (tests/stun/data/capture.sh): configure the agent
  // with the ufrag and password the capture used, and it must answer with success.
  const std::string dir = std::string(RTC_TEST_DATA_DIR) + "/stun/data/";
  Bytes check = testing::read_file(dir + "chromium_binding_request_controlling.bin");
  Bytes pwd = testing::read_file(dir + "chromium_binding_request_controlling.txt");
  ASSERT_FALSE(check.empty());
  std::string password(pwd.begin(), pwd.end());
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r'))
    password.pop_back();
  auto view = stun::MessageView::parse(check).value();
  const std::string username(view.username().value());
  AgentConfig c = Fixture::config();
  c.local_ufrag = username.substr(0, username.find(':'));
  c.local_pwd = password;
  SeededRandom random(1);
  ManualClock clock;
  Agent agent(c, random);
  agent.add_local_address(clock.now(), kLocal);
  (void)agent.handle_receive(clock.now(), kLocal, kRemote, check);
  auto out = drain(agent);
  ASSERT_GE(out.size(), 1u);
  auto m = stun::MessageView::parse(out[0].data).value();
  EXPECT_TRUE(m.is_success_response());
  EXPECT_TRUE(view.has(stun::AttributeType::ice_controlling));
}

TEST(Rfc8445_7_3_1_1, ControllingConflictLargerTiebreakerGets487) {
  AgentConfig c = Fixture::config();
  c.role = Role::controlling;
  c.tiebreaker = 1000;
  Fixture f(c);
  auto spec = f.good();
  spec.controlling = 10;  // ours is larger: the remote must switch (487)
  Bytes storage;
  auto code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 487);
  EXPECT_EQ(f.agent.role(), Role::controlling);
  spec.controlling = 5000;  // theirs is larger: we switch and answer
  spec.id_seed = 9;
  code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 0);
  EXPECT_EQ(f.agent.role(), Role::controlled);
}

TEST(Rfc8445_7_3_1_1, ControlledConflict) {
  Fixture f;  // controlled, tiebreaker 1000
  auto spec = f.good();
  spec.controlling.reset();
  spec.controlled = 5000;  // theirs larger: 487, we stay controlled
  Bytes storage;
  auto code = f.answer_code(make_check(spec), storage);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->code, 487);
  EXPECT_EQ(f.agent.role(), Role::controlled);
  spec.controlled = 10;  // ours larger: we become controlling
  spec.id_seed = 3;
  code = f.answer_code(make_check(spec), storage);
  EXPECT_EQ(code->code, 0);
  EXPECT_EQ(f.agent.role(), Role::controlling);
}

TEST(Rfc8445_7_3_1_5, ControlledAgentHonoursAggressiveNomination) {
  Fixture f;
  auto spec = f.good();
  spec.use_candidate = true;
  Bytes check = make_check(spec);
  (void)f.agent.handle_receive(f.clock.now(), kLocal, kRemote, check);
  // Answered; a triggered check goes back; once it succeeds the nominated pair is selected.
  auto out = drain(f.agent);
  std::optional<Transmit> triggered;
  for (auto& t : out) {
    auto m = stun::MessageView::parse(t.data).value();
    if (m.is_request()) triggered = t;
  }
  ASSERT_TRUE(triggered.has_value());
  auto ok = testing::make_success(triggered->data, kLocal, "remote-password-0123456789");
  (void)f.agent.handle_receive(f.clock.now(), kLocal, kRemote, ok);
  ASSERT_TRUE(f.agent.selected_pair().has_value());
  EXPECT_EQ(f.agent.selected_pair()->second.address, kRemote);
  EXPECT_EQ(f.agent.connection_state(), ConnectionState::connected);
}

TEST(Rfc8445_BadInput, ApplicationDataOnlyFromKnownRemotes) {
  Fixture f;
  const std::uint8_t dtls[] = {22, 254, 253, 0, 0};
  EXPECT_FALSE(f.agent.handle_receive(f.clock.now(), kLocal, kRemote, dtls).has_value());
  ASSERT_TRUE(f.agent.add_remote_candidate(f.clock.now(), [] {
    Candidate c;
    c.foundation = "1";
    c.priority = 2130706431;
    c.address = kRemote;
    return c;
  }()));
  auto got = f.agent.handle_receive(f.clock.now(), kLocal, kRemote, dtls);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->size(), sizeof dtls);
  EXPECT_EQ(got->data(), dtls);  // a view into the datagram, no copy
  // Unknown source, unknown local socket: dropped.
  EXPECT_FALSE(
      f.agent.handle_receive(f.clock.now(), kLocal, addr("192.0.2.66:1"), dtls).has_value());
  EXPECT_FALSE(
      f.agent.handle_receive(f.clock.now(), addr("192.0.2.1:5001"), kRemote, dtls).has_value());
}

TEST(Rfc8445_BadInput, NothingAfterClose) {
  Fixture f;
  f.agent.close(f.clock.now());
  EXPECT_EQ(f.agent.connection_state(), ConnectionState::closed);
  Bytes check = make_check(f.good());
  EXPECT_FALSE(f.agent.handle_receive(f.clock.now(), kLocal, kRemote, check).has_value());
  EXPECT_FALSE(f.agent.poll_transmit().has_value());
  EXPECT_FALSE(f.agent.poll_timeout().has_value());
  Candidate c;
  c.address = kRemote;
  EXPECT_FALSE(f.agent.add_remote_candidate(f.clock.now(), c).has_value());
  const std::uint8_t data[] = {23};
  EXPECT_FALSE(f.agent.send(f.clock.now(), data).has_value());
  f.agent.handle_timeout(f.clock.now() + std::chrono::seconds(100));
  EXPECT_FALSE(f.agent.poll_transmit().has_value());
}

TEST(Rfc8445_BadInput, AuthenticFloodFromManyAddressesIsBounded) {
  AgentConfig c = Fixture::config();
  c.max_remote_candidates = 20;
  c.max_pairs = 30;
  c.max_triggered_checks = 10;
  Fixture f(c);
  std::size_t answers = 0;
  for (int i = 0; i < 5000; ++i) {
    auto spec = f.good();
    spec.id_seed = static_cast<std::uint8_t>(i);
    Bytes check = make_check(spec);
    const auto from = SocketAddress::ipv4(
        {198, 51, static_cast<std::uint8_t>(i / 250), static_cast<std::uint8_t>(i % 250)},
        static_cast<std::uint16_t>(1000 + i));
    (void)f.agent.handle_receive(f.clock.now(), kLocal, from, check);
    for (auto& t : drain(f.agent)) answers += stun::MessageView::parse(t.data)->is_response();
  }
  EXPECT_EQ(answers, 5000u);  // every authentic check is answered (§7.3) ...
  EXPECT_LE(f.agent.remote_candidates().size(), 20u);  // ... but not every source is learned
  EXPECT_LE(f.agent.pair_stats().size(), 30u);
  // Checks stay paced: one per Ta, however many were triggered.
  f.clock.advance(c.ta);
  f.agent.handle_timeout(f.clock.now());
  std::size_t requests = 0;
  for (auto& t : drain(f.agent)) requests += stun::MessageView::parse(t.data)->is_request();
  EXPECT_LE(requests, 1u);
}

TEST(Rfc8445_BadInput, UnauthenticatedFloodCreatesNoState) {
  Fixture f;
  SeededRandom junk(9);
  for (int i = 0; i < 20000; ++i) {
    Bytes d(static_cast<std::size_t>(junk.uniform(120)));
    junk.fill(d);
    if (!d.empty() && i % 2 == 0) d[0] &= 0x03;  // half of them look like STUN
    const auto from = SocketAddress::ipv4({203, 0, 113, static_cast<std::uint8_t>(i)}, 7);
    (void)f.agent.handle_receive(f.clock.now(), kLocal, from, d);
    drain(f.agent);
  }
  auto spec = f.good();
  spec.password = "wrong-password-0123456789";
  for (int i = 0; i < 1000; ++i) {
    spec.id_seed = static_cast<std::uint8_t>(i);
    Bytes check = make_check(spec);
    (void)f.agent.handle_receive(
        f.clock.now(), kLocal,
        SocketAddress::ipv4({203, 0, 113, 1}, static_cast<std::uint16_t>(i + 1)), check);
    drain(f.agent);
  }
  EXPECT_TRUE(f.agent.remote_candidates().empty());
  EXPECT_TRUE(f.agent.pair_stats().empty());
  EXPECT_EQ(f.agent.connection_state(), ConnectionState::new_);
}

TEST(Rfc8445_BadInput, RemoteCandidateTableIsBounded) {
  AgentConfig c = Fixture::config();
  c.max_remote_candidates = 8;
  Fixture f(c);
  std::size_t accepted = 0;
  for (int i = 0; i < 50; ++i) {
    Candidate cand;
    cand.foundation = "1";
    cand.priority = 100;
    cand.address = SocketAddress::ipv4({192, 0, 2, static_cast<std::uint8_t>(10 + i)}, 9);
    accepted += f.agent.add_remote_candidate(f.clock.now(), cand).has_value();
  }
  EXPECT_EQ(accepted, 8u);
  EXPECT_EQ(f.agent.remote_candidates().size(), 8u);
  Candidate other_component;
  other_component.component = 2;
  other_component.address = kRemote;
  EXPECT_TRUE(f.agent.add_remote_candidate(f.clock.now(), other_component).has_value());  // ignored
  EXPECT_EQ(f.agent.remote_candidates().size(), 8u);
}

}  // namespace
}  // namespace rtc::ice
