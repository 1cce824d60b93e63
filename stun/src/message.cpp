// Validation of a received STUN message (RFC 8489 §5, §6.3, §14) and the typed accessors.
#include "rtc/stun/message.hpp"

#include <bit>
#include <cstdio>
#include <cstring>
#include <string>

namespace rtc::stun {

namespace {

std::string describe_type(std::uint16_t type) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%04X", static_cast<unsigned>(type));
  const char* n = name(static_cast<AttributeType>(type));
  return n != nullptr ? std::string(n) + " (" + hex + ")" : std::string("attribute ") + hex;
}

std::string hex32(std::uint32_t v) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", static_cast<unsigned>(v));
  return hex;
}

// What parse() found wrong. The checks run on every datagram, the explanations only when one
// fails, so the words are built apart from the hot loop (explain(), below).
enum class Problem : std::uint8_t {
  short_header,
  not_stun,
  bad_cookie,
  length_not_multiple_of_4,
  length_past_datagram,
  bytes_after_message,
  attribute_past_end,
  after_fingerprint,
  duplicate_integrity,
  integrity_after_sha256,
  integrity_size,
  duplicate_integrity_sha256,
  integrity_sha256_size,
  fingerprint_size,
};

// `pos` is where the problem is; `first` the offset of the earlier attribute a duplicate repeats.
[[gnu::cold, gnu::noinline]] std::unexpected<Error> explain(Problem problem, BytesView d,
                                                            std::size_t pos,
                                                            std::size_t first = 0) {
  const std::size_t length = d.size() >= 4 ? load_be16(d, 2) : 0;
  const std::uint16_t type = pos + 4 <= d.size() ? load_be16(d, pos) : 0;
  const std::size_t value_length = pos + 4 <= d.size() ? load_be16(d, pos + 2) : 0;
  switch (problem) {
    case Problem::short_header:
      return fail_at(
          Errc::truncated,
          "a STUN header needs 20 bytes, got " + std::to_string(d.size()) + " (RFC 8489 §5)",
          d.size());
    case Problem::not_stun:
      return fail_at(Errc::malformed,
                     "the two most significant bits of a STUN message must be zero (RFC 8489 "
                     "§5); this is not STUN",
                     0);
    case Problem::bad_cookie:
      return fail_at(Errc::malformed,
                     "magic cookie is " + hex32(load_be32(d, 4)) +
                         ", not 0x2112A442 (RFC 8489 §5; RFC 3489 messages are not supported)",
                     4);
    case Problem::length_not_multiple_of_4:
      return fail_at(Errc::malformed,
                     "message length " + std::to_string(length) +
                         " is not a multiple of 4 (RFC 8489 §5: attributes are padded to 32 bits)",
                     2);
    case Problem::length_past_datagram:
      return fail_at(Errc::truncated,
                     "the header announces " + std::to_string(length) +
                         " bytes of attributes but only " + std::to_string(d.size() - kHeaderSize) +
                         " follow (RFC 8489 §5)",
                     2);
    case Problem::bytes_after_message:
      return fail_at(Errc::malformed,
                     std::to_string(d.size() - kHeaderSize - length) +
                         " bytes follow the message that the header's length does not cover "
                         "(RFC 8489 §5)",
                     kHeaderSize + length);
    case Problem::attribute_past_end:
      return fail_at(Errc::truncated,
                     describe_type(type) + " says its value has " + std::to_string(value_length) +
                         " bytes but only " +
                         std::to_string(d.size() - pos - kAttributeHeaderSize) +
                         " remain in the message (RFC 8489 §14)",
                     pos);
    case Problem::after_fingerprint:
      return fail_at(Errc::malformed,
                     describe_type(type) +
                         " follows FINGERPRINT, which must be the last attribute (RFC 8489 §14.7)",
                     pos);
    case Problem::duplicate_integrity:
      return fail_at(Errc::malformed,
                     "duplicate MESSAGE-INTEGRITY (the first is at offset " +
                         std::to_string(first) + ") (RFC 8489 §14.5)",
                     pos);
    case Problem::integrity_after_sha256:
      return fail_at(Errc::malformed,
                     "MESSAGE-INTEGRITY after MESSAGE-INTEGRITY-SHA256: only FINGERPRINT may "
                     "follow it (RFC 8489 §14.6)",
                     pos);
    case Problem::integrity_size:
      return fail_at(Errc::malformed,
                     "MESSAGE-INTEGRITY must hold a 20-byte HMAC-SHA1, got " +
                         std::to_string(value_length) + " bytes (RFC 8489 §14.5)",
                     pos);
    case Problem::duplicate_integrity_sha256:
      return fail_at(Errc::malformed,
                     "duplicate MESSAGE-INTEGRITY-SHA256 (the first is at offset " +
                         std::to_string(first) + ") (RFC 8489 §14.6)",
                     pos);
    case Problem::integrity_sha256_size:
      return fail_at(Errc::malformed,
                     "MESSAGE-INTEGRITY-SHA256 must be 16 to 32 bytes in steps of 4, got " +
                         std::to_string(value_length) + " (RFC 8489 §14.6)",
                     pos);
    case Problem::fingerprint_size:
      return fail_at(Errc::malformed,
                     "FINGERPRINT must hold a 4-byte CRC-32, got " + std::to_string(value_length) +
                         " bytes (RFC 8489 §14.7)",
                     pos);
  }
  return fail_at(Errc::malformed, "malformed STUN message", pos);
}

