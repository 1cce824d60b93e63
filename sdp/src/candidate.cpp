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
#include <algorithm>
#include <cassert>
#include <optional>
#include <utility>

#include "rtc/sdp/parser.hpp"
#include "typed_attribute.hpp"

namespace rtc::sdp {
namespace detail {

struct CandidateExtensionsAccess {
  static std::string& text(CandidateExtensions& e) { return e.text_; }
};

// Whether the text of a padded line is "<name> <value>" pairs: words that are not empty,
// separated by one space each, an even number of them. 64 bytes per step: a space at the
// start, at the end or right after another leaves an empty word, and an odd count of spaces
// an even one of words. (Only the count's parity matters: the XOR of the masks has it, and
// __builtin_parityll is a flag of one XOR on x86, where std::popcount is a library call
// unless the build assumes a CPU with POPCNT.)
RTC_SDP_INLINE static bool are_pairs(std::string_view text) {
  if (text.empty() || text.back() == ' ') return false;
  std::uint64_t after_space = 1;  // a space before the first word would leave it empty
  std::uint64_t all = 0;          // the masks XORed together
  for (std::size_t at = 0; at < text.size(); at += 64) {
    const std::size_t left = text.size() - at;
    std::uint64_t mask = spaces64(text.data() + at, left);
    if (left < 64) mask &= (std::uint64_t{1} << left) - 1;
    if (mask & (mask << 1 | after_space)) return false;
    after_space = mask >> 63;
    all ^= mask;
  }
  return __builtin_parityll(all) == 1;
}

// What is wrong with extension pairs (the first problem, from the start of `text`), walking
// them one by one: for the error message when are_pairs() said no, and for strict parsing,
// which also checks each word's characters.
struct PairsProblem {
  std::size_t offset;
  const char* reason;
};
[[gnu::cold]] static std::optional<PairsProblem> pairs_problem(std::string_view text, bool strict) {
  std::size_t at = 0;
  auto word = [&] {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    const std::string_view w = text.substr(at, end - at);
    at = end;
    return w;
  };
  while (true) {
    const std::size_t name_at = at;
    const std::string_view name = word();
    if (at == text.size()) return PairsProblem{name_at, "extension name without a value"};
    ++at;  // the space
    const std::string_view value = word();
    if (name.empty() || value.empty()) {
      return PairsProblem{name_at, "extension names and values are separated by exactly one space"};
    }
    if (strict && (!is_token(name) || !is_non_ws_string(value))) {
      return PairsProblem{name_at,
                          "extension name must be a token and its value visible characters"};
    }
    if (at == text.size()) return std::nullopt;
    ++at;  // the space before the next name
  }
}

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
  // The rest of the line is the extension pairs, kept as written (see CandidateExtensions) once
  // they are known to be pairs.
  if (!in.space_after_field()) {
    out.extensions.clear();
    return;
  }
  const std::size_t pairs_at = in.offset();
  const std::string_view pairs = in.rest();
  if (strict || !are_pairs(pairs)) [[unlikely]] {  // strict parsing walks the pairs anyway
    const auto problem = pairs_problem(pairs, strict);
    assert(problem || are_pairs(pairs));  // the walk and the masks agree (ASan build, fuzzing)
    if (problem) {
      check.fail(pairs_at + problem->offset, problem->reason);
      return;
    }
  }
  set_text(CandidateExtensionsAccess::text(out.extensions), pairs);
}

void write_candidate_value(const Candidate& c, TextWriter& out) {
  write(out, c.foundation, ' ', Decimal{c.component}, ' ', c.transport, ' ', Decimal{c.priority},
        ' ', c.address, ' ', Decimal{c.port}, " typ ", c.type);
  if (c.related_address) write(out, " raddr ", *c.related_address);
  if (c.related_port) write(out, " rport ", Decimal{*c.related_port});
  if (!c.extensions.empty()) write(out, ' ', c.extensions.text());
}

// The entry points of the attributes above (see typed_attribute.hpp).
template struct TypedParser<Candidate>;

}  // namespace detail

void CandidateExtensions::Iterator::read() {
  if (rest_.empty()) {
    pair_ = Pair{};
    return;
  }
  // The text holds whole pairs with one space between words (are_pairs(), add()).
  const std::size_t name_end = rest_.find(' ');
  const std::size_t value_end = std::min(rest_.find(' ', name_end + 1), rest_.size());
  pair_ = Pair{rest_.substr(0, name_end), rest_.substr(name_end + 1, value_end - name_end - 1)};
  rest_.remove_prefix(std::min(value_end + 1, rest_.size()));
}

std::size_t CandidateExtensions::size() const {
  return empty() ? 0 : (static_cast<std::size_t>(std::ranges::count(text_, ' ')) + 1) / 2;
}

std::optional<std::string_view> CandidateExtensions::find(std::string_view name) const {
  for (const auto& [n, v] : *this) {
    if (n == name) return v;
  }
  return std::nullopt;
}

bool CandidateExtensions::add(std::string_view name, std::string_view value) {
  // A word that does not break the line: RFC 8866 §9's non-ws-string.
  if (!detail::is_non_ws_string(name) || !detail::is_non_ws_string(value)) return false;
  if (!text_.empty()) text_ += ' ';
  text_.append(name).append(1, ' ').append(value);
  return true;
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
