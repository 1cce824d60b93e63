// The SCTP packet: a 12-byte common header followed by chunks (RFC 9260 §3).
//
//   0                   1                   2                   3
//   +-------------------------------+-------------------------------+
//   |      Source Port Number       |    Destination Port Number    |
//   +-------------------------------+-------------------------------+
//   |                      Verification Tag                         |
//   +---------------------------------------------------------------+
//   |                  Checksum (CRC-32c, Appendix A)               |
//   +---------------------------------------------------------------+
//   | Chunk #1 ... Chunk #n  (type, flags, length, value, padding)  |
//
// PacketView reads without copying; PacketBuilder writes chunks straight into the one buffer
// that goes to the wire and fills in the checksum last.
#pragma once

#include <cstdint>
#include <vector>

#include "rtc/common/bytes.hpp"

namespace rtc::sctp {

inline constexpr std::size_t kCommonHeaderSize = 12;
inline constexpr std::size_t kChunkHeaderSize = 4;

struct CommonHeader {
  std::uint16_t source_port = 5000;  // RFC 8841 §5: WebRTC uses 5000 unless SDP says otherwise
  std::uint16_t destination_port = 5000;
  std::uint32_t verification_tag = 0;
};

// A chunk as it sits in the buffer (RFC 9260 §3.2). `value` excludes the 4-byte chunk header
// and the padding; `offset` is where the chunk starts in the packet (for error messages).
struct RawChunk {
  std::uint8_t type = 0;
  std::uint8_t flags = 0;
  BytesView value;
  BytesView whole;  // header + value, without padding
  std::size_t offset = 0;
};

class PacketView {
 public:
  // Parses the common header and splits the chunks. With `verify_checksum` the CRC-32c must
  // match (RFC 9260 §6.8: otherwise the packet is silently discarded).
  static Result<PacketView> parse(BytesView data, bool verify_checksum = true);

  const CommonHeader& header() const { return header_; }
  const std::vector<RawChunk>& chunks() const { return chunks_; }

 private:
  CommonHeader header_;
  std::vector<RawChunk> chunks_;
};

// RFC 9260 Appendix A: CRC-32c over the whole packet with the checksum field set to zero,
// stored in network byte order... of the reflected CRC, i.e. little-endian on the wire.
std::uint32_t compute_checksum(BytesView packet);
bool checksum_ok(BytesView packet);

// Builds one packet. Chunk writers append to writer(); finish() pads, checksums and returns it.
class PacketBuilder {
 public:
  explicit PacketBuilder(const CommonHeader& header, std::size_t reserve = 1200);
  ByteWriter& writer() { return w_; }
  std::size_t size() const { return w_.size(); }
  bool has_chunks() const { return w_.size() > kCommonHeaderSize; }
  Bytes finish();

 private:
  ByteWriter w_;
};

// Writes a chunk header with a length placeholder; close() patches the length and pads to a
// multiple of four (RFC 9260 §3.2: the length excludes the padding).
class ChunkWriter {
 public:
  ChunkWriter(ByteWriter& w, std::uint8_t type, std::uint8_t flags) : w_(w), start_(w.size()) {
    w.u8(type);
    w.u8(flags);
    w.u16(0);
  }
  void close();

 private:
  ByteWriter& w_;
  std::size_t start_;
};

// Padded size of a chunk whose value is n bytes.
constexpr std::size_t padded_chunk_size(std::size_t value_size) {
  return (kChunkHeaderSize + value_size + 3) & ~std::size_t{3};
}

}  // namespace rtc::sctp
