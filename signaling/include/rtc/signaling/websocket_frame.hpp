// WebSocket frames (RFC 6455 §5): encoding, masking, and a streaming parser.
//
// The wire format (§5.2):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-------+-+-------------+-------------------------------+
//   |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//   |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//   |N|V|V|V|       |S|             |   (if payload len==126/127)   |
//   | |1|2|3|       |K|             |                               |
//   +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//   |     Extended payload length continued, if payload len == 127  |
//   + - - - - - - - - - - - - - - - +-------------------------------+
//   |                               |Masking-key, if MASK set to 1  |
//   +-------------------------------+-------------------------------+
//   | Masking-key (continued)       |          Payload Data         |
//   +-------------------------------- - - - - - - - - - - - - - - - +
//
// Sans-IO: FrameParser is fed whatever bytes the socket produced (a frame may arrive one byte
// at a time, or ten frames in one read) and yields complete messages, control frames, and
// failures that carry the close code the connection must be failed with (§7.1.7, §7.4.1).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/signaling/utf8.hpp"

namespace rtc::signaling::ws {

// §5.2 and §11.8: the opcodes this version of the protocol defines.
enum class Opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};
// §5.5: control frames are those whose opcode has the most significant bit set.
constexpr bool is_control(Opcode op) {
  return (static_cast<std::uint8_t>(op) & 0x8) != 0;
}
const char* to_string(Opcode op);

// §7.4.1: status codes carried in a Close frame.
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
inline constexpr std::uint16_t no_status = 1005;  // never on the wire: "the frame had no code"
inline constexpr std::uint16_t abnormal = 1006;   // never on the wire: "no Close frame at all"
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_violation = 1008;
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t mandatory_extension = 1010;
inline constexpr std::uint16_t internal_error = 1011;
}  // namespace close_code

// §7.4.1/§7.4.2: may this code appear in a Close frame? (1005, 1006, 1015 and the unassigned
// ranges below 3000 may not.)
bool is_valid_wire_close_code(std::uint16_t code);

// §5.5: control frame payloads are at most 125 bytes.
inline constexpr std::size_t kMaxControlPayload = 125;

using MaskKey = std::array<std::uint8_t, 4>;

// §5.3: payload[i] ^= key[(offset + i) % 4]. Its own inverse: masking twice unmasks.
// `offset` is the position of data[0] within the frame's payload.
void apply_mask(MutableBytesView data, const MaskKey& key, std::size_t offset = 0);

// The fields of a frame header (§5.2), as decoded from the wire.
struct FrameHeader {
  bool fin = true;
  std::uint8_t rsv = 0;     // RSV1..RSV3 as bits 2..0; non-zero only with an extension
  std::uint8_t opcode = 0;  // raw 4 bits: unknown opcodes are reported, not rejected here
  bool masked = false;
  MaskKey mask{};
  std::uint64_t payload_length = 0;
  std::size_t header_size = 0;  // 2 to 14 bytes
};

// Decodes the header at the front of `data`. Returns nullopt when `data` is too short to hold
// the whole header yet; an error if the 64-bit length has its most significant bit set (§5.2).
Result<std::optional<FrameHeader>> decode_header(BytesView data);

// Appends one frame to `out`. With a mask key the payload is masked (a client must, §5.3);
// without, it is sent as is (a server must not mask, §5.1). Lengths use the shortest form.
void encode_frame(Bytes& out, Opcode opcode, BytesView payload, bool fin = true,
                  const MaskKey* mask = nullptr);
Bytes encode_frame(Opcode opcode, BytesView payload, bool fin = true,
                   const MaskKey* mask = nullptr);

// §5.5.1: a Close payload is empty, or a 2-byte code followed by a UTF-8 reason. The reason is
// cut (at a code point boundary) so that the whole payload fits in 125 bytes.
Bytes close_payload(std::uint16_t code, std::string_view reason = {});

struct CloseInfo {
  std::uint16_t code = close_code::no_status;  // 1005 when the frame carried no code (§7.1.5)
  std::string reason;
};
// Validates a received Close payload: one byte, or an invalid code, is a protocol error
// (1002); a reason that is not UTF-8 is 1007 (§8.1). Either `info` is set, or `failure_code`
// says which close code to fail the connection with.
struct CloseParse {
  std::optional<CloseInfo> info;
  std::uint16_t failure_code = 0;
  std::string failure_reason;
};
CloseParse parse_close_payload(BytesView payload);

// ---- What the parser yields --------------------------------------------------------------

// A complete data message: all its fragments (§5.4) joined, unmasked, text validated.
struct Message {
  bool binary = false;
  std::string data;
};
struct Ping {
  Bytes payload;
};
struct Pong {
  Bytes payload;
};
// The peer's Close frame (§5.5.1). The receiver answers with its own Close (§5.5.1, §7.1.2).
struct Close {
  CloseInfo info;
};
// The peer broke the protocol: _Fail the WebSocket Connection_ (§7.1.7) by sending a Close
// frame with this code and closing. The parser yields nothing after a Failure.
struct Failure {
  std::uint16_t code = close_code::protocol_error;
  std::string reason;
};
using Event = std::variant<Message, Ping, Pong, Close, Failure>;

enum class Role : std::uint8_t { server, client };

struct ParserOptions {
  // Who is reading. A server requires masked frames and a client unmasked ones (§5.1).
  Role role = Role::server;
  // Largest message (sum of its fragments) accepted; beyond it: 1009 (§7.4.1).
  std::size_t max_message_size = 64 * 1024;
};

class FrameParser {
 public:
  explicit FrameParser(ParserOptions options = {}) : options_(options) {}

  // Appends bytes read from the connection; then call next() until it returns nullopt.
  void feed(BytesView data);
  void feed(std::string_view data) { feed(as_bytes(data)); }

  // The next complete message, control frame or failure; nullopt when more bytes are needed.
  std::optional<Event> next();

  bool failed() const { return failed_; }
  // Bytes this parser holds (unparsed input plus a partly assembled message), for the
  // server's memory accounting.
  std::size_t buffered() const { return (buffer_.size() - pos_) + message_.size(); }

 private:
  Failure fail(std::uint16_t code, std::string reason);
  void compact();

  ParserOptions options_;
  Bytes buffer_;         // received bytes not yet parsed, from pos_
  std::size_t pos_ = 0;  // start of the next frame in buffer_
  // The data message being assembled from fragments (§5.4).
  bool in_message_ = false;
  bool message_binary_ = false;
  std::string message_;
  Utf8Validator utf8_;
  bool failed_ = false;
};

}  // namespace rtc::signaling::ws
