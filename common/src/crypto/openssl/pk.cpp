// OpenSSL provider: ECDHE on P-256 and X25519 and ECDSA P-256 through EVP_PKEY (OpenSSL 3.0),
// for the DTLS 1.2 handshake (dtls/). See crypto_pk.hpp for the contract.
//
// One EVP_PKEY type holds every kind of key; what it is (EC on "prime256v1", or X25519) is
// decided when it is generated or imported. Keys come from RAND_bytes' DRBG.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include "rtc/common/crypto_pk.hpp"
#include "support.hpp"

namespace rtc::crypto {

namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;

// OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY is the TLS encoding: the uncompressed point for EC
// (the default point format) and the raw 32 bytes for X25519.
Result<Bytes> encoded_public_key(EVP_PKEY* pkey) {
  std::array<unsigned char, 133> buf;
  std::size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, buf.data(),
                                      buf.size(), &len) != 1) {
    return ossl::failure("EVP_PKEY_get_octet_string_param(encoded-pub-key)");
  }
  return Bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(len));
}

// A P-256 public key from an uncompressed point, checked to lie on the curve.
Result<Pkey> p256_from_point(BytesView point) {
  if (point.size() != 65 || point[0] != 0x04) {
    return fail(Errc::malformed, "P-256 public key must be a 65-byte uncompressed point");
  }
  char group[] = "prime256v1";
  Bytes copy(point.begin(), point.end());
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, copy.data(), copy.size()),
      OSSL_PARAM_construct_end()};
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    ERR_clear_error();
    return fail(Errc::malformed, "P-256 public key is not a point on the curve");
  }
  Pkey pkey(raw);
  // SP 800-56A §5.6.2.3.3 full public key validation (on the curve, right order).
  PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    return fail(Errc::malformed, "P-256 public key is not a point on the curve");
  }
  return pkey;
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
  Pkey pkey;
};

EcdhKeyPair::EcdhKeyPair(NamedGroup group, std::unique_ptr<Impl> impl, Bytes public_key)
    : group_(group), impl_(std::move(impl)), public_key_(std::move(public_key)) {}
EcdhKeyPair::EcdhKeyPair(EcdhKeyPair&&) noexcept = default;
EcdhKeyPair& EcdhKeyPair::operator=(EcdhKeyPair&&) noexcept = default;
EcdhKeyPair::~EcdhKeyPair() = default;

Result<EcdhKeyPair> EcdhKeyPair::generate(NamedGroup group) {
  auto impl = std::make_unique<Impl>();
  impl->pkey.reset(group == NamedGroup::x25519
                       ? EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519")
                       : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!impl->pkey) return ossl::failure("EVP_PKEY_Q_keygen");
  auto pub = encoded_public_key(impl->pkey.get());
  if (!pub) return std::unexpected(pub.error());
  return EcdhKeyPair(group, std::move(impl), std::move(*pub));
}

Result<EcdhKeyPair> EcdhKeyPair::from_private_key(NamedGroup group, BytesView private_key) {
  if (group != NamedGroup::x25519 || private_key.size() != 32) {
    return fail(Errc::unsupported, "from_private_key takes a 32-byte X25519 scalar");
  }
  auto impl = std::make_unique<Impl>();
  // Raw X25519 private keys are the unclamped scalar; clamping happens inside (RFC 7748 §5).
  impl->pkey.reset(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, private_key.data(), 32));
  if (!impl->pkey) return ossl::failure("EVP_PKEY_new_raw_private_key");
  auto pub = encoded_public_key(impl->pkey.get());
  if (!pub) return std::unexpected(pub.error());
  return EcdhKeyPair(group, std::move(impl), std::move(*pub));
}

Result<Bytes> EcdhKeyPair::shared_secret(BytesView peer_public_key) const {
  const bool x25519 = group_ == NamedGroup::x25519;
  if (x25519 ? peer_public_key.size() != 32
             : (peer_public_key.size() != 65 || peer_public_key[0] != 0x04)) {
    return fail(Errc::malformed, std::string("peer ") + to_string(group_) +
                                     " public key has the wrong length or format");
  }
  Pkey peer;
  if (x25519) {
    peer.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer_public_key.data(), 32));
    if (!peer) return ossl::failure("EVP_PKEY_new_raw_public_key");
  } else {
    auto p = p256_from_point(peer_public_key);
    if (!p) return fail(Errc::crypto, "invalid peer public key for ECDH");
    peer = std::move(*p);
  }
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, impl_->pkey.get(), nullptr));
  Bytes secret(32);
  std::size_t len = secret.size();
  // derive_set_peer_ex(validate=1) repeats the public key check; X25519 derivation itself
  // fails on an all-zero result (RFC 7748 §6.1), and we check that again below.
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 1) != 1 ||
      EVP_PKEY_derive(ctx.get(), secret.data(), &len) != 1 || len != 32) {
    ERR_clear_error();
    return fail(Errc::crypto, "invalid peer public key for ECDH");
  }
  if (x25519 && std::all_of(secret.begin(), secret.end(), [](std::uint8_t b) { return b == 0; })) {
    return fail(Errc::crypto, "X25519 shared secret is all zeros (small-order peer key)");
  }
  return secret;
}

// ---------------------------------------------------------------------------------------------
// ECDSA P-256

struct EcdsaP256PublicKey::Impl {
  Pkey pkey;
  Bytes point;
};

