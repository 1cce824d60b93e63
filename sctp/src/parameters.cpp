#include "rtc/sctp/parameters.hpp"

namespace rtc::sctp {

Result<std::vector<Parameter>> parse_parameters(BytesView area, std::size_t base_offset) {
  std::vector<Parameter> out;
  std::size_t pos = 0;
  while (pos < area.size()) {
    // A trailing run of fewer than four bytes can only be padding of the previous TLV.
    if (area.size() - pos < 4) {
      for (std::size_t i = pos; i < area.size(); ++i) {
        if (area[i] != 0)
          return fail_at(Errc::malformed, "stray bytes after parameters", base_offset + i);
      }
      break;
    }
    const std::uint16_t type = load_be16(area, pos);
    const std::uint16_t length = load_be16(area, pos + 2);
    if (length < 4) return fail_at(Errc::malformed, "parameter length below 4", base_offset + pos);
    if (length > area.size() - pos) {
      return fail_at(Errc::truncated, "parameter runs past its chunk", base_offset + pos);
    }
    out.push_back(Parameter{type, area.subspan(pos + 4, length - 4u), area.subspan(pos, length)});
    pos += (static_cast<std::size_t>(length) + 3u) & ~std::size_t{3};
  }
  return out;
}

void write_parameter(ByteWriter& w, std::uint16_t type, BytesView value) {
  w.u16(type);
  w.u16(static_cast<std::uint16_t>(4 + value.size()));
  w.bytes(value);
  w.zeros((4 - value.size() % 4) % 4);
}

Result<std::vector<ErrorCause>> parse_error_causes(BytesView area, std::size_t base_offset) {
  auto params = parse_parameters(area, base_offset);
  if (!params) return std::unexpected(params.error());
  std::vector<ErrorCause> out;
  out.reserve(params->size());
  for (const auto& p : *params) out.push_back(ErrorCause{p.type, p.value});
  return out;
}

void write_error_cause(ByteWriter& w, CauseCode code, BytesView info) {
  write_parameter(w, static_cast<std::uint16_t>(code), info);
}

const char* to_string(CauseCode code) {
  switch (code) {
    case CauseCode::invalid_stream_identifier:
      return "Invalid Stream Identifier";
    case CauseCode::missing_mandatory_parameter:
      return "Missing Mandatory Parameter";
    case CauseCode::stale_cookie:
      return "Stale Cookie Error";
    case CauseCode::out_of_resource:
      return "Out of Resource";
    case CauseCode::unresolvable_address:
      return "Unresolvable Address";
    case CauseCode::unrecognized_chunk_type:
      return "Unrecognized Chunk Type";
    case CauseCode::invalid_mandatory_parameter:
      return "Invalid Mandatory Parameter";
    case CauseCode::unrecognized_parameters:
      return "Unrecognized Parameters";
    case CauseCode::no_user_data:
      return "No User Data";
    case CauseCode::cookie_while_shutting_down:
      return "Cookie Received While Shutting Down";
    case CauseCode::restart_with_new_addresses:
      return "Restart of an Association with New Addresses";
    case CauseCode::user_initiated_abort:
      return "User-Initiated Abort";
    case CauseCode::protocol_violation:
      return "Protocol Violation";
  }
  return "Unknown Cause";
}

}  // namespace rtc::sctp
