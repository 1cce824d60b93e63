// rtc::crypto::HmacKey against RFC 2202 (HMAC-MD5, HMAC-SHA-1) and RFC 4231 (HMAC-SHA-256,
// -384, -512), plus the properties STUN and SRTP rely on: multi-part signing and truncated
// tags checked with verify().
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "rtc/common/crypto.hpp"
#include "rtc/common/encoding.hpp"

namespace rtc::crypto {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}
Bytes repeat(std::uint8_t byte, std::size_t count) {
  return Bytes(count, byte);
}
Bytes counting_key() {  // 0x01 0x02 ... 0x19, RFC 2202 and RFC 4231 test case 4
  Bytes key(25);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i + 1);
  return key;
}

// Checks the one-shot hmac(), HmacKey::sign() and HmacKey::verify() against one vector.
void expect_hmac(HashAlgorithm algorithm, BytesView key, BytesView data,
                 std::string_view expected_hex) {
  EXPECT_EQ(to_hex(hmac(algorithm, key, data)), expected_hex);
  HmacKey hmac_key(algorithm, key);
  EXPECT_EQ(to_hex(hmac_key.sign(data)), expected_hex);
  EXPECT_TRUE(hmac_key.verify({data}, hex(expected_hex)));
}

// --- RFC 2202 §2: HMAC-MD5 --------------------------------------------------------------------

