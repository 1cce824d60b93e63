// SDP <-> JSON in the shape of the sdp-transform npm package (v3.0.0), byte for byte.
//
// sdp-transform is not a typed model: its JSON is what a list of regular expressions
// (lib/grammar.js) captures from each line's text. The first expression that matches a line
// decides its field; a line none matches is kept as {value} in `invalid`; an expression may
// match only a prefix and drop the rest of the line; a capture becomes a JSON number only when
// JavaScript would print that number as the same text. To give the same JSON, to_json
// therefore works on text too: it serializes the session (serializer.hpp) and reads the lines
// as sdp-transform does, with one hand-written matcher per expression (no regex engine: each
// matcher is a few greedy steps, and says where a JavaScript regex would backtrack).
//
// from_json is sdp-transform's writer: it prints the lines of each field in the grammar's
// order (all rtpmap lines, then all fmtp lines, ...) with the grammar's format strings, and
// parses that text (parser.hpp). What sdp-transform's JSON does not carry cannot come back:
// the order of attributes of different kinds, k= lines, b= types other than
// TIAS/AS/CT/RR/RS, candidate extensions other than the ones its expression names, all but
// the last of repeated single-valued lines (e=, p=, t=, r=). So serialize(from_json(j))
// equals what sdp-transform.write(j) gives, not the SDP the JSON was made from.
#include "rtc/sdp/json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

// JavaScript's rules, defined in json_js.cpp (used by this file only).
namespace rtc::sdp::js {
struct CodePoint {
  char32_t value;
  std::size_t size;
};
CodePoint decode(std::string_view s, std::size_t pos);
bool is_line_terminator(char32_t c);
bool is_space(char32_t c);
std::string utf8_sanitize(std::string_view bytes);
double string_to_number(std::string_view text);
std::string number_to_string(double x);
bool is_canonical_number(std::string_view text);
std::string stringify(const nlohmann::ordered_json& value, int indent);
}  // namespace rtc::sdp::js

namespace rtc::sdp {
namespace {

// ---------------------------------------------------------------------------------------------
// Matching: just enough of JavaScript regular expressions for sdp-transform's grammar.

// One capture per group of the expression; nullopt is a group that did not take part
// (JavaScript's undefined), which sdp-transform leaves out of the JSON.
using Groups = std::vector<std::optional<std::string_view>>;
using Match = std::optional<Groups>;

// Character classes of JavaScript regular expressions without the u flag (\w and \d are ASCII,
// \s is Unicode white space and line terminators, `.` is anything but a line terminator).
bool digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
bool word(char32_t c) {
  return digit(c) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'_';
}
bool space(char32_t c) {
  return js::is_space(c);
}
bool not_space(char32_t c) {
  return !js::is_space(c);
}
bool dot(char32_t c) {
  return !js::is_line_terminator(c);
}
bool literal_space(char32_t c) {
  return c == U' ';
}
bool word_or_dash(char32_t c) {
  return word(c) || c == U'-';
}  // [\w-]
bool codec_char(char32_t c) {
  return word(c) || c == U'-' || c == U'.';
}  // [\w\-.]
bool not_space_or_space(char32_t c) {
  return not_space(c) || c == U' ';
}  // [\S| ]
bool word_or_slash(char32_t c) {
  return word(c) || c == U'/';
}  // [\w/]
bool not_space_nor_equals(char32_t c) {
  return not_space(c) && c != U'=';
}  // [^\s=]
bool simulcast_char(char32_t c) {  // [a-zA-Z0-9\-_~;,]
  return word(c) || c == U'-' || c == U'~' || c == U';' || c == U',';
}
bool token_char(char32_t c) {  // RFC 8866 token-char as written in grammar.js's ssrc-group
  return word(c) || c == U'!' || c == U'#' || c == U'$' || c == U'%' || c == U'&' || c == U'\'' ||
         c == U'*' || c == U'+' || c == U'-' || c == U'.';
}

// A position in one line's content (well-formed UTF-8), moved by greedy steps.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  std::size_t pos() const { return pos_; }
  void seek(std::size_t pos) { pos_ = pos; }
  bool at_end() const { return pos_ == s_.size(); }
  std::string_view text() const { return s_; }
  std::string_view since(std::size_t start) const { return s_.substr(start, pos_ - start); }

  // The literal `t`, consumed if it is next.
  bool literal(std::string_view t) {
    if (!s_.substr(pos_).starts_with(t)) return false;
    pos_ += t.size();
    return true;
  }
  // The first of `alternatives` that comes next (JavaScript tries them in order).
  std::optional<std::string_view> one_of(std::initializer_list<std::string_view> alternatives) {
    for (std::string_view a : alternatives) {
      if (literal(a)) return s_.substr(pos_ - a.size(), a.size());
    }
    return std::nullopt;
  }
  // class* : as many characters of the class as there are.
  template <class Class>
  std::string_view star(Class in_class) {
    const std::size_t start = pos_;
    while (pos_ < s_.size()) {
      const auto cp = js::decode(s_, pos_);
      if (!in_class(cp.value)) break;
      pos_ += cp.size;
    }
    return since(start);
  }
  // class+ : at least one.
  template <class Class>
  std::optional<std::string_view> plus(Class in_class) {
    const std::string_view run = star(in_class);
    if (run.empty()) return std::nullopt;
    return run;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// Shorthands for the common "prefix, then fields" shape.
#define EXPECT(cond) \
  if (!(cond)) return std::nullopt

// /(.*)/ : the default for s= i= u= e= p= z= r= and the `invalid` catch-all.
Match whole_line(std::string_view s) {
  Cursor c(s);
  return Groups{c.star(dot)};
}

// v: /^(\d*)$/
Match m_version(std::string_view s) {
  Cursor c(s);
  const auto v = c.star(digit);
  EXPECT(c.at_end());
  return Groups{v};
}

// o: /^(\S*) (\d*) (\d*) (\S*) IP(\d) (\S*)/
Match m_origin(std::string_view s) {
  Cursor c(s);
  const auto username = c.star(not_space);
  EXPECT(c.literal(" "));
  const auto id = c.star(digit);
  EXPECT(c.literal(" "));
  const auto version = c.star(digit);
  EXPECT(c.literal(" "));
  const auto net_type = c.star(not_space);
  EXPECT(c.literal(" IP"));
  const std::size_t at = c.pos();
  EXPECT(c.plus(digit));
  c.seek(at + 1);  // (\d) is one digit
  const auto ip_ver = c.since(at);
  EXPECT(c.literal(" "));
  return Groups{username, id, version, net_type, ip_ver, c.star(not_space)};
}

// t: /^(\d*) (\d*)/
Match m_timing(std::string_view s) {
  Cursor c(s);
  const auto start = c.star(digit);
  EXPECT(c.literal(" "));
  return Groups{start, c.star(digit)};
}

// c: /^IN IP(\d) (\S*)/
Match m_connection(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("IN IP"));
  EXPECT(!c.at_end() && digit(static_cast<unsigned char>(s[c.pos()])));
  const auto version = s.substr(c.pos(), 1);
  c.seek(c.pos() + 1);
  EXPECT(c.literal(" "));
  return Groups{version, c.star(not_space)};
}

// b: /^(TIAS|AS|CT|RR|RS):(\d*)/  (other bandwidth types are dropped)
Match m_bandwidth(std::string_view s) {
  Cursor c(s);
  const auto type = c.one_of({"TIAS", "AS", "CT", "RR", "RS"});
  EXPECT(type && c.literal(":"));
  return Groups{type, c.star(digit)};
}

// m: /^(\w*) (\d*) ([\w/]*)(?: (.*))?/  ("m=video 5000/2 ..." does not match: no fields)
Match m_media(std::string_view s) {
  Cursor c(s);
  const auto type = c.star(word);
  EXPECT(c.literal(" "));
  const auto port = c.star(digit);
  EXPECT(c.literal(" "));
  const auto protocol = c.star(word_or_slash);
  std::optional<std::string_view> payloads;
  if (c.literal(" ")) payloads = c.star(dot);
  return Groups{type, port, protocol, payloads};
}

// a=rtpmap: /^rtpmap:(\d*) ([\w\-.]*)(?:\s*\/(\d*)(?:\s*\/(\S*))?)?/
Match m_rtpmap(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("rtpmap:"));
  const auto payload = c.star(digit);
  EXPECT(c.literal(" "));
  const auto codec = c.star(codec_char);
  std::optional<std::string_view> rate, encoding;
  const std::size_t before_rate = c.pos();
  c.star(space);
  if (c.literal("/")) {
    rate = c.star(digit);
    const std::size_t before_encoding = c.pos();
    c.star(space);
    if (c.literal("/"))
      encoding = c.star(not_space);
    else
      c.seek(before_encoding);
  } else {
    c.seek(before_rate);
  }
  return Groups{payload, codec, rate, encoding};
}

// a=fmtp: /^fmtp:(\d*) ([\S| ]*)/  (the config stops at a tab)
Match m_fmtp(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("fmtp:"));
  const auto payload = c.star(digit);
  EXPECT(c.literal(" "));
  return Groups{payload, c.star(not_space_or_space)};
}

