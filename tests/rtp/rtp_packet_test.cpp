// RtpPacketView / RtpPacketBuilder (RFC 3550 §5.1) and header extensions (RFC 8285, typed
// extensions of RFC 6464, RFC 8852, abs-send-time, transport-wide-cc, CVO).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "rtc/rtp/rtp_extensions.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;

Bytes to_bytes(BytesView v) {
  return Bytes(v.begin(), v.end());
}

TEST(Rfc3550_5_1, BuilderRoundTripsEveryField) {
  const Bytes payload = hex("deadbeef01");
  RtpPacketBuilder b;
  b.marker(true).payload_type(96).sequence_number(0xfffe).timestamp(0x12345678).ssrc(0xcafebabe);
  b.add_csrc(1).add_csrc(2).payload(payload).padding(3);
  auto packet = b.build();
  ASSERT_TRUE(packet) << packet.error().to_string();
  auto v = RtpPacketView::parse(*packet);
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_EQ(v->version(), 2);
  EXPECT_TRUE(v->marker());
  EXPECT_EQ(v->payload_type(), 96);
  EXPECT_EQ(v->sequence_number(), 0xfffe);
  EXPECT_EQ(v->timestamp(), 0x12345678u);
  EXPECT_EQ(v->ssrc(), 0xcafebabeu);
  ASSERT_EQ(v->csrc_count(), 2);
  EXPECT_EQ(v->csrc(1), 2u);
  EXPECT_TRUE(v->has_padding());
  EXPECT_EQ(v->padding_size(), 3u);
  EXPECT_EQ(to_bytes(v->payload()), payload);
  EXPECT_FALSE(v->has_extension());
  EXPECT_EQ(v->extensions().form(), ExtensionForm::none);
}

TEST(Rfc3550_5_1, BuilderRejectsTooManyCsrcsAndBadPayloadType) {
  RtpPacketBuilder b;
  for (int i = 0; i < 16; ++i) b.add_csrc(static_cast<std::uint32_t>(i));
  EXPECT_EQ(b.build().error().code, Errc::invalid_argument);
  RtpPacketBuilder c;
  c.payload_type(128);
  EXPECT_FALSE(c.build());
}

TEST(Rfc8285_4_2, OneByteExampleFromTheRfc) {
  // RFC 8285 §4.2 figure: ID 1 (1 octet), ID 2 (2 octets), two padding octets, ID 3 (4 octets).
  const Bytes packet = hex("90600001 00000000 00000001 bede0003 10aa21bb bb000033 cccccccc 77");
  auto v = RtpPacketView::parse(packet);
  ASSERT_TRUE(v) << v.error().to_string();
  const auto& ext = v->extensions();
  EXPECT_EQ(ext.form(), ExtensionForm::one_byte);
  ASSERT_EQ(ext.size(), 3u);
  EXPECT_EQ(ext[0].id, 1);
  EXPECT_EQ(to_bytes(ext[0].data), hex("aa"));
  EXPECT_EQ(ext[1].id, 2);
  EXPECT_EQ(to_bytes(ext[1].data), hex("bbbb"));
  EXPECT_EQ(ext[2].id, 3);
  EXPECT_EQ(to_bytes(*v->extension(3)), hex("cccccccc"));
  EXPECT_FALSE(v->extension(4));
  EXPECT_EQ(to_bytes(v->payload()), hex("77"));
}

TEST(Rfc8285_4_3, TwoByteExampleFromTheRfc) {
  // RFC 8285 §4.3 figure: ID 1 with L=0, ID 2 with one octet, a pad, ID 3 with four octets.
  const Bytes packet = hex("90600001 00000000 00000001 10000003 01000201 dd000304 eeeeeeee");
  auto v = RtpPacketView::parse(packet);
  ASSERT_TRUE(v) << v.error().to_string();
  const auto& ext = v->extensions();
  EXPECT_EQ(ext.form(), ExtensionForm::two_byte);
  ASSERT_EQ(ext.size(), 3u);
  EXPECT_EQ(ext[0].id, 1);
  EXPECT_TRUE(ext[0].data.empty());
  EXPECT_EQ(to_bytes(*v->extension(2)), hex("dd"));
  EXPECT_EQ(to_bytes(*v->extension(3)), hex("eeeeeeee"));
}

