#include "rtc/rtp/srtp_context.hpp"

#include <algorithm>
#include <cstring>

namespace rtc::rtp {
namespace {

// XORs the low `width` octets of `value` (big-endian) into iv ending at iv[end - 1].
void xor_be(std::span<std::uint8_t> iv, std::size_t end, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) {
    iv[end - 1 - i] ^= static_cast<std::uint8_t>(value >> (8 * i));
  }
}

// RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), 128 bits.
std::array<std::uint8_t, 16> aes_cm_iv(const std::array<std::uint8_t, 14>& salt, std::uint32_t ssrc,
                                       std::uint64_t index) {
  std::array<std::uint8_t, 16> iv{};
  std::copy(salt.begin(), salt.end(), iv.begin());
  xor_be(iv, 8, ssrc, 4);    // octets 4..7
  xor_be(iv, 14, index, 6);  // octets 8..13; 14..15 stay zero: the block counter
  return iv;
}

// RFC 7714 §8.1 (SRTP): 00 00 || SSRC || ROC || SEQ, XOR the 96-bit salt; ROC || SEQ is the
// 48-bit packet index. §9.1 (SRTCP): 00 00 || SSRC || 00 00 || 0 || SRTCP index, XOR salt:
// the same shape with the 31-bit index in the low 48 bits.
std::array<std::uint8_t, 12> gcm_iv(const std::array<std::uint8_t, 14>& salt, std::uint32_t ssrc,
                                    std::uint64_t index) {
  std::array<std::uint8_t, 12> iv{};
  std::copy_n(salt.begin(), 12, iv.begin());
  xor_be(iv, 6, ssrc, 4);
  xor_be(iv, 12, index, 6);
  return iv;
}

}  // namespace

std::optional<std::uint64_t> estimate_srtp_index(std::optional<std::uint64_t> highest,
                                                 std::uint16_t seq) {
  if (!highest) return seq;  // §3.3.1: the ROC starts at zero
  const std::uint64_t roc = *highest >> 16;
  const std::uint16_t s_l = static_cast<std::uint16_t>(*highest);
  std::uint64_t v = roc;
  if (s_l < 0x8000) {
    // SEQ - s_l > 2^15: the packet is from before the last wrap.
    if (seq > s_l && seq - s_l > 0x8000) {
      if (roc == 0) return std::nullopt;
      v = roc - 1;
    }
  } else if (s_l - 0x8000 > seq) {
    // s_l - 2^15 > SEQ: SEQ has wrapped past zero.
    if (roc == 0xffffffffu) return std::nullopt;
    v = roc + 1;
  }
  return (v << 16) | seq;
}

Result<SrtpCipher> SrtpCipher::create(SrtpProfile profile, const SrtpSessionKeys& keys) {
  const auto& info = profile_info(profile);
  if (keys.rtp_key.size() != info.session_key_size ||
      keys.rtcp_key.size() != info.session_key_size ||
      keys.rtp_salt.size() != info.session_salt_size ||
      keys.rtcp_salt.size() != info.session_salt_size ||
      keys.rtp_auth_key.size() != info.auth_key_size ||
      keys.rtcp_auth_key.size() != info.auth_key_size) {
    return fail(Errc::invalid_argument,
                std::string("session keys have the wrong sizes for ") + std::string(info.sdp_name));
  }
  SrtpCipher cipher;
  cipher.profile_ = profile;
  cipher.aead_ = info.aead;
  cipher.rtp_tag_size_ = info.rtp_tag_size;
  cipher.rtcp_tag_size_ = info.rtcp_tag_size;
  std::copy(keys.rtp_salt.begin(), keys.rtp_salt.end(), cipher.rtp_salt_.begin());
  std::copy(keys.rtcp_salt.begin(), keys.rtcp_salt.end(), cipher.rtcp_salt_.begin());
  // Everything that depends only on the keys is computed here, once (the issue's
  // "precompute per context"): AES key schedules, HMAC pad states, GHASH tables.
  if (info.aead) {
    auto rtp = crypto::AesGcm::create(keys.rtp_key);
    if (!rtp) return std::unexpected(std::move(rtp.error()));
    auto rtcp = crypto::AesGcm::create(keys.rtcp_key);
    if (!rtcp) return std::unexpected(std::move(rtcp.error()));
    cipher.rtp_gcm_.emplace(std::move(*rtp));
    cipher.rtcp_gcm_.emplace(std::move(*rtcp));
  } else {
    auto rtp = crypto::AesCtr::create(keys.rtp_key);
    if (!rtp) return std::unexpected(std::move(rtp.error()));
    auto rtcp = crypto::AesCtr::create(keys.rtcp_key);
    if (!rtcp) return std::unexpected(std::move(rtcp.error()));
    cipher.rtp_ctr_.emplace(std::move(*rtp));
    cipher.rtcp_ctr_.emplace(std::move(*rtcp));
    cipher.rtp_mac_.emplace(crypto::HashAlgorithm::sha1, keys.rtp_auth_key);
    cipher.rtcp_mac_.emplace(crypto::HashAlgorithm::sha1, keys.rtcp_auth_key);
  }
  return cipher;
}

