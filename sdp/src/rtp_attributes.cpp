// Typed parsers for the attributes that describe RTP streams: payload formats (rtpmap, fmtp,
// rtcp-fb), RTCP transport (rtcp), header extensions (extmap), sources and tracks (ssrc,
// ssrc-group, msid) and simulcast (rid, simulcast).
//
// Each parser accepts exactly what serializer.cpp writes back; see attribute_grammar.hpp for
// how the Verdict keeps everything else verbatim. Strict parsing adds the character-level
// rules of each RFC's ABNF (token characters, allowed keywords, ranges).
#include "typed_attribute.hpp"

namespace rtc::sdp::detail {
namespace {

// A field that RFC 8866 calls `fmt` (a token) but that the model stores as a payload type
// number. Anything the number cannot hold exactly ("*", "webrtc-datachannel", "096") is valid
// SDP that we keep verbatim; a strict parse still insists on a token.
RTC_SDP_INLINE bool payload_type(std::string_view field, std::size_t offset, std::uint8_t& out,
                                 Check& check, bool strict) {
  if (strict && !is_token(field)) return check.fail(offset, "format must be a token");
  if (field.empty()) return check.fail(offset, "missing payload type");
  if (parse_number(field, out) != Number::ok) check.keep_verbatim();
  return true;
}

bool is_rid_id(std::string_view s) {
  // rid-id = 1*(alpha-numeric / "-" / "_")  RFC 8851 §10
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_') return false;
  }
  return true;
}

bool is_simulcast_list(std::string_view s) {
  // sc-str-list = sc-alt-list *(";" sc-alt-list); sc-alt-list = sc-id *("," sc-id);
  // sc-id = ["~"] rid-id   RFC 8853 §5.1
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ';' || s[i] == ',') {
      std::string_view id = s.substr(start, i - start);
      if (id.starts_with('~')) id.remove_prefix(1);
      if (!is_rid_id(id)) return false;
      start = i + 1;
    }
  }
  return true;
}

}  // namespace

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]  RFC 8866 §6.6
RTC_SDP_INLINE static void parse_value(Cursor& in, Rtpmap& out, Check& check, bool strict) {
  out.channels.reset();
  const std::size_t pt_at = in.offset();
  if (!check.number(in, out.payload_type, "payload type must be a number")) return;
  if (out.payload_type > 127) {
    check.fail(pt_at, "RTP payload types are 0-127 (RFC 3550 §5.1)");
    return;
  }
  if (!in.space_after_field()) {
    check.fail(in.offset(), "expected ' <encoding name>/<clock rate>'");
    return;
  }
  const std::size_t name_at = in.offset();
  const std::string_view name = in.until('/', ' ');  // a space would end the field early
  if (name.empty() || (strict && !is_token(name))) {
    check.fail(name_at, "encoding name must be a token");
    return;
  }
  set_field(out.encoding, name);
  if (!in.consume('/')) {
    check.fail(in.offset(), "expected '/' and a clock rate");
    return;
  }
  if (!check.number(in, out.clock_rate, "clock rate must be a number", '/', '/')) return;
  if (in.consume('/')) {
    // RFC 8866 §6.6: for audio the encoding parameter is the number of channels; no other use
    // is defined, so a non-number here is outside what the model (and the RFC) describes.
    const std::size_t channels_at = in.offset();
    std::uint32_t channels = 0;
    if (!check.number(in.rest(), channels_at, channels, "channels must be a number")) return;
    out.channels = channels;
  }
}

// a=fmtp:<format> <format specific parameters>  RFC 8866 §6.15
RTC_SDP_INLINE static void parse_value(Cursor& in, Fmtp& out, Check& check, bool strict) {
  if (!payload_type(in.field(), 0, out.payload_type, check, strict)) return;
  if (!in.space_after_field()) {
    check.fail(in.offset(), "expected ' <format specific parameters>'");
    return;
  }
  const std::size_t params_at = in.offset();
  const std::string_view params = in.rest();
  if (params.empty()) {
    check.fail(params_at, "format specific parameters are empty");
    return;
  }
  set_field(out.parameters, params);
}

