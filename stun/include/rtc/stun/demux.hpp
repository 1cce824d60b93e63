// Which protocol a datagram belongs to, from its first byte (RFC 7983 §7, updating RFC 5764
// §5.1.2). WebRTC sends STUN (ICE checks), DTLS, SRTP/SRTCP and TURN ChannelData over one UDP
// 5-tuple; each protocol's first byte falls in its own range:
//
//                +----------------+
//                |        [0..3] -+--> STUN            (the two top bits of the type are 00)
//                |      [16..19] -+--> ZRTP
//    packet -->  |      [20..63] -+--> DTLS            (TLS content types 20-63)
//                |      [64..79] -+--> TURN ChannelData (channel numbers 0x4000-0x4FFF)
//                |    [128..191] -+--> RTP/RTCP        (version 2: top bits 10)
//                +----------------+
//
// Anything else is dropped. The ranges are checked without looking further than one byte, so
// the caller must still parse the packet with the chosen protocol's own rules.
#pragma once

#include <cstdint>

#include "rtc/common/bytes.hpp"

namespace rtc::stun {

enum class PacketKind : std::uint8_t { stun, zrtp, dtls, turn_channel, rtp_rtcp, unknown };
const char* to_string(PacketKind kind);  // "STUN", "ZRTP", "DTLS", ...

constexpr PacketKind classify_first_byte(std::uint8_t b) {
  if (b <= 3) return PacketKind::stun;
  if (b >= 16 && b <= 19) return PacketKind::zrtp;
  if (b >= 20 && b <= 63) return PacketKind::dtls;
  if (b >= 64 && b <= 79) return PacketKind::turn_channel;
  if (b >= 128 && b <= 191) return PacketKind::rtp_rtcp;
  return PacketKind::unknown;
}

// An empty datagram is unknown.
constexpr PacketKind classify_packet(BytesView datagram) {
  return datagram.empty() ? PacketKind::unknown : classify_first_byte(datagram[0]);
}

}  // namespace rtc::stun
