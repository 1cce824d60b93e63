// CRC-32 (STUN FINGERPRINT, RFC 8489 §14.7) and CRC-32c (SCTP, RFC 9260 Appendix A).
#include "rtc/common/crc.hpp"

#include <gtest/gtest.h>

#include "rtc/common/random.hpp"

namespace rtc {
namespace {

// The standard check value: the CRC of the ASCII string "123456789".
TEST(Crc32, CheckValue) {
  EXPECT_EQ(crc32(as_bytes("123456789")), 0xCBF43926u);
}
TEST(Crc32c, CheckValue) {
  EXPECT_EQ(crc32c(as_bytes("123456789")), 0xE3069283u);
}

// RFC 3720 §B.4 (iSCSI, the same CRC-32c): 32 bytes of zeros, of 0xff, and 0..31.
TEST(Rfc3720_B4, Crc32cVectors) {
  Bytes zeros(32, 0x00), ones(32, 0xff), incrementing(32);
  for (std::size_t i = 0; i < 32; ++i) incrementing[i] = static_cast<std::uint8_t>(i);
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);
  EXPECT_EQ(crc32c(ones), 0x62A8AB43u);
  EXPECT_EQ(crc32c(incrementing), 0x46DD794Eu);
  EXPECT_EQ(detail::crc32c_portable(incrementing), 0x46DD794Eu);
}

// The CPU's CRC32 instruction (where crc32c() uses it) and the tables agree everywhere.
TEST(Crc32c, HardwareAndPortableAgree) {
  SeededRandom random(11);
  Bytes data(1500);
  random.fill(data);
  for (std::size_t len : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 100u, 1200u, 1500u}) {
    for (std::size_t offset : {0u, 1u, 3u}) {
      if (offset + len > data.size()) continue;
      const BytesView view(data.data() + offset, len);
      EXPECT_EQ(crc32c(view), detail::crc32c_portable(view)) << len << "@" << offset;
      EXPECT_EQ(crc32c(view, 0x12345678u), detail::crc32c_portable(view, 0x12345678u));
    }
  }
}

// The slicing-by-8 loop and the byte loop must agree for every length and alignment.
TEST(Crc, ChainingAndSlicingAgreeWithBytewise) {
  SeededRandom random(7);
  Bytes data(1000);
  random.fill(data);
  for (std::size_t len : {0u, 1u, 7u, 8u, 9u, 63u, 64u, 65u, 999u, 1000u}) {
    BytesView view(data.data(), len);
    std::uint32_t a = 0, c = 0;
    for (std::size_t i = 0; i < len; ++i) {
      a = crc32(view.subspan(i, 1), a);
      c = crc32c(view.subspan(i, 1), c);
    }
    EXPECT_EQ(crc32(view), a) << len;
    EXPECT_EQ(crc32c(view), c) << len;
    std::size_t half = len / 2;
    EXPECT_EQ(crc32(view.subspan(half), crc32(view.first(half))), a) << len;
  }
}

}  // namespace
}  // namespace rtc
