// mbedTLS provider: ECDHE (ecdh.h / ecp.h) on secp256r1 and Curve25519, and ECDSA P-256
// (pk.h over ecdsa.h), for the DTLS 1.2 handshake (dtls/). See crypto_pk.hpp for the contract.
//
// mbedTLS 2.28 keeps an EC key as an mbedtls_ecp_group (the curve), an mbedtls_mpi d (the
// private scalar) and an mbedtls_ecp_point Q = d·G (the public point). Curve25519 is a
// "Montgomery" group in ecp.c: only the x coordinate is used, written little-endian (RFC 7748).
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/x509_crt.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "rtc/common/crypto_pk.hpp"
#include "support.hpp"

namespace rtc::crypto {

namespace mbed {

// The f_rng callback every mbedTLS public-key function takes: our process DRBG.
int drbg(void* /*unused*/, unsigned char* out, std::size_t size) {
  return random_bytes(MutableBytesView(out, size)) ? 0 : MBEDTLS_ERR_ECP_RANDOM_FAILED;
}

}  // namespace mbed

namespace {

mbedtls_ecp_group_id group_id(NamedGroup group) {
  return group == NamedGroup::x25519 ? MBEDTLS_ECP_DP_CURVE25519 : MBEDTLS_ECP_DP_SECP256R1;
}

// Writes Q in its TLS form: uncompressed for P-256 (RFC 8422 §5.4), the 32-byte little-endian
// u-coordinate for Curve25519 (ecp.c writes Montgomery points that way).
Result<Bytes> write_point(const mbedtls_ecp_group& grp, const mbedtls_ecp_point& q) {
  std::array<unsigned char, MBEDTLS_ECP_MAX_PT_LEN> buf;
  std::size_t len = 0;
  int rc = mbedtls_ecp_point_write_binary(&grp, &q, MBEDTLS_ECP_PF_UNCOMPRESSED, &len, buf.data(),
                                          buf.size());
  if (rc != 0) return mbed::failure("mbedtls_ecp_point_write_binary", rc);
  return Bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(len));
}

}  // namespace

