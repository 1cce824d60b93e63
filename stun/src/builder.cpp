// Writing STUN messages: header, padded attributes, then integrity and fingerprint
// (RFC 8489 §5, §14, §14.5-§14.7).
#include "rtc/stun/builder.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "rtc/common/crc.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::stun {

namespace {
// RFC 8489 §14.7: the CRC is XORed with "STUN" so that a CRC-32 of an embedded protocol that
// also uses CRC-32 cannot be mistaken for a STUN FINGERPRINT.
constexpr std::uint32_t kFingerprintXor = 0x5354554E;

std::string label(AttributeType t) {
  const char* n = name(t);
  if (n != nullptr) return n;
  char hex[24];
  std::snprintf(hex, sizeof hex, "attribute 0x%04X", static_cast<unsigned>(to_uint(t)));
  return hex;
}
}  // namespace

MessageBuilder::MessageBuilder(Method method, MessageClass cls, const TransactionId& id,
                               std::size_t reserve)
    : buf_(std::max<std::size_t>(reserve, kHeaderSize)), id_(id) {
  write_header(method, cls);
}

MessageBuilder MessageBuilder::success_response(const MessageView& request) {
  return MessageBuilder(request.method(), MessageClass::success_response, request.transaction_id());
}

MessageBuilder MessageBuilder::error_response(const MessageView& request, std::uint16_t code,
                                              std::optional<std::string_view> reason) {
  MessageBuilder b(request.method(), MessageClass::error_response, request.transaction_id());
  b.add_error_code(code, reason);
  return b;
}

void MessageBuilder::write_header(Method method, MessageClass cls) {
  // §5: type, length (kept current by begin_attribute()), magic cookie, transaction id.
  grow(kHeaderSize);
  auto header = written();
  store_be16(header, 0, message_type(method, cls));
  store_be16(header, 2, 0);
  store_be32(header, 4, kMagicCookie);
  std::copy(id_.begin(), id_.end(), header.begin() + 8);
}

void MessageBuilder::reset(Method method, MessageClass cls, const TransactionId& id) {
  size_ = 0;
  id_ = id;
  stage_ = 0;
  error_.reset();
  write_header(method, cls);
}

void MessageBuilder::set_error(Error e) {
  if (!error_) error_ = std::move(e);
}

void MessageBuilder::set_error(Errc code, std::string message) {
  set_error(fail(code, std::move(message)).error());
}

namespace {
// The attributes the builder computes (integrity, fingerprint): the only ones that may follow
// MESSAGE-INTEGRITY (RFC 8489 §14.5), and never added as plain values.
bool is_computed(AttributeType type) {
  return type == AttributeType::message_integrity ||
         type == AttributeType::message_integrity_sha256 || type == AttributeType::fingerprint;
}
}  // namespace

void MessageBuilder::refuse_attribute(AttributeType type, std::size_t value_length) {
  if (error_) return;  // the first error is the one reported
  if (stage_ == 3) {
    return set_error(Errc::state, label(type) +
                                      " after FINGERPRINT: FINGERPRINT must be the last "
                                      "attribute (RFC 8489 §14.7)");
  }
  if (stage_ > 0 && !is_computed(type)) {
    return set_error(Errc::state, label(type) +
                                      " after MESSAGE-INTEGRITY would be ignored by the receiver "
                                      "(RFC 8489 §14.5); add it before the integrity attributes");
  }
  if (value_length > 0xFFFF) {
    return set_error(Errc::invalid_argument,
                     label(type) + " value of " + std::to_string(value_length) +
                         " bytes does not fit the 16-bit length field (RFC 8489 §14)");
  }
  set_error(Errc::invalid_argument,
            "adding " + label(type) +
                " would make the message longer than the 16-bit length field allows");
}

// Inlined into each add_*(): every attribute of every message comes through here, and the
// checks are a few compares (refuse_attribute() words the error, out of line).
[[gnu::always_inline]] inline std::size_t MessageBuilder::begin_attribute(
    AttributeType type, std::size_t value_length) {
  // §14: the value is padded to a multiple of 4 bytes.
  const std::size_t padded = (value_length + 3) & ~std::size_t{3};
  const std::size_t start = size_;
  // Nothing may follow FINGERPRINT (§14.7), only the integrity attributes and FINGERPRINT may
  // follow MESSAGE-INTEGRITY (§14.5), and the 16-bit length field bounds value and message.
  if (error_ || stage_ == 3 || (stage_ > 0 && !is_computed(type)) || value_length > 0xFFFF ||
      start - kHeaderSize + kAttributeHeaderSize + padded > 0xFFFF) [[unlikely]] {
    refuse_attribute(type, value_length);
    return 0;
  }
  // Make room for the whole attribute at once, write the header, the padding and the message
  // length; the caller writes every byte of the value.
  grow(kAttributeHeaderSize + padded);
  const MutableBytesView buf(buf_);
  store_be16(buf, start, to_uint(type));
  store_be16(buf, start + 2, static_cast<std::uint16_t>(value_length));
  for (std::size_t i = value_length; i < padded; ++i) {
    buf[start + kAttributeHeaderSize + i] = padding_byte_;
  }
  store_be16(buf, 2, static_cast<std::uint16_t>(size_ - kHeaderSize));
  return start + kAttributeHeaderSize;
}

