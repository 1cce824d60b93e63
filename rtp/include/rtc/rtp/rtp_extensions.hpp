// RTP header extension elements (RFC 8285) and the typed extensions WebRTC negotiates.
//
// RFC 3550 §5.3.1 allows one extension block per packet; RFC 8285 splits that block into
// elements, each with a local ID that SDP's a=extmap maps to a URI. Two forms exist:
//   one-byte (profile 0xBEDE, §4.2): ID in 4 bits (1..14), length-1 in 4 bits (1..16 octets);
//   two-byte (profile 0x100x, §4.3): ID in 8 bits (1..255), length in 8 bits (0..255 octets).
// A packet uses one form for all its elements; with a=extmap-allow-mixed (§6) a stream may
// switch per packet, so receivers here always accept both and senders choose per packet.
//
// The parsed list is a small fixed array of (id, offset, length) triples: no allocation, and
// the element data stays in the packet buffer (zero copy).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

inline constexpr std::uint16_t kOneByteExtensionProfile = 0xBEDE;  // RFC 8285 §4.2
inline constexpr std::uint16_t kTwoByteExtensionProfile =
    0x1000;                                        // RFC 8285 §4.3, low 4 bits: appbits
inline constexpr std::uint8_t kOneByteMaxId = 14;  // 15 is reserved (§4.2)
inline constexpr std::size_t kOneByteMaxLength = 16;
inline constexpr std::size_t kTwoByteMaxLength = 255;

enum class ExtensionForm : std::uint8_t {
  none,      // no X bit
  one_byte,  // 0xBEDE
  two_byte,  // 0x100x
  other,     // some other RFC 3550 §5.3.1 profile: the block is opaque, no elements
};

struct HeaderExtensionElement {
  std::uint8_t id = 0;
  BytesView data;
};

// The elements of one extension block, in packet order.
class HeaderExtensionList {
 public:
  static constexpr std::size_t kCapacity = 16;  // 14 one-byte IDs exist; Chrome sends ~6

  // `block` is the extension body (RtpHeaderView::extension_data()). Padding octets (ID 0)
  // are skipped; a one-byte ID 15 stops the walk (§4.2); an element running past the block,
  // or more than kCapacity elements, is an error. `block_offset` is where the block starts in
  // the packet, for error offsets.
  static Result<HeaderExtensionList> parse(std::uint16_t profile, BytesView block,
                                           std::size_t block_offset = 0);
  // The same, into this list (no copy of the list: the RTP packet view parses in place).
  Result<void> assign(std::uint16_t profile, BytesView block, std::size_t block_offset = 0);
  // The same checks without the error text (hot paths; assign() on the same block says why).
  bool try_assign(std::uint16_t profile, BytesView block);

  ExtensionForm form() const { return form_; }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  HeaderExtensionElement operator[](std::size_t i) const {
    return {entries_[i].id, block_.subspan(entries_[i].offset, entries_[i].length)};
  }
  // The first element with this ID.
  std::optional<BytesView> find(std::uint8_t id) const;

  // Why a walk over a block stopped early (assign() turns it into an Error).
  enum class WalkFault : std::uint8_t {
    none,
    too_large,
    no_length_octet,
    element_overrun,
    too_many
  };
  struct Walk {
    WalkFault fault = WalkFault::none;
    std::size_t pos = 0;  // where the faulty element starts
  };

 private:
  // Inline, defined in src/rtp_extension_walk.hpp: RtpPacketView::parse inlines the walk.
  friend class RtpPacketView;
  inline Walk walk(std::uint16_t profile, BytesView block);
  template <bool OneByte>
  Walk walk_form(BytesView block);

  struct Entry {
    std::uint8_t id;
    std::uint8_t length;
    std::uint16_t offset;
  };
  BytesView block_;
  std::array<Entry, kCapacity> entries_{};
  std::uint8_t count_ = 0;
  ExtensionForm form_ = ExtensionForm::none;
};

