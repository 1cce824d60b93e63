// Published test vectors: RFC 3711 Appendix B (AES-CM keystream, key derivation) and
// RFC 7714 §16/§17 (AES-GCM SRTP and SRTCP). The RFC 7714 vectors are stated as session key
// and salt, so they go through SrtpSession::create_with_session_keys (below the KDF); the
// KDF itself is pinned by B.3. Every hex string here was also recomputed independently with
// the openssl command line (AES-CTR) and libcrypto's EVP AES-GCM before being written down.
#include <gtest/gtest.h>

#include "rtc/rtp/srtp_key_derivation.hpp"
#include "rtc/rtp/srtp_session.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;

// ---- RFC 3711 Appendix B.2: AES-CM keystream --------------------------------------------------
//
// Session key 2B7E1516..., session salt F0F1...FCFD, SSRC 0, ROC 0, SEQ 0: the IV is the
// salt shifted by 16 bits, and encrypting zeros yields the keystream itself. Driven through
// a whole SRTP session, so the test also checks IV formation (§4.1.1) from SSRC and index.
TEST(Rfc3711_B2, AesCmKeystream) {
  SrtpSessionKeys keys;
  keys.rtp_key = hex("2B7E151628AED2A6ABF7158809CF4F3C");
  keys.rtp_salt = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
  keys.rtp_auth_key = Bytes(20, 0);
  keys.rtcp_key = keys.rtp_key;
  keys.rtcp_salt = keys.rtp_salt;
  keys.rtcp_auth_key = Bytes(20, 0);
  SrtpConfig config;
  config.profile = SrtpProfile::aes_cm_128_hmac_sha1_80;
  auto session = SrtpSession::create_with_session_keys(config, keys);
  ASSERT_TRUE(session) << session.error().to_string();

  // Up to counter ...FF01: 0xFF02 blocks of keystream.
  const std::size_t blocks = 0xFF02;
  Bytes packet(12 + blocks * 16, 0);
  packet[0] = 0x80;  // V=2, SEQ 0, SSRC 0
  ASSERT_TRUE(session->protect_rtp(packet));
  const BytesView keystream = BytesView(packet).subspan(12, blocks * 16);
  auto block = [&](std::size_t counter) {
    return Bytes(keystream.begin() + counter * 16, keystream.begin() + counter * 16 + 16);
  };
  EXPECT_EQ(block(0x0000), hex("E03EAD0935C95E80E166B16DD92B4EB4"));
  EXPECT_EQ(block(0x0001), hex("D23513162B02D0F72A43A2FE4A5F97AB"));
  EXPECT_EQ(block(0x0002), hex("41E95B3BB0A2E8DD477901E4FCA894C0"));
  EXPECT_EQ(block(0xFEFF), hex("EC8CDF7398607CB0F2D21675EA9EA1E4"));
  EXPECT_EQ(block(0xFF00), hex("362B7C3C6773516318A077D7FC5073AE"));
  EXPECT_EQ(block(0xFF01), hex("6A2CC3787889374FBEB4C81B17BA6C44"));
}

// ---- RFC 3711 Appendix B.3: key derivation ----------------------------------------------------
TEST(Rfc3711_B3, KeyDerivation) {
  const Bytes master_key = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
  const Bytes master_salt = hex("0EC675AD498AFEEBB6960B3AABE6");

  Bytes cipher_key(16);
  ASSERT_TRUE(derive_srtp_key(master_key, master_salt, SrtpLabel::rtp_encryption, cipher_key));
  EXPECT_EQ(cipher_key, hex("C61E7A93744F39EE10734AFE3FF7A087"));

  Bytes cipher_salt(14);
  ASSERT_TRUE(derive_srtp_key(master_key, master_salt, SrtpLabel::rtp_salt, cipher_salt));
  EXPECT_EQ(cipher_salt, hex("30CBBC08863D8C85D49DB34A9AE1"));

  // B.3 prints 94 octets of authentication key stream; the first 20 are the HMAC-SHA1 key.
  Bytes auth_key(94);
  ASSERT_TRUE(derive_srtp_key(master_key, master_salt, SrtpLabel::rtp_authentication, auth_key));
  EXPECT_EQ(auth_key, hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
                          "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
                          "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"));

  auto keys =
      derive_srtp_session_keys(SrtpProfile::aes_cm_128_hmac_sha1_80, master_key, master_salt);
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->rtp_key, cipher_key);
  EXPECT_EQ(keys->rtp_salt, cipher_salt);
  EXPECT_EQ(keys->rtp_auth_key, Bytes(auth_key.begin(), auth_key.begin() + 20));
}