constexpr auto kMessageIntegrity = to_uint(AttributeType::message_integrity);

constexpr auto kMessageIntegritySha256 = to_uint(AttributeType::message_integrity_sha256);
constexpr auto kFingerprint = to_uint(AttributeType::fingerprint);

// A first look for the three types that end the common attributes (0x0008, 0x001C, 0x8028):
// all three have bit 3 set and bits 0 and 1 clear, which no attribute of an ICE check or a
// TURN exchange has except CHANNEL-NUMBER (0x000C) and EVEN-PORT (0x0018). One mask and one
// compare on the attribute's first word, where the exact test takes three compares; the rare
// yes is then checked exactly.
constexpr std::uint32_t kSpecialMask = std::uint32_t{0x000B} << 16;
constexpr std::uint32_t kSpecialBits = std::uint32_t{0x0008} << 16;
static_assert(((std::uint32_t{kMessageIntegrity} << 16) & kSpecialMask) == kSpecialBits);
static_assert(((std::uint32_t{kMessageIntegritySha256} << 16) & kSpecialMask) == kSpecialBits);
static_assert(((std::uint32_t{kFingerprint} << 16) & kSpecialMask) == kSpecialBits);
constexpr bool may_be_integrity_or_fingerprint(std::uint32_t word) {
  return (word & kSpecialMask) == kSpecialBits;
}

}  // namespace