const char* to_string(NamedGroup group) {
  switch (group) {
    case NamedGroup::secp256r1:
      return "secp256r1";
    case NamedGroup::x25519:
      return "x25519";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------------------------
// ECDHE

struct EcdhKeyPair::Impl {
  Impl() {
    mbedtls_ecp_group_init(&grp);
    mbedtls_mpi_init(&d);
    mbedtls_ecp_point_init(&q);
  }
  ~Impl() {
    mbedtls_ecp_point_free(&q);
    mbedtls_mpi_free(&d);  // zeroizes the scalar
    mbedtls_ecp_group_free(&grp);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  mbedtls_ecp_group grp;
  mbedtls_mpi d;
  mbedtls_ecp_point q;
};

EcdhKeyPair::EcdhKeyPair(NamedGroup group, std::unique_ptr<Impl> impl, Bytes public_key)
    : group_(group), impl_(std::move(impl)), public_key_(std::move(public_key)) {}
EcdhKeyPair::EcdhKeyPair(EcdhKeyPair&&) noexcept = default;
EcdhKeyPair& EcdhKeyPair::operator=(EcdhKeyPair&&) noexcept = default;
EcdhKeyPair::~EcdhKeyPair() = default;

Result<EcdhKeyPair> EcdhKeyPair::generate(NamedGroup group) {
  auto impl = std::make_unique<Impl>();
  if (int rc = mbedtls_ecp_group_load(&impl->grp, group_id(group)); rc != 0) {
    return mbed::failure("mbedtls_ecp_group_load", rc);
  }
  // d uniform in [1, n-1] for P-256 (SEC 1 §3.2.1); a clamped random scalar for X25519.
  if (int rc = mbedtls_ecdh_gen_public(&impl->grp, &impl->d, &impl->q, mbed::drbg, nullptr);
      rc != 0) {
    return mbed::failure("mbedtls_ecdh_gen_public", rc);
  }
  auto pub = write_point(impl->grp, impl->q);
  if (!pub) return std::unexpected(pub.error());
  return EcdhKeyPair(group, std::move(impl), std::move(*pub));
}

Result<EcdhKeyPair> EcdhKeyPair::from_private_key(NamedGroup group, BytesView private_key) {
  if (group != NamedGroup::x25519 || private_key.size() != 32) {
    return fail(Errc::unsupported, "from_private_key takes a 32-byte X25519 scalar");
  }
  mbedtls_ecp_keypair kp;
  mbedtls_ecp_keypair_init(&kp);
  // mbedtls_ecp_read_key reads a Montgomery scalar little-endian and clamps it (RFC 7748 §5).
  int rc = mbedtls_ecp_read_key(MBEDTLS_ECP_DP_CURVE25519, &kp, private_key.data(), 32);
  auto impl = std::make_unique<Impl>();
  if (rc == 0) rc = mbedtls_ecp_group_load(&impl->grp, MBEDTLS_ECP_DP_CURVE25519);
  if (rc == 0) rc = mbedtls_mpi_copy(&impl->d, &kp.d);
  if (rc == 0)
    rc = mbedtls_ecp_mul(&impl->grp, &impl->q, &impl->d, &impl->grp.G, mbed::drbg, nullptr);
  mbedtls_ecp_keypair_free(&kp);
  if (rc != 0) return mbed::failure("X25519 key from scalar", rc);
  auto pub = write_point(impl->grp, impl->q);
  if (!pub) return std::unexpected(pub.error());
  return EcdhKeyPair(group, std::move(impl), std::move(*pub));
}

Result<Bytes> EcdhKeyPair::shared_secret(BytesView peer_public_key) const {
  const bool x25519 = group_ == NamedGroup::x25519;
  // RFC 8422 §5.1.2: only the uncompressed format is negotiated in this stack.
  if (x25519 ? peer_public_key.size() != 32
             : (peer_public_key.size() != 65 || peer_public_key[0] != 0x04)) {
    return fail(Errc::malformed, std::string("peer ") + to_string(group_) +
                                     " public key has the wrong length or format");
  }
  mbedtls_ecp_point peer;
  mbedtls_ecp_point_init(&peer);
  mbedtls_mpi z;
  mbedtls_mpi_init(&z);
  Bytes secret(32);
  // read_binary + check_pubkey: on the curve and not the point at infinity (SEC 1 §3.2.2);
  // for Curve25519 check_pubkey only checks the length (every u is acceptable, RFC 7748 §5).
  int rc = mbedtls_ecp_point_read_binary(&impl_->grp, &peer, peer_public_key.data(),
                                         peer_public_key.size());
  if (rc == 0) rc = mbedtls_ecp_check_pubkey(&impl_->grp, &peer);
  if (rc == 0) {
    rc = mbedtls_ecdh_compute_shared(&impl_->grp, &z, &peer, &impl_->d, mbed::drbg, nullptr);
  }
  if (rc == 0) {
    rc = x25519 ? mbedtls_mpi_write_binary_le(&z, secret.data(), secret.size())
                : mbedtls_mpi_write_binary(&z, secret.data(), secret.size());
  }
  mbedtls_mpi_free(&z);
  mbedtls_ecp_point_free(&peer);
  if (rc != 0) return fail(Errc::crypto, "invalid peer public key for ECDH");
  // RFC 7748 §6.1: a small-order peer point gives an all-zero secret; refuse it.
  if (x25519 && std::all_of(secret.begin(), secret.end(), [](std::uint8_t b) { return b == 0; })) {
    return fail(Errc::crypto, "X25519 shared secret is all zeros (small-order peer key)");
  }
  return secret;
}

// ---------------------------------------------------------------------------------------------
// ECDSA P-256

namespace {

// A pk context of type ECKEY; its mbedtls_ecp_keypair is mbedtls_pk_ec(pk).
struct PkContext {
  PkContext() { mbedtls_pk_init(&pk); }
  ~PkContext() { mbedtls_pk_free(&pk); }
  PkContext(const PkContext&) = delete;
  PkContext& operator=(const PkContext&) = delete;
  int setup() { return mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)); }
  mbedtls_ecp_keypair& ec() { return *mbedtls_pk_ec(pk); }
  mbedtls_pk_context pk;
};

}  // namespace

struct EcdsaP256PublicKey::Impl {
  PkContext ctx;
  Bytes point;
};

EcdsaP256PublicKey::EcdsaP256PublicKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EcdsaP256PublicKey::EcdsaP256PublicKey(const EcdsaP256PublicKey& other)
    : impl_(std::move(from_point(other.impl_->point).value().impl_)) {}
EcdsaP256PublicKey& EcdsaP256PublicKey::operator=(const EcdsaP256PublicKey& other) {
  if (this != &other) impl_ = std::move(from_point(other.impl_->point).value().impl_);
  return *this;
}
EcdsaP256PublicKey::EcdsaP256PublicKey(EcdsaP256PublicKey&&) noexcept = default;
EcdsaP256PublicKey& EcdsaP256PublicKey::operator=(EcdsaP256PublicKey&&) noexcept = default;
EcdsaP256PublicKey::~EcdsaP256PublicKey() = default;

Result<EcdsaP256PublicKey> EcdsaP256PublicKey::from_point(BytesView uncompressed_point) {
  if (uncompressed_point.size() != 65 || uncompressed_point[0] != 0x04) {
    return fail(Errc::malformed, "P-256 public key must be a 65-byte uncompressed point");
  }
  auto impl = std::make_unique<Impl>();
  int rc = impl->ctx.setup();
  if (rc == 0) rc = mbedtls_ecp_group_load(&impl->ctx.ec().grp, MBEDTLS_ECP_DP_SECP256R1);
  if (rc == 0) {
    rc = mbedtls_ecp_point_read_binary(&impl->ctx.ec().grp, &impl->ctx.ec().Q,
                                       uncompressed_point.data(), uncompressed_point.size());
  }
  if (rc == 0) rc = mbedtls_ecp_check_pubkey(&impl->ctx.ec().grp, &impl->ctx.ec().Q);
  if (rc != 0) return fail(Errc::malformed, "P-256 public key is not a point on the curve");
  impl->point.assign(uncompressed_point.begin(), uncompressed_point.end());
  return EcdsaP256PublicKey(std::move(impl));
}

Bytes EcdsaP256PublicKey::point() const {
  return impl_->point;
}

bool EcdsaP256PublicKey::verify(BytesView message, BytesView der_signature) const {
  return verify_digest(digest(HashAlgorithm::sha256, message), der_signature);
}

bool EcdsaP256PublicKey::verify_digest(BytesView sha256_digest, BytesView der_signature) const {
  if (sha256_digest.size() != 32) return false;
  // mbedtls_pk_verify parses the DER (asn1) strictly and checks r, s in [1, n-1].
  return mbedtls_pk_verify(&impl_->ctx.pk, MBEDTLS_MD_SHA256, sha256_digest.data(), 32,
                           der_signature.data(), der_signature.size()) == 0;
}

struct EcdsaP256PrivateKey::Impl {
  PkContext ctx;
};

EcdsaP256PrivateKey::EcdsaP256PrivateKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EcdsaP256PrivateKey::EcdsaP256PrivateKey(EcdsaP256PrivateKey&&) noexcept = default;
EcdsaP256PrivateKey& EcdsaP256PrivateKey::operator=(EcdsaP256PrivateKey&&) noexcept = default;
EcdsaP256PrivateKey::~EcdsaP256PrivateKey() = default;

Result<EcdsaP256PrivateKey> EcdsaP256PrivateKey::generate() {
  auto impl = std::make_unique<Impl>();
  if (int rc = impl->ctx.setup(); rc != 0) return mbed::failure("mbedtls_pk_setup", rc);
  if (int rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, &impl->ctx.ec(), mbed::drbg, nullptr);
      rc != 0) {
    return mbed::failure("mbedtls_ecp_gen_key", rc);
  }
  return EcdsaP256PrivateKey(std::move(impl));
}

