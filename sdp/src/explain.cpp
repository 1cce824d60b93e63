// `rtc sdp explain`: every line of an SDP in plain words, with the RFC section that defines it.
//
// Two passes. The first collects, per m-section, the a=rtpmap and a=fmtp lines (so an m= line
// can say which payload type is which codec, and rtx can name what it repairs) and the BUNDLE
// group. The second explains each line on its own. To agree with the parser, the explanation
// comes from the parser's own typed model: a= lines go through parse_attribute(), other lines
// are parsed inside a minimal session description (v=, o=, s=, t= around them).
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "explain_internal.hpp"
#include "rtc/sdp/codecs.hpp"
#include "rtc/sdp/explain.hpp"
#include "rtc/sdp/parser.hpp"

namespace rtc::sdp {

using explain_detail::Context;
using explain_detail::Explanation;
using explain_detail::Section;

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF (RFC 8866 §5)
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::optional<std::uint8_t> parse_pt(std::string_view s) {
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v > 127) return std::nullopt;
  return static_cast<std::uint8_t>(v);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// The first pass: sections with their rtpmaps and fmtps, the BUNDLE group.
struct Overview {
  std::vector<Section> sections;        // [0] is the session level
  std::vector<std::size_t> section_of;  // per line, index into sections
  std::vector<std::string> bundle;
};

Overview overview(const std::vector<std::string_view>& lines) {
  Overview o;
  o.sections.emplace_back();
  for (std::string_view line : lines) {
    if (line.starts_with("m=")) {
      Section s;
      s.session_level = false;
      s.media_type = std::string(line.substr(2, line.find(' ') == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : line.find(' ') - 2));
      o.sections.push_back(std::move(s));
    }
    o.section_of.push_back(o.sections.size() - 1);
    if (!line.starts_with("a=")) continue;
    auto parsed = parse_attribute(line.substr(2));
    if (!parsed) continue;
    Section& current = o.sections.back();
    if (const auto* r = std::get_if<Rtpmap>(&*parsed)) current.rtpmaps[r->payload_type] = *r;
    if (const auto* f = std::get_if<Fmtp>(&*parsed)) current.fmtps[f->payload_type] = f->parameters;
    if (std::holds_alternative<BundleOnly>(*parsed)) current.bundle_only = true;
    if (const auto* g = std::get_if<Group>(&*parsed)) {
      if (g->semantics == "BUNDLE" && current.session_level) o.bundle = g->mids;
    }
  }
  return o;
}

// Parses one non-attribute line inside the smallest session description that has it in its
// place in the grammar of RFC 8866 §9.
Result<SessionDescription> parse_in_context(char type, std::string_view line) {
  static constexpr std::string_view kV = "v=0\r\n";
  static constexpr std::string_view kO = "o=- 0 0 IN IP4 0.0.0.0\r\n";
  static constexpr std::string_view kS = "s=-\r\n";
  static constexpr std::string_view kT = "t=0 0\r\n";
  std::string l = std::string(line) + "\r\n";
  std::string text;
  switch (type) {
    case 'v':
      text = l + std::string(kO) + std::string(kS) + std::string(kT);
      break;
    case 'o':
      text = std::string(kV) + l + std::string(kS) + std::string(kT);
      break;
    case 's':
      text = std::string(kV) + std::string(kO) + l + std::string(kT);
      break;
    case 't':
      text = std::string(kV) + std::string(kO) + std::string(kS) + l;
      break;
    case 'i':
    case 'u':
    case 'e':
    case 'p':
    case 'c':
    case 'b':
      text = std::string(kV) + std::string(kO) + std::string(kS) + l + std::string(kT);
      break;
    default:  // r, z, k, m come after t=
      text = std::string(kV) + std::string(kO) + std::string(kS) + std::string(kT) + l;
  }
  return parse(text);
}

std::string_view protocol_meaning(std::string_view proto, std::string& reference) {
  struct P {
    std::string_view name, meaning, reference;
  };
  static constexpr P kProtocols[] = {
      {"UDP/TLS/RTP/SAVPF",
       "secure RTP (SRTP keyed by DTLS) over UDP with RTCP feedback: WebRTC's media profile",
       "RFC 5764 §8, RFC 5124"},
      {"TCP/DTLS/RTP/SAVPF", "secure RTP keyed by DTLS over TCP, with RTCP feedback",
       "RFC 7850, RFC 5124"},
      {"UDP/TLS/RTP/SAVP", "secure RTP keyed by DTLS over UDP, no RTCP feedback", "RFC 5764 §8"},
      {"RTP/SAVPF", "secure RTP with RTCP feedback", "RFC 5124"},
      {"RTP/SAVP", "secure RTP (SRTP)", "RFC 3711 §12"},
      {"RTP/AVPF", "plain RTP with RTCP feedback, no encryption", "RFC 4585 §4"},
      {"RTP/AVP", "plain RTP over UDP, no encryption (not allowed in WebRTC)", "RFC 3551"},
      {"UDP/DTLS/SCTP", "SCTP over DTLS over UDP: the transport of data channels", "RFC 8841 §4"},
      {"TCP/DTLS/SCTP", "SCTP over DTLS over TCP: data channels", "RFC 8841 §4"},
      {"DTLS/SCTP", "SCTP over DTLS, the old draft form (with a=sctpmap)",
       "draft-ietf-mmusic-sctp-sdp-05"},
      {"udp", "an unspecified protocol over UDP", "RFC 8866 §5.14"},
      {"TCP", "an unspecified protocol over TCP", "RFC 4145"},
  };
  for (const P& p : kProtocols) {
    if (p.name == proto) {
      reference = std::string(p.reference);
      return p.meaning;
    }
  }
  return {};
}

Explanation explain_media(const MediaDescription& m, const Section& section) {
  Explanation e;
  std::string proto_ref;
  const std::string_view proto = protocol_meaning(m.protocol, proto_ref);
  e.meaning = "Media section (m-section): " + m.type;
  if (m.type == "application" && m.formats.size() == 1 && m.formats[0] == "webrtc-datachannel") {
    e.meaning = "Media section for data channels";
  }
  // Port
  if (m.port == 0) {
    e.meaning += section.bundle_only
                     ? ", port 0 with a=bundle-only: it exists only inside the BUNDLE transport "
                       "(RFC 8843 §6)"
                     : ", port 0: rejected or disabled (RFC 3264 §6)";
  } else if (m.port == 9 && m.protocol.find("UDP/") == 0) {
    e.meaning +=
        ", port 9 (the discard port): a placeholder, the real addresses come as ICE candidates "
        "(RFC 8840)";
  } else if (m.protocol.find("RTP/") == 0) {
    e.meaning += ", RTP on port " + std::to_string(m.port) + " (RTCP on " +
                 std::to_string(m.port + 1) + " unless a=rtcp says otherwise, RFC 3550 §11)";
  } else {
    e.meaning += ", port " + std::to_string(m.port) + " (the default ICE candidate's port)";
  }
  if (m.port_count) e.meaning += ", " + std::to_string(*m.port_count) + " consecutive ports";
  e.meaning += ". Protocol " + m.protocol;
  if (!proto.empty()) e.meaning += ": " + std::string(proto);
  // Formats
  if (m.protocol.find("RTP") != std::string::npos) {
    std::vector<std::string> formats;
    for (const auto& f : m.formats) {
      auto pt = parse_pt(f);
      formats.push_back(pt ? explain_detail::describe_payload_type(section, *pt) : f);
    }
    e.meaning += ". Payload types in order of preference: " + join(formats, ", ");
  } else if (!m.formats.empty()) {
    e.meaning += ". Format " + join(m.formats, " ");
    if (m.formats[0] == "webrtc-datachannel") e.meaning += " (data channels, RFC 8832)";
  }
  e.reference = "RFC 8866 §5.14";
  if (!proto_ref.empty()) e.reference += ", " + proto_ref;
  return e;
}

// "7d" -> "7 days" (RFC 8866 §5.10: typed-time is seconds or a number with d, h, m or s).
std::string typed_time(std::string_view t) {
  if (t.empty()) return {};
  const bool has_unit = std::string_view("dhms").find(t.back()) != std::string_view::npos;
  const std::string number(has_unit ? t.substr(0, t.size() - 1) : t);
  const std::string_view unit = !has_unit || t.back() == 's' ? "second"
                                : t.back() == 'd'            ? "day"
                                : t.back() == 'h'            ? "hour"
                                                             : "minute";
  const bool one = number == "1" || number == "-1";
  return number + " " + std::string(unit) + (one ? "" : "s");
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    const auto start = s.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    s.remove_prefix(start);
    const auto end = s.find(' ');
    out.push_back(s.substr(0, end));
    if (end == std::string_view::npos) break;
    s.remove_prefix(end);
  }
  return out;
}

