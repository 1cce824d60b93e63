// `rtc sdp explain` for a= lines: each typed attribute of attributes.hpp, the codec parameters
// of a=fmtp, the feedback types of a=rtcp-fb, header extension URIs, ICE candidates, and the
// generic attributes browsers send.
#include <algorithm>
#include <charconv>
#include <type_traits>
#include <utility>

#include "explain_internal.hpp"
#include "rtc/sdp/codecs.hpp"
#include "rtc/sdp/parser.hpp"

namespace rtc::sdp::explain_detail {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::optional<unsigned long long> number(std::string_view s) {
  unsigned long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto l = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
           return l(x) == l(y);
         });
}

// The names that have a typed model, derived from the Attribute variant itself so that this
// list cannot drift from the parser's.
template <class T>
constexpr std::string_view typed_name() {
  if constexpr (requires { T::kName; }) {
    return T::kName;
  } else {
    return {};
  }
}
template <std::size_t... I>
bool is_typed_name_impl(std::string_view name, std::index_sequence<I...>) {
  return ((!typed_name<std::variant_alternative_t<I, Attribute>>().empty() &&
           typed_name<std::variant_alternative_t<I, Attribute>>() == name) ||
          ...);
}
bool is_typed_name(std::string_view name) {
  if (name == "sendrecv" || name == "sendonly" || name == "recvonly" || name == "inactive") {
    return true;
  }
  return is_typed_name_impl(name, std::make_index_sequence<std::variant_size_v<Attribute>>{});
}

std::string codec_name(const Section& s, std::uint8_t pt) {
  auto it = s.rtpmaps.find(pt);
  if (it != s.rtpmaps.end()) return it->second.encoding;
  if (const StaticPayloadType* st = find_static_payload_type(pt)) return std::string(st->name);
  return {};
}

std::string for_payload_type(const Section& s, std::uint8_t pt) {
  const std::string name = codec_name(s, pt);
  return "payload type " + std::to_string(pt) + (name.empty() ? "" : " (" + name + ")");
}

// ------------------------------------------------------------------------------------------
// a=rtpmap and a=fmtp

Explanation explain_rtpmap(const Rtpmap& r, const Section& s) {
  Explanation e;
  e.reference = "RFC 8866 §6.6";
  e.meaning = "Payload type " + std::to_string(r.payload_type) + " is " + r.encoding + ", clock " +
              std::to_string(r.clock_rate) + " Hz";
  if (r.channels) {
    e.meaning += ", " + std::to_string(*r.channels) + (*r.channels == 1 ? " channel" : " channels");
  }
  if (const CodecInfo* info = find_codec_info(r.encoding)) {
    e.meaning += ": " + std::string(info->description);
    e.reference += ", " + std::string(info->reference);
  } else {
    e.meaning += " (a codec this explainer does not know)";
  }
  if (iequals(r.encoding, "rtx")) {
    auto f = s.fmtps.find(r.payload_type);
    if (f != s.fmtps.end()) {
      Fmtp fmtp{r.payload_type, f->second};
      if (auto apt = fmtp.parameter("apt")) {
        auto pt = number(*apt);
        if (pt && *pt <= 127) {
          e.meaning += ", repairing " + for_payload_type(s, static_cast<std::uint8_t>(*pt));
        }
      }
    }
  }
  if (r.payload_type >= 96) {
    e.meaning += " (96-127 are dynamic payload types: this line binds the number)";
  } else if (find_static_payload_type(r.payload_type)) {
    e.meaning += " (a static payload type of RFC 3551 §6)";
  } else if (r.payload_type >= 35 && r.payload_type <= 63) {
    e.meaning += " (35-63 are unassigned numbers, used when 96-127 run out)";
  }
  return e;
}

std::string h264_profile_level(std::string_view value) {
  auto id = parse_h264_profile_level_id(value);
  if (!id)
    return "profile-level-id " + std::string(value) + " (not a profile/level RFC 6184 knows)";
  return "profile-level-id " + std::string(value) + " = " + std::string(to_string(id->profile)) +
         " profile, level " + h264_level_name(id->level) +
         " (bytes: profile_idc, constraint flags, level_idc)";
}