// "prefix" then (.*) / (.+) / (\S*) / (\w*) / (\d+): the one-field attributes.
template <auto Class, bool AtLeastOne = false, bool ToEnd = false>
Match prefixed(std::string_view s, std::string_view prefix) {
  Cursor c(s);
  EXPECT(c.literal(prefix));
  const auto value = c.star(Class);
  EXPECT(!AtLeastOne || !value.empty());
  EXPECT(!ToEnd || c.at_end());
  return Groups{value};
}

// A whole-word attribute such as /^(rtcp-mux)/: a prefix match ("rtcp-mux-only" matches).
Match flag(std::string_view s, std::string_view name) {
  if (!s.starts_with(name)) return std::nullopt;
  return Groups{s.substr(0, name.size())};
}

Match m_control(std::string_view s) {
  return prefixed<dot>(s, "control:");
}

// a=rtcp: /^rtcp:(\d*)(?: (\S*) IP(\d) (\S*))?/
Match m_rtcp(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("rtcp:"));
  const auto port = c.star(digit);
  const std::size_t before = c.pos();
  if (c.literal(" ")) {
    const auto net_type = c.star(not_space);
    if (c.literal(" IP") && !c.at_end() && digit(static_cast<unsigned char>(s[c.pos()]))) {
      const auto ip_ver = s.substr(c.pos(), 1);
      c.seek(c.pos() + 1);
      if (c.literal(" ")) return Groups{port, net_type, ip_ver, c.star(not_space)};
    }
  }
  c.seek(before);
  return Groups{port, std::nullopt, std::nullopt, std::nullopt};
}

// (\*|\d*) followed by `rest`: JavaScript tries "*" first, then digits (maybe none).
template <class Rest>
Match star_or_digits(Cursor& c, Rest rest) {
  const std::size_t start = c.pos();
  if (c.literal("*")) {
    if (auto m = rest(c, c.since(start))) return m;
    c.seek(start);
  }
  const auto digits = c.star(digit);
  return rest(c, digits);
}

// a=rtcp-fb:<pt> trr-int <n>: /^rtcp-fb:(\*|\d*) trr-int (\d*)/
Match m_rtcp_fb_trr_int(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("rtcp-fb:"));
  return star_or_digits(c, [](Cursor& c, std::string_view payload) -> Match {
    EXPECT(c.literal(" trr-int "));
    return Groups{payload, c.star(digit)};
  });
}

// a=rtcp-fb: /^rtcp-fb:(\*|\d*) ([\w-_]*)(?: ([\w-_]*))?/
Match m_rtcp_fb(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("rtcp-fb:"));
  return star_or_digits(c, [](Cursor& c, std::string_view payload) -> Match {
    EXPECT(c.literal(" "));
    const auto type = c.star(word_or_dash);
    std::optional<std::string_view> subtype;
    if (c.literal(" ")) subtype = c.star(word_or_dash);
    return Groups{payload, type, subtype};
  });
}

// a=extmap:
// /^extmap:(\d+)(?:\/(\w+))?(?: (urn:ietf:params:rtp-hdrext:encrypt))? (\S*)(?: (\S*))?/
Match m_extmap(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("extmap:"));
  const auto value = c.plus(digit);
  EXPECT(value);
  std::optional<std::string_view> direction;
  const std::size_t before_direction = c.pos();
  if (c.literal("/")) {
    direction = c.plus(word);
    if (!direction) c.seek(before_direction);
  }
  // " (\S*)(?: (\S*))?" after the optional encrypt URI.
  auto rest = [&](std::optional<std::string_view> encrypt) -> Match {
    EXPECT(c.literal(" "));
    const auto uri = c.star(not_space);
    std::optional<std::string_view> config;
    if (c.literal(" ")) config = c.star(not_space);
    return Groups{value, direction, encrypt, uri, config};
  };
  const std::size_t before_encrypt = c.pos();
  static constexpr std::string_view kEncrypt = " urn:ietf:params:rtp-hdrext:encrypt";
  if (c.literal(kEncrypt)) {
    if (auto m = rest(kEncrypt.substr(1))) return m;
    c.seek(before_encrypt);  // backtrack: the encrypt URI was the extension's own URI
  }
  return rest(std::nullopt);
}

Match m_extmap_allow_mixed(std::string_view s) {
  return flag(s, "extmap-allow-mixed");
}

