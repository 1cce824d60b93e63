// TURN ChannelData framing (RFC 8656 §12.4-§12.6).
#include <gtest/gtest.h>

#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/demux.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

using test::hex;

TEST(Rfc8656_12_4, EncodesHeaderAndData) {
  auto bytes = encode_channel_data(0x4000, hex("0102030405"));
  ASSERT_TRUE(bytes);
  EXPECT_EQ(to_hex(*bytes), "400000050102030405");  // UDP: no padding needed (§12.5)
  auto padded = encode_channel_data(0x4FFF, hex("0102030405"), true);
  EXPECT_EQ(to_hex(*padded), "4fff00050102030405000000");  // TCP/TLS: padded to 4 (§12.5)
  EXPECT_EQ(to_hex(*encode_channel_data(0x4001, {}, true)), "40010000");
}

TEST(Rfc8656_12_4, ParsesWithAndWithoutPadding) {
  for (const char* text :
       {"400000050102030405", "4000000501020304050000", "400000050102030405000000"}) {
    const Bytes bytes = hex(text);
    auto v = ChannelDataView::parse(bytes);
    ASSERT_TRUE(v) << text << ": " << v.error().to_string();
    EXPECT_EQ(v->channel, 0x4000);
    EXPECT_EQ(to_hex(v->data), "0102030405");
  }
  const Bytes empty = hex("40200000");
  auto e = ChannelDataView::parse(empty);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->data.empty());
}

TEST(Rfc8656_12, ChannelNumbersOutsideTheRangeAreRefused) {
  EXPECT_TRUE(is_valid_channel_number(0x4000));
  EXPECT_TRUE(is_valid_channel_number(0x4FFF));
  EXPECT_FALSE(is_valid_channel_number(0x3FFF));
  EXPECT_FALSE(is_valid_channel_number(0x5000));  // reserved, keeps RFC 7983's ranges apart
  EXPECT_FALSE(encode_channel_data(0x5000, {}));
  EXPECT_FALSE(encode_channel_data(0x0001, {}));
  const Bytes reserved = hex("50000000");
  auto e = ChannelDataView::parse(reserved);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().offset, 0u);
  EXPECT_FALSE(encode_channel_data(0x4000, Bytes(65536, 0)));
}

// Only the error is kept, so the bytes may go with the statement.
Error parse_error(const Bytes& bytes) {
  auto v = ChannelDataView::parse(bytes);
  EXPECT_FALSE(v);
  return v ? Error{} : v.error();
}

TEST(Rfc8656_12_6, BrokenMessagesAreClearErrors) {
  EXPECT_EQ(parse_error(hex("4000")).code, Errc::truncated);
  EXPECT_EQ(parse_error(hex("40000008 01020304")).code, Errc::truncated);
  EXPECT_EQ(parse_error(hex("40000001 01000000 00")).code, Errc::malformed);  // beyond padding
}

TEST(Rfc8656_12_6, BrokenMessagesSayWhere) {
  const Bytes hdr = hex("4000");
  auto short_header = ChannelDataView::parse(hdr);
  ASSERT_FALSE(short_header);
  EXPECT_EQ(short_header.error().code, Errc::truncated);
  EXPECT_EQ(short_header.error().offset, 2u);
  const Bytes long_length = hex("40000008 01020304");
  auto truncated = ChannelDataView::parse(long_length);
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().offset, 2u);
}

TEST(Rfc8656_12_5, FramedSizeOnAStream) {
  EXPECT_FALSE(ChannelDataView::framed_size(hex("4000")));
  EXPECT_EQ(ChannelDataView::framed_size(hex("40000005")), 12u);
  EXPECT_EQ(ChannelDataView::framed_size(hex("40000008")), 12u);
  EXPECT_EQ(ChannelDataView::framed_size(hex("40000000")), 4u);
}

TEST(Rfc8656_12_4, EveryValidChannelLandsInTheTurnRangeOfRfc7983) {
  for (unsigned c = kMinChannelNumber; c <= kMaxChannelNumber; c += 0x100) {
    auto bytes = *encode_channel_data(static_cast<std::uint16_t>(c), hex("00"));
    EXPECT_EQ(classify_packet(bytes), PacketKind::turn_channel) << c;
  }
}

}  // namespace
}  // namespace rtc::stun
