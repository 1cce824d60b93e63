// SDP certificate fingerprints (RFC 8122 §5).
#include "rtc/dtls/fingerprint.hpp"

#include <algorithm>
#include <cctype>

#include "rtc/common/encoding.hpp"

namespace rtc::dtls {

Result<Fingerprint> Fingerprint::parse(std::string_view text) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    return fail(Errc::malformed, "fingerprint must be 'HASH XX:XX:...'");
  }
  std::string name(text.substr(0, space));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  Fingerprint fp;
  if (name == "sha-1") {
    fp.algorithm = crypto::HashAlgorithm::sha1;
  } else if (name == "sha-256") {
    fp.algorithm = crypto::HashAlgorithm::sha256;
  } else if (name == "sha-384") {
    fp.algorithm = crypto::HashAlgorithm::sha384;
  } else if (name == "sha-512") {
    fp.algorithm = crypto::HashAlgorithm::sha512;
  } else {
    return fail(Errc::unsupported, "fingerprint hash '" + name + "' is not supported");
  }
  std::string_view hex = text.substr(space + 1);
  while (!hex.empty() && hex.front() == ' ') hex.remove_prefix(1);
  auto value = from_hex(hex);
  if (!value) return fail(Errc::malformed, "fingerprint value: " + value.error().message);
  if (value->size() != crypto::digest_size(fp.algorithm)) {
    return fail(Errc::malformed, "fingerprint has the wrong length for " + name);
  }
  fp.value = std::move(*value);
  return fp;
}

std::string Fingerprint::to_string() const {
  return std::string(crypto::to_string(algorithm)) + " " + to_hex_colon(value);
}

bool Fingerprint::matches(BytesView certificate_der) const {
  const Bytes actual = crypto::digest(algorithm, certificate_der);
  return actual.size() == value.size() && crypto::constant_time_equal(actual, value);
}

}  // namespace rtc::dtls