[[gnu::always_inline]] inline Result<MessageView> MessageView::parse_attributes(BytesView d) {
  // §14: walk the TLVs once, so that nothing later has to check a length again. Each step
  // waits for the previous attribute's length, so the loop keeps its state in locals (registers)
  // and reads type and length with one 32-bit load. The view is built where the caller receives
  // it (every return returns `result`, so the compiler constructs it in place): copying it
  // right after writing its index would stall on store forwarding.
  Result<MessageView> result(std::in_place, MessageView(d));
  MessageView& v = *result;
  const std::size_t size = d.size();
  std::size_t count = 0;
  bool complete = true;
  std::size_t pos = kHeaderSize;
  // The common attributes first: until the first integrity attribute or FINGERPRINT there is
  // nothing to check but the length, and every attribute is indexed. Keeping this loop short
  // keeps the dependent chain (load, length, next position) the only thing it waits for: one
  // compare tells both "the last attribute" and "past the end" apart from the usual case, and
  // an integrity attribute or FINGERPRINT leaves the loop before its length is looked at
  // (the code after the loop checks it).
  if (pos < size) {
    for (;;) {
      // pos and the size are multiples of 4, so the 4-byte attribute header is always there.
      const std::uint32_t word = load_word(d, pos);
      if (may_be_integrity_or_fingerprint(word)) [[unlikely]] {
        const auto type = static_cast<std::uint16_t>(word >> 16);
        if (type == kMessageIntegrity || type == kMessageIntegritySha256 || type == kFingerprint) {
          break;
        }
      }
      // The next attribute starts after the header and the value padded to 32 bits: with pos a
      // multiple of 4, that is (pos + 4 + length + 3) rounded down to a multiple of 4.
      const std::size_t next = (pos + kAttributeHeaderSize + (word & 0xFFFF) + 3) & ~std::size_t{3};
      if (count < kIndexSize) [[likely]] {
        v.set_index(count++, pos, word);
      } else {
        complete = false;
      }
      if (next >= size) [[unlikely]] {
        if (next > size) {
          result = explain(Problem::attribute_past_end, d, pos);
          return result;
        }
        pos = next;
        break;
      }
      pos = next;
    }
  }
  // The usual end of an ICE check or a TURN request (RFC 8445 §7.2.2): MESSAGE-INTEGRITY, then
  // FINGERPRINT, then nothing. Two compares of whole words settle it.
  constexpr std::uint32_t kIntegrityWord = (std::uint32_t{kMessageIntegrity} << 16) | 20;
  constexpr std::uint32_t kFingerprintWord = (std::uint32_t{kFingerprint} << 16) | 4;
  if (pos + 32 == size && count + 2 <= kIndexSize && load_word(d, pos) == kIntegrityWord &&
      load_word(d, pos + 24) == kFingerprintWord) {
    v.set_index(count, pos, kIntegrityWord);
    v.set_index(count + 1, pos + 24, kFingerprintWord);
    v.count_ = static_cast<std::uint8_t>(count + 2);
    v.index_complete_ = complete;
    v.mi_offset_ = static_cast<std::uint32_t>(pos);
    v.fingerprint_offset_ = static_cast<std::uint32_t>(pos + 24);
    v.ignore_from_ = pos + 24;  // §14.5: what follows MESSAGE-INTEGRITY is ignored
    return result;
  }
  walk_tail(result, pos, count, complete);
  return result;
}

