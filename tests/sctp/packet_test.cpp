// Packet and chunk codec: RFC 9260 §3 layouts, CRC-32c (Appendix A), parameter rules.
#include <gtest/gtest.h>

#include "rtc/common/crc.hpp"
#include "rtc/sctp/chunks.hpp"
#include "rtc/sctp/cookie.hpp"
#include "rtc/sctp/interval_set.hpp"
#include "rtc/sctp/packet.hpp"
#include "rtc/sctp/tsn.hpp"

namespace rtc::sctp {
namespace {

Bytes build(std::uint32_t vtag, const std::function<void(ByteWriter&)>& chunks) {
  PacketBuilder b(CommonHeader{5000, 5000, vtag});
  chunks(b.writer());
  return b.finish();
}

TEST(Rfc9260_AppendixA, Crc32cCheckValue) {
  // The CRC-32c check value: "123456789" -> 0xE3069283.
  EXPECT_EQ(crc32c(as_bytes("123456789")), 0xE3069283u);
}

TEST(Rfc9260_AppendixA, ChecksumLittleEndianOnTheWireAndVerified) {
  Bytes p = build(0x01020304, [](ByteWriter& w) { write_empty_chunk(w, ChunkType::cookie_ack); });
  ASSERT_EQ(p.size(), 16u);
  const std::uint32_t crc = compute_checksum(p);
  EXPECT_EQ(p[8], static_cast<std::uint8_t>(crc));
  EXPECT_EQ(p[11], static_cast<std::uint8_t>(crc >> 24));
  EXPECT_TRUE(checksum_ok(p));
  auto v = PacketView::parse(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->header().verification_tag, 0x01020304u);
  ASSERT_EQ(v->chunks().size(), 1u);
  EXPECT_EQ(v->chunks()[0].type, static_cast<std::uint8_t>(ChunkType::cookie_ack));
}

TEST(Rfc9260_6_8, WrongChecksumRejected) {
  Bytes p = build(1, [](ByteWriter& w) { write_empty_chunk(w, ChunkType::cookie_ack); });
  p[13] ^= 1;
  auto v = PacketView::parse(p);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, Errc::integrity);
}

TEST(Rfc9260_3_2, ChunkLengthRulesAndPadding) {
  // A chunk that claims more bytes than the packet holds, and one with length < 4.
  Bytes p = build(1, [](ByteWriter& w) {
    w.u8(0);
    w.u8(3);
    w.u16(100);
  });
  EXPECT_FALSE(PacketView::parse(p));
  Bytes q = build(1, [](ByteWriter& w) {
    w.u8(11);
    w.u8(0);
    w.u16(2);
  });
  EXPECT_FALSE(PacketView::parse(q));
  EXPECT_FALSE(PacketView::parse(Bytes(11, 0)));
}

TEST(Rfc9260_3_3_1, DataChunkRoundTripWithPadding) {
  const Bytes payload = {1, 2, 3, 4, 5};
  DataChunk d;
  d.flags = DataChunk::kBeginning | DataChunk::kUnordered;
  d.tsn = 0xFFFFFFFF;
  d.stream_id = 7;
  d.ssn = 9;
  d.ppid = 51;
  d.payload = payload;
  Bytes p = build(5, [&](ByteWriter& w) { d.write(w); });
  EXPECT_EQ(p.size(), 12u + 16u + 8u);  // 5 bytes of payload padded to 8
  EXPECT_EQ(load_be16(p, 14), 21u);     // length excludes padding
  auto v = PacketView::parse(p);
  ASSERT_TRUE(v);
  auto back = DataChunk::parse(v->chunks()[0]);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->tsn, 0xFFFFFFFFu);
  EXPECT_EQ(back->stream_id, 7);
  EXPECT_EQ(back->ssn, 9);
  EXPECT_EQ(back->ppid, 51u);
  EXPECT_TRUE(back->beginning());
  EXPECT_FALSE(back->end());
  EXPECT_TRUE(back->unordered());
  EXPECT_EQ(Bytes(back->payload.begin(), back->payload.end()), payload);
}

TEST(Rfc9260_3_3_2, InitRoundTripWithExtensions) {
  InitChunk init;
  init.initiate_tag = 0xDEADBEEF;
  init.a_rwnd = 131072;
  init.outbound_streams = 1024;
  init.inbound_streams = 2048;
  init.initial_tsn = 42;
  init.forward_tsn_supported = true;
  init.reconfig_supported = true;
  Bytes p = build(0, [&](ByteWriter& w) { init.write(w, false); });
  auto v = PacketView::parse(p);
  ASSERT_TRUE(v);
  auto back = InitChunk::parse(v->chunks()[0]);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->initiate_tag, 0xDEADBEEFu);
  EXPECT_EQ(back->a_rwnd, 131072u);
  EXPECT_EQ(back->outbound_streams, 1024);
  EXPECT_EQ(back->inbound_streams, 2048);
  EXPECT_EQ(back->initial_tsn, 42u);
  EXPECT_TRUE(back->forward_tsn_supported);
  EXPECT_TRUE(back->reconfig_supported);
  EXPECT_FALSE(back->state_cookie);
}

