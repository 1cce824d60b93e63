// RTCP packets (RFC 3550 §6.4-§6.7), feedback (RFC 4585 §6, RFC 5104 §4.3.1, REMB),
// transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) and
// compound validation (RFC 3550 A.2, RFC 5506).
#include <gtest/gtest.h>

#include "rtc/rtp/rtcp_compound.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;

template <class T>
Bytes write_one(const T& packet) {
  ByteWriter w;
  packet.write(w);
  return w.take();
}

TEST(Rfc3550_6_4_1, SenderReportWireFormat) {
  SenderReport sr;
  sr.sender_ssrc = 0x11223344;
  sr.ntp_timestamp = 0xe1e2e3e4e5e6e7e8ull;
  sr.rtp_timestamp = 0x01020304;
  sr.packet_count = 10;
  sr.octet_count = 1000;
  sr.reports.push_back({0xaabbccdd, 0x40, -2, 0x00010005, 77, 0xe3e4e5e6, 0x00018000});
  const Bytes bytes = write_one(sr);
  EXPECT_EQ(bytes, hex("81c8000c 11223344 e1e2e3e4 e5e6e7e8 01020304 0000000a 000003e8"
                       "aabbccdd 40fffffe 00010005 0000004d e3e4e5e6 00018000"));
  auto parsed = SenderReport::parse(bytes);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(*parsed, sr);
}

TEST(Rfc3550_6_4_2, ReceiverReportRoundTripAndEmptyReport) {
  ReceiverReport rr{0x1234, {{1, 0, 5, 100, 3, 0, 0}, {2, 255, 0x7fffff, 200, 4, 5, 6}}};
  auto parsed = ReceiverReport::parse(write_one(rr));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, rr);
  auto empty = ReceiverReport::parse(hex("80c90001 00001234"));
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->reports.empty());
  // RC says one block, none present.
  EXPECT_EQ(ReceiverReport::parse(hex("81c90001 00001234")).error().code, Errc::truncated);
}

TEST(Rfc3550_6_5_1, SdesCname) {
  const Sdes sdes = Sdes::with_cname(0x01020304, "user@example");
  const Bytes bytes = write_one(sdes);
  // Chunk: SSRC, CNAME(1) len 12 "user@example", null item, pad to 32 bits.
  EXPECT_EQ(bytes, hex("81ca0005 01020304 010c7573 65724065 78616d70 6c650000"));
  auto parsed = Sdes::parse(bytes);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(parsed->cname(0x01020304), "user@example");
  EXPECT_FALSE(parsed->cname(5));
  EXPECT_EQ(Sdes::parse(hex("81ca0002 01020304 010c7573")).error().code, Errc::truncated);
}

TEST(Rfc3550_6_6, ByeWithReason) {
  const Bye bye{{1, 2}, "done"};
  const Bytes bytes = write_one(bye);
  EXPECT_EQ(bytes, hex("82cb0004 00000001 00000002 04646f6e 65000000"));
  EXPECT_EQ(*Bye::parse(bytes), bye);
  EXPECT_FALSE(Bye::parse(hex("82cb0001 00000001")));
  // No SSRC at all (found by fuzz/rtcp_fuzz.cpp): still 8 octets, so it re-parses.
  const Bytes empty = write_one(Bye{});
  EXPECT_EQ(empty, hex("80cb0001 00000000"));
  EXPECT_TRUE(parse_rtcp(empty));
  ByteWriter w;
  Sdes{}.write(w);
  EXPECT_EQ(Bytes(w.view().begin(), w.view().end()), hex("80ca0001 00000000"));
}

TEST(Rfc3550_6_7, App) {
  App app{3, 0x99, {'a', 'b', 'c', 'd'}, hex("01020304")};
  const Bytes bytes = write_one(app);
  EXPECT_EQ(bytes, hex("83cc0003 00000099 61626364 01020304"));
  EXPECT_EQ(*App::parse(bytes), app);
}

