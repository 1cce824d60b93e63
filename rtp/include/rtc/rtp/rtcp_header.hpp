// A zero-copy view of the RTCP common header (RFC 3550 §6.4.1) plus the sender SSRC that
// follows it in every RTCP packet type, and the compound-packet length walk (RFC 3550 §6.1,
// A.2). This is what SRTCP needs: the first 8 octets stay in the clear (RFC 3711 §3.4) and
// name the SSRC whose SRTCP context is used. The RTP engineer adds the per-type report
// views (SR, RR, SDES, BYE, RTPFB, PSFB) on top of this.
#pragma once

#include <cstddef>
#include <cstdint>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

// V/P/count, PT, length, then the SSRC of the packet's sender: 8 octets.
inline constexpr std::size_t kRtcpHeaderSize = 8;

class RtcpHeaderView {
 public:
  // The first RTCP packet in `data`: version 2, at least 8 octets, and its length field
  // (RFC 3550 §6.4.1: "length in 32-bit words minus one") inside `data`.
  static Result<RtcpHeaderView> parse(BytesView data);

  std::uint8_t version() const { return data_[0] >> 6; }
  bool has_padding() const { return (data_[0] & 0x20) != 0; }
  // Reception report count, source count or feedback message type, by packet type.
  std::uint8_t count() const { return data_[0] & 0x1f; }
  std::uint8_t packet_type() const { return data_[1]; }
  std::uint16_t length_words() const { return load_be16(data_, 2); }
  // (length + 1) * 4: this packet's size in octets, header and padding included.
  std::size_t packet_size() const { return (std::size_t{length_words()} + 1) * 4; }
  std::uint32_t sender_ssrc() const { return load_be32(data_, 4); }
  // This packet alone (packet_size() octets).
  BytesView packet() const { return data_.first(packet_size()); }

 private:
  friend class RtcpCompoundView;  // its iterator steps over packets validated already
  explicit RtcpHeaderView(BytesView data) : data_(data) {}
  BytesView data_;
};

// RFC 3550 §6.1 and A.2: a compound packet is one or more RTCP packets back to back whose
// lengths add up exactly to the datagram; each has version 2; only the last may pad, and its
// padding count must fit in it. Returns the number of packets.
Result<std::size_t> validate_rtcp_compound(BytesView compound);

}  // namespace rtc::rtp
