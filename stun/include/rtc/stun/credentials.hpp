// Credentials: where the MESSAGE-INTEGRITY keys come from (RFC 8489 §9).
//
// Short-term (§9.1), what ICE uses (RFC 8445 §7.2.2): each agent's ice-pwd from the SDP is the
// key, and USERNAME is "remote-ufrag:local-ufrag".
//     key = OpaqueString(password)
//
// Long-term (§9.2), what TURN uses (RFC 8656 §5): a username and password provisioned in advance,
// and a REALM and NONCE the server hands out in a 401 (Unauthenticated) challenge.
//     key = MD5(username ":" OpaqueString(realm) ":" OpaqueString(password))      (§18.5.1.1)
//     key = SHA-256(username ":" OpaqueString(realm) ":" OpaqueString(password))  (§18.5.1.2)
//
// RFC 8489 §9.2 adds two security features, announced by a "nonce cookie" at the start of the
// NONCE: password-algorithm negotiation (protected against bid-down: the server's list is echoed
// back under the HMAC) and username anonymity (USERHASH instead of USERNAME).
//
// OpaqueString is the PRECIS profile of RFC 8265 §4.2. This module implements it for ASCII
// strings (where it reduces to "printable ASCII and space, not empty") and refuses other input
// with Errc::unsupported rather than guessing at Unicode normalization; the *_prepared variants
// take strings that were prepared elsewhere (RFC 5769 §2.4 gives its password both ways).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/error.hpp"
#include "rtc/stun/attributes.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::stun {

// RFC 8265 §4.2 OpaqueString for ASCII input: printable characters and space pass unchanged;
// control characters and the empty string are refused (Errc::invalid_argument); anything
// outside ASCII is Errc::unsupported.
Result<std::string> opaque_string(std::string_view input);

// The two HMAC keys of one credential, expanded once (crypto::HmacKey keeps the inner and outer
// pad states), so signing and verifying a message never re-derive anything.
class IntegrityKeys {
 public:
  explicit IntegrityKeys(BytesView key);

  // §9.1.1: key = OpaqueString(password).
  static Result<IntegrityKeys> short_term(std::string_view password);
  // §9.2.2 / §18.5.1: key = MD5 or SHA-256 of username ":" OpaqueString(realm) ":"
  // OpaqueString(password). A realm we cannot prepare (non-ASCII) is used as received: REALM is
  // sent already prepared (§14.9) and OpaqueString leaves a prepared string unchanged.
  static Result<IntegrityKeys> long_term(std::string_view username, std::string_view realm,
                                         std::string_view password,
                                         PasswordAlgorithm algorithm = PasswordAlgorithm::md5);
  // The same with every input already prepared (no OpaqueString applied).
  static IntegrityKeys long_term_prepared(std::string_view username, std::string_view realm,
                                          std::string_view password,
                                          PasswordAlgorithm algorithm = PasswordAlgorithm::md5);

  BytesView key() const { return key_; }
  crypto::HmacKey& sha1() { return sha1_; }      // for MESSAGE-INTEGRITY
  crypto::HmacKey& sha256() { return sha256_; }  // for MESSAGE-INTEGRITY-SHA256

 private:
  Bytes key_;
  crypto::HmacKey sha1_;
  crypto::HmacKey sha256_;
};

// Which integrity attributes to write. RFC 8489 §9.1.2/§9.2.3 ask for both unless the peer is
// known to support one; browsers' ICE speaks only MESSAGE-INTEGRITY (SHA-1).
enum class IntegrityMode : std::uint8_t { sha1, sha256, both };

// Appends MESSAGE-INTEGRITY and/or MESSAGE-INTEGRITY-SHA256 in the RFC's order.
void sign(MessageBuilder& builder, IntegrityKeys& keys, IntegrityMode mode = IntegrityMode::sha1);
// Checks MESSAGE-INTEGRITY-SHA256 when present (the stronger one), else MESSAGE-INTEGRITY, and
// says which one it checked. Errc::malformed when neither is present.
Result<IntegrityMode> verify_integrity(const MessageView& message, IntegrityKeys& keys);

// USERHASH (§14.4): SHA-256(OpaqueString(username) ":" OpaqueString(realm)).
Result<std::array<std::uint8_t, 32>> userhash(std::string_view username, std::string_view realm);
std::array<std::uint8_t, 32> userhash_prepared(std::string_view username, std::string_view realm);

// --- The nonce cookie (§9.2) --------------------------------------------------------------------

// "obMatJos2" then 4 base64 characters carrying 24 feature bits.
inline constexpr std::string_view kNonceCookie = "obMatJos2";

