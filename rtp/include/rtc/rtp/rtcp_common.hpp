// Pieces every RTCP packet type shares (RFC 3550 §6.4.1, RFC 4585 §6.1): the packet type
// numbers, the body of one packet with its padding removed, and writing a header whose length
// field is patched once the body is known.
#pragma once

#include <cstddef>
#include <cstdint>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

// RFC 3550 §12.1, RFC 4585 §6.1.
enum class RtcpType : std::uint8_t {
  sr = 200,
  rr = 201,
  sdes = 202,
  bye = 203,
  app = 204,
  rtpfb = 205,  // transport-layer feedback: FMT 1 generic NACK, FMT 15 transport-wide CC
  psfb = 206,   // payload-specific feedback: FMT 1 PLI, FMT 4 FIR, FMT 15 application (REMB)
};

// One RTCP packet, split: the 5-bit count/FMT field, the packet type, and the octets after
// the 4-octet common header with any padding (P bit, RFC 3550 §6.4.1) removed.
struct RtcpBody {
  std::uint8_t count = 0;
  std::uint8_t packet_type = 0;
  BytesView body;
};

// `packet` must be exactly one RTCP packet (RtcpHeaderView::packet()).
Result<RtcpBody> rtcp_body(BytesView packet);

// Writes V=2, P=0, count, type and a zero length; returns where the packet starts.
std::size_t begin_rtcp_packet(ByteWriter& w, std::uint8_t count, RtcpType type);
// Zero-pads the packet to a 32-bit boundary (and to at least 8 octets) and patches its length
// field (words minus one).
void finish_rtcp_packet(ByteWriter& w, std::size_t start);

}  // namespace rtc::rtp