// a=crypto: /^crypto:(\d*) ([\w_]*) (\S*)(?: (\S*))?/
Match m_crypto(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("crypto:"));
  const auto id = c.star(digit);
  EXPECT(c.literal(" "));
  const auto suite = c.star(word);
  EXPECT(c.literal(" "));
  const auto config = c.star(not_space);
  std::optional<std::string_view> session_config;
  if (c.literal(" ")) session_config = c.star(not_space);
  return Groups{id, suite, config, session_config};
}

Match m_setup(std::string_view s) {
  return prefixed<word>(s, "setup:");
}

// a=connection: /^connection:(new|existing)/
Match m_connection_type(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("connection:"));
  const auto v = c.one_of({"new", "existing"});
  EXPECT(v);
  return Groups{v};
}

Match m_mid(std::string_view s) {
  return prefixed<not_space>(s, "mid:");
}

// a=msid: /^msid:([\w-]+)(?: ([\w-]+))?/  (Firefox's "{uuid}" ids do not match: invalid)
Match m_msid(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("msid:"));
  const auto id = c.plus(word_or_dash);
  EXPECT(id);
  std::optional<std::string_view> appdata;
  const std::size_t before = c.pos();
  if (c.literal(" ")) {
    appdata = c.plus(word_or_dash);
    if (!appdata) c.seek(before);
  }
  return Groups{id, appdata};
}

// a=ptime / a=maxptime: /^ptime:(\d*(?:\.\d*)*)/
Match decimal_time(std::string_view s, std::string_view prefix) {
  Cursor c(s);
  EXPECT(c.literal(prefix));
  const std::size_t start = c.pos();
  c.star(digit);
  while (c.literal(".")) c.star(digit);
  return Groups{c.since(start)};
}
Match m_ptime(std::string_view s) {
  return decimal_time(s, "ptime:");
}
Match m_maxptime(std::string_view s) {
  return decimal_time(s, "maxptime:");
}

// a=sendrecv etc.: /^(sendrecv|recvonly|sendonly|inactive)/
Match m_direction(std::string_view s) {
  Cursor c(s);
  const auto v = c.one_of({"sendrecv", "recvonly", "sendonly", "inactive"});
  EXPECT(v);
  return Groups{v};
}

Match m_ice_lite(std::string_view s) {
  return flag(s, "ice-lite");
}
Match m_ice_ufrag(std::string_view s) {
  return prefixed<not_space>(s, "ice-ufrag:");
}
Match m_ice_pwd(std::string_view s) {
  return prefixed<not_space>(s, "ice-pwd:");
}

// a=fingerprint: /^fingerprint:(\S*) (\S*)/
Match m_fingerprint(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("fingerprint:"));
  const auto type = c.star(not_space);
  EXPECT(c.literal(" "));
  return Groups{type, c.star(not_space)};
}

// a=candidate: /^candidate:(\S*) (\d*) (\S*) (\d*) (\S*) (\d*) typ (\S*)
//   (?: raddr (\S*) rport (\d*))?(?: tcptype (\S*))?(?: generation (\d*))?
//   (?: network-id (\d*))?(?: network-cost (\d*))?/
// Only these extensions, only in this order: anything after the first that does not fit
// (Firefox's ufrag, an unknown extension) ends the match and is dropped.
Match m_candidate(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("candidate:"));
  const auto foundation = c.star(not_space);
  EXPECT(c.literal(" "));
  const auto component = c.star(digit);
  EXPECT(c.literal(" "));
  const auto transport = c.star(not_space);
  EXPECT(c.literal(" "));
  const auto priority = c.star(digit);
  EXPECT(c.literal(" "));
  const auto ip = c.star(not_space);
  EXPECT(c.literal(" "));
  const auto port = c.star(digit);
  EXPECT(c.literal(" typ "));
  const auto type = c.star(not_space);
  std::optional<std::string_view> raddr, rport, tcptype, generation, network_id, network_cost;
  const std::size_t before = c.pos();
  if (c.literal(" raddr ")) {
    const auto address = c.star(not_space);
    if (c.literal(" rport ")) {
      raddr = address;
      rport = c.star(digit);
    } else {
      c.seek(before);
    }
  }
  if (c.literal(" tcptype ")) tcptype = c.star(not_space);
  if (c.literal(" generation ")) generation = c.star(digit);
  if (c.literal(" network-id ")) network_id = c.star(digit);
  if (c.literal(" network-cost ")) network_cost = c.star(digit);
  return Groups{foundation, component, transport, priority,   ip,         port,        type,
                raddr,      rport,     tcptype,   generation, network_id, network_cost};
}

Match m_end_of_candidates(std::string_view s) {
  return flag(s, "end-of-candidates");
}
Match m_remote_candidates(std::string_view s) {
  return prefixed<dot>(s, "remote-candidates:");
}
// a=ice-options: /^ice-options:(\S*)/  (only the first option: "trickle renomination" -> trickle)
Match m_ice_options(std::string_view s) {
  return prefixed<not_space>(s, "ice-options:");
}

// a=ssrc: /^ssrc:(\d*) ([\w_-]*)(?::(.*))?/
Match m_ssrc(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("ssrc:"));
  const auto id = c.star(digit);
  EXPECT(c.literal(" "));
  const auto attribute = c.star(word_or_dash);
  std::optional<std::string_view> value;
  if (c.literal(":")) value = c.star(dot);
  return Groups{id, attribute, value};
}

// a=ssrc-group: /^ssrc-group:([\x21\x23-\x27\x2A\x2B\x2D\x2E\w]*) (.*)/
Match m_ssrc_group(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("ssrc-group:"));
  const auto semantics = c.star(token_char);
  EXPECT(c.literal(" "));
  return Groups{semantics, c.star(dot)};
}

// a=msid-semantic: /^msid-semantic:\s?(\w*) (\S*)/
// Chromium's "msid-semantic: WMS" has no id after WMS, so the first try (\s? takes the space,
// (\w*) takes WMS, then no space follows) fails and JavaScript backtracks to \s? taking
// nothing: semantic "" and token "WMS".
Match m_msid_semantic(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("msid-semantic:"));
  const std::size_t start = c.pos();
  auto rest = [&]() -> Match {
    const auto semantic = c.star(word);
    EXPECT(c.literal(" "));
    return Groups{semantic, c.star(not_space)};
  };
  if (!c.at_end() && space(js::decode(s, start).value)) {
    c.seek(start + js::decode(s, start).size);
    if (auto m = rest()) return m;
    c.seek(start);
  }
  return rest();
}

// a=group: /^group:(\w*) (.*)/  ("group:BUNDLE" with no mids does not match: invalid)
Match m_group(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("group:"));
  const auto type = c.star(word);
  EXPECT(c.literal(" "));
  return Groups{type, c.star(dot)};
}

Match m_rtcp_mux(std::string_view s) {
  return flag(s, "rtcp-mux");
}
Match m_rtcp_rsize(std::string_view s) {
  return flag(s, "rtcp-rsize");
}

