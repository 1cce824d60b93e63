// DTLS-SRTP protection profiles (RFC 5764 §4.1.2, RFC 7714 §14.2) and the split of the exported
// keying material into SRTP master keys and salts (RFC 5764 §4.2).
//
// The 16-bit ids are defined here so that dtls/ does not depend on rtp/; peer/ maps them to the
// SRTP session's profiles.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "rtc/common/bytes.hpp"

namespace rtc::dtls {

enum class SrtpProfileId : std::uint16_t {
  aes128_cm_hmac_sha1_80 = 0x0001,  // RFC 5764 §4.1.2
  aes128_cm_hmac_sha1_32 = 0x0002,  // RFC 5764 §4.1.2
  aead_aes_128_gcm = 0x0007,        // RFC 7714 §14.2
  aead_aes_256_gcm = 0x0008,        // RFC 7714 §14.2
};

struct SrtpProfileInfo {
  SrtpProfileId id;
  std::string_view name;          // RFC 5764 §4.1.2 / RFC 7714 §14.2: "SRTP_AEAD_AES_128_GCM"
  std::string_view openssl_name;  // OpenSSL's spelling: "SRTP_AES128_CM_SHA1_80"
  std::size_t master_key_size;
  std::size_t master_salt_size;
  // Bytes to export: 2 * (key + salt) (RFC 5764 §4.2).
  std::size_t keying_material_size() const { return 2 * (master_key_size + master_salt_size); }
};

// nullptr for ids this stack does not implement.
const SrtpProfileInfo* srtp_profile_info(std::uint16_t id);
inline const SrtpProfileInfo& srtp_profile_info(SrtpProfileId id) {
  return *srtp_profile_info(static_cast<std::uint16_t>(id));
}
std::optional<SrtpProfileId> srtp_profile_from_name(std::string_view name);
// "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80" (OpenSSL's -use_srtp syntax; the OpenSSL
// short names SRTP_AES128_CM_SHA1_80/32 are accepted too).
std::optional<std::vector<SrtpProfileId>> parse_srtp_profile_list(std::string_view list);

// Our preference order: AEAD first (no separate MAC, shorter keys to derive), then AES-CM.
std::vector<SrtpProfileId> default_srtp_profiles();

// RFC 5764 §4.1.1: the server picks one profile that the client offered; we take the first of
// ours (in our preference order) that appears in the client's list.
std::optional<SrtpProfileId> choose_srtp_profile(std::span<const SrtpProfileId> ours,
                                                 std::span<const std::uint16_t> offered);

// RFC 5764 §4.2: the exporter output is
//   client_write_SRTP_master_key[key] | server_write_SRTP_master_key[key] |
//   client_write_SRTP_master_salt[salt] | server_write_SRTP_master_salt[salt]
struct SrtpKeyingMaterial {
  SrtpProfileId profile;
  Bytes client_master_key, server_master_key;
  Bytes client_master_salt, server_master_salt;
};
// material.size() must be srtp_profile_info(profile).keying_material_size().
SrtpKeyingMaterial split_srtp_keying_material(SrtpProfileId profile, BytesView material);

}  // namespace rtc::dtls