TEST(Rfc2202, HmacMd5_Case1) {
  expect_hmac(HashAlgorithm::md5, repeat(0x0b, 16), as_bytes("Hi There"),
              "9294727a3638bb1c13f48ef8158bfc9d");
}
TEST(Rfc2202, HmacMd5_Case2) {
  expect_hmac(HashAlgorithm::md5, as_bytes("Jefe"), as_bytes("what do ya want for nothing?"),
              "750c783e6ab0b503eaa86e310a5db738");
}
TEST(Rfc2202, HmacMd5_Case3) {
  expect_hmac(HashAlgorithm::md5, repeat(0xaa, 16), repeat(0xdd, 50),
              "56be34521d144c88dbb8c733f0e8b3f6");
}
TEST(Rfc2202, HmacMd5_Case4) {
  expect_hmac(HashAlgorithm::md5, counting_key(), repeat(0xcd, 50),
              "697eaf0aca3a3aea3a75164746ffaa79");
}
TEST(Rfc2202, HmacMd5_Case5) {
  const Bytes key = repeat(0x0c, 16);
  const BytesView data = as_bytes("Test With Truncation");
  expect_hmac(HashAlgorithm::md5, key, data, "56461ef2342edc00f9bab995690efd4c");
  // digest-96: the leftmost 96 bits (RFC 2104 §5).
  EXPECT_TRUE(HmacKey(HashAlgorithm::md5, key).verify({data}, hex("56461ef2342edc00f9bab995")));
}
TEST(Rfc2202, HmacMd5_Case6) {  // key longer than the 64-byte block: hashed first
  expect_hmac(HashAlgorithm::md5, repeat(0xaa, 80),
              as_bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
              "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
}
TEST(Rfc2202, HmacMd5_Case7) {
  expect_hmac(HashAlgorithm::md5, repeat(0xaa, 80),
              as_bytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
              "6f630fad67cda0ee1fb1f562db3aa53e");
}

// --- RFC 2202 §3: HMAC-SHA-1 ------------------------------------------------------------------

TEST(Rfc2202, HmacSha1_Case1) {
  expect_hmac(HashAlgorithm::sha1, repeat(0x0b, 20), as_bytes("Hi There"),
              "b617318655057264e28bc0b6fb378c8ef146be00");
}
TEST(Rfc2202, HmacSha1_Case2) {
  expect_hmac(HashAlgorithm::sha1, as_bytes("Jefe"), as_bytes("what do ya want for nothing?"),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}
TEST(Rfc2202, HmacSha1_Case3) {
  expect_hmac(HashAlgorithm::sha1, repeat(0xaa, 20), repeat(0xdd, 50),
              "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
}
TEST(Rfc2202, HmacSha1_Case4) {
  expect_hmac(HashAlgorithm::sha1, counting_key(), repeat(0xcd, 50),
              "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
}
TEST(Rfc2202, HmacSha1_Case5) {
  const Bytes key = repeat(0x0c, 20);
  const BytesView data = as_bytes("Test With Truncation");
  expect_hmac(HashAlgorithm::sha1, key, data, "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
  EXPECT_TRUE(HmacKey(HashAlgorithm::sha1, key).verify({data}, hex("4c1a03424b55e07fe7f27be1")));
}
TEST(Rfc2202, HmacSha1_Case6) {
  expect_hmac(HashAlgorithm::sha1, repeat(0xaa, 80),
              as_bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
              "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}
TEST(Rfc2202, HmacSha1_Case7) {
  expect_hmac(HashAlgorithm::sha1, repeat(0xaa, 80),
              as_bytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
              "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

// --- RFC 4231 §4: HMAC-SHA-256, -384, -512 ----------------------------------------------------
// Each test case is one key and one message, checked against all three hash functions.

struct Rfc4231Expected {
  std::string_view sha256, sha384, sha512;
};

void expect_rfc4231(BytesView key, BytesView data, const Rfc4231Expected& expected) {
  {
    SCOPED_TRACE("HMAC-SHA-256");
    expect_hmac(HashAlgorithm::sha256, key, data, expected.sha256);
  }
  {
    SCOPED_TRACE("HMAC-SHA-384");
    expect_hmac(HashAlgorithm::sha384, key, data, expected.sha384);
  }
  {
    SCOPED_TRACE("HMAC-SHA-512");
    expect_hmac(HashAlgorithm::sha512, key, data, expected.sha512);
  }
}

constexpr std::string_view kLargerThanBlockSizeData =
    "This is a test using a larger than block-size key and a larger than block-size data. "
    "The key needs to be hashed before being used by the HMAC algorithm.";

TEST(Rfc4231, Case1) {  // §4.2
  expect_rfc4231(repeat(0x0b, 20), as_bytes("Hi There"),
                 {"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
                  "faea9ea9076ede7f4af152e8b2fa9cb6",
                  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"});
}
TEST(Rfc4231, Case2) {  // §4.3: a key shorter than the output
  expect_rfc4231(as_bytes("Jefe"), as_bytes("what do ya want for nothing?"),
                 {"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
                  "8e2240ca5e69e2c78b3239ecfab21649",
                  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"});
}
TEST(Rfc4231, Case3) {  // §4.4
  expect_rfc4231(repeat(0xaa, 20), repeat(0xdd, 50),
                 {"773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
                  "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
                  "2a5ab39dc13814b94e3ab6e101a34f27",
                  "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
                  "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"});
}
TEST(Rfc4231, Case4) {  // §4.5
  expect_rfc4231(counting_key(), repeat(0xcd, 50),
                 {"82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
                  "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
                  "6801dd23c4a7d679ccf8a386c674cffb",
                  "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                  "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"});
}
// §4.6: the output truncated to 128 bits. The RFC publishes only the truncation, so this is
// checked with verify() and a 16-byte tag, as a receiver of a truncated MAC would.
TEST(Rfc4231, Case5_TruncatedTo128Bits) {
  const Bytes key = repeat(0x0c, 20);
  const BytesView data = as_bytes("Test With Truncation");
  const struct {
    HashAlgorithm algorithm;
    std::string_view tag;
  } cases[] = {{HashAlgorithm::sha256, "a3b6167473100ee06e0c796c2955552b"},
               {HashAlgorithm::sha384, "3abf34c3503b2a23a46efc619baef897"},
               {HashAlgorithm::sha512, "415fad6271580a531d4179bc891d87a6"}};
  for (const auto& c : cases) {
    HmacKey hmac_key(c.algorithm, key);
    EXPECT_TRUE(hmac_key.verify({data}, hex(c.tag))) << to_string(c.algorithm);
    EXPECT_EQ(to_hex(BytesView(hmac_key.sign(data)).first(16)), c.tag);
    Bytes wrong = hex(c.tag);
    wrong.back() ^= 0x01;
    EXPECT_FALSE(hmac_key.verify({data}, wrong)) << to_string(c.algorithm);
  }
}
TEST(Rfc4231, Case6) {  // §4.7: 131-byte key, larger than even SHA-512's 128-byte block
  expect_rfc4231(repeat(0xaa, 131),
                 as_bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
                 {"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                  "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
                  "0c2ef6ab4030fe8296248df163f44952",
                  "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                  "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"});
}
TEST(Rfc4231, Case7) {  // §4.8
  expect_rfc4231(repeat(0xaa, 131), as_bytes(kLargerThanBlockSizeData),
                 {"9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                  "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
                  "a678cc31e799176d3860e6110c46523e",
                  "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
                  "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"});
}

// --- Properties used by STUN and SRTP ---------------------------------------------------------

constexpr HashAlgorithm kAllAlgorithms[] = {HashAlgorithm::md5, HashAlgorithm::sha1,
                                            HashAlgorithm::sha256, HashAlgorithm::sha384,
                                            HashAlgorithm::sha512};

// STUN signs a header it rewrote plus the attributes that follow (RFC 8489 §14.5) without
// copying them together: the MAC of the parts must be the MAC of their concatenation.
TEST(HmacKey, MultiPartEqualsOneShot) {
  const BytesView text = as_bytes(kLargerThanBlockSizeData);
  for (HashAlgorithm algorithm : kAllAlgorithms) {
    const Bytes key = repeat(0x42, 20);
    const Bytes expected = hmac(algorithm, key, text);
    HmacKey hmac_key(algorithm, key);
    for (std::size_t split = 0; split <= text.size(); split += 7) {
      Bytes mac(hmac_key.size());
      hmac_key.sign({text.first(split), text.subspan(split)}, mac);
      ASSERT_EQ(mac, expected) << to_string(algorithm) << " split at " << split;
    }
    Bytes mac(hmac_key.size());
    hmac_key.sign({text.first(10), BytesView{}, text.subspan(10, 100), text.subspan(110)}, mac);
    EXPECT_EQ(mac, expected) << to_string(algorithm);
    hmac_key.sign(std::span<const BytesView>{}, mac);  // no parts: the MAC of ""
    EXPECT_EQ(mac, hmac(algorithm, key, {})) << to_string(algorithm);
  }
}

// The precomputed pad states must survive use: signing again gives the same MAC.
TEST(HmacKey, ReusableAcrossMessages) {
  HmacKey hmac_key(HashAlgorithm::sha1, repeat(0x0b, 20));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(to_hex(hmac_key.sign(as_bytes("Hi There"))),
              "b617318655057264e28bc0b6fb378c8ef146be00");
    EXPECT_EQ(to_hex(hmac_key.sign(as_bytes("what do ya want for nothing?"))),
              to_hex(hmac(HashAlgorithm::sha1, repeat(0x0b, 20),
                          as_bytes("what do ya want for nothing?"))));
  }
}

TEST(HmacKey, CopyAndMove) {
  HmacKey original(HashAlgorithm::sha256, as_bytes("Jefe"));
  HmacKey copy = original;
  const BytesView data = as_bytes("what do ya want for nothing?");
  const std::string expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  EXPECT_EQ(to_hex(copy.sign(data)), expected);
  EXPECT_EQ(to_hex(original.sign(data)), expected);
  HmacKey assigned(HashAlgorithm::md5, as_bytes("other"));
  assigned = copy;
  EXPECT_EQ(assigned.algorithm(), HashAlgorithm::sha256);
  EXPECT_EQ(to_hex(assigned.sign(data)), expected);
  HmacKey moved = std::move(assigned);
  EXPECT_EQ(to_hex(moved.sign(data)), expected);
}

// SRTP's HMAC-SHA1 tags are 80 or 32 bits (RFC 3711 §4.2, RFC 4568 §6.2.1).
TEST(HmacKey, VerifyTruncatedTags) {
  HmacKey hmac_key(HashAlgorithm::sha1, repeat(0x0b, 20));
  const BytesView data = as_bytes("Hi There");
  const Bytes full = hex("b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_TRUE(hmac_key.verify({data}, full));
  EXPECT_TRUE(hmac_key.verify({data}, BytesView(full).first(10)));  // 80 bits
  EXPECT_TRUE(hmac_key.verify({data}, BytesView(full).first(4)));   // 32 bits
  EXPECT_TRUE(hmac_key.verify({as_bytes("Hi "), as_bytes("There")}, BytesView(full).first(4)));
  EXPECT_FALSE(hmac_key.verify({as_bytes("Hi there")}, BytesView(full).first(4)));
  // A tag that is not a prefix, an empty tag (it would accept anything) and an overlong one.
  EXPECT_FALSE(hmac_key.verify({data}, BytesView(full).subspan(1, 4)));
  EXPECT_FALSE(hmac_key.verify({data}, BytesView{}));
  Bytes longer = full;
  longer.push_back(0);
  EXPECT_FALSE(hmac_key.verify({data}, longer));
}

TEST(HmacKey, EmptyKey) {
  // RFC 2104 allows any key length; an empty key is zero-padded like any other.
  EXPECT_EQ(to_hex(hmac(HashAlgorithm::sha256, {}, {})),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal(as_bytes("abc"), as_bytes("abc")));
  EXPECT_TRUE(constant_time_equal({}, {}));
  EXPECT_FALSE(constant_time_equal(as_bytes("abc"), as_bytes("abd")));
  EXPECT_FALSE(constant_time_equal(as_bytes("abc"), as_bytes("bbc")));
  EXPECT_FALSE(constant_time_equal(as_bytes("abc"), as_bytes("ab")));
}

}  // namespace
}  // namespace rtc::crypto
