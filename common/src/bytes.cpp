#include "rtc/common/bytes.hpp"

#include <string>

namespace rtc {

Result<void> ByteReader::need(std::size_t n) const {
  if (n > remaining()) {
    return fail_at(Errc::truncated,
                   "need " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left",
                   pos_);
  }
  return {};
}

Result<std::uint8_t> ByteReader::u8() {
  if (auto ok = need(1); !ok) return std::unexpected(ok.error());
  return data_[pos_++];
}

Result<std::uint16_t> ByteReader::u16() {
  if (auto ok = need(2); !ok) return std::unexpected(ok.error());
  auto v = load_be16(data_, pos_);
  pos_ += 2;
  return v;
}

Result<std::uint32_t> ByteReader::u24() {
  if (auto ok = need(3); !ok) return std::unexpected(ok.error());
  auto v = load_be24(data_, pos_);
  pos_ += 3;
  return v;
}

Result<std::uint32_t> ByteReader::u32() {
  if (auto ok = need(4); !ok) return std::unexpected(ok.error());
  auto v = load_be32(data_, pos_);
  pos_ += 4;
  return v;
}

Result<std::uint64_t> ByteReader::u48() {
  if (auto ok = need(6); !ok) return std::unexpected(ok.error());
  std::uint64_t v = (std::uint64_t{load_be16(data_, pos_)} << 32) | load_be32(data_, pos_ + 2);
  pos_ += 6;
  return v;
}

Result<std::uint64_t> ByteReader::u64() {
  if (auto ok = need(8); !ok) return std::unexpected(ok.error());
  auto v = load_be64(data_, pos_);
  pos_ += 8;
  return v;
}

Result<BytesView> ByteReader::bytes(std::size_t n) {
  if (auto ok = need(n); !ok) return std::unexpected(ok.error());
  auto v = data_.subspan(pos_, n);
  pos_ += n;
  return v;
}

Result<void> ByteReader::skip(std::size_t n) {
  if (auto ok = need(n); !ok) return ok;
  pos_ += n;
  return {};
}

Result<std::uint8_t> ByteReader::peek_u8() const {
  if (auto ok = need(1); !ok) return std::unexpected(ok.error());
  return data_[pos_];
}

void ByteWriter::u16(std::uint16_t v) {
  u8(static_cast<std::uint8_t>(v >> 8));
  u8(static_cast<std::uint8_t>(v));
}

void ByteWriter::u24(std::uint32_t v) {
  u8(static_cast<std::uint8_t>(v >> 16));
  u16(static_cast<std::uint16_t>(v));
}

void ByteWriter::u32(std::uint32_t v) {
  u16(static_cast<std::uint16_t>(v >> 16));
  u16(static_cast<std::uint16_t>(v));
}

void ByteWriter::u48(std::uint64_t v) {
  u16(static_cast<std::uint16_t>(v >> 32));
  u32(static_cast<std::uint32_t>(v));
}

void ByteWriter::u64(std::uint64_t v) {
  u32(static_cast<std::uint32_t>(v >> 32));
  u32(static_cast<std::uint32_t>(v));
}

Result<void> ByteWriter::patch_u16(std::size_t at, std::uint16_t v) {
  if (at > buf_.size() || buf_.size() - at < 2) {
    return fail_at(Errc::invalid_argument, "patch_u16 outside written bytes", at);
  }
  store_be16(buf_, at, v);
  return {};
}

Result<void> ByteWriter::patch_u32(std::size_t at, std::uint32_t v) {
  if (at > buf_.size() || buf_.size() - at < 4) {
    return fail_at(Errc::invalid_argument, "patch_u32 outside written bytes", at);
  }
  store_be32(buf_, at, v);
  return {};
}

}  // namespace rtc
