// The association in a simulated network: RFC 9260 handshake, reliable delivery, timers,
// congestion control, partial reliability (RFC 3758), stream reset (RFC 6525), shutdown/abort.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "sctp_test_util.hpp"

namespace rtc::sctp {
namespace {

using namespace std::chrono_literals;
using testing::AssociationPair;
using testing::digest_hex;
using testing::make_message;

std::optional<PacketView> parse(const Bytes& p) {
  auto v = PacketView::parse(p);
  if (!v) return std::nullopt;
  return *v;
}
bool has_chunk(const Bytes& packet, ChunkType t) {
  auto v = PacketView::parse(packet);
  if (!v) return false;
  for (const auto& c : v->chunks()) {
    if (c.type == static_cast<std::uint8_t>(t)) return true;
  }
  return false;
}

TEST(Rfc9260_5_1, FourWayHandshake) {
  AssociationPair p;
  p.capture = true;
  p.a.assoc->connect(p.net.now());  // only A initiates; B answers statelessly
  ASSERT_TRUE(p.run_until([&] { return p.a.connected && p.b.connected; }));
  EXPECT_EQ(p.a.assoc->state(), State::established);
  EXPECT_EQ(p.b.assoc->state(), State::established);
  EXPECT_EQ(p.a.assoc->peer_tag(), p.b.assoc->local_tag());
  EXPECT_EQ(p.b.assoc->peer_tag(), p.a.assoc->local_tag());
  ASSERT_GE(p.wire_a_to_b.size(), 2u);
  EXPECT_TRUE(has_chunk(p.wire_a_to_b[0], ChunkType::init));
  EXPECT_EQ(parse(p.wire_a_to_b[0])->header().verification_tag, 0u);  // §8.5.1 A
  EXPECT_TRUE(has_chunk(p.wire_a_to_b[1], ChunkType::cookie_echo));
  EXPECT_TRUE(p.a.assoc->peer_supports_partial_reliability());
  EXPECT_TRUE(p.a.assoc->peer_supports_reconfig());
  EXPECT_EQ(p.a.assoc->outbound_streams(), 65535);
}

TEST(Rfc9260_5_2_1, SimultaneousOpenAsWebRtcDoes) {
  AssociationPair p;
  ASSERT_TRUE(p.establish());
  EXPECT_EQ(p.a.assoc->peer_tag(), p.b.assoc->local_tag());
  EXPECT_EQ(p.b.assoc->peer_tag(), p.a.assoc->local_tag());
  // And it carries data both ways.
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 1, 53, as_bytes("ping")));
  ASSERT_TRUE(p.b.assoc->send(p.net.now(), 2, 53, as_bytes("pong")));
  ASSERT_TRUE(p.run_until([&] { return !p.a.messages.empty() && !p.b.messages.empty(); }));
  EXPECT_EQ(as_string_view(p.b.messages[0].data), "ping");
  EXPECT_EQ(as_string_view(p.a.messages[0].data), "pong");
}

TEST(Rfc9260_5_2_1, SimultaneousOpenUnderLossAndDelay) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    AssociationPair p(AssociationPair::fast_config(), seed);
    p.net.set_links(p.a.id, p.b.id, {.delay = 20ms, .jitter = 5ms, .loss = 0.3});
    ASSERT_TRUE(p.establish()) << "seed " << seed;
    EXPECT_EQ(p.a.assoc->peer_tag(), p.b.assoc->local_tag());
  }
}

TEST(Rfc9260_5_1, InitRetransmittedUntilMaxInitRetransmits) {
  AssociationPair p;
  p.net.set_links(p.a.id, p.b.id, {.loss = 1.0});
  p.a.assoc->connect(p.net.now());
  ASSERT_TRUE(p.run_until([&] { return p.a.closed.has_value(); }, 600s));
  EXPECT_TRUE(p.a.closed->aborted);
  EXPECT_EQ(p.net.link_stats(p.a.id, p.b.id).sent, 9u);  // 1 + Max.Init.Retransmits (8)
}

