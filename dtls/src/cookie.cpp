// Stateless HelloVerifyRequest cookies (RFC 6347 §4.2.1).
#include "rtc/dtls/cookie.hpp"

namespace rtc::dtls {

CookieGenerator::CookieGenerator(BytesView secret) : secret_(secret.begin(), secret.end()) {}

Bytes CookieGenerator::make(BytesView peer_identity, const ClientHello& hello) const {
  ByteWriter w(128);
  w.u16(static_cast<std::uint16_t>(peer_identity.size()));
  w.bytes(peer_identity);
  w.u16(hello.client_version);
  w.bytes(hello.random);
  w.u8(static_cast<std::uint8_t>(hello.session_id.size()));
  w.bytes(hello.session_id);
  w.u16(static_cast<std::uint16_t>(hello.cipher_suites.size()));
  for (auto s : hello.cipher_suites) w.u16(s);
  w.u8(static_cast<std::uint8_t>(hello.compression_methods.size()));
  w.bytes(hello.compression_methods);
  Bytes mac = crypto::hmac(crypto::HashAlgorithm::sha256, secret_, w.view());
  mac.resize(kCookieSize);  // 128 bits is plenty against guessing within a secret's lifetime
  return mac;
}

bool CookieGenerator::verify(BytesView peer_identity, const ClientHello& hello) const {
  const Bytes expected = make(peer_identity, hello);
  return hello.cookie.size() == expected.size() &&
         crypto::constant_time_equal(expected, hello.cookie);
}

}  // namespace rtc::dtls
