// Hostile and broken input: wrong checksum or tag, forged and stale cookies, impossible SACKs,
// gap-block floods, chunks that break the grammar. Nothing may crash, nothing may grow without
// bound, and the answer is whatever RFC 9260 prescribes (drop, ABORT, ERROR).
#include <gtest/gtest.h>

#include "sctp_test_util.hpp"

namespace rtc::sctp {
namespace {

using namespace std::chrono_literals;
using testing::AssociationPair;
using testing::make_message;

Bytes packet(std::uint32_t vtag, const std::function<void(ByteWriter&)>& chunks) {
  PacketBuilder b(CommonHeader{5000, 5000, vtag});
  chunks(b.writer());
  return b.finish();
}

std::vector<Bytes> drain_output(Association& a, Timestamp now) {
  std::vector<Bytes> out;
  while (auto p = a.poll_transmit(now)) out.push_back(std::move(*p));
  return out;
}

bool contains_chunk(const std::vector<Bytes>& packets, ChunkType t, std::uint16_t cause = 0) {
  for (const auto& p : packets) {
    auto v = PacketView::parse(p);
    if (!v) continue;
    for (const auto& c : v->chunks()) {
      if (c.type != static_cast<std::uint8_t>(t)) continue;
      if (cause == 0) return true;
      auto causes = parse_error_causes(c.value);
      if (causes && !causes->empty() && causes->front().code == cause) return true;
    }
  }
  return false;
}

// An established pair whose network is then detached, so tests inject packets by hand.
struct Established {
  AssociationPair p;
  Established() {
    EXPECT_TRUE(p.establish());
    p.net.run_for(1s);
  }
  Association& b() { return *p.b.assoc; }
  Timestamp now() { return p.net.now(); }
};

TEST(Rfc9260_6_8, WrongChecksumSilentlyDropped) {
  Established e;
  Bytes p =
      packet(e.b().local_tag(), [](ByteWriter& w) { write_empty_chunk(w, ChunkType::cookie_ack); });
  p[8] ^= 1;
  const auto dropped = e.b().stats().packets_dropped;
  e.b().handle_receive(e.now(), p);
  EXPECT_EQ(e.b().stats().packets_dropped, dropped + 1);
  EXPECT_TRUE(drain_output(e.b(), e.now()).empty());
}

TEST(Rfc9260_8_5, WrongVerificationTagSilentlyDropped) {
  Established e;
  // An ABORT with a wrong tag must not tear the association down (blind-attack protection).
  e.b().handle_receive(e.now(),
                       packet(e.b().local_tag() ^ 1, [](ByteWriter& w) { AbortChunk{}.write(w); }));
  EXPECT_TRUE(e.b().is_established());
  // Nor a T-bit ABORT carrying our own tag instead of the peer's.
  e.b().handle_receive(
      e.now(), packet(e.b().local_tag(), [](ByteWriter& w) { AbortChunk{true, {}}.write(w); }));
  EXPECT_TRUE(e.b().is_established());
  // DATA with a wrong tag is not delivered.
  const Bytes payload = {1, 2, 3};
  e.b().handle_receive(e.now(), packet(e.b().local_tag() + 1, [&](ByteWriter& w) {
                         DataChunk d;
                         d.tsn = 12345;
                         d.payload = payload;
                         d.write(w);
                       }));
  EXPECT_FALSE(e.b().poll_event());
  // INIT must carry tag 0 and be alone.
  e.b().handle_receive(e.now(), packet(7, [](ByteWriter& w) {
                         InitChunk i;
                         i.initiate_tag = 1;
                         i.outbound_streams = i.inbound_streams = 1;
                         i.write(w, false);
                       }));
  EXPECT_TRUE(drain_output(e.b(), e.now()).empty());
}

TEST(Rfc9260_5_1_5, ForgedCookieSilentlyDiscarded) {
  SeededRandom r(5);
  Association a(AssociationPair::fast_config(), r);
  ManualClock clock;
  Bytes cookie(CookieSigner::kCookieSize, 0x42);
  store_be32(cookie, 12, 0x1111);  // claims our tag 0x1111
  a.handle_receive(clock.now(),
                   packet(0x1111, [&](ByteWriter& w) { CookieEchoChunk{cookie}.write(w); }));
  EXPECT_EQ(a.state(), State::closed);
  EXPECT_TRUE(drain_output(a, clock.now()).empty());
  EXPECT_FALSE(a.poll_event());
}

TEST(Rfc9260_5_2_6, StaleCookieAnsweredWithStaleCookieError) {
  // B answers A's INIT; A's COOKIE ECHO is delayed beyond the cookie lifetime.
  AssociationConfig c = AssociationPair::fast_config();
  c.cookie_lifetime = 2s;
  SeededRandom ra(1), rb(2);
  Association a(c, ra), b(c, rb);
  ManualClock clock;
  a.connect(clock.now());
  auto init = drain_output(a, clock.now());
  ASSERT_EQ(init.size(), 1u);
  b.handle_receive(clock.now(), init[0]);
  auto init_ack = drain_output(b, clock.now());
  ASSERT_EQ(init_ack.size(), 1u);
  a.handle_receive(clock.now(), init_ack[0]);
  auto echo = drain_output(a, clock.now());
  ASSERT_EQ(echo.size(), 1u);
  clock.advance(5s);
  b.handle_receive(clock.now(), echo[0]);
  EXPECT_EQ(b.state(), State::closed);
  auto answer = drain_output(b, clock.now());
  EXPECT_TRUE(contains_chunk(answer, ChunkType::error,
                             static_cast<std::uint16_t>(CauseCode::stale_cookie)));
  // A starts over with a new INIT (§5.2.6) and the handshake then completes.
  a.handle_receive(clock.now(), answer[0]);
  EXPECT_EQ(a.state(), State::cookie_wait);
  auto init2 = drain_output(a, clock.now());
  ASSERT_TRUE(contains_chunk(init2, ChunkType::init));
  b.handle_receive(clock.now(), init2[0]);
  auto ack2 = drain_output(b, clock.now());
  a.handle_receive(clock.now(), ack2[0]);
  auto echo2 = drain_output(a, clock.now());
  b.handle_receive(clock.now(), echo2[0]);
  EXPECT_EQ(b.state(), State::established);
  auto cookie_ack = drain_output(b, clock.now());
  a.handle_receive(clock.now(), cookie_ack[0]);
  EXPECT_EQ(a.state(), State::established);
}

TEST(Rfc9260_6_2_1, SackForTsnNeverSentIsAProtocolViolation) {
  Established e;
  e.b().handle_receive(e.now(), packet(e.b().local_tag(), [](ByteWriter& w) {
                         SackChunk s;
                         s.cumulative_tsn_ack = 0x7FFF0000;  // far beyond anything B sent
                         s.a_rwnd = 1000;
                         s.write(w);
                       }));
  // Whichever way the TSN unwraps (ahead: violation; behind: stale, ignored), B survives
  // intact or aborts with Protocol Violation; it never acknowledges unsent data.
  auto out = drain_output(e.b(), e.now());
  if (e.b().state() == State::closed) {
    EXPECT_TRUE(contains_chunk(out, ChunkType::abort,
                               static_cast<std::uint16_t>(CauseCode::protocol_violation)));
  }
  Established f;
  ASSERT_TRUE(f.b().send(f.now(), 0, 53, make_message(0, 0, 100)));
  auto sent = drain_output(f.b(), f.now());
  ASSERT_FALSE(sent.empty());
  auto v = PacketView::parse(sent[0]);
  std::uint32_t tsn = 0;
  for (const auto& c : v->chunks()) {
    if (c.type == 0) tsn = DataChunk::parse(c)->tsn;
  }
  f.b().handle_receive(f.now(), packet(f.b().local_tag(), [&](ByteWriter& w) {
                         SackChunk s;
                         s.cumulative_tsn_ack = tsn + 5;  // acknowledges 5 TSNs never sent
                         s.a_rwnd = 1000;
                         s.write(w);
                       }));
  EXPECT_EQ(f.b().state(), State::closed);
  EXPECT_TRUE(contains_chunk(drain_output(f.b(), f.now()), ChunkType::abort,
                             static_cast<std::uint16_t>(CauseCode::protocol_violation)));
}

TEST(Rfc9260_3_3_4, GapBlockFloodCostsNothing) {
  Established e;
  for (std::uint32_t i = 0; i < 10; ++i)
    ASSERT_TRUE(e.b().send(e.now(), 0, 53, make_message(0, i, 1000)));
  auto sent = drain_output(e.b(), e.now());
  ASSERT_FALSE(sent.empty());
  const std::uint32_t cum = [&] {
    auto v = PacketView::parse(sent[0]);
    for (const auto& c : v->chunks()) {
      if (c.type == 0) return DataChunk::parse(c)->tsn - 1;
    }
    return 0u;
  }();
  // Hundreds of overlapping, inverted and far-away gap blocks in one SACK.
  e.b().handle_receive(e.now(), packet(e.b().local_tag(), [&](ByteWriter& w) {
                         ChunkWriter cw(w, 3, 0);
                         w.u32(cum);
                         w.u32(1'000'000);
                         w.u16(290);
                         w.u16(0);
                         for (int i = 0; i < 290; ++i) {
                           w.u16(static_cast<std::uint16_t>(i % 7 == 0 ? 0 : (i * 977) % 65535));
                           w.u16(static_cast<std::uint16_t>(i % 3 == 0 ? 1 : 65535));
                         }
                         cw.close();
                       }));
  EXPECT_TRUE(e.b().is_established());
  EXPECT_LE(e.b().outstanding_chunks(), 10u);
  // And the association still works afterwards.
  e.p.net.run_for(5s);
  EXPECT_EQ(e.p.a.messages.size(), 10u);
}

TEST(Rfc9260_6_2, DataWithoutUserDataIsAborted) {
  Established e;
  e.b().handle_receive(e.now(), packet(e.b().local_tag(), [](ByteWriter& w) {
                         ChunkWriter cw(w, 0, 3);
                         w.u32(1);
                         w.u16(0);
                         w.u16(0);
                         w.u32(0);
                         cw.close();
                       }));
  EXPECT_EQ(e.b().state(), State::closed);
  EXPECT_TRUE(contains_chunk(drain_output(e.b(), e.now()), ChunkType::abort,
                             static_cast<std::uint16_t>(CauseCode::no_user_data)));
}

TEST(Rfc9260_6_2, DataFarOutsideTheWindowIsDroppedNotBuffered) {
  Established e;
  Bytes payload(1000, 7);
  for (std::uint32_t i = 0; i < 2000; ++i) {
    e.b().handle_receive(e.now(), packet(e.b().local_tag(), [&](ByteWriter& w) {
                           DataChunk d;
                           d.flags = DataChunk::kBeginning;   // never-ending fragments
                           d.tsn = 0x80000000u + i * 40503u;  // scattered all over the TSN space
                           d.payload = payload;
                           d.write(w);
                         }));
  }
  EXPECT_TRUE(e.b().is_established());
  EXPECT_LE(e.b().receive_buffered(), AssociationPair::fast_config().receive_window);
}

TEST(Rfc9260_6_2, ReceiveBufferBoundedByWindow) {
  AssociationConfig c = AssociationPair::fast_config();
  c.receive_window = 64 * 1024;
  AssociationPair p(c);
  ASSERT_TRUE(p.establish());
  p.net.run_for(1s);
  Association& b = *p.b.assoc;
  // The peer's TSN base is not known to the test: learn it from a real packet.
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 0, 53, make_message(0, 0, 10)));
  std::uint32_t base = 0;
  while (auto pk = p.a.assoc->poll_transmit(p.net.now())) {
    auto v = PacketView::parse(*pk);
    for (const auto& ch : v->chunks()) {
      if (ch.type == 0) base = DataChunk::parse(ch)->tsn;
    }
  }
  // Never deliver base+1: everything after it must wait, up to the window and no further.
  Bytes payload(1000, 1);
  for (std::uint32_t i = 2; i < 500; ++i) {
    b.handle_receive(p.net.now(), packet(b.local_tag(), [&](ByteWriter& w) {
                       DataChunk d;
                       d.flags = 0;  // middle fragments of a message that never completes
                       d.tsn = base + i;
                       d.payload = payload;
                       d.write(w);
                     }));
  }
  EXPECT_LE(b.receive_buffered(), 64u * 1024);
  EXPECT_GT(b.receive_buffered(), 60u * 1024);
}