// Sends `count` messages per stream of varied sizes and checks exactly-once, in-order,
// hash-intact delivery.
void run_reliable_transfer(double loss, std::uint64_t seed, bool unordered, std::size_t count,
                           std::size_t max_size) {
  AssociationPair p(AssociationPair::fast_config(), seed);
  p.net.set_links(p.a.id, p.b.id,
                  {.delay = 10ms,
                   .jitter = 2ms,
                   .loss = loss,
                   .duplicate = 0.02,
                   .reorder = 0.05,
                   .reorder_delay = 7ms});
  ASSERT_TRUE(p.establish());
  const std::uint16_t streams = 3;
  std::map<std::pair<std::uint16_t, std::uint32_t>, std::string> expected;
  SendOptions opts;
  opts.unordered = unordered;
  std::size_t sizes[] = {1, 2, 3, 100, 1171, 1172, 1173, 5000, 65536, max_size};
  for (std::uint32_t i = 0; i < count; ++i) {
    for (std::uint16_t s = 0; s < streams; ++s) {
      std::size_t size = sizes[(i + s) % std::size(sizes)];
      if (size > max_size) size = max_size;
      Bytes m = make_message(s, i, size);
      // The PPID carries the index so the receiver can check order and content.
      expected[{s, i}] = digest_hex(m);
      ASSERT_TRUE(p.a.assoc->send(p.net.now(), s, i, std::move(m), opts));
    }
  }
  const std::size_t want = expected.size();
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() >= want; }, 600s))
      << "loss " << loss << " seed " << seed << " got " << p.b.messages.size() << " of " << want;
  p.net.run_for(5s);  // late duplicates must not produce extra deliveries
  ASSERT_EQ(p.b.messages.size(), want);
  std::map<std::uint16_t, std::uint32_t> next;
  std::set<std::pair<std::uint16_t, std::uint32_t>> seen;
  for (const auto& m : p.b.messages) {
    EXPECT_EQ(m.unordered, unordered);
    EXPECT_TRUE(seen.insert({m.stream_id, m.ppid}).second) << "duplicate delivery";
    EXPECT_EQ((expected[{m.stream_id, m.ppid}]), digest_hex(m.data)) << "corrupted message";
    if (!unordered) {
      EXPECT_EQ(m.ppid, next[m.stream_id]) << "out of order on stream " << m.stream_id;
      next[m.stream_id] = m.ppid + 1;
    }
  }
  EXPECT_EQ(p.a.assoc->total_buffered_amount(), 0u);
  EXPECT_EQ(p.b.assoc->receive_buffered(), 0u);
  if (loss > 0) {
    EXPECT_GT(p.a.assoc->stats().retransmissions, 0u);
  }
}

TEST(Rfc9260_6_6, OrderedDeliveryNoLoss) {
  run_reliable_transfer(0.0, 1, false, 40, 256 * 1024);
}
TEST(Rfc9260_6_6, OrderedDelivery5PercentLoss) {
  run_reliable_transfer(0.05, 2, false, 30, 256 * 1024);
}
TEST(Rfc9260_6_6, OrderedDelivery20PercentLoss) {
  run_reliable_transfer(0.20, 3, false, 12, 256 * 1024);
}
TEST(Rfc9260_6_6, UnorderedDeliveryNoLoss) {
  run_reliable_transfer(0.0, 4, true, 40, 64 * 1024);
}
TEST(Rfc9260_6_6, UnorderedDelivery20PercentLoss) {
  run_reliable_transfer(0.20, 5, true, 12, 256 * 1024);
}

TEST(Rfc9260_6_6, UnorderedMessagesOvertakeALostOne) {
  AssociationPair p;
  ASSERT_TRUE(p.establish());
  // Drop the first DATA packet A sends; later unordered messages are delivered before it.
  bool dropped = false;
  p.net.on_send = [&](sim::NodeId from, sim::NodeId, Bytes& d) {
    if (from == p.a.id && !dropped && has_chunk(d, ChunkType::data)) {  // message 0's packet
      dropped = true;
      d[12] = 0xEE;  // corrupt: CRC fails, dropped by the receiver
    }
  };
  SendOptions u;
  u.unordered = true;
  for (std::uint32_t i = 0; i < 5; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, i, make_message(0, i, 1000), u));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 5; }));
  EXPECT_NE(p.b.messages[0].ppid, 0u);
  EXPECT_EQ(p.b.messages.back().ppid, 0u);
}

