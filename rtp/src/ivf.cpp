#include "rtc/rtp/ivf.hpp"

#include <algorithm>

namespace rtc::rtp {

namespace {

std::uint16_t le16(BytesView b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
std::uint32_t le32(BytesView b, std::size_t at) {
  return std::uint32_t{b[at]} | (std::uint32_t{b[at + 1]} << 8) | (std::uint32_t{b[at + 2]} << 16) |
         (std::uint32_t{b[at + 3]} << 24);
}
void put_le(Bytes& out, std::uint64_t v, int octets) {
  for (int i = 0; i < octets; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

Result<IvfReader> IvfReader::open(BytesView file) {
  if (file.size() < kIvfFileHeaderSize) {
    return fail_at(Errc::truncated, "IVF file shorter than its 32-octet header", file.size());
  }
  if (file[0] != 'D' || file[1] != 'K' || file[2] != 'I' || file[3] != 'F') {
    return fail_at(Errc::malformed, "not an IVF file (no DKIF signature)", 0);
  }
  const std::uint16_t header_size = le16(file, 6);
  if (header_size < kIvfFileHeaderSize || header_size > file.size()) {
    return fail_at(Errc::malformed, "IVF header size field is not 32..file size", 6);
  }
  IvfHeader h;
  std::copy(file.begin() + 8, file.begin() + 12, h.fourcc.begin());
  h.width = le16(file, 12);
  h.height = le16(file, 14);
  h.timebase_denominator = le32(file, 16);
  h.timebase_numerator = le32(file, 20);
  h.frame_count = le32(file, 24);
  return IvfReader(file, h, header_size);
}

Result<std::optional<IvfFrame>> IvfReader::next_frame() {
  if (offset_ == file_.size()) return std::optional<IvfFrame>{};
  if (file_.size() - offset_ < kIvfFrameHeaderSize) {
    return fail_at(Errc::truncated, "IVF frame header cut short", offset_);
  }
  const std::size_t size = le32(file_, offset_);
  const std::uint64_t ts =
      le32(file_, offset_ + 4) | (std::uint64_t{le32(file_, offset_ + 8)} << 32);
  if (file_.size() - offset_ - kIvfFrameHeaderSize < size) {
    return fail_at(Errc::truncated,
                   "IVF frame of " + std::to_string(size) + " octets runs past the file", offset_);
  }
  IvfFrame frame{ts, file_.subspan(offset_ + kIvfFrameHeaderSize, size)};
  offset_ += kIvfFrameHeaderSize + size;
  return std::optional<IvfFrame>(frame);
}

IvfWriter::IvfWriter(IvfHeader h) {
  out_.reserve(kIvfFileHeaderSize);
  out_.insert(out_.end(), {'D', 'K', 'I', 'F'});
  put_le(out_, 0, 2);
  put_le(out_, kIvfFileHeaderSize, 2);
  out_.insert(out_.end(), h.fourcc.begin(), h.fourcc.end());
  put_le(out_, h.width, 2);
  put_le(out_, h.height, 2);
  put_le(out_, h.timebase_denominator, 4);
  put_le(out_, h.timebase_numerator, 4);
  put_le(out_, 0, 4);  // frame count, patched by add_frame
  put_le(out_, 0, 4);
}

void IvfWriter::add_frame(std::uint64_t timestamp, BytesView frame) {
  put_le(out_, frame.size(), 4);
  put_le(out_, timestamp, 8);
  out_.insert(out_.end(), frame.begin(), frame.end());
  ++count_;
  for (int i = 0; i < 4; ++i) out_[24 + i] = static_cast<std::uint8_t>(count_ >> (8 * i));
}

}  // namespace rtc::rtp
