// OpenSSL provider: provider_name(), digest() and Hash, on the low-level digest functions
// (digests.hpp explains why not EVP_MD). MD5 is RFC 1321; the SHAs are NIST FIPS 180-4.
#define OPENSSL_SUPPRESS_DEPRECATED  // MD5_*/SHA*_ are deprecated in 3.0; see digests.hpp
#include "digests.hpp"

#include <openssl/crypto.h>

#include "rtc/common/crypto.hpp"

namespace rtc::crypto {

std::string provider_name() {
  // The library we run against ("3.0.13"), not the headers we were compiled with.
  return std::string("OpenSSL ") + OpenSSL_version(OPENSSL_VERSION_STRING);
}

Bytes digest(HashAlgorithm algorithm, BytesView data) {
  const ossl::DigestOps& ops = ossl::digest_ops(algorithm);
  ossl::DigestState state;
  ops.init(state);
  ops.update(state, data.data(), data.size());
  Bytes out(digest_size(algorithm));
  ops.final(state, out.data());
  return out;
}

// The state is a plain struct, so copying a Hash copies it by assignment and the copy
// continues independently (the TLS transcript hash needs this).
struct Hash::Impl {
  const ossl::DigestOps* ops;
  ossl::DigestState state;
};

Hash::Hash(HashAlgorithm algorithm) : algorithm_(algorithm), impl_(std::make_unique<Impl>()) {
  impl_->ops = &ossl::digest_ops(algorithm);
  impl_->ops->init(impl_->state);
}

Hash::Hash(const Hash& other)
    : algorithm_(other.algorithm_),
      impl_(other.impl_ ? std::make_unique<Impl>(*other.impl_) : nullptr) {}

Hash& Hash::operator=(const Hash& other) {
  if (this == &other) return *this;
  if (!other.impl_) {
    impl_.reset();
  } else if (impl_) {
    *impl_ = *other.impl_;
  } else {
    impl_ = std::make_unique<Impl>(*other.impl_);
  }
  algorithm_ = other.algorithm_;
  return *this;
}

Hash::Hash(Hash&&) noexcept = default;
Hash& Hash::operator=(Hash&&) noexcept = default;
Hash::~Hash() = default;

void Hash::update(BytesView data) {
  impl_->ops->update(impl_->state, data.data(), data.size());
}

Bytes Hash::current() const {
  // Finishing pads and consumes the state (FIPS 180-4 §5.1): finish a copy, keep ours.
  ossl::DigestState snapshot = impl_->state;
  Bytes out(digest_size(algorithm_));
  impl_->ops->final(snapshot, out.data());
  return out;
}

}  // namespace rtc::crypto