// a=sctpmap: /^sctpmap:([\w_/]*) (\S*)(?: (\S*))?/
Match m_sctpmap(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("sctpmap:"));
  const auto number = c.star(word_or_slash);
  EXPECT(c.literal(" "));
  const auto app = c.star(not_space);
  std::optional<std::string_view> max_message_size;
  if (c.literal(" ")) max_message_size = c.star(not_space);
  return Groups{number, app, max_message_size};
}

Match m_x_google_flag(std::string_view s) {
  return prefixed<not_space>(s, "x-google-flag:");
}

// a=rid: /^rid:([\d\w]+) (\w+)(?: ([\S| ]*))?/
Match m_rid(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("rid:"));
  const auto id = c.plus(word);
  EXPECT(id && c.literal(" "));
  const auto direction = c.plus(word);
  EXPECT(direction);
  std::optional<std::string_view> params;
  if (c.literal(" ")) params = c.star(not_space_or_space);
  return Groups{id, direction, params};
}

// \[\S+\] : the \S+ runs to the next white space and gives back characters until a ']'
// follows, so the item ends at the last ']' of the run (with at least one character inside).
bool bracket_item(Cursor& c) {
  const std::size_t start = c.pos();
  if (!c.literal("[")) return false;
  const std::string_view run = c.star(not_space);
  const std::size_t close = run.rfind(']');
  if (close == std::string_view::npos || close == 0) {
    c.seek(start);
    return false;
  }
  c.seek(start + 1 + close + 1);
  return true;
}

// (\*|\[\S+\](?:[\s\t]+\[\S+\])*)
std::optional<std::string_view> image_attr_list(Cursor& c) {
  const std::size_t start = c.pos();
  if (c.literal("*")) return c.since(start);
  if (!bracket_item(c)) return std::nullopt;
  for (;;) {
    const std::size_t before = c.pos();
    if (c.plus(space) && bracket_item(c)) continue;
    c.seek(before);
    break;
  }
  return c.since(start);
}

// a=imageattr: /^imageattr:(\d+|\*)[\s\t]+(send|recv)[\s\t]+(LIST)
//   (?:[\s\t]+(recv|send)[\s\t]+(LIST))?/
Match m_imageattr(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("imageattr:"));
  auto pt = c.plus(digit);
  if (!pt) pt = c.one_of({"*"});
  EXPECT(pt && c.plus(space));
  const auto dir1 = c.one_of({"send", "recv"});
  EXPECT(dir1 && c.plus(space));
  const auto attrs1 = image_attr_list(c);
  EXPECT(attrs1);
  std::optional<std::string_view> dir2, attrs2;
  const std::size_t before = c.pos();
  if (c.plus(space) && (dir2 = c.one_of({"recv", "send"})) && c.plus(space) &&
      (attrs2 = image_attr_list(c))) {
    return Groups{pt, dir1, attrs1, dir2, attrs2};
  }
  c.seek(before);
  return Groups{pt, dir1, attrs1, std::nullopt, std::nullopt};
}

// a=simulcast: /^simulcast:(send|recv) (L+)(?:\s?(send|recv) (L+))?$/ with L the class
// [a-zA-Z0-9\-_~;,]. The $ makes JavaScript backtrack into the first list: in
// "send a;brecv c" the first list is "a;b". Ends are tried from the longest down, each with
// the same preference as the regex (the group with \s? taking a space, without, no group).
Match m_simulcast(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("simulcast:"));
  const auto dir1 = c.one_of({"send", "recv"});
  EXPECT(dir1 && c.literal(" "));
  const std::size_t list_start = c.pos();
  const std::size_t run_end = list_start + c.star(simulcast_char).size();
  EXPECT(run_end > list_start);
  // all_class[i]: s[i..] is one or more class characters up to the end (ASCII, so bytes).
  std::vector<bool> all_class(s.size() + 1, false);
  bool tail = true;
  for (std::size_t i = s.size(); i-- > 0;) {
    tail = tail && simulcast_char(static_cast<unsigned char>(s[i]));
    all_class[i] = tail;
  }
  auto second = [&](std::size_t q) -> std::optional<std::array<std::string_view, 2>> {
    const std::string_view at = s.substr(q);
    if (!(at.starts_with("send ") || at.starts_with("recv "))) return std::nullopt;
    if (q + 5 >= s.size() || !all_class[q + 5]) return std::nullopt;
    return std::array{at.substr(0, 4), at.substr(5)};
  };
  for (std::size_t end = run_end; end > list_start; --end) {
    const auto list1 = s.substr(list_start, end - list_start);
    if (end < s.size()) {
      const auto cp = js::decode(s, end);
      if (space(cp.value)) {
        if (auto g = second(end + cp.size)) return Groups{dir1, list1, (*g)[0], (*g)[1]};
      }
    }
    if (auto g = second(end)) return Groups{dir1, list1, (*g)[0], (*g)[1]};
    if (end == s.size()) return Groups{dir1, list1, std::nullopt, std::nullopt};
  }
  return std::nullopt;
}

// a=simulcast: (draft 03, old Firefox): /^simulcast:[\s\t]+([\S+\s\t]+)$/
Match m_simulcast_03(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("simulcast:"));
  const std::size_t start = c.pos();
  const auto spaces = c.star(space);
  EXPECT(!spaces.empty());
  if (!c.at_end()) return Groups{s.substr(c.pos())};
  // Only white space: [\s\t]+ gives its last character back to the value.
  std::size_t last = start, count = 0;
  for (std::size_t p = start; p < s.size(); p += js::decode(s, p).size) last = p, ++count;
  EXPECT(count >= 2);
  return Groups{s.substr(last)};
}

// a=framerate: /^framerate:(\d+(?:$|\.\d+))/
Match m_framerate(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("framerate:"));
  const std::size_t start = c.pos();
  EXPECT(c.plus(digit));
  if (!c.at_end()) {
    EXPECT(c.literal(".") && c.plus(digit));
  }
  return Groups{c.since(start)};
}

// a=source-filter: /^source-filter: *(excl|incl) (\S*) (IP4|IP6|\*) (\S*) (.*)/
Match m_source_filter(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("source-filter:"));
  c.star(literal_space);
  const auto mode = c.one_of({"excl", "incl"});
  EXPECT(mode && c.literal(" "));
  const auto net_type = c.star(not_space);
  EXPECT(c.literal(" "));
  const auto address_types = c.one_of({"IP4", "IP6", "*"});
  EXPECT(address_types && c.literal(" "));
  const auto dest = c.star(not_space);
  EXPECT(c.literal(" "));
  return Groups{mode, net_type, address_types, dest, c.star(dot)};
}

