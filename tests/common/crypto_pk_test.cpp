// rtc::crypto public-key primitives (crypto_pk.hpp): ECDHE on P-256 and X25519, ECDSA P-256,
// self-signed X.509 certificates. Vectors from RFC 7748 §6.1; the certificate and signatures
// are also checked by an independent implementation, the `openssl` command-line tool.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "rtc/common/crypto_pk.hpp"
#include "rtc/common/encoding.hpp"

namespace rtc::crypto {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

std::chrono::system_clock::time_point fixed_now() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
}

// Runs a shell command, returning its stdout (empty on failure).
std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[512];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int rc = pclose(p);
  if (status != nullptr) *status = rc;
  return out;
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "rtc_crypto_pk_" + std::to_string(::getpid()) + "_" + name;
}

void write_file(const std::string& path, BytesView data) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

TEST(Rfc7748_6_1, X25519DiffieHellmanVector) {
  auto alice = EcdhKeyPair::from_private_key(
      NamedGroup::x25519, hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  auto bob = EcdhKeyPair::from_private_key(
      NamedGroup::x25519, hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  ASSERT_TRUE(alice) << alice.error().to_string();
  ASSERT_TRUE(bob) << bob.error().to_string();
  EXPECT_EQ(to_hex(alice->public_key()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(to_hex(bob->public_key()),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  auto ab = alice->shared_secret(bob->public_key());
  auto ba = bob->shared_secret(alice->public_key());
  ASSERT_TRUE(ab && ba);
  EXPECT_EQ(to_hex(*ab), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(*ab, *ba);
}

TEST(Rfc7748_6_1, X25519RefusesSmallOrderPoint) {
  auto ours = EcdhKeyPair::generate(NamedGroup::x25519);
  ASSERT_TRUE(ours);
  // u = 0 and u = 1 have small order: the result would be all zeros.
  EXPECT_FALSE(ours->shared_secret(Bytes(32, 0)));
  Bytes one(32, 0);
  one[0] = 1;
  EXPECT_FALSE(ours->shared_secret(one));
  EXPECT_FALSE(ours->shared_secret(Bytes(31, 9))) << "wrong length";
}

TEST(Rfc8422_5_10, EcdhAgreementBothWays) {
  for (NamedGroup group : {NamedGroup::secp256r1, NamedGroup::x25519}) {
    auto a = EcdhKeyPair::generate(group);
    auto b = EcdhKeyPair::generate(group);
    ASSERT_TRUE(a && b) << to_string(group);
    EXPECT_EQ(a->public_key().size(), group == NamedGroup::x25519 ? 32u : 65u);
    if (group == NamedGroup::secp256r1) {
      EXPECT_EQ(a->public_key()[0], 0x04);
    }
    auto ab = a->shared_secret(b->public_key());
    auto ba = b->shared_secret(a->public_key());
    ASSERT_TRUE(ab && ba) << to_string(group);
    EXPECT_EQ(ab->size(), 32u);
    EXPECT_EQ(*ab, *ba) << to_string(group);
  }
}

TEST(Rfc8422_5_11, P256RejectsInvalidPoints) {
  auto ours = EcdhKeyPair::generate(NamedGroup::secp256r1);
  auto peer = EcdhKeyPair::generate(NamedGroup::secp256r1);
  ASSERT_TRUE(ours && peer);
  Bytes off_curve(peer->public_key().begin(), peer->public_key().end());
  off_curve[64] ^= 1;  // y no longer matches x
  EXPECT_FALSE(ours->shared_secret(off_curve));
  Bytes compressed(off_curve.begin(), off_curve.begin() + 33);
  compressed[0] = 0x02;
  EXPECT_FALSE(ours->shared_secret(compressed)) << "compressed points are not negotiated";
  Bytes zeros(65, 0);
  zeros[0] = 0x04;
  EXPECT_FALSE(ours->shared_secret(zeros));
  EXPECT_FALSE(ours->shared_secret(Bytes{0x00})) << "point at infinity";
  EXPECT_FALSE(EcdsaP256PublicKey::from_point(off_curve));
}

TEST(Fips186_4_6_4, EcdsaSignVerify) {
  auto key = EcdsaP256PrivateKey::generate();
  ASSERT_TRUE(key);
  const Bytes message = Bytes{'h', 'e', 'l', 'l', 'o'};
  auto sig = key->sign(message);
  ASSERT_TRUE(sig) << sig.error().to_string();
  EXPECT_EQ((*sig)[0], 0x30) << "DER SEQUENCE";
  const auto pub = key->public_key();
  EXPECT_TRUE(pub.verify(message, *sig));
  EXPECT_TRUE(pub.verify_digest(digest(HashAlgorithm::sha256, message), *sig));
  Bytes other = message;
  other[0] ^= 1;
  EXPECT_FALSE(pub.verify(other, *sig));
  Bytes bad = *sig;
  bad[bad.size() - 1] ^= 1;
  EXPECT_FALSE(pub.verify(message, bad));
  EXPECT_FALSE(pub.verify(message, BytesView(*sig).first(sig->size() - 1)));
  EXPECT_FALSE(pub.verify(message, Bytes{}));
  auto other_key = EcdsaP256PrivateKey::generate();
  ASSERT_TRUE(other_key);
  EXPECT_FALSE(other_key->public_key().verify(message, *sig));
  // A copy of the public key verifies too (certificates copy theirs).
  const EcdsaP256PublicKey copy = pub;
  EXPECT_TRUE(copy.verify(message, *sig));
  EXPECT_EQ(copy.point(), pub.point());
}

TEST(Rfc5280_4_1, SelfSignedCertificateParses) {
  auto key = EcdsaP256PrivateKey::generate();
  ASSERT_TRUE(key);
  auto cert = Certificate::self_signed(*key, "rtc", fixed_now());
  ASSERT_TRUE(cert) << cert.error().to_string();
  EXPECT_EQ(cert->der()[0], 0x30);
  EXPECT_EQ(cert->public_key().point(), key->public_key().point());
  auto again = Certificate::parse(cert->der());
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(again->public_key().point(), key->public_key().point());
  // Two certificates differ (random serial) even for the same key and time.
  auto second = Certificate::self_signed(*key, "rtc", fixed_now());
  ASSERT_TRUE(second);
  EXPECT_NE(Bytes(cert->der().begin(), cert->der().end()),
            Bytes(second->der().begin(), second->der().end()));
  EXPECT_FALSE(Certificate::self_signed(*key, "bad,name", fixed_now()));
}

TEST(Rfc5280_4_1, GarbageIsNotACertificate) {
  EXPECT_FALSE(Certificate::parse(Bytes{}));
  EXPECT_FALSE(Certificate::parse(Bytes{0x30, 0x03, 0x02, 0x01, 0x01}));
  auto key = EcdsaP256PrivateKey::generate();
  auto cert = Certificate::self_signed(*key, "rtc", fixed_now());
  ASSERT_TRUE(cert);
  Bytes truncated(cert->der().begin(), cert->der().end() - 1);
  EXPECT_FALSE(Certificate::parse(truncated));
}

TEST(Rfc8122_5, FingerprintFormats) {
  auto key = EcdsaP256PrivateKey::generate();
  auto cert = Certificate::self_signed(*key, "rtc", fixed_now());
  ASSERT_TRUE(cert);
  const std::string fp = cert->to_sdp_fingerprint();
  EXPECT_EQ(fp.rfind("sha-256 ", 0), 0u);
  EXPECT_EQ(fp.size(), 8u + 32 * 3 - 1);
  EXPECT_EQ(cert->fingerprint(HashAlgorithm::sha1).size(), 20u);
  EXPECT_EQ(cert->fingerprint(HashAlgorithm::sha384).size(), 48u);
  EXPECT_EQ(cert->fingerprint(HashAlgorithm::sha512).size(), 64u);
  EXPECT_EQ(cert->fingerprint(HashAlgorithm::sha256), digest(HashAlgorithm::sha256, cert->der()));
}

// The certificate, the PEM key and a signature, checked by the openssl CLI.
TEST(OpenSslCli, CertificateKeyAndSignatureAgree) {
  if (std::system("openssl version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl CLI";
  auto key = EcdsaP256PrivateKey::generate();
  ASSERT_TRUE(key);
  auto cert = Certificate::self_signed(*key, "rtc-test", fixed_now());
  ASSERT_TRUE(cert);
  const std::string der = temp_path("cert.der");
  write_file(der, cert->der());
  int status = 0;
  const std::string text = run("openssl x509 -inform DER -in " + der + " -noout -text", &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(text.find("Version: 3"), std::string::npos) << text;
  EXPECT_NE(text.find("ecdsa-with-SHA256"), std::string::npos);
  EXPECT_NE(text.find("prime256v1"), std::string::npos);
  EXPECT_NE(text.find("CN = rtc-test"), std::string::npos);
  // Its self-signature verifies (openssl checks a self-signed certificate against itself).
  const std::string pem = temp_path("cert.pem");
  write_file(pem, as_bytes(cert->to_pem()));
  EXPECT_NE(run("openssl verify -no_check_time -CAfile " + pem + " " + pem + " 2>&1").find("OK"),
            std::string::npos);
  // openssl's fingerprint equals ours.
  const std::string fp = run("openssl x509 -in " + pem + " -noout -fingerprint -sha256");
  EXPECT_NE(fp.find(to_hex_colon(cert->fingerprint(HashAlgorithm::sha256))), std::string::npos)
      << fp;
  // openssl verifies our signature with the certificate's key...
  const Bytes message = {'r', 't', 'c'};
  const std::string msg = temp_path("msg"), sig = temp_path("sig"), pub = temp_path("pub.pem");
  write_file(msg, message);
  write_file(sig, key->sign(message).value());
  run("openssl x509 -in " + pem + " -noout -pubkey > " + pub);
  EXPECT_NE(run("openssl dgst -sha256 -verify " + pub + " -signature " + sig + " " + msg)
                .find("Verified OK"),
            std::string::npos);
  // ... and we verify one made by openssl with our PEM-exported private key.
  const std::string keyfile = temp_path("key.pem"), sig2 = temp_path("sig2");
  write_file(keyfile, as_bytes(key->to_pem().value()));
  ASSERT_EQ(
      std::system(("openssl dgst -sha256 -sign " + keyfile + " -out " + sig2 + " " + msg).c_str()),
      0);
  std::ifstream in(sig2, std::ios::binary);
  const Bytes openssl_sig((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(cert->public_key().verify(message, openssl_sig));
  for (const auto& f : {der, pem, msg, sig, pub, keyfile, sig2}) std::remove(f.c_str());
}

}  // namespace
}  // namespace rtc::crypto