TEST(Rfc3711_4_3, MasterKeySizesAreCheckedAgainstTheProfile) {
  auto keys = derive_srtp_session_keys(SrtpProfile::aead_aes_128_gcm, Bytes(16), Bytes(14));
  ASSERT_FALSE(keys);
  EXPECT_EQ(keys.error().code, Errc::invalid_argument);
  EXPECT_TRUE(derive_srtp_session_keys(SrtpProfile::aead_aes_128_gcm, Bytes(16), Bytes(12)));
  EXPECT_TRUE(derive_srtp_session_keys(SrtpProfile::aead_aes_256_gcm, Bytes(32), Bytes(12)));
}

// ---- RFC 7714 §16 and §17 -----------------------------------------------------------------------

const char* const kGcmKey128 = "000102030405060708090a0b0c0d0e0f";
const char* const kGcmKey256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const char* const kGcmSalt = "517569642070726f2071756f";  // "Quid pro quo"

// §16: SSRC 0x5501a0b2, SEQ 0xf17b, ROC 0, "Gallia est omnis divisa in partes tres".
const char* const kRtpPlain =
    "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976"
    "69736120 696e2070 61727465 73207472 6573";

// §17: an SR from SSRC "Mars" (0x4d617273) followed by 0xdeadbeef filler, SRTCP index 0x5d4.
// (The §17 preamble prints a slightly different packet than §17.1-17.4 transform; the
// subsections agree with each other and with an independent AES-GCM computation.)
const char* const kRtcpPlain =
    "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
    "deadbeef deadbeef deadbeef deadbeef deadbeef";

SrtpSession gcm_session(SrtpProfile profile, const char* key, bool encrypt_rtcp = true) {
  SrtpSessionKeys keys;
  keys.rtp_key = hex(key);
  keys.rtcp_key = hex(key);
  keys.rtp_salt = hex(kGcmSalt);
  keys.rtcp_salt = hex(kGcmSalt);
  SrtpConfig config;
  config.profile = profile;
  config.encrypt_rtcp = encrypt_rtcp;
  auto session = SrtpSession::create_with_session_keys(config, keys);
  EXPECT_TRUE(session) << session.error().to_string();
  return std::move(*session);
}