TEST(Rfc9260_3_2, UnknownChunksFollowTheUpperBits) {
  Established e;
  // 0xC5: skip and report; then a HEARTBEAT that must still be answered.
  Bytes info = {1, 2, 3, 4};
  e.b().handle_receive(e.now(), packet(e.b().local_tag(), [&](ByteWriter& w) {
                         ChunkWriter cw(w, 0xC5, 0);
                         w.u32(0xABCDEF01);
                         cw.close();
                         HeartbeatChunk{info}.write(w, false);
                       }));
  auto out = drain_output(e.b(), e.now());
  EXPECT_TRUE(contains_chunk(out, ChunkType::error,
                             static_cast<std::uint16_t>(CauseCode::unrecognized_chunk_type)));
  EXPECT_TRUE(contains_chunk(out, ChunkType::heartbeat_ack));
  // 0x3F: stop and discard silently: the HEARTBEAT after it is not processed.
  e.b().handle_receive(e.now(), packet(e.b().local_tag(), [&](ByteWriter& w) {
                         ChunkWriter cw(w, 0x3F, 0);
                         cw.close();
                         HeartbeatChunk{info}.write(w, false);
                       }));
  EXPECT_TRUE(drain_output(e.b(), e.now()).empty());
}

TEST(Rfc9260_8_4, OutOfTheBluePacketsAnsweredWithTBitAbort) {
  SeededRandom r(3);
  Association a(AssociationPair::fast_config(), r);
  ManualClock clock;
  const Bytes payload = {1};
  a.handle_receive(clock.now(), packet(0xCAFE, [&](ByteWriter& w) {
                     DataChunk d;
                     d.payload = payload;
                     d.write(w);
                   }));
  auto out = drain_output(a, clock.now());
  ASSERT_EQ(out.size(), 1u);
  auto v = PacketView::parse(out[0]);
  EXPECT_EQ(v->header().verification_tag, 0xCAFEu);
  EXPECT_EQ(v->chunks()[0].type, static_cast<std::uint8_t>(ChunkType::abort));
  EXPECT_EQ(v->chunks()[0].flags & 1, 1);
  // ...but an OOTB ABORT is never answered (§8.4 item 2), and SHUTDOWN ACK gets a
  // SHUTDOWN COMPLETE with the T bit (item 5).
  a.handle_receive(clock.now(), packet(0xCAFE, [](ByteWriter& w) { AbortChunk{}.write(w); }));
  EXPECT_TRUE(drain_output(a, clock.now()).empty());
  a.handle_receive(clock.now(), packet(0xCAFE, [](ByteWriter& w) {
                     write_empty_chunk(w, ChunkType::shutdown_ack);
                   }));
  EXPECT_TRUE(contains_chunk(drain_output(a, clock.now()), ChunkType::shutdown_complete));
}

