// The provider-independent half of rtc::crypto: names, sizes, constant-time comparison and
// the conveniences built on HmacKey::sign. The providers (src/crypto/mbedtls/,
// src/crypto/openssl/) implement the rest of rtc/common/crypto.hpp.
#include <array>
#include <cstdio>
#include <cstdlib>

#include "crypto/internal.hpp"
#include "rtc/common/crypto.hpp"

namespace rtc::crypto {

std::size_t digest_size(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::md5:
      return 16;  // RFC 1321 §3.5
    case HashAlgorithm::sha1:
      return 20;  // FIPS 180-4 §6.1
    case HashAlgorithm::sha256:
      return 32;  // FIPS 180-4 §6.2
    case HashAlgorithm::sha384:
      return 48;  // FIPS 180-4 §6.5
    case HashAlgorithm::sha512:
      return 64;  // FIPS 180-4 §6.4
  }
  return 0;
}

// The IANA "Hash Function Textual Names" registry, used by SDP a=fingerprint (RFC 8122 §5).
const char* to_string(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::md5:
      return "md5";
    case HashAlgorithm::sha1:
      return "sha-1";
    case HashAlgorithm::sha256:
      return "sha-256";
    case HashAlgorithm::sha384:
      return "sha-384";
    case HashAlgorithm::sha512:
      return "sha-512";
  }
  return "unknown";
}

bool constant_time_equal(BytesView a, BytesView b) {
  // The lengths are public (a tag's length is part of the protocol), so an early return on
  // them leaks nothing. The contents are compared with no data-dependent branch: OR together
  // the XOR of every byte pair and look at the result once, at the end.
  if (a.size() != b.size()) return false;
  std::uint8_t difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<std::uint8_t>(a[i] ^ b[i]);
  return difference == 0;
}

Bytes hmac(HashAlgorithm algorithm, BytesView key, BytesView data) {
  HmacKey hmac_key(algorithm, key);
  return hmac_key.sign(data);
}

Bytes HmacKey::sign(BytesView data) {
  Bytes mac(size());
  sign({data}, mac);
  return mac;
}

bool HmacKey::verify(std::span<const BytesView> parts, BytesView tag) {
  // An empty tag would "verify" any message; a tag longer than the MAC cannot be one.
  if (tag.empty() || tag.size() > size()) return false;
  std::array<std::uint8_t, detail::kMaxDigestSize> mac;
  sign(parts, mac);
  // A truncated tag is the leftmost bytes of the MAC (RFC 2104 §5, RFC 3711 §4.2).
  return constant_time_equal(BytesView(mac).first(tag.size()), tag);
}

namespace detail {

std::size_t block_size(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::md5:
    case HashAlgorithm::sha1:
    case HashAlgorithm::sha256:
      return 64;
    case HashAlgorithm::sha384:
    case HashAlgorithm::sha512:
      return 128;
  }
  return 0;
}

void fatal(const char* what, long code) {
  if (code != 0) {
    std::fprintf(stderr, "rtc::crypto: %s (error %ld)\n", what, code);
  } else {
    std::fprintf(stderr, "rtc::crypto: %s\n", what);
  }
  std::abort();
}

}  // namespace detail
}  // namespace rtc::crypto