// Which form can carry these elements: one-byte if every ID is 1..14 and every length 1..16,
// else two-byte (IDs 1..255, lengths 0..255). RFC 8285 §4.1.
ExtensionForm required_extension_form(std::uint8_t id, std::size_t length);

// ---- The extension URIs WebRTC uses, and an a=extmap table --------------------------------

enum class ExtensionKind : std::uint8_t {
  unknown,
  sdes_mid,                // urn:ietf:params:rtp-hdrext:sdes:mid (RFC 9143 §15)
  rtp_stream_id,           // urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id (RFC 8852 §3.1)
  repaired_rtp_stream_id,  // urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id (§3.2)
  abs_send_time,           // http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
  transport_wide_cc,       // draft-holmer-rmcat-transport-wide-cc-extensions-01 §2
  ssrc_audio_level,        // urn:ietf:params:rtp-hdrext:ssrc-audio-level (RFC 6464)
  video_orientation,       // urn:3gpp:video-orientation (3GPP TS 26.114 §7.4.5)
};

std::string_view extension_uri(ExtensionKind kind);
ExtensionKind extension_kind_from_uri(std::string_view uri);

// a=extmap:ID URI (RFC 8285 §5), both ways: the receiver looks up what an ID means, the
// sender which ID to write for a kind.
class ExtensionMap {
 public:
  // IDs 1..255 (two-byte range); 0 is refused.
  Result<void> set(std::uint8_t id, ExtensionKind kind);
  Result<void> set(std::uint8_t id, std::string_view uri) {
    return set(id, extension_kind_from_uri(uri));
  }
  ExtensionKind kind_of(std::uint8_t id) const { return kinds_[id]; }
  // 0 if the kind is not mapped.
  std::uint8_t id_of(ExtensionKind kind) const;

 private:
  std::array<ExtensionKind, 256> kinds_{};
};

// ---- Typed values: encode to element data, decode from it ---------------------------------

// sdes:mid, rtp-stream-id, repaired-rtp-stream-id: the SDES item text as the element body
// (RFC 8852 §3, RFC 9143 §15). Non-empty, at most 255 octets (16 in the one-byte form).
Result<std::string_view> decode_sdes_text(BytesView data);

// abs-send-time: 24 bits, seconds in 6.18 fixed point, i.e. bits 14..37 of a 64-bit NTP time.
inline constexpr std::uint32_t abs_send_time_from_ntp(std::uint64_t ntp) {
  return static_cast<std::uint32_t>(ntp >> 14) & 0xffffffu;
}
std::array<std::uint8_t, 3> encode_abs_send_time(std::uint32_t value24);
Result<std::uint32_t> decode_abs_send_time(BytesView data);

// transport-wide-cc: the 16-bit transport-wide sequence number (draft-holmer §2).
std::array<std::uint8_t, 2> encode_transport_sequence(std::uint16_t seq);
Result<std::uint16_t> decode_transport_sequence(BytesView data);

// ssrc-audio-level (RFC 6464 §3): V flag (voice activity) and level in -dBov, 0..127.
struct AudioLevel {
  bool voice = false;
  std::uint8_t level = 127;  // 127 = silence (-127 dBov)
  bool operator==(const AudioLevel&) const = default;
};
std::uint8_t encode_audio_level(AudioLevel value);  // level clamped to 127
Result<AudioLevel> decode_audio_level(BytesView data);

// video-orientation (CVO, 3GPP TS 26.114 §7.4.5): bits C F R1 R0 of one octet.
struct VideoOrientation {
  bool back_camera = false;      // C
  bool horizontal_flip = false;  // F
  std::uint16_t rotation = 0;    // 0, 90, 180 or 270 degrees clockwise (R1 R0)
  bool operator==(const VideoOrientation&) const = default;
};
std::uint8_t encode_video_orientation(VideoOrientation value);  // rotation rounded down to 90s
Result<VideoOrientation> decode_video_orientation(BytesView data);

}  // namespace rtc::rtp
