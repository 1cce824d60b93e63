// Checking MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT on a received message
// (RFC 8489 §14.5, §14.6, §14.7).
//
// Both HMACs cover the message *up to* their own attribute, computed as if the header's length
// field ended right after that attribute: a FINGERPRINT (or MESSAGE-INTEGRITY-SHA256) added later
// changed the length the sender saw. The view is read-only, so the verifier copies the 20-byte
// header to the stack, patches the length there, and hands the HMAC two pieces: {patched header,
// attributes before the integrity attribute}. Nothing is allocated; the tag is compared in
// constant time (crypto::HmacKey::verify).
#pragma once

#include <cstdint>

#include "rtc/common/crypto.hpp"
#include "rtc/common/error.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::stun {

// Errc::malformed if the attribute is absent, Errc::integrity if the HMAC does not match.
// `key` is the HMAC-SHA1 key of the credential (credentials.hpp: IntegrityKeys::sha1()).
Result<void> verify_message_integrity(const MessageView& message, crypto::HmacKey& key);
// `key` is the HMAC-SHA256 key (IntegrityKeys::sha256()); a truncated value (16-28 bytes,
// §14.6) is compared over its length.
Result<void> verify_message_integrity_sha256(const MessageView& message, crypto::HmacKey& key);
// Errc::malformed if absent, Errc::integrity if the CRC does not match.
Result<void> verify_fingerprint(const MessageView& message);

// The value a FINGERPRINT attribute at the end of `message` must hold (§14.7).
std::uint32_t expected_fingerprint(const MessageView& message);

}  // namespace rtc::stun