TEST(Rfc9260_3_3_2, InitWithZeroStreamsIsAborted) {
  SeededRandom r(3);
  Association a(AssociationPair::fast_config(), r);
  ManualClock clock;
  a.handle_receive(clock.now(), packet(0, [](ByteWriter& w) {
                     InitChunk i;
                     i.initiate_tag = 99;
                     i.a_rwnd = 1000;
                     i.outbound_streams = 0;
                     i.inbound_streams = 5;
                     i.write(w, false);
                   }));
  auto out = drain_output(a, clock.now());
  ASSERT_TRUE(contains_chunk(out, ChunkType::abort));
  EXPECT_EQ(PacketView::parse(out[0])->header().verification_tag, 99u);
}

TEST(Rfc9260_6_5, DataForNonexistentStreamIsAckedAndReported) {
  AssociationConfig c = AssociationPair::fast_config();
  AssociationConfig small = c;
  small.streams = 4;
  AssociationPair p(c, 1, small, false);
  ASSERT_TRUE(p.establish());
  EXPECT_EQ(p.a.assoc->outbound_streams(), 4);
  EXPECT_FALSE(p.a.assoc->send(p.net.now(), 4, 53, as_bytes("x")));  // refused locally
  ASSERT_TRUE(p.a.assoc->send(p.net.now(), 3, 53, as_bytes("ok")));
  ASSERT_TRUE(p.run_until([&] { return p.b.messages.size() == 1; }));
}

TEST(Rfc9260_8_5, RandomGarbageNeverCrashesNorEstablishes) {
  SeededRandom r(77);
  Established e;
  for (int i = 0; i < 20000; ++i) {
    Bytes junk(r.uniform(200) + 1);
    r.fill(junk);
    if (i % 2 == 0 && junk.size() >= 12) {
      store_be32(junk, 4, e.b().local_tag());
      // Make some of them pass the checksum so the chunk parsers see them.
      const std::uint32_t crc = compute_checksum(junk);
      junk[8] = static_cast<std::uint8_t>(crc);
      junk[9] = static_cast<std::uint8_t>(crc >> 8);
      junk[10] = static_cast<std::uint8_t>(crc >> 16);
      junk[11] = static_cast<std::uint8_t>(crc >> 24);
    }
    e.b().handle_receive(e.now(), junk);
    drain_output(e.b(), e.now());
    while (e.b().poll_event()) {
    }
  }
  EXPECT_LE(e.b().receive_buffered(), AssociationPair::fast_config().receive_window);
}

}  // namespace
}  // namespace rtc::sctp
