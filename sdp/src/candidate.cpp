// ICE candidates: a=candidate (RFC 8839 §5.1), read, written, and trickled (RFC 8840 §4.1).
//
//   candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
//                         connection-address SP port SP "typ" SP cand-type
//                         [SP "raddr" SP connection-address] [SP "rport" SP port]
//                         *(SP extension-att-name SP extension-att-value)
//
// The grammar's extension mechanism is why a candidate from Chromium carries "generation 0
// ufrag EsAw network-id 1 network-cost 10" and one from Firefox none of these; TCP candidates
// add "tcptype active" (RFC 6544 §4.5). The address may be an mDNS name such as
// "1f4712db-ea17-4bcf-a596-105139dfd8bf.local" when the browser hides the host's IP
// (draft-ietf-mmusic-mdns-ice-candidates §3.1.1).
#include <utility>

#include "rtc/sdp/parser.hpp"
#include "typed_attribute.hpp"

namespace rtc::sdp {
namespace detail {

RTC_SDP_INLINE static void parse_value(Cursor& in, Candidate& out, Check& check, bool strict) {
  // Every field is set, or reset when absent (see set_field in text.hpp).
  out.related_port.reset();
  // Every field is followed by exactly one space, up to the candidate type. (Each of these
  // follows a field(), which stops at a space or at the end.)
  auto next = [&](const char* what) {
    if (!in.space_after_field()) return check.fail(in.offset(), what);
    return true;
  };
  const std::string_view foundation = in.field();
  if (foundation.empty() || (strict && !is_ice_chars(foundation, 1, 32))) {
    check.fail(0, "foundation must be 1-32 letters, digits, '+' or '/'");
    return;
  }
  set_field(out.foundation, foundation);
  if (!next("expected ' <component id>'")) return;

  const std::size_t component_at = in.offset();
  if (!check.number(in, out.component, "component id must be a number")) return;
  if (strict && in.offset() - component_at > 3) {
    check.fail(component_at, "component id has at most 3 digits");
    return;
  }
  if (!next("expected ' <transport>'")) return;

  const std::size_t transport_at = in.offset();
  const std::string_view transport = in.field();
  if (transport.empty() || (strict && !is_token(transport))) {
    check.fail(transport_at, "transport must be a token (\"UDP\")");
    return;
  }
  set_field(out.transport, transport);
  if (!next("expected ' <priority>'")) return;

  if (!check.number(in, out.priority, "priority must be a 32-bit number")) return;
  if (!next("expected ' <address>'")) return;

  const std::size_t address_at = in.offset();
  const std::string_view address = in.field();
  if (address.empty() || (strict && !is_non_ws_string(address))) {
    check.fail(address_at, "missing connection address");
    return;
  }
  set_field(out.address, address);
  if (!next("expected ' <port>'")) return;

  if (!check.number(in, out.port, "port must be a number 0-65535")) return;
  if (!in.consume(" typ ")) {
    check.fail(in.offset(), "expected ' typ <candidate type>'");
    return;
  }
  const std::size_t type_at = in.offset();
  const std::string_view type = in.field();
  if (type.empty() || (strict && !is_token(type))) {
    check.fail(type_at, "candidate type must be a token (host, srflx, prflx, relay)");
    return;
  }
  set_field(out.type, type);

  // After the type come "<name> <value>" pairs: raddr and rport first when present (RFC 8839
  // §5.1), then extensions in the order written.
  bool has_related_address = false;
  if (in.consume(" raddr ")) {
    const std::size_t value_at = in.offset();
    const std::string_view value = in.field();
    if (value.empty() || (strict && !is_non_ws_string(value))) {
      check.fail(value_at, "missing related address after raddr");
      return;
    }
    set_field(out.related_address, value);
    has_related_address = true;
  }
  if (!has_related_address) out.related_address.reset();
  if (in.consume(" rport ")) {
    std::uint16_t related_port = 0;
    if (!check.number(in, related_port, "rport must be a number 0-65535")) return;
    out.related_port = related_port;
  }
  // Extensions keep their order. Each pair is set in place: a pair an earlier parse left
  // (parse_into) keeps its strings' memory. A new candidate's vector is sized once, for all the
  // pairs left on the line (Chromium writes four or five).
  std::size_t used = 0;  // extensions set so far
  // The vector's data and size, kept in locals: the compiler must assume that every byte
  // written into a string may change the vector's own members, and would reload them.
  auto* pairs = out.extensions.data();
  std::size_t size = out.extensions.size();
  while (in.space_after_field()) {  // after the type, raddr, rport or the last value
    const std::size_t name_at = in.offset();
    const std::string_view name = in.field();
    if (!in.space_after_field()) {
      check.fail(name_at, "extension name without a value");
      return;
    }
    const std::string_view value = in.field();
    if (name.empty() || value.empty()) {
      check.fail(name_at, "extension names and values are separated by exactly one space");
      return;
    }
    if (strict && (!is_token(name) || !is_non_ws_string(value))) {
      check.fail(name_at, "extension name must be a token and its value visible characters");
      return;
    }
    if (used == size) {
      if (used == out.extensions.capacity()) {
        out.extensions.reserve(used + 1 + in.count_words() / 2);
      }
      out.extensions.emplace_back();
      pairs = out.extensions.data();
      ++size;
    }
    auto& pair = pairs[used++];
    set_field(pair.first, name);
    set_field(pair.second, value);
  }
  truncate(out.extensions, used);
}

void write_candidate_value(const Candidate& c, TextWriter& out) {
  write(out, c.foundation, ' ', Decimal{c.component}, ' ', c.transport, ' ', Decimal{c.priority},
        ' ', c.address, ' ', Decimal{c.port}, " typ ", c.type);
  if (c.related_address) write(out, " raddr ", *c.related_address);
  if (c.related_port) write(out, " rport ", Decimal{*c.related_port});
  for (const auto& [name, value] : c.extensions) write(out, ' ', name, ' ', value);
}

// The entry points of the attributes above (see typed_attribute.hpp).
template struct TypedParser<Candidate>;

}  // namespace detail

std::optional<std::string_view> Candidate::extension(std::string_view name) const {
  for (const auto& [n, v] : extensions) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

bool Candidate::is_mdns() const {
  // mDNS names end in ".local" (RFC 6762 §3); DNS names compare case-insensitively.
  constexpr std::string_view kLocal = ".local";
  return address.size() > kLocal.size() &&
         detail::iequals(std::string_view(address).substr(address.size() - kLocal.size()), kLocal);
}

std::string Candidate::to_string() const {
  std::string out;
  {
    detail::TextWriter writer(out, foundation.size() + address.size() + 96);
    detail::write_candidate_value(*this, writer);
  }
  return out;
}

// `flatten`: as for TypedParser<T> (typed_attribute.hpp), everything called here is inlined so
// that the cursor and the check stay in registers; a signaling server calls this for every
// trickled candidate.
[[gnu::flatten]] Result<Candidate> parse_candidate(std::string_view text) {
  // Trickled candidates arrive as "candidate:..." (the W3C RTCIceCandidate.candidate string),
  // sometimes as the full SDP line "a=candidate:...", sometimes bare (RFC 8840 §4.1).
  std::size_t prefix = 0;
  auto strip = [&](std::string_view p) {
    if (text.starts_with(p)) {
      text.remove_prefix(p.size());
      prefix += p.size();
    }
  };
  strip("a=");
  strip("candidate:");
  if (text.ends_with('\n')) text.remove_suffix(1);
  if (text.ends_with('\r')) text.remove_suffix(1);

  // The grammar is applied strictly here: there is no line to keep verbatim, and a foundation
  // of ice-chars (no ':' or '=') is what makes the prefixes above unambiguous. Leading zeros
  // are fine: the numbers are read all the same.
  //
  // A trickled candidate is a string of its own, with nothing after it that the cursor may
  // load: it reads a padded copy (see kPadding in text.hpp; the fields are copied out of it).
  const detail::PaddedCopy padded(text);
  Candidate candidate;
  detail::Check check;
  detail::Cursor in(padded.text());
  detail::parse_value(in, candidate, check, /*strict=*/true);
  if (check.ok() && !in.at_end()) check.fail(in.offset(), "unexpected text after the candidate");
  if (!check.ok()) {
    return fail_at_line(Errc::malformed, std::string("candidate: ") + check.reason(), 1,
                        prefix + check.offset() + 1);
  }
  return candidate;
}

}  // namespace rtc::sdp
