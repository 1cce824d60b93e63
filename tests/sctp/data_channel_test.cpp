// Data channels: DCEP (RFC 8832) and the data-channel rules of RFC 8831, over two managers in
// the simulated network.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "rtc/sctp/data_channel.hpp"
#include "sctp_test_util.hpp"

namespace rtc::sctp {
namespace {

using namespace std::chrono_literals;
using testing::AssociationPair;
using testing::digest_hex;
using testing::make_message;

struct Peer {
  std::unique_ptr<SeededRandom> random;
  std::unique_ptr<DataChannelManager> dc;
  sim::NodeId id = 0, peer = 0;
  std::vector<ChannelEvent> events;
  std::vector<channel_event::Message> messages;
  std::set<std::uint16_t> open, remote_open, closed;
  int low_events = 0;
  bool transport_up = false;
  std::optional<channel_event::TransportClosed> transport_closed;
  void drain() {
    while (auto e = dc->poll_event()) {
      if (auto* m = std::get_if<channel_event::Message>(&*e)) {
        messages.push_back(std::move(*m));
        continue;
      }
      if (auto* o = std::get_if<channel_event::Open>(&*e))
        (o->remote ? remote_open : open).insert(o->id);
      if (auto* c = std::get_if<channel_event::Closed>(&*e)) closed.insert(c->id);
      if (std::holds_alternative<channel_event::BufferedAmountLow>(*e)) ++low_events;
      if (std::holds_alternative<channel_event::TransportConnected>(*e)) transport_up = true;
      if (auto* t = std::get_if<channel_event::TransportClosed>(&*e)) transport_closed = *t;
      events.push_back(*e);
    }
  }
};

class ChannelPair {
 public:
  explicit ChannelPair(std::uint64_t seed = 1) : net(seed) {
    setup(client, DtlsRole::client, seed * 3 + 1);
    setup(server, DtlsRole::server, seed * 3 + 2);
    client.peer = server.id;
    server.peer = client.id;
  }
  void connect() {
    client.dc->connect(net.now());
    server.dc->connect(net.now());
  }
  bool run_until(const std::function<bool()>& done, Duration limit = 60s) {
    return net.run_until(done, limit);
  }

  sim::SimNetwork net;
  Peer client, server;