Explanation explain_other(char type, std::string_view line, const Section& section) {
  auto parsed = parse_in_context(type, line);
  if (!parsed) {
    return {"a " + std::string(1, type) +
                "= line that does not follow its grammar: " + parsed.error().message,
            "RFC 8866 §5", false};
  }
  const SessionDescription& s = *parsed;
  const std::string where = section.session_level ? "the session" : "this m-section";
  Explanation e;
  switch (type) {
    case 'v':
      e = {"SDP version " + std::to_string(s.version) + ", the only version there is",
           "RFC 8866 §5.1"};
      break;
    case 'o': {
      const Origin& o = s.origin;
      std::string who = o.username == "-" ? "no username ('-')" : "username '" + o.username + "'";
      if (o.username.starts_with("mozilla...")) who += " (Firefox writes this)";
      e.meaning = "Origin: " + who + ", session id " + o.session_id + ", session version " +
                  std::to_string(o.session_version) + ", address " + o.network_type + " " +
                  o.address_type + " " + o.address +
                  ". The id names the session; the version goes up with every new description "
                  "from this side (RFC 9429 §5.2.2)";
      if (o.address == "127.0.0.1" || o.address == "0.0.0.0" || o.address == "::") {
        e.meaning += "; the address is a placeholder that leaks nothing (RFC 9429 §5.2.1)";
      } else {
        e.meaning += "; the address is the creator's";
      }
      e.reference = "RFC 8866 §5.2";
      break;
    }
    case 's':
      e.meaning = s.session_name == "-"
                      ? "Session name '-': WebRTC has no use for a name (RFC 9429 §5.2.1)"
                      : "Session name: '" + s.session_name + "'";
      e.reference = "RFC 8866 §5.3";
      break;
    case 'i':
      e = {"Title of " + where + ": '" + s.information.value_or("") + "'", "RFC 8866 §5.4"};
      break;
    case 'u':
      e = {"Where to read more about the session: " + s.uri.value_or(""), "RFC 8866 §5.5"};
      break;
    case 'e':
      e = {"Contact e-mail: " + (s.emails.empty() ? "" : s.emails[0]), "RFC 8866 §5.6"};
      break;
    case 'p':
      e = {"Contact phone: " + (s.phones.empty() ? "" : s.phones[0]), "RFC 8866 §5.6"};
      break;
    case 'c': {
      const Connection& c = s.connection.value_or(Connection{});
      e.meaning = "Connection address of " + where + ": " + c.network_type + " " + c.address_type +
                  " " + c.address;
      const auto slash = c.address.find('/');
      if (c.address == "0.0.0.0" || c.address == "::") {
        e.meaning += " is a placeholder: the real addresses are the ICE candidates (RFC 8840)";
      } else if (slash != std::string::npos) {
        auto parts = c.address.substr(slash + 1);
        const auto slash2 = parts.find('/');
        if (c.address_type == "IP4") {
          e.meaning += ": multicast group " + c.address.substr(0, slash) + ", TTL " +
                       parts.substr(0, slash2);
          if (slash2 != std::string::npos) {
            e.meaning += ", " + parts.substr(slash2 + 1) + " consecutive addresses";
          }
        } else {
          e.meaning += ": multicast group " + c.address.substr(0, slash) + ", " + parts +
                       " consecutive addresses";
        }
      } else if (!section.session_level) {
        e.meaning += " (the default ICE candidate's address, RFC 8839 §4.2.1.2)";
      }
      e.reference = "RFC 8866 §5.7";
      break;
    }
    case 'b': {
      const Bandwidth b = s.bandwidths.empty() ? Bandwidth{} : s.bandwidths[0];
      e.reference = "RFC 8866 §5.8";
      if (b.type == "AS") {
        e.meaning = "Bandwidth for " + where + ": at most " + std::to_string(b.value) +
                    " kbit/s (AS: application specific maximum)";
      } else if (b.type == "CT") {
        e.meaning = "Bandwidth: the whole conference uses at most " + std::to_string(b.value) +
                    " kbit/s (CT: conference total)";
      } else if (b.type == "TIAS") {
        e.meaning = "Bandwidth for " + where + ": at most " + std::to_string(b.value) +
                    " bit/s, not counting IP/UDP/RTP headers (TIAS)";
        e.reference += ", RFC 3890 §6.2";
      } else if (b.type == "RS" || b.type == "RR") {
        e.meaning = "RTCP bandwidth for " + std::string(b.type == "RS" ? "senders" : "receivers") +
                    ": " + std::to_string(b.value) + " bit/s";
        e.reference = "RFC 3556 §2";
      } else {
        e.meaning = "Bandwidth of type " + b.type + ": " + std::to_string(b.value);
      }
      break;
    }
    case 't': {
      const Timing& t = s.timings.empty() ? Timing{} : s.timings.back();
      if (t.start == 0 && t.stop == 0) {
        e.meaning =
            "Timing 0 0: the session is permanent, not bounded in time (what WebRTC "
            "writes)";
      } else {
        // NTP seconds count from 1900; Unix time from 1970 (RFC 8866 §5.9).
        auto unix_time = [](std::uint64_t ntp) {
          return ntp >= 2208988800ull ? std::to_string(ntp - 2208988800ull) : std::string("?");
        };
        e.meaning = "Timing: starts at NTP time " + std::to_string(t.start) + " (Unix " +
                    unix_time(t.start) + ")";
        e.meaning += t.stop == 0 ? ", no end (unbounded)"
                                 : ", ends at NTP time " + std::to_string(t.stop) + " (Unix " +
                                       unix_time(t.stop) + ")";
      }
      e.reference = "RFC 8866 §5.9";
      break;
    }
    case 'r': {
      auto w = words(line.substr(2));
      e.meaning = "Repeat times";
      if (w.size() >= 2) {
        e.meaning += ": every " + typed_time(w[0]) + ", active for " + typed_time(w[1]);
        if (w.size() > 2) {
          std::vector<std::string> offsets;
          for (std::size_t i = 2; i < w.size(); ++i) offsets.push_back(typed_time(w[i]));
          e.meaning += ", starting at offsets " + join(offsets, ", ") + " from the start time";
        }
      }
      e.reference = "RFC 8866 §5.10";
      break;
    }
    case 'z': {
      auto w = words(line.substr(2));
      std::vector<std::string> adjustments;
      for (std::size_t i = 0; i + 1 < w.size(); i += 2) {
        adjustments.push_back("from NTP time " + std::string(w[i]) + " shift by " +
                              typed_time(w[i + 1]));
      }
      e = {"Time zone adjustments for repeated sessions: " + join(adjustments, "; "),
           "RFC 8866 §5.11"};
      break;
    }
    case 'k':
      e = {
          "Encryption key (obsolete: RFC 8866 §5.12 says not to use it; WebRTC keys come from "
          "DTLS-SRTP)",
          "RFC 8866 §5.12"};
      break;
    case 'm':
      if (s.media.empty()) return {"an m= line the parser did not read", "RFC 8866 §5.14", false};
      e = explain_media(s.media[0], section);
      break;
    default:
      break;
  }
  return e;
}

}  // namespace

