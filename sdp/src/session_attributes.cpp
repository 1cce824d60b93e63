// Typed parsers for the attributes that tie media sections together and set up the transport:
// grouping (mid, group, msid-semantic), ICE credentials and options, DTLS (fingerprint, setup,
// tls-id, identity) and SCTP (sctp-port, max-message-size).
//
// Each parser accepts exactly what serializer.cpp writes back; see attribute_grammar.hpp.
#include "typed_attribute.hpp"

namespace rtc::sdp::detail {
namespace {

// A value made of one field, kept as text: it must not contain the separator (a space would
// make it two fields), and a strict parse applies the field's own character rule.
template <class Rule>
RTC_SDP_INLINE void one_field(Cursor& in, std::string& out, Check& check, bool strict, Rule rule,
                              const char* reason) {
  const std::string_view value = in.field();
  if (value.empty() || (strict && !rule(value))) {
    check.fail(0, reason);
    return;
  }
  set_field(out, value);
}

// Space-separated words after a first field (group, ice-options, msid-semantic; the cursor is
// right after that field), from out[first] on. Words an earlier parse left in `out` are
// overwritten in place (set_item).
template <class Rule>
RTC_SDP_INLINE void words(Cursor& in, std::vector<std::string>& out, std::size_t first,
                          Check& check, bool strict, Rule rule, const char* reason) {
  reserve_words(out, first, in);
  std::size_t count = first;
  while (in.space_after_field()) {
    const std::size_t at = in.offset();
    const std::string_view word = in.field();
    if (word.empty() || (strict && !rule(word))) {
      check.fail(at, reason);
      return;
    }
    set_item(out, count++, word);
  }
  truncate(out, count);
}

bool token(std::string_view s) {
  return is_token(s);
}

// fingerprint = 2UHEX *(":" 2UHEX)  RFC 8122 §5 (UHEX: digits and upper-case A-F)
bool is_fingerprint(std::string_view s) {
  if (s.size() < 2 || (s.size() + 1) % 3 != 0) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i % 3 == 2) {
      if (c != ':') return false;
    } else if (!is_digit(c) && !(c >= 'A' && c <= 'F')) {
      return false;
    }
  }
  return true;
}

