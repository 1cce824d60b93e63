// rtc::crypto::AesCtr against NIST SP 800-38A Appendix F.5 and rtc::crypto::AesGcm against the
// test cases of the GCM specification (D. McGrew, J. Viega, "The Galois/Counter Mode of
// Operation (GCM)", 2005, Appendix B), which NIST SP 800-38D refers to.
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "rtc/common/crypto.hpp"
#include "rtc/common/encoding.hpp"

namespace rtc::crypto {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

std::array<std::uint8_t, 16> iv16(std::string_view text) {
  const Bytes bytes = hex(text);
  std::array<std::uint8_t, 16> iv{};
  EXPECT_EQ(bytes.size(), iv.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), iv.size()), iv.begin());
  return iv;
}

// --- AES-CTR: NIST SP 800-38A Appendix F.5 ----------------------------------------------------

// F.5.1, F.5.3 and F.5.5 share the initial counter block and the plaintext (four blocks).
constexpr std::string_view kCtrInitialCounter = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
constexpr std::string_view kCtrPlaintext =
    "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

void expect_ctr_vector(std::string_view key_hex, std::string_view ciphertext_hex) {
  auto ctr = AesCtr::create(hex(key_hex));
  ASSERT_TRUE(ctr.has_value()) << ctr.error().to_string();
  const auto iv = iv16(kCtrInitialCounter);
  const Bytes plaintext = hex(kCtrPlaintext);
  const Bytes ciphertext = hex(ciphertext_hex);

  Bytes out(plaintext.size());
  ctr->crypt(iv, plaintext, out);
  EXPECT_EQ(out, ciphertext) << "encrypt";
  // F.5.2/F.5.4/F.5.6: decryption is the same operation.
  ctr->crypt(iv, ciphertext, out);
  EXPECT_EQ(out, plaintext) << "decrypt";
  // A length that is not a multiple of the block size uses a prefix of the last keystream block.
  Bytes partial(37);
  ctr->crypt(iv, BytesView(plaintext).first(37), partial);
  EXPECT_EQ(partial, Bytes(ciphertext.begin(), ciphertext.begin() + 37)) << "37 bytes";
}

TEST(Sp800_38A_F5, Ctr_Aes128_Encrypt) {  // F.5.1
  expect_ctr_vector("2b7e151628aed2a6abf7158809cf4f3c",
                    "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff"
                    "5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee");
}
TEST(Sp800_38A_F5, Ctr_Aes192_Encrypt) {  // F.5.3
  expect_ctr_vector("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
                    "1abc932417521ca24f2b0459fe7e6e0b 090339ec0aa6faefd5ccc2c6f4ce8e94"
                    "1e36b26bd1ebc670d1bd1d665620abf7 4f78a7f6d29809585a97daec58c6b050");
}
TEST(Sp800_38A_F5, Ctr_Aes256_Encrypt) {  // F.5.5
  expect_ctr_vector("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
                    "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5"
                    "2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6");
}

