#include "rtc/rtp/srtp_key_derivation.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "rtc/common/crypto.hpp"

namespace rtc::rtp {

Result<void> derive_srtp_key(BytesView master_key, BytesView master_salt, SrtpLabel label,
                             MutableBytesView out) {
  if (master_salt.size() > 14) {
    return fail(Errc::invalid_argument, "SRTP master salt is at most 112 bits (RFC 3711 §4.3.1)");
  }
  auto aes = crypto::AesCtr::create(master_key);
  if (!aes) return std::unexpected(std::move(aes.error()));
  // x = (label || r) XOR master_salt, with r = 0: only the label octet, at position 7 of the
  // 14-octet salt (the 56-bit key_id occupies its low-order octets 7..13), changes the salt.
  // The IV is x * 2^16: the two low octets are the block counter, starting at zero.
  std::array<std::uint8_t, 16> iv{};
  std::copy(master_salt.begin(), master_salt.end(), iv.begin());
  iv[7] ^= static_cast<std::uint8_t>(label);
  std::fill(out.begin(), out.end(), std::uint8_t{0});
  aes->crypt(iv, out, out);  // keystream = AES-CM output XOR zeros
  return {};
}

Result<SrtpSessionKeys> derive_srtp_session_keys(SrtpProfile profile, BytesView master_key,
                                                 BytesView master_salt) {
  const auto& info = profile_info(profile);
  if (master_key.size() != info.master_key_size || master_salt.size() != info.master_salt_size) {
    return fail(Errc::invalid_argument,
                std::string(info.sdp_name) + " needs a " + std::to_string(info.master_key_size) +
                    "-byte master key and a " + std::to_string(info.master_salt_size) +
                    "-byte master salt, got " + std::to_string(master_key.size()) + " and " +
                    std::to_string(master_salt.size()));
  }
  SrtpSessionKeys keys;
  auto derive = [&](SrtpLabel label, std::size_t size, Bytes& out) -> Result<void> {
    out.assign(size, 0);
    if (size == 0) return {};
    return derive_srtp_key(master_key, master_salt, label, out);
  };
  for (auto step : {
           derive(SrtpLabel::rtp_encryption, info.session_key_size, keys.rtp_key),
           derive(SrtpLabel::rtp_salt, info.session_salt_size, keys.rtp_salt),
           derive(SrtpLabel::rtp_authentication, info.auth_key_size, keys.rtp_auth_key),
           derive(SrtpLabel::rtcp_encryption, info.session_key_size, keys.rtcp_key),
           derive(SrtpLabel::rtcp_salt, info.session_salt_size, keys.rtcp_salt),
           derive(SrtpLabel::rtcp_authentication, info.auth_key_size, keys.rtcp_auth_key),
       }) {
    if (!step) return std::unexpected(std::move(step.error()));
  }
  return keys;
}

Result<SrtpMasterKeys> split_dtls_srtp_keying_material(SrtpProfile profile, BytesView material) {
  const auto& info = profile_info(profile);
  const std::size_t key = info.master_key_size;
  const std::size_t salt = info.master_salt_size;
  if (material.size() != 2 * (key + salt)) {
    return fail(Errc::invalid_argument, std::string(info.dtls_name) + " keying material is 2 * (" +
                                            std::to_string(key) + " + " + std::to_string(salt) +
                                            ") bytes (RFC 5764 §4.2), got " +
                                            std::to_string(material.size()));
  }
  auto take = [&](std::size_t offset, std::size_t size) {
    const BytesView part = material.subspan(offset, size);
    return Bytes(part.begin(), part.end());
  };
  SrtpMasterKeys keys;
  keys.client_key = take(0, key);
  keys.server_key = take(key, key);
  keys.client_salt = take(2 * key, salt);
  keys.server_salt = take(2 * key + salt, salt);
  return keys;
}

}  // namespace rtc::rtp
