// RFC 7983 §7 names for the demultiplexer's answers.
#include "rtc/stun/demux.hpp"

namespace rtc::stun {

const char* to_string(PacketKind kind) {
  switch (kind) {
    case PacketKind::stun:
      return "STUN";
    case PacketKind::zrtp:
      return "ZRTP";
    case PacketKind::dtls:
      return "DTLS";
    case PacketKind::turn_channel:
      return "TURN ChannelData";
    case PacketKind::rtp_rtcp:
      return "RTP/RTCP";
    case PacketKind::unknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace rtc::stun
