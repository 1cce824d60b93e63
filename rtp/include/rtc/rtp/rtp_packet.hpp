// A whole RTP packet (RFC 3550 §5.1): a zero-copy view for reading and a builder for writing.
//
// RtpPacketView = RtpHeaderView (fixed header, CSRCs, extension block, padding rule; the part
// SRTP also needs) + the header extension elements indexed once at parse time (RFC 8285), so
// that extension(id) is a scan of at most a few entries and never re-walks the block.
//
// RtpPacketBuilder writes a packet: it picks the one-byte extension form when every element
// fits it, else the two-byte form, which RFC 8285 §6 only allows after a=extmap-allow-mixed
// has been negotiated (allow_two_byte_extensions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/rtp_extensions.hpp"
#include "rtc/rtp/rtp_header.hpp"

namespace rtc::rtp {

class RtpPacketView {
 public:
  // Everything RtpHeaderView::parse checks (RFC 3550 A.1) plus the extension elements when
  // the block uses an RFC 8285 profile. The view borrows `packet`: keep the buffer alive.
  static Result<RtpPacketView> parse(BytesView packet);

  const RtpHeaderView& header() const { return header_; }
  std::uint8_t version() const { return header_.version(); }
  bool has_padding() const { return header_.has_padding(); }
  bool has_extension() const { return header_.has_extension(); }
  std::uint8_t csrc_count() const { return header_.csrc_count(); }
  std::uint32_t csrc(std::size_t i) const { return header_.csrc(i); }
  bool marker() const { return header_.marker(); }
  std::uint8_t payload_type() const { return header_.payload_type(); }
  std::uint16_t sequence_number() const { return header_.sequence_number(); }
  std::uint32_t timestamp() const { return header_.timestamp(); }
  std::uint32_t ssrc() const { return header_.ssrc(); }
  std::size_t header_size() const { return header_.header_size(); }
  BytesView payload() const { return header_.payload(); }
  std::size_t padding_size() const { return header_.padding_size(); }
  BytesView packet() const { return header_.packet(); }

  std::uint16_t extension_profile() const { return header_.extension_profile(); }
  const HeaderExtensionList& extensions() const { return extensions_; }
  std::optional<BytesView> extension(std::uint8_t id) const { return extensions_.find(id); }

 private:
  struct Token {
    explicit Token() = default;
  };

 public:
  // Only parse() can name Token; public so that Result can build the view in place.
  explicit RtpPacketView(Token) {}

 private:
  // parse() without the error text: false if the packet is refused. Inline, and defined (and
  // used) in rtp_packet.cpp only: parse() is one call.
  inline bool fill(BytesView packet);

  RtpHeaderView header_;
  HeaderExtensionList extensions_;
};

class RtpPacketBuilder {
 public:
  RtpPacketBuilder& marker(bool m) {
    marker_ = m;
    return *this;
  }
  RtpPacketBuilder& payload_type(std::uint8_t pt) {
    payload_type_ = pt;
    return *this;
  }
  RtpPacketBuilder& sequence_number(std::uint16_t seq) {
    seq_ = seq;
    return *this;
  }
  RtpPacketBuilder& timestamp(std::uint32_t ts) {
    timestamp_ = ts;
    return *this;
  }
  RtpPacketBuilder& ssrc(std::uint32_t ssrc) {
    ssrc_ = ssrc;
    return *this;
  }
  RtpPacketBuilder& add_csrc(std::uint32_t csrc) {
    csrcs_.push_back(csrc);
    return *this;
  }
  // Copies `data`. IDs 1..14 with 1..16 octets fit the one-byte form; others need two-byte.
  RtpPacketBuilder& add_extension(std::uint8_t id, BytesView data);
  // a=extmap-allow-mixed negotiated (RFC 8285 §6): the two-byte form may be used.
  RtpPacketBuilder& allow_two_byte_extensions(bool allow) {
    allow_two_byte_ = allow;
    return *this;
  }
  // Borrows `payload` until build().
  RtpPacketBuilder& payload(BytesView payload) {
    payload_ = payload;
    return *this;
  }
  // Pad with this many octets (the last holds the count, RFC 3550 §5.1); 0 = no P bit.
  RtpPacketBuilder& padding(std::uint8_t count) {
    padding_ = count;
    return *this;
  }
  // Forget extensions, CSRCs, payload and padding; keep SSRC, PT and the rest.
  void clear_body();

  // Errors: more than 15 CSRCs, extension ID 0 (or 15 in the one-byte form), an element that
  // needs the two-byte form when it is not allowed, too many elements for the block.
  Result<Bytes> build() const;
  // Same, into `out` (cleared first; its capacity is reused, so a loop allocates nothing).
  Result<void> build_into(Bytes& out) const;

 private:
  struct Ext {
    std::uint8_t id;
    std::uint32_t offset;
    std::uint32_t length;
  };
  bool marker_ = false;
  std::uint8_t payload_type_ = 0;
  std::uint16_t seq_ = 0;
  std::uint32_t timestamp_ = 0;
  std::uint32_t ssrc_ = 0;
  std::vector<std::uint32_t> csrcs_;
  std::vector<Ext> extensions_;
  Bytes extension_data_;
  bool allow_two_byte_ = false;
  BytesView payload_;
  std::uint8_t padding_ = 0;
};

}  // namespace rtc::rtp
