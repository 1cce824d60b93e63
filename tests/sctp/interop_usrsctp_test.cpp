// Interop against a real SCTP implementation: Debian's libusrsctp (the stack inside Firefox
// and, until 2022, Chromium), linked into this test only. usrsctp runs without threads
// (usrsctp_init_nothreads) over AF_CONN, so the two stacks exchange packets through memory in
// virtual time, deterministically. This checks the wire format and the handshake, data,
// SACK, FORWARD TSN, RE-CONFIG and SHUTDOWN logic against an independent implementation.
#include <gtest/gtest.h>

#if defined(RTC_HAVE_USRSCTP)

#include <arpa/inet.h>
#include <usrsctp.h>

#include <cstring>
#include <deque>

#include "sctp_test_util.hpp"

namespace rtc::sctp {
namespace {

using namespace std::chrono_literals;
using testing::digest_hex;
using testing::make_message;

std::deque<Bytes>* g_to_us = nullptr;  // packets usrsctp wants to send (to our association)
bool g_drop_next_to_peer = false;

int conn_output(void*, void* buffer, size_t length, uint8_t, uint8_t) {
  if (g_to_us != nullptr) {
    auto* p = static_cast<const std::uint8_t*>(buffer);
    g_to_us->emplace_back(p, p + length);
  }
  return 0;
}

class UsrsctpInterop : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    usrsctp_init_nothreads(0, conn_output, nullptr);
    usrsctp_sysctl_set_sctp_ecn_enable(0);
    usrsctp_sysctl_set_sctp_pr_enable(1);
    usrsctp_sysctl_set_sctp_reconfig_enable(1);
  }
  static void TearDownTestSuite() {
    // usrsctp_finish() may fail while sockets wind down; it is best-effort here.
    for (int i = 0; i < 100 && usrsctp_finish() != 0; ++i) usrsctp_handle_timers(1000);
  }

