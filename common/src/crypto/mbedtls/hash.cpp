// mbedTLS provider: provider_name(), digest() and Hash, all through the generic message-digest
// layer mbedtls_md_* (md.h), which dispatches to md5.c / sha1.c / sha256.c / sha512.c.
//
// The algorithms: MD5 is RFC 1321; SHA-1, SHA-256, SHA-384 and SHA-512 are NIST FIPS 180-4.
#include <mbedtls/version.h>

#include "rtc/common/crypto.hpp"
#include "support.hpp"

namespace rtc::crypto {

std::string provider_name() {
  // The version of the library we are running against, which may be newer than the headers.
  char version[18] = {};
  mbedtls_version_get_string(version);
  return std::string("mbedtls ") + version;
}

Bytes digest(HashAlgorithm algorithm, BytesView data) {
  Bytes out(digest_size(algorithm));
  // mbedtls_md() is init + starts + update + finish on a context on the stack.
  mbed::must(mbedtls_md(mbed::md_info(algorithm), data.data(), data.size(), out.data()),
             "mbedtls_md");
  return out;
}

// A Hash is one running mbedtls_md context. Copying it clones the context (mbedtls_md_clone
// copies the chaining variables, the byte count and the buffered partial block), so the copy
// and the original continue independently: exactly what a TLS transcript hash needs.
struct Hash::Impl {
  explicit Impl(HashAlgorithm algorithm) : ctx(mbed::md_info(algorithm)) {}
  mbed::MdContext ctx;
};

Hash::Hash(HashAlgorithm algorithm)
    : algorithm_(algorithm), impl_(std::make_unique<Impl>(algorithm)) {
  mbed::must(mbedtls_md_starts(impl_->ctx.get()), "mbedtls_md_starts");
}

Hash::Hash(const Hash& other) : algorithm_(other.algorithm_) {
  if (!other.impl_) return;  // copying a moved-from Hash gives another moved-from Hash
  impl_ = std::make_unique<Impl>(algorithm_);
  impl_->ctx.copy_from(other.impl_->ctx);
}

Hash& Hash::operator=(const Hash& other) {
  if (this == &other) return *this;
  if (!other.impl_) {
    impl_.reset();
  } else if (impl_ && algorithm_ == other.algorithm_) {
    impl_->ctx.copy_from(other.impl_->ctx);  // reuse our context: no allocation
  } else {
    auto fresh = std::make_unique<Impl>(other.algorithm_);
    fresh->ctx.copy_from(other.impl_->ctx);
    impl_ = std::move(fresh);
  }
  algorithm_ = other.algorithm_;
  return *this;
}

Hash::Hash(Hash&&) noexcept = default;
Hash& Hash::operator=(Hash&&) noexcept = default;
Hash::~Hash() = default;

void Hash::update(BytesView data) {
  mbed::must(mbedtls_md_update(impl_->ctx.get(), data.data(), data.size()), "mbedtls_md_update");
}

Bytes Hash::current() const {
  // Finishing a hash pads and consumes the state (FIPS 180-4 §5.1), so finish a clone and
  // leave ours able to absorb more.
  mbed::MdContext snapshot(mbed::md_info(algorithm_));
  snapshot.copy_from(impl_->ctx);
  Bytes out(digest_size(algorithm_));
  mbed::must(mbedtls_md_finish(snapshot.get(), out.data()), "mbedtls_md_finish");
  return out;
}

}  // namespace rtc::crypto
