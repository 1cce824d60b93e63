// mbedTLS provider: AES (FIPS 197) in counter mode (NIST SP 800-38A §6.5) and in Galois/Counter
// Mode (NIST SP 800-38D). SRTP uses both: AES-CM (RFC 3711 §4.1.1) and AES-GCM (RFC 7714);
// DTLS 1.2 uses AES-GCM cipher suites (RFC 5288).
//
// Each object expands its key once: the AES round keys (FIPS 197 §5.2) and, for GCM, the
// GHASH multiplication table derived from H = AES_K(0^128) (SP 800-38D §6.4).
#include <mbedtls/aes.h>
#include <mbedtls/gcm.h>
#include <mbedtls/platform_util.h>

#include <algorithm>
#include <array>

#include "rtc/common/crypto.hpp"
#include "support.hpp"

namespace rtc::crypto {

namespace {

bool valid_aes_key_size(std::size_t size) {
  return size == 16 || size == 24 || size == 32;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// AES-CTR

struct AesCtr::Impl {
  Impl() { mbedtls_aes_init(&aes); }
  ~Impl() { mbedtls_aes_free(&aes); }  // zeroizes the round keys
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  mbedtls_aes_context aes;
};

AesCtr::AesCtr(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AesCtr::AesCtr(AesCtr&&) noexcept = default;
AesCtr& AesCtr::operator=(AesCtr&&) noexcept = default;
AesCtr::~AesCtr() = default;

Result<AesCtr> AesCtr::create(BytesView key) {
  if (!valid_aes_key_size(key.size())) {
    return fail(Errc::invalid_argument, "AES key must be 16, 24 or 32 bytes");
  }
  auto impl = std::make_unique<Impl>();
  // Counter mode only ever runs the cipher forward (SP 800-38A §6.5: "the forward cipher
  // function is used for both encryption and decryption"), so only the encryption schedule.
  const auto bits = static_cast<unsigned>(key.size() * 8);
  if (int rc = mbedtls_aes_setkey_enc(&impl->aes, key.data(), bits); rc != 0) {
    return mbed::failure("mbedtls_aes_setkey_enc", rc);
  }
  return AesCtr(std::move(impl));
}

void AesCtr::crypt(std::span<const std::uint8_t, 16> iv, BytesView in, MutableBytesView out) {
  detail::expects(in.size() == out.size(), "AesCtr::crypt: in and out differ in size");
  // mbedtls_aes_crypt_ctr treats its 16-byte nonce_counter as one 128-bit big-endian counter
  // and increments all of it (SP 800-38A Appendix B.1, the "standard incrementing function"
  // with m = 128), which is the layout SRTP's AES-CM wants (RFC 3711 §4.1.1). It updates
  // the counter, the keystream block and the offset in place so that a long message can be
  // processed in pieces; we process each message whole, from a fresh copy of the IV.
  std::array<std::uint8_t, 16> counter;
  std::copy(iv.begin(), iv.end(), counter.begin());
  std::array<std::uint8_t, 16> stream_block{};
  std::size_t offset_in_block = 0;
  // in and out may be the same buffer: each byte is read before it is written.
  mbed::must(mbedtls_aes_crypt_ctr(&impl_->aes, in.size(), &offset_in_block, counter.data(),
                                   stream_block.data(), in.data(), out.data()),
             "mbedtls_aes_crypt_ctr");
  mbedtls_platform_zeroize(stream_block.data(), stream_block.size());
}

// ---------------------------------------------------------------------------------------------
// AES-GCM

struct AesGcm::Impl {
  Impl() { mbedtls_gcm_init(&gcm); }
  ~Impl() { mbedtls_gcm_free(&gcm); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  mbedtls_gcm_context gcm;
};

AesGcm::AesGcm(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AesGcm::AesGcm(AesGcm&&) noexcept = default;
AesGcm& AesGcm::operator=(AesGcm&&) noexcept = default;
AesGcm::~AesGcm() = default;

Result<AesGcm> AesGcm::create(BytesView key) {
  if (!valid_aes_key_size(key.size())) {
    return fail(Errc::invalid_argument, "AES-GCM key must be 16, 24 or 32 bytes");
  }
  auto impl = std::make_unique<Impl>();
  // Expands the AES key and precomputes the GHASH table for H (gcm_gen_table in gcm.c).
  const auto bits = static_cast<unsigned>(key.size() * 8);
  if (int rc = mbedtls_gcm_setkey(&impl->gcm, MBEDTLS_CIPHER_ID_AES, key.data(), bits); rc != 0) {
    return mbed::failure("mbedtls_gcm_setkey", rc);
  }
  return AesGcm(std::move(impl));
}

namespace {

// Checks shared by seal and open. SP 800-38D §5.2.1.1 allows any IV length of at least one
// bit (96 bits is the recommended, fast case: §8.2.1); §5.2.1.2 bounds the tag at 128 bits.
Result<void> check_gcm_arguments(BytesView nonce, std::size_t in_size, std::size_t out_size,
                                 std::size_t tag_size) {
  if (nonce.empty()) return fail(Errc::invalid_argument, "AES-GCM nonce must not be empty");
  if (in_size != out_size) {
    return fail(Errc::invalid_argument, "AES-GCM input and output differ in size");
  }
  if (tag_size == 0 || tag_size > AesGcm::kTagSize) {
    return fail(Errc::invalid_argument, "AES-GCM tag must be 1 to 16 bytes");
  }
  return {};
}

}  // namespace

Result<void> AesGcm::seal(BytesView nonce, BytesView aad, BytesView plaintext, MutableBytesView out,
                          MutableBytesView tag) {
  if (auto ok = check_gcm_arguments(nonce, plaintext.size(), out.size(), tag.size()); !ok) {
    return ok;
  }
  // Compute the full 128-bit tag and keep its leftmost tag.size() bytes: a shorter tag is
  // MSB_t(full tag) (SP 800-38D §7.1 step 6). mbedtls itself refuses tags under 4 bytes.
  std::array<std::uint8_t, kTagSize> full_tag;
  // Encryption may be done in place (gcm.h: "the output buffer can be the same as the input").
  int rc = mbedtls_gcm_crypt_and_tag(
      &impl_->gcm, MBEDTLS_GCM_ENCRYPT, plaintext.size(), nonce.data(), nonce.size(), aad.data(),
      aad.size(), plaintext.data(), out.data(), full_tag.size(), full_tag.data());
  if (rc != 0) return mbed::failure("mbedtls_gcm_crypt_and_tag", rc);
  std::copy_n(full_tag.begin(), tag.size(), tag.begin());
  return {};
}

Result<void> AesGcm::open(BytesView nonce, BytesView aad, BytesView ciphertext, BytesView tag,
                          MutableBytesView out) {
  if (auto ok = check_gcm_arguments(nonce, ciphertext.size(), out.size(), tag.size()); !ok) {
    return ok;
  }
  // This is what mbedtls_gcm_auth_decrypt() does (gcm.c): decrypt while computing the tag over
  // the ciphertext, compare in constant time, and wipe the output on a mismatch. We spell it
  // out because mbedtls_gcm_auth_decrypt() only accepts tags of 4 to 16 bytes, while our
  // interface (like SP 800-38D §7.2) lets the caller check any truncation.
  //
  // In-place decryption: gcm.h 2.28 says the output "cannot be the same as input buffer" for
  // decryption, but that note is stale: gcm.c reads each ciphertext byte into GHASH before it
  // writes the plaintext byte, and mbedTLS's own TLS record layer decrypts in place
  // (Mbed-TLS/mbedtls issue #6646, fixed in the documentation by PR #7977).
  std::array<std::uint8_t, kTagSize> expected_tag;
  int rc = mbedtls_gcm_crypt_and_tag(
      &impl_->gcm, MBEDTLS_GCM_DECRYPT, ciphertext.size(), nonce.data(), nonce.size(), aad.data(),
      aad.size(), ciphertext.data(), out.data(), expected_tag.size(), expected_tag.data());
  if (rc != 0) {
    mbedtls_platform_zeroize(out.data(), out.size());
    return mbed::failure("mbedtls_gcm_crypt_and_tag", rc);
  }
  if (!constant_time_equal(BytesView(expected_tag).first(tag.size()), tag)) {
    // SP 800-38D §7.2 step 11: if the tags differ, return FAIL and no plaintext.
    mbedtls_platform_zeroize(out.data(), out.size());
    return fail(Errc::integrity, "AES-GCM authentication tag does not verify");
  }
  return {};
}

}  // namespace rtc::crypto