std::string explain_parameter(std::string_view codec, const std::string& key,
                              const std::string& value, const Section& s) {
  auto is = [&](std::string_view name) { return iequals(codec, name); };
  auto v = number(value);
  if (key == "ptime") return "ptime=" + value + ": " + value + " ms of media per packet";
  if (key == "maxptime") return "maxptime=" + value + ": at most " + value + " ms per packet";
  if (is("opus")) {  // RFC 7587 §6.1
    if (key == "minptime") return "minptime=" + value + ": at least " + value + " ms per packet";
    if (key == "useinbandfec")
      return value == "1" ? "useinbandfec=1: the receiver decodes Opus in-band FEC, so send it"
                          : "useinbandfec=0: no in-band FEC wanted";
    if (key == "usedtx")
      return value == "1" ? "usedtx=1: discontinuous transmission, send little during silence"
                          : "usedtx=0: no discontinuous transmission";
    if (key == "stereo")
      return value == "1" ? "stereo=1: the receiver prefers stereo"
                          : "stereo=0: the receiver prefers mono";
    if (key == "sprop-stereo")
      return "sprop-stereo=" + value + ": the sender is likely to send " +
             (value == "1" ? "stereo" : "mono");
    if (key == "maxplaybackrate")
      return "maxplaybackrate=" + value + ": the receiver plays at most " + value + " Hz";
    if (key == "sprop-maxcapturerate")
      return "sprop-maxcapturerate=" + value + ": the sender captures at most " + value + " Hz";
    if (key == "maxaveragebitrate")
      return "maxaveragebitrate=" + value + ": at most " + value + " bit/s on average";
    if (key == "cbr")
      return "cbr=" + value + (value == "1" ? ": constant bitrate" : ": variable bitrate");
  }
  if (is("H264")) {  // RFC 6184 §8.1
    if (key == "profile-level-id") return h264_profile_level(value);
    if (key == "packetization-mode") {
      if (value == "0")
        return "packetization-mode=0: single NAL unit mode (one NAL unit per packet)";
      if (value == "1")
        return "packetization-mode=1: non-interleaved mode (FU-A fragments, STAP-A aggregates)";
      if (value == "2") return "packetization-mode=2: interleaved mode";
    }
    if (key == "level-asymmetry-allowed")
      return value == "1"
                 ? "level-asymmetry-allowed=1: each side may send up to the level the other "
                   "receives, even if higher than its own"
                 : "level-asymmetry-allowed=0: both directions use the same level";
    if (key == "sprop-parameter-sets") return "sprop-parameter-sets: the SPS and PPS, base64";
    if (key == "max-mbps" || key == "max-fs" || key == "max-br" || key == "max-cpb" ||
        key == "max-dpb" || key == "max-smbps" || key == "max-fps")
      return key + "=" + value + ": a receiver limit above the level's";
  }
  if (is("VP8") || is("VP9")) {  // RFC 7741 §6.1, RFC 9628 §6
    if (key == "max-fr") return "max-fr=" + value + ": at most " + value + " frames per second";
    if (key == "max-fs")
      return "max-fs=" + value + ": at most " + value + " macroblocks (16x16 pixels) per frame";
    if (key == "profile-id") {
      static constexpr std::string_view kProfiles[] = {"8-bit 4:2:0", "8-bit 4:2:2, 4:4:0 or 4:4:4",
                                                       "10 or 12-bit 4:2:0",
                                                       "10 or 12-bit 4:2:2, 4:4:0 or 4:4:4"};
      if (v && *v < 4)
        return "profile-id=" + value + ": VP9 profile " + value + " (" +
               std::string(kProfiles[*v]) + ")";
    }
  }
  if (is("AV1")) {  // AV1 RTP payload format §7.2
    if (key == "profile" && v && *v < 3) {
      static constexpr std::string_view kProfiles[] = {"Main", "High", "Professional"};
      return "profile=" + value + ": AV1 " + std::string(kProfiles[*v]) + " profile";
    }
    if (key == "level-idx" && v && *v < 32) {
      return "level-idx=" + value + ": level " + std::to_string(2 + *v / 4) + "." +
             std::to_string(*v % 4);
    }
    if (key == "tier") return "tier=" + value + (value == "1" ? ": High tier" : ": Main tier");
  }
  if (is("H265")) {  // RFC 7798 §7.1
    if (key == "profile-id") return "profile-id=" + value + " (1 Main, 2 Main 10)";
    if (key == "level-id" && v) {
      return "level-id=" + value + ": level " + std::to_string(*v / 30) +
             (*v % 30 ? "." + std::to_string(*v % 30 / 3) : "");
    }
    if (key == "tier-flag")
      return "tier-flag=" + value + (value == "1" ? ": High tier" : ": Main tier");
    if (key == "tx-mode") return "tx-mode=" + value + " (SRST: one RTP stream)";
  }
  if (is("rtx")) {  // RFC 4588 §8.1
    if (key == "apt" && v && *v <= 127)
      return "apt=" + value + ": retransmits " + for_payload_type(s, static_cast<std::uint8_t>(*v));
    if (key == "rtx-time")
      return "rtx-time=" + value + ": the sender keeps packets " + value + " ms for resending";
  }
  if (key.starts_with("x-google-") && key.ends_with("-bitrate")) {
    return key + "=" + value + ": a Chromium-specific bitrate hint in kbit/s";
  }
  return value.empty() ? key : key + "=" + value;
}

