// rtc::crypto hashes against the published vectors: MD5 (RFC 1321 Appendix A.5) and
// SHA-1/256/384/512 (NIST FIPS 180-2 Appendices A-D and NIST's FIPS 180 example values).
// The same tests run against both providers (-DRTC_CRYPTO=mbedtls / openssl).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "rtc/common/crypto.hpp"
#include "rtc/common/encoding.hpp"

namespace rtc::crypto {
namespace {

std::string hex_digest(HashAlgorithm algorithm, std::string_view message) {
  return to_hex(digest(algorithm, as_bytes(message)));
}

// The three FIPS 180 example messages: one block, two blocks for the 512-bit-block hashes
// (448 bits) and two blocks for the 1024-bit-block hashes (896 bits).
constexpr std::string_view kAbc = "abc";
constexpr std::string_view k448Bits = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr std::string_view k896Bits =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnop"
    "qrsmnopqrstnopqrstu";
const std::string kMillionA(1'000'000, 'a');

// --- SHA-1: FIPS 180-2 Appendix A -------------------------------------------------------------

TEST(Fips180, Sha1_Abc) {  // A.1
  EXPECT_EQ(hex_digest(HashAlgorithm::sha1, kAbc), "a9993e364706816aba3e25717850c26c9cd0d89d");
}
TEST(Fips180, Sha1_448Bits) {  // A.2
  EXPECT_EQ(hex_digest(HashAlgorithm::sha1, k448Bits), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}
TEST(Fips180, Sha1_896Bits) {
  EXPECT_EQ(hex_digest(HashAlgorithm::sha1, k896Bits), "a49b2446a02c645bf419f995b67091253a04a259");
}
TEST(Fips180, Sha1_MillionA) {  // A.3
  EXPECT_EQ(hex_digest(HashAlgorithm::sha1, kMillionA), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// --- SHA-256: FIPS 180-2 Appendix B -----------------------------------------------------------

TEST(Fips180, Sha256_Abc) {  // B.1
  EXPECT_EQ(hex_digest(HashAlgorithm::sha256, kAbc),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
TEST(Fips180, Sha256_448Bits) {  // B.2
  EXPECT_EQ(hex_digest(HashAlgorithm::sha256, k448Bits),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
TEST(Fips180, Sha256_896Bits) {
  EXPECT_EQ(hex_digest(HashAlgorithm::sha256, k896Bits),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}
TEST(Fips180, Sha256_MillionA) {  // B.3
  EXPECT_EQ(hex_digest(HashAlgorithm::sha256, kMillionA),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// --- SHA-384: FIPS 180-2 Appendix D -----------------------------------------------------------

TEST(Fips180, Sha384_Abc) {  // D.1
  EXPECT_EQ(hex_digest(HashAlgorithm::sha384, kAbc),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7");
}
TEST(Fips180, Sha384_448Bits) {
  EXPECT_EQ(hex_digest(HashAlgorithm::sha384, k448Bits),
            "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6"
            "b0455a8520bc4e6f5fe95b1fe3c8452b");
}
TEST(Fips180, Sha384_896Bits) {  // D.2
  EXPECT_EQ(hex_digest(HashAlgorithm::sha384, k896Bits),
            "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
            "fcc7c71a557e2db966c3e9fa91746039");
}
TEST(Fips180, Sha384_MillionA) {  // D.3
  EXPECT_EQ(hex_digest(HashAlgorithm::sha384, kMillionA),
            "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
            "07b8b3dc38ecc4ebae97ddd87f3d8985");
}

// --- SHA-512: FIPS 180-2 Appendix C -----------------------------------------------------------

TEST(Fips180, Sha512_Abc) {  // C.1
  EXPECT_EQ(hex_digest(HashAlgorithm::sha512, kAbc),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}
TEST(Fips180, Sha512_448Bits) {
  EXPECT_EQ(hex_digest(HashAlgorithm::sha512, k448Bits),
            "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
            "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445");
}
TEST(Fips180, Sha512_896Bits) {  // C.2
  EXPECT_EQ(hex_digest(HashAlgorithm::sha512, k896Bits),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}
TEST(Fips180, Sha512_MillionA) {  // C.3
  EXPECT_EQ(hex_digest(HashAlgorithm::sha512, kMillionA),
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
            "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b");
}

// --- MD5: RFC 1321 Appendix A.5, the whole test suite -----------------------------------------

TEST(Rfc1321_A5, Md5TestSuite) {
  EXPECT_EQ(hex_digest(HashAlgorithm::md5, ""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(hex_digest(HashAlgorithm::md5, "a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(hex_digest(HashAlgorithm::md5, "abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(hex_digest(HashAlgorithm::md5, "message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(hex_digest(HashAlgorithm::md5, "abcdefghijklmnopqrstuvwxyz"),
            "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(hex_digest(HashAlgorithm::md5,
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(hex_digest(HashAlgorithm::md5,
                       "1234567890123456789012345678901234567890"
                       "1234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

// --- Incremental hashing ----------------------------------------------------------------------

constexpr HashAlgorithm kAllAlgorithms[] = {HashAlgorithm::md5, HashAlgorithm::sha1,
                                            HashAlgorithm::sha256, HashAlgorithm::sha384,
                                            HashAlgorithm::sha512};

// FIPS 180-2 A.3/B.3/C.3/D.3 fed to Hash in 1000 pieces of 1000 bytes.
TEST(Fips180, MillionAInPieces) {
  Hash sha1(HashAlgorithm::sha1), sha256(HashAlgorithm::sha256);
  const BytesView piece = as_bytes(std::string_view(kMillionA).substr(0, 1000));
  for (int i = 0; i < 1000; ++i) {
    sha1.update(piece);
    sha256.update(piece);
  }
  EXPECT_EQ(to_hex(sha1.current()), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  EXPECT_EQ(to_hex(sha256.current()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Splitting a message anywhere must not change the digest (the partial-block buffering).
TEST(Hash, AnySplitEqualsOneShot) {
  for (HashAlgorithm algorithm : kAllAlgorithms) {
    const BytesView message = as_bytes(k896Bits);
    const Bytes expected = digest(algorithm, message);
    for (std::size_t split = 0; split <= message.size(); ++split) {
      Hash hash(algorithm);
      hash.update(message.first(split));
      hash.update(message.subspan(split));
      ASSERT_EQ(hash.current(), expected) << to_string(algorithm) << " split at " << split;
    }
  }
}

// current() does not end the hash, and a copy continues on its own (the TLS 1.2 transcript
// hash is read at Finished and keeps absorbing handshake messages, RFC 5246 §7.4.9).
TEST(Hash, CurrentThenContinue) {
  Hash hash(HashAlgorithm::sha256);
  hash.update(as_bytes("ab"));
  EXPECT_EQ(hash.current(), digest(HashAlgorithm::sha256, as_bytes("ab")));
  hash.update(as_bytes("c"));
  EXPECT_EQ(to_hex(hash.current()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hash, CopyContinuesIndependently) {
  for (HashAlgorithm algorithm : kAllAlgorithms) {
    Hash original(algorithm);
    original.update(as_bytes("ab"));
    Hash copy = original;
    original.update(as_bytes("c"));
    copy.update(as_bytes("d"));
    EXPECT_EQ(original.current(), digest(algorithm, as_bytes("abc"))) << to_string(algorithm);
    EXPECT_EQ(copy.current(), digest(algorithm, as_bytes("abd"))) << to_string(algorithm);
    EXPECT_EQ(copy.algorithm(), algorithm);

    // Copy assignment, also across algorithms.
    Hash other(HashAlgorithm::sha1);
    other = original;
    EXPECT_EQ(other.algorithm(), algorithm);
    other.update(as_bytes("d"));
    EXPECT_EQ(other.current(), digest(algorithm, as_bytes("abcd")));
    EXPECT_EQ(original.current(), digest(algorithm, as_bytes("abc")));
  }
}

TEST(Hash, MoveKeepsState) {
  Hash a(HashAlgorithm::sha512);
  a.update(as_bytes("ab"));
  Hash b = std::move(a);
  b.update(as_bytes("c"));
  EXPECT_EQ(b.current(), digest(HashAlgorithm::sha512, as_bytes("abc")));
  Hash c(HashAlgorithm::md5);
  c = std::move(b);
  EXPECT_EQ(c.algorithm(), HashAlgorithm::sha512);
  EXPECT_EQ(c.current(), digest(HashAlgorithm::sha512, as_bytes("abc")));
}

// --- Names and sizes --------------------------------------------------------------------------

// RFC 8122 §5 names hash functions by the IANA "Hash Function Textual Names" registry.
TEST(Rfc8122_5, HashFunctionTextualNames) {
  EXPECT_STREQ(to_string(HashAlgorithm::md5), "md5");
  EXPECT_STREQ(to_string(HashAlgorithm::sha1), "sha-1");
  EXPECT_STREQ(to_string(HashAlgorithm::sha256), "sha-256");
  EXPECT_STREQ(to_string(HashAlgorithm::sha384), "sha-384");
  EXPECT_STREQ(to_string(HashAlgorithm::sha512), "sha-512");
}

TEST(Hash, DigestSizes) {
  EXPECT_EQ(digest_size(HashAlgorithm::md5), 16u);
  EXPECT_EQ(digest_size(HashAlgorithm::sha1), 20u);
  EXPECT_EQ(digest_size(HashAlgorithm::sha256), 32u);
  EXPECT_EQ(digest_size(HashAlgorithm::sha384), 48u);
  EXPECT_EQ(digest_size(HashAlgorithm::sha512), 64u);
  for (HashAlgorithm algorithm : kAllAlgorithms) {
    EXPECT_EQ(digest(algorithm, {}).size(), digest_size(algorithm));
    EXPECT_EQ(Hash(algorithm).current().size(), digest_size(algorithm));
  }
}

TEST(CryptoProvider, NameSaysWhichLibrary) {
  const std::string name = provider_name();
#if defined(RTC_CRYPTO_PROVIDER_openssl)
  EXPECT_EQ(name.rfind("OpenSSL 3.", 0), 0u) << name;
#elif defined(RTC_CRYPTO_PROVIDER_mbedtls)
  EXPECT_EQ(name.rfind("mbedtls 2.", 0), 0u) << name;
#else
  EXPECT_FALSE(name.empty());
#endif
}

}  // namespace
}  // namespace rtc::crypto
