// MessageView: a zero-copy, validated view of one STUN message (RFC 8489 §5, §6.3, §14).
//
//   auto msg = rtc::stun::MessageView::parse(datagram);     // checks, never copies
//   if (!msg) { /* not STUN, or broken: msg.error() says what and at which byte */ }
//   for (const auto& a : msg->attributes()) { ... a.type, a.value, a.offset ... }
//   auto user = msg->username();                            // Result<std::string_view>
//
// parse() checks everything a receiver must check before trusting any length (§6.3): the two
// leading zero bits, the magic cookie, a length that is a multiple of 4 and matches the
// datagram, every attribute's length against the end of the message, and where the integrity
// attributes sit (§14.5-§14.7). After that, walking the attributes needs no more checks, which is
// what makes it cheap. The view borrows the bytes: keep the buffer alive while you use it.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/stun/attributes.hpp"
#include "rtc/stun/header.hpp"

namespace rtc::stun {

// One attribute as it sits in the message.
struct Attribute {
  AttributeType type{};
  BytesView value;         // the value, without padding
  std::size_t offset = 0;  // of the attribute's type field, from the start of the message
};

class MessageView;

// Walks the attributes of a MessageView in order. attributes() steps through the index parse()
// built (no second pass over the bytes); all_attributes(), and messages with more attributes
// than the index holds, walk the bytes. The message was validated by parse(), so the walk needs
// no bounds checks. The MessageView (and its bytes) must outlive the iterator.
class AttributeIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = Attribute;
  using difference_type = std::ptrdiff_t;
  using pointer = const Attribute*;
  using reference = const Attribute&;

  enum class Mode : std::uint8_t {
    index,          // entries of the index: the attributes a receiver acts on
    bytes,          // every attribute in the bytes
    bytes_acted_on  // the bytes, skipping what §14.5 ignores (a message too long for the index)
  };

  AttributeIterator() = default;
  AttributeIterator(const MessageView* view, std::size_t position, Mode mode)
      : view_(view), position_(position), mode_(mode) {
    skip_ignored();
  }

  inline Attribute operator*() const;
  AttributeIterator& operator++() {
    position_ = mode_ == Mode::index ? position_ + 1 : next(position_);
    skip_ignored();
    return *this;
  }
  AttributeIterator operator++(int) {
    auto copy = *this;
    ++*this;
    return copy;
  }
  friend bool operator==(const AttributeIterator& a, const AttributeIterator& b) {
    return a.position_ == b.position_;
  }

 private:
  inline std::size_t next(std::size_t pos) const;
  inline void skip_ignored();

  const MessageView* view_ = nullptr;
  std::size_t position_ = 0;  // entry number (index) or byte offset (bytes)
  Mode mode_ = Mode::index;
};

struct AttributeRange {
  AttributeIterator first, last;
  AttributeIterator begin() const { return first; }
  AttributeIterator end() const { return last; }
};

class MessageView {
 public:
  // Validates the whole message; the datagram must hold exactly one STUN message (UDP). On a
  // stream transport, cut it first with framed_size().
  static Result<MessageView> parse(BytesView datagram);
  // A view of a temporary would dangle as soon as the statement ends: keep the bytes in a
  // variable first.
  static Result<MessageView> parse(Bytes&&) = delete;

  // On TCP/TLS (RFC 8489 §6.2.2) messages follow each other: given the first bytes of the
  // stream, the size of the next message (header + length), or nullopt until 4 bytes arrived.
  static std::optional<std::size_t> framed_size(BytesView stream_prefix);

  // --- Header (§5) ---
  std::uint16_t type() const { return load_be16(data_, 0); }
  MessageClass message_class() const { return class_of(type()); }
  Method method() const { return method_of(type()); }
  bool is_request() const { return message_class() == MessageClass::request; }
  bool is_indication() const { return message_class() == MessageClass::indication; }
  bool is_success_response() const { return message_class() == MessageClass::success_response; }
  bool is_error_response() const { return message_class() == MessageClass::error_response; }
  bool is_response() const { return is_success_response() || is_error_response(); }
  // Length of the attributes, as the header says (the message is 20 bytes longer).
  std::uint16_t length() const { return load_be16(data_, 2); }
  BytesView transaction_id_bytes() const { return data_.subspan(8, kTransactionIdSize); }
  TransactionId transaction_id() const;
  bool has_transaction_id(const TransactionId& id) const;
  // The whole message.
  BytesView bytes() const { return data_; }

