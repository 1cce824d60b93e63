// The checks of an RTP header (RFC 3550 §5.1, §5.3.1, A.1) as inline functions that return a
// small fault code, shared by RtpHeaderView and RtpPacketView.
//
// Why not just call RtpHeaderView::parse? The accepting path must stay a handful of loads and
// compares (issue 6: parse under 10 ns). Building a Result with its Error (a std::string) or
// returning the view through memory costs more than the checks themselves: a view written by
// one function and read back 16 bytes at a time by its caller stalls store forwarding. So the
// scan is inlined where it is used, and the Error text is made on a cold path only.
#pragma once

#include <cstddef>
#include <cstdint>

#include "rtc/common/bytes.hpp"
#include "rtc/rtp/rtp_header.hpp"

namespace rtc::rtp {

// Why a header was refused. The accepting path only computes this small code; the Error with
// its RFC text is built in a cold function, so a valid packet never touches std::string and
// the hot path stays a handful of loads and compares (issue 6: header parse under 10 ns).
enum class HeaderFault : std::uint8_t { none, short_fixed, version, csrc, ext_header, ext_body };

struct HeaderScan {
  HeaderFault fault = HeaderFault::none;
  std::size_t size = 0;  // header size when fault == none
};

inline HeaderScan scan_header(BytesView packet) {
  // RFC 3550 §5.1: the fixed header is 12 octets, version 2, then CC CSRCs.
  if (packet.size() < kRtpFixedHeaderSize) return {HeaderFault::short_fixed};
  if ((packet[0] >> 6) != kRtpVersion) return {HeaderFault::version};
  std::size_t size = kRtpFixedHeaderSize + 4 * std::size_t{packet[0] & 0x0fu};
  if (packet.size() < size) return {HeaderFault::csrc};
  if ((packet[0] & 0x10) != 0) {
    // RFC 3550 §5.3.1: 16 profile bits, 16-bit length in 32-bit words, then the body.
    if (packet.size() < size + 4) return {HeaderFault::ext_header};
    const std::size_t body = 4 * std::size_t{load_be16(packet, size + 2)};
    if (packet.size() - size - 4 < body) return {HeaderFault::ext_body, size};
    size += 4 + body;
  }
  return {HeaderFault::none, size};
}

// RFC 3550 §5.1: the last octet counts the padding, itself included: at least 1, at most the
// octets after the header. Returns false when that rule is broken.
inline bool padding_ok(BytesView run) {
  return !run.empty() && run.back() != 0 && run.back() <= run.size();
}

}  // namespace rtc::rtp
