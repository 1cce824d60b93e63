// The SRTP cryptographic context (RFC 3711 §3.2), split along the line kdr = 0 draws:
//
//   SrtpCipher          the session keys, expanded once (AES key schedules, HMAC inner/outer
//                       states, GHASH tables) and shared by every SSRC of the session: with
//                       key derivation rate 0 the keys do not depend on the SSRC or the index,
//                       only the IV does (RFC 3711 §4.1.1, RFC 7714 §8.1).
//   SrtpStreamContext   what is per SSRC: the rollover counter and highest sequence number
//                       (§3.3.1), the replay windows (§3.3.2) and the SRTCP index (§3.4).
//
// SrtpCipher transforms one packet at a given index and knows nothing of state; SrtpSession
// (srtp_session.hpp) decides the index, checks replay and commits state only after success.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/srtp_key_derivation.hpp"
#include "rtc/rtp/srtp_profile.hpp"
#include "rtc/rtp/srtp_replay.hpp"

namespace rtc::rtp {

// RFC 3711 §3.3.1: the receiver's guess of the 48-bit packet index i = 2^16 * v + SEQ of a
// packet with sequence number `seq`, given the highest index seen so far (ROC || s_l), where
// v is ROC - 1, ROC or ROC + 1, whichever puts i closest to the highest index. Before the first
// packet the ROC is 0 and i = SEQ. Nothing when v would be -1 (a packet from before the first
// one, at ROC 0) or 2^32 (the index space is used up: rekey, RFC 3711 §9.2).
std::optional<std::uint64_t> estimate_srtp_index(std::optional<std::uint64_t> highest,
                                                 std::uint16_t seq);

// The SRTCP trailer word (RFC 3711 §3.4): E flag in the top bit, 31-bit SRTCP index.
inline constexpr std::uint32_t kSrtcpEncryptedFlag = 0x80000000u;
inline constexpr std::uint32_t kSrtcpIndexMask = 0x7fffffffu;
inline constexpr std::size_t kSrtcpTrailerSize = 4;

class SrtpCipher {
 public:
  // keys sized for the profile (derive_srtp_session_keys gives them so).
  static Result<SrtpCipher> create(SrtpProfile profile, const SrtpSessionKeys& keys);

  SrtpProfile profile() const { return profile_; }
  std::size_t rtp_tag_size() const { return rtp_tag_size_; }
  std::size_t rtcp_tag_size() const { return rtcp_tag_size_; }

  // SRTP (RFC 3711 §3.1, RFC 7714 §8): packet = header | payload, header_size octets of header.
  // Encrypts the payload in place and writes the tag at `tag` (rtp_tag_size() octets).
  Result<void> protect_rtp(MutableBytesView packet, std::size_t header_size, std::uint32_t ssrc,
                           std::uint64_t index, MutableBytesView tag);
  // packet = header | encrypted payload (tag already split off). Errc::integrity if the tag
  // does not verify, in which case the payload is not decrypted.
  Result<void> unprotect_rtp(MutableBytesView packet, std::size_t header_size, std::uint32_t ssrc,
                             std::uint64_t index, BytesView tag);

  // SRTCP (RFC 3711 §3.4, RFC 7714 §9): buffer holds the RTCP compound in its first `size`
  // octets and has room for kSrtcpTrailerSize + rtcp_tag_size() more. Encrypts (if `encrypt`)
  // everything after the first 8 octets and appends E||index and the tag in the profile's
  // order. Returns the protected size.
  Result<std::size_t> protect_rtcp(MutableBytesView buffer, std::size_t size, std::uint32_t ssrc,
                                   std::uint32_t srtcp_index, bool encrypt);
  // packet is a whole SRTCP packet whose trailer says E and `srtcp_index`. Verifies, decrypts
  // if E is set, and returns the size of the RTCP compound now in the packet's first octets.
  Result<std::size_t> unprotect_rtcp(MutableBytesView packet, std::uint32_t ssrc,
                                     std::uint32_t trailer);

  // Where the SRTCP trailer word sits in a protected packet of `size` octets: before the tag
  // for AES-CM (RFC 3711 §3.4), after it for AEAD (RFC 7714 §9.1).
  std::size_t srtcp_trailer_offset(std::size_t size) const {
    return aead_ ? size - kSrtcpTrailerSize : size - rtcp_tag_size_ - kSrtcpTrailerSize;
  }

 private:
  SrtpCipher() = default;

  SrtpProfile profile_ = SrtpProfile::aes_cm_128_hmac_sha1_80;
  bool aead_ = false;
  std::size_t rtp_tag_size_ = 0;
  std::size_t rtcp_tag_size_ = 0;
  // Session salts, left-aligned; AES-CM uses 14 octets, GCM 12.
  std::array<std::uint8_t, 14> rtp_salt_{};
  std::array<std::uint8_t, 14> rtcp_salt_{};
  // AES-CM + HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1).
  std::optional<crypto::AesCtr> rtp_ctr_;
  std::optional<crypto::AesCtr> rtcp_ctr_;
  std::optional<crypto::HmacKey> rtp_mac_;
  std::optional<crypto::HmacKey> rtcp_mac_;
  // AEAD_AES_*_GCM (RFC 7714).
  std::optional<crypto::AesGcm> rtp_gcm_;
  std::optional<crypto::AesGcm> rtcp_gcm_;
};

// Per-SSRC state (RFC 3711 §3.2.1 "for each SSRC"): sender and receiver halves, since one
// session may both send and receive on an SSRC (loopback tests do).
struct SrtpStreamContext {
  SrtpStreamContext(std::uint32_t ssrc, std::size_t replay_window)
      : ssrc(ssrc), rtp_replay(replay_window), rtcp_replay(replay_window) {}

  std::uint32_t ssrc;
  // Sender: the highest packet index protected (ROC = highest >> 16), found from SEQ with the
  // same §3.3.1 estimate the receiver uses, so resent sequence numbers keep their ROC.
  std::optional<std::uint64_t> rtp_sent_highest;
  // Sender: next SRTCP index, counting from zero (RFC 3711 §3.4).
  std::uint64_t rtcp_next_index = 0;
  // Receiver: highest authenticated index (ROC || s_l) and the replay bitmap.
  ReplayWindow rtp_replay;
  ReplayWindow rtcp_replay;
};

}  // namespace rtc::rtp