Match m_bundle_only(std::string_view s) {
  return flag(s, "bundle-only");
}
Match m_label(std::string_view s) {
  return prefixed<dot, true>(s, "label:");
}
Match m_sctp_port(std::string_view s) {
  return prefixed<digit, true, true>(s, "sctp-port:");
}
Match m_max_message_size(std::string_view s) {
  return prefixed<digit, true, true>(s, "max-message-size:");
}

// a=ts-refclk: /^ts-refclk:([^\s=]*)(?:=(\S*))?/
Match m_ts_refclk(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("ts-refclk:"));
  const auto source = c.star(not_space_nor_equals);
  std::optional<std::string_view> ext;
  if (c.literal("=")) ext = c.star(not_space);
  return Groups{source, ext};
}

// a=mediaclk: /^mediaclk:(?:id=(\S*))? *([^\s=]*)(?:=(\S*))?(?: *rate=(\d+)\/(\d+))?/
Match m_mediaclk(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("mediaclk:"));
  std::optional<std::string_view> id, value, numerator, denominator;
  if (c.literal("id=")) id = c.star(not_space);
  c.star(literal_space);
  const auto name = c.star(not_space_nor_equals);
  if (c.literal("=")) value = c.star(not_space);
  const std::size_t before = c.pos();
  c.star(literal_space);
  if (c.literal("rate=") && (numerator = c.plus(digit)) && c.literal("/") &&
      (denominator = c.plus(digit))) {
    return Groups{id, name, value, numerator, denominator};
  }
  c.seek(before);
  return Groups{id, name, value, std::nullopt, std::nullopt};
}

Match m_keywords(std::string_view s) {
  return prefixed<dot, true, true>(s, "keywds:");
}
Match m_content(std::string_view s) {
  return prefixed<dot, true>(s, "content:");
}

// a=floorctrl: /^floorctrl:(c-only|s-only|c-s)/  (BFCP, RFC 4583)
Match m_floorctrl(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("floorctrl:"));
  const auto v = c.one_of({"c-only", "s-only", "c-s"});
  EXPECT(v);
  return Groups{v};
}
Match m_confid(std::string_view s) {
  return prefixed<digit, true>(s, "confid:");
}
Match m_userid(std::string_view s) {
  return prefixed<digit, true>(s, "userid:");
}

// a=floorid: /^floorid:(.+) (?:m-stream|mstrm):(.+)/ : the greedy (.+) makes the last
// " m-stream:" or " mstrm:" the separator.
Match m_floorid(std::string_view s) {
  Cursor c(s);
  EXPECT(c.literal("floorid:"));
  const std::size_t start = c.pos();
  const std::size_t end = start + c.star(dot).size();  // (.+) cannot pass a line terminator
  for (std::size_t q = end; q-- > start + 1;) {
    for (std::string_view marker : {" m-stream:", " mstrm:"}) {
      if (s.substr(q).starts_with(marker) && q + marker.size() < end) {
        return Groups{s.substr(start, q - start),
                      s.substr(q + marker.size(), end - q - marker.size())};
      }
    }
  }
  return std::nullopt;
}

#undef EXPECT

// ---------------------------------------------------------------------------------------------
// The grammar: lib/grammar.js's entries, in its order (the first match wins), each with how it
// matches (for to_json) and how it is written (for from_json).

using Json = nlohmann::json;  // from_json's input

// A JavaScript property read: o[key], nullptr for undefined.
const Json* property(const Json* o, std::string_view key) {
  if (o == nullptr || !o->is_object()) return nullptr;
  const auto it = o->find(std::string(key));
  return it == o->end() ? nullptr : &*it;
}
bool not_null(const Json* v) {
  return v != nullptr && !v->is_null();
}  // v != null
bool truthy(const Json* v) {
  if (v == nullptr || v->is_null()) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number()) {
    const double d = v->get<double>();
    return d == d && d != 0;
  }
  if (v->is_string()) return !v->get_ref<const std::string&>().empty();
  return true;
}

struct Rule {
  char type = 'a';                           // the line's letter
  std::string_view name = {};                // sets location[name] (one value per section) ...
  std::string_view push = {};                // ... or appends to the array location[push]
  std::vector<std::string_view> names = {};  // the groups' field names; none: the value itself
  Match (*match)(std::string_view content) = nullptr;
  std::string_view format = "%s";  // util.format-like: %s String(), %d Number(), %v nothing
  std::string (*format_for)(const Json* o) = nullptr;  // a format chosen by the values
};

std::string rtpmap_format(const Json* o) {
  if (truthy(property(o, "encoding"))) return "rtpmap:%d %s/%s/%s";
  return truthy(property(o, "rate")) ? "rtpmap:%d %s/%s" : "rtpmap:%d %s";
}
std::string rtcp_format(const Json* o) {
  return not_null(property(o, "address")) ? "rtcp:%d %s IP%d %s" : "rtcp:%d";
}
std::string rtcp_fb_format(const Json* o) {
  return not_null(property(o, "subtype")) ? "rtcp-fb:%s %s %s" : "rtcp-fb:%s %s";
}
std::string extmap_format(const Json* o) {
  return std::string("extmap:%d") + (truthy(property(o, "direction")) ? "/%s" : "%v") +
         (truthy(property(o, "encrypt-uri")) ? " %s" : "%v") + " %s" +
         (truthy(property(o, "config")) ? " %s" : "");
}
std::string crypto_format(const Json* o) {
  return not_null(property(o, "sessionConfig")) ? "crypto:%d %s %s %s" : "crypto:%d %s %s";
}
// With no generation, the network-id placeholder takes the generation's argument: a quirk of
// sdp-transform's writer, kept.
std::string candidate_format(const Json* o) {
  std::string f = "candidate:%s %d %s %d %s %d typ %s";
  f += not_null(property(o, "raddr")) ? " raddr %s rport %d" : "%v%v";
  f += not_null(property(o, "tcptype")) ? " tcptype %s" : "%v";
  if (not_null(property(o, "generation"))) f += " generation %d";
  f += not_null(property(o, "network-id")) ? " network-id %d" : "%v";
  f += not_null(property(o, "network-cost")) ? " network-cost %d" : "%v";
  return f;
}
std::string ssrc_format(const Json* o) {
  std::string f = "ssrc:%d";
  if (not_null(property(o, "attribute"))) {
    f += " %s";
    if (not_null(property(o, "value"))) f += ":%s";
  }
  return f;
}
std::string sctpmap_format(const Json* o) {
  return not_null(property(o, "maxMessageSize")) ? "sctpmap:%s %s %s" : "sctpmap:%s %s";
}
std::string rid_format(const Json* o) {
  return truthy(property(o, "params")) ? "rid:%s %s %s" : "rid:%s %s";
}
std::string imageattr_format(const Json* o) {
  return std::string("imageattr:%s %s %s") + (truthy(property(o, "dir2")) ? " %s %s" : "");
}
std::string simulcast_format(const Json* o) {
  return std::string("simulcast:%s %s") + (truthy(property(o, "dir2")) ? " %s %s" : "");
}
std::string ts_refclk_format(const Json* o) {
  return std::string("ts-refclk:%s") + (not_null(property(o, "clksrcExt")) ? "=%s" : "");
}
std::string mediaclk_format(const Json* o) {
  std::string f = "mediaclk:";
  f += not_null(property(o, "id")) ? "id=%s %s" : "%v%s";
  if (not_null(property(o, "mediaClockValue"))) f += "=%s";
  if (not_null(property(o, "rateNumerator"))) f += " rate=%s";
  if (not_null(property(o, "rateDenominator"))) f += "/%s";
  return f;
}

