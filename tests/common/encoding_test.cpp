// Hex and base64 (RFC 4648 §10 test vectors).
#include "rtc/common/encoding.hpp"

#include <gtest/gtest.h>

namespace rtc {
namespace {

TEST(Hex, RoundTrip) {
  const Bytes data{0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(to_hex(data), "000fa5ff");
  EXPECT_EQ(to_hex_colon(data), "00:0F:A5:FF");
  EXPECT_EQ(from_hex("000FA5ff").value(), data);
  EXPECT_EQ(from_hex("00:0F:A5:FF").value(), data);
  EXPECT_EQ(from_hex("00 0f\na5\tff").value(), data);
}

TEST(Hex, RejectsBadInput) {
  EXPECT_EQ(from_hex("abc").error().code, Errc::truncated);
  auto bad = from_hex("0g");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().offset, 1u);
}

TEST(Rfc4648_10, Base64TestVectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(to_base64(as_bytes(plain)), encoded);
    auto decoded = from_base64(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(as_string_view(*decoded), plain);
  }
}

TEST(Rfc4648_4, Base64RejectsMalformed) {
  EXPECT_FALSE(from_base64("Zg="));       // length not a multiple of 4
  EXPECT_FALSE(from_base64("Z=g="));      // data after padding
  EXPECT_FALSE(from_base64("Zm9v!A=="));  // not in the alphabet
  EXPECT_FALSE(from_base64("=AAA"));      // padding too early
  EXPECT_FALSE(from_base64("Zg==Zg=="));  // padding in the middle
}

}  // namespace
}  // namespace rtc
