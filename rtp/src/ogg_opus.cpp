// Ogg pages to Opus packets (RFC 3533 §6, RFC 7845 §3).
#include "rtc/rtp/ogg_opus.hpp"

#include <string_view>

namespace rtc::rtp {
namespace {

std::uint32_t le32(BytesView b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}

bool starts_with(const Bytes& packet, std::string_view magic) {
  return packet.size() >= magic.size() &&
         std::equal(magic.begin(), magic.end(), packet.begin(),
                    [](char c, std::uint8_t b) { return static_cast<std::uint8_t>(c) == b; });
}

}  // namespace

Result<OggOpusStream> read_ogg_opus(BytesView file) {
  std::vector<Bytes> packets;
  Bytes partial;
  std::optional<std::uint32_t> serial;
  std::size_t at = 0;
  while (at < file.size()) {
    if (file.size() - at < 27) return fail_at(Errc::truncated, "Ogg page header cut short", at);
    if (!(file[at] == 'O' && file[at + 1] == 'g' && file[at + 2] == 'g' && file[at + 3] == 'S')) {
      return fail_at(Errc::malformed, "no Ogg capture pattern \"OggS\"", at);
    }
    if (file[at + 4] != 0) return fail_at(Errc::unsupported, "Ogg version is not 0", at + 4);
    const std::uint8_t type = file[at + 5];
    const std::uint32_t page_serial = le32(file, at + 14);
    if (serial && *serial != page_serial) {
      return fail_at(Errc::unsupported, "more than one logical stream", at + 14);
    }
    serial = page_serial;
    const std::size_t segments = file[at + 26];
    if (file.size() - at - 27 < segments) {
      return fail_at(Errc::truncated, "Ogg segment table cut short", at + 27);
    }
    std::size_t data = at + 27 + segments;
    if ((type & 0x01) == 0) partial.clear();  // not a continuation: a packet starts here
    for (std::size_t i = 0; i < segments; ++i) {
      const std::size_t length = file[at + 27 + i];
      if (file.size() - data < length) return fail_at(Errc::truncated, "Ogg page cut short", data);
      partial.insert(partial.end(), file.begin() + static_cast<std::ptrdiff_t>(data),
                     file.begin() + static_cast<std::ptrdiff_t>(data + length));
      data += length;
      if (length < 255) {
        packets.push_back(std::move(partial));
        partial.clear();
      }
    }
    at = data;
  }
  if (packets.empty() || !starts_with(packets[0], "OpusHead") || packets[0].size() < 19) {
    return fail(Errc::malformed, "the first packet is not an OpusHead (RFC 7845 §5.1)");
  }
  OggOpusStream out;
  const Bytes& head = packets[0];
  out.channels = head[9];
  out.pre_skip = static_cast<std::uint16_t>(head[10] | head[11] << 8);
  out.input_sample_rate = le32(head, 12);
  std::size_t first_audio = 1;
  if (packets.size() > 1 && starts_with(packets[1], "OpusTags")) first_audio = 2;
  for (std::size_t i = first_audio; i < packets.size(); ++i) {
    if (!packets[i].empty()) out.packets.push_back(std::move(packets[i]));
  }
  return out;
}

}  // namespace rtc::rtp