TEST(Rfc9260_6_9, FragmentationAndReassemblyOf256KiB) {
  AssociationPair p;
  ASSERT_TRUE(p.establish());
  Bytes big = make_message(9, 9, 256 * 1024);
  const std::string h = digest_hex(big);
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 9, 53, std::move(big)));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1; }));
  EXPECT_EQ(p.b.messages[0].data.size(), 256u * 1024);
  EXPECT_EQ(digest_hex(p.b.messages[0].data), h);
  EXPECT_GE(p.a.assoc->stats().data_chunks_sent, 256u * 1024 / 1172);
  // Larger than max-message-size is refused.
  EXPECT_FALSE(p.a.assoc->send(p.net.now(), 9, 53, Bytes(256 * 1024 + 1, 1)));
  EXPECT_FALSE(p.a.assoc->send(p.net.now(), 9, 53, Bytes{}));
}

TEST(Rfc9260_6_10, PacketsNeverExceedMtuAndSmallMessagesAreBundled) {
  AssociationPair p;
  ASSERT_TRUE(p.establish());
  std::size_t max_seen = 0;
  std::size_t data_packets = 0;
  p.net.on_send = [&](sim::NodeId from, sim::NodeId, Bytes& d) {
    max_seen = std::max(max_seen, d.size());
    if (from == p.a.id && has_chunk(d, ChunkType::data)) ++data_packets;
  };
  for (std::uint32_t i = 0; i < 100; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, i, make_message(0, i, 50)));
  for (std::uint32_t i = 0; i < 20; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 1, i, make_message(1, i, 3000)));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 120; }));
  EXPECT_LE(max_seen, 1200u);
  EXPECT_LT(data_packets, 100u);  // 100 small messages needed far fewer than 100 packets
}

TEST(Rfc9260_6_2, DelayedAckEverySecondPacketOr200ms) {
  AssociationConfig c = AssociationPair::fast_config();
  c.rto.initial = 1s;  // above the delayed-ack time, as RFC 9260's defaults are
  AssociationPair p(c);
  ASSERT_TRUE(p.establish());
  p.net.run_for(1s);
  std::vector<Timestamp> sacks;
  p.net.on_send = [&](sim::NodeId from, sim::NodeId, Bytes& d) {
    if (from == p.b.id && has_chunk(d, ChunkType::sack)) sacks.push_back(p.net.now());
  };
  const Timestamp t0 = p.net.now();
  ASSERT_TRUE(p.a.assoc->send(t0, 0, 0, make_message(0, 0, 10)));
  p.net.run_for(1s);
  ASSERT_EQ(sacks.size(), 1u);
  EXPECT_EQ(sacks[0] - t0, 200ms);  // one packet: the delayed-ack timer
  sacks.clear();
  const Timestamp t1 = p.net.now();
  ASSERT_TRUE(p.a.assoc->send(t1, 0, 1, make_message(0, 1, 2000)));  // two packets
  p.net.run_for(1s);
  ASSERT_EQ(sacks.size(), 1u);
  EXPECT_EQ(sacks[0], t1);  // the second packet is acknowledged at once
}

TEST(Rfc9260_6_3_3, RetransmissionTimerDoubles) {
  AssociationConfig c = AssociationPair::fast_config();
  c.rto.initial = 1s;
  c.rto.min = 1s;
  c.rto.max = 60s;
  c.max_retransmissions = 5;
  AssociationPair p(c);
  ASSERT_TRUE(p.establish());
  p.net.set_links(p.a.id, p.b.id, {.loss = 1.0});
  std::vector<Timestamp> data_times;
  p.net.on_send = [&](sim::NodeId from, sim::NodeId, Bytes& d) {
    if (from == p.a.id && has_chunk(d, ChunkType::data)) data_times.push_back(p.net.now());
  };
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, 0, make_message(0, 0, 10)));
  ASSERT_TRUE(p.run_until([&] { return p.a.closed.has_value(); }, 600s))
      << data_times.size() << " " << to_string(p.a.assoc->state()) << " "
      << p.a.assoc->stats().t3_expirations;
  ASSERT_EQ(data_times.size(), 6u);  // first transmission + 5 retransmissions
  for (std::size_t i = 2; i < data_times.size(); ++i) {
    EXPECT_EQ((data_times[i] - data_times[i - 1]), 2 * (data_times[i - 1] - data_times[i - 2]));
  }
  EXPECT_TRUE(p.a.closed->aborted);  // §8.1: Association.Max.Retrans exceeded
  EXPECT_GE(p.a.assoc->stats().t3_expirations, 5u);
}

