// MessageBuilder: writes a STUN message, attribute by attribute (RFC 8489 §5, §14).
//
//   rtc::stun::MessageBuilder b(Method::binding, MessageClass::request, id);
//   b.add_username("evtj:h6vY").add_priority(0x6e0001ff).add_ice_controlling(tie_breaker);
//   b.add_message_integrity(keys.sha1());   // HMAC-SHA1 over everything before it (§14.5)
//   b.add_fingerprint();                    // CRC-32 over everything before it (§14.7)
//   auto bytes = b.take();                  // Result<Bytes>: any mistake above shows up here
//
// The header's length field is kept up to date after every attribute, so view() is always a
// complete message. Integrity attributes come last and in the RFC's order (MESSAGE-INTEGRITY,
// MESSAGE-INTEGRITY-SHA256, FINGERPRINT); the builder refuses anything after them, because a
// receiver would ignore it (§14.5). A refused call records the first error and the builder stops
// writing: check ok()/error(), or take(), once at the end. Computing MESSAGE-INTEGRITY does not
// allocate: the HMAC runs over the buffer in place.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/stun/attributes.hpp"
#include "rtc/stun/header.hpp"

namespace rtc::stun {

class MessageView;

class MessageBuilder {
 public:
  MessageBuilder(Method method, MessageClass cls, const TransactionId& id,
                 std::size_t reserve = 128);
  // A response to `request`: same method and transaction id (RFC 8489 §6.3.1.1).
  static MessageBuilder success_response(const MessageView& request);
  // An error response with ERROR-CODE (§14.8); reason defaults to the recommended phrase.
  static MessageBuilder error_response(const MessageView& request, std::uint16_t code,
                                       std::optional<std::string_view> reason = std::nullopt);

  // Start over with a new header, keeping the buffer's capacity (no allocation on reuse).
  void reset(Method method, MessageClass cls, const TransactionId& id);

  // RFC 8489 §14 says padding bytes are zero when sent; RFC 5389 allowed any value and the RFC
  // 5769 samples pad with spaces (0x20). Only tests reproducing those samples change this.
  void set_padding_byte(std::uint8_t byte) { padding_byte_ = byte; }

  // --- Any attribute ---
  MessageBuilder& add(AttributeType type, BytesView value);
  MessageBuilder& add_empty(AttributeType type) { return add(type, {}); }
  MessageBuilder& add_u32(AttributeType type, std::uint32_t value);
  MessageBuilder& add_u64(AttributeType type, std::uint64_t value);
  // Text attributes, checked against the sending limits of their RFC section.
  MessageBuilder& add_text(AttributeType type, std::string_view text);
  MessageBuilder& add_address(AttributeType type, const SocketAddress& address);
  MessageBuilder& add_xor_address(AttributeType type, const SocketAddress& address);

  // --- RFC 8489 §14 ---
  MessageBuilder& add_mapped_address(const SocketAddress& a) {
    return add_address(AttributeType::mapped_address, a);
  }
  MessageBuilder& add_xor_mapped_address(const SocketAddress& a) {
    return add_xor_address(AttributeType::xor_mapped_address, a);
  }
  MessageBuilder& add_username(std::string_view u) { return add_text(AttributeType::username, u); }
  MessageBuilder& add_userhash(BytesView hash32);
  MessageBuilder& add_realm(std::string_view r) { return add_text(AttributeType::realm, r); }
  MessageBuilder& add_nonce(std::string_view n) { return add_text(AttributeType::nonce, n); }
  MessageBuilder& add_software(std::string_view s) { return add_text(AttributeType::software, s); }
  MessageBuilder& add_error_code(std::uint16_t code,
                                 std::optional<std::string_view> reason = std::nullopt);
  MessageBuilder& add_unknown_attributes(std::span<const AttributeType> types);
  MessageBuilder& add_password_algorithms(std::span<const PasswordAlgorithm> list);
  MessageBuilder& add_password_algorithm(PasswordAlgorithm a);
  MessageBuilder& add_alternate_server(const SocketAddress& a) {
    return add_address(AttributeType::alternate_server, a);
  }
  MessageBuilder& add_alternate_domain(std::string_view d) {
    return add_text(AttributeType::alternate_domain, d);
  }

