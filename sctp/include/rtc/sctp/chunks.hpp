// Typed views and writers for every chunk this stack speaks (RFC 9260 §3.3, RFC 3758 §3.2,
// RFC 6525 §3.1). parse() takes a RawChunk from PacketView and returns a view whose byte
// fields point into the packet (valid while the packet buffer lives); write() appends the
// chunk, padded, to a packet being built.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/sctp/packet.hpp"
#include "rtc/sctp/parameters.hpp"

namespace rtc::sctp {

enum class ChunkType : std::uint8_t {
  data = 0,
  init = 1,
  init_ack = 2,
  sack = 3,
  heartbeat = 4,
  heartbeat_ack = 5,
  abort = 6,
  shutdown = 7,
  shutdown_ack = 8,
  error = 9,
  cookie_echo = 10,
  cookie_ack = 11,
  shutdown_complete = 14,
  reconfig = 130,     // RFC 6525 §3.1
  forward_tsn = 192,  // RFC 3758 §3.2
};
const char* to_string(ChunkType type);

// RFC 9260 §3.2: the two high bits of an unrecognized chunk type.
struct UnknownChunkAction {
  bool stop;    // 00, 01: discard this packet's remaining chunks
  bool report;  // 01, 11: report in an ERROR chunk (Unrecognized Chunk Type)
};
constexpr UnknownChunkAction unknown_chunk_action(std::uint8_t type) {
  return {(type & 0x80) == 0, (type & 0x40) != 0};
}

// ---- DATA (RFC 9260 §3.3.1) ----
struct DataChunk {
  static constexpr std::uint8_t kEnd = 0x01;        // E: last fragment
  static constexpr std::uint8_t kBeginning = 0x02;  // B: first fragment
  static constexpr std::uint8_t kUnordered = 0x04;  // U
  static constexpr std::uint8_t kImmediate = 0x08;  // I: ask for an immediate SACK (RFC 7053)
  static constexpr std::size_t kHeaderSize = 16;    // chunk header + TSN, SID, SSN, PPID

  std::uint8_t flags = kBeginning | kEnd;
  std::uint32_t tsn = 0;
  std::uint16_t stream_id = 0;
  std::uint16_t ssn = 0;
  std::uint32_t ppid = 0;
  BytesView payload;

  bool beginning() const { return (flags & kBeginning) != 0; }
  bool end() const { return (flags & kEnd) != 0; }
  bool unordered() const { return (flags & kUnordered) != 0; }

  static Result<DataChunk> parse(const RawChunk& c);
  void write(ByteWriter& w) const;
  std::size_t wire_size() const { return padded_chunk_size(12 + payload.size()); }
};

// ---- INIT and INIT ACK (RFC 9260 §3.3.2, §3.3.3) ----
struct InitChunk {
  std::uint32_t initiate_tag = 0;
  std::uint32_t a_rwnd = 0;
  std::uint16_t outbound_streams = 0;
  std::uint16_t inbound_streams = 0;
  std::uint32_t initial_tsn = 0;
  // Optional parameters this stack understands.
  bool forward_tsn_supported = false;     // RFC 3758 §3.1 (or listed in Supported Extensions)
  bool reconfig_supported = false;        // RE-CONFIG listed in Supported Extensions (RFC 6525)
  std::optional<BytesView> state_cookie;  // INIT ACK only
  // Unknown parameters whose type asks to be reported (RFC 9260 §3.2.1), as they were sent.
  std::vector<BytesView> unrecognized;

  // is_ack selects the chunk type; parse checks the type matches what the RawChunk says.
  static Result<InitChunk> parse(const RawChunk& c);
  // Writes INIT (no cookie) or INIT ACK (with the cookie and any Unrecognized Parameters).
  void write(ByteWriter& w, bool is_ack) const;
};

// ---- SACK (RFC 9260 §3.3.4) ----
struct GapAckBlock {
  std::uint16_t start = 0;  // offsets from the Cumulative TSN Ack
  std::uint16_t end = 0;
};
struct SackChunk {
  std::uint32_t cumulative_tsn_ack = 0;
  std::uint32_t a_rwnd = 0;
  std::vector<GapAckBlock> gap_blocks;
  std::vector<std::uint32_t> duplicate_tsns;

