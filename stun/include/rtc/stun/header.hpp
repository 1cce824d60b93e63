// The 20-byte STUN header (RFC 8489 §5): message type, length, magic cookie, transaction id.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |0 0|     STUN Message Type     |         Message Length        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Magic Cookie                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                     Transaction ID (96 bits)                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The 14-bit message type mixes a 12-bit method (Binding, Allocate, ...) with a 2-bit class
// (request, indication, success or error response). The two class bits sit *between* method
// bits, a leftover of RFC 3489's type numbers (§5, Figure 3):
//
//     13 12 11 10  9  8  7  6  5  4  3  2  1  0
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+
//    |M11 ... M7    |C1|M6 M5 M4|C0|M3 M2 M1 M0|
//    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "rtc/common/random.hpp"

namespace rtc::stun {

// RFC 8489 §5: the fixed value that tells STUN apart from other protocols (and RFC 3489).
inline constexpr std::uint32_t kMagicCookie = 0x2112A442;
inline constexpr std::size_t kHeaderSize = 20;
inline constexpr std::size_t kAttributeHeaderSize = 4;
inline constexpr std::size_t kTransactionIdSize = 12;

enum class MessageClass : std::uint8_t {
  request = 0b00,
  indication = 0b01,
  success_response = 0b10,
  error_response = 0b11,
};
const char* to_string(MessageClass c);  // "request", "indication", "success response", ...

// STUN methods (IANA "STUN Methods" registry). The enum holds any 12-bit value; the names are
// the ones this stack speaks.
enum class Method : std::uint16_t {
  binding = 0x001,             // RFC 8489 §18.2
  allocate = 0x003,            // RFC 8656 §17
  refresh = 0x004,             // RFC 8656 §17
  send = 0x006,                // RFC 8656 §17 (indication only)
  data = 0x007,                // RFC 8656 §17 (indication only)
  create_permission = 0x008,   // RFC 8656 §17
  channel_bind = 0x009,        // RFC 8656 §17
  connect = 0x00A,             // RFC 6062 §6.1
  connection_bind = 0x00B,     // RFC 6062 §6.1
  connection_attempt = 0x00C,  // RFC 6062 §6.1
};
// "Binding", "Allocate", ... or nullptr for a method this stack has no name for.
const char* to_string(Method m);

// RFC 8489 §5: interleave method and class into the 14-bit message type.
constexpr std::uint16_t message_type(Method method, MessageClass cls) {
  auto m = static_cast<std::uint16_t>(method);
  auto c = static_cast<std::uint16_t>(cls);
  return static_cast<std::uint16_t>((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) |
                                    ((c & 0b01) << 4) | ((c & 0b10) << 7));
}
// ... and take them apart again.
constexpr Method method_of(std::uint16_t type) {
  return static_cast<Method>((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
}
constexpr MessageClass class_of(std::uint16_t type) {
  return static_cast<MessageClass>(((type >> 4) & 0b01) | ((type >> 7) & 0b10));
}

static_assert(message_type(Method::binding, MessageClass::request) == 0x0001);
static_assert(message_type(Method::binding, MessageClass::success_response) == 0x0101);
static_assert(message_type(Method::binding, MessageClass::error_response) == 0x0111);
static_assert(message_type(Method::send, MessageClass::indication) == 0x0016);

// RFC 8489 §5: 96 bits chosen by the client, uniformly random (§6: it is also what makes
// XOR-MAPPED-ADDRESS and the integrity of responses hard to forge).
using TransactionId = std::array<std::uint8_t, kTransactionIdSize>;
TransactionId random_transaction_id(Random& random);

}  // namespace rtc::stun
