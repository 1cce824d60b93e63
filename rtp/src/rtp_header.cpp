#include "rtc/rtp/rtp_header.hpp"

#include <string>

#include "rtp_header_scan.hpp"

namespace rtc::rtp {

namespace {

[[gnu::cold, gnu::noinline]] Result<RtpHeaderView> header_failure(const HeaderScan& scan,
                                                                  BytesView packet) {
  switch (scan.fault) {
    case HeaderFault::short_fixed:
      return fail_at(Errc::truncated,
                     "RTP packet of " + std::to_string(packet.size()) +
                         " bytes is shorter than the 12-byte fixed header (RFC 3550 §5.1)",
                     packet.size());
    case HeaderFault::version:
      return fail_at(
          Errc::malformed,
          "RTP version " + std::to_string(packet[0] >> 6) + ", expected 2 (RFC 3550 §5.1)", 0);
    case HeaderFault::csrc:
      return fail_at(Errc::truncated,
                     "CSRC list (" + std::to_string(packet[0] & 0x0f) +
                         " entries) runs past the end of the packet (RFC 3550 §5.1)",
                     packet.size());
    case HeaderFault::ext_header:
      return fail_at(Errc::truncated, "header extension header runs past the end (RFC 3550 §5.3.1)",
                     packet.size());
    case HeaderFault::ext_body:
    case HeaderFault::none:
      break;
  }
  return fail_at(Errc::truncated,
                 "header extension of " + std::to_string(4 * load_be16(packet, scan.size + 2)) +
                     " bytes runs past the end of the packet (RFC 3550 §5.3.1)",
                 scan.size + 2);
}

[[gnu::cold, gnu::noinline]] Error padding_failure(BytesView run, std::size_t offset_of_run) {
  if (run.empty()) {
    return {Errc::malformed, "P bit set but no octet follows the header (RFC 3550 §5.1)",
            offset_of_run, std::nullopt, std::nullopt};
  }
  return {Errc::malformed,
          "padding count " + std::to_string(run.back()) + " is zero or larger than the " +
              std::to_string(run.size()) + " bytes after the header (RFC 3550 §5.1)",
          offset_of_run + run.size() - 1, std::nullopt, std::nullopt};
}

}  // namespace

Result<RtpHeaderView> RtpHeaderView::parse_header(BytesView packet) {
  const HeaderScan scan = scan_header(packet);
  if (scan.fault != HeaderFault::none) [[unlikely]]
    return header_failure(scan, packet);
  return RtpHeaderView(packet, scan.size, 0);
}

Result<RtpHeaderView> RtpHeaderView::parse(BytesView packet) {
  const HeaderScan scan = scan_header(packet);
  if (scan.fault != HeaderFault::none) [[unlikely]]
    return header_failure(scan, packet);
  std::size_t padding = 0;
  if ((packet[0] & 0x20) != 0) {
    const BytesView run = packet.subspan(scan.size);
    if (!padding_ok(run)) [[unlikely]]
      return std::unexpected(padding_failure(run, scan.size));
    padding = run.back();
  }
  return RtpHeaderView(packet, scan.size, padding);
}

std::optional<RtpHeaderView> RtpHeaderView::try_parse(BytesView packet) {
  const HeaderScan scan = scan_header(packet);
  if (scan.fault != HeaderFault::none) [[unlikely]]
    return std::nullopt;
  std::size_t padding = 0;
  if ((packet[0] & 0x20) != 0) {
    const BytesView run = packet.subspan(scan.size);
    if (!padding_ok(run)) [[unlikely]]
      return std::nullopt;
    padding = run.back();
  }
  return RtpHeaderView(packet, scan.size, padding);
}

Result<std::size_t> rtp_padding_size(bool padding_bit, BytesView run, std::size_t offset_of_run) {
  if (!padding_bit) return std::size_t{0};
  if (!padding_ok(run)) [[unlikely]]
    return std::unexpected(padding_failure(run, offset_of_run));
  return std::size_t{run.back()};
}

}  // namespace rtc::rtp