Explanation explain_fmtp(const Fmtp& f, const Section& s) {
  Explanation e;
  e.reference = "RFC 8866 §6.15";
  const std::string codec = codec_name(s, f.payload_type);
  e.meaning = "Format parameters of " + for_payload_type(s, f.payload_type) + ": ";
  if (const CodecInfo* info = find_codec_info(codec)) {
    e.reference += ", " + std::string(info->reference);
  }
  if (iequals(codec, "red")) {  // RFC 2198 §5: the payload types of the primary and redundant data
    std::vector<std::string> parts;
    std::string_view rest = f.parameters;
    while (!rest.empty()) {
      const auto slash = rest.find('/');
      auto pt = number(rest.substr(0, slash));
      parts.push_back(pt && *pt <= 127 ? for_payload_type(s, static_cast<std::uint8_t>(*pt))
                                       : std::string(rest.substr(0, slash)));
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
    e.meaning += "each RED packet carries " + join(parts, ", then ") +
                 " (the current frame and earlier ones again)";
    return e;
  }
  if (iequals(codec, "telephone-event")) {  // RFC 4733 §2.4.1
    e.meaning += "events " + f.parameters +
                 " can be sent (0-9 are the DTMF digits, 10 '*', 11 '#', 12-15 'A'-'D')";
    return e;
  }
  std::vector<std::string> parts;
  for (const auto& [key, value] : f.parameter_list()) {
    parts.push_back(explain_parameter(codec, key, value, s));
  }
  e.meaning += join(parts, "; ");
  return e;
}

// ------------------------------------------------------------------------------------------
// a=rtcp-fb

Explanation explain_rtcp_fb(const RtcpFb& fb, const Section& s) {
  Explanation e;
  e.reference = "RFC 4585 §4.2";
  const std::string who = fb.payload_type ? for_payload_type(s, *fb.payload_type)
                                          : std::string("every payload type (*)");
  std::string what;
  std::string ref;
  if (fb.type == "nack" && fb.subtype.empty()) {
    what = "generic NACK: the receiver reports lost packets so the sender resends them";
    ref = "RFC 4585 §6.2.1";
  } else if (fb.type == "nack" && fb.subtype == "pli") {
    what = "Picture Loss Indication: the receiver lost picture data and asks for a key frame";
    ref = "RFC 4585 §6.3.1";
  } else if (fb.type == "nack" && fb.subtype == "sli") {
    what = "Slice Loss Indication";
    ref = "RFC 4585 §6.3.2";
  } else if (fb.type == "nack" && fb.subtype == "rpsi") {
    what = "Reference Picture Selection Indication";
    ref = "RFC 4585 §6.3.3";
  } else if (fb.type == "ccm" && fb.subtype == "fir") {
    what = "Full Intra Request: the receiver demands a key frame (e.g. it just joined)";
    ref = "RFC 5104 §7.1";
  } else if (fb.type == "ccm" &&
             (fb.subtype == "tmmbr" || fb.subtype == "tstr" || fb.subtype == "vbcm")) {
    what = "codec control message " + fb.subtype;
    ref = "RFC 5104 §7.1";
  } else if (fb.type == "goog-remb") {
    what = "REMB: the receiver tells the sender the bitrate it estimates the path can take";
    ref = "draft-alvestrand-rmcat-remb";
  } else if (fb.type == "transport-cc") {
    what =
        "transport-wide congestion control: the receiver reports when each packet arrived "
        "(numbered by the transport-wide-cc header extension), the sender estimates bandwidth";
    ref = "draft-holmer-rmcat-transport-wide-cc-extensions-01";
  } else if (fb.type == "ack") {
    what = "positive acknowledgements" + (fb.subtype.empty() ? "" : " (" + fb.subtype + ")");
  } else if (fb.type == "trr-int") {
    what = "at least " + fb.subtype + " ms between regular RTCP reports";
  } else {
    what = "feedback type '" + fb.type + (fb.subtype.empty() ? "" : " " + fb.subtype) +
           "', not one this explainer knows";
  }
  e.meaning = "RTCP feedback for " + who + ": " + what;
  if (!ref.empty()) e.reference += ", " + ref;
  return e;
}

// ------------------------------------------------------------------------------------------
// a=candidate

Explanation explain_candidate(const Candidate& c) {
  Explanation e;
  e.reference = "RFC 8839 §5.1, RFC 8445 §5.1.2.1";
  std::string component = "component " + std::to_string(c.component);
  if (c.component == 1) component += " (RTP)";
  if (c.component == 2) component += " (RTCP, used only without rtcp-mux)";
  std::string transport = c.transport;
  for (char& ch : transport) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  }
  std::string type = c.type;
  if (c.type == "host") {
    type = "host (an address of the machine itself)";
  } else if (c.type == "srflx") {
    type = "server reflexive (the address a STUN server saw: the NAT's outside)";
  } else if (c.type == "prflx") {
    type = "peer reflexive (the address a peer's check came from)";
  } else if (c.type == "relay") {
    type = "relayed (an address on a TURN server, RFC 8656)";
  }
  std::string address = c.address;
  if (address.find(':') != std::string::npos) address = "[" + address + "]";
  e.meaning = "ICE candidate: " + component + ", " + transport + ", " + type + ", address " +
              address + ":" + std::to_string(c.port);
  if (c.is_mdns()) {
    e.meaning +=
        " (an mDNS name that hides the local IP address; the peer resolves it with "
        "multicast DNS, draft-ietf-mmusic-mdns-ice-candidates)";
  }
  // RFC 8445 §5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference
  //                               + (256 - component id)
  const std::uint32_t p = c.priority;
  e.meaning += ", priority " + std::to_string(p) + " = type preference " + std::to_string(p >> 24) +
               ", local preference " + std::to_string((p >> 8) & 0xFFFF) + ", component " +
               std::to_string(256 - (p & 0xFF));
  e.meaning += "; foundation " + c.foundation;
  if (c.related_address) {
    const std::string& related = *c.related_address;
    e.meaning += "; related address " +
                 (related.find(':') != std::string::npos ? "[" + related + "]" : related) +
                 (c.related_port ? ":" + std::to_string(*c.related_port) : std::string()) +
                 " (the base it was derived from)";
  }
  for (const auto& [name_view, value_view] : c.extensions) {
    const std::string name(name_view), value(value_view);
    if (name == "tcptype") {
      std::string how = value == "active"    ? "this side opens the TCP connection"
                        : value == "passive" ? "this side accepts the TCP connection"
                        : value == "so"      ? "simultaneous open"
                                             : value;
      e.meaning += "; tcptype " + value + ": " + how + " (RFC 6544 §4.5)";
      if (value == "active" && c.port == 9) {
        e.meaning += ", so port 9 is a placeholder: it listens on nothing";
      }
    } else if (name == "generation") {
      e.meaning += "; generation " + value + " (Chromium: the ICE restart it belongs to)";
    } else if (name == "network-id") {
      e.meaning += "; network-id " + value + " (Chromium: the local interface)";
    } else if (name == "network-cost") {
      e.meaning += "; network-cost " + value + " (Chromium: the interface's cost, lower is " +
                   "preferred; 10 Wi-Fi, 50 unknown, 900 cellular)";
    } else if (name == "ufrag") {
      e.meaning += "; ufrag " + value + " (the ICE credentials it belongs to)";
    } else {
      e.meaning += "; extension " + name + " " + value;
    }
  }
  return e;
}