TEST(Rfc9260_3_2_1, UnknownParameterUpperBits) {
  // INIT with: 0x4ABC (01: stop + report), then forward-TSN-supported that must be ignored.
  Bytes p = build(0, [](ByteWriter& w) {
    ChunkWriter cw(w, 1, 0);
    w.u32(1);
    w.u32(1000);
    w.u16(1);
    w.u16(1);
    w.u32(0);
    write_parameter(w, 0xC123, as_bytes("skip+report"));  // 11: skip, report
    write_parameter(w, 0x8123, as_bytes("skip"));         // 10: skip silently
    write_parameter(w, 0x4ABC, as_bytes("stop"));         // 01: stop, report
    write_parameter(w, ParamType::forward_tsn_supported, {});
    cw.close();
  });
  auto v = PacketView::parse(p);
  ASSERT_TRUE(v);
  auto init = InitChunk::parse(v->chunks()[0]);
  ASSERT_TRUE(init);
  ASSERT_EQ(init->unrecognized.size(), 2u);
  EXPECT_EQ(load_be16(init->unrecognized[0], 0), 0xC123);
  EXPECT_EQ(load_be16(init->unrecognized[1], 0), 0x4ABC);
  EXPECT_FALSE(init->forward_tsn_supported);  // processing stopped before it
  EXPECT_TRUE(unknown_param_action(0x0001).stop);
  EXPECT_FALSE(unknown_param_action(0x8001).stop);
}

TEST(Rfc9260_3_2, UnknownChunkUpperBits) {
  EXPECT_TRUE(unknown_chunk_action(0x3F).stop);
  EXPECT_FALSE(unknown_chunk_action(0x3F).report);
  EXPECT_TRUE(unknown_chunk_action(0x7F).stop);
  EXPECT_TRUE(unknown_chunk_action(0x7F).report);
  EXPECT_FALSE(unknown_chunk_action(0xBF).stop);
  EXPECT_FALSE(unknown_chunk_action(0xBF).report);
  EXPECT_FALSE(unknown_chunk_action(0xFF).stop);
  EXPECT_TRUE(unknown_chunk_action(0xFF).report);
}

TEST(Rfc9260_3_3_4, SackRoundTripAndCraftedCounts) {
  SackChunk s;
  s.cumulative_tsn_ack = 100;
  s.a_rwnd = 5000;
  s.gap_blocks = {{2, 3}, {5, 9}};
  s.duplicate_tsns = {97, 98};
  Bytes p = build(1, [&](ByteWriter& w) { s.write(w); });
  auto v = PacketView::parse(p);
  ASSERT_TRUE(v);
  auto back = SackChunk::parse(v->chunks()[0]);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->cumulative_tsn_ack, 100u);
  ASSERT_EQ(back->gap_blocks.size(), 2u);
  EXPECT_EQ(back->gap_blocks[1].end, 9);
  EXPECT_EQ(back->duplicate_tsns, (std::vector<std::uint32_t>{97, 98}));
  // A SACK claiming 65535 gap blocks in a 16-byte chunk is refused before allocating.
  Bytes q = build(1, [](ByteWriter& w) {
    ChunkWriter cw(w, 3, 0);
    w.u32(1);
    w.u32(1);
    w.u16(0xFFFF);
    w.u16(0xFFFF);
    cw.close();
  });
  auto vq = PacketView::parse(q);
  ASSERT_TRUE(vq);
  EXPECT_FALSE(SackChunk::parse(vq->chunks()[0]));
}

TEST(Rfc3758_3_2, ForwardTsnRoundTrip) {
  ForwardTsnChunk f;
  f.new_cumulative_tsn = 77;
  f.skipped = {{1, 5}, {3, 0xFFFF}};
  Bytes p = build(1, [&](ByteWriter& w) { f.write(w); });
  auto v = PacketView::parse(p);
  ASSERT_TRUE(v);
  auto back = ForwardTsnChunk::parse(v->chunks()[0]);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->new_cumulative_tsn, 77u);
  ASSERT_EQ(back->skipped.size(), 2u);
  EXPECT_EQ(back->skipped[1].ssn, 0xFFFF);
}