Result<void> SrtpCipher::protect_rtp(MutableBytesView packet, std::size_t header_size,
                                     std::uint32_t ssrc, std::uint64_t index,
                                     MutableBytesView tag) {
  if (header_size > packet.size() || tag.size() != rtp_tag_size_) {
    return fail(Errc::invalid_argument, "SRTP protect: header or tag size out of range");
  }
  const MutableBytesView payload = packet.subspan(header_size);
  if (aead_) {
    // RFC 7714 §8.2: the header (with CSRCs and extension) is the associated data.
    const auto iv = gcm_iv(rtp_salt_, ssrc, index);
    return rtp_gcm_->seal(iv, packet.first(header_size), payload, payload, tag);
  }
  // RFC 3711 §3.3 steps 5-7: encrypt the payload, then authenticate header || ciphertext ||
  // ROC (§4.2: the authenticated portion followed by the 32-bit ROC).
  rtp_ctr_->crypt(aes_cm_iv(rtp_salt_, ssrc, index), payload, payload);
  std::array<std::uint8_t, 4> roc{};
  store_be32(roc, 0, static_cast<std::uint32_t>(index >> 16));
  std::array<std::uint8_t, 20> mac{};
  rtp_mac_->sign({BytesView(packet), BytesView(roc)}, mac);
  std::copy_n(mac.begin(), tag.size(), tag.begin());  // §4.2: the leftmost n_tag bits
  return {};
}

Result<void> SrtpCipher::unprotect_rtp(MutableBytesView packet, std::size_t header_size,
                                       std::uint32_t ssrc, std::uint64_t index, BytesView tag) {
  if (header_size > packet.size() || tag.size() != rtp_tag_size_) {
    return fail(Errc::invalid_argument, "SRTP unprotect: header or tag size out of range");
  }
  const MutableBytesView payload = packet.subspan(header_size);
  if (aead_) {
    const auto iv = gcm_iv(rtp_salt_, ssrc, index);
    auto opened = rtp_gcm_->open(iv, packet.first(header_size), payload, tag, payload);
    if (!opened) {
      return fail(Errc::integrity, "SRTP authentication tag does not verify (RFC 7714 §8.2)");
    }
    return {};
  }
  // RFC 3711 §3.3 step 5: authenticate before decrypting, comparing in constant time.
  std::array<std::uint8_t, 4> roc{};
  store_be32(roc, 0, static_cast<std::uint32_t>(index >> 16));
  if (!rtp_mac_->verify({BytesView(packet), BytesView(roc)}, tag)) {
    return fail(Errc::integrity, "SRTP authentication tag does not verify (RFC 3711 §3.3)");
  }
  rtp_ctr_->crypt(aes_cm_iv(rtp_salt_, ssrc, index), payload, payload);
  return {};
}