std::vector<ExplainedLine> explain(std::string_view text) {
  const auto lines = split_lines(text);
  const Overview o = overview(lines);
  std::vector<ExplainedLine> out;
  out.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    ExplainedLine x;
    x.line_number = i + 1;
    x.text = std::string(line);
    const Section& section = o.sections[o.section_of[i]];
    Explanation e;
    if (line.empty()) {
      if (i + 1 == lines.size()) continue;  // a trailing line end, not a line
      e = {"an empty line: SDP has none, every line is <type>=<value>", "RFC 8866 §5", false};
    } else if (line.size() < 2 || line[1] != '=') {
      e = {"not an SDP line: every line is <type>=<value> with a one-letter type", "RFC 8866 §5",
           false};
    } else if (line[0] == 'a') {
      Context context{&section, &o.bundle};
      e = explain_detail::explain_attribute(line.substr(2), context);
    } else if (std::string_view("vosiuepcbtrzkm").find(line[0]) != std::string_view::npos) {
      e = explain_other(line[0], line, section);
    } else {
      e = {"unknown line type '" + std::string(1, line[0]) +
               "=': RFC 8866 §5 says a parser must ignore a session description with a type "
               "letter it does not understand",
           "RFC 8866 §5", false};
    }
    x.meaning = std::move(e.meaning);
    x.reference = std::move(e.reference);
    x.recognized = e.recognized;
    out.push_back(std::move(x));
  }
  return out;
}

