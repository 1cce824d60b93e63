// a= lines: from the attribute name to the typed parser, and the fallback to GenericAttribute.
//
// RFC 8866 §5.13: attribute = (attribute-name ":" attribute-value) / attribute-name. The name
// picks the grammar of the value; an unknown name is kept verbatim, as RFC 8866 §5.13 asks
// ("attributes that are not understood ... MUST be ignored", and we must not lose them either).
#include <utility>

#include "attribute_grammar.hpp"
#include "rtc/sdp/parser.hpp"

namespace rtc::sdp {
namespace detail {
namespace {

// Every attribute name with a typed model. The four directions share one type (Direction).
enum class Kind : std::uint8_t {
  generic,
  rtpmap,
  fmtp,
  rtcp_fb,
  rtcp,
  extmap,
  mid,
  group,
  msid,
  msid_semantic,
  ssrc,
  ssrc_group,
  rid,
  simulcast,
  ice_ufrag,
  ice_pwd,
  ice_options,
  candidate,
  fingerprint,
  setup,
  sendrecv,
  sendonly,
  recvonly,
  inactive,
  sctp_port,
  max_message_size,
  tls_id,
  identity,
  rtcp_mux,
  rtcp_mux_only,
  rtcp_rsize,
  extmap_allow_mixed,
  ice_lite,
  end_of_candidates,
  bundle_only,
};

// Name -> Kind. A switch on the length first means that most names are told apart by one
// integer comparison and one short memcmp: this runs for every a= line, so it matters.
Kind kind_of(std::string_view name) {
  switch (name.size()) {
    case 3:
      if (equals(name, "mid")) return Kind::mid;
      if (equals(name, "rid")) return Kind::rid;
      break;
    case 4:
      if (equals(name, "ssrc")) return Kind::ssrc;
      if (equals(name, "fmtp")) return Kind::fmtp;
      if (equals(name, "msid")) return Kind::msid;
      if (equals(name, "rtcp")) return Kind::rtcp;
      break;
    case 5:
      if (equals(name, "group")) return Kind::group;
      if (equals(name, "setup")) return Kind::setup;
      break;
    case 6:
      if (equals(name, "rtpmap")) return Kind::rtpmap;
      if (equals(name, "extmap")) return Kind::extmap;
      if (equals(name, "tls-id")) return Kind::tls_id;
      break;
    case 7:
      if (equals(name, "rtcp-fb")) return Kind::rtcp_fb;
      if (equals(name, "ice-pwd")) return Kind::ice_pwd;
      break;
    case 8:
      if (equals(name, "sendrecv")) return Kind::sendrecv;
      if (equals(name, "rtcp-mux")) return Kind::rtcp_mux;
      if (equals(name, "sendonly")) return Kind::sendonly;
      if (equals(name, "recvonly")) return Kind::recvonly;
      if (equals(name, "inactive")) return Kind::inactive;
      if (equals(name, "ice-lite")) return Kind::ice_lite;
      if (equals(name, "identity")) return Kind::identity;
      break;
    case 9:
      if (equals(name, "candidate")) return Kind::candidate;
      if (equals(name, "ice-ufrag")) return Kind::ice_ufrag;
      if (equals(name, "simulcast")) return Kind::simulcast;
      if (equals(name, "sctp-port")) return Kind::sctp_port;
      break;
    case 10:
      if (equals(name, "ssrc-group")) return Kind::ssrc_group;
      if (equals(name, "rtcp-rsize")) return Kind::rtcp_rsize;
      break;
    case 11:
      if (equals(name, "fingerprint")) return Kind::fingerprint;
      if (equals(name, "ice-options")) return Kind::ice_options;
      if (equals(name, "bundle-only")) return Kind::bundle_only;
      break;
    case 13:
      if (equals(name, "msid-semantic")) return Kind::msid_semantic;
      if (equals(name, "rtcp-mux-only")) return Kind::rtcp_mux_only;
      break;
    case 16:
      if (equals(name, "max-message-size")) return Kind::max_message_size;
      break;
    case 17:
      if (equals(name, "end-of-candidates")) return Kind::end_of_candidates;
      break;
    case 18:
      if (equals(name, "extmap-allow-mixed")) return Kind::extmap_allow_mixed;
      break;
    default:
      break;
  }
  return Kind::generic;
}

// Property attributes have no value (RFC 8866 §5.13 "a=<attribute-name>").
template <class T>
constexpr bool kIsFlag = std::is_same_v<T, RtcpMux> || std::is_same_v<T, RtcpMuxOnly> ||
                         std::is_same_v<T, RtcpRsize> || std::is_same_v<T, ExtmapAllowMixed> ||
                         std::is_same_v<T, IceLite> || std::is_same_v<T, EndOfCandidates> ||
                         std::is_same_v<T, BundleOnly> || std::is_same_v<T, Direction>;

struct Split {
  std::string_view name;
  std::optional<std::string_view> value;  // nullopt for "a=name", "" for "a=name:"
};

Split split(std::string_view text) {
  const std::size_t colon = find_either(text, 0, ':', ':');
  if (colon == text.size()) return {text, std::nullopt};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

// `slot` as a T: the T it already holds (reused, memory and all), or a new one.
template <class T>
T& reuse_or_emplace(Attribute& slot) {
  if (T* t = std::get_if<T>(&slot)) return *t;
  return slot.emplace<T>();
}

// Makes `slot` the GenericAttribute that keeps the text as it is.
void keep_generic(Attribute& slot, const Split& s) {
  auto& g = reuse_or_emplace<GenericAttribute>(slot);
  set_text(g.name, s.name);
  if (s.value) {
    set_text(g.value, *s.value);
  } else {
    g.value.reset();
  }
}

// Turns `slot` into a T parsed from the value, or into a GenericAttribute when the typed form
// would not give the same bytes back. The slot is filled in place: an SDP has hundreds of
// attributes, and building each one elsewhere and moving it in (a Candidate is a dozen strings)
// would cost more than parsing it.
template <class T>
std::optional<Problem> parse_typed(Attribute& slot, const Split& s, bool strict,
                                   MediaDirection direction = {}) {
  // Property attributes have no value, value attributes need one (RFC 8866 §5.13). Either
  // mistake is reported at the ':' or where it should be.
  if (kIsFlag<T> == s.value.has_value()) {
    if (strict) {
      return Problem{s.name.size(), kIsFlag<T> ? "this attribute takes no value (RFC 8866 §5.13)"
                                               : "this attribute needs ':' and a value"};
    }
    keep_generic(slot, s);
    return std::nullopt;
  }
  T& typed = reuse_or_emplace<T>(slot);
  if constexpr (std::is_same_v<T, Direction>) typed.value = direction;
  if constexpr (kIsFlag<T>) {
    return std::nullopt;
  } else {
    Check check;
    Cursor in(*s.value);
    parse_value(in, typed, check, strict);
    if (check.ok() && !in.at_end()) check.fail(in.offset(), "unexpected text after the value");
    if (check.verdict() == Verdict::typed) return std::nullopt;
    if (check.verdict() == Verdict::malformed && strict) {
      return Problem{s.name.size() + 1 + check.offset(), check.reason()};
    }
    keep_generic(slot, s);
    return std::nullopt;
  }
}

std::optional<Problem> parse_into(Attribute& slot, const Split& s, bool strict) {
  switch (kind_of(s.name)) {
    case Kind::generic:
      keep_generic(slot, s);
      return std::nullopt;
    case Kind::rtpmap:
      return parse_typed<Rtpmap>(slot, s, strict);
    case Kind::fmtp:
      return parse_typed<Fmtp>(slot, s, strict);
    case Kind::rtcp_fb:
      return parse_typed<RtcpFb>(slot, s, strict);
    case Kind::rtcp:
      return parse_typed<Rtcp>(slot, s, strict);
    case Kind::extmap:
      return parse_typed<Extmap>(slot, s, strict);
    case Kind::mid:
      return parse_typed<Mid>(slot, s, strict);
    case Kind::group:
      return parse_typed<Group>(slot, s, strict);
    case Kind::msid:
      return parse_typed<Msid>(slot, s, strict);
    case Kind::msid_semantic:
      return parse_typed<MsidSemantic>(slot, s, strict);
    case Kind::ssrc:
      return parse_typed<Ssrc>(slot, s, strict);
    case Kind::ssrc_group:
      return parse_typed<SsrcGroup>(slot, s, strict);
    case Kind::rid:
      return parse_typed<Rid>(slot, s, strict);
    case Kind::simulcast:
      return parse_typed<Simulcast>(slot, s, strict);
    case Kind::ice_ufrag:
      return parse_typed<IceUfrag>(slot, s, strict);
    case Kind::ice_pwd:
      return parse_typed<IcePwd>(slot, s, strict);
    case Kind::ice_options:
      return parse_typed<IceOptions>(slot, s, strict);
    case Kind::candidate:
      return parse_typed<Candidate>(slot, s, strict);
    case Kind::fingerprint:
      return parse_typed<Fingerprint>(slot, s, strict);
    case Kind::setup:
      return parse_typed<Setup>(slot, s, strict);
    case Kind::sendrecv:
      return parse_typed<Direction>(slot, s, strict, MediaDirection::sendrecv);
    case Kind::sendonly:
      return parse_typed<Direction>(slot, s, strict, MediaDirection::sendonly);
    case Kind::recvonly:
      return parse_typed<Direction>(slot, s, strict, MediaDirection::recvonly);
    case Kind::inactive:
      return parse_typed<Direction>(slot, s, strict, MediaDirection::inactive);
    case Kind::sctp_port:
      return parse_typed<SctpPort>(slot, s, strict);
    case Kind::max_message_size:
      return parse_typed<MaxMessageSize>(slot, s, strict);
    case Kind::tls_id:
      return parse_typed<TlsId>(slot, s, strict);
    case Kind::identity:
      return parse_typed<Identity>(slot, s, strict);
    case Kind::rtcp_mux:
      return parse_typed<RtcpMux>(slot, s, strict);
    case Kind::rtcp_mux_only:
      return parse_typed<RtcpMuxOnly>(slot, s, strict);
    case Kind::rtcp_rsize:
      return parse_typed<RtcpRsize>(slot, s, strict);
    case Kind::extmap_allow_mixed:
      return parse_typed<ExtmapAllowMixed>(slot, s, strict);
    case Kind::ice_lite:
      return parse_typed<IceLite>(slot, s, strict);
    case Kind::end_of_candidates:
      return parse_typed<EndOfCandidates>(slot, s, strict);
    case Kind::bundle_only:
      return parse_typed<BundleOnly>(slot, s, strict);
  }
  keep_generic(slot, s);
  return std::nullopt;
}

}  // namespace

std::optional<Problem> parse_attribute_into(std::string_view text, bool strict, Attribute& slot) {
  const Split s = split(text);
  if (strict) {
    // RFC 8866 §9: attribute-name = token; attribute-value = byte-string (at least one byte).
    if (!is_token(s.name)) return Problem{0, "attribute name must be a token"};
    if (s.value && !is_byte_string(*s.value)) {
      return Problem{s.name.size() + 1,
                     "attribute value must be one or more bytes other than NUL, CR, LF"};
    }
  }
  return parse_into(slot, s, strict);
}

}  // namespace detail

Result<Attribute> parse_attribute(std::string_view text, const ParseOptions& options) {
  // `text` is exactly what follows "a=" on the line: nothing is stripped, so that what comes
  // back from serialize_attribute() parses to the same attribute.
  Attribute attribute;
  if (auto problem = detail::parse_attribute_into(text, options.strict, attribute)) {
    return fail_at_line(Errc::malformed, problem->reason, 1, problem->offset + 1);
  }
  return attribute;
}

}  // namespace rtc::sdp
