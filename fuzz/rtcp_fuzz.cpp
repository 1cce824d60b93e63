// Fuzz target for RTCP (RFC 3550 §6, A.2; RFC 4585; RFC 5104; REMB; transport-wide CC; RFC
// 5506): the compound walk, every typed parser, and a serialize/re-parse round trip, which
// must give back as many packets of the same kinds (otherwise the target traps).
#include <cstddef>
#include <cstdint>

#include "rtc/rtp/rtcp_compound.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const rtc::BytesView input(data, size);
  (void)rtc::rtp::validate_rtcp(input, rtc::rtp::RtcpMode::compound);
  if (auto view = rtc::rtp::RtcpCompoundView::parse(input)) {
    std::size_t n = 0;
    for (auto header : *view) {
      (void)rtc::rtp::parse_rtcp_packet(header.packet());
      ++n;
    }
    if (n != view->size()) __builtin_trap();
  }
  auto packets = rtc::rtp::parse_rtcp(input);
  if (!packets) return 0;
  for (const auto& p : *packets) {
    if (const auto* fb = std::get_if<rtc::rtp::TransportFeedback>(&p)) (void)fb->arrival_times();
  }
  const rtc::Bytes again = rtc::rtp::serialize_rtcp(*packets);
  auto reparsed = rtc::rtp::parse_rtcp(again);
  if (!reparsed || reparsed->size() != packets->size()) __builtin_trap();
  for (std::size_t i = 0; i < packets->size(); ++i) {
    if ((*reparsed)[i].index() != (*packets)[i].index()) __builtin_trap();
  }
  return 0;
}