TEST(Rfc4585_6_2_1, GenericNackPidAndBlp) {
  // Lost: 100, 101, 103, 116, 117 (117 is PID+17: needs a second FCI entry).
  Nack nack{1, 2, {100, 101, 103, 116, 117}};
  const Bytes bytes = write_one(nack);
  // PID 100, BLP bits 0 (101), 2 (103), 15 (116) = 0x8005; then PID 117, BLP 0.
  EXPECT_EQ(bytes, hex("81cd0004 00000001 00000002 00648005 00750000"));
  EXPECT_EQ(Nack::parse(bytes)->lost, nack.lost);
  // Across the wrap.
  Nack wrap{1, 2, {65535, 0, 1}};
  EXPECT_EQ(Nack::parse(write_one(wrap))->lost, wrap.lost);
  EXPECT_FALSE(Nack::parse(hex("81cd0002 00000001 00000002")));
}

TEST(Rfc4585_6_3_1, Pli) {
  const Pli pli{0xa, 0xb};
  const Bytes bytes = write_one(pli);
  EXPECT_EQ(bytes, hex("81ce0002 0000000a 0000000b"));
  EXPECT_EQ(*Pli::parse(bytes), pli);
}

TEST(Rfc5104_4_3_1, Fir) {
  const Fir fir{0xa, {{0x1234, 7}}};
  const Bytes bytes = write_one(fir);
  EXPECT_EQ(bytes, hex("84ce0004 0000000a 00000000 00001234 07000000"));
  EXPECT_EQ(*Fir::parse(bytes), fir);
}

TEST(Remb, MantissaAndExponent) {
  const Remb remb{0xa, 1'000'000, {0x11, 0x22}};
  const Bytes bytes = write_one(remb);
  // 1e6 = 0x0f4240 > 2^18: shifted twice → mantissa 0x3d090, exp 2: octet 0x0b = exp << 2 | top
  // mantissa bits.
  EXPECT_EQ(bytes, hex("8fce0006 0000000a 00000000 52454d42 020bd090 00000011 00000022"));
  auto parsed = Remb::parse(bytes);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->bitrate_bps, 1'000'000u);
  EXPECT_EQ(parsed->ssrcs, remb.ssrcs);
}

TEST(TransportCc_3_1, HandWrittenPacket) {
  // base 5, count 4, reference time 1 (64 ms), fb count 9;
  // one 2-bit status vector chunk: small, not received, large, small, then padding symbols;
  // deltas: 0x10, 0x0100 (large), 0x02; then zero padding.
  const Bytes bytes = hex("8fcd0006 00000001 00000002 00050004 00000109 d2401001 00020000");
  auto fb = TransportFeedback::parse(bytes);
  ASSERT_TRUE(fb) << fb.error().to_string();
  EXPECT_EQ(fb->base_sequence, 5);
  EXPECT_EQ(fb->reference_time, 1);
  EXPECT_EQ(fb->feedback_count, 9);
  ASSERT_EQ(fb->packets.size(), 4u);
  EXPECT_TRUE(fb->packets[0].received);
  EXPECT_EQ(fb->packets[0].delta_ticks, 0x10);
  EXPECT_FALSE(fb->packets[1].received);
  EXPECT_EQ(fb->packets[2].delta_ticks, 0x100);
  EXPECT_EQ(fb->packets[3].sequence, 8);
  const auto times = fb->arrival_times();
  EXPECT_EQ(times[0], microseconds(64000 + 16 * 250));
  EXPECT_FALSE(times[1]);
}

TEST(TransportCc_3_1, RoundTripRunLengthAndVectors) {
  std::vector<std::optional<Duration>> arrivals;
  // 20 received 1 ms apart, 10 lost, one 300 ms later (large delta), one going back in time.
  for (int i = 0; i < 20; ++i) arrivals.push_back(milliseconds(1000 + i));
  for (int i = 0; i < 10; ++i) arrivals.push_back(std::nullopt);
  arrivals.push_back(milliseconds(1320));
  arrivals.push_back(milliseconds(1310));
  const auto fb = TransportFeedback::from_arrivals(1, 2, 65530, 0, arrivals);
  const Bytes bytes = write_one(fb);
  auto parsed = TransportFeedback::parse(bytes);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(*parsed, fb);
  EXPECT_EQ(parsed->packets.back().sequence, static_cast<std::uint16_t>(65530 + 31));
  const auto times = parsed->arrival_times();
  for (std::size_t i = 0; i < arrivals.size(); ++i) EXPECT_EQ(times[i], arrivals[i]) << i;
}

