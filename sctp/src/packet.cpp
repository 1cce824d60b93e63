#include "rtc/sctp/packet.hpp"

#include "rtc/common/crc.hpp"

namespace rtc::sctp {

std::uint32_t compute_checksum(BytesView packet) {
  // CRC over the header with a zero checksum field, then the rest: no copy of the packet.
  static constexpr std::uint8_t kZeros[4] = {0, 0, 0, 0};
  std::uint32_t crc = crc32c(packet.first(8));
  crc = crc32c(BytesView(kZeros, 4), crc);
  return crc32c(packet.subspan(kCommonHeaderSize), crc);
}

bool checksum_ok(BytesView packet) {
  if (packet.size() < kCommonHeaderSize) return false;
  // The reflected CRC-32c is transmitted least significant byte first (Appendix A).
  const std::uint32_t wire = std::uint32_t{packet[8]} | std::uint32_t{packet[9]} << 8 |
                             std::uint32_t{packet[10]} << 16 | std::uint32_t{packet[11]} << 24;
  return wire == compute_checksum(packet);
}

Result<PacketView> PacketView::parse(BytesView data, bool verify_checksum) {
  if (data.size() < kCommonHeaderSize) {
    return fail_at(Errc::truncated, "SCTP common header needs 12 bytes", data.size());
  }
  if (verify_checksum && !checksum_ok(data)) {
    return fail_at(Errc::integrity, "CRC-32c checksum mismatch", 8);
  }
  PacketView p;
  p.header_.source_port = load_be16(data, 0);
  p.header_.destination_port = load_be16(data, 2);
  p.header_.verification_tag = load_be32(data, 4);
  std::size_t pos = kCommonHeaderSize;
  while (pos < data.size()) {
    if (data.size() - pos < kChunkHeaderSize) {
      // Only zero padding may follow the last chunk.
      for (std::size_t i = pos; i < data.size(); ++i) {
        if (data[i] != 0) return fail_at(Errc::truncated, "partial chunk header", pos);
      }
      break;
    }
    const std::uint16_t length = load_be16(data, pos + 2);
    if (length < kChunkHeaderSize) return fail_at(Errc::malformed, "chunk length below 4", pos + 2);
    if (length > data.size() - pos)
      return fail_at(Errc::truncated, "chunk runs past the packet", pos);
    p.chunks_.push_back(RawChunk{data[pos], data[pos + 1],
                                 data.subspan(pos + kChunkHeaderSize, length - kChunkHeaderSize),
                                 data.subspan(pos, length), pos});
    pos += (static_cast<std::size_t>(length) + 3u) & ~std::size_t{3};
  }
  if (p.chunks_.empty()) return fail_at(Errc::malformed, "packet without chunks", pos);
  return p;
}

PacketBuilder::PacketBuilder(const CommonHeader& header, std::size_t reserve) : w_(reserve) {
  w_.u16(header.source_port);
  w_.u16(header.destination_port);
  w_.u32(header.verification_tag);
  w_.u32(0);  // checksum, filled by finish()
}

Bytes PacketBuilder::finish() {
  const std::uint32_t crc = compute_checksum(w_.view());
  auto b = w_.mutable_view();
  b[8] = static_cast<std::uint8_t>(crc);
  b[9] = static_cast<std::uint8_t>(crc >> 8);
  b[10] = static_cast<std::uint8_t>(crc >> 16);
  b[11] = static_cast<std::uint8_t>(crc >> 24);
  return w_.take();
}

void ChunkWriter::close() {
  const std::size_t length = w_.size() - start_;
  (void)w_.patch_u16(start_ + 2, static_cast<std::uint16_t>(length));
  w_.zeros((4 - length % 4) % 4);
}

}  // namespace rtc::sctp
