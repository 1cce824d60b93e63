// Codecs and header extensions: defaults, tables of what browsers use, H.264 profile-level-id
// (RFC 6184 §8.1) and codec matching for answers (RFC 9429 §5.3.1, RFC 6184 §8.2.2).
#include "rtc/sdp/codecs.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace rtc::sdp {

namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::optional<std::string> fmtp_parameter(const std::string& fmtp, std::string_view key) {
  if (fmtp.empty()) return std::nullopt;
  Fmtp f;
  f.parameters = fmtp;
  for (const auto& [k, v] : f.parameter_list()) {
    if (iequals(k, key)) return v;  // parameter names are case-insensitive (RFC 8866 §6.15)
  }
  return std::nullopt;
}

std::optional<std::uint8_t> parse_u8(std::string_view s) {
  unsigned value = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || p != s.data() + s.size() || value > 255) return std::nullopt;
  return static_cast<std::uint8_t>(value);
}

std::vector<RtcpFeedback> video_feedback() {
  // Chromium's order; RFC 4585 §4.2 (nack, nack pli), RFC 5104 §7.1 (ccm fir),
  // draft-alvestrand-rmcat-remb (goog-remb), draft-holmer-rmcat-transport-wide-cc (transport-cc).
  return {{"goog-remb", ""}, {"transport-cc", ""}, {"ccm", "fir"}, {"nack", ""}, {"nack", "pli"}};
}

Codec video(std::uint8_t pt, std::string name, std::string fmtp) {
  return Codec{pt, std::move(name), 90000, std::nullopt, std::move(fmtp), video_feedback()};
}

Codec rtx_for(std::uint8_t pt, std::uint8_t apt) {
  // RFC 4588 §8.1: "apt" names the payload type whose packets this one retransmits.
  return Codec{pt, "rtx", 90000, std::nullopt, "apt=" + std::to_string(apt), {}};
}

MediaDirection reverse(MediaDirection d) {
  switch (d) {
    case MediaDirection::sendonly:
      return MediaDirection::recvonly;
    case MediaDirection::recvonly:
      return MediaDirection::sendonly;
    default:
      return d;
  }
}

}  // namespace

bool Codec::is(std::string_view encoding) const {
  return iequals(name, encoding);
}

std::optional<std::string> Codec::parameter(std::string_view key) const {
  return fmtp_parameter(fmtp, key);
}

// ---------------------------------------------------------------------------------------------
// Defaults

std::vector<Codec> default_audio_codecs() {
  return {
      // RFC 7587 §7: opus is always written opus/48000/2. minptime=10 (ms per packet at least),
      // useinbandfec=1 (we decode Opus's in-band FEC), RFC 7587 §6.1.
      Codec{111, "opus", 48000, 2, "minptime=10;useinbandfec=1", {{"transport-cc", ""}}},
      Codec{0, "PCMU", 8000, std::nullopt, "", {}},  // static payload type, RFC 3551 §6
      Codec{8, "PCMA", 8000, std::nullopt, "", {}},
      // RFC 4733 §2.4.1: without a=fmtp the events are 0-15, the DTMF digits 0-9, *, #, A-D
      // (what Chromium writes); one telephone-event per clock rate in use.
      Codec{110, "telephone-event", 48000, std::nullopt, "", {}},
      Codec{126, "telephone-event", 8000, std::nullopt, "", {}},
  };
}