// tls-id-value = 20*255(tls-id-char); tls-id-char = ALPHA / DIGIT / "+" / "/" / "-" / "_"
// RFC 8842 §4
bool is_tls_id(std::string_view s) {
  if (s.size() < 20 || s.size() > 255) return false;
  for (char c : s) {
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '/' && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

}  // namespace

// a=mid:<identification-tag>  RFC 5888 §4 (identification-tag = token)
RTC_SDP_INLINE static void parse_value(Cursor& in, Mid& out, Check& check, bool strict) {
  one_field(in, out.value, check, strict, token, "mid must be a token (RFC 5888 §4)");
}

// a=group:<semantics> *(SP <identification-tag>)  RFC 5888 §5; BUNDLE is RFC 8843 §7.
RTC_SDP_INLINE static void parse_value(Cursor& in, Group& out, Check& check, bool strict) {
  one_field(in, out.semantics, check, strict, token, "group semantics must be a token");
  if (!check.ok()) return;
  words(in, out.mids, 0, check, strict, token, "mids must be tokens separated by one space");
}

// a=msid-semantic:<semantic> [<ids>] (draft-ietf-mmusic-msid-05 §4; dropped from RFC 8830,
// still sent by browsers). Chromium writes "msid-semantic: WMS", with a space the draft's
// grammar does not have; the model records it so that the line comes back as written. There is
// no published grammar to be strict about, so strict parsing accepts both spellings.
RTC_SDP_INLINE static void parse_value(Cursor& in, MsidSemantic& out, Check& check, bool strict) {
  out.space_before_semantic = in.space();
  const std::size_t semantic_at = in.offset();
  const std::string_view semantic = in.field();
  if (semantic.empty() || (strict && !is_token(semantic))) {
    check.fail(semantic_at, "msid semantic must be a token (\"WMS\")");
    return;
  }
  set_field(out.semantic, semantic);
  words(in, out.ids, 0, check, strict, token, "stream ids must be tokens separated by one space");
}

// a=ice-ufrag:<ufrag>  RFC 8839 §5.4: 4-256 ice-chars
RTC_SDP_INLINE static void parse_value(Cursor& in, IceUfrag& out, Check& check, bool strict) {
  one_field(
      in, out.value, check, strict, [](std::string_view s) { return is_ice_chars(s, 4, 256); },
      "ice-ufrag must be 4-256 letters, digits, '+' or '/' (RFC 8839 §5.4)");
}

// a=ice-pwd:<password>  RFC 8839 §5.4: 22-256 ice-chars
RTC_SDP_INLINE static void parse_value(Cursor& in, IcePwd& out, Check& check, bool strict) {
  one_field(
      in, out.value, check, strict, [](std::string_view s) { return is_ice_chars(s, 22, 256); },
      "ice-pwd must be 22-256 letters, digits, '+' or '/' (RFC 8839 §5.4)");
}

// a=ice-options:<ice-option-tag> *(SP <ice-option-tag>)  RFC 8839 §5.6
RTC_SDP_INLINE static void parse_value(Cursor& in, IceOptions& out, Check& check, bool strict) {
  auto rule = [](std::string_view s) { return is_ice_chars(s, 1, 256); };
  const char* reason = "ICE options must be ice-chars separated by one space (RFC 8839 §5.6)";
  const std::string_view first = in.field();
  if (first.empty() || (strict && !rule(first))) {
    check.fail(0, reason);
    return;
  }
  set_item(out.options, 0, first);
  words(in, out.options, 1, check, strict, rule, reason);
}

// a=fingerprint:<hash-func> <fingerprint>  RFC 8122 §5
RTC_SDP_INLINE static void parse_value(Cursor& in, Fingerprint& out, Check& check, bool strict) {
  one_field(in, out.hash_function, check, strict, token, "hash function must be a token");
  if (!check.ok()) return;
  if (!in.space()) {
    check.fail(in.offset(), "expected ' <fingerprint>'");
    return;
  }
  const std::size_t value_at = in.offset();
  const std::string_view value = in.rest();
  if (value.empty() || value.front() == ' ' || (strict && !is_fingerprint(value))) {
    check.fail(value_at, "fingerprint must be upper-case hex pairs separated by ':' (RFC 8122 §5)");
    return;
  }
  set_field(out.value, value);
}

// a=setup:<role>  RFC 4145 §4; RFC 8842 §5 for DTLS.
RTC_SDP_INLINE static void parse_value(Cursor& in, Setup& out, Check& check, bool strict) {
  one_field(
      in, out.role, check, strict,
      [](std::string_view s) {
        return s == "actpass" || s == "active" || s == "passive" || s == "holdconn";
      },
      "setup must be active, passive, actpass or holdconn (RFC 4145 §4)");
}

// a=sctp-port:<port>  RFC 8841 §5.1 (portnumber = 1*5DIGIT, 0-65535)
RTC_SDP_INLINE static void parse_value(Cursor& in, SctpPort& out, Check& check, bool /*strict*/) {
  check.number(in, out.port, "SCTP port must be a number 0-65535 (RFC 8841 §5.1)");
}

// a=max-message-size:<bytes>  RFC 8841 §6.1 (1*DIGIT). A number too large for 64 bits is
// still valid SDP: keep it verbatim rather than reject it.
RTC_SDP_INLINE static void parse_value(Cursor& in, MaxMessageSize& out, Check& check,
                                       bool /*strict*/) {
  switch (in.number(out.bytes)) {
    case Number::ok:
      break;
    case Number::leading_zero:
    case Number::too_big:
      check.keep_verbatim();
      break;
    case Number::invalid:
      check.fail(0, "max-message-size must be a number (RFC 8841 §6.1)");
  }
}

// a=tls-id:<id>  RFC 8842 §4
RTC_SDP_INLINE static void parse_value(Cursor& in, TlsId& out, Check& check, bool strict) {
  one_field(in, out.value, check, strict, is_tls_id,
            "tls-id must be 20-255 letters, digits, '+', '/', '-' or '_' (RFC 8842 §4)");
}

// a=identity:<assertion> [<extensions>]  RFC 8827 §5: kept verbatim.
RTC_SDP_INLINE static void parse_value(Cursor& in, Identity& out, Check& check, bool /*strict*/) {
  const std::string_view value = in.rest();
  if (value.empty()) {
    check.fail(0, "identity assertion is empty");
    return;
  }
  set_field(out.value, value);
}

// The entry points of the attributes above (see typed_attribute.hpp).
template struct TypedParser<Mid>;
template struct TypedParser<Group>;
template struct TypedParser<MsidSemantic>;
template struct TypedParser<IceUfrag>;
template struct TypedParser<IcePwd>;
template struct TypedParser<IceOptions>;
template struct TypedParser<Fingerprint>;
template struct TypedParser<Setup>;
template struct TypedParser<SctpPort>;
template struct TypedParser<MaxMessageSize>;
template struct TypedParser<TlsId>;
template struct TypedParser<Identity>;

}  // namespace rtc::sdp::detail
