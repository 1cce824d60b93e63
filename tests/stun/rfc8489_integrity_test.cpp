// MESSAGE-INTEGRITY (RFC 8489 §14.5), MESSAGE-INTEGRITY-SHA256 (§14.6) and FINGERPRINT (§14.7).
// The SHA-256 vectors were derived with openssl and Python's zlib, which share no code with this
// stack (tests/stun/data/derive_sha256_vectors.sh prints them again).
#include <gtest/gtest.h>

#include "rtc/common/crc.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

using test::hex;

// V1: the RFC 5769 §2.1 request, MESSAGE-INTEGRITY-SHA256 in place of MESSAGE-INTEGRITY.
const char* kV1 =
    "000100642112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e"
    "0001ff80290008932ff9b151263b36000600096576746a3a68367659202020001c00202246ecbcbad67f9001af"
    "25c63981c354f24c9b34bf1b2a9e01a7b3b1bfa7795e80280004f7420c24";
// V2: RFC 8489 Appendix B.1's parameters (USERHASH, nonce cookie, SHA-256 password algorithm).
const char* kV2 =
    "000100902112a44278ad3433c6ad72c029da412e001e00204a3cf38fef6992bda952c6780417da0f2481941556"
    "9e60b205c46e41407f1704001500296f624d61744a6f733241414143662f2f3439396b39353464364f4c33346f"
    "4c394653547679363473410000000014000b6578616d706c652e6f726700001d000400020000001c0020b5c7bf"
    "005b6c52a21c51c5e892f81924136296cb927c43149309278cc6518e65";
// V3: the RFC 5769 §2.2 response with MESSAGE-INTEGRITY followed by MESSAGE-INTEGRITY-SHA256.
const char* kV3 =
    "010100602112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e1"
    "12a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7001c002065f279d39222bd96f516ca304203"
    "1c267fe20c424ec25df71737eb062e82e22a80280004ae29ebc0";

IntegrityKeys sample_keys() {
  return *IntegrityKeys::short_term(test::kSamplePassword);
}

TEST(Rfc8489_14_6, DerivedShortTermVectorVerifiesAndEncodes) {
  const Bytes bytes = hex(kV1);
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  auto keys = sample_keys();
  EXPECT_TRUE(verify_message_integrity_sha256(*m, keys.sha256()));
  EXPECT_TRUE(verify_fingerprint(*m));
  EXPECT_FALSE(m->message_integrity());

  MessageBuilder b(Method::binding, MessageClass::request, test::kSampleId);
  b.set_padding_byte(0x20);
  b.add_software("STUN test client")
      .add_priority(0x6e0001ff)
      .add_ice_controlled(0x932ff9b151263b36)
      .add_username("evtj:h6vY")
      .add_message_integrity_sha256(keys.sha256())
      .add_fingerprint();
  EXPECT_EQ(to_hex(*b.take()), kV1);
}

TEST(Rfc8489_14_6, DerivedLongTermSha256VectorWithUserhash) {
  const Bytes bytes = hex(kV2);
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  auto hash = userhash_prepared(test::kLongTermUsername, "example.org");
  EXPECT_EQ(to_hex(*m->userhash()), to_hex(hash));
  auto features = parse_nonce_cookie(*m->nonce());
  ASSERT_TRUE(features);
  EXPECT_TRUE(features->username_anonymity);  // "AAAC": bit 1 (erratum 6290)
  EXPECT_FALSE(features->password_algorithms);
  auto keys = IntegrityKeys::long_term(test::kLongTermUsername, "example.org", "TheMatrIX",
                                       PasswordAlgorithm::sha256);
  ASSERT_TRUE(keys);
  EXPECT_EQ(to_hex(keys->key()),
            "dd295a613b9058c3c23d6dc7165bda072304d989c9d0af3a8c7e184b4f9bb4a1");
  EXPECT_TRUE(verify_message_integrity_sha256(*m, keys->sha256()));
  // With the MD5 key it does not verify.
  auto md5 = IntegrityKeys::long_term_prepared(test::kLongTermUsername, "example.org", "TheMatrIX");
  EXPECT_FALSE(verify_message_integrity_sha256(*m, md5.sha256()));

  MessageBuilder b(Method::binding, MessageClass::request, test::kLongTermId);
  b.add_userhash(hash)
      .add_nonce("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA")
      .add_realm("example.org")
      .add_password_algorithm(PasswordAlgorithm::sha256)
      .add_message_integrity_sha256(keys->sha256());
  EXPECT_EQ(to_hex(*b.take()), kV2);
}

