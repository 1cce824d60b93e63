// Cross-check against libsrtp2 (Cisco's reference implementation, Debian's libsrtp2-dev):
// for every profile, what we protect libsrtp2 unprotects and the other way round, for SRTP
// across a rollover-counter wrap (RFC 3711 §3.3.1) and for SRTCP (§3.4). libsrtp2 is the
// oracle for everything our own vectors do not pin: the AEAD key derivation with a 96-bit
// salt (RFC 7714 §11), header extensions and CSRCs in the associated data, padding, the
// SRTCP trailer order.
#include <gtest/gtest.h>
#include <srtp2/srtp.h>

#include <cstring>
#include <memory>

#include "rtc/rtp/srtp_session.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;
using test::make_rtcp;
using test::make_rtp;

struct LibSrtpInit {
  LibSrtpInit() { EXPECT_EQ(srtp_init(), srtp_err_status_ok); }
};

void set_policy(SrtpProfile profile, srtp_crypto_policy_t* rtp, srtp_crypto_policy_t* rtcp) {
  switch (profile) {
    case SrtpProfile::aes_cm_128_hmac_sha1_80:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtcp);
      break;
    case SrtpProfile::aes_cm_128_hmac_sha1_32:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(rtcp);  // RFC 5764 §4.1.2
      break;
    case SrtpProfile::aead_aes_128_gcm:
      srtp_crypto_policy_set_aes_gcm_128_16_auth(rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(rtcp);
      break;
    case SrtpProfile::aead_aes_256_gcm:
      srtp_crypto_policy_set_aes_gcm_256_16_auth(rtp);
      srtp_crypto_policy_set_aes_gcm_256_16_auth(rtcp);
      break;
  }
}

// One libsrtp2 session for one direction, keyed as DTLS-SRTP keys it: master key || salt.
class LibSrtp {
 public:
  // rtcp_auth_only: accept SRTCP with E = 0. libsrtp2 refuses unencrypted SRTCP
  // (srtp_err_status_cant_check) when its AES-CM policy asks for confidentiality.
  LibSrtp(SrtpProfile profile, const Bytes& key_and_salt, bool outbound,
          bool rtcp_auth_only = false)
      : key_(key_and_salt) {
    static LibSrtpInit init;
    srtp_policy_t policy;
    std::memset(&policy, 0, sizeof policy);
    set_policy(profile, &policy.rtp, &policy.rtcp);
    if (rtcp_auth_only) policy.rtcp.sec_serv = sec_serv_auth;
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key_.data();
    policy.window_size = 128;
    policy.allow_repeat_tx = 0;
    policy.next = nullptr;
    status_ = srtp_create(&session_, &policy);
  }
  ~LibSrtp() {
    if (session_ != nullptr) srtp_dealloc(session_);
  }
  LibSrtp(const LibSrtp&) = delete;
  LibSrtp& operator=(const LibSrtp&) = delete;

  srtp_err_status_t status() const { return status_; }

  srtp_err_status_t run(Bytes& packet, bool rtcp, bool protect) {
    int length = static_cast<int>(packet.size());
    packet.resize(packet.size() + SRTP_MAX_TRAILER_LEN);
    srtp_err_status_t status;
    if (rtcp) {
      status = protect ? srtp_protect_rtcp(session_, packet.data(), &length)
                       : srtp_unprotect_rtcp(session_, packet.data(), &length);
    } else {
      status = protect ? srtp_protect(session_, packet.data(), &length)
                       : srtp_unprotect(session_, packet.data(), &length);
    }
    packet.resize(status == srtp_err_status_ok ? static_cast<std::size_t>(length)
                                               : packet.size() - SRTP_MAX_TRAILER_LEN);
    return status;
  }

 private:
  Bytes key_;
  srtp_t session_ = nullptr;
  srtp_err_status_t status_ = srtp_err_status_fail;
};

