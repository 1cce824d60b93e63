#include "rtc/rtp/rtcp_header.hpp"

#include <string>

namespace rtc::rtp {

Result<RtcpHeaderView> RtcpHeaderView::parse(BytesView data) {
  if (data.size() < kRtcpHeaderSize) {
    return fail_at(Errc::truncated,
                   "RTCP packet of " + std::to_string(data.size()) +
                       " bytes is shorter than header + sender SSRC (8 bytes, RFC 3550 §6.4.1)",
                   data.size());
  }
  const std::uint8_t version = data[0] >> 6;
  if (version != 2) {
    return fail_at(Errc::malformed,
                   "RTCP version " + std::to_string(version) + ", expected 2 (RFC 3550 §6.4.1)", 0);
  }
  RtcpHeaderView view(data);
  if (view.packet_size() > data.size()) {
    return fail_at(Errc::truncated,
                   "RTCP length field says " + std::to_string(view.packet_size()) +
                       " bytes but only " + std::to_string(data.size()) +
                       " remain (RFC 3550 §6.4.1)",
                   2);
  }
  return view;
}

Result<std::size_t> validate_rtcp_compound(BytesView compound) {
  std::size_t offset = 0;
  std::size_t count = 0;
  while (offset < compound.size()) {
    auto header = RtcpHeaderView::parse(compound.subspan(offset));
    if (!header) {
      Error error = std::move(header.error());
      error.offset = offset + error.offset.value_or(0);
      error.message += " (packet " + std::to_string(count + 1) + " of the compound)";
      return std::unexpected(std::move(error));
    }
    const std::size_t size = header->packet_size();
    const bool last = offset + size == compound.size();
    if (header->has_padding()) {
      // RFC 3550 §6.4.1: only the last packet of a compound packet may be padded.
      if (!last) {
        return fail_at(Errc::malformed,
                       "P bit set on RTCP packet " + std::to_string(count + 1) +
                           ", which is not the last of the compound (RFC 3550 §6.4.1)",
                       offset);
      }
      const std::size_t padding = compound[offset + size - 1];
      if (padding == 0 || padding > size - kRtcpHeaderSize) {
        return fail_at(Errc::malformed,
                       "RTCP padding count " + std::to_string(padding) +
                           " does not fit in its packet (RFC 3550 §6.4.1)",
                       offset + size - 1);
      }
    }
    offset += size;
    ++count;
  }
  if (count == 0) return fail(Errc::truncated, "empty RTCP compound packet (RFC 3550 §6.1)");
  return count;
}

}  // namespace rtc::rtp