  void SetUp() override {
    g_to_us = &to_us;
    usrsctp_register_address(this);
    sock = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr, nullptr, 0, nullptr);
    ASSERT_NE(sock, nullptr);
    usrsctp_set_non_blocking(sock, 1);
    const int on = 1;
    usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof(on));
    usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof(on));
    struct sctp_assoc_value av{};
    av.assoc_id = SCTP_ALL_ASSOC;
    av.assoc_value = SCTP_ENABLE_RESET_STREAM_REQ | SCTP_ENABLE_CHANGE_ASSOC_REQ;
    usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, &av, sizeof(av));
    struct sctp_initmsg init{};
    init.sinit_num_ostreams = 1024;
    init.sinit_max_instreams = 1024;
    usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof(init));
    struct sockaddr_conn local{};
    local.sconn_family = AF_CONN;
    local.sconn_port = htons(5000);
    local.sconn_addr = this;
    ASSERT_EQ(usrsctp_bind(sock, reinterpret_cast<struct sockaddr*>(&local), sizeof(local)), 0);

    AssociationConfig c = testing::AssociationPair::fast_config();
    ours = std::make_unique<Association>(c, random);
  }
  void TearDown() override {
    if (sock != nullptr) usrsctp_close(sock);
    for (int i = 0; i < 20; ++i) step(200ms);
    usrsctp_deregister_address(this);
    g_to_us = nullptr;
  }

  void connect_both() {
    struct sockaddr_conn remote{};
    remote.sconn_family = AF_CONN;
    remote.sconn_port = htons(5000);
    remote.sconn_addr = this;
    ours->connect(clock.now());  // both initiate: WebRTC's simultaneous open
    const int rc =
        usrsctp_connect(sock, reinterpret_cast<struct sockaddr*>(&remote), sizeof(remote));
    ASSERT_TRUE(rc == 0 || errno == EINPROGRESS) << errno;
  }

  // Exchanges packets until both sides are quiet, then advances virtual time by `advance`.
  void step(Duration advance = 10ms) {
    for (int round = 0; round < 1000; ++round) {
      bool moved = false;
      while (auto p = ours->poll_transmit(clock.now())) {
        moved = true;
        ++packets_to_peer;
        if (g_drop_next_to_peer) {
          g_drop_next_to_peer = false;
          continue;
        }
        usrsctp_conninput(this, p->data(), p->size(), 0);
      }
      while (!to_us.empty()) {
        Bytes p = std::move(to_us.front());
        to_us.pop_front();
        ours->handle_receive(clock.now(), p);
        moved = true;
      }
      while (auto e = ours->poll_event()) {
        if (std::holds_alternative<event::Connected>(*e)) connected = true;
        if (auto* m = std::get_if<event::Message>(&*e)) received.push_back(std::move(*m));
        if (auto* c = std::get_if<event::Closed>(&*e)) closed = *c;
        if (auto* r = std::get_if<event::OutgoingStreamsReset>(&*e)) reset_done = r->success;
      }
      read_peer();
      if (!moved) break;
    }
    clock.advance(advance);
    ours->handle_timeout(clock.now());
    usrsctp_handle_timers(static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(advance).count()));
  }

  // Drains whole messages from the usrsctp socket.
  void read_peer() {
    for (;;) {
      std::uint8_t buf[64 * 1024];
      struct sctp_rcvinfo info{};
      socklen_t infolen = sizeof(info);
      unsigned int infotype = 0;
      int flags = 0;
      struct sockaddr_conn from{};
      socklen_t fromlen = sizeof(from);
      const ssize_t n =
          usrsctp_recvv(sock, buf, sizeof(buf), reinterpret_cast<struct sockaddr*>(&from), &fromlen,
                        &info, &infolen, &infotype, &flags);
      if (n <= 0) return;
      if (flags & MSG_NOTIFICATION) continue;
      partial.insert(partial.end(), buf, buf + n);
      if (flags & MSG_EOR) {
        peer_received.push_back({info.rcv_sid, ntohl(info.rcv_ppid),
                                 (info.rcv_flags & SCTP_UNORDERED) != 0, std::move(partial)});
        partial.clear();
      }
    }
  }

  bool peer_send(std::uint16_t sid, std::uint32_t ppid, BytesView data, bool unordered = false) {
    struct sctp_sndinfo snd{};
    snd.snd_sid = sid;
    snd.snd_ppid = htonl(ppid);
    snd.snd_flags = unordered ? SCTP_UNORDERED : 0;
    const ssize_t n = usrsctp_sendv(sock, data.data(), data.size(), nullptr, 0, &snd, sizeof(snd),
                                    SCTP_SENDV_SNDINFO, 0);
    return n == static_cast<ssize_t>(data.size());
  }

  bool run_until(const std::function<bool()>& done, int max_steps = 3000) {
    for (int i = 0; i < max_steps && !done(); ++i) step();
    return done();
  }

  ManualClock clock;
  SeededRandom random{2024};
  std::unique_ptr<Association> ours;
  struct socket* sock = nullptr;
  std::deque<Bytes> to_us;
  std::vector<event::Message> received;
  std::vector<event::Message> peer_received;
  Bytes partial;
  bool connected = false;
  bool reset_done = false;
  std::optional<event::Closed> closed;
  int packets_to_peer = 0;
};

