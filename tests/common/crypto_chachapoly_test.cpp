// rtc::crypto::ChaCha20Poly1305 against RFC 8439 §2.8.2 (the AEAD example: key, nonce, AAD,
// the "sunscreen" plaintext, ciphertext and tag), on whichever provider is built.
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "rtc/common/crypto.hpp"
#include "rtc/common/encoding.hpp"

namespace rtc::crypto {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

// RFC 8439 §2.8.2.
constexpr std::string_view kPlaintext =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
    "future, sunscreen would be it.";
constexpr std::string_view kAad = "50515253c0c1c2c3c4c5c6c7";
constexpr std::string_view kKey =
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
// The nonce is the 32-bit constant 07000000 followed by the 64-bit IV 4041424344454647.
constexpr std::string_view kNonce = "070000004041424344454647";
constexpr std::string_view kCiphertext =
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
    "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
    "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
    "3ff4def08e4b7a9de576d26586cec64b6116";
constexpr std::string_view kTag = "1ae10b594f09e26a7e902ecbd0600691";

Bytes plaintext() {
  return Bytes(kPlaintext.begin(), kPlaintext.end());
}

TEST(Rfc8439_2_8_2, SealMatchesTheExample) {
  auto aead = ChaCha20Poly1305::create(hex(kKey));
  ASSERT_TRUE(aead.has_value()) << aead.error().to_string();
  const Bytes pt = plaintext();
  ASSERT_EQ(pt.size(), 114u);
  Bytes out(pt.size());
  std::array<std::uint8_t, 16> tag{};
  ASSERT_TRUE(aead->seal(hex(kNonce), hex(kAad), pt, out, tag).has_value());
  EXPECT_EQ(to_hex(out), kCiphertext);
  EXPECT_EQ(to_hex(tag), kTag);
}

TEST(Rfc8439_2_8_2, OpenRecoversThePlaintext) {
  auto aead = ChaCha20Poly1305::create(hex(kKey));
  ASSERT_TRUE(aead.has_value());
  const Bytes ct = hex(kCiphertext);
  Bytes out(ct.size());
  auto ok = aead->open(hex(kNonce), hex(kAad), ct, hex(kTag), out);
  ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
  EXPECT_EQ(out, plaintext());
}

// DTLS seals and opens records where they lie.
TEST(Rfc8439_2_8_2, InPlace) {
  auto aead = ChaCha20Poly1305::create(hex(kKey));
  ASSERT_TRUE(aead.has_value());
  Bytes buffer = plaintext();
  std::array<std::uint8_t, 16> tag{};
  ASSERT_TRUE(aead->seal(hex(kNonce), hex(kAad), buffer, buffer, tag).has_value());
  EXPECT_EQ(to_hex(buffer), kCiphertext);
  EXPECT_EQ(to_hex(tag), kTag);
  ASSERT_TRUE(aead->open(hex(kNonce), hex(kAad), buffer, tag, buffer).has_value());
  EXPECT_EQ(buffer, plaintext());
}

// RFC 8439 §2.8: a tag that does not match rejects the message; no plaintext comes out.
TEST(Rfc8439_2_8_2, FlippedTagBitFailsAndZeroesOutput) {
  auto aead = ChaCha20Poly1305::create(hex(kKey));
  ASSERT_TRUE(aead.has_value());
  const Bytes ct = hex(kCiphertext);
  Bytes tag = hex(kTag);
  tag[0] ^= 0x01;
  Bytes out(ct.size(), 0xa5);
  auto result = aead->open(hex(kNonce), hex(kAad), ct, tag, out);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Errc::integrity);
  EXPECT_EQ(out, Bytes(ct.size(), 0));
  // The object stays usable.
  tag[0] ^= 0x01;
  ASSERT_TRUE(aead->open(hex(kNonce), hex(kAad), ct, tag, out).has_value());
  EXPECT_EQ(out, plaintext());
}

TEST(Rfc8439_2_8_2, TamperedAadNonceOrCiphertextFails) {
  auto aead = ChaCha20Poly1305::create(hex(kKey));
  ASSERT_TRUE(aead.has_value());
  const Bytes tag = hex(kTag);
  Bytes aad = hex(kAad), nonce = hex(kNonce), ct = hex(kCiphertext);
  Bytes out(ct.size());
  aad[11] ^= 1;
  EXPECT_EQ(aead->open(nonce, aad, ct, tag, out).error().code, Errc::integrity);
  aad[11] ^= 1;
  nonce[0] ^= 1;
  EXPECT_EQ(aead->open(nonce, aad, ct, tag, out).error().code, Errc::integrity);
  nonce[0] ^= 1;
  ct[113] ^= 1;
  EXPECT_EQ(aead->open(nonce, aad, ct, tag, out).error().code, Errc::integrity);
  EXPECT_EQ(out, Bytes(ct.size(), 0));
}

TEST(ChaCha20Poly1305, EmptyPlaintextAndAad) {
  auto aead = ChaCha20Poly1305::create(hex(kKey));
  ASSERT_TRUE(aead.has_value());
  std::array<std::uint8_t, 16> tag{};
  ASSERT_TRUE(aead->seal(hex(kNonce), {}, {}, {}, tag).has_value());
  EXPECT_TRUE(aead->open(hex(kNonce), {}, {}, tag, {}).has_value());
  tag[3] ^= 0x10;
  EXPECT_EQ(aead->open(hex(kNonce), {}, {}, tag, {}).error().code, Errc::integrity);
}

TEST(ChaCha20Poly1305, RejectsBadArguments) {
  EXPECT_EQ(ChaCha20Poly1305::create(Bytes(16)).error().code, Errc::invalid_argument);
  EXPECT_EQ(ChaCha20Poly1305::create(Bytes(33)).error().code, Errc::invalid_argument);
  auto aead = ChaCha20Poly1305::create(Bytes(32));
  ASSERT_TRUE(aead.has_value());
  Bytes in(10), out(10), short_out(9), tag(16), short_tag(12);
  const Bytes nonce(12), short_nonce(8);
  EXPECT_EQ(aead->seal(short_nonce, {}, in, out, tag).error().code, Errc::invalid_argument);
  EXPECT_EQ(aead->seal(nonce, {}, in, short_out, tag).error().code, Errc::invalid_argument);
  EXPECT_EQ(aead->seal(nonce, {}, in, out, short_tag).error().code, Errc::invalid_argument);
  EXPECT_EQ(aead->open(nonce, {}, in, short_tag, out).error().code, Errc::invalid_argument);
  EXPECT_EQ(aead->open(nonce, {}, in, tag, short_out).error().code, Errc::invalid_argument);
}

TEST(ChaCha20Poly1305, MoveKeepsKey) {
  auto created = ChaCha20Poly1305::create(hex(kKey));
  ASSERT_TRUE(created.has_value());
  ChaCha20Poly1305 aead = std::move(*created);
  const Bytes pt = plaintext();
  Bytes out(pt.size());
  std::array<std::uint8_t, 16> tag{};
  ASSERT_TRUE(aead.seal(hex(kNonce), hex(kAad), pt, out, tag).has_value());
  EXPECT_EQ(to_hex(tag), kTag);
}

}  // namespace
}  // namespace rtc::crypto