TEST(Rfc9260_6_3_1, RtoFollowsMeasuredRtt) {
  AssociationPair p;
  p.net.set_links(p.a.id, p.b.id, {.delay = 100ms});
  ASSERT_TRUE(p.establish());
  for (std::uint32_t i = 0; i < 50; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, i, make_message(0, i, 3000)));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 50; }));
  EXPECT_GE(p.a.assoc->srtt(), 195ms);
  EXPECT_LE(p.a.assoc->srtt(), 420ms);  // RTT 200 ms plus up to one delayed ack
  EXPECT_GE(p.a.assoc->rto(), p.a.assoc->srtt());
}

TEST(Rfc9260_7_2_4, FastRetransmitAfterThreeMissIndications) {
  AssociationPair p;
  p.net.set_links(p.a.id, p.b.id, {.delay = 20ms});
  ASSERT_TRUE(p.establish());
  int data_seen = 0;
  p.net.on_send = [&](sim::NodeId from, sim::NodeId, Bytes& d) {
    if (from == p.a.id && has_chunk(d, ChunkType::data) && ++data_seen == 3) d[12] ^= 0xFF;
  };
  for (std::uint32_t i = 0; i < 40; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, i, make_message(0, i, 1000)));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 40; }));
  EXPECT_EQ(p.a.assoc->stats().fast_retransmits, 1u);
  EXPECT_EQ(p.a.assoc->stats().t3_expirations, 0u);
  EXPECT_EQ(p.a.assoc->stats().retransmissions, 1u);
}

TEST(Rfc9260_7_2_1, SlowStartGrowsCwndAndTimeoutCollapsesIt) {
  AssociationPair p;
  p.net.set_links(p.a.id, p.b.id, {.delay = 10ms});
  ASSERT_TRUE(p.establish());
  const std::size_t initial = p.a.assoc->cwnd();
  EXPECT_EQ(initial, 4380u);  // min(4*MTU, max(2*MTU, 4380)) with MTU 1200
  for (std::uint32_t i = 0; i < 200; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, i, make_message(0, i, 1100)));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 200; }));
  EXPECT_GT(p.a.assoc->cwnd(), 4 * initial);
  // Now a blackout: T3 fires and cwnd drops to one MTU (§7.2.3).
  p.net.set_links(p.a.id, p.b.id, {.delay = 10ms, .loss = 1.0});
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, 200, make_message(0, 200, 100)));
  ASSERT_TRUE(p.run_until([&] { return p.a.assoc->stats().t3_expirations > 0; }));
  EXPECT_EQ(p.a.assoc->cwnd(), 1200u);
  p.net.set_links(p.a.id, p.b.id, {.delay = 10ms});
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 201; }));
}

TEST(Rfc9260_6_1, SenderRespectsReceiverWindow) {
  AssociationConfig c = AssociationPair::fast_config();
  c.receive_window = 64 * 1024;
  AssociationPair p(c);
  ASSERT_TRUE(p.establish());
  std::size_t max_flight = 0;
  p.net.on_send = [&](sim::NodeId, sim::NodeId, Bytes&) {
    max_flight = std::max(max_flight, p.a.assoc->flight_size());
  };
  for (std::uint32_t i = 0; i < 20; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, i, make_message(0, i, 60000)));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 20; }));
  EXPECT_LE(max_flight, 64u * 1024 + 1200);
}

TEST(Rfc3758_3_5, MaxRetransmitsZeroAbandonsAndForwardTsnSkips) {
  AssociationPair p;
  ASSERT_TRUE(p.establish());
  SendOptions pr;
  pr.max_retransmits = 0;
  // The first message is lost and never retransmitted; the rest arrive in order.
  int data_seen = 0;
  p.net.on_send = [&](sim::NodeId from, sim::NodeId, Bytes& d) {
    if (from == p.a.id && has_chunk(d, ChunkType::data) && ++data_seen == 1) d[12] ^= 0xFF;
  };
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 4, 0, make_message(4, 0, 5000), pr));
  for (std::uint32_t i = 1; i < 10; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 4, i, make_message(4, i, 500), pr));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 9; }));
  p.net.run_for(10s);
  ASSERT_EQ(p.b.messages.size(), 9u);
  for (std::size_t k = 0; k < 9; ++k) EXPECT_EQ(p.b.messages[k].ppid, k + 1);
  EXPECT_EQ(p.a.assoc->stats().abandoned_messages, 1u);
  EXPECT_GE(p.a.assoc->stats().forward_tsns_sent, 1u);
  EXPECT_EQ(p.a.assoc->outstanding_chunks(), 0u);
  EXPECT_EQ(p.b.assoc->receive_buffered(), 0u);
}