// ------------------------------------------------------------------------------------------
// Generic attributes browsers and classic SDP use

Explanation explain_generic(const GenericAttribute& g) {
  const std::string value = g.value.value_or("");
  const auto& n = g.name;
  if (is_typed_name(n)) {
    // The lenient parser fell back to a generic attribute: the value breaks its grammar.
    auto strict = parse_attribute(g.value ? n + ":" + value : n, ParseOptions{.strict = true});
    return {"a=" + n + " whose value does not follow its grammar" +
                (strict ? std::string() : ": " + strict.error().message),
            "RFC 8866 §5.13", false};
  }
  if (n == "ptime") return {"Packet time: " + value + " ms of media per packet", "RFC 8866 §6.4"};
  if (n == "maxptime")
    return {"Maximum packet time: at most " + value + " ms of media per packet", "RFC 8866 §6.5"};
  if (n == "framerate") return {"At most " + value + " video frames per second", "RFC 8866 §6.13"};
  if (n == "quality")
    return {"Encoding quality " + value + " (0 worst to 10 best)", "RFC 8866 §6.14"};
  if (n == "orient") return {"Whiteboard orientation: " + value, "RFC 8866 §6.8"};
  if (n == "type") return {"Conference type: " + value, "RFC 8866 §6.9"};
  if (n == "charset") return {"Character set of text fields: " + value, "RFC 8866 §6.10"};
  if (n == "sdplang") return {"Language of the description: " + value, "RFC 8866 §6.11"};
  if (n == "lang") return {"Language of the session or media: " + value, "RFC 8866 §6.12"};
  if (n == "cat") return {"Category of the session: " + value, "RFC 8866 §6.1"};
  if (n == "keywds") return {"Keywords: " + value, "RFC 8866 §6.2"};
  if (n == "tool") return {"Written by the tool " + value, "RFC 8866 §6.3"};
  if (n == "rtcp-xr") {
    std::string m = "RTCP extended reports (XR) this side wants: " + value;
    if (value.find("rcvr-rtt") != std::string::npos) {
      m += " (receiver reference time reports, so that a side that only receives can measure "
           "the round-trip time)";
    }
    return {m, "RFC 3611 §5.1"};
  }
  if (n == "sctpmap") {
    return {
        "The old way to say that SCTP port, protocol and streams carry data channels; "
        "replaced by a=sctp-port",
        "draft-ietf-mmusic-sctp-sdp-05 §4"};
  }
  if (n == "x-google-flag") {
    return {"Chromium-specific flag '" + value + "'" +
                (value == "conference" ? ": conference mode (legacy screen-share simulcast)"
                                       : std::string()),
            "Chromium (not standardized)"};
  }
  if (n == "crypto") {
    return {
        "SDES-SRTP key in the clear; WebRTC forbids it and keys SRTP with DTLS instead "
        "(RFC 8827 §6.5)",
        "RFC 4568 §9.1"};
  }
  if (n == "remote-candidates")
    return {"The candidates the controlling agent selected: " + value, "RFC 8839 §5.2"};
  if (n == "ice-pacing") return {"ICE checks are paced at one every " + value + " ms", "RFC 8839"};
  if (n == "ice-mismatch")
    return {"The default candidate does not match the m= line (RFC 5245 leftover)", "RFC 8839"};
  if (n == "connection")
    return {"TCP connection: " + value + (value == "new" ? " (open a new one)" : " (reuse)"),
            "RFC 4145 §5"};
  if (n == "label") return {"Label of this m-section: " + value, "RFC 4574 §4"};
  if (n == "content") return {"Content of this m-section: " + value, "RFC 4796 §5"};
  if (n == "imageattr") return {"Image sizes accepted or sent: " + value, "RFC 6236 §3"};
  if (n == "source-filter") return {"Source filter: " + value, "RFC 4570 §3"};
  if (n == "ts-refclk") return {"Reference clock of the RTP timestamps: " + value, "RFC 7273 §4"};
  if (n == "mediaclk") return {"Media clock: " + value, "RFC 7273 §5"};
  if (n == "dtls-id") return {"DTLS association id (old name of a=tls-id)", "RFC 8842 §4"};
  if (n.starts_with("x-")) {
    return {
        "An experimental, non-standard attribute (x- prefix); a peer that does not know it "
        "ignores it",
        "RFC 8866 §5.13"};
  }
  return {"a=" + n +
              ": an attribute this explainer does not know; RFC 8866 §5.13 says a "
              "receiver ignores attributes it does not understand",
          "RFC 8866 §5.13", false};
}