 private:
  void setup(Peer& p, DtlsRole role, std::uint64_t seed) {
    p.random = std::make_unique<SeededRandom>(seed);
    p.dc = std::make_unique<DataChannelManager>(AssociationPair::fast_config(), role, *p.random);
    Peer* pp = &p;
    p.id = net.add_node(sim::NodeHooks{[pp](Timestamp now, BytesView d) {
                                         pp->dc->handle_receive(now, d);
                                         pp->drain();
                                       },
                                       [pp](Timestamp now) {
                                         pp->dc->handle_timeout(now);
                                         pp->drain();
                                       },
                                       [pp]() { return pp->dc->poll_timeout(); },
                                       [pp](Timestamp now) -> std::optional<sim::Outgoing> {
                                         auto d = pp->dc->poll_transmit(now);
                                         pp->drain();
                                         if (!d) return std::nullopt;
                                         return sim::Outgoing{pp->peer, std::move(*d)};
                                       }});
  }
};

TEST(Rfc8832_5_1, DataChannelOpenRoundTrip) {
  DataChannelOpen o;
  o.channel_type = ChannelType::partial_reliable_timed_unordered;
  o.priority = 512;
  o.reliability_parameter = 1500;
  o.label = "chat";
  o.protocol = "x-proto";
  Bytes b = o.serialize();
  ASSERT_EQ(b.size(), 12u + 4 + 7);
  EXPECT_EQ(b[0], 0x03);
  EXPECT_EQ(b[1], 0x82);
  auto back = DataChannelOpen::parse(b);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->channel_type, ChannelType::partial_reliable_timed_unordered);
  EXPECT_EQ(back->priority, 512);
  EXPECT_EQ(back->reliability_parameter, 1500u);
  EXPECT_EQ(back->label, "chat");
  EXPECT_EQ(back->protocol, "x-proto");
  // Truncated label, unknown channel type, not an OPEN.
  EXPECT_FALSE(DataChannelOpen::parse(BytesView(b).first(b.size() - 1)));
  Bytes bad = b;
  bad[1] = 0x03;
  EXPECT_FALSE(DataChannelOpen::parse(bad));
  bad = b;
  bad[0] = 0x02;
  EXPECT_FALSE(DataChannelOpen::parse(bad));
}

TEST(Rfc8832_6, DataChannelOpenAckWithLabelProtocolAndParity) {
  ChannelPair p;
  DataChannelInit init;
  init.protocol = "chat-v1";
  auto c1 = p.client.dc->create_channel(p.net.now(), "first", init);
  auto c2 = p.client.dc->create_channel(p.net.now(), "second");
  auto s1 = p.server.dc->create_channel(p.net.now(), "from-server");
  ASSERT_TRUE(c1 && c2 && s1);
  EXPECT_EQ(*c1, 0);  // DTLS client: even ids
  EXPECT_EQ(*c2, 2);
  EXPECT_EQ(*s1, 1);  // DTLS server: odd ids
  EXPECT_EQ(p.client.dc->state(*c1), ChannelState::connecting);
  p.connect();
  ASSERT_TRUE(p.run_until(
      [&] { return p.server.remote_open.size() == 2 && p.client.remote_open.size() == 1; }));
  auto info = p.server.dc->channel(0);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->label, "first");
  EXPECT_EQ(info->protocol, "chat-v1");
  EXPECT_EQ(info->state, ChannelState::open);
  EXPECT_EQ(p.client.dc->channel(1)->label, "from-server");
  EXPECT_TRUE(p.client.open.contains(0));
  ASSERT_TRUE(p.client.dc->send_text(p.net.now(), 0, "hello"));
  ASSERT_TRUE(p.run_until([&] { return !p.server.messages.empty(); }));
  EXPECT_EQ(p.server.messages[0].id, 0);
  EXPECT_FALSE(p.server.messages[0].binary);
  EXPECT_EQ(as_string_view(p.server.messages[0].data), "hello");
}

TEST(Rfc8831_6_6, StringBinaryAndEmptyMessagePpids) {
  ChannelPair p;
  p.connect();
  ASSERT_TRUE(p.run_until([&] { return p.client.transport_up && p.server.transport_up; }));
  auto id = p.client.dc->create_channel(p.net.now(), "ppid");
  ASSERT_TRUE(id);
  ASSERT_TRUE(p.client.dc->send_text(p.net.now(), *id, "text"));
  ASSERT_TRUE(p.client.dc->send_binary(p.net.now(), *id, as_bytes("bin")));
  ASSERT_TRUE(p.client.dc->send_text(p.net.now(), *id, ""));
  ASSERT_TRUE(p.client.dc->send_binary(p.net.now(), *id, {}));
  ASSERT_TRUE(p.run_until([&] { return p.server.messages.size() == 4; }));
  EXPECT_FALSE(p.server.messages[0].binary);
  EXPECT_TRUE(p.server.messages[1].binary);
  EXPECT_FALSE(p.server.messages[2].binary);
  EXPECT_TRUE(p.server.messages[2].data.empty());
  EXPECT_TRUE(p.server.messages[3].binary);
  EXPECT_TRUE(p.server.messages[3].data.empty());
}

TEST(Rfc8831_6_5, NegotiatedChannelsNeedNoDcep) {
  ChannelPair p;
  DataChannelInit init;
  init.negotiated = true;
  init.id = 7;
  ASSERT_TRUE(p.client.dc->create_channel(p.net.now(), "pre-agreed", init));
  ASSERT_TRUE(p.server.dc->create_channel(p.net.now(), "pre-agreed", init));
  p.connect();
  ASSERT_TRUE(p.run_until([&] { return p.client.open.contains(7) && p.server.open.contains(7); }));
  ASSERT_TRUE(p.server.dc->send_text(p.net.now(), 7, "direct"));
  ASSERT_TRUE(p.run_until([&] { return !p.client.messages.empty(); }));
  EXPECT_EQ(p.client.messages[0].id, 7);
  EXPECT_TRUE(p.client.remote_open.empty());  // no DATA_CHANNEL_OPEN went over the wire
  DataChannelInit dup = init;
  EXPECT_FALSE(p.client.dc->create_channel(p.net.now(), "again", dup));  // id in use
}

