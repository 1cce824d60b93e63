// mbedTLS provider: HMAC (RFC 2104) with the key's pad states computed once.
//
// RFC 2104 §2 defines, for a hash H with block size B and a key K zero-padded to B bytes,
//
//     HMAC(K, text) = H( (K xor opad) || H( (K xor ipad) || text ) )
//     ipad = 0x36 repeated B times, opad = 0x5c repeated B times.
//
// The first block each hash absorbs depends only on the key, so §4 ("Implementation Note")
// suggests hashing it once and storing the two intermediate states. A STUN agent signs and
// checks many short messages with one key (RFC 8489 §14.5 MESSAGE-INTEGRITY), SRTP does the same
// per packet (RFC 3711 §4.2), and for a 100-byte message this halves the number of compression
// function calls: 2 per message instead of 4.
//
// mbedtls_md_hmac_starts() would redo the key block on every message, so instead we keep two
// plain (non-HMAC) mbedtls_md contexts that have absorbed K xor ipad and K xor opad, and clone
// them into a scratch context per message. Cloning copies a few hundred bytes and allocates
// nothing, because the scratch context was set up once, with the others, in the constructor.
#include <mbedtls/platform_util.h>

#include <algorithm>
#include <array>

#include "rtc/common/crypto.hpp"
#include "support.hpp"

namespace rtc::crypto {

struct HmacKey::Impl {
  explicit Impl(const mbedtls_md_info_t* info) : inner(info), outer(info), work(info) {}
  mbed::MdContext inner;  // H's state after absorbing (K xor ipad)
  mbed::MdContext outer;  // H's state after absorbing (K xor opad)
  mbed::MdContext work;   // scratch for one sign(): a clone of inner, then of outer
};

HmacKey::HmacKey(HashAlgorithm algorithm, BytesView key)
    : algorithm_(algorithm), impl_(std::make_unique<Impl>(mbed::md_info(algorithm))) {
  const std::size_t block = detail::block_size(algorithm);

  // RFC 2104 §2: a key longer than B bytes is first hashed, "resulting in an L byte string";
  // a shorter one is appended with zeros to B bytes.
  std::array<std::uint8_t, detail::kMaxBlockSize> padded_key{};
  if (key.size() > block) {
    mbed::must(mbedtls_md(mbed::md_info(algorithm), key.data(), key.size(), padded_key.data()),
               "mbedtls_md");
  } else {
    std::copy(key.begin(), key.end(), padded_key.begin());
  }

  std::array<std::uint8_t, detail::kMaxBlockSize> pad;
  for (std::size_t i = 0; i < block; ++i) pad[i] = padded_key[i] ^ 0x36;  // ipad
  mbed::must(mbedtls_md_starts(impl_->inner.get()), "mbedtls_md_starts");
  mbed::must(mbedtls_md_update(impl_->inner.get(), pad.data(), block), "mbedtls_md_update");

  for (std::size_t i = 0; i < block; ++i) pad[i] = padded_key[i] ^ 0x5c;  // opad
  mbed::must(mbedtls_md_starts(impl_->outer.get()), "mbedtls_md_starts");
  mbed::must(mbedtls_md_update(impl_->outer.get(), pad.data(), block), "mbedtls_md_update");

  // The key and the pads are secrets; do not leave copies on the stack.
  mbedtls_platform_zeroize(padded_key.data(), padded_key.size());
  mbedtls_platform_zeroize(pad.data(), pad.size());
}

HmacKey::HmacKey(const HmacKey& other) : algorithm_(other.algorithm_) {
  if (!other.impl_) return;
  impl_ = std::make_unique<Impl>(mbed::md_info(algorithm_));
  impl_->inner.copy_from(other.impl_->inner);
  impl_->outer.copy_from(other.impl_->outer);
}

HmacKey& HmacKey::operator=(const HmacKey& other) {
  if (this != &other) {
    HmacKey copy(other);
    *this = std::move(copy);
  }
  return *this;
}

HmacKey::HmacKey(HmacKey&&) noexcept = default;
HmacKey& HmacKey::operator=(HmacKey&&) noexcept = default;
HmacKey::~HmacKey() = default;  // mbedtls_md_free zeroizes each context's state

void HmacKey::sign(std::span<const BytesView> parts, MutableBytesView out) {
  const std::size_t length = size();
  detail::expects(out.size() >= length, "HmacKey::sign: out is smaller than the MAC");
  mbedtls_md_context_t* work = impl_->work.get();

  // Inner hash: H((K xor ipad) || text), where text is the concatenation of parts.
  std::array<std::uint8_t, detail::kMaxDigestSize> inner_digest;
  impl_->work.copy_from(impl_->inner);
  for (BytesView part : parts) {
    mbed::must(mbedtls_md_update(work, part.data(), part.size()), "mbedtls_md_update");
  }
  mbed::must(mbedtls_md_finish(work, inner_digest.data()), "mbedtls_md_finish");

  // Outer hash: H((K xor opad) || inner digest).
  impl_->work.copy_from(impl_->outer);
  mbed::must(mbedtls_md_update(work, inner_digest.data(), length), "mbedtls_md_update");
  mbed::must(mbedtls_md_finish(work, out.data()), "mbedtls_md_finish");
}

}  // namespace rtc::crypto