const std::vector<Rule>& grammar() {
  static const std::vector<Rule> rules = {
      {.type = 'v', .name = "version", .match = m_version},
      {.type = 'o',
       .name = "origin",
       .names = {"username", "sessionId", "sessionVersion", "netType", "ipVer", "address"},
       .match = m_origin,
       .format = "%s %s %d %s IP%d %s"},
      {.type = 's', .name = "name", .match = whole_line},
      {.type = 'i', .name = "description", .match = whole_line},
      {.type = 'u', .name = "uri", .match = whole_line},
      {.type = 'e', .name = "email", .match = whole_line},
      {.type = 'p', .name = "phone", .match = whole_line},
      {.type = 'z', .name = "timezones", .match = whole_line},
      {.type = 'r', .name = "repeats", .match = whole_line},
      {.type = 't',
       .name = "timing",
       .names = {"start", "stop"},
       .match = m_timing,
       .format = "%d %d"},
      {.type = 'c',
       .name = "connection",
       .names = {"version", "ip"},
       .match = m_connection,
       .format = "IN IP%d %s"},
      {.type = 'b',
       .push = "bandwidth",
       .names = {"type", "limit"},
       .match = m_bandwidth,
       .format = "%s:%s"},
      {.type = 'm',
       .names = {"type", "port", "protocol", "payloads"},
       .match = m_media,
       .format = "%s %d %s %s"},
      {.type = 'a',
       .push = "rtp",
       .names = {"payload", "codec", "rate", "encoding"},
       .match = m_rtpmap,
       .format_for = rtpmap_format},
      {.type = 'a',
       .push = "fmtp",
       .names = {"payload", "config"},
       .match = m_fmtp,
       .format = "fmtp:%d %s"},
      {.type = 'a', .name = "control", .match = m_control, .format = "control:%s"},
      {.type = 'a',
       .name = "rtcp",
       .names = {"port", "netType", "ipVer", "address"},
       .match = m_rtcp,
       .format_for = rtcp_format},
      {.type = 'a',
       .push = "rtcpFbTrrInt",
       .names = {"payload", "value"},
       .match = m_rtcp_fb_trr_int,
       .format = "rtcp-fb:%s trr-int %d"},
      {.type = 'a',
       .push = "rtcpFb",
       .names = {"payload", "type", "subtype"},
       .match = m_rtcp_fb,
       .format_for = rtcp_fb_format},
      {.type = 'a',
       .push = "ext",
       .names = {"value", "direction", "encrypt-uri", "uri", "config"},
       .match = m_extmap,
       .format_for = extmap_format},
      {.type = 'a', .name = "extmapAllowMixed", .match = m_extmap_allow_mixed},
      {.type = 'a',
       .push = "crypto",
       .names = {"id", "suite", "config", "sessionConfig"},
       .match = m_crypto,
       .format_for = crypto_format},
      {.type = 'a', .name = "setup", .match = m_setup, .format = "setup:%s"},
      {.type = 'a',
       .name = "connectionType",
       .match = m_connection_type,
       .format = "connection:%s"},
      {.type = 'a', .name = "mid", .match = m_mid, .format = "mid:%s"},
      {.type = 'a',
       .push = "msid",
       .names = {"id", "appdata"},
       .match = m_msid,
       .format = "msid:%s %s"},
      {.type = 'a', .name = "ptime", .match = m_ptime, .format = "ptime:%d"},
      {.type = 'a', .name = "maxptime", .match = m_maxptime, .format = "maxptime:%d"},
      {.type = 'a', .name = "direction", .match = m_direction},
      {.type = 'a', .name = "icelite", .match = m_ice_lite},
      {.type = 'a', .name = "iceUfrag", .match = m_ice_ufrag, .format = "ice-ufrag:%s"},
      {.type = 'a', .name = "icePwd", .match = m_ice_pwd, .format = "ice-pwd:%s"},
      {.type = 'a',
       .name = "fingerprint",
       .names = {"type", "hash"},
       .match = m_fingerprint,
       .format = "fingerprint:%s %s"},
      {.type = 'a',
       .push = "candidates",
       .names = {"foundation", "component", "transport", "priority", "ip", "port", "type", "raddr",
                 "rport", "tcptype", "generation", "network-id", "network-cost"},
       .match = m_candidate,
       .format_for = candidate_format},
      {.type = 'a', .name = "endOfCandidates", .match = m_end_of_candidates},
      {.type = 'a',
       .name = "remoteCandidates",
       .match = m_remote_candidates,
       .format = "remote-candidates:%s"},
      {.type = 'a', .name = "iceOptions", .match = m_ice_options, .format = "ice-options:%s"},
      {.type = 'a',
       .push = "ssrcs",
       .names = {"id", "attribute", "value"},
       .match = m_ssrc,
       .format_for = ssrc_format},
      {.type = 'a',
       .push = "ssrcGroups",
       .names = {"semantics", "ssrcs"},
       .match = m_ssrc_group,
       .format = "ssrc-group:%s %s"},
      {.type = 'a',
       .name = "msidSemantic",
       .names = {"semantic", "token"},
       .match = m_msid_semantic,
       .format = "msid-semantic: %s %s"},
      {.type = 'a',
       .push = "groups",
       .names = {"type", "mids"},
       .match = m_group,
       .format = "group:%s %s"},
      {.type = 'a', .name = "rtcpMux", .match = m_rtcp_mux},
      {.type = 'a', .name = "rtcpRsize", .match = m_rtcp_rsize},
      {.type = 'a',
       .name = "sctpmap",
       .names = {"sctpmapNumber", "app", "maxMessageSize"},
       .match = m_sctpmap,
       .format_for = sctpmap_format},
      {.type = 'a', .name = "xGoogleFlag", .match = m_x_google_flag, .format = "x-google-flag:%s"},
      {.type = 'a',
       .push = "rids",
       .names = {"id", "direction", "params"},
       .match = m_rid,
       .format_for = rid_format},
      {.type = 'a',
       .push = "imageattrs",
       .names = {"pt", "dir1", "attrs1", "dir2", "attrs2"},
       .match = m_imageattr,
       .format_for = imageattr_format},
      {.type = 'a',
       .name = "simulcast",
       .names = {"dir1", "list1", "dir2", "list2"},
       .match = m_simulcast,
       .format_for = simulcast_format},
      {.type = 'a',
       .name = "simulcast_03",
       .names = {"value"},
       .match = m_simulcast_03,
       .format = "simulcast: %s"},
      {.type = 'a', .name = "framerate", .match = m_framerate, .format = "framerate:%s"},
      {.type = 'a',
       .name = "sourceFilter",
       .names = {"filterMode", "netType", "addressTypes", "destAddress", "srcList"},
       .match = m_source_filter,
       .format = "source-filter: %s %s %s %s %s"},
      {.type = 'a', .name = "bundleOnly", .match = m_bundle_only},
      {.type = 'a', .name = "label", .match = m_label, .format = "label:%s"},
      {.type = 'a', .name = "sctpPort", .match = m_sctp_port, .format = "sctp-port:%s"},
      {.type = 'a',
       .name = "maxMessageSize",
       .match = m_max_message_size,
       .format = "max-message-size:%s"},
      {.type = 'a',
       .push = "tsRefClocks",
       .names = {"clksrc", "clksrcExt"},
       .match = m_ts_refclk,
       .format_for = ts_refclk_format},
      {.type = 'a',
       .name = "mediaClk",
       .names = {"id", "mediaClockName", "mediaClockValue", "rateNumerator", "rateDenominator"},
       .match = m_mediaclk,
       .format_for = mediaclk_format},
      {.type = 'a', .name = "keywords", .match = m_keywords, .format = "keywds:%s"},
      {.type = 'a', .name = "content", .match = m_content, .format = "content:%s"},
      {.type = 'a', .name = "bfcpFloorCtrl", .match = m_floorctrl, .format = "floorctrl:%s"},
      {.type = 'a', .name = "bfcpConfId", .match = m_confid, .format = "confid:%s"},
      {.type = 'a', .name = "bfcpUserId", .match = m_userid, .format = "userid:%s"},
      {.type = 'a',
       .name = "bfcpFloorId",
       .names = {"id", "mStream"},
       .match = m_floorid,
       .format = "floorid:%s mstrm:%s"},
      // Any other a= line, verbatim.
      {.type = 'a', .push = "invalid", .names = {"value"}, .match = whole_line},
  };
  return rules;
}

