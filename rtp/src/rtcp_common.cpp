#include "rtc/rtp/rtcp_common.hpp"

#include <string>

namespace rtc::rtp {

Result<RtcpBody> rtcp_body(BytesView packet) {
  if (packet.size() < 4 || packet.size() % 4 != 0) {
    return fail_at(Errc::malformed,
                   "RTCP packet of " + std::to_string(packet.size()) +
                       " octets is not a whole number of 32-bit words (RFC 3550 §6.4.1)",
                   0);
  }
  if ((packet[0] >> 6) != 2) {
    return fail_at(Errc::malformed, "RTCP version is not 2 (RFC 3550 §6.4.1)", 0);
  }
  std::size_t end = packet.size();
  if ((packet[0] & 0x20) != 0) {
    const std::size_t padding = packet.back();
    if (padding == 0 || padding > end - 4) {
      return fail_at(Errc::malformed,
                     "RTCP padding count " + std::to_string(padding) +
                         " does not fit in its packet (RFC 3550 §6.4.1)",
                     end - 1);
    }
    end -= padding;
  }
  return RtcpBody{static_cast<std::uint8_t>(packet[0] & 0x1f), packet[1],
                  packet.subspan(4, end - 4)};
}

std::size_t begin_rtcp_packet(ByteWriter& w, std::uint8_t count, RtcpType type) {
  const std::size_t start = w.size();
  w.u8(static_cast<std::uint8_t>(0x80 | (count & 0x1f)));
  w.u8(static_cast<std::uint8_t>(type));
  w.u16(0);
  return start;
}

void finish_rtcp_packet(ByteWriter& w, std::size_t start) {
  while ((w.size() - start) % 4 != 0) w.u8(0);
  // An empty body (SDES or BYE with count 0) gets one zero word: every RTCP walk here, like
  // SRTCP's (RFC 3711 §3.4), expects 8 octets per packet, and the zeros parse as nothing.
  if (w.size() - start < 8) w.u32(0);
  const std::size_t words = (w.size() - start) / 4 - 1;
  (void)w.patch_u16(start + 2, static_cast<std::uint16_t>(words));
}

}  // namespace rtc::rtp
