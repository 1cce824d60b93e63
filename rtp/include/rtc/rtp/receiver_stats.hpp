// What a receiver measures about one source, for its report blocks (RFC 3550 §6.4.1, A.1-A.8).
//
//   A.1  the extended highest sequence number: 16-bit sequence numbers wrap every ~20 s of
//        video, so a cycle count is kept; a new source is on probation until MIN_SEQUENTIAL
//        packets arrive in sequence, and a jump of more than MAX_DROPOUT is believed only when
//        the next packet confirms it (the sender restarted).
//   A.3  expected = extended max - base + 1; cumulative lost = expected - received (may be
//        negative with duplicates); fraction lost over the last report interval, × 256.
//   A.8  interarrival jitter: the smoothed (1/16) absolute difference of transit times, in RTP
//        timestamp units.
//   §6.4.1 LSR/DLSR: the middle of the last SR's NTP time and how long we held it, so the
//        sender can compute the round-trip time (ntp_time.hpp, round_trip_time).
#pragma once

#include <cstdint>
#include <optional>

#include "rtc/common/time.hpp"
#include "rtc/rtp/rtcp_reports.hpp"

namespace rtc::rtp {

// RFC 3550 A.1 constants.
inline constexpr std::uint32_t kMaxDropout = 3000;
inline constexpr std::uint32_t kMaxMisorder = 100;
inline constexpr std::uint32_t kMinSequential = 2;

class ReceiverStatistics {
 public:
  ReceiverStatistics(std::uint32_t ssrc, std::uint32_t clock_rate);

  // RFC 3550 A.1 update_seq: false while the source is on probation and for a packet after a
  // suspicious jump (not counted); true when the packet counts as received.
  bool on_packet(Timestamp arrival, std::uint16_t sequence, std::uint32_t rtp_timestamp);
  // Remember the SR for LSR/DLSR (§6.4.1).
  void on_sender_report(Timestamp arrival, std::uint64_t ntp_timestamp);

  // The report block for this source now; advances the "since last report" counters used by
  // fraction lost (A.3), so call it once per report sent.
  ReportBlock report_block(Timestamp now);

  bool valid() const { return probation_ == 0; }
  std::uint32_t extended_highest_sequence() const { return cycles_ + max_seq_; }
  std::uint64_t expected() const;
  std::uint64_t received() const { return received_; }
  std::int64_t cumulative_lost() const;
  // Interarrival jitter in RTP timestamp units (A.8).
  std::uint32_t jitter() const { return jitter_q4_ >> 4; }

 private:
  void init_seq(std::uint16_t seq);

  std::uint32_t ssrc_;
  std::uint32_t clock_rate_;
  std::uint16_t max_seq_ = 0;
  std::uint32_t cycles_ = 0;  // count of wraps, shifted by 16
  std::uint32_t base_seq_ = 0;
  std::uint32_t bad_seq_ = 0;
  std::uint32_t probation_ = kMinSequential;
  std::uint64_t received_ = 0;
  std::uint64_t expected_prior_ = 0;
  std::uint64_t received_prior_ = 0;
  bool started_ = false;

  bool have_transit_ = false;
  Timestamp first_arrival_{};
  std::int64_t transit_ = 0;
  std::uint32_t jitter_q4_ = 0;  // jitter × 16 (A.8 integer form)

  std::optional<Timestamp> last_sr_arrival_;
  std::uint32_t last_sr_ = 0;
};

}  // namespace rtc::rtp