// §18.1 "STUN Security Features". Bit numbering follows verified erratum 6290 to RFC 8489: bit 0
// is the least significant bit of the 24.
struct SecurityFeatures {
  bool password_algorithms = false;  // bit 0
  bool username_anonymity = false;   // bit 1
  std::uint32_t bits = 0;            // all 24 bits as received
};
// The features a NONCE announces, or nullopt if it does not start with the cookie.
std::optional<SecurityFeatures> parse_nonce_cookie(std::string_view nonce);
// The 13-character prefix a server puts in front of its own nonce text.
std::string make_nonce_cookie(const SecurityFeatures& features);

// --- Short-term credentials (§9.1) --------------------------------------------------------------

struct ShortTermCredentials {
  // username is sent as is; the password becomes the key (OpaqueString applied).
  static Result<ShortTermCredentials> create(std::string username, std::string_view password);

  std::string username;
  std::shared_ptr<IntegrityKeys> keys;  // shared with the transactions that verify responses
};

// --- Long-term credentials: the client side of §9.2 ---------------------------------------------
//
//   request #1 (no credentials)  ->  401 + REALM + NONCE [+ PASSWORD-ALGORITHMS]
//   handle_challenge(401)        ->  ok: retry with a new transaction
//   request #2 + add_attributes() + sign()  ->  success (verify_response) or 438 Stale Nonce
//   handle_challenge(438)        ->  ok: retry with the fresh NONCE
//
// The TURN client drives this for Allocate, Refresh, CreatePermission and ChannelBind.
struct LongTermOptions {
  // Algorithms we accept. When the server offers a list we take the first entry of *its* list
  // that appears here (the server orders by preference, §9.2.4).
  std::vector<PasswordAlgorithm> supported{PasswordAlgorithm::sha256, PasswordAlgorithm::md5};
  // Send USERHASH instead of USERNAME when the nonce cookie offers username anonymity (§9.2.3).
  bool use_userhash = false;
  // Integrity attribute(s) to send; by default MESSAGE-INTEGRITY-SHA256 when SHA-256 was
  // negotiated and MESSAGE-INTEGRITY otherwise (what RFC 5389-era servers such as coturn expect).
  std::optional<IntegrityMode> integrity;
  // Challenges accepted in a row before giving up (a server that keeps rotating nonces).
  int max_challenges = 3;
};

class LongTermClientAuth {
 public:
  // Fails if the password cannot be prepared with OpaqueString (see opaque_string()).
  static Result<LongTermClientAuth> create(std::string username, std::string_view password,
                                           LongTermOptions options = {});
  // RFC 5769 §2.4 style: the password is already prepared.
  static LongTermClientAuth create_prepared(std::string username, std::string prepared_password,
                                            LongTermOptions options = {});

  // True once a 401 taught us REALM and NONCE, so requests can carry credentials.
  bool ready() const { return keys_ != nullptr; }

  // Reads a 401 or 438 error response (§9.2.5). Success means: send the request again, as a new
  // transaction, with add_attributes() and sign(). An error means do not retry, and says why
  // (wrong credentials, a bid-down attempt, no common password algorithm, ...).
  Result<void> handle_challenge(const MessageView& error_response);

  // USERNAME (or USERHASH), REALM, NONCE, and after a negotiation PASSWORD-ALGORITHMS (echoed
  // verbatim) and PASSWORD-ALGORITHM (§9.2.3.2). Add the method's own attributes before or
  // after; sign() must come after all of them.
  void add_attributes(MessageBuilder& builder) const;
  void sign(MessageBuilder& builder);

  // Checks the integrity of a response (§9.2.5) and, when it holds, resets the challenge count.
  Result<void> verify_response(const MessageView& response);

  const std::string& username() const { return username_; }
  const std::string& realm() const { return realm_; }
  const std::string& nonce() const { return nonce_; }
  PasswordAlgorithm algorithm() const { return algorithm_; }
  const std::optional<SecurityFeatures>& features() const { return features_; }
  // The key pair, shared with transactions (TransactionOptions::keys); null before ready().
  std::shared_ptr<IntegrityKeys> keys() const { return keys_; }

 private:
  LongTermClientAuth(std::string username, std::string prepared_password, LongTermOptions o);
  IntegrityMode integrity_mode() const;

  std::string username_;
  std::string password_;  // prepared
  LongTermOptions options_;
  std::string realm_;
  std::string nonce_;
  PasswordAlgorithm algorithm_ = PasswordAlgorithm::md5;
  bool negotiated_ = false;  // PASSWORD-ALGORITHM(S) go into requests
  Bytes server_algorithms_;  // the PASSWORD-ALGORITHMS value to echo
  std::optional<SecurityFeatures> features_;
  Bytes userhash_;  // set when USERHASH replaces USERNAME
  std::shared_ptr<IntegrityKeys> keys_;
  int challenges_ = 0;
};

}  // namespace rtc::stun