std::string direction_words(MediaDirection d) {
  switch (d) {
    case MediaDirection::sendrecv:
      return "this side sends and receives media";
    case MediaDirection::sendonly:
      return "this side only sends media";
    case MediaDirection::recvonly:
      return "this side only receives media";
    case MediaDirection::inactive:
      return "this side neither sends nor receives media";
  }
  return {};
}

std::string_view direction_section(MediaDirection d) {
  switch (d) {
    case MediaDirection::recvonly:
      return "RFC 8866 §6.7.1";
    case MediaDirection::sendrecv:
      return "RFC 8866 §6.7.2";
    case MediaDirection::sendonly:
      return "RFC 8866 §6.7.3";
    case MediaDirection::inactive:
      return "RFC 8866 §6.7.4";
  }
  return "RFC 8866 §6.7";
}

std::size_t fingerprint_bytes(std::string_view algorithm) {
  if (iequals(algorithm, "sha-1")) return 20;
  if (iequals(algorithm, "sha-224")) return 28;
  if (iequals(algorithm, "sha-256")) return 32;
  if (iequals(algorithm, "sha-384")) return 48;
  if (iequals(algorithm, "sha-512")) return 64;
  return 0;
}

}  // namespace

std::string describe_payload_type(const Section& section, std::uint8_t pt) {
  std::string out = std::to_string(pt);
  auto it = section.rtpmaps.find(pt);
  if (it != section.rtpmaps.end()) {
    const Rtpmap& r = it->second;
    if (iequals(r.encoding, "rtx")) {
      auto f = section.fmtps.find(pt);
      if (f != section.fmtps.end()) {
        if (auto apt = Fmtp{pt, f->second}.parameter("apt")) return out + " rtx for " + *apt;
      }
      return out + " rtx";
    }
    out += " " + r.encoding;
    if (iequals(r.encoding, "H264")) {
      auto f = section.fmtps.find(pt);
      if (f != section.fmtps.end()) {
        Fmtp fmtp{pt, f->second};
        auto id = parse_h264_profile_level_id(fmtp.parameter("profile-level-id").value_or(""));
        if (id) out += " " + std::string(to_string(id->profile)) + " " + h264_level_name(id->level);
        out += " mode " + fmtp.parameter("packetization-mode").value_or("0");
      }
    } else if (iequals(r.encoding, "VP9")) {
      auto f = section.fmtps.find(pt);
      if (f != section.fmtps.end()) {
        if (auto id = Fmtp{pt, f->second}.parameter("profile-id")) out += " profile " + *id;
      }
    }
    return out;
  }
  if (const StaticPayloadType* s = find_static_payload_type(pt)) {
    return out + " " + std::string(s->name) + " (static)";
  }
  return out + " (no a=rtpmap)";
}

