// Bad input (RFC 8489 §6.3, §14): truncated headers, wrong cookies, lengths that are not
// multiples of 4, attributes that run past the end, duplicate or misplaced integrity, bad
// fingerprints. Each gives an error that says what and where; nothing crashes, nothing reads
// out of bounds (the ASan build runs these too).
#include <gtest/gtest.h>

#include "rtc/common/random.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/describe.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/server.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

using test::hex;

Error error_of(const Bytes& bytes) {
  auto m = MessageView::parse(bytes);
  EXPECT_FALSE(m) << to_hex(bytes);
  return m ? Error{} : m.error();
}

TEST(BadInput, TruncatedHeader) {
  for (std::size_t n = 0; n < 20; ++n) {
    Bytes bytes = test::sample_request();
    bytes.resize(n);
    auto e = error_of(bytes);
    EXPECT_EQ(e.code, Errc::truncated) << n;
    EXPECT_EQ(e.offset, n);
    EXPECT_NE(e.message.find("20 bytes"), std::string::npos);
  }
}

TEST(BadInput, EveryTruncationOfEverySampleFails) {
  for (const Bytes& sample : {test::sample_request(), test::sample_ipv4_response(),
                              test::sample_ipv6_response(), test::sample_long_term_request()}) {
    for (std::size_t n = 0; n < sample.size(); ++n) {
      Bytes cut(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_FALSE(MessageView::parse(cut)) << n;
    }
  }
}

TEST(BadInput, WrongMagicCookie) {
  Bytes bytes = test::sample_request();
  bytes[4] = 0x21;
  bytes[7] = 0x43;
  auto e = error_of(bytes);
  EXPECT_EQ(e.code, Errc::malformed);
  EXPECT_EQ(e.offset, 4u);
  EXPECT_NE(e.message.find("0x2112A443"), std::string::npos);
}

TEST(BadInput, LeadingBitsMustBeZero) {
  Bytes bytes = test::sample_request();
  bytes[0] = 0x40;  // a ChannelData message, perhaps, but not STUN
  auto e = error_of(bytes);
  EXPECT_EQ(e.offset, 0u);
  EXPECT_NE(e.message.find("not STUN"), std::string::npos);
}

TEST(BadInput, LengthNotAMultipleOfFour) {
  Bytes bytes = test::sample_request();
  bytes[3] = 0x57;
  bytes.pop_back();
  auto e = error_of(bytes);
  EXPECT_EQ(e.code, Errc::malformed);
  EXPECT_EQ(e.offset, 2u);
  EXPECT_NE(e.message.find("multiple of 4"), std::string::npos);
}

TEST(BadInput, LengthLongerOrShorterThanTheDatagram) {
  Bytes bytes = test::sample_request();
  bytes[3] = 0x5c;  // 4 more than there are
  EXPECT_EQ(error_of(bytes).code, Errc::truncated);
  bytes = test::sample_request();
  bytes.push_back(0);
  bytes.push_back(0);
  bytes.push_back(0);
  bytes.push_back(0);  // trailing garbage
  auto e = error_of(bytes);
  EXPECT_EQ(e.code, Errc::malformed);
  EXPECT_EQ(e.offset, 108u);
}

TEST(BadInput, AttributeLengthPastTheEnd) {
  Bytes bytes = test::sample_request();
  bytes[62] = 0x00;
  bytes[63] = 0x40;  // USERNAME says 64 bytes
  auto e = error_of(bytes);
  EXPECT_EQ(e.code, Errc::truncated);
  EXPECT_EQ(e.offset, 60u);
  EXPECT_NE(e.message.find("USERNAME"), std::string::npos);
  // The largest length there is.
  bytes[62] = 0xff;
  bytes[63] = 0xff;
  EXPECT_EQ(error_of(bytes).offset, 60u);
}

TEST(BadInput, DuplicateMessageIntegrity) {
  auto keys = *IntegrityKeys::short_term("pwd");
  MessageBuilder b(Method::binding, MessageClass::request, test::kSampleId);
  b.add_username("a:b").add_message_integrity(keys.sha1());
  Bytes bytes = *b.take();
  Bytes mi(bytes.end() - 24, bytes.end());
  bytes.insert(bytes.end(), mi.begin(), mi.end());
  store_be16(bytes, 2, static_cast<std::uint16_t>(bytes.size() - 20));
  auto e = error_of(bytes);
  EXPECT_EQ(e.offset, 52u);  // 20 header + 8 USERNAME + 24 MESSAGE-INTEGRITY
  EXPECT_NE(e.message.find("duplicate MESSAGE-INTEGRITY"), std::string::npos);
}

TEST(BadInput, MisplacedIntegrity) {
  // MESSAGE-INTEGRITY after MESSAGE-INTEGRITY-SHA256 (§14.6: only FINGERPRINT may follow).
  Bytes bytes = hex("0001 0038 2112a442 b7e7a701bc34d686fa87dfae");
  for (auto x : hex("001c0020" + std::string(64, '0'))) bytes.push_back(x);
  for (auto x : hex("00080014" + std::string(40, '0'))) bytes.push_back(x);
  store_be16(bytes, 2, static_cast<std::uint16_t>(bytes.size() - 20));
  auto e = error_of(bytes);
  EXPECT_EQ(e.offset, 56u);
  EXPECT_NE(e.message.find("§14.6"), std::string::npos);
  // Integrity attributes of the wrong size.
  Bytes small = hex("0001 0014 2112a442 b7e7a701bc34d686fa87dfae 00080010" + std::string(32, '0'));
  EXPECT_NE(error_of(small).message.find("20-byte"), std::string::npos);
  Bytes sha = hex("0001 0010 2112a442 b7e7a701bc34d686fa87dfae 001c000c" + std::string(24, '0'));
  EXPECT_NE(error_of(sha).message.find("16 to 32"), std::string::npos);
  Bytes fp = hex("0001 0008 2112a442 b7e7a701bc34d686fa87dfae 80280002 00000000");
  EXPECT_NE(error_of(fp).message.find("FINGERPRINT"), std::string::npos);
}

TEST(BadInput, BadFingerprint) {
  Bytes bytes = test::sample_ipv4_response();
  bytes[bytes.size() - 2] ^= 0x10;
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);  // well framed...
  auto fp = verify_fingerprint(*m);
  ASSERT_FALSE(fp);  // ...but not intact
  EXPECT_EQ(fp.error().code, Errc::integrity);
  EXPECT_EQ(fp.error().offset, 72u);
  // A server treats it as not STUN at all (§7.3).
  EXPECT_FALSE(answer_binding_request(bytes, *SocketAddress::parse("192.0.2.1:1")));
}

