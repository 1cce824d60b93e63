// Values of the v o s i u e p c b t r z k m lines (RFC 8866 §5.1-§5.14, grammar §9).
#include "fields.hpp"

#include <limits>

namespace rtc::sdp::detail {
namespace {

// A number stored in the model: it must come back exactly as written, so leading zeros and
// values beyond the model's integer are errors here even though the grammar says 1*DIGIT.
template <class T>
std::optional<Problem> model_number(std::string_view field, std::size_t at, T& out,
                                    const char* not_a_number) {
  switch (parse_number(field, out)) {
    case Number::ok:
      return std::nullopt;
    case Number::leading_zero:
      return Problem{at, "number with leading zeros (this model would write it back without)"};
    case Number::too_big:
      return Problem{at, "number too large"};
    case Number::invalid:
      break;
  }
  return Problem{at, not_a_number};
}

// proto = token *("/" token)  RFC 8866 §9
bool is_proto(std::string_view s) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '/') {
      if (!is_token(s.substr(start, i - start))) return false;
      start = i + 1;
    }
  }
  return true;
}

// typed-time = 1*DIGIT [fixed-len-time-unit]; fixed-len-time-unit = "d" / "h" / "m" / "s"
// repeat-interval is the same without a leading zero (POS-DIGIT *DIGIT).  RFC 8866 §9
bool is_typed_time(std::string_view s, bool positive) {
  if (!s.empty() && (s.back() == 'd' || s.back() == 'h' || s.back() == 'm' || s.back() == 's')) {
    s.remove_suffix(1);
  }
  if (s.empty()) return false;
  if (positive && s.front() == '0') return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// time = POS-DIGIT 9*DIGIT: NTP seconds, at least 10 digits.  RFC 8866 §9
bool is_time(std::string_view s) {
  if (s.size() < 10 || s.front() == '0') return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

}  // namespace

// v=0  RFC 8866 §5.1: "This memo defines version 0."
std::optional<Problem> parse_version(std::string_view value, bool strict, int& out) {
  if (strict && value != "0") return Problem{0, "the only SDP version is 0 (RFC 8866 §5.1)"};
  unsigned version = 0;
  if (auto p = model_number(value, 0, version, "version must be a number")) return p;
  if (version > static_cast<unsigned>(std::numeric_limits<int>::max())) {
    return Problem{0, "number too large"};
  }
  out = static_cast<int>(version);
  return std::nullopt;
}

// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>  RFC 8866 §5.2
std::optional<Problem> parse_origin(std::string_view value, bool strict, Origin& out) {
  Cursor in(value);
  std::string_view field[6];
  std::size_t at[6];
  for (int i = 0; i < 6; ++i) {
    if (i > 0 && !in.space_after_field()) {
      return Problem{in.offset(),
                     "o= has six fields: <username> <sess-id> <sess-version> <nettype> "
                     "<addrtype> <unicast-address> (RFC 8866 §5.2)"};
    }
    at[i] = in.offset();
    field[i] = in.field();
    if (field[i].empty()) return Problem{at[i], "empty field (fields are separated by one space)"};
  }
  if (!in.at_end()) return Problem{in.offset(), "unexpected text after the address"};
  if (strict) {
    // username is a non-ws-string, which admits Firefox's "mozilla...THIS_IS_SDPARTA-128.0".
    if (!is_non_ws_string(field[0])) return Problem{at[0], "username must be visible characters"};
    for (char c : field[1]) {
      if (!is_digit(c)) return Problem{at[1], "sess-id must be digits (RFC 8866 §5.2)"};
    }
    if (!is_token(field[3])) return Problem{at[3], "nettype must be a token"};
    if (!is_token(field[4])) return Problem{at[4], "addrtype must be a token"};
    if (!is_non_ws_string(field[5])) return Problem{at[5], "address must be visible characters"};
  }
  // sess-id is often a 64-bit random number written in decimal, or longer: it stays text.
  if (auto p =
          model_number(field[2], at[2], out.session_version, "sess-version must be a number")) {
    return p;
  }
  set_field(out.username, field[0]);
  set_field(out.session_id, field[1]);
  set_field(out.network_type, field[3]);
  set_field(out.address_type, field[4]);
  set_field(out.address, field[5]);
  return std::nullopt;
}

// c=<nettype> <addrtype> <connection-address>  RFC 8866 §5.7. The address keeps any /ttl and
// /number-of-addresses suffix of a multicast address ("233.252.0.1/127/3") as written.
std::optional<Problem> parse_connection(std::string_view value, bool strict, Connection& out) {
  Cursor in(value);
  const std::string_view net = in.field();
  if (net.empty() || (strict && !is_token(net))) return Problem{0, "nettype must be a token"};
  if (!in.space_after_field()) {
    return Problem{in.offset(), "expected ' <addrtype> <connection-address>'"};
  }
  const std::size_t addrtype_at = in.offset();
  const std::string_view addrtype = in.field();
  if (addrtype.empty() || (strict && !is_token(addrtype))) {
    return Problem{addrtype_at, "addrtype must be a token"};
  }
  if (!in.space_after_field()) return Problem{in.offset(), "expected ' <connection-address>'"};
  const std::size_t address_at = in.offset();
  const std::string_view address = in.field();
  if (address.empty() || (strict && !is_non_ws_string(address))) {
    return Problem{address_at, "missing connection address"};
  }
  if (!in.at_end()) return Problem{in.offset(), "unexpected text after the address"};
  set_field(out.network_type, net);
  set_field(out.address_type, addrtype);
  set_field(out.address, address);
  return std::nullopt;
}

// b=<bwtype>:<bandwidth>  RFC 8866 §5.8
std::optional<Problem> parse_bandwidth(std::string_view value, bool strict, Bandwidth& out) {
  Cursor in(value);
  const std::string_view type = in.until(':', ' ');
  if (type.empty() || (strict && !is_token(type))) {
    return Problem{0, "bandwidth type must be a token (CT, AS, TIAS)"};
  }
  if (!in.consume(':')) return Problem{in.offset(), "expected ':<bandwidth>'"};
  const std::size_t at = in.offset();
  if (auto p = model_number(in.rest(), at, out.value, "bandwidth must be a number")) return p;
  set_field(out.type, type);
  return std::nullopt;
}

// t=<start-time> <stop-time>  RFC 8866 §5.9
std::optional<Problem> parse_timing(std::string_view value, bool strict, Timing& out) {
  Cursor in(value);
  const std::string_view start = in.field();
  if (auto p = model_number(start, 0, out.start, "start time must be a number")) return p;
  if (!in.space()) return Problem{in.offset(), "expected ' <stop-time>'"};
  const std::size_t stop_at = in.offset();
  const std::string_view stop = in.rest();
  if (auto p = model_number(stop, stop_at, out.stop, "stop time must be a number")) return p;
  if (strict) {
    if (start != "0" && !is_time(start)) {
      return Problem{0, "a time is 0 or NTP seconds of at least 10 digits (RFC 8866 §5.9)"};
    }
    if (stop != "0" && !is_time(stop)) {
      return Problem{stop_at, "a time is 0 or NTP seconds of at least 10 digits (RFC 8866 §5.9)"};
    }
  }
  return std::nullopt;
}

// m=<media> <port>[/<number of ports>] <proto> <fmt> ...  RFC 8866 §5.14. `flatten`: a
// browser's m= line has 10-30 formats, each copied into a string (set_field inlined).
[[gnu::flatten]] std::optional<Problem> parse_media_line(std::string_view value, bool strict,
                                                         MediaDescription& out) {
  out.port_count.reset();
  Cursor in(value);
  const std::string_view type = in.field();
  if (type.empty() || (strict && !is_token(type))) {
    return Problem{0, "media type must be a token (audio, video, application...)"};
  }
  if (!in.space()) return Problem{in.offset(), "expected ' <port>'"};
  const std::size_t port_at = in.offset();
  if (auto p = model_number(in.until('/', ' '), port_at, out.port, "port must be a number")) {
    return p;
  }
  if (in.consume('/')) {
    const std::size_t count_at = in.offset();
    std::uint16_t count = 0;
    if (auto p = model_number(in.field(), count_at, count, "number of ports must be a number")) {
      return p;
    }
    if (strict && count == 0) return Problem{count_at, "number of ports must be at least 1"};
    out.port_count = count;
  }
  if (!in.space()) return Problem{in.offset(), "expected ' <proto>'"};
  const std::size_t proto_at = in.offset();
  const std::string_view proto = in.field();
  if (proto.empty() || (strict && !is_proto(proto))) {
    return Problem{proto_at, "proto must be tokens separated by '/' (RTP/AVP, UDP/TLS/RTP/SAVPF)"};
  }
  set_field(out.type, type);
  set_field(out.protocol, proto);

  reserve_words(out.formats, 0, in);
  std::size_t count = 0;
  while (in.space_after_field()) {  // after the proto, then after each format
    const std::size_t at = in.offset();
    const std::string_view format = in.field();
    if (format.empty() || (strict && !is_token(format))) {
      return Problem{at, "formats must be tokens separated by one space"};
    }
    set_item(out.formats, count++, format);
  }
  truncate(out.formats, count);
  if (strict && count == 0) {
    return Problem{value.size(), "m= needs at least one format (RFC 8866 §5.14)"};
  }
  return std::nullopt;
}

std::optional<Problem> check_text(std::string_view value, bool strict) {
  // text = byte-string, at least one byte (RFC 8866 §9). NUL and CR are refused for every line
  // when the parser splits lines in strict mode, so only emptiness is left to check here.
  if (strict && value.empty()) return Problem{0, "value must not be empty"};
  return std::nullopt;
}

// r=<repeat interval> <active duration> <offsets from start-time>  RFC 8866 §5.10
//   repeat-field = repeat-interval SP typed-time 1*(SP typed-time)
std::optional<Problem> check_repeat(std::string_view value, bool strict) {
  if (!strict) return std::nullopt;
  Cursor in(value);
  std::size_t count = 0;
  do {
    const std::size_t at = in.offset();
    if (!is_typed_time(in.field(), count == 0)) {
      return Problem{at, "expected a time such as 604800, 7d, 1h, 25m or 30s (RFC 8866 §5.10)"};
    }
    ++count;
  } while (in.space());
  if (!in.at_end()) return Problem{in.offset(), "unexpected text"};
  if (count < 3) {
    return Problem{value.size(), "r= needs an interval, a duration and at least one offset"};
  }
  return std::nullopt;
}

// z=<adjustment time> <offset> ...  RFC 8866 §5.11
//   zone-field = time SP ["-"] typed-time *(SP time SP ["-"] typed-time)
std::optional<Problem> check_zones(std::string_view value, bool strict) {
  if (!strict) return std::nullopt;
  Cursor in(value);
  do {
    const std::size_t time_at = in.offset();
    if (!is_time(in.field())) return Problem{time_at, "expected an NTP time of 10+ digits"};
    if (!in.space()) return Problem{in.offset(), "expected ' <offset>' after the time"};
    const std::size_t offset_at = in.offset();
    in.consume('-');
    if (!is_typed_time(in.field(), false)) {
      return Problem{offset_at, "expected an offset such as -1h or 0 (RFC 8866 §5.11)"};
    }
  } while (in.space());
  if (!in.at_end()) return Problem{in.offset(), "unexpected text"};
  return std::nullopt;
}

// k=<method>[:<encryption key>]  RFC 8866 §5.12 (obsolete, but part of the grammar)
std::optional<Problem> check_key(std::string_view value, bool strict) {
  if (!strict) return std::nullopt;
  if (value == "prompt" || value.starts_with("clear:") || value.starts_with("base64:") ||
      value.starts_with("uri:")) {
    return std::nullopt;
  }
  return Problem{0, "key method must be prompt, clear:, base64: or uri: (RFC 8866 §5.12)"};
}

}  // namespace rtc::sdp::detail