namespace {

// A space that wrap() must not break at: "RFC 8866 §5.2" stays on one line.
constexpr char kGlue = '\x1f';

std::string keep_citations_together(std::string text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != ' ') continue;
    const bool after_rfc = i >= 3 && text.compare(i - 3, 3, "RFC") == 0;
    const bool before_section = text.compare(i + 1, 2, "§") == 0;
    if (after_rfc || before_section) text[i] = kGlue;
  }
  return text;
}

// Word-wraps `text` to `width` columns: the first line starts with `first`, the others with
// `indent`. A word longer than a line (a fingerprint, a URI) stays whole.
void wrap(std::string& out, std::string_view text, std::string_view first, std::string_view indent,
          std::size_t width) {
  out += first;
  std::size_t column = first.size();
  bool line_empty = true;
  for (std::string_view word : words(text)) {
    if (!line_empty && column + 1 + word.size() > width) {
      out += '\n';
      out += indent;
      column = indent.size();
    } else if (!line_empty) {
      out += ' ';
      ++column;
    }
    for (char c : word) out += c == kGlue ? ' ' : c;
    column += word.size();
    line_empty = false;
  }
  out += '\n';
}

}  // namespace

std::string format_explanation(const std::vector<ExplainedLine>& lines) {
  std::size_t max_number = 1;
  for (const auto& l : lines) max_number = std::max(max_number, l.line_number);
  const int digits = static_cast<int>(std::to_string(max_number).size());
  const std::string indent(static_cast<std::size_t>(digits) + 2, ' ');
  const std::string first = indent + "-> ";
  const std::string first_unknown = indent + "?? ";
  const std::string rest = indent + "   ";

  std::string out;
  std::size_t unrecognized = 0;
  for (const auto& l : lines) {
    char number[32];
    std::snprintf(number, sizeof number, "%*zu  ", digits, l.line_number);
    out += number;
    out += l.text;
    out += '\n';
    std::string meaning = l.recognized ? l.meaning : "(not recognized) " + l.meaning;
    if (!l.reference.empty()) meaning += " [" + l.reference + "]";
    wrap(out, keep_citations_together(meaning), l.recognized ? first : first_unknown, rest, 100);
    if (!l.recognized) ++unrecognized;
  }
  out += std::to_string(lines.size()) + " lines, ";
  out += unrecognized == 0 ? std::string("all recognized.\n")
                           : std::to_string(unrecognized) + " not recognized (marked \"?\?\").\n";
  return out;
}

}  // namespace rtc::sdp
