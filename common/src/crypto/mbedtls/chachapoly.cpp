// mbedTLS provider: the ChaCha20-Poly1305 AEAD (RFC 8439 §2.8), mbedtls_chachapoly_*.
// Debian's mbedTLS 2.28 enables MBEDTLS_CHACHA20_C, MBEDTLS_POLY1305_C and MBEDTLS_CHACHAPOLY_C.
//
// ChaCha20 has no key schedule to precompute (the key is copied into the 4x4 state, RFC 8439
// §2.3), so the object keeps the key in an mbedtls_chachapoly_context and each message derives
// its one-time Poly1305 key from the nonce (§2.6).
#include <mbedtls/chachapoly.h>
#include <mbedtls/platform_util.h>

#include "rtc/common/crypto.hpp"
#include "support.hpp"

namespace rtc::crypto {

struct ChaCha20Poly1305::Impl {
  Impl() { mbedtls_chachapoly_init(&ctx); }
  ~Impl() { mbedtls_chachapoly_free(&ctx); }  // zeroizes the key
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  mbedtls_chachapoly_context ctx;
};

ChaCha20Poly1305::ChaCha20Poly1305(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ChaCha20Poly1305::ChaCha20Poly1305(ChaCha20Poly1305&&) noexcept = default;
ChaCha20Poly1305& ChaCha20Poly1305::operator=(ChaCha20Poly1305&&) noexcept = default;
ChaCha20Poly1305::~ChaCha20Poly1305() = default;

Result<ChaCha20Poly1305> ChaCha20Poly1305::create(BytesView key) {
  if (key.size() != kKeySize) return fail(Errc::invalid_argument, "ChaCha20 key must be 32 bytes");
  auto impl = std::make_unique<Impl>();
  if (int rc = mbedtls_chachapoly_setkey(&impl->ctx, key.data()); rc != 0) {
    return mbed::failure("mbedtls_chachapoly_setkey", rc);
  }
  return ChaCha20Poly1305(std::move(impl));
}

namespace {

// RFC 8439 §2.8: a 96-bit nonce and a full 128-bit tag; the plaintext may be up to 2^38 - 64
// bytes, far beyond any packet here.
Result<void> check_arguments(BytesView nonce, std::size_t in_size, std::size_t out_size,
                             std::size_t tag_size) {
  if (nonce.size() != ChaCha20Poly1305::kNonceSize) {
    return fail(Errc::invalid_argument, "ChaCha20-Poly1305 nonce must be 12 bytes");
  }
  if (in_size != out_size) {
    return fail(Errc::invalid_argument, "ChaCha20-Poly1305 input and output differ in size");
  }
  if (tag_size != ChaCha20Poly1305::kTagSize) {
    return fail(Errc::invalid_argument, "ChaCha20-Poly1305 tag must be 16 bytes");
  }
  return {};
}

}  // namespace

Result<void> ChaCha20Poly1305::seal(BytesView nonce, BytesView aad, BytesView plaintext,
                                    MutableBytesView out, MutableBytesView tag) {
  if (auto ok = check_arguments(nonce, plaintext.size(), out.size(), tag.size()); !ok) return ok;
  // chachapoly.c encrypts with ChaCha20 and then feeds the ciphertext to Poly1305, one chunk at
  // a time, so out may alias plaintext.
  int rc =
      mbedtls_chachapoly_encrypt_and_tag(&impl_->ctx, plaintext.size(), nonce.data(), aad.data(),
                                         aad.size(), plaintext.data(), out.data(), tag.data());
  if (rc != 0) return mbed::failure("mbedtls_chachapoly_encrypt_and_tag", rc);
  return {};
}

Result<void> ChaCha20Poly1305::open(BytesView nonce, BytesView aad, BytesView ciphertext,
                                    BytesView tag, MutableBytesView out) {
  if (auto ok = check_arguments(nonce, ciphertext.size(), out.size(), tag.size()); !ok) return ok;
  // mbedtls_chachapoly_auth_decrypt authenticates each chunk before it decrypts it (so in-place
  // works), compares the tags in constant time and zeroizes out on a mismatch (chachapoly.c).
  int rc = mbedtls_chachapoly_auth_decrypt(&impl_->ctx, ciphertext.size(), nonce.data(), aad.data(),
                                           aad.size(), tag.data(), ciphertext.data(), out.data());
  if (rc == MBEDTLS_ERR_CHACHAPOLY_AUTH_FAILED) {
    // RFC 8439 §2.8: "if the calculated tag is different from the received tag, the message is
    // rejected": no plaintext leaves here.
    mbedtls_platform_zeroize(out.data(), out.size());
    return fail(Errc::integrity, "ChaCha20-Poly1305 authentication tag does not verify");
  }
  if (rc != 0) {
    mbedtls_platform_zeroize(out.data(), out.size());
    return mbed::failure("mbedtls_chachapoly_auth_decrypt", rc);
  }
  return {};
}

}  // namespace rtc::crypto