std::vector<Codec> default_video_codecs() {
  return {
      video(96, "VP8", ""),
      rtx_for(97, 96),
      video(98, "VP9", "profile-id=0"),  // RFC 9628 §6: profile 0 = 8-bit 4:2:0
      rtx_for(99, 98),
      // RFC 6184 §8.1: Constrained Baseline level 3.1, non-interleaved mode; the sender may use
      // a higher level than we receive (level-asymmetry-allowed).
      video(100, "H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
      rtx_for(101, 100),
      video(102, "H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f"),
      rtx_for(103, 102),
      // AV1-RTP §7.2: Main profile, level 3.1 (level-idx 5), Main tier: what Chromium offers.
      video(104, "AV1", "level-idx=5;profile=0;tier=0"),
      rtx_for(105, 104),
  };
}

std::vector<HeaderExtension> default_audio_header_extensions() {
  return {{1, std::string(extension_uri::kAudioLevel), std::nullopt},
          {2, std::string(extension_uri::kAbsSendTime), std::nullopt},
          {3, std::string(extension_uri::kTransportWideCc), std::nullopt},
          {4, std::string(extension_uri::kSdesMid), std::nullopt}};
}

std::vector<HeaderExtension> default_video_header_extensions() {
  return {{2, std::string(extension_uri::kAbsSendTime), std::nullopt},
          {3, std::string(extension_uri::kTransportWideCc), std::nullopt},
          {4, std::string(extension_uri::kSdesMid), std::nullopt}};
}

// ---------------------------------------------------------------------------------------------
// m-section <-> codecs

std::vector<Codec> codecs_of(const MediaDescription& media) {
  std::vector<Codec> out;
  const auto feedback = media.find_all<RtcpFb>();
  for (const auto& format : media.formats) {
    auto pt = parse_u8(format);
    if (!pt || *pt > 127) continue;
    Codec c;
    c.payload_type = *pt;
    if (const Rtpmap* map = media.rtpmap(*pt)) {
      c.name = map->encoding;
      c.clock_rate = map->clock_rate;
      c.channels = map->channels;
    } else if (const StaticPayloadType* s = find_static_payload_type(*pt)) {
      // RFC 3551 §6: static payload types may be used without a=rtpmap.
      c.name = std::string(s->name);
      c.clock_rate = s->clock_rate;
      if (s->channels > 1) c.channels = s->channels;
    } else {
      continue;
    }
    if (const Fmtp* f = media.fmtp(*pt)) c.fmtp = f->parameters;
    for (const RtcpFb* fb : feedback) {
      // RFC 4585 §4.2: "*" applies the feedback type to every payload type.
      if (fb->payload_type && *fb->payload_type != *pt) continue;
      RtcpFeedback value{fb->type, fb->subtype};
      if (std::find(c.feedback.begin(), c.feedback.end(), value) == c.feedback.end()) {
        c.feedback.push_back(std::move(value));
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<HeaderExtension> header_extensions_of(const MediaDescription& media) {
  std::vector<HeaderExtension> out;
  for (const Extmap* e : media.find_all<Extmap>()) out.push_back({e->id, e->uri, e->direction});
  return out;
}

void add_codec_attributes(MediaDescription& media, const std::vector<Codec>& codecs) {
  for (const Codec& c : codecs) {
    media.formats.push_back(std::to_string(c.payload_type));
    media.add(Rtpmap{c.payload_type, c.name, c.clock_rate, c.channels});
    for (const RtcpFeedback& fb : c.feedback) {
      media.add(RtcpFb{c.payload_type, fb.type, fb.subtype});
    }
    if (!c.fmtp.empty()) media.add(Fmtp{c.payload_type, c.fmtp});
  }
}

// ---------------------------------------------------------------------------------------------
// Tables

const CodecInfo* find_codec_info(std::string_view encoding) {
  static constexpr std::array<CodecInfo, 25> kCodecs{{
      {"opus", "Opus audio (speech and music, 6-510 kbit/s); always written opus/48000/2",
       "RFC 7587"},
      {"multiopus", "Opus with more than two channels (surround), a Chromium extension",
       "Chromium"},
      {"PCMU", "G.711 mu-law, 64 kbit/s telephone audio sampled at 8 kHz", "RFC 3551 §4.5.14"},
      {"PCMA", "G.711 A-law, 64 kbit/s telephone audio sampled at 8 kHz", "RFC 3551 §4.5.14"},
      {"G722",
       "G.722 wideband audio, 64 kbit/s; sampled at 16 kHz but written /8000 for historical "
       "reasons",
       "RFC 3551 §4.5.2"},
      {"G729", "G.729 narrowband speech, 8 kbit/s", "RFC 3551 §4.5.6"},
      {"iLBC", "iLBC narrowband speech codec", "RFC 3952"},
      {"ISAC", "iSAC, an old wideband speech codec from WebRTC", "draft-ietf-avt-rtp-isac"},
      {"L16", "uncompressed 16-bit linear PCM audio", "RFC 3551 §4.5.11"},
      {"CN", "comfort noise: describes the background noise during silence", "RFC 3389"},
      {"telephone-event", "DTMF digits and telephony events sent as events, not as sound",
       "RFC 4733"},
      {"red", "redundant coding: a packet also carries earlier frames (audio) or wraps FEC (video)",
       "RFC 2198"},
      {"ulpfec", "forward error correction (ULP FEC): parity packets that repair losses",
       "RFC 5109"},
      {"flexfec-03", "flexible forward error correction", "RFC 8627"},
      {"flexfec", "flexible forward error correction", "RFC 8627"},
      {"rtx", "retransmission: lost packets are sent again under this payload type", "RFC 4588"},
      {"VP8", "VP8 video", "RFC 7741"},
      {"VP9", "VP9 video (scalable: spatial and temporal layers)", "RFC 9628"},
      {"H264", "H.264 (AVC) video", "RFC 6184"},
      {"H265", "H.265 (HEVC) video", "RFC 7798"},
      {"AV1", "AV1 video (AOMedia)", "AV1 RTP payload format (AOMedia)"},
      {"H263", "H.263 video", "RFC 4629"},
      {"H261", "H.261 video", "RFC 4587"},
      {"JPEG", "Motion JPEG video", "RFC 2435"},
      {"MP2T", "MPEG-2 transport stream", "RFC 2250"},
  }};
  for (const CodecInfo& info : kCodecs) {
    if (iequals(info.name, encoding)) return &info;
  }
  return nullptr;
}

const StaticPayloadType* find_static_payload_type(std::uint8_t payload_type) {
  // RFC 3551 §6, Tables 4 and 5.
  static constexpr std::array<StaticPayloadType, 23> kStatic{{
      {0, "PCMU", 8000, 1},   {3, "GSM", 8000, 1},    {4, "G723", 8000, 1},
      {5, "DVI4", 8000, 1},   {6, "DVI4", 16000, 1},  {7, "LPC", 8000, 1},
      {8, "PCMA", 8000, 1},   {9, "G722", 8000, 1},   {10, "L16", 44100, 2},
      {11, "L16", 44100, 1},  {12, "QCELP", 8000, 1}, {13, "CN", 8000, 1},
      {14, "MPA", 90000, 0},  {15, "G728", 8000, 1},  {16, "DVI4", 11025, 1},
      {17, "DVI4", 22050, 1}, {18, "G729", 8000, 1},  {25, "CelB", 90000, 0},
      {26, "JPEG", 90000, 0}, {28, "nv", 90000, 0},   {31, "H261", 90000, 0},
      {32, "MPV", 90000, 0},  {34, "H263", 90000, 0},
  }};
  for (const auto& s : kStatic) {
    if (s.payload_type == payload_type) return &s;
  }
  return nullptr;
}

const HeaderExtensionInfo* find_header_extension_info(std::string_view uri) {
  static constexpr std::string_view kWebrtc = "webrtc.org experiment (no RFC)";
  static constexpr std::array<HeaderExtensionInfo, 24> kExtensions{{
      {extension_uri::kSdesMid, "sdes:mid",
       "the mid of the m-section each packet belongs to, so bundled streams can be told apart",
       "RFC 8843 §15.2"},
      {extension_uri::kRtpStreamId, "rtp-stream-id",
       "the rid of the simulcast encoding a packet belongs to", "RFC 8852 §3.1"},
      {extension_uri::kRepairedRtpStreamId, "repaired-rtp-stream-id",
       "the rid of the encoding that a repair packet (rtx, FEC) repairs", "RFC 8852 §3.2"},
      {extension_uri::kAudioLevel, "ssrc-audio-level",
       "the audio level (-dBov) of each packet and a voice-activity flag", "RFC 6464"},
      {"urn:ietf:params:rtp-hdrext:csrc-audio-level", "csrc-audio-level",
       "the audio levels of the contributing sources a mixer combined", "RFC 6465"},
      {"urn:ietf:params:rtp-hdrext:toffset", "toffset",
       "transmission time offset: how long after its RTP timestamp a packet was sent", "RFC 5450"},
      {extension_uri::kAbsSendTime, "abs-send-time",
       "absolute send time (24-bit 6.18 fixed-point seconds) for receive-side bandwidth "
       "estimation (REMB)",
       kWebrtc},
      {extension_uri::kTransportWideCc, "transport-wide-cc",
       "a sequence number shared by all streams of the transport; the receiver reports when "
       "each arrived (transport-cc feedback) for send-side bandwidth estimation",
       "draft-holmer-rmcat-transport-wide-cc-extensions-01"},
      {"http://www.webrtc.org/experiments/rtp-hdrext/transport-wide-cc-02", "transport-wide-cc-02",
       "transport-wide sequence number; the sender may also ask for immediate feedback", kWebrtc},
      {"urn:3gpp:video-orientation", "video-orientation",
       "coordination of video orientation (CVO): how the receiver must rotate the picture",
       "3GPP TS 26.114 §7.4.5"},
      {"http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "playout-delay",
       "the minimum and maximum playout delay the sender asks the receiver to use", kWebrtc},
      {"http://www.webrtc.org/experiments/rtp-hdrext/video-content-type", "video-content-type",
       "whether the video is a screen share or a camera", kWebrtc},
      {"http://www.webrtc.org/experiments/rtp-hdrext/video-timing", "video-timing",
       "encode and packetization timestamps of a frame, for timing statistics", kWebrtc},
      {"http://www.webrtc.org/experiments/rtp-hdrext/color-space", "color-space",
       "the color space and HDR metadata of the frames", kWebrtc},
      {"http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", "abs-capture-time",
       "the NTP time at which the media was captured at its original source", kWebrtc},
      {"https://aomediacodec.github.io/av1-rtp-spec/"
       "#dependency-descriptor-rtp-header-extension",
       "dependency-descriptor",
       "how frames depend on each other (layers, decode targets), so a middlebox can drop layers",
       "AV1 RTP payload format (AOMedia), Appendix A"},
      {"http://www.webrtc.org/experiments/rtp-hdrext/generic-frame-descriptor-00",
       "generic-frame-descriptor", "frame dependency information (older form)", kWebrtc},
      {"http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00",
       "video-layers-allocation", "the spatial and temporal layers being sent and their bitrates",
       kWebrtc},
      {"http://www.webrtc.org/experiments/rtp-hdrext/inband-cn", "inband-cn",
       "the comfort-noise level of audio", kWebrtc},
      {"http://www.webrtc.org/experiments/rtp-hdrext/video-frame-tracking-id",
       "video-frame-tracking-id", "an id to follow a frame through the pipeline (testing)",
       kWebrtc},
      {"http://www.webrtc.org/experiments/rtp-hdrext/corruption-detection", "corruption-detection",
       "samples of the decoded picture so the receiver can detect corrupted video", kWebrtc},
      {"urn:ietf:params:rtp-hdrext:encrypt", "encrypt",
       "an encrypted header extension (the real URI follows)", "RFC 6904"},
      {"urn:ietf:params:rtp-hdrext:ntp-64", "ntp-64", "the 64-bit NTP time of the packet",
       "RFC 6051 §3.3"},
      {"urn:ietf:params:rtp-hdrext:framemarking", "framemarking",
       "frame boundaries and layer ids for middleboxes", "draft-ietf-avtext-framemarking"},
  }};
  for (const auto& e : kExtensions) {
    if (e.uri == uri) return &e;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// H.264 profile-level-id, RFC 6184 §8.1 and Table 5

namespace {

struct ProfilePattern {
  std::uint8_t profile_idc;
  std::string_view iop_pattern;  // 8 bits, most significant first; 'x' = any
  H264Profile profile;
};

// RFC 6184 §8.1 Table 5 (and the Constrained/Progressive High rows H.264 added later). The
// first match wins, so Constrained Baseline comes before Baseline.
constexpr std::array<ProfilePattern, 16> kProfilePatterns{{
    {0x42, "x1xx0000", H264Profile::constrained_baseline},
    {0x4D, "1xxx0000", H264Profile::constrained_baseline},
    {0x58, "11xx0000", H264Profile::constrained_baseline},
    {0x42, "x0xx0000", H264Profile::baseline},
    {0x58, "10xx0000", H264Profile::baseline},
    {0x4D, "0x0x0000", H264Profile::main},
    {0x58, "00xx0000", H264Profile::extended},
    {0x64, "00000000", H264Profile::high},
    {0x64, "00001100", H264Profile::constrained_high},
    {0x64, "00001000", H264Profile::progressive_high},
    {0x6E, "00000000", H264Profile::high10},
    {0x6E, "00010000", H264Profile::high10_intra},
    {0x7A, "00000000", H264Profile::high422},
    {0x7A, "00010000", H264Profile::high422_intra},
    {0xF4, "00000000", H264Profile::high444_predictive},
    {0xF4, "00010000", H264Profile::high444_intra},
}};

bool matches_pattern(std::uint8_t iop, std::string_view pattern) {
  for (int bit = 0; bit < 8; ++bit) {
    const char want = pattern[static_cast<std::size_t>(bit)];
    const bool set = (iop >> (7 - bit)) & 1;
    if (want == '1' && !set) return false;
    if (want == '0' && set) return false;
  }
  return true;
}

constexpr std::uint8_t kConstraintSet3 = 0x10;

bool uses_constraint_set3_for_1b(H264Profile p) {
  return p == H264Profile::constrained_baseline || p == H264Profile::baseline ||
         p == H264Profile::main || p == H264Profile::extended;
}

bool known_level(std::uint8_t level_idc) {
  // H.264 Table A-1 (level_idc = 10 x level number).
  static constexpr std::array<std::uint8_t, 20> kLevels{9,  10, 11, 12, 13, 20, 21, 22, 30, 31,
                                                        32, 40, 41, 42, 50, 51, 52, 60, 61, 62};
  return std::find(kLevels.begin(), kLevels.end(), level_idc) != kLevels.end();
}

std::optional<std::uint8_t> hex_byte(std::string_view two) {
  unsigned value = 0;
  auto [p, ec] = std::from_chars(two.data(), two.data() + 2, value, 16);
  if (ec != std::errc() || p != two.data() + 2) return std::nullopt;
  return static_cast<std::uint8_t>(value);
}

}  // namespace

std::string_view to_string(H264Profile profile) {
  switch (profile) {
    case H264Profile::constrained_baseline:
      return "Constrained Baseline";
    case H264Profile::baseline:
      return "Baseline";
    case H264Profile::main:
      return "Main";
    case H264Profile::extended:
      return "Extended";
    case H264Profile::high:
      return "High";
    case H264Profile::constrained_high:
      return "Constrained High";
    case H264Profile::progressive_high:
      return "Progressive High";
    case H264Profile::high10:
      return "High 10";
    case H264Profile::high10_intra:
      return "High 10 Intra";
    case H264Profile::high422:
      return "High 4:2:2";
    case H264Profile::high422_intra:
      return "High 4:2:2 Intra";
    case H264Profile::high444_predictive:
      return "High 4:4:4 Predictive";
    case H264Profile::high444_intra:
      return "High 4:4:4 Intra";
    case H264Profile::cavlc444_intra:
      return "CAVLC 4:4:4 Intra";
  }
  return "?";
}

std::optional<H264ProfileLevelId> parse_h264_profile_level_id(std::string_view hex) {
  if (hex.size() != 6) return std::nullopt;
  auto profile_idc = hex_byte(hex.substr(0, 2));
  auto iop = hex_byte(hex.substr(2, 2));
  auto level_idc = hex_byte(hex.substr(4, 2));
  if (!profile_idc || !iop || !level_idc || !known_level(*level_idc)) return std::nullopt;

  std::optional<H264Profile> profile;
  if (*profile_idc == 0x2C && *iop == 0x10) profile = H264Profile::cavlc444_intra;
  for (const auto& p : kProfilePatterns) {
    if (profile) break;
    if (p.profile_idc == *profile_idc && matches_pattern(*iop, p.iop_pattern)) profile = p.profile;
  }
  if (!profile) return std::nullopt;

  // Level 1b: level_idc 11 with constraint_set3_flag in the Baseline/Main/Extended family,
  // level_idc 9 otherwise (H.264 §A.3.1, §A.3.2; RFC 6184 §8.1).
  std::uint8_t level = *level_idc;
  if ((level == 11 && (*iop & kConstraintSet3) && uses_constraint_set3_for_1b(*profile)) ||
      level == 9) {
    level = kH264Level1b;
  }
  return H264ProfileLevelId{*profile, level};
}

std::string to_string(const H264ProfileLevelId& id) {
  std::uint8_t profile_idc = 0x42;
  std::uint8_t iop = 0;
  switch (id.profile) {
    case H264Profile::constrained_baseline:
      profile_idc = 0x42, iop = 0xE0;
      break;
    case H264Profile::baseline:
      profile_idc = 0x42, iop = 0x00;
      break;
    case H264Profile::main:
      profile_idc = 0x4D, iop = 0x00;
      break;
    case H264Profile::extended:
      profile_idc = 0x58, iop = 0x00;
      break;
    case H264Profile::high:
      profile_idc = 0x64, iop = 0x00;
      break;
    case H264Profile::constrained_high:
      profile_idc = 0x64, iop = 0x0C;
      break;
    case H264Profile::progressive_high:
      profile_idc = 0x64, iop = 0x08;
      break;
    case H264Profile::high10:
      profile_idc = 0x6E, iop = 0x00;
      break;
    case H264Profile::high10_intra:
      profile_idc = 0x6E, iop = 0x10;
      break;
    case H264Profile::high422:
      profile_idc = 0x7A, iop = 0x00;
      break;
    case H264Profile::high422_intra:
      profile_idc = 0x7A, iop = 0x10;
      break;
    case H264Profile::high444_predictive:
      profile_idc = 0xF4, iop = 0x00;
      break;
    case H264Profile::high444_intra:
      profile_idc = 0xF4, iop = 0x10;
      break;
    case H264Profile::cavlc444_intra:
      profile_idc = 0x2C, iop = 0x10;
      break;
  }
  std::uint8_t level_idc = id.level;
  if (id.level == kH264Level1b) {
    if (uses_constraint_set3_for_1b(id.profile)) {
      level_idc = 11;
      iop |= kConstraintSet3;
    } else {
      level_idc = 9;
    }
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02x%02x%02x", profile_idc, iop, level_idc);
  return buf;
}

std::string h264_level_name(std::uint8_t level) {
  if (level == kH264Level1b) return "1b";
  std::string out = std::to_string(level / 10);  // level_idc is ten times the level number
  if (level % 10 != 0) out += '.' + std::to_string(level % 10);
  return out;
}

std::optional<H264ProfileLevelId> h264_profile_level_id(const Codec& codec) {
  // RFC 6184 §8.1: when profile-level-id is absent, Baseline level 1.0 ("42000A") is implied.
  return parse_h264_profile_level_id(codec.parameter("profile-level-id").value_or("42000A"));
}

// ---------------------------------------------------------------------------------------------
// Matching and answering

namespace {

bool is_repair_codec(const Codec& c) {
  return c.is("rtx");
}
bool is_red(const Codec& c) {
  return c.is("red");
}

// "111/111" (audio RED, RFC 2198 §5) -> {111, 111}
std::vector<std::uint8_t> red_payload_types(const Codec& red) {
  std::vector<std::uint8_t> out;
  std::string_view s = red.fmtp;
  while (!s.empty()) {
    const auto slash = s.find('/');
    if (auto pt = parse_u8(s.substr(0, slash))) out.push_back(*pt);
    if (slash == std::string_view::npos) break;
    s.remove_prefix(slash + 1);
  }
  return out;
}

std::string replace_parameter(const std::string& fmtp, std::string_view key,
                              const std::string& value) {
  Fmtp f;
  f.parameters = fmtp;
  std::string out;
  bool replaced = false;
  for (const auto& [k, v] : f.parameter_list()) {
    if (!out.empty()) out += ';';
    out += k;
    const bool hit = iequals(k, key);
    if (hit) replaced = true;
    const std::string& written = hit ? value : v;
    if (!written.empty() || hit) out += '=' + written;
  }
  if (!replaced) {
    if (!out.empty()) out += ';';
    out += std::string(key) + '=' + value;
  }
  return out;
}

}  // namespace

bool codecs_match(const Codec& offered, const Codec& local) {
  if (!iequals(offered.name, local.name) || offered.clock_rate != local.clock_rate) return false;
  // RFC 8866 §6.6: audio without the channel count has one channel.
  if (offered.channels.value_or(1) != local.channels.value_or(1)) return false;

  if (offered.is("H264")) {
    // RFC 6184 §8.2.2: the profile must be the same; packetization-mode too (absent = 0);
    // the level can be negotiated (see answer_codec).
    if (offered.parameter("packetization-mode").value_or("0") !=
        local.parameter("packetization-mode").value_or("0")) {
      return false;
    }
    auto a = h264_profile_level_id(offered);
    auto b = h264_profile_level_id(local);
    if (a && b) return a->profile == b->profile;
    // A profile we cannot classify matches only the same profile bytes.
    auto pa = offered.parameter("profile-level-id").value_or("42000A");
    auto pb = local.parameter("profile-level-id").value_or("42000A");
    return pa.size() >= 4 && pb.size() >= 4 && iequals(pa.substr(0, 4), pb.substr(0, 4));
  }
  if (offered.is("VP9")) {
    // RFC 9628 §6: profile-id (default 0) names what the decoder must handle.
    return offered.parameter("profile-id").value_or("0") ==
           local.parameter("profile-id").value_or("0");
  }
  if (offered.is("AV1")) {
    // AV1 RTP payload format §7.2: "profile" defaults to 0 (Main).
    return offered.parameter("profile").value_or("0") == local.parameter("profile").value_or("0");
  }
  return true;
}

Codec answer_codec(const Codec& offered, const Codec& local) {
  Codec out;
  // RFC 9429 §5.3.1 (and RFC 3264 §6.1): the answer uses the offer's payload type numbers.
  out.payload_type = offered.payload_type;
  out.name = offered.name;
  out.clock_rate = offered.clock_rate;
  out.channels = offered.channels;
  for (const RtcpFeedback& fb : offered.feedback) {
    if (std::find(local.feedback.begin(), local.feedback.end(), fb) != local.feedback.end()) {
      out.feedback.push_back(fb);  // RFC 4585 §4.2: only feedback both sides understand
    }
  }
  if (is_repair_codec(offered) || is_red(offered)) {
    out.fmtp = offered.fmtp;  // apt= / the RED list refer to the offer's payload types
  } else if (offered.is("H264")) {
    // RFC 6184 §8.2.2: with level-asymmetry-allowed=1 on both sides each side states the
    // highest level it can receive; otherwise the answer may only lower the offered level.
    auto theirs = h264_profile_level_id(offered);
    auto ours = h264_profile_level_id(local);
    out.fmtp = local.fmtp;
    if (theirs && ours) {
      const bool asymmetry = offered.parameter("level-asymmetry-allowed") == "1" &&
                             local.parameter("level-asymmetry-allowed") == "1";
      H264ProfileLevelId answer = *ours;
      if (!asymmetry) answer.level = std::min(theirs->level, ours->level);
      out.fmtp = replace_parameter(local.fmtp, "profile-level-id", to_string(answer));
    }
  } else {
    out.fmtp = local.fmtp;  // fmtp in an answer describes what the answerer receives
  }
  return out;
}

std::vector<Codec> negotiate_codecs(const std::vector<Codec>& offered,
                                    const std::vector<Codec>& local) {
  auto find_local = [&](const Codec& o) -> const Codec* {
    for (const Codec& l : local) {
      if (codecs_match(o, l)) return &l;
    }
    return nullptr;
  };
  std::vector<std::optional<Codec>> kept(offered.size());
  auto is_kept = [&](std::uint8_t pt) {
    for (const auto& k : kept) {
      if (k && k->payload_type == pt) return true;
    }
    return false;
  };
  // 1. Media codecs (and FEC codecs, which stand alone).
  for (std::size_t i = 0; i < offered.size(); ++i) {
    if (is_repair_codec(offered[i]) || is_red(offered[i])) continue;
    if (const Codec* l = find_local(offered[i])) kept[i] = answer_codec(offered[i], *l);
  }
  // 2. RED, when what it carries is kept (RFC 2198 §5; video RED has no fmtp list).
  for (std::size_t i = 0; i < offered.size(); ++i) {
    if (!is_red(offered[i])) continue;
    const Codec* l = find_local(offered[i]);
    if (!l) continue;
    auto inner = red_payload_types(offered[i]);
    if (std::all_of(inner.begin(), inner.end(), is_kept)) kept[i] = answer_codec(offered[i], *l);
  }
  // 3. rtx, when the codec its apt names is kept (RFC 4588 §8.1).
  for (std::size_t i = 0; i < offered.size(); ++i) {
    if (!is_repair_codec(offered[i])) continue;
    const Codec* l = find_local(offered[i]);
    auto apt = offered[i].parameter("apt");
    auto apt_pt = apt ? parse_u8(*apt) : std::nullopt;
    if (l && apt_pt && is_kept(*apt_pt)) kept[i] = answer_codec(offered[i], *l);
  }
  std::vector<Codec> out;
  for (auto& k : kept) {
    if (k) out.push_back(std::move(*k));
  }
  return out;
}

std::vector<HeaderExtension> negotiate_header_extensions(
    const std::vector<HeaderExtension>& offered, const std::vector<HeaderExtension>& local) {
  std::vector<HeaderExtension> out;
  for (const HeaderExtension& o : offered) {
    const bool known = std::any_of(local.begin(), local.end(),
                                   [&](const HeaderExtension& l) { return l.uri == o.uri; });
    if (!known) continue;
    HeaderExtension a = o;  // RFC 8285 §6: the answer keeps the offered id
    // RFC 8285 §6: an extension the offerer only sends, the answerer only receives.
    if (a.direction) a.direction = reverse(*a.direction);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace rtc::sdp
