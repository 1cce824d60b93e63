// VP9 over RTP (RFC 9628): the payload descriptor with its scalability structure, a
// packetizer (one spatial layer) and a depacketizer.
//
// Every VP9 payload starts with a descriptor (§4.2). Its first octet is always there:
//          0 1 2 3 4 5 6 7
//         +-+-+-+-+-+-+-+-+
//         |I|P|L|F|B|E|V|Z|  I: PictureID present   P: inter-picture predicted
//         +-+-+-+-+-+-+-+-+  L: layer indices present   F: flexible mode
//    I:   |M| PICTURE ID  |  B: first packet of a frame   E: last packet of a frame
//    M:   | EXTENDED PID  |  V: scalability structure (SS) follows
//    L:   | TID |U| SID |D|  Z: not a reference for upper spatial layers
//  F=0,L: |   TL0PICIDX   |  (non-flexible mode only)
//  F=1,P: | P_DIFF      |N|  up to 3 times, N = another follows (flexible mode only)
//    V:   | SS ...        |  §4.2.1, below
//
// Two modes. Flexible (F=1): every picture names its references as PictureID differences
// (P_DIFF), so a receiver knows exactly what it needs. Non-flexible (F=0): the references
// follow a repeating picture group (PG) announced once in the SS, and each packet says where
// it sits with TID and TL0PICIDX.
//
// The scalability structure (§4.2.1), sent on key frames:
//         +-+-+-+-+-+-+-+-+
//    V:   | N_S |Y|G|-|-|-|  N_S + 1 spatial layers, Y: resolutions, G: picture group
//    Y:   |  WIDTH (16)   |  } N_S + 1 times
//         |  HEIGHT (16)  |  }
//    G:   |      N_G      |  pictures in the group
//         | TID |U| R |-|-|  } N_G times; R references,
//         |    P_DIFF     |  }   each a P_DIFF octet
//
// A frame starts in the packet with B=1 and ends in the one with E=1 (§4.3). It is a key frame
// when it is not inter-predicted (P=0) in the base spatial layer (SID 0); the VP9 uncompressed
// header (VP9 bitstream spec §6.2) says the same with frame_type = KEY_FRAME.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/packetizer.hpp"

namespace rtc::rtp {

inline constexpr std::uint32_t kVp9ClockRate = 90000;  // RFC 9628 §4.1
inline constexpr std::size_t kVp9MaxPDiffs = 3;        // §4.2: "up to 3 times"

// The L octet, |TID|U|SID|D| (§4.2).
struct Vp9LayerIndices {
  std::uint8_t temporal_id = 0;        // TID, 0..7
  bool switching_up = false;           // U: a switch up to a higher temporal layer is possible here
  std::uint8_t spatial_id = 0;         // SID, 0..7
  bool inter_layer_dependent = false;  // D: depends on the spatial layer below
  bool operator==(const Vp9LayerIndices&) const = default;
};

struct Vp9Resolution {
  std::uint16_t width = 0;
  std::uint16_t height = 0;
  bool operator==(const Vp9Resolution&) const = default;
};

// One picture of the picture group (§4.2.1): its temporal layer, U, and its references as
// PictureID differences (R of them, 0..3).
struct Vp9PictureGroupEntry {
  std::uint8_t temporal_id = 0;
  bool switching_up = false;
  std::vector<std::uint8_t> p_diffs{};
  bool operator==(const Vp9PictureGroupEntry&) const = default;
};

struct Vp9ScalabilityStructure {
  std::uint8_t spatial_layers = 1;           // N_S + 1, 1..8
  std::vector<Vp9Resolution> resolutions{};  // Y: empty, or one per spatial layer
  std::optional<std::vector<Vp9PictureGroupEntry>> picture_group{};  // G (N_G entries, ≤ 255)
  bool operator==(const Vp9ScalabilityStructure&) const = default;

  std::size_t size() const;
};

struct Vp9Descriptor {
  bool inter_predicted = false;                 // P
  bool flexible = false;                        // F
  bool begin_of_frame = false;                  // B
  bool end_of_frame = false;                    // E
  bool not_upper_reference = false;             // Z
  std::optional<std::uint16_t> picture_id{};    // I: 7 or 15 bits
  bool picture_id_15bit = true;                 // M (only meaningful with picture_id)
  std::optional<Vp9LayerIndices> layers{};      // L
  std::optional<std::uint8_t> tl0_pic_idx{};    // non-flexible mode, with L (required there)
  std::vector<std::uint8_t> p_diffs{};          // flexible mode with P: 1..3 entries of 1..127
  std::optional<Vp9ScalabilityStructure> ss{};  // V
  bool operator==(const Vp9Descriptor&) const = default;