// a=rtcp-fb:<payload type or *> <type> [<parameters>]  RFC 4585 §4.2. The first word after the
// type goes to `subtype`; rarer forms with more words ("ccm tmmbr smaxpr=120") keep everything
// after the type there, verbatim.
RTC_SDP_INLINE static void parse_value(Cursor& in, RtcpFb& out, Check& check, bool strict) {
  out.subtype.clear();
  const std::string_view pt = in.field();
  if (pt == "*") {
    out.payload_type.reset();
  } else {
    std::uint8_t value = 0;
    if (!payload_type(pt, 0, value, check, strict)) return;
    out.payload_type = value;
  }
  if (!in.space_after_field()) {
    check.fail(in.offset(), "expected ' <feedback type>'");
    return;
  }
  const std::size_t type_at = in.offset();
  const std::string_view type = in.field();
  if (type.empty() || (strict && !is_token(type))) {
    check.fail(type_at, "feedback type must be a token");
    return;
  }
  set_field(out.type, type);
  if (in.space_after_field()) {
    const std::size_t sub_at = in.offset();
    const std::string_view subtype = in.rest();
    if (subtype.empty() || subtype.front() == ' ') {
      check.fail(sub_at, "expected one space and a feedback parameter");
      return;
    }
    set_field(out.subtype, subtype);
  }
}

// a=rtcp:<port> [<nettype> <addrtype> <connection-address>]  RFC 3605 §2.1
RTC_SDP_INLINE static void parse_value(Cursor& in, Rtcp& out, Check& check, bool strict) {
  out.network_type.clear();
  out.address_type.clear();
  out.address.clear();
  if (!check.number(in, out.port, "RTCP port must be a number 0-65535")) return;
  if (!in.space()) return;
  const std::size_t net_at = in.offset();
  const std::string_view net = in.field();
  if (!in.space()) {
    check.fail(in.offset(), "expected '<nettype> <addrtype> <address>' after the port");
    return;
  }
  const std::size_t addrtype_at = in.offset();
  const std::string_view addrtype = in.field();
  if (!in.space()) {
    check.fail(in.offset(), "expected '<nettype> <addrtype> <address>' after the port");
    return;
  }
  const std::size_t address_at = in.offset();
  const std::string_view address = in.field();
  if (net.empty() || (strict && !is_token(net))) {
    check.fail(net_at, "nettype must be a token");
    return;
  }
  if (addrtype.empty() || (strict && !is_token(addrtype))) {
    check.fail(addrtype_at, "addrtype must be a token");
    return;
  }
  if (address.empty() || (strict && !is_non_ws_string(address))) {
    check.fail(address_at, "missing address");
    return;
  }
  set_field(out.network_type, net);
  set_field(out.address_type, addrtype);
  set_field(out.address, address);
}

// a=extmap:<id>[/<direction>] <URI> [<extension attributes>]  RFC 8285 §8
RTC_SDP_INLINE static void parse_value(Cursor& in, Extmap& out, Check& check, bool strict) {
  out.direction.reset();
  out.attributes.clear();
  // The id ends at '/' when a direction follows, at ' ' when the URI follows.
  const std::size_t id_at = in.offset();
  if (!check.number(in, out.id, "extension id must be a number", '/', ' ')) return;
  if (strict && !((out.id >= 1 && out.id <= 255) || (out.id >= 4096 && out.id <= 4351))) {
    check.fail(id_at, "extension id must be 1-255, or 4096-4351 in an offer (RFC 8285 §6)");
    return;
  }
  if (in.consume('/')) {
    const std::size_t dir_at = in.offset();
    const auto direction = parse_media_direction(in.field());
    if (!direction) {
      check.fail(dir_at, "direction must be sendrecv, sendonly, recvonly or inactive");
      return;
    }
    out.direction = direction;
  }
  if (!in.space()) {
    check.fail(in.offset(), "expected ' <URI>'");
    return;
  }
  const std::size_t uri_at = in.offset();
  const std::string_view uri = in.field();
  if (uri.empty() || (strict && !is_non_ws_string(uri))) {
    check.fail(uri_at, "missing extension URI");
    return;
  }
  set_field(out.uri, uri);
  if (in.space_after_field()) {
    const std::size_t attributes_at = in.offset();
    const std::string_view attributes = in.rest();
    if (attributes.empty()) {
      check.fail(attributes_at, "expected extension attributes after the space");
      return;
    }
    set_field(out.attributes, attributes);
  }
}

// a=msid:<stream id> [<track id>]  RFC 8830 §2: msid-id and msid-appdata are 1*64token-char.
RTC_SDP_INLINE static void parse_value(Cursor& in, Msid& out, Check& check, bool strict) {
  out.track_id.clear();
  const std::string_view stream = in.field();
  if (stream.empty() || (strict && (!is_token(stream) || stream.size() > 64))) {
    check.fail(0, "stream id must be 1-64 token characters");
    return;
  }
  set_field(out.stream_id, stream);
  if (in.space()) {
    const std::size_t track_at = in.offset();
    const std::string_view track = in.field();
    if (track.empty() || (strict && (!is_token(track) || track.size() > 64))) {
      check.fail(track_at, "track id must be 1-64 token characters");
      return;
    }
    set_field(out.track_id, track);
  }
}

