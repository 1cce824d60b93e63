// Opus over RTP (RFC 7587): the simplest payload format there is. One RTP packet carries one
// Opus packet, unchanged (§4.2); it is never fragmented, the RTP clock is always 48 kHz
// (§4.1) whatever the real sample rate, and the marker bit only flags the start of a
// talkspurt after DTX silence (§4.1). The TOC octet (RFC 6716 §3.1) tells the frame size.
#pragma once

#include <cstdint>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/packetizer.hpp"

namespace rtc::rtp {

inline constexpr std::uint32_t kOpusClockRate = 48000;  // RFC 7587 §4.1

// The TOC octet, RFC 6716 §3.1: config (mode + frame size), stereo flag, frame count code.
struct OpusToc {
  std::uint8_t config = 0;  // 0..31
  bool stereo = false;
  std::uint8_t frame_count_code = 0;  // 0: 1 frame, 1: 2 equal, 2: 2 sizes, 3: arbitrary
  // One frame's duration in 48 kHz samples (120 = 2.5 ms ... 2880 = 60 ms).
  std::uint32_t frame_samples() const;
};
OpusToc parse_opus_toc(std::uint8_t toc);
// Samples (48 kHz) in the whole Opus packet, for the next RTP timestamp; error if the
// packet is empty or a code-3 packet lacks its frame count octet.
Result<std::uint32_t> opus_packet_samples(BytesView opus_packet);

class OpusPacketizer {
 public:
  explicit OpusPacketizer(std::size_t max_payload_size = kDefaultMaxPayloadSize)
      : max_payload_size_(max_payload_size) {}
  // One payload: the Opus packet itself. Error if it is empty or exceeds the budget (RFC 7587
  // has no fragmentation: encode smaller frames instead).
  Result<Payloads> packetize(BytesView opus_packet) const;

 private:
  std::size_t max_payload_size_;
};

class OpusDepacketizer final : public Depacketizer {
 public:
  // Every payload is a whole frame.
  Result<PayloadInfo> inspect(BytesView payload) const override;
  Result<void> append(BytesView payload, Bytes& frame) const override;
};

}  // namespace rtc::rtp
