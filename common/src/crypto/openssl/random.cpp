// OpenSSL provider: random_bytes() from RAND_bytes, OpenSSL's process-wide CTR_DRBG
// (NIST SP 800-90A, AES-256), seeded from the operating system. It is thread-safe (each thread
// has its own DRBG instance chained to a shared parent) and reseeds itself after fork().
#include <openssl/rand.h>

#include <algorithm>

#include "rtc/common/crypto.hpp"
#include "support.hpp"

namespace rtc::crypto {

Result<void> random_bytes(MutableBytesView out) {
  while (!out.empty()) {
    const std::size_t n = std::min(out.size(), ossl::kMaxUpdate);  // RAND_bytes counts in int
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) return ossl::failure("RAND_bytes");
    out = out.subspan(n);
  }
  return {};
}

}  // namespace rtc::crypto
