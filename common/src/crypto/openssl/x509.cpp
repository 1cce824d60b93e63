// OpenSSL provider: parsing X.509 certificates (d2i_X509) to get at their ECDSA P-256 key.
// Writing the self-signed certificate is in pk.cpp, next to the private key it signs with.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstring>

#include "rtc/common/crypto_pk.hpp"
#include "rtc/common/encoding.hpp"
#include "support.hpp"

namespace rtc::crypto {

Certificate::Certificate(Bytes der, EcdsaP256PublicKey key)
    : der_(std::move(der)), public_key_(std::make_unique<EcdsaP256PublicKey>(std::move(key))) {}
Certificate::Certificate(const Certificate& other)
    : der_(other.der_), public_key_(std::make_unique<EcdsaP256PublicKey>(*other.public_key_)) {}
Certificate& Certificate::operator=(const Certificate& other) {
  if (this != &other) {
    der_ = other.der_;
    public_key_ = std::make_unique<EcdsaP256PublicKey>(*other.public_key_);
  }
  return *this;
}
Certificate::Certificate(Certificate&&) noexcept = default;
Certificate& Certificate::operator=(Certificate&&) noexcept = default;
Certificate::~Certificate() = default;

Result<Certificate> Certificate::parse(BytesView der) {
  if (der.empty() || der.size() > (1u << 20)) return fail(Errc::malformed, "bad certificate size");
  const unsigned char* p = der.data();
  // Parses the RFC 5280 §4.1 structure without checking any signature: trust comes from the
  // SDP fingerprint (RFC 8122 §5), not from a chain.
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (x == nullptr) return ossl::failure("d2i_X509");
  if (p != der.data() + der.size()) {
    X509_free(x);
    return fail(Errc::malformed, "trailing bytes after the certificate");
  }
  Result<EcdsaP256PublicKey> key = fail(Errc::unsupported, "certificate key is not EC P-256");
  EVP_PKEY* pkey = X509_get0_pubkey(x);  // owned by x
  char group[32] = {};
  std::size_t group_len = 0;
  unsigned char point[133];
  std::size_t point_len = 0;
  if (pkey != nullptr && EVP_PKEY_is_a(pkey, "EC") &&
      EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                     &group_len) == 1 &&
      std::strcmp(group, "prime256v1") == 0 &&
      EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof point,
                                      &point_len) == 1) {
    key = EcdsaP256PublicKey::from_point(BytesView(point, point_len));
  }
  ERR_clear_error();
  X509_free(x);
  if (!key) return std::unexpected(key.error());
  return Certificate(Bytes(der.begin(), der.end()), std::move(*key));
}

std::string Certificate::to_pem() const {
  // RFC 7468 §5: base64 of the DER in lines of 64 characters between the labels.
  const std::string b64 = to_base64(der_);
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  pem += "-----END CERTIFICATE-----\n";
  return pem;
}

}  // namespace rtc::crypto
