// SrtpSession: SRTP and SRTCP (RFC 3711, RFC 7714) for one master key, that is one direction
// of a DTLS-SRTP association (RFC 5764 §4.2: the client's write key protects what the client
// sends and unprotects it at the server).
//
//   SrtpConfig config;
//   config.profile = SrtpProfile::aead_aes_128_gcm;
//   config.master_key = key;     // one direction's key and salt from the DTLS exporter
//   config.master_salt = salt;
//   auto tx = SrtpSession::create(config);
//   tx->protect_rtp(packet);     // appends the tag; reserve rtp_overhead() to avoid a realloc
//   rx->unprotect_rtp(packet);   // verifies, decrypts, strips the tag
//
// Per-SSRC contexts (ROC, replay windows, SRTCP index) are made on demand, up to
// max_contexts. Every check happens before any state changes: a packet that is rejected (bad
// header, bad tag, replay, unknown SSRC over the limit, bad padding or RTCP lengths after
// decryption) leaves the session exactly as it was. On the hot path nothing is allocated: the
// only allocation is the context of an SSRC seen for the first time.
//
// Errors: Errc::integrity when the tag does not verify, and also for replays, whose messages
// begin with "replayed" or "too old" (RFC 3711 §3.3.2); Errc::truncated / malformed for bad
// packets; Errc::state for the context limit and an exhausted index (RFC 3711 §9.2: rekey).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/srtp_context.hpp"
#include "rtc/rtp/srtp_key_derivation.hpp"
#include "rtc/rtp/srtp_profile.hpp"
#include "rtc/rtp/srtp_replay.hpp"

namespace rtc::rtp {

struct SrtpConfig {
  static constexpr std::size_t kDefaultMaxContexts = 256;

  SrtpProfile profile = SrtpProfile::aes_cm_128_hmac_sha1_80;
  Bytes master_key;                                // profile_info(profile).master_key_size octets
  Bytes master_salt;                               // profile_info(profile).master_salt_size octets
  std::size_t max_contexts = kDefaultMaxContexts;  // SSRCs tracked at once
  std::size_t replay_window = ReplayWindow::kDefaultSize;  // packets, 64..32768
  bool encrypt_rtcp = true;  // the E flag of SRTCP packets we send (RFC 3711 §3.4)
};

class SrtpSession {
 public:
  // Derives the session keys (RFC 3711 §4.3, kdr = 0) and expands them.
  static Result<SrtpSession> create(const SrtpConfig& config);
  // Below the key derivation: for vectors stated as session keys (RFC 7714 §16, §17).
  // config.master_key and master_salt are ignored.
  static Result<SrtpSession> create_with_session_keys(const SrtpConfig& config,
                                                      const SrtpSessionKeys& keys);

  SrtpProfile profile() const { return cipher_.profile(); }
  // Octets protect_* adds: the tag for SRTP; E||index and the tag for SRTCP.
  std::size_t rtp_overhead() const { return cipher_.rtp_tag_size(); }
  std::size_t rtcp_overhead() const { return kSrtcpTrailerSize + cipher_.rtcp_tag_size(); }

  // In place on a vector: grows it by the overhead (no allocation if capacity allows) or
  // shrinks it to the plaintext. On error the vector's size is unchanged.
  Result<void> protect_rtp(Bytes& packet);
  Result<void> unprotect_rtp(Bytes& packet);
  Result<void> protect_rtcp(Bytes& packet);
  Result<void> unprotect_rtcp(Bytes& packet);

  // In place on a caller's buffer. protect_*: the packet is buffer[0, size) and the buffer has
  // room for the overhead after it; returns the protected size. unprotect_*: the packet is the
  // whole view; returns the plaintext size (the plaintext is its prefix).
  Result<std::size_t> protect_rtp(MutableBytesView buffer, std::size_t size);
  Result<std::size_t> unprotect_rtp(MutableBytesView packet);
  Result<std::size_t> protect_rtcp(MutableBytesView buffer, std::size_t size);
  Result<std::size_t> unprotect_rtcp(MutableBytesView packet);

  // Observing state (tests, the CLI, stats): contexts and the receiver's ROC (§3.3.1).
  std::size_t context_count() const { return contexts_.size(); }
  const SrtpStreamContext* find_context(std::uint32_t ssrc) const;
  std::optional<std::uint32_t> receiver_roc(std::uint32_t ssrc) const;
  std::optional<std::uint32_t> sender_roc(std::uint32_t ssrc) const;
  // Forget an SSRC (after an RTCP BYE, RFC 3550 §6.6) to make room under max_contexts.
  bool remove_context(std::uint32_t ssrc);

 private:
  SrtpSession(SrtpCipher cipher, const SrtpConfig& config)
      : cipher_(std::move(cipher)),
        max_contexts_(config.max_contexts),
        replay_window_(config.replay_window),
        encrypt_rtcp_(config.encrypt_rtcp) {}

  SrtpStreamContext* find(std::uint32_t ssrc);
  // Inserts a fresh context (the caller has checked the limit).
  SrtpStreamContext& insert(std::uint32_t ssrc);
  Result<void> check_room_for(std::uint32_t ssrc) const;

  SrtpCipher cipher_;
  std::size_t max_contexts_;
  std::size_t replay_window_;
  bool encrypt_rtcp_;
  std::vector<SrtpStreamContext> contexts_;  // sorted by SSRC
  std::size_t last_ = 0;                     // where the previous lookup hit
};

}  // namespace rtc::rtp