EcdsaP256PublicKey EcdsaP256PrivateKey::public_key() const {
  auto point = write_point(impl_->ctx.ec().grp, impl_->ctx.ec().Q);
  detail::expects(point.has_value(), "cannot write our own P-256 public key");
  auto key = EcdsaP256PublicKey::from_point(*point);
  detail::expects(key.has_value(), "our own P-256 public key does not parse");
  return std::move(*key);
}

Result<Bytes> EcdsaP256PrivateKey::sign(BytesView message) const {
  return sign_digest(digest(HashAlgorithm::sha256, message));
}

Result<Bytes> EcdsaP256PrivateKey::sign_digest(BytesView sha256_digest) const {
  if (sha256_digest.size() != 32) {
    return fail(Errc::invalid_argument, "ECDSA P-256/SHA-256 signs a 32-byte digest");
  }
  // With MBEDTLS_ECDSA_DETERMINISTIC (Debian's config) the nonce k comes from RFC 6979; the
  // DRBG still blinds the scalar multiplication.
  std::array<unsigned char, MBEDTLS_ECDSA_MAX_LEN> sig;
  std::size_t len = 0;
  int rc = mbedtls_pk_sign(&impl_->ctx.pk, MBEDTLS_MD_SHA256, sha256_digest.data(), 32, sig.data(),
                           &len, mbed::drbg, nullptr);
  if (rc != 0) return mbed::failure("mbedtls_pk_sign", rc);
  return Bytes(sig.begin(), sig.begin() + static_cast<std::ptrdiff_t>(len));
}