TEST(Rfc8285_4_2, Id15StopsTheWalk) {
  const Bytes packet = hex("90600001 00000000 00000001 bede0002 10aaf0ff 20bb0000");
  auto v = RtpPacketView::parse(packet);
  ASSERT_TRUE(v) << v.error().to_string();
  ASSERT_EQ(v->extensions().size(), 1u);
  EXPECT_FALSE(v->extension(2));
}

TEST(Rfc8285_4_2, ElementPastTheBlockIsAnError) {
  // ID 1 claims 16 octets in a 4-octet block.
  auto v = RtpPacketView::parse(hex("90600001 00000000 00000001 bede0001 1faabbcc"));
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, Errc::truncated);
  EXPECT_EQ(v.error().offset, 16u);
  // Two-byte element whose length octet is missing.
  EXPECT_FALSE(RtpPacketView::parse(hex("90600001 00000000 00000001 10000001 000000 05")));
}

TEST(Rfc8285_4_2, TheFaultNamedIsTheFirstOne) {
  // A good element, then one that claims 16 octets of the 6 left: the error points at it.
  auto overrun = RtpPacketView::parse(hex("90600001 00000000 00000001 bede0002 10aa2fbb ccddeeff"));
  ASSERT_FALSE(overrun);
  EXPECT_EQ(overrun.error().code, Errc::truncated);
  EXPECT_EQ(overrun.error().offset, 18u);
  // A 36-octet one-byte block: `elements` times ID 1 with one octet, then `rest`.
  auto block_of = [](int elements, std::string_view rest) {
    std::string text = "90600001 00000000 00000001 bede0009 ";
    for (int i = 0; i < elements; ++i) text += "10aa";
    return RtpPacketView::parse(hex(text + std::string(rest)));
  };
  // Seventeen elements: one more than the index holds.
  auto too_many = block_of(17, "0000");
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, Errc::unsupported);
  EXPECT_EQ(too_many.error().offset, 48u);
  // Sixteen elements and a seventeenth that also runs past the block: the overrun is named.
  auto overrun_first = block_of(16, "1fbbccdd");
  ASSERT_FALSE(overrun_first);
  EXPECT_EQ(overrun_first.error().code, Errc::truncated);
  EXPECT_EQ(overrun_first.error().offset, 48u);
  // A refused block leaves the list empty, not holding an entry that points past the block.
  HeaderExtensionList list;
  ASSERT_TRUE(list.assign(kOneByteExtensionProfile, hex("10aa0000")));
  EXPECT_EQ(list.size(), 1u);
  EXPECT_FALSE(list.assign(kOneByteExtensionProfile, hex("10aa2fbb")));
  EXPECT_EQ(list.size(), 0u);
}

TEST(Rfc3550_5_3_1, OtherProfilesAreOpaque) {
  auto v = RtpPacketView::parse(hex("90600001 00000000 00000001 abcd0001 ffffffff"));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->extensions().form(), ExtensionForm::other);
  EXPECT_TRUE(v->extensions().empty());
}

TEST(Rfc8285_4_1, BuilderPicksOneByteWhenEverythingFits) {
  const Bytes mid = {'0'};
  const auto tw = encode_transport_sequence(0x1234);
  RtpPacketBuilder b;
  b.ssrc(1).add_extension(1, mid).add_extension(3, tw);
  auto packet = b.build();
  ASSERT_TRUE(packet);
  // 0xBEDE, length 2 words: 10 30 | 31 12 34 | 00 00 00 padding.
  EXPECT_EQ(to_bytes(BytesView(*packet).subspan(12)), hex("bede0002 10303112 34000000"));
  auto v = RtpPacketView::parse(*packet);
  ASSERT_TRUE(v);
  EXPECT_EQ(*decode_transport_sequence(*v->extension(3)), 0x1234);
  EXPECT_EQ(*decode_sdes_text(*v->extension(1)), "0");
}

