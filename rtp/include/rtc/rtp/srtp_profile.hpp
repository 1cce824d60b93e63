// The four SRTP protection profiles WebRTC negotiates, and their parameters.
//
// DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2) negotiates a profile by a 16-bit id in the
// use_srtp extension; SDES (RFC 4568 §6.2, RFC 7714 §14.1) names the same suites in SDP.
// Everything SRTP needs to size keys and packets comes from this table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace rtc::rtp {

enum class SrtpProfile : std::uint16_t {
  aes_cm_128_hmac_sha1_80 = 0x0001,  // RFC 5764 §4.1.2 SRTP_AES128_CM_HMAC_SHA1_80
  aes_cm_128_hmac_sha1_32 = 0x0002,  // RFC 5764 §4.1.2 SRTP_AES128_CM_HMAC_SHA1_32
  aead_aes_128_gcm = 0x0007,         // RFC 7714 §14.2 SRTP_AEAD_AES_128_GCM
  aead_aes_256_gcm = 0x0008,         // RFC 7714 §14.2 SRTP_AEAD_AES_256_GCM
};

struct SrtpProfileInfo {
  SrtpProfile profile;
  std::uint16_t id;            // the DTLS use_srtp value
  std::string_view dtls_name;  // "SRTP_AES128_CM_HMAC_SHA1_80"
  std::string_view sdp_name;   // "AES_CM_128_HMAC_SHA1_80" (RFC 4568 crypto-suite)
  bool aead;                   // AES-GCM (RFC 7714) rather than AES-CM + HMAC-SHA1 (RFC 3711)
  std::size_t master_key_size;
  std::size_t master_salt_size;  // 14 for AES-CM (RFC 3711 §8.2), 12 for GCM (RFC 7714 §12)
  std::size_t session_key_size;
  std::size_t session_salt_size;
  std::size_t auth_key_size;  // HMAC-SHA1 key n_a (RFC 3711 §8.2); 0 for AEAD
  std::size_t rtp_tag_size;   // 10, 4 or 16
  std::size_t rtcp_tag_size;  // 10 even for the _32 profile (RFC 5764 §4.1.2), 16 for GCM
};

const SrtpProfileInfo& profile_info(SrtpProfile profile);
std::span<const SrtpProfileInfo> all_srtp_profiles();
std::optional<SrtpProfile> srtp_profile_from_id(std::uint16_t id);
// Accepts the DTLS spelling, the SDP spelling, or either in lower case.
std::optional<SrtpProfile> srtp_profile_from_name(std::string_view name);
inline std::string_view to_string(SrtpProfile profile) {
  return profile_info(profile).sdp_name;
}

}  // namespace rtc::rtp
