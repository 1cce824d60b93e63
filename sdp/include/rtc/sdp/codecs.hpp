// Codecs and RTP header extensions as offer/answer sees them (RFC 9429 §5.2.1, §5.3.1).
//
// A `Codec` is one payload type of an m-section: its a=rtpmap, a=fmtp and a=rtcp-fb lines
// folded into one value. `HeaderExtension` is one a=extmap. This file also knows the codecs and
// extensions that browsers use (names, what they are, where they are defined), decodes H.264's
// profile-level-id (RFC 6184 §8.1) and decides whether an offered codec matches a local one
// (RFC 6184 §8.2.2, RFC 4588 §8.1, RFC 3264 §6.1). explain.hpp and jsep.hpp are built on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rtc/sdp/attributes.hpp"
#include "rtc/sdp/session.hpp"

namespace rtc::sdp {

// One a=rtcp-fb type for a codec: {"nack", ""}, {"nack", "pli"}, {"ccm", "fir"},
// {"goog-remb", ""}, {"transport-cc", ""}  (RFC 4585 §4.2).
struct RtcpFeedback {
  std::string type;
  std::string subtype;
  bool operator==(const RtcpFeedback&) const = default;
};

// One payload type of an RTP m-section.
struct Codec {
  std::uint8_t payload_type = 0;
  std::string name;  // encoding name as in a=rtpmap: "opus", "VP8", "H264", "rtx"
  std::uint32_t clock_rate = 0;
  std::optional<std::uint32_t> channels;  // audio only; absent means 1 (RFC 8866 §6.6)
  std::string fmtp;                       // a=fmtp parameters verbatim, empty when none
  std::vector<RtcpFeedback> feedback;     // a=rtcp-fb lines for this payload type