Result<std::size_t> SrtpCipher::protect_rtcp(MutableBytesView buffer, std::size_t size,
                                             std::uint32_t ssrc, std::uint32_t srtcp_index,
                                             bool encrypt) {
  if (size < 8 || size > buffer.size() ||
      buffer.size() - size < kSrtcpTrailerSize + rtcp_tag_size_ || srtcp_index > kSrtcpIndexMask) {
    return fail(Errc::invalid_argument, "SRTCP protect: packet, room or index out of range");
  }
  const std::uint32_t trailer = (encrypt ? kSrtcpEncryptedFlag : 0u) | srtcp_index;
  const MutableBytesView header = buffer.first(8);
  const MutableBytesView body = buffer.subspan(8, size - 8);
  if (aead_) {
    // RFC 7714 §9.1: ciphertext || tag || E||index. §9.2/§9.3: with E = 1 the associated data
    // is the 8-octet header followed by E||index; with E = 0 nothing is encrypted and the
    // whole RTCP compound followed by E||index is associated data.
    const auto iv = gcm_iv(rtcp_salt_, ssrc, srtcp_index);
    const MutableBytesView tag = buffer.subspan(size, rtcp_tag_size_);
    if (encrypt) {
      std::array<std::uint8_t, 12> aad{};
      std::copy(header.begin(), header.end(), aad.begin());
      store_be32(aad, 8, trailer);
      auto sealed = rtcp_gcm_->seal(iv, aad, body, body, tag);
      if (!sealed) return std::unexpected(std::move(sealed.error()));
    } else {
      // Write E||index right after the compound so the associated data is contiguous; the tag
      // goes to a separate array since it will be written over that trailer.
      store_be32(buffer, size, trailer);
      std::array<std::uint8_t, 16> computed{};
      const MutableBytesView computed_tag(computed.data(), rtcp_tag_size_);
      auto sealed =
          rtcp_gcm_->seal(iv, buffer.first(size + kSrtcpTrailerSize), {}, {}, computed_tag);
      if (!sealed) return std::unexpected(std::move(sealed.error()));
      std::copy(computed_tag.begin(), computed_tag.end(), tag.begin());
    }
    store_be32(buffer, size + rtcp_tag_size_, trailer);
    return size + rtcp_tag_size_ + kSrtcpTrailerSize;
  }
  // RFC 3711 §3.4: encrypt everything after the first 8 octets, append E||index, then
  // authenticate header || encrypted portion || E||index and append the tag.
  if (encrypt) rtcp_ctr_->crypt(aes_cm_iv(rtcp_salt_, ssrc, srtcp_index), body, body);
  store_be32(buffer, size, trailer);
  std::array<std::uint8_t, 20> mac{};
  rtcp_mac_->sign({BytesView(buffer.first(size + kSrtcpTrailerSize))}, mac);
  std::copy_n(mac.begin(), rtcp_tag_size_,
              buffer.begin() + static_cast<std::ptrdiff_t>(size + kSrtcpTrailerSize));
  return size + kSrtcpTrailerSize + rtcp_tag_size_;
}

Result<std::size_t> SrtpCipher::unprotect_rtcp(MutableBytesView packet, std::uint32_t ssrc,
                                               std::uint32_t trailer) {
  if (packet.size() < 8 + kSrtcpTrailerSize + rtcp_tag_size_) {
    return fail(Errc::truncated, "SRTCP packet too short for header, E||index and tag");
  }
  const bool encrypted = (trailer & kSrtcpEncryptedFlag) != 0;
  const std::uint32_t srtcp_index = trailer & kSrtcpIndexMask;
  const std::size_t size = packet.size() - kSrtcpTrailerSize - rtcp_tag_size_;
  const MutableBytesView body = packet.subspan(8, size - 8);
  if (aead_) {
    const auto iv = gcm_iv(rtcp_salt_, ssrc, srtcp_index);
    std::array<std::uint8_t, 16> tag{};
    std::copy_n(packet.begin() + static_cast<std::ptrdiff_t>(size), rtcp_tag_size_, tag.begin());
    const BytesView tag_view(tag.data(), rtcp_tag_size_);
    if (encrypted) {
      std::array<std::uint8_t, 12> aad{};
      std::copy_n(packet.begin(), 8, aad.begin());
      store_be32(aad, 8, trailer);
      if (!rtcp_gcm_->open(iv, aad, body, tag_view, body)) {
        return fail(Errc::integrity, "SRTCP authentication tag does not verify (RFC 7714 §9.2)");
      }
    } else {
      // §9.3: associated data = compound || E||index; the trailer is moved next to the
      // compound (over the tag, saved above) so that the associated data is contiguous.
      store_be32(packet, size, trailer);
      if (!rtcp_gcm_->open(iv, packet.first(size + kSrtcpTrailerSize), {}, tag_view, {})) {
        std::copy_n(tag.begin(), rtcp_tag_size_,
                    packet.begin() + static_cast<std::ptrdiff_t>(size));
        return fail(Errc::integrity, "SRTCP authentication tag does not verify (RFC 7714 §9.3)");
      }
    }
    return size;
  }
  const BytesView tag = packet.subspan(size + kSrtcpTrailerSize, rtcp_tag_size_);
  if (!rtcp_mac_->verify({BytesView(packet.first(size + kSrtcpTrailerSize))}, tag)) {
    return fail(Errc::integrity, "SRTCP authentication tag does not verify (RFC 3711 §3.4)");
  }
  if (encrypted) rtcp_ctr_->crypt(aes_cm_iv(rtcp_salt_, ssrc, srtcp_index), body, body);
  return size;
}

}  // namespace rtc::rtp