// a=ssrc:<ssrc-id> <attribute>[:<value>]  RFC 5576 §4.1
RTC_SDP_INLINE static void parse_value(Cursor& in, Ssrc& out, Check& check, bool strict) {
  bool has_value = false;
  if (!check.number(in, out.id, "SSRC must be a number 0-4294967295")) return;
  if (!in.space_after_field()) {
    check.fail(in.offset(), "expected ' <attribute>[:<value>]'");
    return;
  }
  const std::size_t attribute_at = in.offset();
  const std::string_view attribute = in.until(':', ' ');
  if (attribute.empty() || in.peek() == ' ' || (strict && !is_token(attribute))) {
    check.fail(attribute_at, "source attribute name must be a token");
    return;
  }
  set_field(out.attribute, attribute);
  if (in.consume(':')) {
    const std::size_t value_at = in.offset();
    const std::string_view value = in.rest();
    if (strict && !is_byte_string(value)) {
      check.fail(value_at, "source attribute value must not be empty");
      return;
    }
    set_field(out.value, value);
    has_value = true;
  }
  if (!has_value) out.value.reset();
}

// a=ssrc-group:<semantics> *(SP <ssrc-id>)  RFC 5576 §4.2
RTC_SDP_INLINE static void parse_value(Cursor& in, SsrcGroup& out, Check& check, bool strict) {
  out.ssrcs.clear();
  const std::string_view semantics = in.field();
  if (semantics.empty() || (strict && !is_token(semantics))) {
    check.fail(0, "semantics must be a token");
    return;
  }
  set_field(out.semantics, semantics);
  reserve_words(out.ssrcs, 0, in);
  while (in.space_after_field()) {  // after the semantics, then after each SSRC
    std::uint32_t ssrc = 0;
    if (!check.number(in, ssrc, "SSRC must be a number 0-4294967295")) return;
    out.ssrcs.push_back(ssrc);
  }
}

// a=rid:<rid-id> <send|recv> [<rid params>]  RFC 8851 §10
RTC_SDP_INLINE static void parse_value(Cursor& in, Rid& out, Check& check, bool strict) {
  out.params.clear();
  const std::string_view id = in.field();
  if (id.empty() || (strict && !is_rid_id(id))) {
    check.fail(0, "rid-id must be letters, digits, '-' or '_'");
    return;
  }
  set_field(out.id, id);
  if (!in.space()) {
    check.fail(in.offset(), "expected ' send' or ' recv'");
    return;
  }
  const std::size_t direction_at = in.offset();
  const std::string_view direction = in.field();
  if (direction.empty() || (strict && direction != "send" && direction != "recv")) {
    check.fail(direction_at, "rid direction must be send or recv");
    return;
  }
  set_field(out.direction, direction);
  if (in.space()) {
    const std::size_t params_at = in.offset();
    const std::string_view params = in.rest();
    if (params.empty() || params.front() == ' ' || (strict && !is_non_ws_string(params))) {
      check.fail(params_at, "expected rid parameters after one space");
      return;
    }
    set_field(out.params, params);
  }
}

// a=simulcast:<send|recv> <alternatives> [<recv|send> <alternatives>]  RFC 8853 §5.1
RTC_SDP_INLINE static void parse_value(Cursor& in, Simulcast& out, Check& check, bool strict) {
  out.direction2.clear();
  out.list2.clear();
  auto one = [&](std::string& direction, std::string& list) {
    const std::size_t direction_at = in.offset();
    const std::string_view d = in.field();
    if (d.empty() || (strict && d != "send" && d != "recv")) {
      return check.fail(direction_at, "simulcast direction must be send or recv");
    }
    if (!in.space()) return check.fail(in.offset(), "expected ' <simulcast stream list>'");
    const std::size_t list_at = in.offset();
    const std::string_view l = in.field();
    if (l.empty() || (strict && !is_simulcast_list(l))) {
      return check.fail(list_at, "expected a list of rid-ids separated by ';' and ','");
    }
    set_field(direction, d);
    set_field(list, l);
    return true;
  };
  if (!one(out.direction1, out.list1)) return;
  if (in.space()) {
    const std::size_t second_at = in.offset();
    if (!one(out.direction2, out.list2)) return;
    if (strict && out.direction2 == out.direction1) {
      check.fail(second_at, "send and recv may each appear once");
    }
  }
}

// The entry points of the attributes above (see typed_attribute.hpp).
template struct TypedParser<Rtpmap>;
template struct TypedParser<Fmtp>;
template struct TypedParser<RtcpFb>;
template struct TypedParser<Rtcp>;
template struct TypedParser<Extmap>;
template struct TypedParser<Msid>;
template struct TypedParser<Ssrc>;
template struct TypedParser<SsrcGroup>;
template struct TypedParser<Rid>;
template struct TypedParser<Simulcast>;

}  // namespace rtc::sdp::detail
