// Fuzz target for SRTP/SRTCP unprotect and the RTP/RTCP header views (rtp/).
//
// The first input byte picks the profile (bits 0-1), RTP or RTCP (bit 2) and the SRTCP E flag
// our sender uses (bit 3); the rest is the packet. Each input is
//   1. parsed by RtpHeaderView::parse / parse_header, RtcpHeaderView::parse and the compound
//      walk, which must never read out of bounds;
//   2. unprotected as an SRTP or SRTCP packet under fixed keys: forged tags must be rejected
//      without touching state, so the session still works afterwards;
//   3. if it is a valid plaintext packet, protected and unprotected again: the round trip
//      must give the packet back byte for byte (otherwise the target traps).
#include <cstddef>
#include <cstdint>

#include "rtc/rtp/rtcp_header.hpp"
#include "rtc/rtp/rtp_header.hpp"
#include "rtc/rtp/srtp_session.hpp"

namespace {

using rtc::Bytes;
using rtc::rtp::SrtpProfile;

rtc::rtp::SrtpSession make_session(SrtpProfile profile, bool encrypt_rtcp) {
  const auto& info = rtc::rtp::profile_info(profile);
  rtc::rtp::SrtpConfig config;
  config.profile = profile;
  config.master_key.assign(info.master_key_size, 0x5a);
  config.master_salt.assign(info.master_salt_size, 0xa5);
  config.max_contexts = 4;
  config.replay_window = 64;
  config.encrypt_rtcp = encrypt_rtcp;
  auto session = rtc::rtp::SrtpSession::create(config);
  if (!session) __builtin_trap();
  return std::move(*session);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  constexpr SrtpProfile kProfiles[] = {
      SrtpProfile::aes_cm_128_hmac_sha1_80, SrtpProfile::aes_cm_128_hmac_sha1_32,
      SrtpProfile::aead_aes_128_gcm, SrtpProfile::aead_aes_256_gcm};
  const SrtpProfile profile = kProfiles[data[0] & 3];
  const bool rtcp = (data[0] & 4) != 0;
  const bool encrypt_rtcp = (data[0] & 8) == 0;
  const rtc::BytesView input(data + 1, size - 1);

  // 1. The views.
  if (auto rtp = rtc::rtp::RtpHeaderView::parse(input)) {
    (void)rtp->payload();
    (void)rtp->extension_data();
    for (std::size_t i = 0; i < rtp->csrc_count(); ++i) (void)rtp->csrc(i);
  }
  (void)rtc::rtp::RtpHeaderView::parse_header(input);
  if (auto header = rtc::rtp::RtcpHeaderView::parse(input)) (void)header->packet();
  (void)rtc::rtp::validate_rtcp_compound(input);

  // 2. Unprotect fuzzed bytes; then a genuine packet must still pass.
  auto receiver = make_session(profile, true);
  Bytes packet(input.begin(), input.end());
  auto opened = rtcp ? receiver.unprotect_rtcp(packet) : receiver.unprotect_rtp(packet);
  if (opened && receiver.context_count() == 0) __builtin_trap();
  if (!opened && receiver.context_count() != 0) __builtin_trap();  // rejected: no state

  // 3. Round trip of valid plaintext.
  auto sender = make_session(profile, encrypt_rtcp);
  auto peer = make_session(profile, true);
  Bytes plain(input.begin(), input.end());
  Bytes wire = plain;
  auto sealed = rtcp ? sender.protect_rtcp(wire) : sender.protect_rtp(wire);
  if (!sealed) {
    if (wire != plain) __builtin_trap();  // a rejected packet is left alone
    return 0;
  }
  auto back = rtcp ? peer.unprotect_rtcp(wire) : peer.unprotect_rtp(wire);
  if (!back || wire != plain) __builtin_trap();
  return 0;
}