void MessageView::walk_tail(Result<MessageView>& result, std::size_t pos, std::size_t count,
                            bool complete) {
  // From the first integrity attribute or FINGERPRINT on: their order and sizes (§14.5-§14.7),
  // and what is ignored after MESSAGE-INTEGRITY. Out of line, so that the common case above
  // keeps few registers (and a small stack frame).
  MessageView& v = *result;
  const BytesView d = v.data_;
  const std::size_t size = d.size();
  std::size_t mi = 0, mi256 = 0, fingerprint = 0;
  std::size_t ignore_from = size;
  while (pos < size) {
    const std::uint32_t word = load_word(d, pos);
    const auto type = static_cast<std::uint16_t>(word >> 16);
    const std::size_t value_length = word & 0xFFFF;
    const std::size_t next = (pos + kAttributeHeaderSize + value_length + 3) & ~std::size_t{3};
    if (next > size) {
      result = explain(Problem::attribute_past_end, d, pos);
      return;
    }
    if (fingerprint != 0) {
      result = explain(Problem::after_fingerprint, d, pos);
      return;
    }
    if (type == kMessageIntegrity) {
      std::optional<Problem> problem;
      if (mi != 0) {
        problem = Problem::duplicate_integrity;
      } else if (mi256 != 0) {
        problem = Problem::integrity_after_sha256;
      } else if (value_length != 20) {
        problem = Problem::integrity_size;
      }
      if (problem) {
        result = explain(*problem, d, pos, mi);
        return;
      }
      mi = pos;
      ignore_from = pos + kAttributeHeaderSize + 20;  // §14.5: what follows is ignored
    } else if (type == kMessageIntegritySha256) {
      std::optional<Problem> problem;
      if (mi256 != 0) {
        problem = Problem::duplicate_integrity_sha256;
      } else if (value_length < 16 || value_length > 32 || value_length % 4 != 0) {
        problem = Problem::integrity_sha256_size;
      }
      if (problem) {
        result = explain(*problem, d, pos, mi256);
        return;
      }
      mi256 = pos;
      if (mi == 0) ignore_from = pos + kAttributeHeaderSize + value_length;  // §14.6
    } else if (type == kFingerprint) {
      if (value_length != 4) {
        result = explain(Problem::fingerprint_size, d, pos);
        return;
      }
      fingerprint = pos;
    }
    // Index what a receiver acts on: everything up to MESSAGE-INTEGRITY, then only
    // MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (§14.5).
    if (pos < ignore_from || type == kMessageIntegritySha256 || type == kFingerprint) {
      if (count < kIndexSize) {
        v.set_index(count++, pos, word);
      } else {
        complete = false;
      }
    }
    pos = next;
  }
  v.count_ = static_cast<std::uint8_t>(count);
  v.index_complete_ = complete;
  v.mi_offset_ = static_cast<std::uint32_t>(mi);
  v.mi256_offset_ = static_cast<std::uint32_t>(mi256);
  v.fingerprint_offset_ = static_cast<std::uint32_t>(fingerprint);
  v.ignore_from_ = ignore_from;
}

Result<MessageView> MessageView::parse(BytesView d) {
  // §5: the fixed header. (§6.3: these checks are what tell STUN from other protocols.)
  if (d.size() < kHeaderSize) return explain(Problem::short_header, d, 0);
  if ((d[0] & 0xC0) != 0) return explain(Problem::not_stun, d, 0);
  if (load_be32(d, 4) != kMagicCookie) return explain(Problem::bad_cookie, d, 4);
  const std::size_t length = load_be16(d, 2);
  if (length % 4 != 0) return explain(Problem::length_not_multiple_of_4, d, 2);
  if (kHeaderSize + length != d.size()) [[unlikely]] {  // one compare for the two cases
    return explain(kHeaderSize + length > d.size() ? Problem::length_past_datagram
                                                   : Problem::bytes_after_message,
                   d, 2);
  }

  return parse_attributes(d);
}

std::optional<std::size_t> MessageView::framed_size(BytesView stream_prefix) {
  if (stream_prefix.size() < 4) return std::nullopt;
  return kHeaderSize + load_be16(stream_prefix, 2);
}

TransactionId MessageView::transaction_id() const {
  TransactionId id;
  for (std::size_t i = 0; i < kTransactionIdSize; ++i) id[i] = data_[8 + i];
  return id;
}

bool MessageView::has_transaction_id(const TransactionId& id) const {
  for (std::size_t i = 0; i < kTransactionIdSize; ++i) {
    if (data_[8 + i] != id[i]) return false;
  }
  return true;
}

std::unexpected<Error> MessageView::missing(AttributeType type) {
  const char* n = name(type);
  const char* r = rfc_section(type);
  return fail(Errc::malformed, std::string("the message has no ") + (n ? n : "such") +
                                   " attribute" + (r ? std::string(" (") + r + ")" : ""));
}

std::optional<Attribute> MessageView::find_in_bytes(AttributeType type) const {
  for (const auto& a : attributes()) {
    if (a.type == type) return a;
  }
  return std::nullopt;
}

Result<BytesView> MessageView::require(AttributeType type) const {
  if (auto a = find(type)) return a->value;
  return missing(type);
}

