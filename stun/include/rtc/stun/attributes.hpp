// STUN attributes: the type registry and typed decoding of each value (RFC 8489 §14, §18.3).
//
// Every attribute is a TLV: 16-bit type, 16-bit length of the value (before padding), the value,
// then 0-3 padding bytes so the next attribute starts on a 32-bit boundary (§14):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Type                  |            Length             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Value (variable)                ....
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Types 0x0000-0x7FFF are comprehension-required: an agent that does not understand one must
// reject the message (a request gets 420 with UNKNOWN-ATTRIBUTES). 0x8000-0xFFFF are
// comprehension-optional and are skipped when unknown (§14, §7.3.1).
//
// The decoders here read one attribute *value* (a BytesView the message view hands out) and say
// precisely what is wrong when it breaks its RFC's rules. Writing values is MessageBuilder's job
// (builder.hpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/stun/header.hpp"

namespace rtc::stun {

enum class AttributeType : std::uint16_t {
  // RFC 8489 §18.3 (comprehension-required)
  mapped_address = 0x0001,
  username = 0x0006,
  message_integrity = 0x0008,
  error_code = 0x0009,
  unknown_attributes = 0x000A,
  realm = 0x0014,
  nonce = 0x0015,
  message_integrity_sha256 = 0x001C,
  password_algorithm = 0x001D,
  userhash = 0x001E,
  xor_mapped_address = 0x0020,
  // RFC 8656 §18 TURN (comprehension-required)
  channel_number = 0x000C,
  lifetime = 0x000D,
  xor_peer_address = 0x0012,
  data = 0x0013,
  xor_relayed_address = 0x0016,
  requested_address_family = 0x0017,
  even_port = 0x0018,
  requested_transport = 0x0019,
  dont_fragment = 0x001A,
  reservation_token = 0x0022,
  // RFC 8445 §16.1 ICE (comprehension-required)
  priority = 0x0024,
  use_candidate = 0x0025,
  // RFC 5780 §7.6 NAT behaviour discovery (named for the decoder only)
  padding = 0x0026,
  // RFC 8489 §18.3 (comprehension-optional)
  password_algorithms = 0x8002,
  alternate_domain = 0x8003,
  software = 0x8022,
  alternate_server = 0x8023,
  fingerprint = 0x8028,
  // RFC 8656 §18 (comprehension-optional)
  additional_address_family = 0x8000,
  address_error_code = 0x8001,
  icmp = 0x8004,
  // RFC 8445 §16.1 (comprehension-optional)
  ice_controlled = 0x8029,
  ice_controlling = 0x802A,
  // RFC 5780 §7 (comprehension-optional; named for the decoder only)
  response_origin = 0x802B,
  other_address = 0x802C,
  // Chromium's network id and cost on ICE checks (not in the IANA registry; comprehension-
  // optional, so every other agent skips it).
  goog_network_info = 0xC057,
};

constexpr std::uint16_t to_uint(AttributeType t) {
  return static_cast<std::uint16_t>(t);
}
// RFC 8489 §14: the first half of the type space must be understood to process the message.
constexpr bool is_comprehension_required(AttributeType t) {
  return to_uint(t) < 0x8000;
}

// "USERNAME", "XOR-MAPPED-ADDRESS", ... or nullptr for an unknown type.
const char* name(AttributeType t);
// Where the attribute is defined, "RFC 8489 §14.3"; nullptr if unknown.
const char* rfc_section(AttributeType t);
// True for the attributes whose values this module decodes (all of the above except the
// decoder-only names). A binding server understands these when it checks for 420.
bool is_supported(AttributeType t);

// --- Addresses (RFC 8489 §14.1, §14.2) ---------------------------------------------------------

inline constexpr std::uint8_t kFamilyIpv4 = 0x01;
inline constexpr std::uint8_t kFamilyIpv6 = 0x02;

// MAPPED-ADDRESS, ALTERNATE-SERVER, RESPONSE-ORIGIN, OTHER-ADDRESS: family, port, address.
Result<SocketAddress> decode_address(BytesView value,
                                     AttributeType type = AttributeType::mapped_address);
// XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS: the port is XORed with the top 16
// bits of the magic cookie, an IPv4 address with the cookie, an IPv6 address with the cookie
// followed by the transaction id (§14.2). NATs that rewrite addresses in payloads miss it.
Result<SocketAddress> decode_xor_address(BytesView value, const TransactionId& id,
                                         AttributeType type = AttributeType::xor_mapped_address);
// Writes the value of an address attribute into `out` (8 bytes for IPv4, 20 for IPv6), XORed
// when `xor_with` is given.
void write_address_value(MutableBytesView out, const SocketAddress& address,
                         const TransactionId* xor_with);

// --- Numbers and flags ----------------------------------------------------------------------

// PRIORITY (RFC 8445 §16.1), LIFETIME (RFC 8656 §18.2), FINGERPRINT: exactly 4 bytes.
Result<std::uint32_t> decode_u32(BytesView value, AttributeType type);
// ICE-CONTROLLED / ICE-CONTROLLING tie-breakers (RFC 8445 §16.1), RESERVATION-TOKEN
// (RFC 8656 §18.10): exactly 8 bytes.
Result<std::uint64_t> decode_u64(BytesView value, AttributeType type);
// USE-CANDIDATE (RFC 8445 §16.1), DONT-FRAGMENT (RFC 8656 §18.9): a flag with an empty value.
Result<void> decode_empty(BytesView value, AttributeType type);
// USERHASH (32), MESSAGE-INTEGRITY (20): a fixed-size opaque value.
Result<BytesView> decode_fixed(BytesView value, std::size_t size, AttributeType type);

// --- Text (RFC 8489 §14.3, §14.9, §14.10, §14.14, §14.16) --------------------------------------

// USERNAME, REALM, NONCE, SOFTWARE, ALTERNATE-DOMAIN, the ERROR-CODE reason: valid UTF-8 within
// the decoding limit (763 bytes; 255 ASCII characters for ALTERNATE-DOMAIN).
Result<std::string_view> decode_text(BytesView value, AttributeType type);
// The stricter limits for what we send: USERNAME fewer than 509 bytes; REALM, NONCE, SOFTWARE
// and reason phrases fewer than 128 characters (§14.3, §14.8-§14.10, §14.14).
Result<void> check_text_for_sending(std::string_view text, AttributeType type);
// RFC 3629 well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool is_valid_utf8(std::string_view text);
// True for text that decode_text() accepts without a closer look: at most 64 bytes, all ASCII
// (an ICE username is "ufrag:ufrag", RFC 8445 §7.2.2). Eight bytes per load; the last load
// ends where the text ends and may overlap the one before, so there is no loop over single
// bytes (a 9-byte username is two loads).
inline bool is_short_ascii(BytesView value) {
  const std::size_t n = value.size();
  const std::uint8_t* p = value.data();
  auto load = [p]<class Word>(Word, std::size_t at) {
    Word word;
    std::memcpy(&word, p + at, sizeof word);
    return std::uint64_t{word};
  };
  std::uint64_t high;
  if (n >= 8) {
    if (n > 64) return false;
    high = load(std::uint64_t{}, n - 8);
    for (std::size_t i = 0; i + 8 < n; i += 8) high |= load(std::uint64_t{}, i);
  } else if (n >= 4) {
    high = load(std::uint32_t{}, 0) | load(std::uint32_t{}, n - 4);
  } else {
    high = n == 0 ? 0 : (p[0] | p[n / 2] | p[n - 1]);  // 1-3 bytes: these three cover them
  }
  return (high & 0x8080808080808080ull) == 0;
}
std::size_t utf8_length(std::string_view text);  // in characters (code points)

// --- ERROR-CODE (RFC 8489 §14.8) --------------------------------------------------------------

namespace error {
inline constexpr std::uint16_t kTryAlternate = 300;               // RFC 8489 §14.8
inline constexpr std::uint16_t kBadRequest = 400;                 // RFC 8489 §14.8
inline constexpr std::uint16_t kUnauthenticated = 401;            // RFC 8489 §14.8
inline constexpr std::uint16_t kForbidden = 403;                  // RFC 8656 §19
inline constexpr std::uint16_t kMobilityForbidden = 405;          // RFC 8016 §3.4
inline constexpr std::uint16_t kUnknownAttribute = 420;           // RFC 8489 §14.8
inline constexpr std::uint16_t kAllocationMismatch = 437;         // RFC 8656 §19
inline constexpr std::uint16_t kStaleNonce = 438;                 // RFC 8489 §14.8
inline constexpr std::uint16_t kAddressFamilyNotSupported = 440;  // RFC 8656 §19
inline constexpr std::uint16_t kWrongCredentials = 441;           // RFC 8656 §19
inline constexpr std::uint16_t kUnsupportedTransport = 442;       // RFC 8656 §19
inline constexpr std::uint16_t kPeerAddressFamilyMismatch = 443;  // RFC 8656 §19
inline constexpr std::uint16_t kAllocationQuotaReached = 486;     // RFC 8656 §19
inline constexpr std::uint16_t kRoleConflict = 487;               // RFC 8445 §16.2
inline constexpr std::uint16_t kServerError = 500;                // RFC 8489 §14.8
inline constexpr std::uint16_t kInsufficientCapacity = 508;       // RFC 8656 §19
}  // namespace error

// The recommended reason phrase ("Bad Request"), or "" for codes without one.
std::string_view default_reason(std::uint16_t code);

struct ErrorCode {
  std::uint16_t code = 0;   // 300-699: class * 100 + number
  std::string_view reason;  // points into the message
};
Result<ErrorCode> decode_error_code(BytesView value);

// --- UNKNOWN-ATTRIBUTES (RFC 8489 §14.13) -----------------------------------------------------

Result<std::vector<AttributeType>> decode_unknown_attributes(BytesView value);

// --- Password algorithms (RFC 8489 §14.11, §14.12, §18.5) -------------------------------------

enum class PasswordAlgorithm : std::uint16_t { md5 = 0x0001, sha256 = 0x0002 };
const char* to_string(PasswordAlgorithm a);  // "MD5", "SHA-256", or nullptr

struct PasswordAlgorithmEntry {
  std::uint16_t algorithm = 0;  // a PasswordAlgorithm value, or one we do not know
  BytesView parameters;         // empty for MD5 and SHA-256
};
// PASSWORD-ALGORITHMS: a list of {algorithm, parameters length, parameters, padding}.
Result<std::vector<PasswordAlgorithmEntry>> decode_password_algorithms(BytesView value);
// PASSWORD-ALGORITHM: one entry.
Result<PasswordAlgorithmEntry> decode_password_algorithm(BytesView value);
// The value of either attribute (4 bytes per algorithm), for algorithms without parameters.
void write_password_algorithms_value(MutableBytesView out, std::span<const PasswordAlgorithm> list);

// --- TURN values (RFC 8656 §18) ---------------------------------------------------------------

// CHANNEL-NUMBER: 16-bit number then 16 reserved bits (§18.1). Range checked by the caller
// (channel_data.hpp: 0x4000-0x4FFF).
Result<std::uint16_t> decode_channel_number(BytesView value);
// REQUESTED-ADDRESS-FAMILY (§18.6) / ADDITIONAL-ADDRESS-FAMILY (§18.11): family byte + 3 RFFU.
Result<AddressFamily> decode_address_family(BytesView value, AttributeType type);
// EVEN-PORT (§18.7): one byte whose top bit R asks to reserve the next port too.
Result<bool> decode_even_port(BytesView value);
// REQUESTED-TRANSPORT (§18.8): IANA protocol number (17 = UDP) + 3 RFFU.
Result<std::uint8_t> decode_requested_transport(BytesView value);
inline constexpr std::uint8_t kProtocolUdp = 17;
inline constexpr std::uint8_t kProtocolTcp = 6;

}  // namespace rtc::stun
