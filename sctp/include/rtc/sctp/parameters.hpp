// Variable-length parameters (RFC 9260 §3.2.1) and error causes (§3.3.10): the TLVs that
// INIT, INIT ACK, HEARTBEAT, ERROR, ABORT and RE-CONFIG chunks carry.
#pragma once

#include <cstdint>
#include <vector>

#include "rtc/common/bytes.hpp"

namespace rtc::sctp {

// Parameter types used by this stack (RFC 9260 §3.3.2, RFC 3758 §3.1, RFC 5061 §4.2.7,
// RFC 6525 §4).
enum class ParamType : std::uint16_t {
  heartbeat_info = 1,
  ipv4_address = 5,
  ipv6_address = 6,
  state_cookie = 7,
  unrecognized_parameter = 8,
  cookie_preservative = 9,
  host_name_address = 11,
  supported_address_types = 12,
  outgoing_ssn_reset_request = 13,  // RFC 6525 §4.1
  incoming_ssn_reset_request = 14,  // RFC 6525 §4.2
  ssn_tsn_reset_request = 15,       // RFC 6525 §4.3
  reconfig_response = 16,           // RFC 6525 §4.4
  add_outgoing_streams = 17,        // RFC 6525 §4.5
  add_incoming_streams = 18,        // RFC 6525 §4.6
  ecn_capable = 0x8000,
  supported_extensions = 0x8008,   // RFC 5061 §4.2.7
  forward_tsn_supported = 0xC000,  // RFC 3758 §3.1
};

// Error cause codes (RFC 9260 §3.3.10).
enum class CauseCode : std::uint16_t {
  invalid_stream_identifier = 1,
  missing_mandatory_parameter = 2,
  stale_cookie = 3,
  out_of_resource = 4,
  unresolvable_address = 5,
  unrecognized_chunk_type = 6,
  invalid_mandatory_parameter = 7,
  unrecognized_parameters = 8,
  no_user_data = 9,
  cookie_while_shutting_down = 10,
  restart_with_new_addresses = 11,
  user_initiated_abort = 12,
  protocol_violation = 13,
};

// One TLV as it sits in the buffer: `value` excludes the 4-byte header and the padding.
struct Parameter {
  std::uint16_t type = 0;
  BytesView value;
  BytesView whole;  // header + value, without padding (what "Unrecognized Parameter" echoes)
};

// Splits a parameter area into TLVs. Fails on a length below 4 or past the end; the last
// parameter's padding may be missing (RFC 9260 §3.2: the receiver must not rely on it).
// `base_offset` is added to error offsets so that they point into the whole packet.
Result<std::vector<Parameter>> parse_parameters(BytesView area, std::size_t base_offset = 0);

// Appends type, length, value and zero padding to a multiple of four bytes.
void write_parameter(ByteWriter& w, std::uint16_t type, BytesView value);
inline void write_parameter(ByteWriter& w, ParamType type, BytesView value) {
  write_parameter(w, static_cast<std::uint16_t>(type), value);
}

// RFC 9260 §3.2.1: the two high bits of an unrecognized parameter type say what to do.
struct UnknownParamAction {
  bool stop;    // 00, 01: stop processing the parameters of this chunk
  bool report;  // 01, 11: report it (Unrecognized Parameter in INIT ACK, or an ERROR chunk)
};
constexpr UnknownParamAction unknown_param_action(std::uint16_t type) {
  return {(type & 0x8000) == 0, (type & 0x4000) != 0};
}

// Error causes (RFC 9260 §3.3.10) share the TLV layout of parameters.
struct ErrorCause {
  std::uint16_t code = 0;
  BytesView info;
};
Result<std::vector<ErrorCause>> parse_error_causes(BytesView area, std::size_t base_offset = 0);
void write_error_cause(ByteWriter& w, CauseCode code, BytesView info);
const char* to_string(CauseCode code);

}  // namespace rtc::sctp