void MessageBuilder::grow_buffer(std::size_t at_least) {
  buf_.resize(std::max(at_least, 2 * buf_.size()));
}

MutableBytesView MessageBuilder::written() {
  return MutableBytesView(buf_).first(size_);
}

MutableBytesView MessageBuilder::value_at(std::size_t at, std::size_t length) {
  return written().subspan(at, length);
}

MessageBuilder& MessageBuilder::add(AttributeType type, BytesView value) {
  if (is_computed(type)) {
    set_error(Errc::invalid_argument, label(type) +
                                          " is computed: use add_message_integrity(), "
                                          "add_message_integrity_sha256() or add_fingerprint()");
    return *this;
  }
  const std::size_t at = begin_attribute(type, value.size());
  if (at == 0) return *this;
  std::copy(value.begin(), value.end(), value_at(at, value.size()).begin());
  return *this;
}

MessageBuilder& MessageBuilder::add_u32(AttributeType type, std::uint32_t value) {
  if (const std::size_t at = begin_attribute(type, 4)) store_be32(written(), at, value);
  return *this;
}

MessageBuilder& MessageBuilder::add_u64(AttributeType type, std::uint64_t value) {
  if (const std::size_t at = begin_attribute(type, 8)) {
    store_be32(written(), at, static_cast<std::uint32_t>(value >> 32));
    store_be32(written(), at + 4, static_cast<std::uint32_t>(value));
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_text(AttributeType type, std::string_view text) {
  if (error_) return *this;
  // Short ASCII (an ICE username, most realms and nonces) meets every limit but
  // ALTERNATE-DOMAIN's (no spaces or controls): no need for the full check.
  const bool plain = is_short_ascii(as_bytes(text)) && type != AttributeType::alternate_domain;
  if (auto ok = plain ? Result<void>{} : check_text_for_sending(text, type); !ok) {
    set_error(ok.error());
    return *this;
  }
  return add(type, as_bytes(text));
}

MessageBuilder& MessageBuilder::add_address(AttributeType type, const SocketAddress& address) {
  const std::size_t length = 4 + address.ip_bytes().size();
  if (const std::size_t at = begin_attribute(type, length)) {
    write_address_value(value_at(at, length), address, nullptr);
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_xor_address(AttributeType type, const SocketAddress& address) {
  const std::size_t length = 4 + address.ip_bytes().size();
  if (const std::size_t at = begin_attribute(type, length)) {
    write_address_value(value_at(at, length), address, &id_);
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_userhash(BytesView hash32) {
  if (hash32.size() != 32) {
    set_error(Errc::invalid_argument, "USERHASH is a 32-byte SHA-256 (RFC 8489 §14.4), got " +
                                          std::to_string(hash32.size()) + " bytes");
    return *this;
  }
  return add(AttributeType::userhash, hash32);
}

MessageBuilder& MessageBuilder::add_error_code(std::uint16_t code,
                                               std::optional<std::string_view> reason) {
  if (error_) return *this;
  if (code < 300 || code > 699) {
    set_error(Errc::invalid_argument,
              "ERROR-CODE must be 300-699, got " + std::to_string(code) + " (RFC 8489 §14.8)");
    return *this;
  }
  std::string_view text = reason.value_or(default_reason(code));
  if (auto ok = check_text_for_sending(text, AttributeType::error_code); !ok) {
    set_error(ok.error());
    return *this;
  }
  const std::size_t length = 4 + text.size();
  if (const std::size_t at = begin_attribute(AttributeType::error_code, length)) {
    auto value = value_at(at, length);
    // 21 reserved bits, the class (hundreds) in 3 bits, the number (0-99) in 8 bits (§14.8).
    value[0] = 0;
    value[1] = 0;
    value[2] = static_cast<std::uint8_t>(code / 100);
    value[3] = static_cast<std::uint8_t>(code % 100);
    std::copy(text.begin(), text.end(), value.begin() + 4);
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_unknown_attributes(std::span<const AttributeType> types) {
  const std::size_t length = 2 * types.size();
  if (const std::size_t at = begin_attribute(AttributeType::unknown_attributes, length)) {
    auto value = value_at(at, length);
    for (std::size_t i = 0; i < types.size(); ++i) store_be16(value, 2 * i, to_uint(types[i]));
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_password_algorithms(std::span<const PasswordAlgorithm> list) {
  const std::size_t length = 4 * list.size();
  if (const std::size_t at = begin_attribute(AttributeType::password_algorithms, length)) {
    write_password_algorithms_value(value_at(at, length), list);
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_password_algorithm(PasswordAlgorithm a) {
  if (const std::size_t at = begin_attribute(AttributeType::password_algorithm, 4)) {
    write_password_algorithms_value(value_at(at, 4), std::span<const PasswordAlgorithm>(&a, 1));
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_channel_number(std::uint16_t channel) {
  // 16-bit channel number, then 16 RFFU bits (RFC 8656 §18.1).
  if (const std::size_t at = begin_attribute(AttributeType::channel_number, 4)) {
    store_be16(written(), at, channel);
    store_be16(written(), at + 2, 0);
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_requested_address_family(AddressFamily family) {
  // Family byte, then 24 reserved bits (RFC 8656 §18.6).
  if (const std::size_t at = begin_attribute(AttributeType::requested_address_family, 4)) {
    store_be32(written(), at, 0);
    value_at(at, 4)[0] = family == AddressFamily::ipv4 ? kFamilyIpv4 : kFamilyIpv6;
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_even_port(bool reserve_next) {
  // One byte whose top bit R asks to reserve the next port (RFC 8656 §18.7).
  if (const std::size_t at = begin_attribute(AttributeType::even_port, 1)) {
    value_at(at, 1)[0] = reserve_next ? 0x80 : 0x00;
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_requested_transport(std::uint8_t protocol) {
  // Protocol number, then 24 RFFU bits (RFC 8656 §18.8).
  if (const std::size_t at = begin_attribute(AttributeType::requested_transport, 4)) {
    store_be32(written(), at, 0);
    value_at(at, 4)[0] = protocol;
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_message_integrity(crypto::HmacKey& key) {
  if (error_) return *this;
  if (key.algorithm() != crypto::HashAlgorithm::sha1) {
    set_error(Errc::invalid_argument, "MESSAGE-INTEGRITY needs an HMAC-SHA1 key (RFC 8489 §14.5)");
    return *this;
  }
  if (stage_ != 0) {
    set_error(Errc::state,
              "MESSAGE-INTEGRITY must come before MESSAGE-INTEGRITY-SHA256 and "
              "FINGERPRINT, and only once (RFC 8489 §14.5)");
    return *this;
  }
  // §14.5: the length field counts the MESSAGE-INTEGRITY attribute itself (but not what comes
  // after); begin_attribute() sets exactly that before we sign the bytes in front of it (not
  // its own type and length fields). The HMAC is written straight into the buffer.
  const std::size_t at = begin_attribute(AttributeType::message_integrity, 20);
  if (at == 0) return *this;
  auto buf = written();
  key.sign({BytesView(buf.first(at - kAttributeHeaderSize))}, buf.subspan(at, 20));
  stage_ = 1;
  return *this;
}

MessageBuilder& MessageBuilder::add_message_integrity_sha256(crypto::HmacKey& key,
                                                             std::size_t length) {
  if (error_) return *this;
  if (key.algorithm() != crypto::HashAlgorithm::sha256) {
    set_error(Errc::invalid_argument,
              "MESSAGE-INTEGRITY-SHA256 needs an HMAC-SHA256 key (RFC 8489 §14.6)");
    return *this;
  }
  if (length < 16 || length > 32 || length % 4 != 0) {
    set_error(Errc::invalid_argument,
              "MESSAGE-INTEGRITY-SHA256 is 16 to 32 bytes in steps of 4 (RFC 8489 §14.6)");
    return *this;
  }
  if (stage_ > 1) {
    set_error(Errc::state,
              "MESSAGE-INTEGRITY-SHA256 must come before FINGERPRINT, and only "
              "once (RFC 8489 §14.6)");
    return *this;
  }
  const std::size_t at = begin_attribute(AttributeType::message_integrity_sha256, length);
  if (at == 0) return *this;
  auto buf = written();
  std::array<std::uint8_t, 32> mac{};
  key.sign({BytesView(buf.first(at - kAttributeHeaderSize))}, mac);
  std::copy_n(mac.begin(), length, buf.subspan(at, length).begin());  // truncated (§14.6)
  stage_ = 2;
  return *this;
}

MessageBuilder& MessageBuilder::add_fingerprint() {
  const std::size_t at = begin_attribute(AttributeType::fingerprint, 4);
  if (at == 0) return *this;
  auto buf = written();
  // Up to, not including, the attribute (§14.7), with the length already counting it.
  const std::size_t covered = at - kAttributeHeaderSize;
  store_be32(buf, at, crc32(BytesView(buf.first(covered))) ^ kFingerprintXor);
  stage_ = 3;
  return *this;
}

Result<Bytes> MessageBuilder::take() {
  if (error_) return std::unexpected(*error_);
  stage_ = 0;
  buf_.resize(size_);
  size_ = 0;
  Bytes out = std::move(buf_);
  buf_ = Bytes();
  return out;
}

}  // namespace rtc::stun