TEST(BadInput, MalformedKnownAttributesAreErrorsWhenRead) {
  // Framing is fine, the values are not: parse succeeds, the typed accessor explains.
  Bytes bytes =
      hex("0001 0018 2112a442 b7e7a701bc34d686fa87dfae"
          "00240003 01020300"           // PRIORITY with 3 bytes
          "00200008 00030000 00000000"  // XOR-MAPPED-ADDRESS, family 3
          "");
  store_be16(bytes, 2, static_cast<std::uint16_t>(bytes.size() - 20));
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  auto p = m->priority();
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("PRIORITY value must be 4 bytes, got 3"), std::string::npos);
  EXPECT_FALSE(m->xor_mapped_address());
  EXPECT_FALSE(describe(bytes).ok());
}

// Random mutations of valid messages and pure noise: every path must return, cleanly.
TEST(BadInput, MutationsNeverCrash) {
  SeededRandom random(2024);
  auto keys = *IntegrityKeys::short_term(test::kSamplePassword);
  const Bytes samples[] = {test::sample_request(), test::sample_ipv4_response(),
                           test::sample_ipv6_response(), test::sample_long_term_request()};
  const auto from = *SocketAddress::parse("192.0.2.1:1");
  for (int round = 0; round < 20000; ++round) {
    Bytes bytes = samples[random.uniform(4)];
    const auto flips = 1 + random.uniform(4);
    for (std::uint64_t i = 0; i < flips; ++i) {
      bytes[random.uniform(bytes.size())] ^= static_cast<std::uint8_t>(1 + random.uniform(255));
    }
    if (random.uniform(4) == 0) bytes.resize(random.uniform(bytes.size() + 1));
    if (auto m = MessageView::parse(bytes)) {
      for (const auto& a : m->all_attributes()) (void)a.value.size();
      (void)m->username();
      (void)m->xor_mapped_address();
      (void)m->error_code();
      (void)m->password_algorithms();
      (void)verify_message_integrity(*m, keys.sha1());
      (void)verify_fingerprint(*m);
    }
    (void)answer_binding_request(bytes, from);
    (void)ChannelDataView::parse(bytes);
    (void)describe(bytes, {.password = std::string(test::kSamplePassword)});
  }
  for (int round = 0; round < 5000; ++round) {
    Bytes noise(random.uniform(120));
    random.fill(noise);
    if (!noise.empty()) noise[0] &= 0x3f;
    if (noise.size() >= 8) store_be32(noise, 4, kMagicCookie);
    (void)MessageView::parse(noise);
    (void)describe(noise);
  }
}

}  // namespace
}  // namespace rtc::stun