void check_rtp_vector(SrtpProfile profile, const char* key, const char* expected_hex) {
  const Bytes plain = hex(kRtpPlain);
  const Bytes expected = hex(expected_hex);

  auto sender = gcm_session(profile, key);
  Bytes packet = plain;
  ASSERT_TRUE(sender.protect_rtp(packet));
  EXPECT_EQ(packet, expected);

  auto receiver = gcm_session(profile, key);
  packet = expected;
  auto opened = receiver.unprotect_rtp(packet);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(packet, plain);

  // One flipped bit anywhere (header = associated data, ciphertext, tag) fails.
  for (std::size_t bit : {3u * 8u, 20u * 8u + 1u, static_cast<unsigned>(expected.size() * 8 - 1)}) {
    auto fresh = gcm_session(profile, key);
    Bytes forged = expected;
    forged[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    auto rejected = fresh.unprotect_rtp(forged);
    ASSERT_FALSE(rejected);
    EXPECT_EQ(rejected.error().code, Errc::integrity);
  }
}

// §16.1.1 encryption, §16.1.2 decryption.
TEST(Rfc7714_16_1, AeadAes128GcmRtp) {
  check_rtp_vector(SrtpProfile::aead_aes_128_gcm, kGcmKey128,
                   "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5"
                   "0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439"
                   "0cce");
}

// §16.2.1 encryption, §16.2.2 decryption.
TEST(Rfc7714_16_2, AeadAes256GcmRtp) {
  check_rtp_vector(SrtpProfile::aead_aes_256_gcm, kGcmKey256,
                   "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238"
                   "9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7"
                   "6c13");
}

// §17's RTCP packet says length 13 (56 octets) in its header but is 52 octets long, so the
// session, which walks RFC 3550 §6.1 compound lengths, rightly refuses it before any crypto.
// The vectors therefore drive SrtpCipher, the keyed transform under the session; SRTCP
// through the session is cross-checked against libsrtp2 (libsrtp2_interop_test.cpp).
void check_rtcp_vector(SrtpProfile profile, const char* key, bool encrypted,
                       const char* expected_hex) {
  const Bytes plain = hex(kRtcpPlain);
  const Bytes expected = hex(expected_hex);
  const std::uint32_t ssrc = 0x4d617273;  // "Mars"
  SrtpSessionKeys keys;
  keys.rtp_key = hex(key);
  keys.rtcp_key = hex(key);
  keys.rtp_salt = hex(kGcmSalt);
  keys.rtcp_salt = hex(kGcmSalt);
  auto cipher = SrtpCipher::create(profile, keys);
  ASSERT_TRUE(cipher) << cipher.error().to_string();

  Bytes packet = plain;
  packet.resize(plain.size() + kSrtcpTrailerSize + cipher->rtcp_tag_size());
  auto size = cipher->protect_rtcp(packet, plain.size(), ssrc, 0x5d4, encrypted);
  ASSERT_TRUE(size) << size.error().to_string();
  EXPECT_EQ(*size, expected.size());
  EXPECT_EQ(packet, expected);

  packet = expected;
  const std::uint32_t trailer = load_be32(packet, cipher->srtcp_trailer_offset(packet.size()));
  EXPECT_EQ(trailer, (encrypted ? kSrtcpEncryptedFlag : 0u) | 0x5d4u);
  auto opened = cipher->unprotect_rtcp(packet, ssrc, trailer);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(Bytes(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(*opened)), plain);

  // Flipping the E flag changes the associated data: the tag no longer verifies.
  packet = expected;
  auto rejected = cipher->unprotect_rtcp(packet, ssrc, trailer ^ kSrtcpEncryptedFlag);
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code, Errc::integrity);

  auto session = gcm_session(profile, key);
  packet = expected;
  auto refused = session.unprotect_rtcp(packet);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::truncated) << refused.error().to_string();
}

// §17.1: SRTCP AEAD_AES_128_GCM, E = 1: ciphertext || tag || E||index (RFC 7714 §9.1).
TEST(Rfc7714_17_1, AeadAes128GcmSrtcpEncrypted) {
  check_rtcp_vector(SrtpProfile::aead_aes_128_gcm, kGcmKey128, true,
                    "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d"
                    "c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872"
                    "45d9eade 800005d4");
}

// §17.2: SRTCP AEAD_AES_256_GCM, E = 1.
TEST(Rfc7714_17_2, AeadAes256GcmSrtcpEncrypted) {
  check_rtcp_vector(SrtpProfile::aead_aes_256_gcm, kGcmKey256, true,
                    "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50"
                    "a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c"
                    "b26ac3be 800005d4");
}

// §17.3: AEAD_AES_128_GCM, E = 0: authenticated only; the whole compound and E||index are
// associated data (RFC 7714 §9.3).
TEST(Rfc7714_17_3, AeadAes128GcmSrtcpAuthenticatedOnly) {
  check_rtcp_vector(SrtpProfile::aead_aes_128_gcm, kGcmKey128, false,
                    "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
                    "deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968 3dd78ec9 2ae58790"
                    "125f62b3 000005d4");
}

// §17.4: AEAD_AES_256_GCM, E = 0.
TEST(Rfc7714_17_4, AeadAes256GcmSrtcpAuthenticatedOnly) {
  check_rtcp_vector(SrtpProfile::aead_aes_256_gcm, kGcmKey256, false,
                    "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
                    "deadbeef deadbeef deadbeef deadbeef deadbeef 91db4afb feee5a97 8fab4393"
                    "ed2615fe 000005d4");
}

}  // namespace
}  // namespace rtc::rtp