TEST(Rfc8831_6, HundredChannelsOpenedAtOnceUnderLoss) {
  ChannelPair p(4);
  p.net.set_links(p.client.id, p.server.id,
                  {.delay = 10ms, .loss = 0.05, .duplicate = 0.01, .reorder = 0.05});
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(p.client.dc->create_channel(p.net.now(), "c" + std::to_string(i)));
    ASSERT_TRUE(p.server.dc->create_channel(p.net.now(), "s" + std::to_string(i)));
  }
  p.connect();
  ASSERT_TRUE(
      p.run_until([&] { return p.client.open.size() == 50 && p.server.open.size() == 50; }));
  // Every channel sends 5 messages of varied sizes.
  std::map<std::pair<std::uint16_t, int>, std::string> expect_at_server;
  for (int k = 0; k < 5; ++k) {
    for (std::uint16_t id = 0; id < 100; id += 2) {
      Bytes m = make_message(id, static_cast<std::uint32_t>(k), 1 + (id * 101 + k * 977) % 20000);
      ASSERT_TRUE(p.client.dc->send_binary(p.net.now(), id, m));
    }
    for (std::uint16_t id = 1; id < 100; id += 2) {
      ASSERT_TRUE(p.server.dc->send_binary(p.net.now(), id,
                                           make_message(id, static_cast<std::uint32_t>(k), 100)));
    }
  }
  ASSERT_TRUE(p.run_until(
      [&] { return p.server.messages.size() == 250 && p.client.messages.size() == 250; }, 120s));
  std::map<std::uint16_t, int> next;
  for (const auto& m : p.server.messages) {
    const int k = next[m.id]++;
    EXPECT_EQ(digest_hex(m.data), digest_hex(make_message(m.id, static_cast<std::uint32_t>(k),
                                                          1 + (m.id * 101 + k * 977) % 20000)));
  }
  EXPECT_EQ(p.server.remote_open.size(), 50u);
  EXPECT_EQ(p.client.remote_open.size(), 50u);
}

TEST(Rfc8831_6_7, CloseResetsBothDirectionsAndFreesTheId) {
  ChannelPair p;
  p.connect();
  ASSERT_TRUE(p.run_until([&] { return p.client.transport_up && p.server.transport_up; }));
  auto id = p.client.dc->create_channel(p.net.now(), "short-lived");
  ASSERT_TRUE(id);
  ASSERT_TRUE(p.run_until([&] { return p.server.remote_open.contains(*id); }));
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(p.client.dc->send_text(p.net.now(), *id, "bye " + std::to_string(i)));
  p.client.dc->close(p.net.now(), *id);
  EXPECT_EQ(p.client.dc->state(*id), ChannelState::closing);
  EXPECT_FALSE(p.client.dc->send_text(p.net.now(), *id, "too late"));
  ASSERT_TRUE(
      p.run_until([&] { return p.client.closed.contains(*id) && p.server.closed.contains(*id); }));
  EXPECT_EQ(p.server.messages.size(), 10u);  // everything sent before close() arrived
  EXPECT_EQ(p.client.dc->state(*id), ChannelState::closed);
  // The id is free again, and the reused stream starts from SSN 0 on both sides.
  auto again = p.client.dc->create_channel(p.net.now(), "reborn");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *id);
  ASSERT_TRUE(p.run_until([&] { return p.server.dc->state(*id) == ChannelState::open; }));
  ASSERT_TRUE(p.client.dc->send_text(p.net.now(), *id, "new life"));
  ASSERT_TRUE(p.run_until([&] { return p.server.messages.size() == 11; }));
  EXPECT_EQ(p.server.dc->channel(*id)->label, "reborn");
}

