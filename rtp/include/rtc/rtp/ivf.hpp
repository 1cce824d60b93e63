// IVF, the simplest container for VP8, VP9 and AV1 frames (libvpx's format; no RFC). A 32-octet
// file header then, per frame, a 12-octet header (size, 64-bit presentation timestamp) and
// the frame. All integers are little-endian, unlike everything else in this module.
//
//   file header: "DKIF" | version u16 (0) | header size u16 (32) | FourCC ("VP80", "VP90",
//                "AV01") | width u16 | height u16 | timebase denominator u32 | numerator u32 |
//                frame count u32 | unused u32
//
// Sans-IO: the reader walks a buffer holding the whole file; the writer builds one in memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

inline constexpr std::size_t kIvfFileHeaderSize = 32;
inline constexpr std::size_t kIvfFrameHeaderSize = 12;

struct IvfHeader {
  std::array<char, 4> fourcc{'V', 'P', '8', '0'};
  std::uint16_t width = 0;
  std::uint16_t height = 0;
  std::uint32_t timebase_denominator = 90000;  // timestamps count 1/denominator ...
  std::uint32_t timebase_numerator = 1;        // ... times numerator seconds
  std::uint32_t frame_count = 0;
  std::string codec() const { return std::string(fourcc.data(), fourcc.size()); }
  bool operator==(const IvfHeader&) const = default;
};

struct IvfFrame {
  std::uint64_t timestamp = 0;  // in timebase units
  BytesView data;
};

class IvfReader {
 public:
  // Checks the signature and header size; `file` must outlive the reader.
  static Result<IvfReader> open(BytesView file);
  const IvfHeader& header() const { return header_; }
  // The next frame; nullopt at the end; an error if a frame header or frame is cut short.
  Result<std::optional<IvfFrame>> next_frame();

 private:
  IvfReader(BytesView file, IvfHeader header, std::size_t offset)
      : file_(file), header_(header), offset_(offset) {}
  BytesView file_;
  IvfHeader header_;
  std::size_t offset_;
};

class IvfWriter {
 public:
  explicit IvfWriter(IvfHeader header);
  void add_frame(std::uint64_t timestamp, BytesView frame);
  // The file so far, with the frame count patched in.
  const Bytes& bytes() const { return out_; }
  std::uint32_t frame_count() const { return count_; }

 private:
  Bytes out_;
  std::uint32_t count_ = 0;
};

}  // namespace rtc::rtp
