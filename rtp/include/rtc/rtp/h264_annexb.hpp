// H.264 byte streams (ITU-T H.264 Annex B): NAL units separated by start codes 00 00 01 or
// 00 00 00 01. Encoders and .h264/.264 files use this form; RTP does not (RFC 6184 §1.3
// sends NAL units without start codes), so this is the bridge between files and packets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"

namespace rtc::rtp {

// H.264 §7.4.1.2.3 nal_unit_type values that matter for packetization.
enum class H264NalType : std::uint8_t {
  slice = 1,
  idr = 5,
  sei = 6,
  sps = 7,
  pps = 8,
  aud = 9,
  stap_a = 24,  // RFC 6184 §5.7.1
  fu_a = 28,    // RFC 6184 §5.8
};
inline std::uint8_t h264_nal_type(std::uint8_t header) {
  return header & 0x1f;
}

// The NAL units of an Annex B buffer, without their start codes (views into `stream`).
// Leading garbage before the first start code is skipped; trailing zero octets of a NAL
// (trailing_zero_8bits) are dropped.
std::vector<BytesView> split_annexb(BytesView stream);

// Appends 00 00 00 01 + nal.
void append_annexb(Bytes& out, BytesView nal);

// Walks a whole .h264 file access unit by access unit (one picture and the parameter sets
// before it). A new access unit starts at an AUD, SPS, PPS or SEI after a picture's slices, or
// at a slice whose first_mb_in_slice is 0 (the first bit after the NAL header is 1) after
// slices of the previous picture (H.264 §7.4.1.2.3, simplified).
class AnnexBReader {
 public:
  explicit AnnexBReader(BytesView stream) : nals_(split_annexb(stream)) {}
  // The NAL units of the next access unit; nullopt at the end.
  std::optional<std::vector<BytesView>> next_access_unit();

 private:
  std::vector<BytesView> nals_;
  std::size_t next_ = 0;
};

}  // namespace rtc::rtp