TEST(Rfc6525_4, ReconfigRequestsAndResponseRoundTrip) {
  ReconfigChunk r;
  r.outgoing.push_back({10, 9, 1234, {1, 3, 5}});
  r.responses.push_back({8, ReconfigResult::success_performed});
  Bytes p = build(1, [&](ByteWriter& w) { r.write(w); });
  auto v = PacketView::parse(p);
  ASSERT_TRUE(v);
  auto back = ReconfigChunk::parse(v->chunks()[0]);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->outgoing.size(), 1u);
  EXPECT_EQ(back->outgoing[0].last_assigned_tsn, 1234u);
  EXPECT_EQ(back->outgoing[0].streams, (std::vector<std::uint16_t>{1, 3, 5}));
  ASSERT_EQ(back->responses.size(), 1u);
  EXPECT_EQ(back->responses[0].result, ReconfigResult::success_performed);
  ReconfigChunk in;
  in.incoming.push_back({11, {2}});
  Bytes q = build(1, [&](ByteWriter& w) { in.write(w); });
  auto back2 = ReconfigChunk::parse(PacketView::parse(q)->chunks()[0]);
  ASSERT_TRUE(back2);
  ASSERT_EQ(back2->incoming.size(), 1u);
  EXPECT_EQ(back2->incoming[0].streams, (std::vector<std::uint16_t>{2}));
}

TEST(Rfc9260_3_3_10, ErrorCausesRoundTrip) {
  ByteWriter causes;
  write_error_cause(causes, CauseCode::user_initiated_abort, as_bytes("bye"));
  write_error_cause(causes, CauseCode::protocol_violation, {});
  auto parsed = parse_error_causes(causes.view());
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].code, 12);
  EXPECT_EQ(as_string_view((*parsed)[0].info), "bye");
  EXPECT_EQ((*parsed)[1].code, 13);
}

TEST(Rfc9260_5_1_3, CookieSignedAndTimeLimited) {
  const Bytes secret(32, 7);
  CookieSigner signer(secret);
  ManualClock clock;
  CookieContents c;
  c.created = clock.now();
  c.lifetime = std::chrono::seconds(10);
  c.local_tag = 1;
  c.peer_tag = 2;
  c.local_initial_tsn = 3;
  c.peer_initial_tsn = 4;
  c.peer_a_rwnd = 5;
  c.outbound_streams = 6;
  c.inbound_streams = 7;
  c.peer_forward_tsn = true;
  Bytes cookie = signer.sign(c);
  auto ok = signer.verify(cookie, clock.now() + std::chrono::seconds(5));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->peer_tag, 2u);
  EXPECT_EQ(ok->inbound_streams, 7);
  EXPECT_TRUE(ok->peer_forward_tsn);
  EXPECT_FALSE(ok->peer_reconfig);
  // Forged: any flipped bit breaks the MAC.
  Bytes forged = cookie;
  forged[14] ^= 0x40;
  auto bad = signer.verify(forged, clock.now());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::integrity);
  // Another endpoint's key.
  CookieSigner other(Bytes(32, 8));
  EXPECT_FALSE(other.verify(cookie, clock.now()));
  // Expired.
  Duration stale{};
  auto old = signer.verify(cookie, clock.now() + std::chrono::seconds(11), &stale);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, Errc::timeout);
  EXPECT_EQ(stale, std::chrono::seconds(1));
}

TEST(Rfc1982, SerialArithmeticAndUnwrap) {
  EXPECT_TRUE(tsn_lt(0xFFFFFFFF, 0));
  EXPECT_TRUE(tsn_lt(1, 2));
  EXPECT_FALSE(tsn_lt(2, 1));
  EXPECT_TRUE(ssn_lt(0xFFFF, 0));
  TsnUnwrapper u(0xFFFFFFF0);
  const auto a = u.unwrap_and_update(0xFFFFFFFF);
  const auto b = u.unwrap_and_update(0x00000005);
  EXPECT_EQ(b - a, 6u);
  EXPECT_EQ(u.unwrap(0xFFFFFFFE) + 7, b);
}

TEST(IntervalSet, InsertReportsOnlyNewRanges) {
  IntervalSet s;
  s.insert(10, 12);
  s.insert(20, 25);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> fresh;
  s.insert(5, 30, [&](std::uint64_t a, std::uint64_t b) { fresh.emplace_back(a, b); });
  EXPECT_EQ(fresh,
            (std::vector<std::pair<std::uint64_t, std::uint64_t>>{{5, 9}, {13, 19}, {26, 30}}));
  EXPECT_EQ(s.interval_count(), 1u);
  s.erase_up_to(7);
  EXPECT_FALSE(s.contains(7));
  EXPECT_TRUE(s.contains(8));
  s.insert(32, 33);
  s.insert(31, 31);
  EXPECT_EQ(s.interval_count(), 1u);
}

}  // namespace
}  // namespace rtc::sctp