  // --- Attributes (§14) ---
  // The attributes a receiver acts on: everything after MESSAGE-INTEGRITY is skipped except
  // MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (§14.5).
  AttributeRange attributes() const& {
    if (index_complete_) {
      return {AttributeIterator(this, 0, AttributeIterator::Mode::index),
              AttributeIterator(this, count_, AttributeIterator::Mode::index)};
    }
    return {AttributeIterator(this, kHeaderSize, AttributeIterator::Mode::bytes_acted_on),
            AttributeIterator(this, data_.size(), AttributeIterator::Mode::bytes_acted_on)};
  }
  // Every attribute, including the ignored ones (for decoders such as `rtc stun decode`).
  AttributeRange all_attributes() const& {
    return {AttributeIterator(this, kHeaderSize, AttributeIterator::Mode::bytes),
            AttributeIterator(this, data_.size(), AttributeIterator::Mode::bytes)};
  }
  // Iterators point into the view: a temporary view would be gone before the loop starts.
  AttributeRange attributes() const&& = delete;
  AttributeRange all_attributes() const&& = delete;
  // True if the attribute comes after MESSAGE-INTEGRITY and must be ignored (§14.5).
  bool is_ignored(const Attribute& a) const {
    return a.offset >= ignore_from_ && a.type != AttributeType::message_integrity_sha256 &&
           a.type != AttributeType::fingerprint;
  }
  // The first attribute of this type among attributes().
  std::optional<Attribute> find(AttributeType type) const {
    // The index holds the first acted-on attributes in order, so a match there is the first
    // one even when the message has more than the index holds: only a miss needs the bytes.
    for (std::size_t i = 0; i < count_; ++i) {
      if (type_at(i) == to_uint(type)) return entry(i);
    }
    if (!index_complete_) [[unlikely]]
      return find_in_bytes(type);
    return std::nullopt;
  }
  bool has(AttributeType type) const { return find(type).has_value(); }

  // The integrity attributes, located by parse(). Verify them with integrity.hpp.
  std::optional<Attribute> message_integrity() const { return at(mi_offset_); }
  std::optional<Attribute> message_integrity_sha256() const { return at(mi256_offset_); }
  std::optional<Attribute> fingerprint() const { return at(fingerprint_offset_); }

  // --- Typed accessors: the first such attribute, decoded. The error says whether it is
  // missing or malformed, naming the attribute and its RFC section. ---
  inline Result<std::string_view> username() const;                         // §14.3
  Result<BytesView> userhash() const;                                       // §14.4, 32 bytes
  Result<std::string_view> realm() const;                                   // §14.9
  Result<std::string_view> nonce() const;                                   // §14.10
  Result<std::string_view> software() const;                                // §14.14
  Result<ErrorCode> error_code() const;                                     // §14.8
  Result<std::vector<AttributeType>> unknown_attributes() const;            // §14.13
  Result<std::vector<PasswordAlgorithmEntry>> password_algorithms() const;  // §14.11
  Result<PasswordAlgorithmEntry> password_algorithm() const;                // §14.12
  Result<SocketAddress> mapped_address() const;                             // §14.1
  Result<SocketAddress> xor_mapped_address() const;                         // §14.2
  Result<SocketAddress> alternate_server() const;                           // §14.15
  Result<std::string_view> alternate_domain() const;                        // §14.16
  // ICE, RFC 8445 §16.1
  // (these four are read from every connectivity check: inline, see below)
  inline Result<std::uint32_t> priority() const;
  bool use_candidate() const { return has(AttributeType::use_candidate); }
  inline Result<std::uint64_t> ice_controlling() const;
  inline Result<std::uint64_t> ice_controlled() const;
  // TURN, RFC 8656 §18 (CreatePermission may carry several XOR-PEER-ADDRESS: walk
  // attributes() for all of them)
  Result<std::uint16_t> channel_number() const;
  Result<std::uint32_t> lifetime() const;
  Result<SocketAddress> xor_peer_address() const;
  Result<BytesView> data() const;
  Result<SocketAddress> xor_relayed_address() const;
  Result<AddressFamily> requested_address_family() const;
  Result<bool> even_port() const;
  Result<std::uint8_t> requested_transport() const;
  bool dont_fragment() const { return has(AttributeType::dont_fragment); }
  Result<std::uint64_t> reservation_token() const;