  // Encoding names compare case-insensitively (RFC 8866 §6.6, RFC 4855 §3).
  bool is(std::string_view encoding) const;
  // One fmtp parameter ("apt", "profile-level-id"), or nullopt.
  std::optional<std::string> parameter(std::string_view key) const;
  bool operator==(const Codec&) const = default;
};

// One a=extmap (RFC 8285 §8).
struct HeaderExtension {
  std::uint16_t id = 0;
  std::string uri;
  std::optional<MediaDirection> direction;
  bool operator==(const HeaderExtension&) const = default;
};

// Well-known RTP header extension URIs.
namespace extension_uri {
inline constexpr std::string_view kSdesMid = "urn:ietf:params:rtp-hdrext:sdes:mid";
inline constexpr std::string_view kRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
inline constexpr std::string_view kRepairedRtpStreamId =
    "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
inline constexpr std::string_view kAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
inline constexpr std::string_view kAbsSendTime =
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
inline constexpr std::string_view kTransportWideCc =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
}  // namespace extension_uri

// ---------------------------------------------------------------------------------------------
// Default capabilities (what create_offer uses unless told otherwise; what create_answer accepts)

// Opus/48000/2 (PT 111, minptime=10;useinbandfec=1, transport-cc), PCMU (0), PCMA (8),
// telephone-event/48000 (110) and telephone-event/8000 (126): Chromium's numbers.
std::vector<Codec> default_audio_codecs();
// VP8 (96), VP9 profile-id=0 (98), H.264 42e01f (100) and 42001f (102), all packetization-mode=1
// with level-asymmetry-allowed=1; each followed by its rtx partner (PT + 1, apt=PT); every
// video codec has nack, nack pli, ccm fir, goog-remb, transport-cc.
std::vector<Codec> default_video_codecs();
// ssrc-audio-level (1), abs-send-time (2), transport-wide-cc (3), sdes:mid (4).
std::vector<HeaderExtension> default_audio_header_extensions();
// abs-send-time (2), transport-wide-cc (3), sdes:mid (4).
std::vector<HeaderExtension> default_video_header_extensions();

// ---------------------------------------------------------------------------------------------
// Between Codec and the m-section's attributes

// The codecs of an RTP m-section in m= line order: rtpmap, fmtp and rtcp-fb (PT-specific and
// "*") gathered per payload type. A static payload type without a=rtpmap gets its RFC 3551 §6
// name (0 -> PCMU/8000); an unknown one without rtpmap is skipped.
std::vector<Codec> codecs_of(const MediaDescription& media);
// The a=extmap lines of an m-section.
std::vector<HeaderExtension> header_extensions_of(const MediaDescription& media);
// Appends, per codec in order, a=rtpmap, a=rtcp-fb..., a=fmtp (Chromium's order) and adds the
// payload types to the m= line's formats.
void add_codec_attributes(MediaDescription& media, const std::vector<Codec>& codecs);

// ---------------------------------------------------------------------------------------------
// Knowledge for people (explain, logs)

struct CodecInfo {
  std::string_view name;         // canonical spelling: "opus", "VP8", "telephone-event"
  std::string_view description;  // "Opus audio: speech and music, 6-510 kbit/s"
  std::string_view reference;    // "RFC 7587"
};
// Case-insensitive look-up by encoding name; nullptr when unknown.
const CodecInfo* find_codec_info(std::string_view encoding);

// The static payload types of RFC 3551 §6 (Tables 4 and 5): 0 PCMU/8000, 8 PCMA/8000, ...
struct StaticPayloadType {
  std::uint8_t payload_type;
  std::string_view name;
  std::uint32_t clock_rate;
  std::uint32_t channels;  // 0 for video
};
const StaticPayloadType* find_static_payload_type(std::uint8_t payload_type);

struct HeaderExtensionInfo {
  std::string_view uri;
  std::string_view short_name;   // "sdes:mid", "abs-send-time"
  std::string_view description;  // what the extension carries
  std::string_view reference;    // "RFC 8843 §15.2"
};
const HeaderExtensionInfo* find_header_extension_info(std::string_view uri);

// ---------------------------------------------------------------------------------------------
// H.264 profile-level-id (RFC 6184 §8.1): three bytes in hex, profile_idc, profile-iop (the
// constraint_set flags) and level_idc. A "profile" is a pair (profile_idc, profile-iop pattern)
// from RFC 6184 Table 5; WebRTC endpoints mostly use Constrained Baseline (42e0xx) and High.

enum class H264Profile : std::uint8_t {
  constrained_baseline,  // 42 x1xx0000, 4D 1xxx0000, 58 11xx0000
  baseline,              // 42 x0xx0000, 58 10xx0000
  main,                  // 4D 0x0x0000
  extended,              // 58 00xx0000
  high,                  // 64 00000000
  constrained_high,      // 64 00001100 (H.264 A.2.4.2 / WebRTC)
  progressive_high,      // 64 00001000
  high10,                // 6E 00000000
  high10_intra,          // 6E 00010000
  high422,               // 7A 00000000
  high422_intra,         // 7A 00010000
  high444_predictive,    // F4 00000000
  high444_intra,         // F4 00010000
  cavlc444_intra,        // 2C 00010000
};
std::string_view to_string(H264Profile profile);

struct H264ProfileLevelId {
  H264Profile profile = H264Profile::constrained_baseline;
  // level_idc as in the bitstream (31 = level 3.1); 0 stands for level 1b, which sits between
  // 1 (10) and 1.1 (11) so that plain comparison orders levels correctly.
  std::uint8_t level = 31;
  bool operator==(const H264ProfileLevelId&) const = default;
};
inline constexpr std::uint8_t kH264Level1b = 0;

// "42e01f" -> {constrained_baseline, 31}. nullopt for a malformed value, an unknown profile or
// an unknown level.
std::optional<H264ProfileLevelId> parse_h264_profile_level_id(std::string_view hex);
// The canonical hex ("42e01f") for a profile and level. Level 1b is written with level_idc 11
// and constraint_set3_flag for Baseline, Constrained Baseline, Main and Extended, and as
// level_idc 9 for the others (H.264 §A.3.1, §A.3.2).
std::string to_string(const H264ProfileLevelId& id);
// "3.1", "1b", "5.2".
std::string h264_level_name(std::uint8_t level);
// The profile-level-id of an H.264 fmtp, with RFC 6184 §8.1's default 42000A (Baseline 1.0)
// when the parameter is absent.
std::optional<H264ProfileLevelId> h264_profile_level_id(const Codec& codec);

// ---------------------------------------------------------------------------------------------
// Negotiation (RFC 9429 §5.3.1, RFC 3264 §6.1)

// Whether an offered codec and a local codec are the same format: equal name (case-insensitive),
// clock rate and channels, and for the codecs where fmtp changes the format:
//   H.264: same profile and same packetization-mode (RFC 6184 §8.2.2); the level may differ;
//   VP9: same profile-id (RFC 9628 §6); AV1: same profile (AV1 RTP spec §7.2).
// rtx, red and FEC codecs match by name/clock/channels only; their partners are checked by
// negotiate_codecs.
bool codecs_match(const Codec& offered, const Codec& local);

// The codec as an answer lists it: the offerer's payload type (RFC 9429 §5.3.1), the local
// fmtp (it says what we can receive) except that H.264's level is chosen per RFC 6184 §8.2.2
// (with level-asymmetry-allowed=1 on both sides we state our own receive level, otherwise the
// lower of the two), rtx's apt keeps the offer's numbers and red keeps the offer's list;
// rtcp-fb is the intersection of both sides.
Codec answer_codec(const Codec& offered, const Codec& local);

// All offered codecs we can use, in the offer's order, as answer_codec() writes them. rtx is
// kept only if the codec its apt names is kept (RFC 4588 §8.1); red only if it is supported
// and its redundant encodings are kept (RFC 2198 §5).
std::vector<Codec> negotiate_codecs(const std::vector<Codec>& offered,
                                    const std::vector<Codec>& local);

// Header extensions both sides know, by URI, with the offer's ids (RFC 8285 §6) and the
// direction seen from the answerer (offer sendonly -> recvonly).
std::vector<HeaderExtension> negotiate_header_extensions(
    const std::vector<HeaderExtension>& offered, const std::vector<HeaderExtension>& local);

}  // namespace rtc::sdp
