// MESSAGE-INTEGRITY (RFC 8489 §14.5), MESSAGE-INTEGRITY-SHA256 (§14.6), FINGERPRINT (§14.7).
#include "rtc/stun/integrity.hpp"

#include <array>

#include "rtc/common/crc.hpp"

namespace rtc::stun {

namespace {

constexpr std::uint32_t kFingerprintXor = 0x5354554E;  // "STUN", §14.7

// HMAC over {header with the length ending after the integrity attribute, attributes before it}.
bool check_hmac(const MessageView& message, const Attribute& integrity, crypto::HmacKey& key) {
  const BytesView bytes = message.bytes();
  std::array<std::uint8_t, kHeaderSize> header{};
  for (std::size_t i = 0; i < kHeaderSize; ++i) header[i] = bytes[i];
  const std::size_t end_of_attribute =
      integrity.offset + kAttributeHeaderSize + integrity.value.size();
  store_be16(header, 2, static_cast<std::uint16_t>(end_of_attribute - kHeaderSize));
  const BytesView parts[] = {BytesView(header),
                             bytes.subspan(kHeaderSize, integrity.offset - kHeaderSize)};
  return key.verify(std::span<const BytesView>(parts), integrity.value);
}

}  // namespace

Result<void> verify_message_integrity(const MessageView& message, crypto::HmacKey& key) {
  if (key.algorithm() != crypto::HashAlgorithm::sha1) {
    return fail(Errc::invalid_argument,
                "MESSAGE-INTEGRITY is checked with an HMAC-SHA1 key (RFC 8489 §14.5)");
  }
  auto mi = message.message_integrity();
  if (!mi) return fail(Errc::malformed, "the message has no MESSAGE-INTEGRITY (RFC 8489 §14.5)");
  if (!check_hmac(message, *mi, key)) {
    return fail_at(Errc::integrity,
                   "MESSAGE-INTEGRITY does not match: wrong password, or the message was altered "
                   "(RFC 8489 §14.5)",
                   mi->offset);
  }
  return {};
}

Result<void> verify_message_integrity_sha256(const MessageView& message, crypto::HmacKey& key) {
  if (key.algorithm() != crypto::HashAlgorithm::sha256) {
    return fail(Errc::invalid_argument,
                "MESSAGE-INTEGRITY-SHA256 is checked with an HMAC-SHA256 key (RFC 8489 §14.6)");
  }
  auto mi = message.message_integrity_sha256();
  if (!mi) {
    return fail(Errc::malformed, "the message has no MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6)");
  }
  if (!check_hmac(message, *mi, key)) {
    return fail_at(Errc::integrity,
                   "MESSAGE-INTEGRITY-SHA256 does not match: wrong password, or the message was "
                   "altered (RFC 8489 §14.6)",
                   mi->offset);
  }
  return {};
}

std::uint32_t expected_fingerprint(const MessageView& message) {
  // parse() made sure FINGERPRINT is last, so the length field already ends right after it and
  // the CRC runs over the bytes as they are.
  auto fp = message.fingerprint();
  const std::size_t covered = fp ? fp->offset : message.bytes().size();
  return crc32(message.bytes().first(covered)) ^ kFingerprintXor;
}

Result<void> verify_fingerprint(const MessageView& message) {
  auto fp = message.fingerprint();
  if (!fp) return fail(Errc::malformed, "the message has no FINGERPRINT (RFC 8489 §14.7)");
  if (load_be32(fp->value, 0) != expected_fingerprint(message)) {
    return fail_at(Errc::integrity,
                   "FINGERPRINT does not match the CRC-32 of the message: it was corrupted, or "
                   "is not STUN (RFC 8489 §14.7)",
                   fp->offset);
  }
  return {};
}

}  // namespace rtc::stun
