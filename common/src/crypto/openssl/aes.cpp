// OpenSSL provider: AES-CTR (NIST SP 800-38A §6.5) and AES-GCM (NIST SP 800-38D) through
// EVP_CIPHER, which selects AES-NI and the PCLMULQDQ/AVX GHASH code at run time.
//
// Each object owns one EVP_CIPHER_CTX initialised with the cipher and the key in create(), so
// the key schedule (and GCM's H and its GHASH table) are computed once. Per message we only
// hand it a new IV: EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, enc) keeps the key.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "rtc/common/crypto.hpp"
#include "support.hpp"

namespace rtc::crypto {

// ---------------------------------------------------------------------------------------------
// AES-CTR

namespace {

const EVP_CIPHER* aes_ctr(std::size_t key_size) {
  switch (key_size) {
    case 16:
      return EVP_aes_128_ctr();
    case 24:
      return EVP_aes_192_ctr();
    case 32:
      return EVP_aes_256_ctr();
    default:
      return nullptr;
  }
}

const EVP_CIPHER* aes_gcm(std::size_t key_size) {
  switch (key_size) {
    case 16:
      return EVP_aes_128_gcm();
    case 24:
      return EVP_aes_192_gcm();
    case 32:
      return EVP_aes_256_gcm();
    default:
      return nullptr;
  }
}

}  // namespace

struct AesCtr::Impl {
  ossl::CipherContext ctx;
};

AesCtr::AesCtr(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AesCtr::AesCtr(AesCtr&&) noexcept = default;
AesCtr& AesCtr::operator=(AesCtr&&) noexcept = default;
AesCtr::~AesCtr() = default;

Result<AesCtr> AesCtr::create(BytesView key) {
  const EVP_CIPHER* cipher = aes_ctr(key.size());
  if (cipher == nullptr) return fail(Errc::invalid_argument, "AES key must be 16, 24 or 32 bytes");
  auto impl = std::make_unique<Impl>();
  // CTR runs the cipher forward for both directions, so "encrypt" serves for both.
  if (EVP_EncryptInit_ex(impl->ctx.get(), cipher, nullptr, key.data(), nullptr) != 1) {
    return ossl::failure("EVP_EncryptInit_ex");
  }
  return AesCtr(std::move(impl));
}

void AesCtr::crypt(std::span<const std::uint8_t, 16> iv, BytesView in, MutableBytesView out) {
  detail::expects(in.size() == out.size(), "AesCtr::crypt: in and out differ in size");
  EVP_CIPHER_CTX* ctx = impl_->ctx.get();
  // OpenSSL's CTR mode increments the whole 16-byte block as one big-endian integer
  // (crypto/modes/ctr128.c, carrying out of the low 32 bits into the rest), as SRTP's AES-CM
  // needs (RFC 3711 §4.1.1). Setting the IV also resets the position inside the keystream.
  // EVP allows in == out; only partially overlapping buffers are refused.
  bool ok = EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, iv.data()) == 1 &&
            ossl::cipher_update(ctx, out.data(), in.data(), in.size());
  if (!ok) detail::fatal("AES-CTR failed in OpenSSL", static_cast<long>(ERR_get_error()));
}

// ---------------------------------------------------------------------------------------------
// AES-GCM

struct AesGcm::Impl {
  ossl::CipherContext ctx;
  std::size_t nonce_size = 12;  // the IV length the context is set to (GCM's default 96 bits)
};

AesGcm::AesGcm(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AesGcm::AesGcm(AesGcm&&) noexcept = default;
AesGcm& AesGcm::operator=(AesGcm&&) noexcept = default;
AesGcm::~AesGcm() = default;

Result<AesGcm> AesGcm::create(BytesView key) {
  const EVP_CIPHER* cipher = aes_gcm(key.size());
  if (cipher == nullptr) {
    return fail(Errc::invalid_argument, "AES-GCM key must be 16, 24 or 32 bytes");
  }
  auto impl = std::make_unique<Impl>();
  if (EVP_EncryptInit_ex(impl->ctx.get(), cipher, nullptr, key.data(), nullptr) != 1) {
    return ossl::failure("EVP_EncryptInit_ex");
  }
  return AesGcm(std::move(impl));
}

namespace {

// SP 800-38D §5.2.1.1: any IV length of at least one bit (96 bits is the fast case, §8.2.1);
// §5.2.1.2: tags of at most 128 bits.
Result<void> check_gcm_arguments(BytesView nonce, std::size_t in_size, std::size_t out_size,
                                 std::size_t tag_size) {
  if (nonce.empty()) return fail(Errc::invalid_argument, "AES-GCM nonce must not be empty");
  if (in_size != out_size) {
    return fail(Errc::invalid_argument, "AES-GCM input and output differ in size");
  }
  if (tag_size == 0 || tag_size > AesGcm::kTagSize) {
    return fail(Errc::invalid_argument, "AES-GCM tag must be 1 to 16 bytes");
  }
  if (nonce.size() > INT_MAX) return fail(Errc::invalid_argument, "AES-GCM nonce too long");
  return {};
}

// Starts one message: direction, IV length (only when it changes) and IV; the key stays.
bool start_message(EVP_CIPHER_CTX* ctx, std::size_t& current_nonce_size, BytesView nonce,
                   int encrypt) {
  if (nonce.size() != current_nonce_size) {
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) !=
        1) {
      return false;
    }
    current_nonce_size = nonce.size();
  }
  return EVP_CipherInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data(), encrypt) == 1;
}

}  // namespace

