// RTCP sender and receiver reports (RFC 3550 §6.4): how each side tells the other what it
// sent and what it received.
//
// A report block (§6.4.1) is one receiver's view of one source: fraction lost since the last
// report, cumulative loss, the extended highest sequence number, interarrival jitter, and the
// LSR/DLSR pair the sender turns into a round-trip time (§6.4.1, Figure 2).
// Parsing copies the few fields into value types; the packet is small and read once.
#pragma once

#include <cstdint>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

struct ReportBlock {
  std::uint32_t ssrc = 0;                  // SSRC_n: the source this block is about
  std::uint8_t fraction_lost = 0;          // lost / expected since the last report, × 256
  std::int32_t cumulative_lost = 0;        // 24-bit signed (duplicates can make it negative)
  std::uint32_t extended_highest_seq = 0;  // cycles << 16 | highest sequence number
  std::uint32_t jitter = 0;                // RTP timestamp units (§6.4.1, A.8)
  std::uint32_t last_sr = 0;               // LSR: middle 32 bits of the last SR's NTP time
  std::uint32_t delay_since_last_sr = 0;   // DLSR: in 1/65536 seconds
  bool operator==(const ReportBlock&) const = default;
};
inline constexpr std::size_t kReportBlockSize = 24;

struct SenderReport {  // PT 200, RFC 3550 §6.4.1
  std::uint32_t sender_ssrc = 0;
  std::uint64_t ntp_timestamp = 0;  // 32.32 fixed point seconds since 1900
  std::uint32_t rtp_timestamp = 0;  // the same instant on the RTP clock
  std::uint32_t packet_count = 0;
  std::uint32_t octet_count = 0;     // payload octets only
  std::vector<ReportBlock> reports;  // at most 31
  bool operator==(const SenderReport&) const = default;

  // `packet` is one RTCP packet (RtcpHeaderView::packet()) of type 200.
  static Result<SenderReport> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

struct ReceiverReport {  // PT 201, RFC 3550 §6.4.2
  std::uint32_t sender_ssrc = 0;
  std::vector<ReportBlock> reports;  // at most 31; none is legal (an empty RR)
  bool operator==(const ReceiverReport&) const = default;

  static Result<ReceiverReport> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

void write_report_block(ByteWriter& w, const ReportBlock& block);
Result<ReportBlock> read_report_block(ByteReader& r);

}  // namespace rtc::rtp
