// Two agents on real UDP sockets on 127.0.0.1 (the sockets live in the test; the agents only
// see addresses and bytes).
#include <gtest/gtest.h>

#include "udp_loopback.hpp"

namespace rtc::ice {
namespace {

TEST(Rfc8445_Loopback, TwoAgentsOnRealSocketsConnectAndExchangeData) {
  testing::UdpSocket sa, sb;
  ASSERT_TRUE(sa.ok() && sb.ok());
  SecureRandom random;
  AgentConfig ca, cb;
  ca.role = Role::controlling;
  cb.role = Role::controlled;
  ca.ta = cb.ta = milliseconds(5);
  Agent a(ca, random), b(cb, random);
  const Timestamp now = now_steady();
  a.set_remote_credentials(b.local_ufrag(), b.local_pwd());
  b.set_remote_credentials(a.local_ufrag(), a.local_pwd());
  a.add_local_address(now, sa.address());
  b.add_local_address(now, sb.address());
  a.end_of_local_addresses(now);
  b.end_of_local_addresses(now);

  std::vector<Bytes> a_got, b_got;
  auto peer = [](Agent& self, Agent& other, testing::UdpSocket& s, std::vector<Bytes>& got) {
    testing::LoopbackPeer p;
    p.agent = &self;
    p.socket = &s;
    p.on_event = [&other](const Event& e) {
      if (auto* c = std::get_if<LocalCandidate>(&e)) {
        (void)other.add_remote_candidate(now_steady(), c->candidate);
      }
    };
    p.on_data = [&got](BytesView d) { got.emplace_back(d.begin(), d.end()); };
    return p;
  };
  std::vector<testing::LoopbackPeer> peers{peer(a, b, sa, a_got), peer(b, a, sb, b_got)};
  ASSERT_TRUE(testing::drive(
      peers, [&] { return a.selected_pair() && b.selected_pair(); }, std::chrono::seconds(5)));
  EXPECT_EQ(a.selected_pair()->second.address, sb.address());
  EXPECT_EQ(b.selected_pair()->second.address, sa.address());

  const std::uint8_t msg[] = {22, 254, 253, 0};  // a DTLS-looking first byte
  ASSERT_TRUE(a.send(now_steady(), msg).has_value());
  ASSERT_TRUE(b.send(now_steady(), msg).has_value());
  ASSERT_TRUE(testing::drive(
      peers, [&] { return !a_got.empty() && !b_got.empty(); }, std::chrono::seconds(2)));
  EXPECT_EQ(a_got[0], Bytes(std::begin(msg), std::end(msg)));
  EXPECT_EQ(b.connection_state(), ConnectionState::connected);
}

}  // namespace
}  // namespace rtc::ice
