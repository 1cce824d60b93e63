// rtc::crypto public-key primitives: ECDHE key agreement, ECDSA P-256 signatures and X.509
// certificates, for the DTLS 1.2 handshake that dtls/ writes on top of them.
//
// Same rules as crypto.hpp: the providers (src/crypto/mbedtls/pk.cpp + x509.cpp, or
// src/crypto/openssl/pk.cpp + x509.cpp) supply the mathematics; the protocol that uses it is
// written in this project. Keys are generated from the provider's DRBG (random_bytes), never
// from an injected rtc::Random: those are test generators and must not make keys.
//
// Encodings are the ones TLS puts on the wire, so dtls/ never converts:
//   * ECDH public keys: RFC 8422 §5.4 (an uncompressed point 04||X||Y, 65 bytes, for
//     secp256r1) and RFC 7748 §5 (32 little-endian bytes for X25519).
//   * ECDSA signatures: DER Ecdsa-Sig-Value { r INTEGER, s INTEGER } (RFC 8422 §5.4).
//   * Certificates: DER X.509 v3 (RFC 5280).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/common/error.hpp"

namespace rtc::crypto {

// TLS NamedGroup code points (RFC 8422 §5.1.1, RFC 7748 via RFC 8422).
enum class NamedGroup : std::uint16_t { secp256r1 = 23, x25519 = 29 };
const char* to_string(NamedGroup group);  // "secp256r1", "x25519"

// An ephemeral key pair for one ECDHE exchange (RFC 8422 §2, "ECDHE_ECDSA").
class EcdhKeyPair {
 public:
  static Result<EcdhKeyPair> generate(NamedGroup group);
  // A key pair from a known private key, for test vectors (RFC 7748 §6.1). X25519 only:
  // the 32 bytes are the scalar before clamping, as RFC 7748 prints it.
  static Result<EcdhKeyPair> from_private_key(NamedGroup group, BytesView private_key);
  EcdhKeyPair(EcdhKeyPair&&) noexcept;
  EcdhKeyPair& operator=(EcdhKeyPair&&) noexcept;
  ~EcdhKeyPair();

  NamedGroup group() const { return group_; }
  // The public key in its TLS encoding (65 bytes for secp256r1, 32 for X25519).
  BytesView public_key() const { return public_key_; }
  // The shared secret with the peer's public key (same encoding). The peer's key is validated:
  // a P-256 point must be uncompressed and on the curve (RFC 8422 §5.11; SP 800-56A
  // §5.6.2.3.4), and an X25519 result of all zeros is refused (RFC 7748 §6.1). The secret is the
  // x coordinate (32 bytes, RFC 8422 §5.10) or the X25519 output (32 bytes).
  Result<Bytes> shared_secret(BytesView peer_public_key) const;

 private:
  struct Impl;
  EcdhKeyPair(NamedGroup group, std::unique_ptr<Impl> impl, Bytes public_key);
  NamedGroup group_;
  std::unique_ptr<Impl> impl_;
  Bytes public_key_;
};

// An ECDSA public key on P-256 (from a certificate, or derived from a private key).
class EcdsaP256PublicKey {
 public:
  EcdsaP256PublicKey(const EcdsaP256PublicKey& other);
  EcdsaP256PublicKey& operator=(const EcdsaP256PublicKey& other);
  EcdsaP256PublicKey(EcdsaP256PublicKey&&) noexcept;
  EcdsaP256PublicKey& operator=(EcdsaP256PublicKey&&) noexcept;
  ~EcdsaP256PublicKey();

  // From an uncompressed point 04||X||Y; fails if the point is not on the curve.
  static Result<EcdsaP256PublicKey> from_point(BytesView uncompressed_point);
  Bytes point() const;  // 65 bytes, uncompressed

  // Verifies a DER signature over SHA-256(message), or over a precomputed 32-byte digest.
  // Any malformed signature simply does not verify.
  bool verify(BytesView message, BytesView der_signature) const;
  bool verify_digest(BytesView sha256_digest, BytesView der_signature) const;

 private:
  friend class EcdsaP256PrivateKey;
  friend class Certificate;
  struct Impl;
  explicit EcdsaP256PublicKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// An ECDSA private key on P-256: the long-term identity of a WebRTC endpoint.
class EcdsaP256PrivateKey {
 public:
  static Result<EcdsaP256PrivateKey> generate();
  EcdsaP256PrivateKey(EcdsaP256PrivateKey&&) noexcept;
  EcdsaP256PrivateKey& operator=(EcdsaP256PrivateKey&&) noexcept;
  ~EcdsaP256PrivateKey();

  EcdsaP256PublicKey public_key() const;
  // DER Ecdsa-Sig-Value over SHA-256(message) (FIPS 186-4 §6.4), or over a 32-byte digest.
  Result<Bytes> sign(BytesView message) const;
  Result<Bytes> sign_digest(BytesView sha256_digest) const;
  // PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), so that other tools (openssl) can use the key.
  Result<std::string> to_pem() const;

 private:
  friend class Certificate;
  struct Impl;
  explicit EcdsaP256PrivateKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A DER X.509 v3 certificate whose public key is ECDSA P-256 (what WebRTC endpoints use,
// RFC 8827 §6.5). Only the key is extracted: WebRTC trusts certificates by the fingerprint
// carried in the signalled SDP (RFC 8122 §5), not by a chain to a CA.
class Certificate {
 public:
  // A self-signed certificate: version 3, a random 64-bit positive serial, subject = issuer =
  // "CN=<common_name>", valid from `now` - 1 day to `now` + 30 days, signed ecdsa-with-SHA256.
  // `now` is handed in (sans-IO: nothing in the stack reads the clock by itself).
  static Result<Certificate> self_signed(const EcdsaP256PrivateKey& key,
                                         std::string_view common_name,
                                         std::chrono::system_clock::time_point now);
  // Parses DER; fails unless it is an X.509 certificate with an EC P-256 public key.
  static Result<Certificate> parse(BytesView der);

  Certificate(const Certificate& other);
  Certificate& operator=(const Certificate& other);
  Certificate(Certificate&&) noexcept;
  Certificate& operator=(Certificate&&) noexcept;
  ~Certificate();

  BytesView der() const { return der_; }
  const EcdsaP256PublicKey& public_key() const { return *public_key_; }
  // PEM ("-----BEGIN CERTIFICATE-----"), for other tools.
  std::string to_pem() const;

  // RFC 8122 §5: the hash of the DER certificate; "sha-256 AB:CD:..." for a=fingerprint.
  Bytes fingerprint(HashAlgorithm algorithm) const { return digest(algorithm, der_); }
  std::string to_sdp_fingerprint(HashAlgorithm algorithm = HashAlgorithm::sha256) const {
    return std::string(to_string(algorithm)) + " " + to_hex_colon(fingerprint(algorithm));
  }

 private:
  Certificate(Bytes der, EcdsaP256PublicKey key);
  Bytes der_;
  std::unique_ptr<EcdsaP256PublicKey> public_key_;
};

}  // namespace rtc::crypto
