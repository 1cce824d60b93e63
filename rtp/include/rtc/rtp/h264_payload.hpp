// H.264 over RTP (RFC 6184), packetization-mode=1 (non-interleaved, §6.3), what every
// browser negotiates. Three payload structures (§5.2):
//   single NAL unit packet (types 1-23, §5.6): the NAL unit as it is;
//   STAP-A (type 24, §5.7.1): several small NAL units in one packet, each behind a 16-bit
//     size, typically SPS + PPS + a small IDR slice;
//   FU-A (type 28, §5.8): one large NAL unit cut into fragments; the FU indicator keeps F and
//     NRI, the FU header has Start/End bits and the original type.
// SPS/PPS handling: a receiver cannot decode an IDR picture without the parameter sets, so the
// packetizer remembers the last SPS and PPS it saw and sends them again in front of any IDR
// that arrives without them (what libwebrtc does too).
#pragma once

#include <cstddef>
#include <cstdint>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/packetizer.hpp"

namespace rtc::rtp {

inline constexpr std::uint32_t kH264ClockRate = 90000;  // RFC 6184 §8.2.1

class H264Packetizer {
 public:
  explicit H264Packetizer(std::size_t max_payload_size = kDefaultMaxPayloadSize)
      : max_payload_size_(max_payload_size) {}
  // `access_unit` is Annex B (start codes). Small NAL units are aggregated into STAP-A,
  // large ones fragmented into FU-A; AUDs are dropped (RTP timestamps delimit pictures).
  Result<Payloads> packetize(BytesView access_unit);
  // Same, from NAL units without start codes.
  Result<Payloads> packetize_nals(const std::vector<BytesView>& nals);

 private:
  std::size_t max_payload_size_;
  Bytes sps_;
  Bytes pps_;
};

// What one H.264 payload carries.
struct H264PayloadInfo {
  std::uint8_t packet_type = 0;  // 1..23, 24 (STAP-A) or 28 (FU-A)
  bool has_sps = false;
  bool has_pps = false;
  bool has_idr = false;
  bool fragment_start = false;  // FU-A S bit (true for non-fragments)
  bool fragment_end = false;    // FU-A E bit (true for non-fragments)
};
Result<H264PayloadInfo> inspect_h264_payload(BytesView payload);

// Output frames are Annex B with 4-octet start codes, ready for a decoder or a .h264 file.
class H264Depacketizer final : public Depacketizer {
 public:
  // frame_start: a parameter set, AUD or SEI, or a slice with first_mb_in_slice = 0 (or the
  // FU-A start of such a slice). keyframe: an IDR slice is present.
  Result<PayloadInfo> inspect(BytesView payload) const override;
  Result<void> append(BytesView payload, Bytes& frame) const override;
};

}  // namespace rtc::rtp
