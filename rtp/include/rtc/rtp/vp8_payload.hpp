// VP8 over RTP (RFC 7741): the payload descriptor, a packetizer and a depacketizer.
//
// Every VP8 payload starts with a descriptor (§4.2):
//          0 1 2 3 4 5 6 7
//         +-+-+-+-+-+-+-+-+
//         |X|R|N|S|R| PID |  X: extensions follow  N: non-reference frame
//         +-+-+-+-+-+-+-+-+  S: start of a partition  PID: partition index
//    X:   |I|L|T|K| RSV   |  I: PictureID  L: TL0PICIDX  T: TID/Y  K: KEYIDX
//    I:   |M| PictureID   |  M: PictureID is 15 bits (two octets), else 7
//         |   PictureID   |
//    L:   |   TL0PICIDX   |  temporal-layer-0 picture index
//  T/K:   |TID|Y| KEYIDX  |  temporal layer, layer sync, key index
// A frame starts in the packet with S=1 and PID=0; that packet's first media octet is the
// VP8 payload header (§4.3), whose lowest bit P is 0 for a key frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/packetizer.hpp"

namespace rtc::rtp {

struct Vp8Descriptor {
  bool non_reference = false;               // N
  bool start_of_partition = false;          // S
  std::uint8_t partition_index = 0;         // PID, 0..7
  std::optional<std::uint16_t> picture_id;  // 7 or 15 bits
  bool picture_id_15bit = true;             // M (only meaningful with picture_id)
  std::optional<std::uint8_t> tl0_pic_idx;
  std::optional<std::uint8_t> temporal_id;  // TID, 0..3 (T bit)
  bool layer_sync = false;                  // Y (with T)
  std::optional<std::uint8_t> key_idx;      // KEYIDX, 0..31 (K bit)
  bool operator==(const Vp8Descriptor&) const = default;

  // Descriptor octets written for these fields.
  std::size_t size() const;
  bool is_frame_start() const { return start_of_partition && partition_index == 0; }
};

// Parses the descriptor; `descriptor_size` is set to its length (the media starts there).
Result<Vp8Descriptor> parse_vp8_descriptor(BytesView payload, std::size_t& descriptor_size);
void write_vp8_descriptor(ByteWriter& w, const Vp8Descriptor& d);

// RFC 7741 §4.3: the first media octet of a frame; P (bit 0) = 0 means key frame.
inline bool vp8_is_keyframe(BytesView frame) {
  return !frame.empty() && (frame[0] & 0x01) == 0;
}

struct Vp8PacketizerConfig {
  std::size_t max_payload_size = kDefaultMaxPayloadSize;
  bool picture_id = true;              // send a 15-bit PictureID (browsers expect it)
  std::uint16_t first_picture_id = 0;  // pick it at random for a new stream
};

// Per-frame choices the encoder knows: temporal layering and reference use.
struct Vp8FrameInfo {
  bool non_reference = false;
  std::optional<std::uint8_t> temporal_id;
  bool layer_sync = false;
  std::optional<std::uint8_t> tl0_pic_idx;
};

class Vp8Packetizer {
 public:
  explicit Vp8Packetizer(Vp8PacketizerConfig config = {});
  // Splits the frame into near-equal payloads (so the last is not a runt), each with a
  // descriptor; the first has S=1, PID=0. The PictureID advances by one per frame (mod 2^15).
  // Errors: empty frame, or a budget too small for the descriptor plus one octet.
  Result<Payloads> packetize(BytesView frame, const Vp8FrameInfo& info = {});
  std::uint16_t next_picture_id() const { return picture_id_; }

 private:
  Vp8PacketizerConfig config_;
  std::uint16_t picture_id_;
};

class Vp8Depacketizer final : public Depacketizer {
 public:
  Result<PayloadInfo> inspect(BytesView payload) const override;
  Result<void> append(BytesView payload, Bytes& frame) const override;
};

}  // namespace rtc::rtp
