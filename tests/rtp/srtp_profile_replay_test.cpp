// Profile table (RFC 5764 §4.1.2, RFC 7714 §14), replay window (RFC 3711 §3.3.2) and packet
// index estimation (RFC 3711 §3.3.1).
#include <gtest/gtest.h>

#include "rtc/rtp/srtp_context.hpp"
#include "rtc/rtp/srtp_key_derivation.hpp"
#include "rtc/rtp/srtp_profile.hpp"
#include "rtc/rtp/srtp_replay.hpp"

namespace rtc::rtp {
namespace {

TEST(Rfc5764_4_1_2, ProfileIdsNamesAndSizes) {
  EXPECT_EQ(srtp_profile_from_id(0x0001), SrtpProfile::aes_cm_128_hmac_sha1_80);
  EXPECT_EQ(srtp_profile_from_id(0x0002), SrtpProfile::aes_cm_128_hmac_sha1_32);
  EXPECT_EQ(srtp_profile_from_id(0x0007), SrtpProfile::aead_aes_128_gcm);
  EXPECT_EQ(srtp_profile_from_id(0x0008), SrtpProfile::aead_aes_256_gcm);
  EXPECT_FALSE(srtp_profile_from_id(0x0005));  // NULL cipher profiles are not offered

  EXPECT_EQ(srtp_profile_from_name("SRTP_AES128_CM_HMAC_SHA1_80"),
            SrtpProfile::aes_cm_128_hmac_sha1_80);
  EXPECT_EQ(srtp_profile_from_name("AES_CM_128_HMAC_SHA1_32"),
            SrtpProfile::aes_cm_128_hmac_sha1_32);
  EXPECT_EQ(srtp_profile_from_name("srtp_aead_aes_256_gcm"), SrtpProfile::aead_aes_256_gcm);
  EXPECT_EQ(srtp_profile_from_name("AEAD_AES_128_GCM"), SrtpProfile::aead_aes_128_gcm);
  EXPECT_FALSE(srtp_profile_from_name("AES_CM_256_HMAC_SHA1_80"));

  const auto& cm32 = profile_info(SrtpProfile::aes_cm_128_hmac_sha1_32);
  EXPECT_EQ(cm32.rtp_tag_size, 4u);
  EXPECT_EQ(cm32.rtcp_tag_size, 10u);  // RFC 5764 §4.1.2: SRTCP keeps 80 bits
  EXPECT_EQ(cm32.master_key_size + cm32.master_salt_size, 30u);
  const auto& gcm256 = profile_info(SrtpProfile::aead_aes_256_gcm);
  EXPECT_EQ(gcm256.master_key_size + gcm256.master_salt_size, 44u);  // RFC 7714 §14.2
  EXPECT_EQ(gcm256.rtp_tag_size, 16u);
  EXPECT_EQ(all_srtp_profiles().size(), 4u);
}

TEST(Rfc3711_3_3_2, ReplayWindowAcceptsNewRejectsSeenAndOld) {
  ReplayWindow window(128);
  EXPECT_EQ(window.check(1000), ReplayWindow::Verdict::fresh);
  window.accept(1000);
  EXPECT_EQ(window.check(1000), ReplayWindow::Verdict::replayed);
  EXPECT_EQ(window.check(1001), ReplayWindow::Verdict::fresh);
  EXPECT_EQ(window.check(999), ReplayWindow::Verdict::fresh);  // late but inside
  window.accept(999);
  EXPECT_EQ(window.check(999), ReplayWindow::Verdict::replayed);
  EXPECT_EQ(window.check(1000 - 127), ReplayWindow::Verdict::fresh);
  EXPECT_EQ(window.check(1000 - 128), ReplayWindow::Verdict::too_old);
  // Sliding forward forgets what leaves the window and clears reused ring slots.
  window.accept(1000 + 128);
  EXPECT_EQ(window.check(1000), ReplayWindow::Verdict::too_old);
  EXPECT_EQ(window.check(1001), ReplayWindow::Verdict::fresh);
  EXPECT_EQ(window.highest(), 1128u);
  // A big jump clears everything.
  window.accept(1'000'000);
  EXPECT_EQ(window.check(1'000'000 - 1), ReplayWindow::Verdict::fresh);
  EXPECT_EQ(window.check(1'000'000), ReplayWindow::Verdict::replayed);
}

TEST(Rfc3711_3_3_2, ReplayWindowSizeIsConfigurable) {
  ReplayWindow window(1024);
  EXPECT_EQ(window.size(), 1024u);
  window.accept(5000);
  EXPECT_EQ(window.check(5000 - 1023), ReplayWindow::Verdict::fresh);
  EXPECT_EQ(window.check(5000 - 1024), ReplayWindow::Verdict::too_old);
  EXPECT_EQ(ReplayWindow(1).size(), ReplayWindow::kMinSize);  // RFC 3711: at least 64
  // Every index inside a 64..200 window is remembered exactly once.
  ReplayWindow odd(200);
  for (std::uint64_t i = 0; i < 1000; i += 3) odd.accept(i);
  for (std::uint64_t i = 800; i < 999; ++i) {
    EXPECT_EQ(odd.check(i),
              i % 3 == 0 ? ReplayWindow::Verdict::replayed : ReplayWindow::Verdict::fresh)
        << i;
  }
}

TEST(Rfc3711_3_3_1, RocEstimationAcrossWrap) {
  // First packet: ROC 0, i = SEQ.
  EXPECT_EQ(estimate_srtp_index(std::nullopt, 65530), 65530u);
  // s_l = 65530 (>= 2^15): a small SEQ has wrapped, v = ROC + 1.
  EXPECT_EQ(estimate_srtp_index(65530, 3), 0x10003u);
  EXPECT_EQ(estimate_srtp_index(65530, 65535), 65535u);
  EXPECT_EQ(estimate_srtp_index(65530, 40000), 40000u);  // late, same ROC
  // s_l = 3 at ROC 1 (< 2^15): a large SEQ is from before the wrap, v = ROC - 1.
  EXPECT_EQ(estimate_srtp_index(0x10003, 65534), 65534u);
  EXPECT_EQ(estimate_srtp_index(0x10003, 100), 0x10064u);
  // At ROC 0 there is no ROC - 1.
  EXPECT_EQ(estimate_srtp_index(3, 65534), std::nullopt);
  // ROC 2^32 - 1 cannot wrap again (RFC 3711 §9.2: rekey first).
  EXPECT_EQ(estimate_srtp_index(0xffffffff0000ull | 65530, 2), std::nullopt);
  // A long run of consecutive sequence numbers keeps its ROC in step.
  std::optional<std::uint64_t> highest;
  std::uint16_t seq = 65000;
  for (std::uint64_t n = 0; n < 200'000; ++n, ++seq) {
    auto index = estimate_srtp_index(highest, seq);
    ASSERT_TRUE(index);
    ASSERT_EQ(*index, 65000 + n);
    highest = index;
  }
}

}  // namespace
}  // namespace rtc::rtp

namespace rtc::rtp {
namespace {

TEST(Rfc5764_4_2, KeyingMaterialSplitsClientKeyServerKeyClientSaltServerSalt) {
  Bytes material(2 * (16 + 12));
  for (std::size_t i = 0; i < material.size(); ++i) material[i] = static_cast<std::uint8_t>(i);
  auto keys = split_dtls_srtp_keying_material(SrtpProfile::aead_aes_128_gcm, material);
  ASSERT_TRUE(keys) << keys.error().to_string();
  EXPECT_EQ(keys->client_key.front(), 0);
  EXPECT_EQ(keys->server_key.front(), 16);
  EXPECT_EQ(keys->client_salt.front(), 32);
  EXPECT_EQ(keys->server_salt.front(), 44);
  EXPECT_EQ(keys->server_salt.size(), 12u);
  EXPECT_FALSE(split_dtls_srtp_keying_material(SrtpProfile::aes_cm_128_hmac_sha1_80, material));
}

}  // namespace
}  // namespace rtc::rtp
