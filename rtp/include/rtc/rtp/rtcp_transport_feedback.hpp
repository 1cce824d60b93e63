// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-
// extensions-01 §3.1): RTPFB FMT 15.
//
// The sender numbers every packet of the transport with the transport-wide-cc header
// extension; the receiver answers, every ~50-100 ms, with which of those numbers arrived and
// when. The packet, after the feedback header (RFC 4585 §6.1):
//   base sequence number (16) | packet status count (16)
//   reference time (24, signed, × 64 ms) | feedback packet count (8)
//   packet chunks, 16 bits each:
//     run length chunk  0 | S(2) | run length(13)     : the same status for a run of packets
//     status vector     1 | 0 | 14 × 1-bit symbols    : not received / received, small delta
//                       1 | 1 |  7 × 2-bit symbols    : 00 not received, 01 small, 10 large
//   receive deltas, in 250 µs ticks: 1 octet unsigned (small) or 2 octets signed (large),
//   one per received packet, each relative to the previous one (the first to reference time)
//   zero padding to 32 bits.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/time.hpp"

namespace rtc::rtp {

inline constexpr std::int64_t kTwccDeltaTickUs = 250;        // draft §3.1.5
inline constexpr std::int64_t kTwccReferenceTickUs = 64000;  // draft §3.1: 64 ms

struct TwccPacketStatus {
  std::uint16_t sequence = 0;
  bool received = false;
  std::int32_t delta_ticks = 0;  // 250 µs ticks since the previous received packet
  bool operator==(const TwccPacketStatus&) const = default;
};

struct TransportFeedback {
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  std::uint16_t base_sequence = 0;
  std::int32_t reference_time = 0;        // 24-bit signed, in 64 ms units
  std::uint8_t feedback_count = 0;        // increments per feedback packet sent
  std::vector<TwccPacketStatus> packets;  // base_sequence, base_sequence + 1, ... in order
  bool operator==(const TransportFeedback&) const = default;

  // Builds the feedback for packets base_sequence.. whose arrival times (since any fixed
  // epoch of the receiver's clock; nullopt = lost) are given in sequence order. Reference time
  // is the first arrival rounded down to 64 ms; deltas are rounded to 250 µs.
  static TransportFeedback from_arrivals(std::uint32_t sender_ssrc, std::uint32_t media_ssrc,
                                         std::uint16_t base_sequence, std::uint8_t feedback_count,
                                         const std::vector<std::optional<Duration>>& arrivals);
  // The inverse: each packet's arrival time since the same epoch (64 ms × reference time +
  // the running sum of deltas), nullopt for lost packets.
  std::vector<std::optional<Duration>> arrival_times() const;

  static Result<TransportFeedback> parse(BytesView packet);
  // Deltas that do not fit 16 signed bits (±8.19 s) are clamped; split such feedback.
  void write(ByteWriter& w) const;
};

}  // namespace rtc::rtp
