#include "rtc/rtp/rtp_extensions.hpp"

#include <string>

#include "rtp_extension_walk.hpp"

namespace rtc::rtp {

Result<HeaderExtensionList> HeaderExtensionList::parse(std::uint16_t profile, BytesView block,
                                                       std::size_t block_offset) {
  Result<HeaderExtensionList> list{std::in_place};
  auto ok = list->assign(profile, block, block_offset);
  if (!ok) return std::unexpected(std::move(ok.error()));
  return list;
}

namespace {

// The Error text for a refused block, built only on this cold path.
[[gnu::cold, gnu::noinline]] Result<void> walk_failure(HeaderExtensionList::Walk w, bool one_byte,
                                                       BytesView block, std::size_t block_offset) {
  using Fault = HeaderExtensionList::WalkFault;
  const std::size_t pos = w.pos;
  switch (w.fault) {
    case Fault::too_large:
      return fail_at(Errc::unsupported, "header extension block larger than 65535 octets",
                     block_offset);
    case Fault::no_length_octet:
      return fail_at(Errc::truncated,
                     "two-byte header extension element has no length octet (RFC 8285 §4.3)",
                     block_offset + pos);
    case Fault::too_many:
      return fail_at(Errc::unsupported,
                     "more than " + std::to_string(HeaderExtensionList::kCapacity) +
                         " header extension elements",
                     block_offset + pos);
    case Fault::element_overrun:
    case Fault::none:
      break;
  }
  const unsigned id = one_byte ? block[pos] >> 4 : block[pos];
  const unsigned length = one_byte ? (block[pos] & 0x0fu) + 1 : block[pos + 1];
  return fail_at(Errc::truncated,
                 "header extension element ID " + std::to_string(id) + " of " +
                     std::to_string(length) + " octets runs past the extension block (RFC " +
                     (one_byte ? "8285 §4.2)" : "8285 §4.3)"),
                 block_offset + pos);
}

}  // namespace

bool HeaderExtensionList::try_assign(std::uint16_t profile, BytesView block) {
  return walk(profile, block).fault == WalkFault::none;
}

Result<void> HeaderExtensionList::assign(std::uint16_t profile, BytesView block,
                                         std::size_t block_offset) {
  const Walk w = walk(profile, block);
  if (w.fault == WalkFault::none) [[likely]]
    return {};
  return walk_failure(w, form_ == ExtensionForm::one_byte, block, block_offset);
}

std::optional<BytesView> HeaderExtensionList::find(std::uint8_t id) const {
  for (std::size_t i = 0; i < count_; ++i) {
    if (entries_[i].id == id) return block_.subspan(entries_[i].offset, entries_[i].length);
  }
  return std::nullopt;
}

ExtensionForm required_extension_form(std::uint8_t id, std::size_t length) {
  if (id >= 1 && id <= kOneByteMaxId && length >= 1 && length <= kOneByteMaxLength) {
    return ExtensionForm::one_byte;
  }
  return ExtensionForm::two_byte;
}

namespace {
struct UriEntry {
  ExtensionKind kind;
  std::string_view uri;
};
constexpr UriEntry kUris[] = {
    {ExtensionKind::sdes_mid, "urn:ietf:params:rtp-hdrext:sdes:mid"},
    {ExtensionKind::rtp_stream_id, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"},
    {ExtensionKind::repaired_rtp_stream_id,
     "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"},
    {ExtensionKind::abs_send_time, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"},
    {ExtensionKind::transport_wide_cc,
     "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"},
    {ExtensionKind::ssrc_audio_level, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"},
    {ExtensionKind::video_orientation, "urn:3gpp:video-orientation"},
};
}  // namespace

std::string_view extension_uri(ExtensionKind kind) {
  for (const auto& e : kUris) {
    if (e.kind == kind) return e.uri;
  }
  return {};
}

ExtensionKind extension_kind_from_uri(std::string_view uri) {
  for (const auto& e : kUris) {
    if (e.uri == uri) return e.kind;
  }
  return ExtensionKind::unknown;
}

Result<void> ExtensionMap::set(std::uint8_t id, ExtensionKind kind) {
  if (id == 0) return fail(Errc::invalid_argument, "extmap ID 0 is reserved (RFC 8285 §5)");
  kinds_[id] = kind;
  return {};
}

std::uint8_t ExtensionMap::id_of(ExtensionKind kind) const {
  if (kind == ExtensionKind::unknown) return 0;
  for (std::size_t id = 1; id < kinds_.size(); ++id) {
    if (kinds_[id] == kind) return static_cast<std::uint8_t>(id);
  }
  return 0;
}

Result<std::string_view> decode_sdes_text(BytesView data) {
  if (data.empty()) return fail(Errc::malformed, "empty SDES header extension (RFC 8852 §3)");
  return as_string_view(data);
}

std::array<std::uint8_t, 3> encode_abs_send_time(std::uint32_t value24) {
  return {static_cast<std::uint8_t>(value24 >> 16), static_cast<std::uint8_t>(value24 >> 8),
          static_cast<std::uint8_t>(value24)};
}

Result<std::uint32_t> decode_abs_send_time(BytesView data) {
  if (data.size() != 3) {
    return fail(Errc::malformed, "abs-send-time is 3 octets, got " + std::to_string(data.size()));
  }
  return load_be24(data, 0);
}

std::array<std::uint8_t, 2> encode_transport_sequence(std::uint16_t seq) {
  return {static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq)};
}

Result<std::uint16_t> decode_transport_sequence(BytesView data) {
  if (data.size() != 2) {
    return fail(Errc::malformed, "transport-wide-cc sequence number is 2 octets, got " +
                                     std::to_string(data.size()) + " (draft-holmer §2)");
  }
  return load_be16(data, 0);
}

std::uint8_t encode_audio_level(AudioLevel value) {
  const std::uint8_t level = value.level > 127 ? 127 : value.level;
  return static_cast<std::uint8_t>((value.voice ? 0x80 : 0) | level);
}

Result<AudioLevel> decode_audio_level(BytesView data) {
  // RFC 6464 §3: one octet in the one-byte form; the two-byte form may pad it to more.
  if (data.empty()) return fail(Errc::malformed, "empty ssrc-audio-level (RFC 6464 §3)");
  return AudioLevel{(data[0] & 0x80) != 0, static_cast<std::uint8_t>(data[0] & 0x7f)};
}

std::uint8_t encode_video_orientation(VideoOrientation value) {
  return static_cast<std::uint8_t>((value.back_camera ? 0x08 : 0) |
                                   (value.horizontal_flip ? 0x04 : 0) |
                                   ((value.rotation / 90) & 3));
}

Result<VideoOrientation> decode_video_orientation(BytesView data) {
  if (data.empty()) return fail(Errc::malformed, "empty video-orientation (3GPP TS 26.114)");
  return VideoOrientation{(data[0] & 0x08) != 0, (data[0] & 0x04) != 0,
                          static_cast<std::uint16_t>((data[0] & 3) * 90)};
}

}  // namespace rtc::rtp