Explanation explain_attribute(std::string_view text, const Context& context) {
  static const Section kEmpty;
  const Section& s = context.section ? *context.section : kEmpty;
  auto parsed = parse_attribute(text);
  if (!parsed) {
    return {"an a= line the parser rejects: " + parsed.error().message, "RFC 8866 §5.13", false};
  }
  const std::string level = s.session_level ? " (session level: applies to every m-section)" : "";
  return std::visit(
      Overloaded{
          [&](const GenericAttribute& g) { return explain_generic(g); },
          [&](const Rtpmap& r) { return explain_rtpmap(r, s); },
          [&](const Fmtp& f) { return explain_fmtp(f, s); },
          [&](const RtcpFb& fb) { return explain_rtcp_fb(fb, s); },
          [&](const Rtcp& r) {
            Explanation e{"RTCP goes to port " + std::to_string(r.port), "RFC 3605 §2.1"};
            if (!r.address.empty()) e.meaning += " at " + r.address;
            if (r.port == 9 && (r.address == "0.0.0.0" || r.address.empty())) {
              e.meaning += ": a placeholder; with rtcp-mux RTCP shares the RTP port (RFC 5761)";
            }
            return e;
          },
          [&](const Extmap& x) {
            Explanation e;
            e.reference = "RFC 8285 §8";
            e.meaning = "RTP header extension id " + std::to_string(x.id) + ": ";
            if (const HeaderExtensionInfo* info = find_header_extension_info(x.uri)) {
              e.meaning += std::string(info->short_name) + ", " + std::string(info->description);
              e.reference += ", " + std::string(info->reference);
            } else {
              e.meaning += "an extension this explainer does not know";
            }
            if (x.direction) {
              e.meaning += "; /" + std::string(to_string(*x.direction)) + ": " +
                           direction_words(*x.direction) + " with it";
            }
            if (x.id > 14) e.meaning += "; ids above 14 need the two-byte form (RFC 8285 §4.3)";
            if (!x.attributes.empty()) e.meaning += "; extension attributes: " + x.attributes;
            return e;
          },
          [&](const Mid& m) {
            Explanation e{"Media id '" + m.value +
                              "': names this m-section; BUNDLE groups, the sdes:mid header "
                              "extension and trickled candidates (sdpMid) refer to it",
                          "RFC 5888 §4, RFC 8843 §7"};
            static const std::vector<std::string> kNone;
            const auto& b = context.bundle ? *context.bundle : kNone;
            if (!b.empty() && b.front() == m.value) {
              e.meaning +=
                  "; first in the BUNDLE group, so its transport carries every bundled "
                  "m-section (the BUNDLE tag)";
            } else if (std::find(b.begin(), b.end(), m.value) != b.end()) {
              e.meaning += "; bundled on the transport of mid '" + b.front() + "'";
            }
            return e;
          },
          [&](const Group& g) {
            const std::string mids = join(g.mids, ", ");
            if (g.semantics == "BUNDLE") {
              std::string m = "BUNDLE group: m-sections " + mids +
                              " share one transport (one ICE and DTLS connection, one UDP "
                              "5-tuple)";
              if (!g.mids.empty()) m += "; the first, " + g.mids.front() + ", is the BUNDLE tag";
              return Explanation{m, "RFC 8843 §7, RFC 5888 §5"};
            }
            if (g.semantics == "LS") {
              return Explanation{"Lip-sync group: play m-sections " + mids + " in sync",
                                 "RFC 5888 §7"};
            }
            if (g.semantics == "FID") {
              return Explanation{"Flow identification group: m-sections " + mids + " are one flow",
                                 "RFC 5888 §8"};
            }
            return Explanation{"Group '" + g.semantics + "' of m-sections " + mids, "RFC 5888 §5"};
          },
          [&](const Msid& m) {
            std::string stream = m.stream_id == "-" ? std::string("no stream ('-')")
                                                    : "stream '" + m.stream_id + "'";
            std::string meaning = "The media sent here is ";
            meaning += m.track_id.empty() ? "a track" : "track '" + m.track_id + "'";
            meaning +=
                " of " + stream + ": what the receiver's ontrack event reports as its MediaStream";
            return Explanation{meaning, "RFC 8830 §2"};
          },
          [&](const MsidSemantic& m) {
            std::string meaning =
                "msid semantic " + m.semantic +
                " (WebRTC MediaStreams): the legacy session-level list of streams";
            meaning += m.ids.empty()                            ? std::string(", empty here")
                       : (m.ids.size() == 1 && m.ids[0] == "*") ? std::string(", '*' = all of them")
                                                                : ": " + join(m.ids, ", ");
            meaning += m.space_before_semantic ? " (written with a space, as Chromium does)"
                                               : std::string();
            return Explanation{meaning, "draft-ietf-mmusic-msid-05"};
          },
          [&](const Ssrc& x) {
            Explanation e;
            e.reference = "RFC 5576 §4.1";
            const std::string v = x.value.value_or("");
            e.meaning = "RTP stream with SSRC " + std::to_string(x.id) + ": ";
            if (x.attribute == "cname") {
              e.meaning += "CNAME '" + v +
                           "', the canonical name that ties the streams of one endpoint "
                           "together (lip sync, RFC 7022)";
              e.reference += ", RFC 5576 §6.1";
            } else if (x.attribute == "msid") {
              const auto space = v.find(' ');
              e.meaning += "belongs to stream '" + v.substr(0, space) + "'";
              if (space != std::string::npos) e.meaning += ", track '" + v.substr(space + 1) + "'";
              e.meaning += " (the same as a=msid, RFC 8830 §2)";
            } else if (x.attribute == "mslabel" || x.attribute == "label") {
              e.meaning += x.attribute + " '" + v + "' (legacy Plan B stream/track label)";
            } else {
              e.meaning += "source attribute " + x.attribute + (x.value ? " = " + v : "");
            }
            return e;
          },
          [&](const SsrcGroup& g) {
            std::vector<std::string> ssrcs;
            for (auto id : g.ssrcs) ssrcs.push_back(std::to_string(id));
            std::string meaning;
            std::string ref = "RFC 5576 §4.2";
            if (g.semantics == "FID" && g.ssrcs.size() == 2) {
              meaning = "SSRC " + ssrcs[1] + " carries the retransmissions (rtx) of SSRC " +
                        ssrcs[0] + " (flow identification)";
              ref += ", RFC 4588 §8.3";
            } else if (g.semantics == "SIM") {
              meaning =
                  "legacy simulcast: SSRCs " + join(ssrcs, ", ") + " are the layers, lowest first";
            } else if (g.semantics == "FEC-FR" && g.ssrcs.size() == 2) {
              meaning =
                  "SSRC " + ssrcs[1] + " carries forward error correction for SSRC " + ssrcs[0];
              ref += ", RFC 5956 §4.3";
            } else {
              meaning = "SSRC group '" + g.semantics + "': " + join(ssrcs, ", ");
            }
            return Explanation{meaning, ref};
          },
          [&](const Rid& r) {
            std::string meaning = "RTP stream id (rid) '" + r.id + "', " + r.direction + ": ";
            meaning += r.direction == "send" ? "an encoding (simulcast layer) this side sends"
                                             : "an encoding this side receives";
            if (!r.params.empty()) meaning += ", with restrictions " + r.params;
            return Explanation{meaning, "RFC 8851 §4"};
          },
          [&](const Simulcast& x) {
            auto one = [](const std::string& dir, const std::string& list) {
              std::string out = (dir == "send" ? "sends" : "receives") + std::string(" ");
              std::vector<std::string> streams;
              std::string_view rest = list;
              while (!rest.empty()) {
                const auto semi = rest.find(';');
                streams.push_back(std::string(rest.substr(0, semi)));
                if (semi == std::string_view::npos) break;
                rest.remove_prefix(semi + 1);
              }
              out += std::to_string(streams.size()) + " encodings " + join(streams, ", ");
              return out;
            };
            std::string meaning = "Simulcast: this side " + one(x.direction1, x.list1);
            if (!x.direction2.empty()) meaning += " and " + one(x.direction2, x.list2);
            meaning += " (';' separates encodings, ',' alternatives, '~' a paused one)";
            return Explanation{meaning, "RFC 8853 §5.1"};
          },
          [&](const IceUfrag& u) {
            return Explanation{"ICE username fragment '" + u.value +
                                   "': a connectivity check sent to this side has the STUN "
                                   "USERNAME '" +
                                   u.value + ":<sender's ufrag>'" + level,
                               "RFC 8839 §5.4, RFC 8445 §7.2.2"};
          },
          [&](const IcePwd& p) {
            return Explanation{"ICE password (" + std::to_string(p.value.size()) +
                                   " characters): the key of the MESSAGE-INTEGRITY on checks "
                                   "sent to this side" +
                                   level,
                               "RFC 8839 §5.4, RFC 8489 §14.5"};
          },
          [&](const IceOptions& o) {
            std::vector<std::string> parts;
            for (const auto& opt : o.options) {
              if (opt == "trickle") {
                parts.push_back(
                    "trickle: candidates may arrive later, one by one, over "
                    "signaling (Trickle ICE, RFC 8838)");
              } else if (opt == "ice2") {
                parts.push_back("ice2: implements RFC 8445 rather than RFC 5245");
              } else if (opt == "renomination") {
                parts.push_back(
                    "renomination: the controlling agent may nominate another pair "
                    "later (draft-thatcher-ice-renomination)");
              } else {
                parts.push_back(opt);
              }
            }
            return Explanation{"ICE options: " + join(parts, "; ") + level, "RFC 8839 §5.6"};
          },
          [&](const Candidate& c) { return explain_candidate(c); },
          [&](const Fingerprint& f) {
            Explanation e;
            e.reference = "RFC 8122 §5";
            std::size_t bytes = f.value.empty() ? 0 : 1;
            for (char ch : f.value) bytes += ch == ':';
            e.meaning = "DTLS certificate fingerprint, " + f.hash_function + " (" +
                        std::to_string(bytes) +
                        " bytes): the certificate in the DTLS handshake must hash to this, which "
                        "ties the encrypted media to this signaling" +
                        level;
            const std::size_t expected = fingerprint_bytes(f.hash_function);
            if (expected != 0 && expected != bytes) {
              e.meaning +=
                  " (but " + f.hash_function + " has " + std::to_string(expected) + " bytes)";
            }
            return e;
          },
          [&](const Setup& x) {
            std::string meaning = "DTLS role: ";
            if (x.role == "actpass") {
              meaning +=
                  "actpass, this side can be client or server and the answerer chooses "
                  "(offers say actpass, RFC 8842 §5.2)";
            } else if (x.role == "active") {
              meaning += "active, this side is the DTLS client and sends the ClientHello";
            } else if (x.role == "passive") {
              meaning += "passive, this side is the DTLS server and waits for the ClientHello";
            } else if (x.role == "holdconn") {
              meaning += "holdconn, no connection for now";
            } else {
              meaning += "'" + x.role + "', not a role RFC 4145 defines";
            }
            return Explanation{meaning + level, "RFC 4145 §4, RFC 8842 §5"};
          },
          [&](const Direction& d) {
            return Explanation{"Direction " + std::string(to_string(d.value)) + ": " +
                                   direction_words(d.value) +
                                   (s.session_level ? " (session level: the default for every "
                                                      "m-section without its own)"
                                                    : " in this m-section"),
                               std::string(direction_section(d.value))};
          },
          [&](const SctpPort& p) {
            return Explanation{"SCTP port " + std::to_string(p.port) +
                                   " inside the DTLS connection (an SCTP port, not a UDP one)",
                               "RFC 8841 §5.1"};
          },
          [&](const MaxMessageSize& m) {
            std::string size = std::to_string(m.bytes) + " bytes";
            if (m.bytes == 0)
              size = "no limit (0)";
            else if (m.bytes % 1024 == 0)
              size += " (" + std::to_string(m.bytes / 1024) + " KiB)";
            return Explanation{"The largest data-channel message this side can receive: " + size,
                               "RFC 8841 §6.1"};
          },
          [&](const TlsId& t) {
            return Explanation{
                "DTLS association id '" + t.value + "': a new value means a new DTLS connection",
                "RFC 8842 §4"};
          },
          [&](const Identity&) {
            return Explanation{"Identity assertion from an identity provider", "RFC 8827 §5"};
          },
          [&](const RtcpMux&) {
            return Explanation{"RTP and RTCP share one port (RTCP multiplexing)",
                               "RFC 5761 §5.1.1"};
          },
          [&](const RtcpMuxOnly&) {
            return Explanation{"This side can only multiplex RTP and RTCP on one port",
                               "RFC 8858 §3"};
          },
          [&](const RtcpRsize&) {
            return Explanation{
                "Reduced-size RTCP: feedback may be sent alone, without the full "
                "compound report",
                "RFC 5506 §5"};
          },
          [&](const ExtmapAllowMixed&) {
            return Explanation{
                "One-byte and two-byte RTP header extensions may be mixed in one "
                "stream" +
                    level,
                "RFC 8285 §6"};
          },
          [&](const IceLite&) {
            return Explanation{
                "This side is an ICE-lite agent (typically a server): it has only "
                "host candidates and answers checks without sending its own, so "
                "the peer is the controlling agent",
                "RFC 8839 §5.3, RFC 8445 §2.5"};
          },
          [&](const EndOfCandidates&) {
            return Explanation{"No more candidates will follow: gathering is complete",
                               "RFC 8840 §8.2"};
          },
          [&](const BundleOnly&) {
            return Explanation{
                "This m-section can only be used inside the BUNDLE group (so its "
                "port is 0 until BUNDLE is accepted)",
                "RFC 8843 §6"};
          },
      },
      *parsed);
}

}  // namespace rtc::sdp::explain_detail