TEST_F(UsrsctpInterop, SimultaneousOpenAndMessagesBothWays) {
  connect_both();
  ASSERT_TRUE(run_until([&] { return connected; }));
  EXPECT_TRUE(ours->peer_supports_partial_reliability());
  EXPECT_TRUE(ours->peer_supports_reconfig());
  // usrsctp -> us: small and 100 KiB (fragmented by usrsctp, reassembled by us).
  const Bytes big = make_message(3, 1, 100 * 1024);
  ASSERT_TRUE(peer_send(1, 51, as_bytes("hello from usrsctp")));
  for (int i = 0; i < 20 && !peer_send(3, 53, big); ++i) step();
  ASSERT_TRUE(run_until([&] { return received.size() == 2; }));
  EXPECT_EQ(as_string_view(received[0].data), "hello from usrsctp");
  EXPECT_EQ(received[0].ppid, 51u);
  EXPECT_EQ(received[1].stream_id, 3);
  EXPECT_EQ(digest_hex(received[1].data), digest_hex(big));
  // us -> usrsctp: ordered, unordered, and 256 KiB fragmented by us.
  ASSERT_TRUE(ours->send(clock.now(), 2, 51, as_bytes("hello from rtc")));
  SendOptions u;
  u.unordered = true;
  ASSERT_TRUE(ours->send(clock.now(), 4, 53, make_message(4, 0, 3000), u));
  const Bytes huge = make_message(6, 2, 256 * 1024);
  ASSERT_TRUE(ours->send(clock.now(), 6, 53, huge));
  ASSERT_TRUE(run_until([&] { return peer_received.size() == 3; }));
  EXPECT_EQ(as_string_view(peer_received[0].data), "hello from rtc");
  EXPECT_EQ(peer_received[0].ppid, 51u);
  EXPECT_TRUE(peer_received[1].unordered);
  EXPECT_EQ(peer_received[2].stream_id, 6);
  EXPECT_EQ(digest_hex(peer_received[2].data), digest_hex(huge));
}

TEST_F(UsrsctpInterop, ForwardTsnAcceptedByUsrsctp) {
  connect_both();
  ASSERT_TRUE(run_until([&] { return connected; }));
  SendOptions pr;
  pr.max_retransmits = 0;
  ASSERT_TRUE(ours->send(clock.now(), 1, 53, make_message(1, 0, 500), pr));
  g_drop_next_to_peer = true;  // the first message is lost and abandoned
  step(0ms);
  for (std::uint32_t i = 1; i <= 5; ++i)
    ASSERT_TRUE(ours->send(clock.now(), 1, 53, make_message(1, i, 500), pr));
  // usrsctp can deliver the later ordered messages only after our FORWARD TSN skips SSN 0.
  ASSERT_TRUE(run_until([&] { return peer_received.size() == 5; }));
  EXPECT_EQ(digest_hex(peer_received[0].data), digest_hex(make_message(1, 1, 500)));
  EXPECT_GE(ours->stats().forward_tsns_sent, 1u);
  EXPECT_EQ(ours->outstanding_chunks(), 0u);
}

TEST_F(UsrsctpInterop, OutgoingStreamResetAnsweredByUsrsctp) {
  connect_both();
  ASSERT_TRUE(run_until([&] { return connected; }));
  ASSERT_TRUE(ours->send(clock.now(), 8, 51, as_bytes("before reset")));
  ASSERT_TRUE(ours->reset_streams(clock.now(), {8}));
  ASSERT_TRUE(run_until([&] { return reset_done; }));
  ASSERT_TRUE(ours->send(clock.now(), 8, 51, as_bytes("after reset")));
  ASSERT_TRUE(run_until([&] { return peer_received.size() == 2; }));
  EXPECT_EQ(as_string_view(peer_received[1].data), "after reset");
}

TEST_F(UsrsctpInterop, GracefulShutdownWithUsrsctp) {
  connect_both();
  ASSERT_TRUE(run_until([&] { return connected; }));
  ASSERT_TRUE(ours->send(clock.now(), 0, 51, as_bytes("last words")));
  ours->shutdown(clock.now());
  ASSERT_TRUE(run_until([&] { return closed.has_value(); }));
  EXPECT_FALSE(closed->aborted) << closed->reason;
  ASSERT_EQ(peer_received.size(), 1u);
}

}  // namespace
}  // namespace rtc::sctp

#else
TEST(UsrsctpInterop, SkippedWithoutLibusrsctp) {
  GTEST_SKIP() << "libusrsctp-dev not installed";
}
#endif