EcdsaP256PublicKey::EcdsaP256PublicKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EcdsaP256PublicKey::EcdsaP256PublicKey(const EcdsaP256PublicKey& other)
    : impl_(std::make_unique<Impl>()) {
  EVP_PKEY_up_ref(other.impl_->pkey.get());  // EVP_PKEYs are reference counted and immutable
  impl_->pkey.reset(other.impl_->pkey.get());
  impl_->point = other.impl_->point;
}
EcdsaP256PublicKey& EcdsaP256PublicKey::operator=(const EcdsaP256PublicKey& other) {
  if (this != &other) *this = EcdsaP256PublicKey(other);
  return *this;
}
EcdsaP256PublicKey::EcdsaP256PublicKey(EcdsaP256PublicKey&&) noexcept = default;
EcdsaP256PublicKey& EcdsaP256PublicKey::operator=(EcdsaP256PublicKey&&) noexcept = default;
EcdsaP256PublicKey::~EcdsaP256PublicKey() = default;

Result<EcdsaP256PublicKey> EcdsaP256PublicKey::from_point(BytesView uncompressed_point) {
  auto pkey = p256_from_point(uncompressed_point);
  if (!pkey) return std::unexpected(pkey.error());
  auto impl = std::make_unique<Impl>();
  impl->pkey = std::move(*pkey);
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
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, impl_->pkey.get(), nullptr));
  // EVP_PKEY_verify decodes the DER Ecdsa-Sig-Value (d2i_ECDSA_SIG, which rejects trailing
  // bytes and non-minimal encodings on re-encoding) and returns 1 only for a valid signature.
  const bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
                  EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1 &&
                  EVP_PKEY_verify(ctx.get(), der_signature.data(), der_signature.size(),
                                  sha256_digest.data(), 32) == 1;
  ERR_clear_error();
  return ok;
}

struct EcdsaP256PrivateKey::Impl {
  Pkey pkey;
};

EcdsaP256PrivateKey::EcdsaP256PrivateKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EcdsaP256PrivateKey::EcdsaP256PrivateKey(EcdsaP256PrivateKey&&) noexcept = default;
EcdsaP256PrivateKey& EcdsaP256PrivateKey::operator=(EcdsaP256PrivateKey&&) noexcept = default;
EcdsaP256PrivateKey::~EcdsaP256PrivateKey() = default;

Result<EcdsaP256PrivateKey> EcdsaP256PrivateKey::generate() {
  auto impl = std::make_unique<Impl>();
  impl->pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!impl->pkey) return ossl::failure("EVP_PKEY_Q_keygen");
  return EcdsaP256PrivateKey(std::move(impl));
}

EcdsaP256PublicKey EcdsaP256PrivateKey::public_key() const {
  auto point = encoded_public_key(impl_->pkey.get());
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
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, impl_->pkey.get(), nullptr));
  std::array<unsigned char, 80> sig;  // a DER P-256 signature is at most 72 bytes
  std::size_t len = sig.size();
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_sign(ctx.get(), sig.data(), &len, sha256_digest.data(), 32) != 1) {
    return ossl::failure("EVP_PKEY_sign");
  }
  return Bytes(sig.begin(), sig.begin() + static_cast<std::ptrdiff_t>(len));
}

Result<std::string> EcdsaP256PrivateKey::to_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr) return ossl::failure("BIO_new");
  std::string pem;
  // PKCS#8 "PRIVATE KEY", unencrypted.
  if (PEM_write_bio_PrivateKey(bio, impl_->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
      1) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    pem.assign(data, static_cast<std::size_t>(len));
  }
  BIO_free(bio);
  if (pem.empty()) return ossl::failure("PEM_write_bio_PrivateKey");
  return pem;
}

// ---------------------------------------------------------------------------------------------
// Self-signed certificate (here rather than in x509.cpp because it needs the private key's
// EVP_PKEY; parsing and the rest are in x509.cpp).

Result<Certificate> Certificate::self_signed(const EcdsaP256PrivateKey& key,
                                             std::string_view common_name,
                                             std::chrono::system_clock::time_point now) {
  for (char c : common_name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') {
      return fail(Errc::invalid_argument, "common name may hold only letters, digits, - . _");
    }
  }
  // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; 8 random bytes, top bit clear.
  std::array<unsigned char, 8> serial_bytes;
  if (auto ok = random_bytes(serial_bytes); !ok) return std::unexpected(ok.error());
  serial_bytes[0] = static_cast<unsigned char>((serial_bytes[0] & 0x7f) | 0x01);
  std::time_t t = std::chrono::system_clock::to_time_t(now);  // X509_time_adj_ex takes non-const
  const std::string cn(common_name);

  X509* x = X509_new();
  BIGNUM* serial = BN_bin2bn(serial_bytes.data(), serial_bytes.size(), nullptr);
  X509_NAME* name = X509_NAME_new();
  bool ok = x != nullptr && serial != nullptr && name != nullptr &&
            X509_set_version(x, X509_VERSION_3) == 1 &&
            BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x)) != nullptr &&
            X509_time_adj_ex(X509_getm_notBefore(x), -1, 0, &t) != nullptr &&
            X509_time_adj_ex(X509_getm_notAfter(x), 30, 0, &t) != nullptr &&
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                       reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                       0) == 1 &&
            X509_set_subject_name(x, name) == 1 && X509_set_issuer_name(x, name) == 1 &&
            X509_set_pubkey(x, key.impl_->pkey.get()) == 1 &&
            X509_sign(x, key.impl_->pkey.get(), EVP_sha256()) > 0;  // ecdsa-with-SHA256
  Bytes der;
  if (ok) {
    const int len = i2d_X509(x, nullptr);
    ok = len > 0;
    if (ok) {
      der.resize(static_cast<std::size_t>(len));
      unsigned char* p = der.data();
      ok = i2d_X509(x, &p) == len;
    }
  }
  X509_NAME_free(name);
  BN_free(serial);
  X509_free(x);
  if (!ok) return ossl::failure("creating the self-signed certificate");
  return Certificate::parse(der);
}

}  // namespace rtc::crypto
