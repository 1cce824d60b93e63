// The stateless cookie exchange (RFC 6347 §4.2.1). A server answers a ClientHello without a
// valid cookie with a HelloVerifyRequest carrying
//   Cookie = HMAC(Secret, Client-Identity, Client-Parameters)
// and keeps no state, so a flood of spoofed ClientHellos costs it one HMAC each and no memory.
// Only a client that can receive at its claimed address echoes the cookie and gets a handshake.
#pragma once

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/dtls/handshake_messages.hpp"

namespace rtc::dtls {

class CookieGenerator {
 public:
  static constexpr std::size_t kCookieSize = 16;
  explicit CookieGenerator(BytesView secret);

  // peer_identity: whatever identifies the client's transport address to the caller (the
  // sans-IO endpoint is per 5-tuple already, so it may be empty). The parameters hashed are the
  // ones a client must repeat unchanged in its second ClientHello (§4.2.1): version, random,
  // session_id, cipher_suites and compression_methods.
  Bytes make(BytesView peer_identity, const ClientHello& hello) const;
  // Constant-time comparison with the cookie the client echoed.
  bool verify(BytesView peer_identity, const ClientHello& hello) const;

 private:
  Bytes secret_;
};

}  // namespace rtc::dtls
