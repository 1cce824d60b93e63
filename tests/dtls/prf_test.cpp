// Key derivation (RFC 5246 §5, §6.3, §7.4.9; RFC 7627 §4; RFC 5705 §4; RFC 5764 §4.2), checked
// against a published TLS 1.2 PRF vector and against mbedTLS's independent implementation
// (mbedtls_ssl_tls_prf), which the test binary links for the mbedTLS interop tests anyway.
#include <gtest/gtest.h>
#include <mbedtls/ssl.h>

#include "rtc/common/crypto.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/dtls/prf.hpp"
#include "rtc/dtls/srtp_profile.hpp"

namespace rtc::dtls {
namespace {

Bytes hex(std::string_view s) {
  return from_hex(s).value();
}

// mbedTLS's PRF: mbedtls_ssl_tls_prf(type, secret, label, random) = PRF(secret, label, random).
Bytes mbedtls_prf(BytesView secret, const char* label, BytesView seed, std::size_t n) {
  Bytes out(n);
  EXPECT_EQ(mbedtls_ssl_tls_prf(MBEDTLS_SSL_TLS_PRF_SHA256, secret.data(), secret.size(), label,
                                seed.data(), seed.size(), out.data(), out.size()),
            0);
  return out;
}

// The TLS 1.2 PRF-SHA256 vector circulated on the IETF TLS list (used by many stacks' tests);
// the same value is produced by the reference Python definition in the test's comment history
// and by mbedTLS below.
TEST(Rfc5246_5, PrfSha256Vector) {
  const Bytes secret = hex("9bbe436ba940f017b17652849a71db35");
  const Bytes seed = hex("a0ba9f936cda311827a6f796ffd5198c");
  const Bytes out = prf_sha256(secret, "test label", seed, 100);
  EXPECT_EQ(to_hex(out),
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a4"
            "6b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d1"
            "22ee42c5a72e5a5110fff70187347b66");
  EXPECT_EQ(out, mbedtls_prf(secret, "test label", seed, 100));
  // A shorter output is a prefix of a longer one (P_hash is a stream).
  EXPECT_EQ(prf_sha256(secret, "test label", seed, 7), Bytes(out.begin(), out.begin() + 7));
}

TEST(Rfc5246_5, PrfAgreesWithMbedTlsOnOddLengths) {
  const Bytes secret(48, 0x0b);
  const Bytes seed(64, 0x5a);
  for (std::size_t n : {1u, 12u, 31u, 32u, 33u, 40u, 88u, 129u}) {
    EXPECT_EQ(prf_sha256(secret, "key expansion", seed, n),
              mbedtls_prf(secret, "key expansion", seed, n))
        << n;
  }
}

TEST(Rfc7627_4, ExtendedMasterSecretUsesSessionHash) {
  const Bytes pms(32, 0x42);
  const Bytes transcript_a = digest(crypto::HashAlgorithm::sha256, as_bytes("ClientHello...CKE"));
  const Bytes transcript_b = digest(crypto::HashAlgorithm::sha256, as_bytes("ClientHello...CKE!"));
  const Bytes ems = extended_master_secret(pms, transcript_a);
  EXPECT_EQ(ems.size(), 48u);
  EXPECT_EQ(ems, mbedtls_prf(pms, "extended master secret", transcript_a, 48));
  // Bound to the handshake: a different transcript gives a different master secret, unlike
  // the RFC 5246 §8.1 secret that only sees the randoms (the triple-handshake attack).
  EXPECT_NE(ems, extended_master_secret(pms, transcript_b));
  const Bytes randoms(32, 1);
  EXPECT_EQ(master_secret(pms, randoms, randoms),
            mbedtls_prf(pms, "master secret", Bytes(64, 1), 48));
}

TEST(Rfc5246_7_4_9, FinishedVerifyData) {
  const Bytes master(48, 0x33);
  const Bytes hash(32, 0x44);
  EXPECT_EQ(finished_verify_data(master, true, hash),
            mbedtls_prf(master, "client finished", hash, 12));
  EXPECT_EQ(finished_verify_data(master, false, hash),
            mbedtls_prf(master, "server finished", hash, 12));
}

TEST(Rfc5246_6_3, KeyBlockPutsServerRandomFirst) {
  const Bytes master(48, 0x11), cr(32, 0xc1), sr(32, 0x5e);
  Bytes seed = sr;
  seed.insert(seed.end(), cr.begin(), cr.end());
  EXPECT_EQ(key_block(master, cr, sr, 40), mbedtls_prf(master, "key expansion", seed, 40));
}

TEST(Rfc5764_4_2, ExporterKeyingMaterialSplit) {
  const Bytes master(48, 0x77), cr(32, 0xc1), sr(32, 0x5e);
  Bytes seed = cr;
  seed.insert(seed.end(), sr.begin(), sr.end());
  const Bytes ekm = export_keying_material(master, kDtlsSrtpExporterLabel, cr, sr, 60);
  EXPECT_EQ(ekm, mbedtls_prf(master, "EXTRACTOR-dtls_srtp", seed, 60));
  // AES128_CM_HMAC_SHA1_80: 16-byte keys, 14-byte salts, in the order of §4.2.
  const auto k = split_srtp_keying_material(SrtpProfileId::aes128_cm_hmac_sha1_80, ekm);
  EXPECT_EQ(k.client_master_key, Bytes(ekm.begin(), ekm.begin() + 16));
  EXPECT_EQ(k.server_master_key, Bytes(ekm.begin() + 16, ekm.begin() + 32));
  EXPECT_EQ(k.client_master_salt, Bytes(ekm.begin() + 32, ekm.begin() + 46));
  EXPECT_EQ(k.server_master_salt, Bytes(ekm.begin() + 46, ekm.end()));
  // AEAD_AES_256_GCM: 32-byte keys, 12-byte salts = 88 bytes.
  const auto& info = srtp_profile_info(SrtpProfileId::aead_aes_256_gcm);
  EXPECT_EQ(info.keying_material_size(), 88u);
  const Bytes ekm88 = export_keying_material(master, kDtlsSrtpExporterLabel, cr, sr, 88);
  const auto g = split_srtp_keying_material(SrtpProfileId::aead_aes_256_gcm, ekm88);
  EXPECT_EQ(g.client_master_key.size(), 32u);
  EXPECT_EQ(g.server_master_salt, Bytes(ekm88.end() - 12, ekm88.end()));
  EXPECT_EQ(srtp_profile_info(SrtpProfileId::aead_aes_128_gcm).keying_material_size(), 56u);
}

TEST(Rfc5764_4_1_1, ProfileNegotiationFollowsOurPreference) {
  const auto ours = default_srtp_profiles();
  // Chromium's order (INTEROP-NOTES.md): CM_80, AEAD_256, AEAD_128 -> we pick AEAD_128.
  const std::vector<std::uint16_t> chromium = {0x0001, 0x0008, 0x0007};
  EXPECT_EQ(choose_srtp_profile(ours, chromium), SrtpProfileId::aead_aes_128_gcm);
  const std::vector<std::uint16_t> cm_only = {0x0002, 0x0001};
  EXPECT_EQ(choose_srtp_profile(ours, cm_only), SrtpProfileId::aes128_cm_hmac_sha1_80);
  const std::vector<std::uint16_t> unknown = {0x0005, 0x0006};
  EXPECT_FALSE(choose_srtp_profile(ours, unknown));
  EXPECT_EQ(parse_srtp_profile_list("SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80").value(),
            (std::vector<SrtpProfileId>{SrtpProfileId::aead_aes_128_gcm,
                                        SrtpProfileId::aes128_cm_hmac_sha1_80}));
  EXPECT_FALSE(parse_srtp_profile_list("SRTP_NOPE"));
}

}  // namespace
}  // namespace rtc::dtls
