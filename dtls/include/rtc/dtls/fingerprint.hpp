// Certificate fingerprints as SDP carries them (RFC 8122 §5, RFC 8842 §5):
//   a=fingerprint:sha-256 AB:CD:...:EF
// WebRTC endpoints trust the peer's self-signed certificate because its fingerprint arrived
// through the (authenticated) signalling channel; the DTLS handshake fails if they differ.
#pragma once

#include <string>
#include <string_view>

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/error.hpp"

namespace rtc::dtls {

struct Fingerprint {
  crypto::HashAlgorithm algorithm = crypto::HashAlgorithm::sha256;
  Bytes value;

  // "sha-256 AB:CD:..." (also sha-1, sha-384, sha-512; the hash name is case-insensitive,
  // RFC 8122 §5). The value must have the algorithm's digest length.
  static Result<Fingerprint> parse(std::string_view text);
  std::string to_string() const;
  // Hashes the DER certificate and compares in constant time.
  bool matches(BytesView certificate_der) const;
};

}  // namespace rtc::dtls
