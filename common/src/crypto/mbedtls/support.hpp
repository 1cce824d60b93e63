// Helpers shared by the mbedTLS provider's files: the HashAlgorithm -> mbedtls_md_info_t
// mapping, an owning wrapper for mbedtls_md_context_t, and error reporting.
//
// mbedTLS 2.28 API reference: https://mbed-tls.readthedocs.io/projects/api/en/v2.28.3/
#pragma once

#include <mbedtls/md.h>

#include <cstdio>
#include <new>
#include <string>

#include "../internal.hpp"
#include "rtc/common/error.hpp"

namespace rtc::crypto::mbed {

inline const mbedtls_md_info_t* md_info(HashAlgorithm algorithm) {
  mbedtls_md_type_t type = MBEDTLS_MD_NONE;
  switch (algorithm) {
    case HashAlgorithm::md5:
      type = MBEDTLS_MD_MD5;
      break;
    case HashAlgorithm::sha1:
      type = MBEDTLS_MD_SHA1;
      break;
    case HashAlgorithm::sha256:
      type = MBEDTLS_MD_SHA256;
      break;
    case HashAlgorithm::sha384:
      type = MBEDTLS_MD_SHA384;
      break;
    case HashAlgorithm::sha512:
      type = MBEDTLS_MD_SHA512;
      break;
  }
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(type);
  detail::expects(info != nullptr, "mbedtls was built without this hash algorithm");
  return info;
}

// mbedTLS functions return 0 or a negative error code. On a context that was set up correctly
// the hash and AES calls we make cannot fail except for memory (mbedtls_md_setup allocates),
// so anything else is a bug and stops the program (see detail::fatal).
inline void must(int rc, const char* what) {
  if (rc == 0) return;
  if (rc == MBEDTLS_ERR_MD_ALLOC_FAILED) throw std::bad_alloc();
  detail::fatal(what, rc);
}

// For functions that return Result: "mbedtls_gcm_crypt_and_tag failed (-0x0014)".
inline std::unexpected<Error> failure(const char* what, int rc) {
  char code[16];
  std::snprintf(code, sizeof code, "-0x%04x", static_cast<unsigned>(-rc));
  return fail(Errc::crypto, std::string(what) + " failed (" + code + ")");
}

// An mbedtls_md_context_t set up for one algorithm, freed on destruction. Setting up a context
// allocates its state; after that starts/update/finish/clone allocate nothing, which is why
// HmacKey keeps its contexts alive instead of creating them per message.
class MdContext {
 public:
  explicit MdContext(const mbedtls_md_info_t* info) {
    mbedtls_md_init(&ctx_);
    must(mbedtls_md_setup(&ctx_, info, /*hmac=*/0), "mbedtls_md_setup");
  }
  ~MdContext() { mbedtls_md_free(&ctx_); }
  MdContext(const MdContext&) = delete;
  MdContext& operator=(const MdContext&) = delete;

  mbedtls_md_context_t* get() { return &ctx_; }
  const mbedtls_md_context_t* get() const { return &ctx_; }

  // Make this context continue from exactly where `other` is (same algorithm required).
  void copy_from(const MdContext& other) {
    must(mbedtls_md_clone(&ctx_, &other.ctx_), "mbedtls_md_clone");
  }

 private:
  mbedtls_md_context_t ctx_;
};

}  // namespace rtc::crypto::mbed
