// The OpenSSL provider's hash functions: the "low-level" MD5_* / SHA*_ functions, chosen per
// HashAlgorithm through a small table of function pointers.
//
// Why not EVP_MD? OpenSSL 3.0 deprecates these functions in favour of EVP, but they run the same
// assembly (SHA-NI, AVX2) and their state is a plain struct that can be copied by assignment.
// With EVP, every copy of a running hash (EVP_MD_CTX_copy_ex) frees and re-allocates the
// provider's context and every call goes through provider dispatch: an HMAC-SHA1 over a
// 100-byte STUN message costs about 1.6x as much that way (hmac.cpp has the measurements).
// The trade-off: these calls bypass the provider layer, so a FIPS-provider-only build of
// OpenSSL would not route them through the FIPS module.
//
// Include this header before any other OpenSSL header, in a file that first defines
// OPENSSL_SUPPRESS_DEPRECATED (which drops the deprecation attributes from the declarations).
#pragma once

#ifndef OPENSSL_SUPPRESS_DEPRECATED
#error "define OPENSSL_SUPPRESS_DEPRECATED before including any OpenSSL header"
#endif

#include <openssl/md5.h>
#include <openssl/sha.h>

#include <cstddef>
#include <cstdint>

#include "rtc/common/crypto.hpp"

namespace rtc::crypto::ossl {

// The running state of any of our hash functions. SHA-384 is SHA-512 with other initial values
// and a truncated output (FIPS 180-4 §5.3.4, §6.5), so it uses SHA512_CTX.
union DigestState {
  MD5_CTX md5;
  SHA_CTX sha1;
  SHA256_CTX sha256;
  SHA512_CTX sha512;
};

struct DigestOps {
  void (*init)(DigestState&);
  void (*update)(DigestState&, const std::uint8_t* data, std::size_t size);
  void (*final)(DigestState&, std::uint8_t* out);  // writes digest_size() bytes
};

// The functions return 1 and cannot fail on a valid state, so the results are not checked.
// init assigns the member first: that makes it the union's active member ([class.union]/6).
inline constexpr DigestOps kMd5Ops{
    [](DigestState& s) {
      s.md5 = MD5_CTX{};
      MD5_Init(&s.md5);
    },
    [](DigestState& s, const std::uint8_t* d, std::size_t n) { MD5_Update(&s.md5, d, n); },
    [](DigestState& s, std::uint8_t* out) { MD5_Final(out, &s.md5); }};
inline constexpr DigestOps kSha1Ops{
    [](DigestState& s) {
      s.sha1 = SHA_CTX{};
      SHA1_Init(&s.sha1);
    },
    [](DigestState& s, const std::uint8_t* d, std::size_t n) { SHA1_Update(&s.sha1, d, n); },
    [](DigestState& s, std::uint8_t* out) { SHA1_Final(out, &s.sha1); }};
inline constexpr DigestOps kSha256Ops{
    [](DigestState& s) {
      s.sha256 = SHA256_CTX{};
      SHA256_Init(&s.sha256);
    },
    [](DigestState& s, const std::uint8_t* d, std::size_t n) { SHA256_Update(&s.sha256, d, n); },
    [](DigestState& s, std::uint8_t* out) { SHA256_Final(out, &s.sha256); }};
inline constexpr DigestOps kSha384Ops{
    [](DigestState& s) {
      s.sha512 = SHA512_CTX{};
      SHA384_Init(&s.sha512);
    },
    [](DigestState& s, const std::uint8_t* d, std::size_t n) { SHA384_Update(&s.sha512, d, n); },
    [](DigestState& s, std::uint8_t* out) { SHA384_Final(out, &s.sha512); }};
inline constexpr DigestOps kSha512Ops{
    [](DigestState& s) {
      s.sha512 = SHA512_CTX{};
      SHA512_Init(&s.sha512);
    },
    [](DigestState& s, const std::uint8_t* d, std::size_t n) { SHA512_Update(&s.sha512, d, n); },
    [](DigestState& s, std::uint8_t* out) { SHA512_Final(out, &s.sha512); }};

inline const DigestOps& digest_ops(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::md5:
      return kMd5Ops;
    case HashAlgorithm::sha1:
      return kSha1Ops;
    case HashAlgorithm::sha256:
      return kSha256Ops;
    case HashAlgorithm::sha384:
      return kSha384Ops;
    case HashAlgorithm::sha512:
      return kSha512Ops;
  }
  return kSha256Ops;  // unreachable for a valid enumerator
}

}  // namespace rtc::crypto::ossl
