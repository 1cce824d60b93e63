// OpenSSL provider: the ChaCha20-Poly1305 AEAD (RFC 8439 §2.8) through EVP_chacha20_poly1305,
// which selects the SIMD (SSSE3/AVX2/AVX-512) ChaCha20 and Poly1305 code at run time.
//
// Like AesGcm, the object owns one EVP_CIPHER_CTX keyed in create(); per message we hand it a
// new 12-byte nonce (the cipher's default IV length) and keep the key.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "rtc/common/crypto.hpp"
#include "support.hpp"

namespace rtc::crypto {

struct ChaCha20Poly1305::Impl {
  ossl::CipherContext ctx;
};

ChaCha20Poly1305::ChaCha20Poly1305(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ChaCha20Poly1305::ChaCha20Poly1305(ChaCha20Poly1305&&) noexcept = default;
ChaCha20Poly1305& ChaCha20Poly1305::operator=(ChaCha20Poly1305&&) noexcept = default;
ChaCha20Poly1305::~ChaCha20Poly1305() = default;

Result<ChaCha20Poly1305> ChaCha20Poly1305::create(BytesView key) {
  if (key.size() != kKeySize) return fail(Errc::invalid_argument, "ChaCha20 key must be 32 bytes");
  auto impl = std::make_unique<Impl>();
  if (EVP_EncryptInit_ex(impl->ctx.get(), EVP_chacha20_poly1305(), nullptr, key.data(), nullptr) !=
      1) {
    return ossl::failure("EVP_EncryptInit_ex");
  }
  return ChaCha20Poly1305(std::move(impl));
}

namespace {

// RFC 8439 §2.8: a 96-bit nonce and a full 128-bit tag.
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
  EVP_CIPHER_CTX* ctx = impl_->ctx.get();
  if (EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data(), /*enc=*/1) != 1) {
    return ossl::failure("ChaCha20-Poly1305 nonce setup");
  }
  // AAD first, with a null output pointer (EVP_EncryptUpdate(3), "AEAD Interface").
  if (!ossl::cipher_update(ctx, nullptr, aad.data(), aad.size()) ||
      !ossl::cipher_update(ctx, out.data(), plaintext.data(), plaintext.size())) {
    return ossl::failure("ChaCha20-Poly1305 encryption");
  }
  int final_size = 0;
  std::array<std::uint8_t, 16> no_output;  // a stream cipher writes nothing at Final
  if (EVP_EncryptFinal_ex(ctx, no_output.data(), &final_size) != 1) {
    return ossl::failure("EVP_EncryptFinal_ex");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(tag.size()), tag.data()) !=
      1) {
    return ossl::failure("EVP_CTRL_AEAD_GET_TAG");
  }
  return {};
}

Result<void> ChaCha20Poly1305::open(BytesView nonce, BytesView aad, BytesView ciphertext,
                                    BytesView tag, MutableBytesView out) {
  if (auto ok = check_arguments(nonce, ciphertext.size(), out.size(), tag.size()); !ok) return ok;
  EVP_CIPHER_CTX* ctx = impl_->ctx.get();
  // The expected tag goes in after the context is in decrypt mode and before Final, which
  // compares it in constant time (CRYPTO_memcmp in chacha20_poly1305.c).
  std::array<std::uint8_t, kTagSize> expected_tag;
  std::copy(tag.begin(), tag.end(), expected_tag.begin());
  bool ok = EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data(), /*enc=*/0) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(expected_tag.size()),
                                expected_tag.data()) == 1 &&
            ossl::cipher_update(ctx, nullptr, aad.data(), aad.size()) &&
            ossl::cipher_update(ctx, out.data(), ciphertext.data(), ciphertext.size());
  if (!ok) {
    OPENSSL_cleanse(out.data(), out.size());
    return ossl::failure("ChaCha20-Poly1305 decryption");
  }
  int final_size = 0;
  std::array<std::uint8_t, 16> no_output;
  if (EVP_DecryptFinal_ex(ctx, no_output.data(), &final_size) != 1) {
    // RFC 8439 §2.8: a wrong tag rejects the message. EVP has already written the plaintext
    // to out, so wipe it.
    OPENSSL_cleanse(out.data(), out.size());
    ERR_clear_error();
    return fail(Errc::integrity, "ChaCha20-Poly1305 authentication tag does not verify");
  }
  return {};
}

}  // namespace rtc::crypto