TEST(Rfc3758_3_5, LifetimeExpiresQueuedAndSentMessages) {
  AssociationPair p;
  p.net.set_links(p.a.id, p.b.id, {.delay = 50ms});
  ASSERT_TRUE(p.establish());
  p.net.set_links(p.a.id, p.b.id, {.delay = 50ms, .loss = 1.0});
  SendOptions pr;
  pr.unordered = true;
  pr.lifetime = 300ms;
  for (std::uint32_t i = 0; i < 5; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 2, i, make_message(2, i, 1000), pr));
  p.net.run_for(1s);
  p.net.set_links(p.a.id, p.b.id, {.delay = 50ms});
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 2, 99, make_message(2, 99, 10)));
  ASSERT_TRUE(p.run_until([&] { return !p.b.messages.empty(); }, 30s));
  p.net.run_for(5s);
  ASSERT_EQ(p.b.messages.size(), 1u);
  EXPECT_EQ(p.b.messages[0].ppid, 99u);
  EXPECT_EQ(p.a.assoc->stats().abandoned_messages, 5u);
}

TEST(Rfc3758_3_5, PartiallyReliableUnderHeavyLossNeverDuplicatesOrReorders) {
  AssociationPair p(AssociationPair::fast_config(), 11);
  p.net.set_links(p.a.id, p.b.id, {.delay = 15ms, .loss = 0.2, .duplicate = 0.05, .reorder = 0.1});
  ASSERT_TRUE(p.establish());
  SendOptions pr;
  pr.max_retransmits = 1;
  for (std::uint32_t i = 0; i < 300; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 1, i, make_message(1, i, 1 + (i * 37) % 4000), pr));
  ASSERT_TRUE(p.run_until(
      [&] {
        return p.a.assoc->outstanding_chunks() == 0 && p.a.assoc->total_buffered_amount() == 0;
      },
      120s));
  p.net.run_for(5s);
  std::int64_t last = -1;
  for (const auto& m : p.b.messages) {
    EXPECT_GT(static_cast<std::int64_t>(m.ppid), last);
    last = m.ppid;
    EXPECT_EQ(digest_hex(m.data), digest_hex(make_message(1, m.ppid, 1 + (m.ppid * 37) % 4000)));
  }
  EXPECT_LT(p.b.messages.size(), 300u);
  EXPECT_GT(p.b.messages.size(), 150u);
  EXPECT_EQ(p.b.assoc->receive_buffered(), 0u);
}

TEST(Rfc6525_5_1_2, OutgoingStreamResetRestartsSsnAndIsReported) {
  AssociationPair p;
  ASSERT_TRUE(p.establish());
  for (std::uint32_t i = 0; i < 3; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 6, i, make_message(6, i, 2000)));
  ASSERT_TRUE(p.a.assoc->reset_streams(p.net.now(), {6}));
  EXPECT_FALSE(p.a.assoc->send(p.net.now(), 6, 9, as_bytes("refused while resetting")));
  auto done = [&] {
    for (const auto& e : p.a.events) {
      if (std::holds_alternative<event::OutgoingStreamsReset>(e)) return true;
    }
    return false;
  };
  ASSERT_TRUE(p.run_until(done));
  ASSERT_EQ(p.b.messages.size(), 3u);  // data sent before the reset arrives first
  bool incoming = false;
  for (const auto& e : p.b.events) {
    if (auto* r = std::get_if<event::IncomingStreamsReset>(&e))
      incoming = r->streams == std::vector<std::uint16_t>{6};
  }
  EXPECT_TRUE(incoming);
  // After the reset the stream is usable again, from SSN 0.
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 6, 10, as_bytes("again")));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 4; }));
  EXPECT_EQ(as_string_view(p.b.messages[3].data), "again");
}

TEST(Rfc6525_5_1_2, StreamResetUnderLoss) {
  AssociationPair p(AssociationPair::fast_config(), 5);
  p.net.set_links(p.a.id, p.b.id, {.delay = 10ms, .loss = 0.3});
  ASSERT_TRUE(p.establish());
  for (std::uint32_t i = 0; i < 20; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 2, i, make_message(2, i, 3000)));
  ASSERT_TRUE(p.a.assoc->reset_streams(p.net.now(), {2}));
  auto reset_seen = [&](const std::vector<Event>& ev, bool incoming) {
    for (const auto& e : ev) {
      if (incoming && std::holds_alternative<event::IncomingStreamsReset>(e)) return true;
      if (!incoming && std::holds_alternative<event::OutgoingStreamsReset>(e)) return true;
    }
    return false;
  };
  ASSERT_TRUE(p.run_until(
      [&] { return reset_seen(p.a.events, false) && reset_seen(p.b.events, true); }, 120s));
  EXPECT_EQ(p.b.messages.size(), 20u);
}

