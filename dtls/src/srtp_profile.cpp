// DTLS-SRTP profile table, negotiation and key split (RFC 5764 §4.1.2, §4.1.1, §4.2;
// RFC 7714 §14.2 for the AEAD profiles).
#include "rtc/dtls/srtp_profile.hpp"

#include <algorithm>
#include <array>

namespace rtc::dtls {

namespace {

// Master key and salt lengths: RFC 5764 §4.1.2 (AES-CM: 128-bit key, 112-bit salt) and
// RFC 7714 §12 (AEAD: 128- or 256-bit key, 96-bit salt).
constexpr std::array<SrtpProfileInfo, 4> kProfiles = {{
    {SrtpProfileId::aes128_cm_hmac_sha1_80, "SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AES128_CM_SHA1_80",
     16, 14},
    {SrtpProfileId::aes128_cm_hmac_sha1_32, "SRTP_AES128_CM_HMAC_SHA1_32", "SRTP_AES128_CM_SHA1_32",
     16, 14},
    {SrtpProfileId::aead_aes_128_gcm, "SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_128_GCM", 16, 12},
    {SrtpProfileId::aead_aes_256_gcm, "SRTP_AEAD_AES_256_GCM", "SRTP_AEAD_AES_256_GCM", 32, 12},
}};

}  // namespace

const SrtpProfileInfo* srtp_profile_info(std::uint16_t id) {
  for (const auto& p : kProfiles) {
    if (static_cast<std::uint16_t>(p.id) == id) return &p;
  }
  return nullptr;
}

std::optional<SrtpProfileId> srtp_profile_from_name(std::string_view name) {
  for (const auto& p : kProfiles) {
    if (p.name == name || p.openssl_name == name) return p.id;
  }
  return std::nullopt;
}

std::optional<std::vector<SrtpProfileId>> parse_srtp_profile_list(std::string_view list) {
  std::vector<SrtpProfileId> out;
  while (!list.empty()) {
    const auto colon = list.find(':');
    auto id = srtp_profile_from_name(list.substr(0, colon));
    if (!id) return std::nullopt;
    out.push_back(*id);
    list = colon == std::string_view::npos ? std::string_view{} : list.substr(colon + 1);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::vector<SrtpProfileId> default_srtp_profiles() {
  return {SrtpProfileId::aead_aes_128_gcm, SrtpProfileId::aead_aes_256_gcm,
          SrtpProfileId::aes128_cm_hmac_sha1_80, SrtpProfileId::aes128_cm_hmac_sha1_32};
}

std::optional<SrtpProfileId> choose_srtp_profile(std::span<const SrtpProfileId> ours,
                                                 std::span<const std::uint16_t> offered) {
  for (SrtpProfileId p : ours) {
    if (std::find(offered.begin(), offered.end(), static_cast<std::uint16_t>(p)) != offered.end()) {
      return p;
    }
  }
  return std::nullopt;
}

SrtpKeyingMaterial split_srtp_keying_material(SrtpProfileId profile, BytesView material) {
  const auto& info = srtp_profile_info(profile);
  const std::size_t k = info.master_key_size, s = info.master_salt_size;
  SrtpKeyingMaterial out{profile, {}, {}, {}, {}};
  if (material.size() != info.keying_material_size()) return out;
  auto take = [&](std::size_t at, std::size_t n) {
    auto v = material.subspan(at, n);
    return Bytes(v.begin(), v.end());
  };
  out.client_master_key = take(0, k);
  out.server_master_key = take(k, k);
  out.client_master_salt = take(2 * k, s);
  out.server_master_salt = take(2 * k + s, s);
  return out;
}

}  // namespace rtc::dtls