TEST(Sp800_38A_F5, Ctr_InPlace) {
  auto ctr = AesCtr::create(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  ASSERT_TRUE(ctr.has_value());
  Bytes buffer = hex(kCtrPlaintext);
  ctr->crypt(iv16(kCtrInitialCounter), buffer, buffer);
  EXPECT_EQ(to_hex(buffer),
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
            "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");
  ctr->crypt(iv16(kCtrInitialCounter), buffer, buffer);
  EXPECT_EQ(buffer, hex(kCtrPlaintext));
}

// The keystream for counter block T is E(K, T); encrypting zeros shows it directly.
Bytes keystream(AesCtr& ctr, std::string_view iv_hex, std::size_t size) {
  Bytes zeros(size), out(size);
  ctr.crypt(iv16(iv_hex), zeros, out);
  return out;
}

// SP 800-38A Appendix B.1 with m = 128: the whole block is the counter. SRTP's AES-CM forms
// its IV by XORing the salt, SSRC and packet index into a 128-bit block (RFC 3711 §4.1.1),
// so a carry out of the low 32 bits must reach the upper bytes (unlike GCM's inc32).
TEST(Sp800_38A_B1, CounterCarriesAcrossTheWholeBlock) {
  auto ctr = AesCtr::create(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  ASSERT_TRUE(ctr.has_value());
  const Bytes across32 = keystream(*ctr, "000102030405060708090a0bffffffff", 32);
  EXPECT_EQ(to_hex(BytesView(across32).subspan(16)),
            to_hex(keystream(*ctr, "000102030405060708090a0c00000000", 16)));
  const Bytes across64 = keystream(*ctr, "0001020304050607ffffffffffffffff", 32);
  EXPECT_EQ(to_hex(BytesView(across64).subspan(16)),
            to_hex(keystream(*ctr, "00010203040506080000000000000000", 16)));
  const Bytes wraps = keystream(*ctr, "ffffffffffffffffffffffffffffffff", 32);
  EXPECT_EQ(to_hex(BytesView(wraps).subspan(16)),
            to_hex(keystream(*ctr, "00000000000000000000000000000000", 16)));
}

// Each call starts from its own IV; no keystream position leaks from one call to the next.
TEST(Sp800_38A_F5, Ctr_CallsAreIndependent) {
  auto ctr = AesCtr::create(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  ASSERT_TRUE(ctr.has_value());
  const Bytes first = keystream(*ctr, kCtrInitialCounter, 5);
  EXPECT_EQ(keystream(*ctr, kCtrInitialCounter, 5), first);
}

TEST(AesCtr, RejectsBadKeySizes) {
  for (std::size_t size : {0u, 8u, 15u, 17u, 33u}) {
    auto ctr = AesCtr::create(Bytes(size, 0));
    ASSERT_FALSE(ctr.has_value()) << size;
    EXPECT_EQ(ctr.error().code, Errc::invalid_argument);
  }
}

// --- AES-GCM: GCM specification Appendix B ----------------------------------------------------

struct GcmVector {
  std::string_view key, iv, plaintext, aad, ciphertext, tag;
};

void expect_gcm_vector(const GcmVector& v) {
  auto gcm = AesGcm::create(hex(v.key));
  ASSERT_TRUE(gcm.has_value()) << gcm.error().to_string();
  const Bytes iv = hex(v.iv), plaintext = hex(v.plaintext), aad = hex(v.aad);

  Bytes ciphertext(plaintext.size());
  std::array<std::uint8_t, AesGcm::kTagSize> tag{};
  auto sealed = gcm->seal(iv, aad, plaintext, ciphertext, tag);
  ASSERT_TRUE(sealed.has_value()) << sealed.error().to_string();
  EXPECT_EQ(to_hex(ciphertext), v.ciphertext);
  EXPECT_EQ(to_hex(tag), v.tag);

  Bytes opened(ciphertext.size());
  auto ok = gcm->open(iv, aad, ciphertext, tag, opened);
  ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
  EXPECT_EQ(opened, plaintext);
}

constexpr std::string_view kGcmKey128 = "feffe9928665731c6d6a8f9467308308";
constexpr std::string_view kGcmKey256 =
    "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
constexpr std::string_view kGcmIv = "cafebabefacedbaddecaf888";
constexpr std::string_view kGcmPlaintext64 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
constexpr std::string_view kGcmPlaintext60 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
constexpr std::string_view kGcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

constexpr GcmVector kTestCase3{kGcmKey128,
                               kGcmIv,
                               kGcmPlaintext64,
                               "",
                               "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                               "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
                               "4d5c2af327cd64a62cf35abd2ba6fab4"};

constexpr GcmVector kTestCase4{kGcmKey128,
                               kGcmIv,
                               kGcmPlaintext60,
                               kGcmAad,
                               "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                               "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
                               "5bc94fbc3221a5db94fae95ae7121a47"};

TEST(GcmSpec_AppendixB, TestCase1_Aes128_EmptyPlaintext) {
  expect_gcm_vector({"00000000000000000000000000000000", "000000000000000000000000", "", "", "",
                     "58e2fccefa7e3061367f1d57a4e7455a"});
}
TEST(GcmSpec_AppendixB, TestCase2_Aes128_OneZeroBlock) {
  expect_gcm_vector({"00000000000000000000000000000000", "000000000000000000000000",
                     "00000000000000000000000000000000", "", "0388dace60b6a392f328c2b971b2fe78",
                     "ab6e47d42cec13bdf53a67b21257bddf"});
}
TEST(GcmSpec_AppendixB, TestCase3_Aes128_FourBlocks) {
  expect_gcm_vector(kTestCase3);
}
TEST(GcmSpec_AppendixB, TestCase4_Aes128_PartialBlockAndAad) {
  expect_gcm_vector(kTestCase4);
}

TEST(GcmSpec_AppendixB, TestCase13_Aes256_EmptyPlaintext) {
  expect_gcm_vector({"0000000000000000000000000000000000000000000000000000000000000000",
                     "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"});
}
TEST(GcmSpec_AppendixB, TestCase14_Aes256_OneZeroBlock) {
  expect_gcm_vector({"0000000000000000000000000000000000000000000000000000000000000000",
                     "000000000000000000000000", "00000000000000000000000000000000", "",
                     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"});
}
TEST(GcmSpec_AppendixB, TestCase15_Aes256_FourBlocks) {
  expect_gcm_vector({kGcmKey256, kGcmIv, kGcmPlaintext64, "",
                     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
                     "b094dac5d93471bdec1a502270e3cc6c"});
}
TEST(GcmSpec_AppendixB, TestCase16_Aes256_PartialBlockAndAad) {
  expect_gcm_vector({kGcmKey256, kGcmIv, kGcmPlaintext60, kGcmAad,
                     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
                     "76fc6ece0f4e1768cddf8853bb2d551b"});
}

// SP 800-38D §7.2 step 11: a tag that does not verify yields FAIL and no plaintext.
TEST(GcmSpec_AppendixB, TestCase4_FlippedTagBitFailsAndZeroesOutput) {
  auto gcm = AesGcm::create(hex(kTestCase4.key));
  ASSERT_TRUE(gcm.has_value());
  const Bytes iv = hex(kTestCase4.iv), aad = hex(kTestCase4.aad);
  const Bytes ciphertext = hex(kTestCase4.ciphertext);
  Bytes tag = hex(kTestCase4.tag);
  tag[15] ^= 0x80;
  Bytes out(ciphertext.size(), 0xa5);
  auto result = gcm->open(iv, aad, ciphertext, tag, out);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Errc::integrity);
  EXPECT_EQ(out, Bytes(ciphertext.size(), 0));

  // The object stays usable: the right tag still opens.
  tag[15] ^= 0x80;
  ASSERT_TRUE(gcm->open(iv, aad, ciphertext, tag, out).has_value());
  EXPECT_EQ(out, hex(kTestCase4.plaintext));
}

TEST(GcmSpec_AppendixB, TestCase4_TamperedAadOrCiphertextFails) {
  auto gcm = AesGcm::create(hex(kTestCase4.key));
  ASSERT_TRUE(gcm.has_value());
  const Bytes iv = hex(kTestCase4.iv), tag = hex(kTestCase4.tag);
  Bytes aad = hex(kTestCase4.aad), ciphertext = hex(kTestCase4.ciphertext);
  Bytes out(ciphertext.size());
  aad[0] ^= 1;
  auto result = gcm->open(iv, aad, ciphertext, tag, out);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Errc::integrity);
  aad[0] ^= 1;
  ciphertext[59] ^= 1;
  result = gcm->open(iv, aad, ciphertext, tag, out);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Errc::integrity);
  EXPECT_EQ(out, Bytes(ciphertext.size(), 0));
}

// SRTP and DTLS encrypt and decrypt packets where they lie.
TEST(GcmSpec_AppendixB, TestCase16_InPlace) {
  auto gcm = AesGcm::create(hex(kGcmKey256));
  ASSERT_TRUE(gcm.has_value());
  const Bytes iv = hex(kGcmIv), aad = hex(kGcmAad);
  Bytes buffer = hex(kGcmPlaintext60);
  std::array<std::uint8_t, 16> tag{};
  ASSERT_TRUE(gcm->seal(iv, aad, buffer, buffer, tag).has_value());
  EXPECT_EQ(to_hex(buffer),
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
  EXPECT_EQ(to_hex(tag), "76fc6ece0f4e1768cddf8853bb2d551b");
  ASSERT_TRUE(gcm->open(iv, aad, buffer, tag, buffer).has_value());
  EXPECT_EQ(buffer, hex(kGcmPlaintext60));

  // A failed in-place open leaves zeros, not ciphertext and not plaintext.
  ASSERT_TRUE(gcm->seal(iv, aad, buffer, buffer, tag).has_value());
  tag[0] ^= 1;
  auto result = gcm->open(iv, aad, buffer, tag, buffer);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, Errc::integrity);
  EXPECT_EQ(buffer, Bytes(buffer.size(), 0));
}

// SP 800-38D §5.2.1.2: a shorter tag is the leftmost bits of the full tag.
TEST(GcmSpec_AppendixB, TestCase3_TruncatedTags) {
  auto gcm = AesGcm::create(hex(kTestCase3.key));
  ASSERT_TRUE(gcm.has_value());
  const Bytes iv = hex(kTestCase3.iv), plaintext = hex(kTestCase3.plaintext);
  Bytes ciphertext(plaintext.size());
  for (std::size_t size : {12u, 8u, 4u, 1u}) {
    Bytes tag(size);
    ASSERT_TRUE(gcm->seal(iv, {}, plaintext, ciphertext, tag).has_value()) << size;
    EXPECT_EQ(to_hex(tag), kTestCase3.tag.substr(0, 2 * size));
    Bytes opened(ciphertext.size());
    EXPECT_TRUE(gcm->open(iv, {}, ciphertext, tag, opened).has_value()) << size;
    EXPECT_EQ(opened, plaintext);
    tag[0] ^= 1;
    EXPECT_FALSE(gcm->open(iv, {}, ciphertext, tag, opened).has_value()) << size;
  }
}

// Test cases 5 and 6 use an 8-byte and a 60-byte IV (GHASHed into J0, SP 800-38D §7.1 step 2);
// switching IV lengths on one object must work in both directions.
TEST(GcmSpec_AppendixB, TestCase5And6_NonDefaultIvLengths) {
  auto gcm = AesGcm::create(hex(kGcmKey128));
  ASSERT_TRUE(gcm.has_value());
  const Bytes plaintext = hex(kGcmPlaintext60), aad = hex(kGcmAad);
  struct {
    std::string_view iv, ciphertext, tag;
  } cases[] = {
      {"cafebabefacedbad",
       "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423"
       "73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
       "3612d2e79e3b0785561be14aaca2fccb"},
      {"9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
       "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
       "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7"
       "01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
       "619cc5aefffe0bfa462af43c1699d050"},
      {kGcmIv,
       "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
       "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
       "5bc94fbc3221a5db94fae95ae7121a47"},
  };
  for (int round = 0; round < 2; ++round) {
    for (const auto& c : cases) {
      Bytes ciphertext(plaintext.size());
      std::array<std::uint8_t, 16> tag{};
      ASSERT_TRUE(gcm->seal(hex(c.iv), aad, plaintext, ciphertext, tag).has_value());
      EXPECT_EQ(to_hex(ciphertext), c.ciphertext) << c.iv;
      EXPECT_EQ(to_hex(tag), c.tag) << c.iv;
      Bytes opened(ciphertext.size());
      ASSERT_TRUE(gcm->open(hex(c.iv), aad, ciphertext, tag, opened).has_value()) << c.iv;
      EXPECT_EQ(opened, plaintext);
    }
  }
}

TEST(AesGcm, RejectsBadArguments) {
  EXPECT_EQ(AesGcm::create(Bytes(15)).error().code, Errc::invalid_argument);
  auto gcm = AesGcm::create(Bytes(16));
  ASSERT_TRUE(gcm.has_value());
  Bytes in(10), out(10), short_out(9), tag(16), no_tag, long_tag(17);
  const Bytes nonce(12);
  EXPECT_EQ(gcm->seal({}, {}, in, out, tag).error().code, Errc::invalid_argument);
  EXPECT_EQ(gcm->seal(nonce, {}, in, short_out, tag).error().code, Errc::invalid_argument);
  EXPECT_EQ(gcm->seal(nonce, {}, in, out, no_tag).error().code, Errc::invalid_argument);
  EXPECT_EQ(gcm->seal(nonce, {}, in, out, long_tag).error().code, Errc::invalid_argument);
  EXPECT_EQ(gcm->open(nonce, {}, in, no_tag, out).error().code, Errc::invalid_argument);
  EXPECT_EQ(gcm->open(nonce, {}, in, tag, short_out).error().code, Errc::invalid_argument);
}

TEST(AesGcm, MoveKeepsKey) {
  auto created = AesGcm::create(hex(kTestCase3.key));
  ASSERT_TRUE(created.has_value());
  AesGcm gcm = std::move(*created);
  const Bytes plaintext = hex(kTestCase3.plaintext);
  Bytes ciphertext(plaintext.size());
  std::array<std::uint8_t, 16> tag{};
  ASSERT_TRUE(gcm.seal(hex(kTestCase3.iv), {}, plaintext, ciphertext, tag).has_value());
  EXPECT_EQ(to_hex(tag), kTestCase3.tag);
}

}  // namespace
}  // namespace rtc::crypto
