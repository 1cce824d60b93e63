// Short-term and long-term credentials (RFC 8489 §9), OpaqueString for ASCII (RFC 8265 §4.2),
// and the client's handling of 401/438 challenges with the nonce cookie (§9.2.5).
#include "rtc/stun/credentials.hpp"

#include <algorithm>

#include "rtc/common/encoding.hpp"
#include "rtc/stun/integrity.hpp"

namespace rtc::stun {

Result<std::string> opaque_string(std::string_view input) {
  // RFC 8265 §4.2.1-§4.2.2 on ASCII input: width mapping, the mapping of non-ASCII spaces and
  // NFC normalization change nothing, there is no case mapping, so what remains is the
  // FreeformClass check of RFC 8264 §4.3: printable ASCII (0x21-0x7E) and space are allowed,
  // control characters are not; and the result may not be empty.
  if (input.empty()) {
    return fail(Errc::invalid_argument, "an OpaqueString may not be empty (RFC 8265 §4.2)");
  }
  for (std::size_t i = 0; i < input.size(); ++i) {
    auto c = static_cast<unsigned char>(input[i]);
    if (c >= 0x80) {
      return fail_at(Errc::unsupported,
                     "OpaqueString preparation of non-ASCII text (RFC 8265 §4.2: width mapping, "
                     "NFC, the PRECIS FreeformClass) is not implemented; pass a string that is "
                     "already prepared",
                     i);
    }
    if (c < 0x20 || c == 0x7F) {
      return fail_at(Errc::invalid_argument,
                     "control characters are not allowed in an OpaqueString (RFC 8264 §9.12)", i);
    }
  }
  return std::string(input);
}

IntegrityKeys::IntegrityKeys(BytesView key)
    : key_(key.begin(), key.end()),
      sha1_(crypto::HashAlgorithm::sha1, key),
      sha256_(crypto::HashAlgorithm::sha256, key) {}

Result<IntegrityKeys> IntegrityKeys::short_term(std::string_view password) {
  auto prepared = opaque_string(password);
  if (!prepared) return std::unexpected(prepared.error());
  return IntegrityKeys(as_bytes(*prepared));
}

namespace {

// REALM arrives prepared (§14.9); OpaqueString of a prepared string is the string itself, so a
// realm we cannot prepare ourselves (non-ASCII) is used as received.
Result<std::string> prepare_realm(std::string_view realm) {
  auto prepared = opaque_string(realm);
  if (prepared) return prepared;
  if (prepared.error().code == Errc::unsupported && is_valid_utf8(realm)) {
    return std::string(realm);
  }
  return std::unexpected(prepared.error());
}

}  // namespace

IntegrityKeys IntegrityKeys::long_term_prepared(std::string_view username, std::string_view realm,
                                                std::string_view password,
                                                PasswordAlgorithm algorithm) {
  std::string input;
  input.reserve(username.size() + realm.size() + password.size() + 2);
  input.append(username).append(":").append(realm).append(":").append(password);
  auto hash = algorithm == PasswordAlgorithm::sha256 ? crypto::HashAlgorithm::sha256
                                                     : crypto::HashAlgorithm::md5;
  return IntegrityKeys(crypto::digest(hash, as_bytes(input)));
}

Result<IntegrityKeys> IntegrityKeys::long_term(std::string_view username, std::string_view realm,
                                               std::string_view password,
                                               PasswordAlgorithm algorithm) {
  auto r = prepare_realm(realm);
  if (!r) return std::unexpected(r.error());
  auto p = opaque_string(password);
  if (!p) return std::unexpected(p.error());
  return long_term_prepared(username, *r, *p, algorithm);
}

void sign(MessageBuilder& builder, IntegrityKeys& keys, IntegrityMode mode) {
  // §14.5, §14.6: MESSAGE-INTEGRITY first, then MESSAGE-INTEGRITY-SHA256.
  if (mode != IntegrityMode::sha256) builder.add_message_integrity(keys.sha1());
  if (mode != IntegrityMode::sha1) builder.add_message_integrity_sha256(keys.sha256());
}

Result<IntegrityMode> verify_integrity(const MessageView& message, IntegrityKeys& keys) {
  if (message.message_integrity_sha256()) {
    auto ok = verify_message_integrity_sha256(message, keys.sha256());
    if (!ok) return std::unexpected(ok.error());
    return IntegrityMode::sha256;
  }
  if (message.message_integrity()) {
    auto ok = verify_message_integrity(message, keys.sha1());
    if (!ok) return std::unexpected(ok.error());
    return IntegrityMode::sha1;
  }
  return fail(Errc::malformed,
              "the message carries neither MESSAGE-INTEGRITY nor MESSAGE-INTEGRITY-SHA256 "
              "(RFC 8489 §9)");
}

std::array<std::uint8_t, 32> userhash_prepared(std::string_view username, std::string_view realm) {
  std::string input;
  input.append(username).append(":").append(realm);
  auto digest = crypto::digest(crypto::HashAlgorithm::sha256, as_bytes(input));
  std::array<std::uint8_t, 32> out{};
  std::copy_n(digest.begin(), std::min<std::size_t>(digest.size(), 32), out.begin());
  return out;
}

Result<std::array<std::uint8_t, 32>> userhash(std::string_view username, std::string_view realm) {
  auto u = opaque_string(username);
  if (!u) return std::unexpected(u.error());
  auto r = prepare_realm(realm);
  if (!r) return std::unexpected(r.error());
  return userhash_prepared(*u, *r);
}

std::optional<SecurityFeatures> parse_nonce_cookie(std::string_view nonce) {
  // §9.2: "obMatJos2" followed by the base64 encoding of the 24-bit feature set (4 characters).
  if (nonce.size() < kNonceCookie.size() + 4 || !nonce.starts_with(kNonceCookie)) {
    return std::nullopt;
  }
  auto bits = from_base64(nonce.substr(kNonceCookie.size(), 4));
  if (!bits || bits->size() != 3) return std::nullopt;
  SecurityFeatures f;
  f.bits = (std::uint32_t{(*bits)[0]} << 16) | (std::uint32_t{(*bits)[1]} << 8) | (*bits)[2];
  f.password_algorithms = (f.bits & 0x000001) != 0;  // bit 0 (erratum 6290)
  f.username_anonymity = (f.bits & 0x000002) != 0;   // bit 1
  return f;
}

std::string make_nonce_cookie(const SecurityFeatures& features) {
  std::uint32_t bits = features.bits & 0xFFFFFC;
  if (features.password_algorithms) bits |= 0x000001;
  if (features.username_anonymity) bits |= 0x000002;
  const std::uint8_t raw[3] = {static_cast<std::uint8_t>(bits >> 16),
                               static_cast<std::uint8_t>(bits >> 8),
                               static_cast<std::uint8_t>(bits)};
  return std::string(kNonceCookie) + to_base64(raw);
}

Result<ShortTermCredentials> ShortTermCredentials::create(std::string username,
                                                          std::string_view password) {
  auto keys = IntegrityKeys::short_term(password);
  if (!keys) return std::unexpected(keys.error());
  return ShortTermCredentials{std::move(username),
                              std::make_shared<IntegrityKeys>(std::move(*keys))};
}

LongTermClientAuth::LongTermClientAuth(std::string username, std::string prepared_password,
                                       LongTermOptions o)
    : username_(std::move(username)),
      password_(std::move(prepared_password)),
      options_(std::move(o)) {}

Result<LongTermClientAuth> LongTermClientAuth::create(std::string username,
                                                      std::string_view password,
                                                      LongTermOptions options) {
  auto prepared = opaque_string(password);
  if (!prepared) return std::unexpected(prepared.error());
  return LongTermClientAuth(std::move(username), std::move(*prepared), std::move(options));
}

LongTermClientAuth LongTermClientAuth::create_prepared(std::string username,
                                                       std::string prepared_password,
                                                       LongTermOptions options) {
  return LongTermClientAuth(std::move(username), std::move(prepared_password), std::move(options));
}

Result<void> LongTermClientAuth::handle_challenge(const MessageView& response) {
  if (!response.is_error_response()) {
    return fail(Errc::invalid_argument, "a challenge is an error response (401 or 438)");
  }
  auto code = response.error_code();
  if (!code) return std::unexpected(code.error());
  if (code->code != error::kUnauthenticated && code->code != error::kStaleNonce) {
    return fail(Errc::invalid_argument,
                "error " + std::to_string(code->code) + " is not a 401 or 438 challenge");
  }
  const bool stale = code->code == error::kStaleNonce;
  if (++challenges_ > options_.max_challenges) {
    return fail(Errc::state, std::to_string(challenges_ - 1) +
                                 " challenges in a row without a success; giving up");
  }
  auto nonce = response.nonce();
  if (!nonce) {
    return fail(Errc::malformed, std::string(stale ? "438" : "401") +
                                     " without NONCE: cannot retry (RFC 8489 §9.2.5)");
  }
  auto realm = response.realm();
  if (!realm && !(stale && ready())) {
    return fail(Errc::malformed, "401 without REALM: cannot retry (RFC 8489 §9.2.5)");
  }
  std::string new_realm = realm ? std::string(*realm) : realm_;
  if (ready() && *nonce == nonce_) {
    // We already sent credentials with this nonce and they were refused.
    if (!stale && new_realm == realm_) {
      return fail(Errc::integrity, "the server answered 401 again to our credentials for realm \"" +
                                       realm_ + "\": wrong username or password (RFC 8489 §9.2.5)");
    }
    if (stale) {
      return fail(Errc::state, "438 Stale Nonce without a fresh NONCE (RFC 8489 §9.2.5)");
    }
  }

  // §9.2.5: the nonce cookie says which security features the server uses.
  auto features = parse_nonce_cookie(*nonce);
  PasswordAlgorithm algorithm = PasswordAlgorithm::md5;
  bool negotiated = false;
  Bytes server_algorithms;
  if (features && features->password_algorithms) {
    auto attribute = response.find(AttributeType::password_algorithms);
    if (!attribute) {
      // A man in the middle may have stripped the list to force MD5 (bid-down, §9.2.5).
      return fail(Errc::integrity,
                  "the nonce cookie announces password algorithms but the response has no "
                  "PASSWORD-ALGORITHMS: not retrying (RFC 8489 §9.2.5)");
    }
    auto offered = decode_password_algorithms(attribute->value);
    if (!offered) return std::unexpected(offered.error());
    bool found = false;
    for (const auto& entry : *offered) {
      for (auto mine : options_.supported) {
        if (entry.algorithm == static_cast<std::uint16_t>(mine) && entry.parameters.empty()) {
          algorithm = mine;
          found = true;
          break;
        }
      }
      if (found) break;
    }
    if (!found) {
      return fail(Errc::unsupported,
                  "none of the server's PASSWORD-ALGORITHMS is supported here (RFC 8489 §9.2.5)");
    }
    negotiated = true;
    server_algorithms.assign(attribute->value.begin(), attribute->value.end());
  } else if (std::find(options_.supported.begin(), options_.supported.end(),
                       PasswordAlgorithm::md5) == options_.supported.end()) {
    return fail(Errc::unsupported,
                "the server uses MD5 keys (no password-algorithm negotiation) and MD5 is "
                "disabled in LongTermOptions::supported");
  }

  if (!keys_ || new_realm != realm_ || algorithm != algorithm_) {
    auto r = prepare_realm(new_realm);
    if (!r) return std::unexpected(r.error());
    keys_ = std::make_shared<IntegrityKeys>(
        IntegrityKeys::long_term_prepared(username_, *r, password_, algorithm));
  }
  userhash_.clear();
  if (options_.use_userhash && features && features->username_anonymity) {
    auto hash = userhash(username_, new_realm);
    auto bytes = hash ? *hash : userhash_prepared(username_, new_realm);
    userhash_.assign(bytes.begin(), bytes.end());
  }
  realm_ = std::move(new_realm);
  nonce_ = std::string(*nonce);
  algorithm_ = algorithm;
  negotiated_ = negotiated;
  server_algorithms_ = std::move(server_algorithms);
  features_ = features;
  return {};
}

void LongTermClientAuth::add_attributes(MessageBuilder& builder) const {
  if (!ready()) return;  // §9.2.3.1: the first request goes out without credentials
  if (!userhash_.empty()) {
    builder.add_userhash(userhash_);
  } else {
    builder.add_username(username_);
  }
  builder.add_realm(realm_);
  builder.add_nonce(nonce_);
  if (negotiated_) {
    // §9.2.3.2: echo the server's list verbatim (it is covered by the HMAC, which is what
    // defeats a bid-down) and name the chosen algorithm.
    builder.add(AttributeType::password_algorithms, server_algorithms_);
    builder.add_password_algorithm(algorithm_);
  }
}

IntegrityMode LongTermClientAuth::integrity_mode() const {
  if (options_.integrity) return *options_.integrity;
  return algorithm_ == PasswordAlgorithm::sha256 ? IntegrityMode::sha256 : IntegrityMode::sha1;
}

void LongTermClientAuth::sign(MessageBuilder& builder) {
  if (!ready()) return;
  stun::sign(builder, *keys_, integrity_mode());
}

Result<void> LongTermClientAuth::verify_response(const MessageView& response) {
  if (!ready()) return fail(Errc::state, "no credentials yet: nothing to verify with");
  auto ok = verify_integrity(response, *keys_);
  if (!ok) return std::unexpected(ok.error());
  challenges_ = 0;
  return {};
}

}  // namespace rtc::stun
