// mbedTLS provider: random_bytes() from one process-wide CTR_DRBG (NIST SP 800-90A Rev. 1
// §10.2.1, AES-256 in counter mode) seeded from mbedtls_entropy, which on Linux reads the
// kernel's getrandom(2) / /dev/urandom.
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>

#include "rtc/common/crypto.hpp"
#include "support.hpp"

namespace rtc::crypto {

namespace {

class Drbg {
 public:
  Drbg() {
    mbedtls_entropy_init(&entropy_);
    mbedtls_ctr_drbg_init(&drbg_);
  }
  ~Drbg() {
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
  }
  Drbg(const Drbg&) = delete;
  Drbg& operator=(const Drbg&) = delete;

  Result<void> fill(MutableBytesView out) {
    // One DRBG state shared by every thread: the lock makes each request atomic.
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto ok = ensure_seeded(); !ok) return ok;
    // SP 800-90A limits one request (max_number_of_bits_per_request); mbedTLS sets
    // MBEDTLS_CTR_DRBG_MAX_REQUEST bytes, so larger requests are served in pieces.
    while (!out.empty()) {
      const std::size_t n = std::min<std::size_t>(out.size(), MBEDTLS_CTR_DRBG_MAX_REQUEST);
      // Reseeds from the entropy source by itself every MBEDTLS_CTR_DRBG_RESEED_INTERVAL calls.
      if (int rc = mbedtls_ctr_drbg_random(&drbg_, out.data(), n); rc != 0) {
        return mbed::failure("mbedtls_ctr_drbg_random", rc);
      }
      out = out.subspan(n);
    }
    return {};
  }

 private:
  Result<void> ensure_seeded() {
    if (seeded_ && seeded_pid_ == ::getpid()) return {};
    if (seeded_) {
      // After fork() parent and child hold the same DRBG state and would hand out the same
      // "random" bytes. OpenSSL detects this by itself; with mbedTLS we reseed when we notice
      // that we are a different process from the one that seeded.
      static constexpr unsigned char kForked[] = "rtc: reseed after fork";
      if (int rc = mbedtls_ctr_drbg_reseed(&drbg_, kForked, sizeof kForked - 1); rc != 0) {
        return mbed::failure("mbedtls_ctr_drbg_reseed", rc);
      }
    } else {
      // The personalization string (SP 800-90A §8.7.1) separates our instance from any other
      // CTR_DRBG in the process that happens to be seeded at the same moment.
      static constexpr unsigned char kPersonalization[] = "rtc::crypto::random_bytes";
      int rc = mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, kPersonalization,
                                     sizeof kPersonalization - 1);
      if (rc != 0) {
        // Leave a clean context behind so that the next call can try again.
        mbedtls_ctr_drbg_free(&drbg_);
        mbedtls_ctr_drbg_init(&drbg_);
        return mbed::failure("mbedtls_ctr_drbg_seed", rc);
      }
    }
    seeded_ = true;
    seeded_pid_ = ::getpid();
    return {};
  }

  std::mutex mutex_;
  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context drbg_;
  bool seeded_ = false;
  pid_t seeded_pid_ = 0;
};

Drbg& process_drbg() {
  static Drbg drbg;  // constructed on first use; thread-safe since C++11 ([stmt.dcl]/4)
  return drbg;
}

}  // namespace

Result<void> random_bytes(MutableBytesView out) {
  return process_drbg().fill(out);
}

}  // namespace rtc::crypto
