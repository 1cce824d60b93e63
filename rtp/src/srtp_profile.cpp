#include "rtc/rtp/srtp_profile.hpp"

#include <array>
#include <cctype>

namespace rtc::rtp {
namespace {

constexpr std::array<SrtpProfileInfo, 4> kProfiles{{
    // RFC 5764 §4.1.2: AES-CM 128, HMAC-SHA1, 80-bit tags on SRTP and SRTCP.
    {SrtpProfile::aes_cm_128_hmac_sha1_80, 0x0001, "SRTP_AES128_CM_HMAC_SHA1_80",
     "AES_CM_128_HMAC_SHA1_80", false, 16, 14, 16, 14, 20, 10, 10},
    // RFC 5764 §4.1.2: 32-bit SRTP tag, but SRTCP keeps the 80-bit tag.
    {SrtpProfile::aes_cm_128_hmac_sha1_32, 0x0002, "SRTP_AES128_CM_HMAC_SHA1_32",
     "AES_CM_128_HMAC_SHA1_32", false, 16, 14, 16, 14, 20, 4, 10},
    // RFC 7714 §14.2: 96-bit salt, 16-octet tag on both.
    {SrtpProfile::aead_aes_128_gcm, 0x0007, "SRTP_AEAD_AES_128_GCM", "AEAD_AES_128_GCM", true, 16,
     12, 16, 12, 0, 16, 16},
    {SrtpProfile::aead_aes_256_gcm, 0x0008, "SRTP_AEAD_AES_256_GCM", "AEAD_AES_256_GCM", true, 32,
     12, 32, 12, 0, 16, 16},
}};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

const SrtpProfileInfo& profile_info(SrtpProfile profile) {
  for (const auto& info : kProfiles) {
    if (info.profile == profile) return info;
  }
  return kProfiles[0];  // unreachable for valid enumerators
}

std::span<const SrtpProfileInfo> all_srtp_profiles() {
  return kProfiles;
}

std::optional<SrtpProfile> srtp_profile_from_id(std::uint16_t id) {
  for (const auto& info : kProfiles) {
    if (info.id == id) return info.profile;
  }
  return std::nullopt;
}

std::optional<SrtpProfile> srtp_profile_from_name(std::string_view name) {
  for (const auto& info : kProfiles) {
    if (equal_ignoring_case(name, info.dtls_name) || equal_ignoring_case(name, info.sdp_name)) {
      return info.profile;
    }
  }
  return std::nullopt;
}

}  // namespace rtc::rtp