TEST(Rfc8489_14_6, ShaTwoFiftySixAfterMessageIntegrityCoversIt) {
  const Bytes bytes = hex(kV3);
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  auto keys = sample_keys();
  // MESSAGE-INTEGRITY is the RFC 5769 sample's own value: computed with the length ending
  // after it, whatever follows.
  EXPECT_EQ(to_hex(m->message_integrity()->value), "2b91f599fd9e90c38c7489f92af9ba53f06be7d7");
  EXPECT_TRUE(verify_message_integrity(*m, keys.sha1()));
  EXPECT_TRUE(verify_message_integrity_sha256(*m, keys.sha256()));
  EXPECT_TRUE(verify_fingerprint(*m));
  EXPECT_EQ(verify_integrity(*m, keys), IntegrityMode::sha256);

  MessageBuilder b(Method::binding, MessageClass::success_response, test::kSampleId);
  b.set_padding_byte(0x20);
  b.add_software("test vector").add_xor_mapped_address(*SocketAddress::parse("192.0.2.1:32853"));
  sign(b, keys, IntegrityMode::both);
  b.add_fingerprint();
  EXPECT_EQ(to_hex(*b.take()), kV3);
}

TEST(Rfc8489_14_6, TruncatedSha256ValuesAreComparedOverTheirLength) {
  auto keys = sample_keys();
  for (std::size_t length : {16u, 20u, 24u, 28u, 32u}) {
    MessageBuilder b(Method::binding, MessageClass::request, test::kSampleId);
    b.add_username("a:b").add_message_integrity_sha256(keys.sha256(), length);
    auto bytes = *b.take();
    auto m = MessageView::parse(bytes);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->message_integrity_sha256()->value.size(), length);
    EXPECT_TRUE(verify_message_integrity_sha256(*m, keys.sha256())) << length;
  }
  MessageBuilder bad(Method::binding, MessageClass::request, test::kSampleId);
  bad.add_message_integrity_sha256(keys.sha256(), 12);
  EXPECT_FALSE(bad.ok());
}

TEST(Rfc8489_14_5, EveryByteIsCovered) {
  auto keys = sample_keys();
  Bytes bytes = test::sample_request();
  // Flip each bit before MESSAGE-INTEGRITY's value: the HMAC (or parsing) must notice.
  for (std::size_t i = 0; i < 76 * 8; ++i) {
    Bytes copy = bytes;
    copy[i / 8] ^= static_cast<std::uint8_t>(1u << (i % 8));
    auto m = MessageView::parse(copy);
    if (!m) continue;
    EXPECT_FALSE(verify_message_integrity(*m, keys.sha1())) << "bit " << i;
  }
}

TEST(Rfc8489_14_5, AttributesAfterMessageIntegrityAreIgnored) {
  auto keys = sample_keys();
  MessageBuilder b(Method::binding, MessageClass::request, test::kSampleId);
  b.add_username("evtj:h6vY").add_message_integrity(keys.sha1());
  Bytes bytes = *b.take();
  // An attacker appends PRIORITY after the HMAC and fixes the length: the HMAC still verifies,
  // so the appended attribute must not count.
  for (auto byte : hex("00240004 00000001")) bytes.push_back(byte);
  store_be16(bytes, 2, static_cast<std::uint16_t>(bytes.size() - 20));
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_TRUE(verify_message_integrity(*m, keys.sha1()));
  EXPECT_FALSE(m->has(AttributeType::priority));
  EXPECT_FALSE(m->priority());
  int visible = 0, all = 0;
  for (const auto& a : m->attributes()) {
    (void)a;
    ++visible;
  }
  for (const auto& a : m->all_attributes()) {
    ++all;
    EXPECT_EQ(m->is_ignored(a), a.type == AttributeType::priority);
  }
  EXPECT_EQ(visible, 2);
  EXPECT_EQ(all, 3);
}

