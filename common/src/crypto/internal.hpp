// Private helpers shared by crypto_common.cpp and the two providers (never installed).
#pragma once

#include <cstddef>

#include "rtc/common/crypto.hpp"

namespace rtc::crypto::detail {

// The largest digest (SHA-512) and the largest block (SHA-384/512) among HashAlgorithm.
inline constexpr std::size_t kMaxDigestSize = 64;
inline constexpr std::size_t kMaxBlockSize = 128;

// Input block size B of the hash's compression function: 64 bytes for MD5, SHA-1 and SHA-256,
// 128 bytes for SHA-384 and SHA-512 (FIPS 180-4 §1). HMAC pads its key to B (RFC 2104 §2).
std::size_t block_size(HashAlgorithm algorithm);

// For the few functions whose signature cannot report an error (HmacKey::sign returns void,
// AesCtr::crypt returns void): a caller passing buffers of the wrong size, or a provider call
// that cannot fail on valid input failing anyway. Both are bugs, not input errors, so we stop
// with a message instead of writing out of bounds or returning a wrong MAC.
[[noreturn]] void fatal(const char* what, long code = 0);

inline void expects(bool condition, const char* what) {
  if (!condition) fatal(what);
}

}  // namespace rtc::crypto::detail