 private:
  friend class AttributeIterator;
  // parse() remembers where the first kIndexSize acted-on attributes start, so that walking
  // and finding them is a look at a small array rather than another pass over the bytes (each
  // step of such a pass waits for the previous attribute's length).
  static constexpr std::size_t kIndexSize = 12;

  explicit MessageView(BytesView data) : data_(data) {}
  // Type and length of an attribute in one big-endian 32-bit load: a single load-and-byteswap
  // instruction, where four byte loads would lengthen every step of a walk.
  static std::uint32_t load_word(BytesView d, std::size_t at) {
    std::uint32_t word;
    std::memcpy(&word, d.subspan(at, 4).data(), sizeof word);
    if constexpr (std::endian::native == std::endian::little) word = std::byteswap(word);
    return word;
  }
  static Result<MessageView> parse_attributes(BytesView datagram);
  // The rest of parse_attributes() from the first integrity attribute or FINGERPRINT on, when
  // the message does not simply end with MESSAGE-INTEGRITY and FINGERPRINT.
  [[gnu::noinline]] static void walk_tail(Result<MessageView>& result, std::size_t pos,
                                          std::size_t count, bool complete);
  std::optional<Attribute> at(std::size_t offset) const {
    if (offset == 0) return std::nullopt;
    return attribute_at(offset);
  }
  Attribute attribute_at(std::size_t offset) const {
    const std::uint32_t word = load_word(data_, offset);  // type, then length
    return {static_cast<AttributeType>(word >> 16),
            data_.subspan(offset + kAttributeHeaderSize, word & 0xFFFF), offset};
  }
  Attribute entry(std::size_t i) const {
    const std::uint32_t word = load_u32(index_words_, i);
    const std::size_t offset = load_u32(index_offsets_, i);
    return {static_cast<AttributeType>(word >> 16),
            data_.subspan(offset + kAttributeHeaderSize, word & 0xFFFF), offset};
  }
  // An index entry: the attribute's first word (type, then length) and its offset, in two
  // arrays, so that parse() writes each with one plain store and entry() reads no message byte.
  void set_index(std::size_t i, std::size_t offset, std::uint32_t word) {
    const auto offset32 = static_cast<std::uint32_t>(offset);
    std::memcpy(index_words_.data() + i * 4, &word, 4);
    std::memcpy(index_offsets_.data() + i * 4, &offset32, 4);
  }
  using IndexArray = std::array<std::byte, kIndexSize * sizeof(std::uint32_t)>;
  static std::uint32_t load_u32(const IndexArray& a, std::size_t i) {
    std::uint32_t v;
    std::memcpy(&v, a.data() + i * 4, 4);
    return v;
  }
  // The type of entry i alone: a 2-byte load that find() can compare in memory.
  std::uint16_t type_at(std::size_t i) const {
    if constexpr (std::endian::native == std::endian::little) {
      std::uint16_t type;  // the high half of the word is its octets 2 and 3
      std::memcpy(&type, index_words_.data() + i * 4 + 2, sizeof type);
      return type;
    } else {
      return static_cast<std::uint16_t>(load_u32(index_words_, i) >> 16);
    }
  }
  // find() on a message with more attributes than the index holds: a walk over the bytes.
  [[gnu::noinline]] std::optional<Attribute> find_in_bytes(AttributeType type) const;
  Result<BytesView> require(AttributeType type) const;
  // The inline accessors' way out when the attribute is missing or not the common case: the
  // full decoders, which say what is wrong.
  [[gnu::cold, gnu::noinline]] Result<std::string_view> text_slow(AttributeType type) const;
  [[gnu::cold, gnu::noinline]] Result<std::uint32_t> u32_slow(AttributeType type) const;
  [[gnu::cold, gnu::noinline]] Result<std::uint64_t> u64_slow(AttributeType type) const;
  // An 8-byte attribute (the ICE tie-breakers): the common case inline, else u64_slow().
  inline Result<std::uint64_t> u64(AttributeType type) const;
  // "the message has no USERNAME attribute (RFC 8489 §14.3)", built only when it is needed.
  [[gnu::cold, gnu::noinline]] static std::unexpected<Error> missing(AttributeType type);
  // The first `type` attribute decoded by `decode`, or why there is none.
  template <class Decode>
  auto get(AttributeType type, Decode&& decode) const -> decltype(decode(BytesView{})) {
    if (auto a = find(type)) return decode(a->value);
    return missing(type);
  }

