// Helpers shared by the OpenSSL provider's files: error reporting and an owning wrapper for
// EVP_CIPHER_CTX.
//
// OpenSSL 3.0 API reference: https://www.openssl.org/docs/man3.0/
#pragma once

#include <openssl/err.h>
#include <openssl/evp.h>

#include <climits>
#include <cstddef>
#include <new>
#include <string>

#include "../internal.hpp"
#include "rtc/common/error.hpp"

namespace rtc::crypto::ossl {

// OpenSSL reports failure as a 0 (or negative) return value plus entries on a thread-local
// error queue. We turn the oldest entry into the Error message and empty the queue, so that a
// stale entry never shows up in a later, unrelated error.
inline std::unexpected<Error> failure(const char* what) {
  std::string message = std::string(what) + " failed";
  if (unsigned long code = ERR_get_error(); code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    message += ": ";
    message += text;
  }
  ERR_clear_error();
  return fail(Errc::crypto, std::move(message));
}

// The EVP interfaces count bytes in int. Messages in this stack are packets (< 64 KiB), but a
// caller may pass more; the cipher updates below split such inputs into pieces of this size.
inline constexpr std::size_t kMaxUpdate = std::size_t{1} << 30;  // < INT_MAX, multiple of 16

// An EVP_CIPHER_CTX, freed (and its key schedule cleansed) on destruction.
class CipherContext {
 public:
  CipherContext() : ctx_(EVP_CIPHER_CTX_new()) {
    if (ctx_ == nullptr) throw std::bad_alloc();
  }
  ~CipherContext() { EVP_CIPHER_CTX_free(ctx_); }
  CipherContext(const CipherContext&) = delete;
  CipherContext& operator=(const CipherContext&) = delete;

  EVP_CIPHER_CTX* get() const { return ctx_; }

 private:
  EVP_CIPHER_CTX* ctx_;
};

// EVP_CipherUpdate over any length, in pieces of at most kMaxUpdate bytes. out == nullptr feeds
// additional authenticated data to an AEAD cipher. Stream modes (CTR, GCM) produce exactly as
// many bytes as they consume.
inline bool cipher_update(EVP_CIPHER_CTX* ctx, unsigned char* out, const unsigned char* in,
                          std::size_t size) {
  while (size > 0) {
    const std::size_t n = size < kMaxUpdate ? size : kMaxUpdate;
    int written = 0;
    if (EVP_CipherUpdate(ctx, out, &written, in, static_cast<int>(n)) != 1) return false;
    in += n;
    if (out != nullptr) out += n;
    size -= n;
  }
  return true;
}

}  // namespace rtc::crypto::ossl
