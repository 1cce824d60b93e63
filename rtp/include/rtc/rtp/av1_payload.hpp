// AV1 over RTP (AOMedia "RTP Payload Format For AV1", v1.0, "AV1-RTP" below): the aggregation
// header, a packetizer and a depacketizer.
//
// Every payload starts with one aggregation header octet (AV1-RTP §4.4), then OBU elements:
//          0 1 2 3 4 5 6 7
//         +-+-+-+-+-+-+-+-+
//         |Z|Y| W |N|-|-|-|  Z: the first element continues an OBU from the previous packet
//         +-+-+-+-+-+-+-+-+  Y: the last element continues in the next packet
//         |  element 1 length (LEB128), unless it is the last and W > 0  |
//         |  element 1: an OBU (or fragment) without its obu_size field  |  ...
// W is the number of elements (1..3, the last one without a length), or 0: every element has a
// length. N marks the first packet of a coded video sequence (a key frame a decoder can start
// at). An element is an OBU with obu_has_size_field cleared; temporal delimiters are not sent
// (AV1-RTP §5: the marker bit and the timestamp delimit temporal units instead).
//
// Frames here are temporal units in the low overhead format (av1_obu.hpp), as IVF files and
// decoders hold them: the packetizer takes one, the depacketizer writes one back (obu_size on
// every OBU, a temporal delimiter first).
#pragma once

#include <cstddef>
#include <cstdint>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/av1_obu.hpp"
#include "rtc/rtp/packetizer.hpp"

namespace rtc::rtp {

inline constexpr std::uint32_t kAv1ClockRate = 90000;  // AV1-RTP §7.1

struct Av1AggregationHeader {
  bool z = false;      // first element continues an OBU fragment
  bool y = false;      // last element continues in the next packet
  std::uint8_t w = 0;  // elements (1..3, last without length) or 0 (all with length)
  bool n = false;      // first packet of a coded video sequence
  std::uint8_t encode() const;
  static Av1AggregationHeader decode(std::uint8_t octet);
  bool operator==(const Av1AggregationHeader&) const = default;
};

// One element of a payload as read by the depacketizer.
struct Av1Element {
  BytesView data;
  bool continues_previous = false;  // Z and this is the first element
  bool continues_next = false;      // Y and this is the last element
};

// Reads the aggregation header and the elements. Errors: empty payload, lengths past the end,
// an empty element, W elements promised and not present, bytes left after them.
Result<std::vector<Av1Element>> parse_av1_payload(BytesView payload, Av1AggregationHeader* header);

struct Av1PacketizerConfig {
  std::size_t max_payload_size = kDefaultMaxPayloadSize;
};

class Av1Packetizer {
 public:
  explicit Av1Packetizer(Av1PacketizerConfig config = {}) : config_(config) {}
  // One temporal unit (low overhead format) into payloads: temporal delimiters, tile lists and
  // padding OBUs dropped (AV1-RTP §5), obu_size removed, OBUs packed greedily and fragmented
  // where they do not fit; N on the first payload of a key frame. Set the RTP marker on the
  // last payload. An OBU is never cut inside its header. Errors: a TU that does not parse,
  // nothing to send, a budget under 4 octets.
  Result<Payloads> packetize(BytesView temporal_unit);

 private:
  Av1PacketizerConfig config_;
};

class Av1Depacketizer final : public Depacketizer {
 public:
  // frame_start: N (a key frame begins here) or, for a payload that does not continue an
  // OBU, the assembler's neighbour rule (a TU is every packet of one timestamp); frame_end is
  // left to the marker bit; keyframe = N.
  Result<PayloadInfo> inspect(BytesView payload) const override;
  // Writes the OBUs back in the low overhead format (a temporal delimiter first). An OBU
  // fragmented over packets gets a 5-octet obu_size while it is open, the shortest one once
  // its last fragment is in; so "the last OBU has a 5-octet size" means "still open".
  Result<void> append(BytesView payload, Bytes& frame) const override;
};

}  // namespace rtc::rtp