TEST(Rfc8489_14_5, BuilderRefusesAttributesAfterIntegrity) {
  auto keys = sample_keys();
  MessageBuilder b(Method::binding, MessageClass::request, test::kSampleId);
  b.add_message_integrity(keys.sha1()).add_priority(1);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error()->code, Errc::state);
  EXPECT_NE(b.error()->message.find("§14.5"), std::string::npos);

  MessageBuilder twice(Method::binding, MessageClass::request, test::kSampleId);
  twice.add_message_integrity(keys.sha1()).add_message_integrity(keys.sha1());
  EXPECT_FALSE(twice.ok());

  MessageBuilder order(Method::binding, MessageClass::request, test::kSampleId);
  order.add_message_integrity_sha256(keys.sha256()).add_message_integrity(keys.sha1());
  EXPECT_FALSE(order.ok());

  MessageBuilder wrong_key(Method::binding, MessageClass::request, test::kSampleId);
  wrong_key.add_message_integrity(keys.sha256());
  EXPECT_FALSE(wrong_key.ok());
  const Bytes sample = test::sample_request();
  EXPECT_FALSE(verify_message_integrity(*MessageView::parse(sample), keys.sha256()));
}

TEST(Rfc8489_14_7, FingerprintIsCrc32XorStun) {
  const Bytes bytes = test::sample_ipv4_response();
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  // CRC-32 of everything before the attribute, XOR 0x5354554E ("STUN").
  EXPECT_EQ(crc32(BytesView(bytes).first(72)) ^ 0x5354554Eu, 0xc07d4c96u);
  EXPECT_EQ(expected_fingerprint(*m), 0xc07d4c96u);
  EXPECT_TRUE(verify_fingerprint(*m));
}

TEST(Rfc8489_14_7, FingerprintDetectsAnyChange) {
  Bytes bytes = test::sample_request();
  for (std::size_t i = 20; i < bytes.size(); ++i) {
    Bytes copy = bytes;
    copy[i] ^= 0x01;
    auto m = MessageView::parse(copy);
    if (!m) continue;  // the change broke the framing itself
    auto fp = verify_fingerprint(*m);
    ASSERT_FALSE(fp) << "byte " << i;
    // A change in FINGERPRINT's own type field leaves no FINGERPRINT to check (malformed).
    EXPECT_TRUE(fp.error().code == Errc::integrity || i == 100 || i == 101) << "byte " << i;
  }
}

TEST(Rfc8489_14_7, FingerprintMustBeLast) {
  Bytes bytes = test::sample_request();
  for (auto byte : hex("80220004 61626364")) bytes.push_back(byte);  // SOFTWARE after it
  store_be16(bytes, 2, static_cast<std::uint16_t>(bytes.size() - 20));
  auto m = MessageView::parse(bytes);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().offset, 108u);
  EXPECT_NE(m.error().message.find("§14.7"), std::string::npos);

  MessageBuilder b(Method::binding, MessageClass::request, test::kSampleId);
  b.add_fingerprint().add_software("late");
  EXPECT_FALSE(b.ok());
}

TEST(Rfc8489_14_7, MissingFingerprintIsReported) {
  const Bytes bytes = test::sample_long_term_request();
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  auto fp = verify_fingerprint(*m);
  ASSERT_FALSE(fp);
  EXPECT_EQ(fp.error().code, Errc::malformed);
}

TEST(Rfc8489_9_1, SignAndVerifyWithEachMode) {
  auto keys = sample_keys();
  for (auto mode : {IntegrityMode::sha1, IntegrityMode::sha256, IntegrityMode::both}) {
    MessageBuilder b(Method::binding, MessageClass::request, test::kSampleId);
    b.add_username("a:b");
    sign(b, keys, mode);
    b.add_fingerprint();
    auto bytes = *b.take();
    auto m = MessageView::parse(bytes);
    ASSERT_TRUE(m);
    auto checked = verify_integrity(*m, keys);
    ASSERT_TRUE(checked);
    EXPECT_EQ(*checked, mode == IntegrityMode::sha1 ? IntegrityMode::sha1 : IntegrityMode::sha256);
  }
  const Bytes bare =
      hex("000100002112a442"
          "000000000000000000000000");
  auto none = verify_integrity(*MessageView::parse(bare), keys);
  EXPECT_FALSE(none);
}

}  // namespace
}  // namespace rtc::stun