TEST(W3C_DataChannel, BufferedAmountLowEvent) {
  ChannelPair p;
  p.net.set_links(p.client.id, p.server.id, {.delay = 20ms, .bandwidth_bps = 10'000'000});
  p.connect();
  ASSERT_TRUE(p.run_until([&] { return p.client.transport_up; }));
  auto id = p.client.dc->create_channel(p.net.now(), "bulk");
  ASSERT_TRUE(id);
  p.client.dc->set_buffered_amount_low_threshold(*id, 64 * 1024);
  for (int i = 0; i < 32; ++i)
    ASSERT_TRUE(p.client.dc->send_binary(p.net.now(), *id, Bytes(32 * 1024, 1)));
  EXPECT_GT(p.client.dc->buffered_amount(*id), 900u * 1024);
  ASSERT_TRUE(p.run_until([&] { return p.client.low_events > 0; }));
  EXPECT_LE(p.client.dc->buffered_amount(*id), 64u * 1024);
  EXPECT_EQ(p.client.low_events, 1);
  ASSERT_TRUE(p.run_until([&] { return p.server.messages.size() == 32; }));
}

TEST(Rfc8831_6_1, UnreliableUnorderedChannelUnderLoss) {
  ChannelPair p(9);
  p.connect();
  ASSERT_TRUE(p.run_until([&] { return p.client.transport_up && p.server.transport_up; }));
  DataChannelInit init;
  init.ordered = false;
  init.max_retransmits = 0;
  auto id = p.client.dc->create_channel(p.net.now(), "game-state", init);
  ASSERT_TRUE(id);
  ASSERT_TRUE(p.run_until([&] { return p.server.remote_open.contains(*id); }));
  EXPECT_EQ(p.server.dc->channel(*id)->type, ChannelType::partial_reliable_rexmit_unordered);
  p.net.set_links(p.client.id, p.server.id, {.delay = 10ms, .loss = 0.2});
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(p.client.dc->send_binary(p.net.now(), *id,
                                         make_message(*id, static_cast<std::uint32_t>(i), 800)));
    p.net.run_for(5ms);
  }
  p.net.run_for(10s);
  std::set<std::string> sent;
  for (int i = 0; i < 200; ++i)
    sent.insert(digest_hex(make_message(*id, static_cast<std::uint32_t>(i), 800)));
  std::set<std::string> got;
  for (const auto& m : p.server.messages) {
    EXPECT_TRUE(sent.contains(digest_hex(m.data)));
    EXPECT_TRUE(got.insert(digest_hex(m.data)).second) << "duplicate";
  }
  EXPECT_LT(got.size(), 200u);  // some were lost and, by design, not retransmitted
  EXPECT_GT(got.size(), 120u);
  EXPECT_EQ(p.server.dc->association().receive_buffered(), 0u)
      << " outstanding " << p.client.dc->association().outstanding_chunks() << " queued "
      << p.client.dc->association().total_buffered_amount() << " fwd "
      << p.client.dc->association().stats().forward_tsns_sent << " abandoned "
      << p.client.dc->association().stats().abandoned_messages << " got " << got.size() << " state "
      << to_string(p.client.dc->association().state()) << " timeout "
      << (p.client.dc->association().poll_timeout()
              ? to_millis(*p.client.dc->association().poll_timeout() - p.net.now())
              : -1.0)
      << " t3 " << p.client.dc->association().stats().t3_expirations << " flight "
      << p.client.dc->association().flight_size() << " rtx "
      << p.client.dc->association().stats().retransmissions;
}

TEST(Rfc8831_6, AssociationAbortClosesAllChannels) {
  ChannelPair p;
  p.connect();
  ASSERT_TRUE(p.run_until([&] { return p.client.transport_up && p.server.transport_up; }));
  ASSERT_TRUE(p.client.dc->create_channel(p.net.now(), "a"));
  ASSERT_TRUE(p.run_until([&] { return p.server.remote_open.size() == 1; }));
  p.server.dc->association().abort(p.net.now(), "bye");
  p.server.drain();
  ASSERT_TRUE(p.run_until([&] { return p.client.transport_closed.has_value(); }));
  EXPECT_TRUE(p.client.closed.contains(0));
  EXPECT_TRUE(p.server.closed.contains(0));
  EXPECT_TRUE(p.client.transport_closed->aborted);
}

}  // namespace
}  // namespace rtc::sctp
