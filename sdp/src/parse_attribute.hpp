// a= lines: from the attribute name to the typed parser, and the fallback to GenericAttribute
// (private to sdp/src).
//
// RFC 8866 §5.13: attribute = (attribute-name ":" attribute-value) / attribute-name. The name
// picks the grammar of the value; an unknown name is kept verbatim, as RFC 8866 §5.13 asks
// ("attributes that are not understood ... MUST be ignored", and we must not lose them either).
//
// Everything here is inline: it runs for every a= line, and inlined into the parser's loop the
// dispatch costs a few compares and one call, to the parser of the attribute's type.
#pragma once

#include <optional>
#include <string_view>

#include "attribute_grammar.hpp"

namespace rtc::sdp::detail {

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

// Whether `text` starts with the attribute name `name`, followed by ':' or by nothing.
template <std::size_t N>
RTC_SDP_INLINE bool named(std::string_view text, const char (&name)[N]) {
  constexpr std::size_t n = N - 1;
  return text.size() >= n && same_bytes(text.data(), name, n) &&
         (text.size() == n || text[n] == ':');
}

// The typed attribute whose name starts `text` ("rtpmap:111 opus/48000/2"), or generic. The
// first letter, then the names with that letter, the most frequent first: a browser's SDP is
// mostly rtcp-fb, rtpmap, candidate and fmtp lines, each found with two or three compares,
// without first searching for the ':'. Those three first letters are tested before the switch
// over the others, one compare each, where the switch costs a table look-up and an indirect
// jump.
RTC_SDP_INLINE Kind kind_of(std::string_view text) {
  if (text.empty()) return Kind::generic;
  const char first = text[0];
  if (first == 'r') {
    if (named(text, "rtcp-fb")) return Kind::rtcp_fb;
    if (named(text, "rtpmap")) return Kind::rtpmap;
    if (named(text, "rtcp")) return Kind::rtcp;
    if (named(text, "rtcp-mux")) return Kind::rtcp_mux;
    if (named(text, "rtcp-rsize")) return Kind::rtcp_rsize;
    if (named(text, "rtcp-mux-only")) return Kind::rtcp_mux_only;
    if (named(text, "recvonly")) return Kind::recvonly;
    if (named(text, "rid")) return Kind::rid;
    return Kind::generic;
  }
  if (first == 'c') return named(text, "candidate") ? Kind::candidate : Kind::generic;
  if (first == 'f') {
    if (named(text, "fmtp")) return Kind::fmtp;
    if (named(text, "fingerprint")) return Kind::fingerprint;
    return Kind::generic;
  }
  switch (first) {
    case 'b':
      if (named(text, "bundle-only")) return Kind::bundle_only;
      break;
    case 'e':
      if (named(text, "extmap")) return Kind::extmap;
      if (named(text, "extmap-allow-mixed")) return Kind::extmap_allow_mixed;
      if (named(text, "end-of-candidates")) return Kind::end_of_candidates;
      break;
    case 'g':
      if (named(text, "group")) return Kind::group;
      break;
    case 'i':
      if (named(text, "ice-ufrag")) return Kind::ice_ufrag;
      if (named(text, "ice-pwd")) return Kind::ice_pwd;
      if (named(text, "ice-options")) return Kind::ice_options;
      if (named(text, "ice-lite")) return Kind::ice_lite;
      if (named(text, "inactive")) return Kind::inactive;
      if (named(text, "identity")) return Kind::identity;
      break;
    case 'm':
      if (named(text, "mid")) return Kind::mid;
      if (named(text, "msid")) return Kind::msid;
      if (named(text, "msid-semantic")) return Kind::msid_semantic;
      if (named(text, "max-message-size")) return Kind::max_message_size;
      break;
    case 's':
      if (named(text, "ssrc")) return Kind::ssrc;
      if (named(text, "ssrc-group")) return Kind::ssrc_group;
      if (named(text, "setup")) return Kind::setup;
      if (named(text, "sendrecv")) return Kind::sendrecv;
      if (named(text, "sendonly")) return Kind::sendonly;
      if (named(text, "simulcast")) return Kind::simulcast;
      if (named(text, "sctp-port")) return Kind::sctp_port;
      break;
    case 't':
      if (named(text, "tls-id")) return Kind::tls_id;
      break;
    default:
      break;
  }
  return Kind::generic;
}

// RFC 8866 §9: attribute-name = token; attribute-value = byte-string (at least one byte).
[[gnu::noinline]] inline std::optional<Problem> check_name_and_value(const Split& s) {
  if (!is_token(s.name)) return Problem{0, "attribute name must be a token"};
  if (s.value && !is_byte_string(*s.value)) {
    return Problem{s.name.size() + 1,
                   "attribute value must be one or more bytes other than NUL, CR, LF"};
  }
  return std::nullopt;
}

// `text` split at its first ':', for a name kind_of() does not know.
RTC_SDP_INLINE Split split(std::string_view text) {
  Cursor in(text);
  const std::string_view name = in.until(':');
  if (!in.consume(':')) return {text, std::nullopt};
  return {name, in.rest()};
}

// Property attributes (RFC 8866 §5.13 "a=<attribute-name>") have no value to parse: the name
// is the whole attribute. With a value they are kept verbatim (or refused when strict).
// (The Split is built only for that rare case.)
template <class Set>
RTC_SDP_INLINE std::optional<Problem> parse_flag(AttributeSlot slot, std::string_view text,
                                                 std::size_t name_length, bool strict, Set set) {
  if (text.size() != name_length) {
    if (strict) return Problem{name_length, "this attribute takes no value (RFC 8866 §5.13)"};
    keep_generic(slot, split_after(text, name_length));
    return std::nullopt;
  }
  set(slot);
  return std::nullopt;
}
template <class T>
RTC_SDP_INLINE std::optional<Problem> parse_flag(AttributeSlot slot, std::string_view text,
                                                 bool strict) {
  return parse_flag(slot, text, T::kName.size(), strict, [](AttributeSlot s) { s.get<T>(); });
}

// a=sendrecv / sendonly / recvonly / inactive (RFC 8866 §6.7): one type, Direction. The four
// names have eight letters each.
RTC_SDP_INLINE std::optional<Problem> parse_direction(AttributeSlot slot, std::string_view text,
                                                      bool strict, MediaDirection direction) {
  return parse_flag(slot, text, 8, strict,
                    [direction](AttributeSlot s) { s.get<Direction>().value = direction; });
}

// Parses the attribute written as `text` (what follows "a=") into `slot`: typed when the typed
// model reproduces it exactly, a GenericAttribute otherwise. Lenient parsing never fails;
// strict parsing returns the problem (offset into `text`) when the value breaks its grammar.
// `text` lies in a padded text (see kPadding in text.hpp).
RTC_SDP_INLINE std::optional<Problem> parse_attribute_into(std::string_view text, bool strict,
                                                           AttributeSlot slot) {
  if (strict) {
    if (auto problem = check_name_and_value(split(text))) return problem;
  }
  switch (kind_of(text)) {
    case Kind::generic:
      break;
    case Kind::rtpmap:
      return parse_typed<Rtpmap>(slot, text, strict);
    case Kind::fmtp:
      return parse_typed<Fmtp>(slot, text, strict);
    case Kind::rtcp_fb:
      return parse_typed<RtcpFb>(slot, text, strict);
    case Kind::rtcp:
      return parse_typed<Rtcp>(slot, text, strict);
    case Kind::extmap:
      return parse_typed<Extmap>(slot, text, strict);
    case Kind::mid:
      return parse_typed<Mid>(slot, text, strict);
    case Kind::group:
      return parse_typed<Group>(slot, text, strict);
    case Kind::msid:
      return parse_typed<Msid>(slot, text, strict);
    case Kind::msid_semantic:
      return parse_typed<MsidSemantic>(slot, text, strict);
    case Kind::ssrc:
      return parse_typed<Ssrc>(slot, text, strict);
    case Kind::ssrc_group:
      return parse_typed<SsrcGroup>(slot, text, strict);
    case Kind::rid:
      return parse_typed<Rid>(slot, text, strict);
    case Kind::simulcast:
      return parse_typed<Simulcast>(slot, text, strict);
    case Kind::ice_ufrag:
      return parse_typed<IceUfrag>(slot, text, strict);
    case Kind::ice_pwd:
      return parse_typed<IcePwd>(slot, text, strict);
    case Kind::ice_options:
      return parse_typed<IceOptions>(slot, text, strict);
    case Kind::candidate:
      return parse_typed<Candidate>(slot, text, strict);
    case Kind::fingerprint:
      return parse_typed<Fingerprint>(slot, text, strict);
    case Kind::setup:
      return parse_typed<Setup>(slot, text, strict);
    case Kind::sendrecv:
      return parse_direction(slot, text, strict, MediaDirection::sendrecv);
    case Kind::sendonly:
      return parse_direction(slot, text, strict, MediaDirection::sendonly);
    case Kind::recvonly:
      return parse_direction(slot, text, strict, MediaDirection::recvonly);
    case Kind::inactive:
      return parse_direction(slot, text, strict, MediaDirection::inactive);
    case Kind::sctp_port:
      return parse_typed<SctpPort>(slot, text, strict);
    case Kind::max_message_size:
      return parse_typed<MaxMessageSize>(slot, text, strict);
    case Kind::tls_id:
      return parse_typed<TlsId>(slot, text, strict);
    case Kind::identity:
      return parse_typed<Identity>(slot, text, strict);
    case Kind::rtcp_mux:
      return parse_flag<RtcpMux>(slot, text, strict);
    case Kind::rtcp_mux_only:
      return parse_flag<RtcpMuxOnly>(slot, text, strict);
    case Kind::rtcp_rsize:
      return parse_flag<RtcpRsize>(slot, text, strict);
    case Kind::extmap_allow_mixed:
      return parse_flag<ExtmapAllowMixed>(slot, text, strict);
    case Kind::ice_lite:
      return parse_flag<IceLite>(slot, text, strict);
    case Kind::end_of_candidates:
      return parse_flag<EndOfCandidates>(slot, text, strict);
    case Kind::bundle_only:
      return parse_flag<BundleOnly>(slot, text, strict);
  }
  keep_generic(slot, split(text));
  return std::nullopt;
}

}  // namespace rtc::sdp::detail