  // Descriptor octets written for these fields.
  std::size_t size() const;
  std::uint8_t spatial_id() const { return layers ? layers->spatial_id : 0; }
  // §4.2: B=1 and P=0 (not predicted from earlier pictures) in the base spatial layer.
  bool is_keyframe_start() const { return begin_of_frame && !inter_predicted && spatial_id() == 0; }
};

// Parses the descriptor; `descriptor_size` is set to its length (the media starts there).
// Errors: truncated fields, more than three P_DIFFs, flexible mode without PictureID, a
// non-flexible L without TL0PICIDX (it is simply truncated then), N_S/Y/G running past the end.
Result<Vp9Descriptor> parse_vp9_descriptor(BytesView payload, std::size_t& descriptor_size);
// Writes the descriptor as given (the I, L, V bits follow from the optionals). Fields are
// masked to their widths; validate_vp9_descriptor() says whether they fit.
void write_vp9_descriptor(ByteWriter& w, const Vp9Descriptor& d);
// Checks what write_vp9_descriptor cannot express: P_DIFF counts/values, field widths, a
// TL0PICIDX where the mode needs one, the number of resolutions in the SS.
Result<void> validate_vp9_descriptor(const Vp9Descriptor& d);

// What the VP9 uncompressed header (VP9 bitstream spec §6.2) says at the start of a frame.
struct Vp9FrameHeader {
  std::uint8_t profile = 0;          // 0..3
  bool show_existing_frame = false;  // a repeat of an earlier frame: no new data
  bool keyframe = false;             // frame_type == KEY_FRAME
  bool show_frame = true;
  std::optional<Vp9Resolution> size{};  // key frames only: frame_width/height_minus_1 + 1
};
// Reads the first octets of a VP9 frame; errors when it is not a VP9 frame header.
Result<Vp9FrameHeader> parse_vp9_frame_header(BytesView frame);

// RFC 9628 §4.2: the first payload of a frame (descriptor included) starts a key frame when
// B=1, P=0 and SID=0; when its media starts with a readable uncompressed header, that header
// must agree (frame_type = KEY_FRAME), which rules out intra-only frames.
bool vp9_is_keyframe(BytesView first_payload);

struct Vp9PacketizerConfig {
  std::size_t max_payload_size = kDefaultMaxPayloadSize;
  bool picture_id = true;              // send a 15-bit PictureID (browsers expect it)
  std::uint16_t first_picture_id = 0;  // pick it at random for a new stream
  bool flexible_mode = false;          // F: P_DIFFs in every inter frame, no picture group
  bool scalability_structure = true;   // V: an SS in the first packet of each key frame
};

// Per-frame choices the encoder knows.
struct Vp9FrameInfo {
  std::optional<bool> keyframe{};             // unset: read frame_type from the uncompressed header
  std::optional<std::uint8_t> temporal_id{};  // sets L (TID, SID 0)
  bool switching_up = false;                  // U (with temporal_id)
  std::optional<std::uint8_t> tl0_pic_idx{};  // unset: the packetizer's own count
  std::vector<std::uint8_t> p_diffs{};        // flexible mode references; unset: {1}
  bool not_upper_reference = false;           // Z
};

class Vp9Packetizer {
 public:
  explicit Vp9Packetizer(Vp9PacketizerConfig config = {});
  // Splits the frame into balanced payloads (each within max_payload_size, the first also
  // carrying the SS on key frames); B on the first, E on the last. The PictureID advances by
  // one per frame (mod 2^15), TL0PICIDX by one after each temporal-layer-0 frame.
  // Errors: empty frame, a budget too small for the descriptor plus one octet, bad P_DIFFs.
  Result<Payloads> packetize(BytesView frame, const Vp9FrameInfo& info = {});
  std::uint16_t next_picture_id() const { return picture_id_; }

 private:
  Vp9PacketizerConfig config_;
  std::uint16_t picture_id_;
  std::uint8_t tl0_pic_idx_ = 0;
};

class Vp9Depacketizer final : public Depacketizer {
 public:
  // frame_start = B, frame_end = E, keyframe as vp9_is_keyframe. With several spatial layers
  // E closes one layer frame; the RTP marker closes the picture (§4.1).
  Result<PayloadInfo> inspect(BytesView payload) const override;
  Result<void> append(BytesView payload, Bytes& frame) const override;
};

}  // namespace rtc::rtp
