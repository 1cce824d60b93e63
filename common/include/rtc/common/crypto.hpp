// rtc::crypto: the one small door through which the stack reaches cryptography.
//
// The protocols that *use* ciphers (STUN integrity, DTLS, SRTP) are written in this project;
// the ciphers themselves come from a provider chosen at configure time (ARCHITECTURE.md):
//   -DRTC_CRYPTO=mbedtls  (default; the reference a course reads)  src/crypto/mbedtls/
//   -DRTC_CRYPTO=openssl  (libcrypto; the fast one)                  src/crypto/openssl/
// Both providers pass the same FIPS/NIST/RFC vectors (tests/common/crypto_*_test.cpp).
//
// Objects that hold keys expand them once (HMAC pad states, AES key schedules, GHASH tables)
// because STUN and SRTP process many short messages with one key. They are not thread-safe:
// each connection owns its own. A moved-from object may only be assigned to or destroyed.
//
// Buffer sizes that break a documented contract (an `out` shorter than the input, a MAC output
// shorter than size()) are programming errors, not input errors: the providers abort with a
// message rather than return an error nobody could handle. Data from the network never decides
// those sizes; the protocols check lengths before they call in here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::crypto {

// "mbedtls 2.28.3" or "OpenSSL 3.0.x": printed by `rtc --version` and the benchmarks.
std::string provider_name();

enum class HashAlgorithm : std::uint8_t { md5, sha1, sha256, sha384, sha512 };
std::size_t digest_size(HashAlgorithm algorithm);
const char* to_string(HashAlgorithm algorithm);  // "sha-256": the SDP fingerprint spelling

// One-shot digest of data.
Bytes digest(HashAlgorithm algorithm, BytesView data);

// Incremental digest. Copyable: the copy continues from the same state, which the TLS
// handshake transcript needs (hash the messages so far, keep hashing).
class Hash {
 public:
  explicit Hash(HashAlgorithm algorithm);
  Hash(const Hash& other);
  Hash& operator=(const Hash& other);
  Hash(Hash&&) noexcept;
  Hash& operator=(Hash&&) noexcept;
  ~Hash();

  HashAlgorithm algorithm() const { return algorithm_; }
  void update(BytesView data);
  // Digest of everything so far; the object can keep absorbing afterwards.
  Bytes current() const;

 private:
  struct Impl;
  HashAlgorithm algorithm_;
  std::unique_ptr<Impl> impl_;
};

// HMAC (RFC 2104) with the keyed inner/outer states computed once per key.
class HmacKey {
 public:
  HmacKey(HashAlgorithm algorithm, BytesView key);
  HmacKey(const HmacKey& other);
  HmacKey& operator=(const HmacKey& other);
  HmacKey(HmacKey&&) noexcept;
  HmacKey& operator=(HmacKey&&) noexcept;
  ~HmacKey();

  HashAlgorithm algorithm() const { return algorithm_; }
  std::size_t size() const { return digest_size(algorithm_); }

  // MAC over the concatenation of `parts`; writes size() bytes to out (out.size() >= size()).
  void sign(std::span<const BytesView> parts, MutableBytesView out);
  void sign(std::initializer_list<BytesView> parts, MutableBytesView out) {
    sign(std::span<const BytesView>(parts.begin(), parts.size()), out);
  }
  Bytes sign(BytesView data);
  // Constant-time comparison against `tag`, which may be a truncation (SRTP's 32/80-bit tags).
  bool verify(std::span<const BytesView> parts, BytesView tag);
  bool verify(std::initializer_list<BytesView> parts, BytesView tag) {
    return verify(std::span<const BytesView>(parts.begin(), parts.size()), tag);
  }

 private:
  struct Impl;
  HashAlgorithm algorithm_;
  std::unique_ptr<Impl> impl_;
};

// One-shot HMAC.
Bytes hmac(HashAlgorithm algorithm, BytesView key, BytesView data);

// AES in counter mode (NIST SP 800-38A §6.5), key schedule expanded once.
// The whole 16-byte block is the counter (incremented big-endian), as SRTP's AES-CM needs.
class AesCtr {
 public:
  static Result<AesCtr> create(BytesView key);  // 16, 24 or 32 bytes
  AesCtr(AesCtr&&) noexcept;
  AesCtr& operator=(AesCtr&&) noexcept;
  ~AesCtr();

  // out = in XOR keystream(iv); in and out have the same size and may be the same buffer.
  void crypt(std::span<const std::uint8_t, 16> iv, BytesView in, MutableBytesView out);

 private:
  struct Impl;
  explicit AesCtr(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// AES-GCM (NIST SP 800-38D), key schedule and GHASH tables expanded once.
class AesGcm {
 public:
  static constexpr std::size_t kTagSize = 16;
  static Result<AesGcm> create(BytesView key);  // 16 or 32 bytes (24 also accepted)
  AesGcm(AesGcm&&) noexcept;
  AesGcm& operator=(AesGcm&&) noexcept;
  ~AesGcm();

  // Encrypts plaintext into out (same size, may alias) and writes tag (4..16 bytes,
  // NIST SP 800-38D §5.2.1.2). Nonces are 12 bytes in every protocol here.
  Result<void> seal(BytesView nonce, BytesView aad, BytesView plaintext, MutableBytesView out,
                    MutableBytesView tag);
  // Decrypts into out (same size, may alias); Errc::integrity if the tag does not verify,
  // in which case out holds no plaintext (it is zeroed).
  Result<void> open(BytesView nonce, BytesView aad, BytesView ciphertext, BytesView tag,
                    MutableBytesView out);

 private:
  struct Impl;
  explicit AesGcm(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// ChaCha20-Poly1305 AEAD (RFC 8439 §2.8): a 256-bit key, a 96-bit nonce, a 128-bit tag.
// The DTLS/TLS cipher suites of RFC 7905 use it; it is fast without AES hardware.
class ChaCha20Poly1305 {
 public:
  static constexpr std::size_t kKeySize = 32;
  static constexpr std::size_t kNonceSize = 12;
  static constexpr std::size_t kTagSize = 16;
  static Result<ChaCha20Poly1305> create(BytesView key);  // exactly 32 bytes
  ChaCha20Poly1305(ChaCha20Poly1305&&) noexcept;
  ChaCha20Poly1305& operator=(ChaCha20Poly1305&&) noexcept;
  ~ChaCha20Poly1305();

  // Encrypts plaintext into out (same size, may alias) and writes the 16-byte tag
  // (RFC 8439 §2.8: the tag is never truncated here). The nonce is 12 bytes.
  Result<void> seal(BytesView nonce, BytesView aad, BytesView plaintext, MutableBytesView out,
                    MutableBytesView tag);
  // Decrypts into out (same size, may alias); Errc::integrity if the 16-byte tag does not
  // verify, in which case out holds no plaintext (it is zeroed).
  Result<void> open(BytesView nonce, BytesView aad, BytesView ciphertext, BytesView tag,
                    MutableBytesView out);

 private:
  struct Impl;
  explicit ChaCha20Poly1305(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Compares without an early exit, so timing does not reveal where two MACs differ.
bool constant_time_equal(BytesView a, BytesView b);

// Fills out from the provider's DRBG (CTR_DRBG / RAND_bytes) seeded from the OS.
// Used by rtc::SecureRandom; exposed for key generation.
Result<void> random_bytes(MutableBytesView out);

}  // namespace rtc::crypto