  BytesView data_;
  // The index: offset, type and length of the acted-on attributes, in order (set_index()).
  // Only the first count_ entries are ever read, so the arrays are left unset (bytes, which may
  // be copied unset), rather than zeroed on every parse.
  alignas(std::uint32_t) IndexArray index_words_;
  alignas(std::uint32_t) IndexArray index_offsets_;
  std::uint8_t count_ = 0;
  bool index_complete_ = true;  // false: more attributes than kIndexSize, walk the bytes
  // Offsets of the integrity attributes' type fields; 0 = absent (0 is inside the header).
  std::uint32_t mi_offset_ = 0;
  std::uint32_t mi256_offset_ = 0;
  std::uint32_t fingerprint_offset_ = 0;
  // Attributes from here on are ignored (the one after MESSAGE-INTEGRITY), or the size.
  std::size_t ignore_from_ = 0;
};

// The ICE accessors: one look at the index and the common case decoded here; anything else
// (missing, wrong size, non-ASCII text) goes to the full decoder out of line.
inline Result<std::string_view> MessageView::username() const {
  auto a = find(AttributeType::username);
  if (a && is_short_ascii(a->value)) [[likely]]
    return as_string_view(a->value);
  return text_slow(AttributeType::username);
}

inline Result<std::uint32_t> MessageView::priority() const {
  auto a = find(AttributeType::priority);
  if (a && a->value.size() == 4) [[likely]]
    return load_be32(a->value, 0);
  return u32_slow(AttributeType::priority);
}

inline Result<std::uint64_t> MessageView::u64(AttributeType type) const {
  auto a = find(type);
  if (a && a->value.size() == 8) [[likely]]
    return load_be64(a->value, 0);
  return u64_slow(type);
}

inline Result<std::uint64_t> MessageView::ice_controlling() const {
  return u64(AttributeType::ice_controlling);
}

inline Result<std::uint64_t> MessageView::ice_controlled() const {
  return u64(AttributeType::ice_controlled);
}

inline Attribute AttributeIterator::operator*() const {
  if (mode_ == Mode::index) return view_->entry(position_);
  return view_->attribute_at(position_);
}

inline std::size_t AttributeIterator::next(std::size_t pos) const {
  const std::size_t length = load_be16(view_->data_, pos + 2);
  return pos + kAttributeHeaderSize + ((length + 3) & ~std::size_t{3});
}

inline void AttributeIterator::skip_ignored() {
  if (mode_ != Mode::bytes_acted_on) return;
  while (position_ >= view_->ignore_from_ && position_ < view_->data_.size()) {
    auto type = static_cast<AttributeType>(load_be16(view_->data_, position_));
    if (type == AttributeType::message_integrity_sha256 || type == AttributeType::fingerprint) {
      return;
    }
    position_ = next(position_);
  }
}

}  // namespace rtc::stun