SrtpConfig config_for(SrtpProfile profile, bool encrypt_rtcp = true) {
  const auto& info = profile_info(profile);
  SrtpConfig config;
  config.profile = profile;
  config.encrypt_rtcp = encrypt_rtcp;
  for (std::size_t i = 0; i < info.master_key_size; ++i) {
    config.master_key.push_back(static_cast<std::uint8_t>(0x3c ^ (i * 29)));
  }
  for (std::size_t i = 0; i < info.master_salt_size; ++i) {
    config.master_salt.push_back(static_cast<std::uint8_t>(0xc3 ^ (i * 17)));
  }
  return config;
}

Bytes key_and_salt(const SrtpConfig& config) {
  Bytes out = config.master_key;
  out.insert(out.end(), config.master_salt.begin(), config.master_salt.end());
  return out;
}

// The packets each direction carries: several SSRCs, sequence numbers running across the
// 16-bit wrap, and packets with CSRCs, a header extension and padding.
std::vector<Bytes> rtp_stream() {
  std::vector<Bytes> packets;
  std::uint16_t seq = 65500;
  for (int n = 0; n < 80; ++n, ++seq) {
    const std::uint32_t ssrc = n % 3 == 0 ? 0x11111111u : 0x22222222u;
    Bytes packet = make_rtp(ssrc, seq, 50 + static_cast<std::size_t>(n) * 13);
    if (n % 5 == 1) {
      // CC=1, X=1 (one-byte extension, one word), P with 3 octets of padding.
      Bytes fancy = hex("b1 6f 0000 00000000 00000000 cafef00d bede0001 22017f00");
      store_be16(fancy, 2, seq);
      store_be32(fancy, 8, ssrc);
      fancy.insert(fancy.end(), packet.begin() + 12, packet.end());
      fancy.insert(fancy.end(), {0, 0, 3});
      packet = fancy;
    }
    packets.push_back(std::move(packet));
  }
  return packets;
}

class LibSrtp2Interop : public ::testing::TestWithParam<SrtpProfile> {};

