// The parts of the AV1 bitstream (AV1 Bitstream & Decoding Process Specification, "AV1 spec")
// that the RTP payload format needs: LEB128 sizes, OBU headers, splitting a temporal unit into
// its OBUs, and telling a key frame.
//
// An AV1 stream is a sequence of OBUs (open bitstream units, AV1 spec §5.3). Each starts with
// a one-octet header, and a second one when the extension flag is set:
//          0 1 2 3 4 5 6 7
//         +-+-+-+-+-+-+-+-+
//         |F| TYPE  |X|S|R|  F: forbidden (0)  X: extension octet follows
//         +-+-+-+-+-+-+-+-+  S: obu_size (LEB128) follows   R: reserved
//    X:   | TID |SID|  R  |  temporal and spatial layer of this OBU (§5.3.3)
//         +-+-+-+-+-+-+-+-+
// A temporal unit (TU, §7.5) is every OBU of one presentation time: a temporal delimiter, a
// sequence header on key frames, then frame headers and tile data. Files (IVF) and decoders
// use the "low overhead bitstream format" (§5.2), where every OBU carries its obu_size; RTP
// drops the sizes and the temporal delimiters (the RTP packet boundaries replace them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

// AV1 spec §6.2.2 obu_type.
enum class ObuType : std::uint8_t {
  sequence_header = 1,
  temporal_delimiter = 2,
  frame_header = 3,
  tile_group = 4,
  metadata = 5,
  frame = 6,  // a frame header and its tile group in one OBU
  redundant_frame_header = 7,
  tile_list = 8,
  padding = 15,
};

inline constexpr std::uint8_t kObuExtensionFlag = 0x04;  // X
inline constexpr std::uint8_t kObuHasSizeFlag = 0x02;    // S
inline constexpr std::size_t kMaxLeb128Size = 8;         // AV1 spec §4.10.5

inline ObuType obu_type(std::uint8_t header) {
  return static_cast<ObuType>((header >> 3) & 0x0F);
}

// --- LEB128 (AV1 spec §4.10.5): 7 bits per octet, least significant first, high bit = more.
struct Leb128 {
  std::uint64_t value = 0;
  std::size_t size = 0;  // octets read
};
// At most 8 octets; the value must fit 32 bits ("less than or equal to (1 << 32) - 1").
Result<Leb128> read_leb128(BytesView data);
std::size_t leb128_size(std::uint64_t value);  // octets of the shortest encoding
void write_leb128(Bytes& out, std::uint64_t value);
// `width` octets even when fewer would do (non-minimal encodings are valid, §4.10.5): lets a
// writer reserve the size field before it knows the size. value < 2^(7 * width).
void write_leb128_fixed(MutableBytesView out, std::uint64_t value, std::size_t width);

// --- OBUs of a temporal unit in the low overhead format
struct Obu {
  std::uint8_t header = 0;
  std::optional<std::uint8_t> extension;  // the second header octet when X is set
  BytesView payload;                      // after the header and obu_size
  ObuType type() const { return obu_type(header); }
};

// Splits a temporal unit (one IVF frame, §5.2) into its OBUs. Every OBU but the last must
// carry obu_size (S); the last may run to the end. Errors: F set, truncated headers or sizes.
Result<std::vector<Obu>> split_obus(BytesView temporal_unit);

// True if the temporal unit starts a coded video sequence a decoder can join: it holds a
// sequence header (§5.5) and its first frame is a KEY_FRAME (§5.9.2: with
// reduced_still_picture_header every frame is one; else show_existing_frame = 0 and
// frame_type = 0).
bool av1_is_key_frame(const std::vector<Obu>& obus);

}  // namespace rtc::rtp
