// ChannelData framing (RFC 8656 §12.4-§12.6).
#include "rtc/stun/channel_data.hpp"

#include <cstdio>
#include <string>

namespace rtc::stun {

namespace {
std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(v));
  return buf;
}
}  // namespace

Result<ChannelDataView> ChannelDataView::parse(BytesView d) {
  if (d.size() < kChannelDataHeaderSize) {
    return fail_at(
        Errc::truncated,
        "a ChannelData header needs 4 bytes, got " + std::to_string(d.size()) + " (RFC 8656 §12.4)",
        d.size());
  }
  const std::uint16_t channel = load_be16(d, 0);
  if (!is_valid_channel_number(channel)) {
    return fail_at(Errc::malformed,
                   "channel number " + hex16(channel) + " is outside 0x4000-0x4FFF (RFC 8656 §12)",
                   0);
  }
  const std::size_t length = load_be16(d, 2);
  const std::size_t available = d.size() - kChannelDataHeaderSize;
  if (length > available) {
    return fail_at(Errc::truncated,
                   "ChannelData length " + std::to_string(length) + " but only " +
                       std::to_string(available) + " bytes follow (RFC 8656 §12.6)",
                   2);
  }
  const std::size_t padded = (length + 3) & ~std::size_t{3};
  if (available > padded) {
    return fail_at(Errc::malformed,
                   std::to_string(available - length) +
                       " bytes follow the data, more than the padding to 32 bits "
                       "(RFC 8656 §12.5)",
                   kChannelDataHeaderSize + length);
  }
  return ChannelDataView{channel, d.subspan(kChannelDataHeaderSize, length)};
}

std::optional<std::size_t> ChannelDataView::framed_size(BytesView stream_prefix) {
  if (stream_prefix.size() < kChannelDataHeaderSize) return std::nullopt;
  const std::size_t length = load_be16(stream_prefix, 2);
  return kChannelDataHeaderSize + ((length + 3) & ~std::size_t{3});
}

Result<void> write_channel_data(ByteWriter& out, std::uint16_t channel, BytesView data, bool pad) {
  if (!is_valid_channel_number(channel)) {
    return fail(Errc::invalid_argument,
                "channel number " + hex16(channel) + " is outside 0x4000-0x4FFF (RFC 8656 §12)");
  }
  if (data.size() > 0xFFFF) {
    return fail(Errc::invalid_argument, "ChannelData carries at most 65535 bytes");
  }
  out.u16(channel);
  out.u16(static_cast<std::uint16_t>(data.size()));
  out.bytes(data);
  if (pad) out.zeros((4 - data.size() % 4) % 4);
  return {};
}

Result<Bytes> encode_channel_data(std::uint16_t channel, BytesView data, bool pad) {
  ByteWriter out(kChannelDataHeaderSize + data.size() + 3);
  auto ok = write_channel_data(out, channel, data, pad);
  if (!ok) return std::unexpected(ok.error());
  return out.take();
}

}  // namespace rtc::stun
