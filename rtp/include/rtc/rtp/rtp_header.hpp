// A zero-copy view of an RTP packet's header (RFC 3550 §5.1) over the caller's buffer.
//
// Kept minimal for SRTP, which needs to know where the header ends (it is authenticated but
// not encrypted) and which SSRC and sequence number a packet carries. The RTP layer extends
// this view with header-extension element parsing (RFC 8285) later: extension_data() is the
// raw extension block that such a parser reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

inline constexpr std::uint8_t kRtpVersion = 2;
inline constexpr std::size_t kRtpFixedHeaderSize = 12;  // RFC 3550 §5.1

class RtpHeaderView {
 public:
  // A plaintext RTP packet: the header (fixed part, CSRCs, extension) must fit, the version
  // must be 2, and if the P bit is set the last octet must count at least one and no more
  // octets than follow the header (RFC 3550 §5.1 "padding", A.1 validity checks).
  static Result<RtpHeaderView> parse(BytesView packet);

  // Only the header: the payload (everything after it) is not examined, so padding is not
  // checked. For SRTP packets, whose payload and padding are still encrypted (RFC 3711 §3.1).
  static Result<RtpHeaderView> parse_header(BytesView packet);

  // The checks of parse(), without the error text: for hot paths that drop what they refuse
  // (parse() on the same bytes says why). No std::string is touched either way.
  static std::optional<RtpHeaderView> try_parse(BytesView packet);

  std::uint8_t version() const { return packet_[0] >> 6; }
  bool has_padding() const { return (packet_[0] & 0x20) != 0; }
  bool has_extension() const { return (packet_[0] & 0x10) != 0; }
  std::uint8_t csrc_count() const { return packet_[0] & 0x0f; }
  bool marker() const { return (packet_[1] & 0x80) != 0; }
  std::uint8_t payload_type() const { return packet_[1] & 0x7f; }
  std::uint16_t sequence_number() const { return load_be16(packet_, 2); }
  std::uint32_t timestamp() const { return load_be32(packet_, 4); }
  std::uint32_t ssrc() const { return load_be32(packet_, 8); }
  // i < csrc_count().
  std::uint32_t csrc(std::size_t i) const { return load_be32(packet_, 12 + 4 * i); }

  // RFC 3550 §5.3.1: 16 profile-defined bits (0xBEDE for RFC 8285 one-byte elements) and the
  // extension body (length * 4 octets). Both are zero/empty when has_extension() is false.
  std::uint16_t extension_profile() const {
    return has_extension() ? load_be16(packet_, extension_start()) : 0;
  }
  BytesView extension_data() const {
    if (!has_extension()) return {};
    return packet_.subspan(extension_start() + 4, header_size_ - extension_start() - 4);
  }

  // 12 + 4 * CC + (extension ? 4 + 4 * length : 0).
  std::size_t header_size() const { return header_size_; }
  BytesView header() const { return packet_.first(header_size_); }
  // After the header, without padding (parse) or with whatever is there (parse_header).
  BytesView payload() const {
    return packet_.subspan(header_size_, packet_.size() - header_size_ - padding_size_);
  }
  // The padding octets counted by the last octet (0 if P is clear or after parse_header).
  std::size_t padding_size() const { return padding_size_; }
  BytesView packet() const { return packet_; }

 private:
  friend class RtpPacketView;  // fills its header in place
  RtpHeaderView() = default;
  std::size_t extension_start() const {
    return kRtpFixedHeaderSize + 4 * std::size_t{csrc_count()};
  }
  RtpHeaderView(BytesView packet, std::size_t header_size, std::size_t padding_size)
      : packet_(packet), header_size_(header_size), padding_size_(padding_size) {}

  BytesView packet_;
  std::size_t header_size_ = 0;
  std::size_t padding_size_ = 0;
};

// RFC 3550 §5.1 padding rule for a payload+padding run (used after SRTP decryption): if the
// P bit is set, the last octet counts the padding, which is at least 1 and at most the run.
Result<std::size_t> rtp_padding_size(bool padding_bit, BytesView payload_and_padding,
                                     std::size_t offset_of_run);

}  // namespace rtc::rtp
