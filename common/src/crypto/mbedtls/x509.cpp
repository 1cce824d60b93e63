// mbedTLS provider: parsing X.509 certificates (x509_crt.h) to get at their ECDSA P-256 key.
// Writing the self-signed certificate is in pk.cpp, next to the private key it signs with.
#include <mbedtls/base64.h>
#include <mbedtls/x509_crt.h>

#include "rtc/common/crypto_pk.hpp"
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
  if (der.empty()) return fail(Errc::malformed, "empty certificate");
  mbedtls_x509_crt crt;
  mbedtls_x509_crt_init(&crt);
  // Parses the whole RFC 5280 §4.1 structure (copying the DER) without checking any signature:
  // trust comes from the SDP fingerprint (RFC 8122 §5), not from a chain.
  int rc = mbedtls_x509_crt_parse_der(&crt, der.data(), der.size());
  if (rc != 0) {
    mbedtls_x509_crt_free(&crt);
    return mbed::failure("mbedtls_x509_crt_parse_der", rc);
  }
  Result<EcdsaP256PublicKey> key = fail(Errc::unsupported, "certificate key is not EC P-256");
  if (mbedtls_pk_get_type(&crt.pk) == MBEDTLS_PK_ECKEY &&
      mbedtls_pk_ec(crt.pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1) {
    unsigned char point[MBEDTLS_ECP_MAX_PT_LEN];
    std::size_t len = 0;
    const mbedtls_ecp_keypair* ec = mbedtls_pk_ec(crt.pk);
    if (mbedtls_ecp_point_write_binary(&ec->grp, &ec->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &len, point,
                                       sizeof point) == 0) {
      key = EcdsaP256PublicKey::from_point(BytesView(point, len));
    }
  }
  mbedtls_x509_crt_free(&crt);
  if (!key) return std::unexpected(key.error());
  return Certificate(Bytes(der.begin(), der.end()), std::move(*key));
}

std::string Certificate::to_pem() const {
  // RFC 7468 §5: base64 of the DER in lines of 64 characters between the labels.
  std::size_t len = 0;
  mbedtls_base64_encode(nullptr, 0, &len, der_.data(), der_.size());
  std::string b64(len, '\0');
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(b64.data()), b64.size(), &len, der_.data(),
                        der_.size());
  b64.resize(len);
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  pem += "-----END CERTIFICATE-----\n";
  return pem;
}

}  // namespace rtc::crypto