Result<void> AesGcm::seal(BytesView nonce, BytesView aad, BytesView plaintext, MutableBytesView out,
                          MutableBytesView tag) {
  if (auto ok = check_gcm_arguments(nonce, plaintext.size(), out.size(), tag.size()); !ok) {
    return ok;
  }
  EVP_CIPHER_CTX* ctx = impl_->ctx.get();
  if (!start_message(ctx, impl_->nonce_size, nonce, /*encrypt=*/1)) {
    return ossl::failure("AES-GCM IV setup");
  }
  // AAD goes in with a null output pointer (EVP_EncryptUpdate(3), "AEAD Interface").
  if (!ossl::cipher_update(ctx, nullptr, aad.data(), aad.size()) ||
      !ossl::cipher_update(ctx, out.data(), plaintext.data(), plaintext.size())) {
    return ossl::failure("AES-GCM encryption");
  }
  int final_size = 0;
  std::array<std::uint8_t, 16> no_output;  // GCM writes nothing at Final; EVP wants a buffer
  if (EVP_EncryptFinal_ex(ctx, no_output.data(), &final_size) != 1) {
    return ossl::failure("EVP_EncryptFinal_ex");
  }
  // A truncated tag is the leftmost bytes of the full one (SP 800-38D §7.1 step 6), which is
  // what GET_TAG returns when asked for fewer than 16 bytes.
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag.size()), tag.data()) !=
      1) {
    return ossl::failure("EVP_CTRL_GCM_GET_TAG");
  }
  return {};
}

Result<void> AesGcm::open(BytesView nonce, BytesView aad, BytesView ciphertext, BytesView tag,
                          MutableBytesView out) {
  if (auto ok = check_gcm_arguments(nonce, ciphertext.size(), out.size(), tag.size()); !ok) {
    return ok;
  }
  EVP_CIPHER_CTX* ctx = impl_->ctx.get();
  // The expected tag must be given after the context is in decrypt mode and before Final,
  // which compares tag.size() bytes in constant time (CRYPTO_memcmp in gcm128.c).
  std::array<std::uint8_t, kTagSize> expected_tag;
  std::copy(tag.begin(), tag.end(), expected_tag.begin());
  bool ok = start_message(ctx, impl_->nonce_size, nonce, /*encrypt=*/0) &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()),
                                expected_tag.data()) == 1 &&
            ossl::cipher_update(ctx, nullptr, aad.data(), aad.size()) &&
            ossl::cipher_update(ctx, out.data(), ciphertext.data(), ciphertext.size());
  if (!ok) {
    OPENSSL_cleanse(out.data(), out.size());
    return ossl::failure("AES-GCM decryption");
  }
  int final_size = 0;
  std::array<std::uint8_t, 16> no_output;
  if (EVP_DecryptFinal_ex(ctx, no_output.data(), &final_size) != 1) {
    // SP 800-38D §7.2 step 11: on a tag mismatch return FAIL and no plaintext. EVP has
    // already written the plaintext to out, so wipe it.
    OPENSSL_cleanse(out.data(), out.size());
    ERR_clear_error();
    return fail(Errc::integrity, "AES-GCM authentication tag does not verify");
  }
  return {};
}

}  // namespace rtc::crypto