TEST(TransportCc_3_1, BadPacketsAreErrors) {
  // Status count 4 but no chunks.
  EXPECT_EQ(
      TransportFeedback::parse(hex("8fcd0004 00000001 00000002 00050004 00000109")).error().code,
      Errc::truncated);
  // Reserved symbol 11.
  EXPECT_FALSE(
      TransportFeedback::parse(hex("8fcd0005 00000001 00000002 00050001 00000109 f0000000")));
  // Deltas missing.
  EXPECT_FALSE(
      TransportFeedback::parse(hex("8fcd0005 00000001 00000002 00050003 00000109 20030000")));
}

TEST(Rfc3550_A_2, CompoundMustStartWithSrOrRr) {
  ByteWriter w;
  ReceiverReport{1, {}}.write(w);
  Sdes::with_cname(1, "c").write(w);
  Pli{1, 2}.write(w);
  const Bytes compound = w.take();
  auto packets = parse_rtcp(compound, RtcpMode::compound);
  ASSERT_TRUE(packets) << packets.error().to_string();
  ASSERT_EQ(packets->size(), 3u);
  EXPECT_STREQ(rtcp_packet_name((*packets)[0]), "RR");
  EXPECT_STREQ(rtcp_packet_name((*packets)[1]), "SDES");
  EXPECT_STREQ(rtcp_packet_name((*packets)[2]), "PLI");
  EXPECT_EQ(serialize_rtcp(*packets), compound);

  const Bytes pli_alone = write_one(Pli{1, 2});
  EXPECT_EQ(validate_rtcp(pli_alone, RtcpMode::compound).error().code, Errc::malformed);
}

TEST(Rfc5506_3, ReducedSizeFeedbackAlone) {
  const Bytes nack = write_one(Nack{1, 2, {7}});
  auto packets = parse_rtcp(nack, RtcpMode::reduced_size);
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 1u);
  EXPECT_EQ(std::get<Nack>((*packets)[0]).lost, std::vector<std::uint16_t>{7});
  auto view = RtcpCompoundView::parse(nack);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->size(), 1u);
  for (RtcpHeaderView p : *view) EXPECT_EQ(p.packet_type(), 205);
}

TEST(Rfc3550_6_1, UnknownTypesAreKeptAndPaddingHonoured) {
  // XR (207), then an RR padded with 4 octets (P bit, last packet).
  const Bytes bytes = hex("80cf0001 00000001 a0c90002 00000002 00000004");
  auto packets = parse_rtcp(bytes);
  ASSERT_TRUE(packets) << packets.error().to_string();
  ASSERT_EQ(packets->size(), 2u);
  EXPECT_EQ(std::get<UnknownRtcp>((*packets)[0]).packet_type, 207);
  EXPECT_EQ(std::get<ReceiverReport>((*packets)[1]).sender_ssrc, 2u);
}

TEST(Rfc3550_6_4_1, PaddingIsNotPartOfAnUnknownBody) {
  // A padded AFB (PSFB FMT 15) whose padding count (17) leaves 7 octets of body: too short for
  // REMB, so it is an unknown packet. Its padding must not come back as content: with P=0 the
  // re-serialized body would read "REMB" and change kind (found by libFuzzer).
  const Bytes bytes = hex("afce0006 00000000 0000000a 52454d42 01004002 04640004 00000011");
  auto packets = parse_rtcp(bytes, RtcpMode::reduced_size);
  ASSERT_TRUE(packets) << packets.error().to_string();
  ASSERT_EQ(packets->size(), 1u);
  const auto& unknown = std::get<UnknownRtcp>((*packets)[0]);
  EXPECT_EQ(unknown.body, hex("00000000 000000"));
  auto again = parse_rtcp(serialize_rtcp(*packets), RtcpMode::reduced_size);
  ASSERT_TRUE(again) << again.error().to_string();
  ASSERT_EQ(again->size(), 1u);
  EXPECT_TRUE(std::holds_alternative<UnknownRtcp>((*again)[0]));
}

TEST(Rfc3550_A_2, BadCompoundsAreErrorsWithOffsets) {
  // Second packet's length runs past the end.
  auto bad = parse_rtcp(hex("80c90001 00000001 80c90005 00000002"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().offset, 10u);
  // A well-framed SR too short for its sender info.
  auto short_sr = parse_rtcp(hex("80c80001 00000001"));
  ASSERT_FALSE(short_sr);
  EXPECT_EQ(short_sr.error().code, Errc::truncated);
  EXPECT_FALSE(parse_rtcp({}));
}

}  // namespace
}  // namespace rtc::rtp
