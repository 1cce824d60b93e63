// The shape every payload format shares: a packetizer cuts one encoded frame into RTP
// payloads that fit a budget, a depacketizer reads one payload and glues payloads back into a
// frame. The frame assembler (frame_assembler.hpp) is codec-blind and talks to codecs only
// through Depacketizer.
//
// The budget, max_payload_size, is the MTU minus everything around the payload: IP (20/40),
// UDP (8), the RTP header with its extensions (12 + ...), and the SRTP tag (10 or 16).
// kDefaultMaxPayloadSize fits a 1200-octet path MTU with room to spare, which is what browsers
// assume.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

inline constexpr std::size_t kDefaultMaxPayloadSize = 1100;

// What one payload says about its place in a frame.
struct PayloadInfo {
  bool frame_start = false;  // the first packet of a frame (VP8 S=1 PID=0, FU-A S=1, ...)
  bool frame_end = false;    // the payload alone says the frame ends here (audio: always)
  bool keyframe = false;     // the frame decodes without earlier frames
  // The payload cannot tell whether it starts a frame, but it does if the packet before it
  // ended one (marker bit or another timestamp). AV1: a temporal unit is every packet of one
  // timestamp, and any payload that does not continue an OBU may be its first.
  bool starts_after_frame_end = false;
};

class Depacketizer {
 public:
  virtual ~Depacketizer() = default;
  // Reads one RTP payload's descriptor; errors on a payload the format cannot carry.
  virtual Result<PayloadInfo> inspect(BytesView payload) const = 0;
  // Appends the media octets of one payload to `frame` (payloads of one frame, in order).
  virtual Result<void> append(BytesView payload, Bytes& frame) const = 0;
};

// Packetizers are per-stream objects (they count picture IDs, remember SPS/PPS); each
// codec's packetize() returns the payloads of one frame: set the RTP marker on the last.
using Payloads = std::vector<Bytes>;

}  // namespace rtc::rtp
