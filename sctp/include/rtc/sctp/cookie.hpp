// The State Cookie (RFC 9260 §5.1.3): everything the server side needs to create the
// association, handed to the peer inside INIT ACK and returned in COOKIE ECHO. Because the
// state travels with the cookie, an endpoint keeps no memory for a half-open association,
// which is what makes SCTP resistant to SYN-flood style attacks.
//
// The cookie is signed with HMAC-SHA-256 under a secret key that never leaves this endpoint
// (§5.1.3: "a MAC ... using a secret key"), and carries its creation time and lifetime so an
// old cookie is refused as stale (§5.1.5 step 3, "Stale Cookie" error).
#pragma once

#include <cstdint>
#include <memory>

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/time.hpp"

namespace rtc::sctp {

struct CookieContents {
  Timestamp created{};
  Duration lifetime{std::chrono::seconds(60)};
  std::uint32_t local_tag = 0;  // the tag this endpoint put in its INIT ACK
  std::uint32_t peer_tag = 0;   // the peer's Initiate Tag from its INIT
  std::uint32_t local_initial_tsn = 0;
  std::uint32_t peer_initial_tsn = 0;
  std::uint32_t peer_a_rwnd = 0;
  std::uint16_t outbound_streams = 0;  // negotiated: min(our OS, peer's MIS)
  std::uint16_t inbound_streams = 0;   // negotiated: min(our MIS, peer's OS)
  bool peer_forward_tsn = false;
  bool peer_reconfig = false;
};

class CookieSigner {
 public:
  static constexpr std::size_t kBodySize = 38;
  static constexpr std::size_t kMacSize = 32;  // HMAC-SHA-256
  static constexpr std::size_t kCookieSize = kBodySize + kMacSize;

  explicit CookieSigner(BytesView secret);

  Bytes sign(const CookieContents& c);
  // Errc::integrity: wrong size or MAC (forged); Errc::timeout: older than its lifetime
  // (the error message then carries the staleness, for the Stale Cookie cause).
  Result<CookieContents> verify(BytesView cookie, Timestamp now, Duration* staleness = nullptr);

 private:
  std::unique_ptr<crypto::HmacKey> key_;
};

}  // namespace rtc::sctp