// ---------------------------------------------------------------------------------------------
// SDP text -> JSON, as sdp-transform's parse().

using OrderedJson = nlohmann::ordered_json;  // JavaScript objects keep insertion order

// sdp-transform's toIntIfInt: a number when String(Number(v)) === v, else the text. NaN and
// Infinity pass that test ("a=ice-ufrag:NaN"); JSON.stringify writes them as null.
OrderedJson js_value(std::string_view text) {
  if (js::is_canonical_number(text)) return js::string_to_number(text);
  return std::string(text);
}

void apply(const Rule& rule, OrderedJson& location, const Groups& groups) {
  if (rule.names.empty()) {  // a value of its own: location[name] = value
    location[std::string(rule.name)] = js_value(*groups[0]);
    return;
  }
  OrderedJson pushed = OrderedJson::object();
  OrderedJson* target = &location;
  if (!rule.push.empty()) {
    target = &pushed;
  } else if (!rule.name.empty()) {
    // A second line of the same kind updates the same object: fields it lacks keep the old
    // values (two a=rtcp lines, one with an address, give a mixed object, as in JavaScript).
    auto& object = location[std::string(rule.name)];
    if (!object.is_object()) object = OrderedJson::object();
    target = &object;
  }
  for (std::size_t i = 0; i < rule.names.size() && i < groups.size(); ++i) {
    if (groups[i]) (*target)[std::string(rule.names[i])] = js_value(*groups[i]);
  }
  if (!rule.push.empty()) {
    auto& list = location[std::string(rule.push)];
    if (!list.is_array()) list = OrderedJson::array();
    list.push_back(std::move(pushed));
  }
}

OrderedJson parse_like_sdp_transform(std::string_view sdp) {
  // node reads the file as UTF-8, replacing invalid bytes; sdp-transform splits at CRLF, CR
  // or LF and keeps lines of the form "<letter>=...".
  const std::string text = js::utf8_sanitize(sdp);
  OrderedJson session = OrderedJson::object();
  OrderedJson media = OrderedJson::array();
  OrderedJson* location = &session;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = std::string_view(text).substr(pos, end - pos);
    pos = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    if (line.size() < 2 || line[0] < 'a' || line[0] > 'z' || line[1] != '=') continue;
    const char type = line[0];
    const std::string_view content = line.substr(2);
    if (type == 'm') {
      media.push_back({{"rtp", OrderedJson::array()}, {"fmtp", OrderedJson::array()}});
      location = &media.back();
    }
    for (const Rule& rule : grammar()) {
      if (rule.type != type) continue;
      if (const Match groups = rule.match(content)) {
        apply(rule, *location, *groups);
        break;
      }
    }
  }
  session["media"] = std::move(media);
  return session;
}

// ---------------------------------------------------------------------------------------------
// JSON -> SDP text, as sdp-transform's write().

Error json_error(std::string message) {
  return Error{Errc::invalid_argument, "from_json: " + std::move(message), std::nullopt,
               std::nullopt, std::nullopt};
}

// String(value) for a field. Arrays and objects are refused (JavaScript would print "a,b" or
// "[object Object]"); so are line breaks, which would smuggle extra lines into the SDP.
Result<std::string> js_string(const Json* v, std::string_view where) {
  if (v == nullptr) return std::string("undefined");
  switch (v->type()) {
    case Json::value_t::null:
      return std::string("null");
    case Json::value_t::boolean:
      return std::string(v->get<bool>() ? "true" : "false");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return js::number_to_string(v->get<double>());
    case Json::value_t::string: {
      const auto& s = v->get_ref<const std::string&>();
      if (s.find_first_of("\r\n") != std::string::npos) {
        return std::unexpected(json_error(std::string(where) + " contains a line break"));
      }
      return s;
    }
    default:
      return std::unexpected(json_error(std::string(where) + " must be a string or a number"));
  }
}

// Number(value), printed as JavaScript prints numbers ("%d").
Result<std::string> js_number(const Json* v, std::string_view where) {
  if (v != nullptr && v->is_string()) {
    return js::number_to_string(js::string_to_number(v->get_ref<const std::string&>()));
  }
  if (v == nullptr) return std::string("NaN");
  if (v->is_null()) return std::string("0");
  if (v->is_boolean()) return std::string(v->get<bool>() ? "1" : "0");
  if (v->is_number()) return js::number_to_string(v->get<double>());
  return std::unexpected(json_error(std::string(where) + " must be a string or a number"));
}

