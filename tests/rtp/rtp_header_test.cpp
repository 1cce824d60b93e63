// RtpHeaderView (RFC 3550 §5.1, §5.3.1, A.1) and RtcpHeaderView / compound walk (§6.1, §6.4.1).
#include <gtest/gtest.h>

#include "rtc/rtp/rtcp_header.hpp"
#include "rtc/rtp/rtp_header.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;

TEST(Rfc3550_5_1, FixedHeaderFields) {
  // V=2 P=0 X=0 CC=0 M=1 PT=96 seq=0x1234 ts=0xdeadbeef ssrc=0xcafebabe, 3 payload octets.
  const Bytes packet = hex("80e01234 deadbeef cafebabe 010203");
  auto view = RtpHeaderView::parse(packet);
  ASSERT_TRUE(view) << view.error().to_string();
  EXPECT_EQ(view->version(), 2);
  EXPECT_FALSE(view->has_padding());
  EXPECT_FALSE(view->has_extension());
  EXPECT_EQ(view->csrc_count(), 0);
  EXPECT_TRUE(view->marker());
  EXPECT_EQ(view->payload_type(), 96);
  EXPECT_EQ(view->sequence_number(), 0x1234);
  EXPECT_EQ(view->timestamp(), 0xdeadbeefu);
  EXPECT_EQ(view->ssrc(), 0xcafebabeu);
  EXPECT_EQ(view->header_size(), 12u);
  EXPECT_EQ(Bytes(view->payload().begin(), view->payload().end()), hex("010203"));
  EXPECT_EQ(view->padding_size(), 0u);
}

TEST(Rfc3550_5_1, CsrcListAndExtension) {
  // CC=2, X=1: two CSRCs, then a one-word RFC 8285 one-byte extension block.
  const Bytes packet = hex("92601234 00000001 00000002 11111111 22222222 bede0001 10ab0000 ff");
  auto view = RtpHeaderView::parse(packet);
  ASSERT_TRUE(view) << view.error().to_string();
  EXPECT_EQ(view->csrc_count(), 2);
  EXPECT_EQ(view->csrc(0), 0x11111111u);
  EXPECT_EQ(view->csrc(1), 0x22222222u);
  EXPECT_TRUE(view->has_extension());
  EXPECT_EQ(view->extension_profile(), 0xbede);
  EXPECT_EQ(Bytes(view->extension_data().begin(), view->extension_data().end()), hex("10ab0000"));
  EXPECT_EQ(view->header_size(), 12u + 8u + 8u);
  EXPECT_EQ(view->payload().size(), 1u);
}

TEST(Rfc3550_5_1, PaddingIsCountedByTheLastOctet) {
  const Bytes packet = hex("a0600001 00000000 00000001 aabb 0000 03");
  auto view = RtpHeaderView::parse(packet);
  ASSERT_TRUE(view) << view.error().to_string();
  EXPECT_EQ(view->padding_size(), 3u);
  EXPECT_EQ(Bytes(view->payload().begin(), view->payload().end()), hex("aabb"));
  // parse_header leaves the (maybe encrypted) payload alone.
  auto header_only = RtpHeaderView::parse_header(packet);
  ASSERT_TRUE(header_only);
  EXPECT_EQ(header_only->payload().size(), 5u);
}

TEST(Rfc3550_A_1, BadPacketsAreErrorsNotCrashes) {
  struct Case {
    const char* name;
    const char* hex;
    Errc code;
  };
  const Case cases[] = {
      {"empty", "", Errc::truncated},
      {"short", "80600001 000000", Errc::truncated},
      {"version 1", "40600001 00000000 00000001", Errc::malformed},
      {"version 0", "00600001 00000000 00000001", Errc::malformed},
      {"CSRCs past the end", "83600001 00000000 00000001 11111111", Errc::truncated},
      {"extension header past the end", "90600001 00000000 00000001 bede", Errc::truncated},
      {"extension body past the end", "90600001 00000000 00000001 bede0002 00000000",
       Errc::truncated},
      {"padding with no payload", "a0600001 00000000 00000001", Errc::malformed},
      {"padding count zero", "a0600001 00000000 00000001 aa00", Errc::malformed},
      {"padding larger than payload", "a0600001 00000000 00000001 aabb05", Errc::malformed},
  };
  for (const auto& c : cases) {
    auto view = RtpHeaderView::parse(hex(c.hex));
    ASSERT_FALSE(view) << c.name;
    EXPECT_EQ(view.error().code, c.code) << c.name << ": " << view.error().to_string();
    EXPECT_TRUE(view.error().offset.has_value()) << c.name;
  }
}

TEST(Rfc3550_6_4_1, RtcpHeaderAndSenderSsrc) {
  const Bytes packet = test::make_rtcp(0x11223344);
  auto view = RtcpHeaderView::parse(packet);
  ASSERT_TRUE(view) << view.error().to_string();
  EXPECT_EQ(view->version(), 2);
  EXPECT_EQ(view->packet_type(), 201);  // RR
  EXPECT_EQ(view->count(), 0);
  EXPECT_EQ(view->packet_size(), 8u);
  EXPECT_EQ(view->sender_ssrc(), 0x11223344u);
  auto count = validate_rtcp_compound(packet);
  ASSERT_TRUE(count) << count.error().to_string();
  EXPECT_EQ(*count, 2u);
}

TEST(Rfc3550_6_1, CompoundLengthsMustAddUp) {
  struct Case {
    const char* name;
    const char* hex;
  };
  const Case cases[] = {
      {"empty", ""},
      {"shorter than 8", "80c90001 0000"},
      {"version 1", "40c90001 00000000"},
      {"length past the end", "80c90002 00000000"},
      {"trailing octets", "80c90001 00000000 00"},
      {"second packet truncated", "80c90001 00000000 81ca0003 00000000"},
      {"second packet wrong version", "80c90001 00000000 01ca0001 00000000"},
      {"padding on a packet that is not last", "a0c90001 00000004 80c90001 00000000"},
      {"padding count too large", "a0c90001 00000009"},
      {"padding count zero", "a0c90002 00000000 00000000"},
  };
  for (const auto& c : cases) {
    auto count = validate_rtcp_compound(hex(c.hex));
    EXPECT_FALSE(count) << c.name;
  }
  EXPECT_TRUE(validate_rtcp_compound(hex("80c90001 00000000 a0c90002 00000000 00000004")));
}

}  // namespace
}  // namespace rtc::rtp