  static Result<SackChunk> parse(const RawChunk& c);
  void write(ByteWriter& w) const;
  std::size_t wire_size() const {
    return padded_chunk_size(12 + 4 * gap_blocks.size() + 4 * duplicate_tsns.size());
  }
};

// ---- HEARTBEAT / HEARTBEAT ACK (§3.3.5, §3.3.6): the info is opaque to the peer ----
struct HeartbeatChunk {
  BytesView info;  // the Heartbeat Info parameter's value
  static Result<HeartbeatChunk> parse(const RawChunk& c);
  void write(ByteWriter& w, bool is_ack) const;
};

// ---- ABORT (§3.3.7) and ERROR (§3.3.10) ----
struct AbortChunk {
  static constexpr std::uint8_t kTBit = 0x01;  // tag reflected: vtag is the sender's own
  bool t_bit = false;
  BytesView causes;  // raw error-cause area, see parse_error_causes()
  static Result<AbortChunk> parse(const RawChunk& c);
  void write(ByteWriter& w) const;
};
struct ErrorChunk {
  BytesView causes;
  static Result<ErrorChunk> parse(const RawChunk& c);
  void write(ByteWriter& w) const;
};

// ---- SHUTDOWN family (§3.3.8, §3.3.9, §3.3.13) ----
struct ShutdownChunk {
  std::uint32_t cumulative_tsn_ack = 0;
  static Result<ShutdownChunk> parse(const RawChunk& c);
  void write(ByteWriter& w) const;
};
struct ShutdownCompleteChunk {
  bool t_bit = false;
  void write(ByteWriter& w) const;
};

// ---- COOKIE ECHO (§3.3.11); COOKIE ACK and SHUTDOWN ACK have no value ----
struct CookieEchoChunk {
  BytesView cookie;
  static Result<CookieEchoChunk> parse(const RawChunk& c) { return CookieEchoChunk{c.value}; }
  void write(ByteWriter& w) const;
};
void write_empty_chunk(ByteWriter& w, ChunkType type, std::uint8_t flags = 0);

// ---- FORWARD TSN (RFC 3758 §3.2) ----
struct ForwardTsnChunk {
  struct Skipped {
    std::uint16_t stream_id = 0;
    std::uint16_t ssn = 0;
  };
  std::uint32_t new_cumulative_tsn = 0;
  std::vector<Skipped> skipped;  // ordered streams whose messages were abandoned
  static Result<ForwardTsnChunk> parse(const RawChunk& c);
  void write(ByteWriter& w) const;
};

// ---- RE-CONFIG (RFC 6525 §3.1, §4) ----
enum class ReconfigResult : std::uint32_t {  // RFC 6525 §4.4
  success_nothing_to_do = 0,
  success_performed = 1,
  denied = 2,
  error_wrong_ssn = 3,
  error_request_already_in_progress = 4,
  error_bad_sequence_number = 5,
  in_progress = 6,
};
struct OutgoingResetRequest {  // §4.1
  std::uint32_t request_sequence = 0;
  std::uint32_t response_sequence = 0;
  std::uint32_t last_assigned_tsn = 0;
  std::vector<std::uint16_t> streams;  // empty: all streams
};
struct IncomingResetRequest {  // §4.2
  std::uint32_t request_sequence = 0;
  std::vector<std::uint16_t> streams;
};
struct ReconfigResponse {  // §4.4 (without the optional TSN fields)
  std::uint32_t response_sequence = 0;
  ReconfigResult result = ReconfigResult::success_performed;
};
struct ReconfigChunk {
  std::vector<OutgoingResetRequest> outgoing;
  std::vector<IncomingResetRequest> incoming;
  std::vector<ReconfigResponse> responses;
  std::vector<std::uint16_t> unsupported;  // other parameter types (SSN/TSN reset, add streams)
  static Result<ReconfigChunk> parse(const RawChunk& c);
  void write(ByteWriter& w) const;
};

}  // namespace rtc::sctp