// sdp-transform's format(): each %s / %d / %v takes the next argument; placeholders beyond
// the arguments stay as they are, arguments beyond the placeholders are dropped.
Result<std::string> format_line(std::string_view format, const std::vector<const Json*>& args,
                                std::string_view where) {
  std::string out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char spec = i + 1 < format.size() ? format[i + 1] : '\0';
    if (format[i] != '%' || (spec != 's' && spec != 'd' && spec != 'v' && spec != '%')) {
      out.push_back(format[i]);
      continue;
    }
    ++i;
    if (next >= args.size()) {
      out.push_back('%');
      out.push_back(spec);
      continue;
    }
    const Json* arg = args[next++];
    if (spec == '%') {
      out.push_back('%');
    } else if (spec == 's') {
      auto s = js_string(arg, where);
      if (!s) return s;
      out += *s;
    } else if (spec == 'd') {
      auto s = js_number(arg, where);
      if (!s) return s;
      out += *s;
    }
  }
  return out;
}

std::string describe(std::string_view where, std::string_view key) {
  return std::string(where) + "." + std::string(key);
}

// makeLine(): one line of `rule` from `location` (the session, a media section, or one
// element of a pushed array).
Result<std::string> make_line(const Rule& rule, const Json& location, std::string_view where) {
  const Json* values = rule.push.empty() && !rule.name.empty() && !rule.names.empty()
                           ? property(&location, rule.name)
                           : &location;
  if (!rule.push.empty() || !rule.names.empty()) {
    if (values == nullptr || !values->is_object()) {
      return std::unexpected(json_error(std::string(where) + " must be an object"));
    }
  }
  const std::string format = std::string(1, rule.type) + "=" +
                             (rule.format_for ? rule.format_for(values) : std::string(rule.format));
  std::vector<const Json*> args;
  if (rule.names.empty()) {
    args.push_back(property(&location, rule.name));
  } else {
    for (std::string_view n : rule.names) args.push_back(property(values, n));
  }
  return format_line(format, args, where);
}

// The lines of every rule of `types` present in `location`, in grammar order.
Result<void> write_section(const Json& location, std::string_view types, std::string_view where,
                           std::vector<std::string>& lines) {
  for (char type : types) {
    for (const Rule& rule : grammar()) {
      if (rule.type != type || type == 'm') continue;
      if (!rule.name.empty() && not_null(property(&location, rule.name))) {
        auto line = make_line(rule, location, describe(where, rule.name));
        if (!line) return std::unexpected(line.error());
        lines.push_back(std::move(*line));
      } else if (!rule.push.empty() && not_null(property(&location, rule.push))) {
        const Json& list = *property(&location, rule.push);
        const std::string field = describe(where, rule.push);
        if (!list.is_array()) return std::unexpected(json_error(field + " must be an array"));
        for (std::size_t i = 0; i < list.size(); ++i) {
          auto line = make_line(rule, list[i], field + "[" + std::to_string(i) + "]");
          if (!line) return std::unexpected(line.error());
          lines.push_back(std::move(*line));
        }
      }
    }
  }
  return {};
}

Result<std::string> write_like_sdp_transform(Json session) {
  if (!session.is_object()) return std::unexpected(json_error("the JSON must be an object"));
  // write()'s defaults: v=0, "s= ", and an empty payload list.
  if (!not_null(property(&session, "version"))) session["version"] = 0;
  if (!not_null(property(&session, "name"))) session["name"] = " ";
  Json* media = session.contains("media") ? &session["media"] : nullptr;
  if (media == nullptr || !media->is_array()) {
    return std::unexpected(json_error("\"media\" must be an array (use [] for none)"));
  }
  for (std::size_t i = 0; i < media->size(); ++i) {
    Json& m = (*media)[i];
    const std::string where = "media[" + std::to_string(i) + "]";
    if (!m.is_object()) return std::unexpected(json_error(where + " must be an object"));
    // sdp-transform leaves these out when it cannot read an m= line ("m=video 5000/2 ...");
    // its writer would then print "m=undefined NaN undefined".
    for (const char* key : {"type", "port", "protocol"}) {
      if (!not_null(property(&m, key))) {
        return std::unexpected(json_error(where + " has no \"" + key +
                                          "\" (sdp-transform could not read its m= line)"));
      }
    }
    if (!not_null(property(&m, "payloads"))) m["payloads"] = "";
  }

  std::vector<std::string> lines;
  if (auto r = write_section(session, "vosiuepcbtrza", "session", lines); !r) {
    return std::unexpected(r.error());
  }
  const Rule& m_rule = *std::find_if(grammar().begin(), grammar().end(),
                                     [](const Rule& r) { return r.type == 'm'; });
  for (std::size_t i = 0; i < media->size(); ++i) {
    const std::string where = "media[" + std::to_string(i) + "]";
    auto m_line = make_line(m_rule, (*media)[i], where);
    if (!m_line) return std::unexpected(m_line.error());
    lines.push_back(std::move(*m_line));
    if (auto r = write_section((*media)[i], "icba", where, lines); !r) {
      return std::unexpected(r.error());
    }
  }
  std::string text;
  for (const auto& line : lines) text += line + "\r\n";
  return text;
}

}  // namespace

std::string to_json(const SessionDescription& session, int indent) {
  return js::stringify(parse_like_sdp_transform(serialize(session)), indent);
}

Result<SessionDescription> from_json(std::string_view json) {
  // nlohmann reports errors by exceptions; none may leave this function.
  try {
    Json value = Json::parse(json);
    auto text = write_like_sdp_transform(std::move(value));
    if (!text) return std::unexpected(text.error());
    auto session = parse(*text);
    if (!session) {
      // Say which line, since the text exists only here.
      Error e = session.error();
      std::string line;
      if (e.line) {
        std::size_t start = 0;
        for (std::size_t n = 1; n < *e.line && start != std::string::npos; ++n) {
          start = text->find("\r\n", start);
          if (start != std::string::npos) start += 2;
        }
        if (start != std::string::npos) {
          line = text->substr(start, text->find("\r\n", start) - start);
        }
      }
      e.message = "from_json: the SDP written from the JSON does not parse: " + e.message +
                  (line.empty() ? "" : " (\"" + line + "\")");
      return std::unexpected(std::move(e));
    }
    return session;
  } catch (const Json::parse_error& e) {
    std::string message = e.what();
    if (const auto bracket = message.find("] "); bracket != std::string::npos) {
      message.erase(0, bracket + 2);  // drop "[json.exception.parse_error.101] "
    }
    return std::unexpected(Error{Errc::malformed, "from_json: not valid JSON: " + message,
                                 e.byte > 0 ? e.byte - 1 : 0, std::nullopt, std::nullopt});
  } catch (const Json::exception& e) {
    return std::unexpected(json_error(e.what()));
  }
}

}  // namespace rtc::sdp