Result<std::string> EcdsaP256PrivateKey::to_pem() const {
  std::array<unsigned char, 1024> buf{};
  // SEC 1 "EC PRIVATE KEY" PEM; openssl reads it as readily as PKCS#8.
  int rc = mbedtls_pk_write_key_pem(&impl_->ctx.pk, buf.data(), buf.size());
  std::string pem(reinterpret_cast<const char*>(buf.data()));
  mbedtls_platform_zeroize(buf.data(), buf.size());
  if (rc != 0) return mbed::failure("mbedtls_pk_write_key_pem", rc);
  return pem;
}

// ---------------------------------------------------------------------------------------------
// Self-signed certificate (here rather than in x509.cpp because mbedtls_x509write_crt needs the
// private key's mbedtls_pk_context; parsing and the rest are in x509.cpp).

namespace {

// X.509 validity as mbedtls_x509write_crt wants it: "YYYYMMDDhhmmss" in UTC.
std::string x509_time(std::chrono::system_clock::time_point t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02d%02d%02d%02d%02d", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return text;
}

}  // namespace

Result<Certificate> Certificate::self_signed(const EcdsaP256PrivateKey& key,
                                             std::string_view common_name,
                                             std::chrono::system_clock::time_point now) {
  for (char c : common_name) {
    // Keep the subject free of the characters mbedtls_x509_string_to_names treats specially.
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') {
      return fail(Errc::invalid_argument, "common name may hold only letters, digits, - . _");
    }
  }
  const std::string name = "CN=" + std::string(common_name);
  // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 8 random bytes, top bit clear.
  std::array<unsigned char, 8> serial_bytes;
  if (auto ok = random_bytes(serial_bytes); !ok) return std::unexpected(ok.error());
  serial_bytes[0] = static_cast<unsigned char>((serial_bytes[0] & 0x7f) | 0x01);

  mbedtls_x509write_cert crt;
  mbedtls_x509write_crt_init(&crt);
  mbedtls_mpi serial;
  mbedtls_mpi_init(&serial);
  std::array<unsigned char, 2048> buf;
  const std::string not_before = x509_time(now - std::chrono::hours(24));
  const std::string not_after = x509_time(now + std::chrono::hours(24 * 30));
  mbedtls_pk_context* pk = &key.impl_->ctx.pk;
  mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
  mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);  // ecdsa-with-SHA256
  mbedtls_x509write_crt_set_subject_key(&crt, pk);
  mbedtls_x509write_crt_set_issuer_key(&crt, pk);  // self-signed
  int rc = mbedtls_mpi_read_binary(&serial, serial_bytes.data(), serial_bytes.size());
  if (rc == 0) rc = mbedtls_x509write_crt_set_serial(&crt, &serial);
  if (rc == 0) rc = mbedtls_x509write_crt_set_subject_name(&crt, name.c_str());
  if (rc == 0) rc = mbedtls_x509write_crt_set_issuer_name(&crt, name.c_str());
  if (rc == 0) {
    rc = mbedtls_x509write_crt_set_validity(&crt, not_before.c_str(), not_after.c_str());
  }
  // write_der fills the buffer from its end and returns the length.
  if (rc == 0) rc = mbedtls_x509write_crt_der(&crt, buf.data(), buf.size(), mbed::drbg, nullptr);
  mbedtls_mpi_free(&serial);
  mbedtls_x509write_crt_free(&crt);
  if (rc < 0) return mbed::failure("mbedtls_x509write_crt_der", rc);
  const auto length = static_cast<std::size_t>(rc);
  return Certificate::parse(BytesView(buf).last(length));
}

}  // namespace rtc::crypto
