// Bounds-checked big-endian reading and writing of network byte order.
//
// Every binary parser in the stack reads through ByteReader and every builder writes through
// ByteWriter, so no module does raw pointer arithmetic on packet buffers (ARCHITECTURE.md).
// Reads past the end return an error carrying the offset; they never touch memory out of bounds.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "rtc/common/error.hpp"

namespace rtc {

using Bytes = std::vector<std::uint8_t>;
using BytesView = std::span<const std::uint8_t>;
using MutableBytesView = std::span<std::uint8_t>;

inline BytesView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_string_view(BytesView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Loads from a span whose length the caller has already checked (hot paths: STUN, RTP, SCTP
// headers). Indexing through span::operator[] keeps them inside the span's bounds.
inline std::uint16_t load_be16(BytesView b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
inline std::uint32_t load_be24(BytesView b, std::size_t at) {
  return (std::uint32_t{b[at]} << 16) | (std::uint32_t{b[at + 1]} << 8) | b[at + 2];
}
inline std::uint32_t load_be32(BytesView b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}
inline std::uint64_t load_be64(BytesView b, std::size_t at) {
  return (std::uint64_t{load_be32(b, at)} << 32) | load_be32(b, at + 4);
}
inline void store_be16(MutableBytesView b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
inline void store_be32(MutableBytesView b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 24);
  b[at + 1] = static_cast<std::uint8_t>(v >> 16);
  b[at + 2] = static_cast<std::uint8_t>(v >> 8);
  b[at + 3] = static_cast<std::uint8_t>(v);
}

// Reads big-endian integers and byte runs from the front of a buffer.
class ByteReader {
 public:
  explicit ByteReader(BytesView data) : data_(data) {}

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return pos_ == data_.size(); }
  BytesView rest() const { return data_.subspan(pos_); }
  BytesView whole() const { return data_; }

  Result<std::uint8_t> u8();
  Result<std::uint16_t> u16();
  Result<std::uint32_t> u24();
  Result<std::uint32_t> u32();
  Result<std::uint64_t> u48();
  Result<std::uint64_t> u64();
  // The next n bytes as a view into the buffer (no copy).
  Result<BytesView> bytes(std::size_t n);
  Result<void> skip(std::size_t n);
  Result<std::uint8_t> peek_u8() const;

 private:
  Result<void> need(std::size_t n) const;

  BytesView data_;
  std::size_t pos_ = 0;
};

// Appends big-endian integers and byte runs to a growable buffer; patch_* rewrites
// earlier fields (lengths, checksums) once the rest of a message is known.
class ByteWriter {
 public:
  ByteWriter() = default;
  explicit ByteWriter(std::size_t reserve) { buf_.reserve(reserve); }

  void u8(std::uint8_t v) { buf_.push_back(v); }
  void u16(std::uint16_t v);
  void u24(std::uint32_t v);
  void u32(std::uint32_t v);
  void u48(std::uint64_t v);
  void u64(std::uint64_t v);
  void bytes(BytesView b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
  void bytes(std::string_view s) { bytes(as_bytes(s)); }
  void zeros(std::size_t n) { buf_.insert(buf_.end(), n, 0); }

  // Overwrite already-written bytes at `at` (must lie inside what was written).
  Result<void> patch_u16(std::size_t at, std::uint16_t v);
  Result<void> patch_u32(std::size_t at, std::uint32_t v);

  std::size_t size() const { return buf_.size(); }
  BytesView view() const { return buf_; }
  MutableBytesView mutable_view() { return buf_; }
  Bytes take() { return std::move(buf_); }
  void clear() { buf_.clear(); }

 private:
  Bytes buf_;
};

}  // namespace rtc