Result<std::string_view> MessageView::text_slow(AttributeType type) const {
  return get(type, [type](BytesView v) { return decode_text(v, type); });
}
Result<std::uint32_t> MessageView::u32_slow(AttributeType type) const {
  return get(type, [type](BytesView v) { return decode_u32(v, type); });
}
Result<std::uint64_t> MessageView::u64_slow(AttributeType type) const {
  return get(type, [type](BytesView v) { return decode_u64(v, type); });
}
Result<BytesView> MessageView::userhash() const {
  return get(AttributeType::userhash,
             [](BytesView v) { return decode_fixed(v, 32, AttributeType::userhash); });
}
Result<std::string_view> MessageView::realm() const {
  return get(AttributeType::realm,
             [](BytesView v) { return decode_text(v, AttributeType::realm); });
}
Result<std::string_view> MessageView::nonce() const {
  return get(AttributeType::nonce,
             [](BytesView v) { return decode_text(v, AttributeType::nonce); });
}
Result<std::string_view> MessageView::software() const {
  return get(AttributeType::software,
             [](BytesView v) { return decode_text(v, AttributeType::software); });
}
Result<ErrorCode> MessageView::error_code() const {
  return get(AttributeType::error_code, decode_error_code);
}
Result<std::vector<AttributeType>> MessageView::unknown_attributes() const {
  return get(AttributeType::unknown_attributes, decode_unknown_attributes);
}
Result<std::vector<PasswordAlgorithmEntry>> MessageView::password_algorithms() const {
  return get(AttributeType::password_algorithms, decode_password_algorithms);
}
Result<PasswordAlgorithmEntry> MessageView::password_algorithm() const {
  return get(AttributeType::password_algorithm, decode_password_algorithm);
}
Result<SocketAddress> MessageView::mapped_address() const {
  return get(AttributeType::mapped_address,
             [](BytesView v) { return decode_address(v, AttributeType::mapped_address); });
}
Result<SocketAddress> MessageView::xor_mapped_address() const {
  return get(AttributeType::xor_mapped_address, [this](BytesView v) {
    return decode_xor_address(v, transaction_id(), AttributeType::xor_mapped_address);
  });
}
Result<SocketAddress> MessageView::alternate_server() const {
  return get(AttributeType::alternate_server,
             [](BytesView v) { return decode_address(v, AttributeType::alternate_server); });
}
Result<std::string_view> MessageView::alternate_domain() const {
  return get(AttributeType::alternate_domain,
             [](BytesView v) { return decode_text(v, AttributeType::alternate_domain); });
}
Result<std::uint16_t> MessageView::channel_number() const {
  return get(AttributeType::channel_number, decode_channel_number);
}
Result<std::uint32_t> MessageView::lifetime() const {
  return get(AttributeType::lifetime,
             [](BytesView v) { return decode_u32(v, AttributeType::lifetime); });
}
Result<SocketAddress> MessageView::xor_peer_address() const {
  return get(AttributeType::xor_peer_address, [this](BytesView v) {
    return decode_xor_address(v, transaction_id(), AttributeType::xor_peer_address);
  });
}
Result<BytesView> MessageView::data() const {
  return require(AttributeType::data);
}
Result<SocketAddress> MessageView::xor_relayed_address() const {
  return get(AttributeType::xor_relayed_address, [this](BytesView v) {
    return decode_xor_address(v, transaction_id(), AttributeType::xor_relayed_address);
  });
}
Result<AddressFamily> MessageView::requested_address_family() const {
  return get(AttributeType::requested_address_family, [](BytesView v) {
    return decode_address_family(v, AttributeType::requested_address_family);
  });
}
Result<bool> MessageView::even_port() const {
  return get(AttributeType::even_port, decode_even_port);
}
Result<std::uint8_t> MessageView::requested_transport() const {
  return get(AttributeType::requested_transport, decode_requested_transport);
}
Result<std::uint64_t> MessageView::reservation_token() const {
  return get(AttributeType::reservation_token,
             [](BytesView v) { return decode_u64(v, AttributeType::reservation_token); });
}

}  // namespace rtc::stun