  // --- ICE, RFC 8445 §16.1 ---
  MessageBuilder& add_priority(std::uint32_t p) { return add_u32(AttributeType::priority, p); }
  MessageBuilder& add_use_candidate() { return add_empty(AttributeType::use_candidate); }
  MessageBuilder& add_ice_controlling(std::uint64_t tie_breaker) {
    return add_u64(AttributeType::ice_controlling, tie_breaker);
  }
  MessageBuilder& add_ice_controlled(std::uint64_t tie_breaker) {
    return add_u64(AttributeType::ice_controlled, tie_breaker);
  }

  // --- TURN, RFC 8656 §18 ---
  MessageBuilder& add_channel_number(std::uint16_t channel);
  MessageBuilder& add_lifetime(std::uint32_t seconds) {
    return add_u32(AttributeType::lifetime, seconds);
  }
  MessageBuilder& add_xor_peer_address(const SocketAddress& a) {
    return add_xor_address(AttributeType::xor_peer_address, a);
  }
  MessageBuilder& add_data(BytesView data) { return add(AttributeType::data, data); }
  MessageBuilder& add_xor_relayed_address(const SocketAddress& a) {
    return add_xor_address(AttributeType::xor_relayed_address, a);
  }
  MessageBuilder& add_requested_address_family(AddressFamily family);
  MessageBuilder& add_even_port(bool reserve_next);
  MessageBuilder& add_requested_transport(std::uint8_t protocol = kProtocolUdp);
  MessageBuilder& add_dont_fragment() { return add_empty(AttributeType::dont_fragment); }
  MessageBuilder& add_reservation_token(std::uint64_t token) {
    return add_u64(AttributeType::reservation_token, token);
  }

  // --- Integrity and fingerprint, last and in this order ---
  // §14.5: HMAC-SHA1 over the message so far, with the length field already counting the
  // MESSAGE-INTEGRITY attribute. `key` must be an HMAC-SHA1 key (credentials.hpp).
  MessageBuilder& add_message_integrity(crypto::HmacKey& key);
  // §14.6: HMAC-SHA256, truncated to `length` bytes (16-32, multiple of 4; 32 unless the usage
  // allows truncation). `key` must be an HMAC-SHA256 key.
  MessageBuilder& add_message_integrity_sha256(crypto::HmacKey& key, std::size_t length = 32);
  // §14.7: CRC-32 of the message so far, XOR 0x5354554E.
  MessageBuilder& add_fingerprint();

  // --- Result ---
  bool ok() const { return !error_.has_value(); }
  const std::optional<Error>& error() const { return error_; }
  std::size_t size() const { return size_; }
  const TransactionId& transaction_id() const { return id_; }
  // The message as written so far (complete and well formed whenever ok()).
  BytesView view() const { return BytesView(buf_).first(size_); }
  // The message, or the first error. Leaves the builder empty.
  Result<Bytes> take();

 private:
  // Appends the attribute's header and zeroed, padded value, keeps the header's length current,
  // and returns where the value starts, or 0 if refused (see error()). (A plain number rather
  // than an optional: this runs for every attribute of every message.)
  std::size_t begin_attribute(AttributeType type, std::size_t value_length);
  // Why begin_attribute() refused: sets the error (the first one stays).
  [[gnu::cold, gnu::noinline]] void refuse_attribute(AttributeType type, std::size_t value_length);
  MutableBytesView value_at(std::size_t at, std::size_t length);
  // Appends n bytes (their content is for the caller to write). The buffer only grows:
  // reset() keeps it, so reusing a builder allocates nothing.
  void grow(std::size_t n) {
    if (size_ + n > buf_.size()) [[unlikely]]
      grow_buffer(size_ + n);
    size_ += n;
  }
  void grow_buffer(std::size_t at_least);
  MutableBytesView written();  // the message so far, writable
  void set_error(Error e);
  void set_error(Errc code, std::string message);
  void write_header(Method method, MessageClass cls);

  // The message is buf_[0, size_). The builder writes it with bytes.hpp's store_* helpers into
  // a buffer that only grows: a std::vector grown attribute by attribute (ByteWriter) cost more
  // than all the builder's own work (bench/stun_bench.cpp).
  Bytes buf_;
  std::size_t size_ = 0;
  TransactionId id_{};
  std::uint8_t padding_byte_ = 0;
  // What may still be added: 0 anything, 1 after MESSAGE-INTEGRITY, 2 after -SHA256, 3 after
  // FINGERPRINT (nothing).
  std::uint8_t stage_ = 0;
  std::optional<Error> error_;
};

}  // namespace rtc::stun