INSTANTIATE_TEST_SUITE_P(EveryProfile, LibSrtp2Interop,
                         ::testing::Values(SrtpProfile::aes_cm_128_hmac_sha1_80,
                                           SrtpProfile::aes_cm_128_hmac_sha1_32,
                                           SrtpProfile::aead_aes_128_gcm,
                                           SrtpProfile::aead_aes_256_gcm),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST_P(LibSrtp2Interop, OursProtectLibSrtpUnprotectsAcrossRocWrap) {
  const auto config = config_for(GetParam());
  auto ours = SrtpSession::create(config);
  ASSERT_TRUE(ours) << ours.error().to_string();
  LibSrtp theirs(GetParam(), key_and_salt(config), false);
  ASSERT_EQ(theirs.status(), srtp_err_status_ok);
  for (const Bytes& plain : rtp_stream()) {
    Bytes packet = plain;
    ASSERT_TRUE(ours->protect_rtp(packet));
    Bytes replay = packet;
    ASSERT_EQ(theirs.run(packet, false, false), srtp_err_status_ok)
        << "seq " << load_be16(plain, 2);
    EXPECT_EQ(packet, plain);
    EXPECT_EQ(theirs.run(replay, false, false), srtp_err_status_replay_fail);
  }
  EXPECT_EQ(ours->sender_roc(0x22222222), 1u);
}

TEST_P(LibSrtp2Interop, LibSrtpProtectsOursUnprotectAcrossRocWrap) {
  const auto config = config_for(GetParam());
  auto ours = SrtpSession::create(config);
  ASSERT_TRUE(ours);
  LibSrtp theirs(GetParam(), key_and_salt(config), true);
  ASSERT_EQ(theirs.status(), srtp_err_status_ok);
  for (const Bytes& plain : rtp_stream()) {
    Bytes packet = plain;
    ASSERT_EQ(theirs.run(packet, false, true), srtp_err_status_ok);
    ASSERT_EQ(packet.size(), plain.size() + ours->rtp_overhead());
    Bytes tampered = packet;
    tampered[tampered.size() / 2] ^= 0x10;
    auto rejected = ours->unprotect_rtp(tampered);
    ASSERT_FALSE(rejected);
    EXPECT_EQ(rejected.error().code, Errc::integrity);
    auto opened = ours->unprotect_rtp(packet);
    ASSERT_TRUE(opened) << "seq " << load_be16(plain, 2) << ": " << opened.error().to_string();
    EXPECT_EQ(packet, plain);
  }
  EXPECT_EQ(ours->receiver_roc(0x11111111), 1u);
  EXPECT_EQ(ours->receiver_roc(0x22222222), 1u);
}

TEST_P(LibSrtp2Interop, SrtcpBothWays) {
  for (bool encrypt : {true, false}) {
    const auto config = config_for(GetParam(), encrypt);
    auto ours_tx = SrtpSession::create(config);
    auto ours_rx = SrtpSession::create(config);
    ASSERT_TRUE(ours_tx && ours_rx);
    LibSrtp theirs_rx(GetParam(), key_and_salt(config), false, !encrypt);
    LibSrtp theirs_tx(GetParam(), key_and_salt(config), true);
    for (std::uint32_t n = 0; n < 40; ++n) {
      const std::uint32_t ssrc = 0x5000 + n % 2;
      Bytes plain = make_rtcp(ssrc);
      if (n % 4 == 3) {
        // A padded compound: the last packet carries 4 octets of padding.
        Bytes pad = hex("a0c90002 00000000 00000004");
        store_be32(pad, 4, ssrc);
        plain.insert(plain.end(), pad.begin(), pad.end());
      }
      Bytes packet = plain;
      ASSERT_TRUE(ours_tx->protect_rtcp(packet));
      ASSERT_EQ(theirs_rx.run(packet, true, false), srtp_err_status_ok) << "E=" << encrypt;
      EXPECT_EQ(packet, plain);

      if (!encrypt) continue;  // libsrtp2 always sends E = 1
      packet = plain;
      ASSERT_EQ(theirs_tx.run(packet, true, true), srtp_err_status_ok);
      Bytes replay = packet;
      auto opened = ours_rx->unprotect_rtcp(packet);
      ASSERT_TRUE(opened) << opened.error().to_string();
      EXPECT_EQ(packet, plain);
      auto again = ours_rx->unprotect_rtcp(replay);
      ASSERT_FALSE(again);
      EXPECT_EQ(again.error().message.rfind("replayed", 0), 0u);
    }
  }
}

// Later ROCs: three wraps of one SSRC, every 97th sequence number sent each way. With gaps
// of 97 (< 2^15) both receivers must keep guessing the ROC right (RFC 3711 §3.3.1).
TEST_P(LibSrtp2Interop, SeveralWrapsInStep) {
  const auto config = config_for(GetParam());
  auto ours_tx = SrtpSession::create(config);
  auto ours_rx = SrtpSession::create(config);
  LibSrtp theirs_rx(GetParam(), key_and_salt(config), false);
  LibSrtp theirs_tx(GetParam(), key_and_salt(config), true);
  std::uint16_t seq = 0;
  for (std::uint32_t n = 0; n < 3 * 65536 + 500; n += 97, seq = static_cast<std::uint16_t>(n)) {
    const Bytes plain = make_rtp(0x77, seq, 32);
    Bytes ours_packet = plain;
    ASSERT_TRUE(ours_tx->protect_rtp(ours_packet));
    ASSERT_EQ(theirs_rx.run(ours_packet, false, false), srtp_err_status_ok) << n;
    EXPECT_EQ(ours_packet, plain);
    Bytes their_packet = plain;
    ASSERT_EQ(theirs_tx.run(their_packet, false, true), srtp_err_status_ok);
    ASSERT_TRUE(ours_rx->unprotect_rtp(their_packet)) << n;
    EXPECT_EQ(their_packet, plain);
  }
  EXPECT_EQ(ours_tx->sender_roc(0x77), 3u);
  EXPECT_EQ(ours_rx->receiver_roc(0x77), 3u);
}

}  // namespace
}  // namespace rtc::rtp