TEST(Rfc9260_9_2, GracefulShutdownDeliversQueuedDataFirst) {
  AssociationPair p(AssociationPair::fast_config(), 3);
  p.net.set_links(p.a.id, p.b.id, {.delay = 10ms, .loss = 0.1});
  ASSERT_TRUE(p.establish());
  for (std::uint32_t i = 0; i < 30; ++i)
    ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, i, make_message(0, i, 4000)));
  p.a.assoc->shutdown(p.net.now());
  EXPECT_FALSE(p.a.assoc->send(p.net.now(), 0, 99, as_bytes("too late")));
  ASSERT_TRUE(p.run_until([&] { return p.a.closed && p.b.closed; }, 120s));
  EXPECT_FALSE(p.a.closed->aborted);
  EXPECT_FALSE(p.b.closed->aborted);
  EXPECT_EQ(p.b.messages.size(), 30u);
  EXPECT_EQ(p.a.assoc->state(), State::closed);
  EXPECT_FALSE(p.a.assoc->poll_timeout());
}

TEST(Rfc9260_9_2, ShutdownCompleteLostIsRecovered) {
  AssociationPair p;
  ASSERT_TRUE(p.establish());
  p.net.on_send = [&](sim::NodeId from, sim::NodeId, Bytes& d) {
    if (from == p.a.id && has_chunk(d, ChunkType::shutdown_complete)) {
      static int n = 0;
      if (n++ == 0) d[12] ^= 0xFF;  // lose the first SHUTDOWN COMPLETE
    }
  };
  p.a.assoc->shutdown(p.net.now());
  ASSERT_TRUE(p.run_until([&] { return p.a.closed && p.b.closed; }, 60s));
  EXPECT_FALSE(p.b.closed->aborted);
}

TEST(Rfc9260_9_1, AbortClosesBothSidesWithReason) {
  AssociationPair p;
  ASSERT_TRUE(p.establish());
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, 0, make_message(0, 0, 100000)));
  p.a.assoc->abort(p.net.now(), "user closed the tab");
  ASSERT_TRUE(p.run_until([&] { return p.b.closed.has_value(); }));
  EXPECT_TRUE(p.a.closed->aborted);
  EXPECT_TRUE(p.b.closed->aborted);
  EXPECT_NE(p.b.closed->reason.find("user closed the tab"), std::string::npos);
  EXPECT_FALSE(p.a.assoc->poll_timeout());
}

TEST(Rfc9260_8_3, HeartbeatMeasuresRttOnIdleAssociation) {
  AssociationConfig c = AssociationPair::fast_config();
  c.heartbeat_interval = 1s;
  AssociationPair p(c);
  p.net.set_links(p.a.id, p.b.id, {.delay = 40ms});
  ASSERT_TRUE(p.establish());
  p.net.run_for(5s);
  EXPECT_TRUE(p.a.assoc->is_established());
  EXPECT_EQ(p.a.assoc->srtt(), 80ms);
  // A peer that disappears is detected by unanswered heartbeats.
  p.net.set_links(p.a.id, p.b.id, {.loss = 1.0});
  ASSERT_TRUE(p.run_until([&] { return p.a.closed.has_value(); }, 600s));
  EXPECT_TRUE(p.a.closed->aborted);
}

TEST(Rfc9260_6_2, HundredsOfStreamsInterleaved) {
  AssociationPair p(AssociationPair::fast_config(), 8);
  p.net.set_links(p.a.id, p.b.id, {.delay = 5ms, .loss = 0.05, .reorder = 0.1});
  ASSERT_TRUE(p.establish());
  for (std::uint32_t i = 0; i < 5; ++i) {
    for (std::uint16_t s = 0; s < 300; ++s)
      ASSERT_TRUE(p.a.assoc->send(p.net.now(), s, i, make_message(s, i, 1 + (s * 13 + i) % 3000)));
  }
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1500; }, 120s));
  std::map<std::uint16_t, std::uint32_t> next;
  for (const auto& m : p.b.messages) {
    EXPECT_EQ(m.ppid, next[m.stream_id]++);
  }
}

}  // namespace
}  // namespace rtc::sctp