TEST(Rfc8285_6, TwoByteFormNeedsExtmapAllowMixed) {
  const Bytes long_rid(20, 'r');
  RtpPacketBuilder b;
  b.ssrc(1).add_extension(1, long_rid);
  auto refused = b.build();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  b.allow_two_byte_extensions(true);
  auto packet = b.build();
  ASSERT_TRUE(packet) << packet.error().to_string();
  auto v = RtpPacketView::parse(*packet);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->extension_profile(), 0x1000);
  EXPECT_EQ(v->extensions().form(), ExtensionForm::two_byte);
  EXPECT_EQ(*decode_sdes_text(*v->extension(1)), std::string(20, 'r'));
  // ID 0 is never allowed.
  RtpPacketBuilder zero;
  zero.add_extension(0, long_rid).allow_two_byte_extensions(true);
  EXPECT_FALSE(zero.build());
}

TEST(Rfc8285_5, ExtensionMapBothWays) {
  ExtensionMap map;
  ASSERT_TRUE(map.set(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
  ASSERT_TRUE(map.set(5, ExtensionKind::transport_wide_cc));
  EXPECT_FALSE(map.set(0, ExtensionKind::abs_send_time));
  EXPECT_EQ(map.kind_of(4), ExtensionKind::sdes_mid);
  EXPECT_EQ(map.id_of(ExtensionKind::transport_wide_cc), 5);
  EXPECT_EQ(map.id_of(ExtensionKind::abs_send_time), 0);
  EXPECT_EQ(extension_kind_from_uri(extension_uri(ExtensionKind::rtp_stream_id)),
            ExtensionKind::rtp_stream_id);
  EXPECT_EQ(extension_kind_from_uri("urn:x"), ExtensionKind::unknown);
}

TEST(AbsSendTime, SixPointEighteenFixedPoint) {
  // 1.5 s in NTP = 0x00000001_80000000; bits 14..37 → 0x060000.
  const std::uint64_t ntp = 0x0000000180000000ull;
  EXPECT_EQ(abs_send_time_from_ntp(ntp), 0x060000u);
  const auto bytes = encode_abs_send_time(0x060000);
  EXPECT_EQ(*decode_abs_send_time(bytes), 0x060000u);
  EXPECT_FALSE(decode_abs_send_time(hex("0102")));
}

TEST(Rfc6464_3, AudioLevel) {
  // V=1, level 42 → 0xaa.
  EXPECT_EQ(encode_audio_level({true, 42}), 0xaa);
  const std::uint8_t octet[] = {0x2a};
  EXPECT_EQ(*decode_audio_level(octet), (AudioLevel{false, 42}));
  EXPECT_EQ(encode_audio_level({false, 200}), 127);  // clamped
}

TEST(VideoOrientation, CvoBits) {
  const VideoOrientation v{true, false, 270};
  EXPECT_EQ(encode_video_orientation(v), 0x0b);
  const std::uint8_t octet[] = {0x0b};
  EXPECT_EQ(*decode_video_orientation(octet), v);
}

TEST(Rfc3550_A_1, BuildIntoReusesTheBuffer) {
  const Bytes payload(1000, 0x55);
  RtpPacketBuilder b;
  b.ssrc(7).payload(payload);
  Bytes out;
  ASSERT_TRUE(b.build_into(out));
  const auto* data = out.data();
  b.sequence_number(2);
  ASSERT_TRUE(b.build_into(out));
  EXPECT_EQ(out.data(), data);
  EXPECT_EQ(RtpPacketView::parse(out)->sequence_number(), 2);
}

}  // namespace
}  // namespace rtc::rtp
