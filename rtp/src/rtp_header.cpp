#include "rtc/rtp/rtp_header.hpp"

#include <string>

namespace rtc::rtp {

Result<RtpHeaderView> RtpHeaderView::parse_header(BytesView packet) {
  // RFC 3550 §5.1: the fixed header is 12 octets.
  if (packet.size() < kRtpFixedHeaderSize) {
    return fail_at(Errc::truncated,
                   "RTP packet of " + std::to_string(packet.size()) +
                       " bytes is shorter than the 12-byte fixed header (RFC 3550 §5.1)",
                   packet.size());
  }
  const std::uint8_t version = packet[0] >> 6;
  if (version != kRtpVersion) {
    return fail_at(Errc::malformed,
                   "RTP version " + std::to_string(version) + ", expected 2 (RFC 3550 §5.1)", 0);
  }
  std::size_t size = kRtpFixedHeaderSize + 4 * std::size_t{packet[0] & 0x0fu};
  if (packet.size() < size) {
    return fail_at(Errc::truncated,
                   "CSRC list (" + std::to_string(packet[0] & 0x0f) +
                       " entries) runs past the end of the packet (RFC 3550 §5.1)",
                   packet.size());
  }
  if ((packet[0] & 0x10) != 0) {
    // RFC 3550 §5.3.1: 16 profile bits, 16-bit length in 32-bit words, then the body.
    if (packet.size() < size + 4) {
      return fail_at(Errc::truncated, "header extension header runs past the end (RFC 3550 §5.3.1)",
                     packet.size());
    }
    const std::size_t body = 4 * std::size_t{load_be16(packet, size + 2)};
    if (packet.size() - size - 4 < body) {
      return fail_at(Errc::truncated,
                     "header extension of " + std::to_string(body) +
                         " bytes runs past the end of the packet (RFC 3550 §5.3.1)",
                     size + 2);
    }
    size += 4 + body;
  }
  return RtpHeaderView(packet, size, 0);
}

Result<RtpHeaderView> RtpHeaderView::parse(BytesView packet) {
  auto view = parse_header(packet);
  if (!view) return view;
  auto padding = rtp_padding_size(view->has_padding(), packet.subspan(view->header_size()),
                                  view->header_size());
  if (!padding) return std::unexpected(std::move(padding.error()));
  view->padding_size_ = *padding;
  return view;
}

std::uint16_t RtpHeaderView::extension_profile() const {
  if (!has_extension()) return 0;
  return load_be16(packet_, kRtpFixedHeaderSize + 4 * std::size_t{csrc_count()});
}

BytesView RtpHeaderView::extension_data() const {
  if (!has_extension()) return {};
  const std::size_t start = kRtpFixedHeaderSize + 4 * std::size_t{csrc_count()} + 4;
  return packet_.subspan(start, header_size_ - start);
}

Result<std::size_t> rtp_padding_size(bool padding_bit, BytesView run, std::size_t offset_of_run) {
  if (!padding_bit) return std::size_t{0};
  if (run.empty()) {
    return fail_at(Errc::malformed, "P bit set but no octet follows the header (RFC 3550 §5.1)",
                   offset_of_run);
  }
  const std::size_t count = run.back();
  if (count == 0 || count > run.size()) {
    return fail_at(Errc::malformed,
                   "padding count " + std::to_string(count) + " is zero or larger than the " +
                       std::to_string(run.size()) + " bytes after the header (RFC 3550 §5.1)",
                   offset_of_run + run.size() - 1);
  }
  return count;
}

}  // namespace rtc::rtp
