// NTP timestamps as RTCP uses them (RFC 3550 §4): 64-bit fixed point, seconds since
// 1 January 1900 in the high 32 bits, the fraction in the low 32. The "compact" form keeps the
// middle 32 bits (16.16 seconds): LSR and DLSR in report blocks (§6.4.1) use it.
//
// Sans-IO: nothing here reads a clock. NtpClock maps the caller's monotonic Timestamp to NTP
// time from one pair (timestamp, NTP) the caller gives it, once, from the wall clock.
#pragma once

#include <cstdint>
#include <optional>

#include "rtc/common/time.hpp"
#include "rtc/rtp/rtcp_reports.hpp"

namespace rtc::rtp {

inline constexpr std::uint64_t kNtpUnixEpochOffset = 2208988800ull;  // 1900 → 1970, seconds

inline constexpr std::uint32_t compact_ntp(std::uint64_t ntp) {
  return static_cast<std::uint32_t>(ntp >> 16);
}
std::uint64_t ntp_from_duration(Duration since_1900);
Duration duration_from_ntp(std::uint64_t ntp);
// 1/65536 s units to a Duration (DLSR, round-trip times).
Duration duration_from_compact(std::uint32_t compact);
std::uint32_t compact_from_duration(Duration d);
// Nanoseconds since 1970 (what a wall clock says) to NTP.
std::uint64_t ntp_from_unix_nanos(std::int64_t unix_nanos);

class NtpClock {
 public:
  NtpClock(Timestamp reference, std::uint64_t ntp_at_reference)
      : reference_(reference), ntp_at_reference_(ntp_at_reference) {}
  std::uint64_t ntp(Timestamp now) const;

 private:
  Timestamp reference_;
  std::uint64_t ntp_at_reference_;
};

// RFC 3550 §6.4.1: RTT = A - LSR - DLSR, where A is when the report block arrived (compact
// NTP). nullopt when LSR is 0 (no SR received yet). A negative result (clock skew) is 0.
std::optional<Duration> round_trip_time(const ReportBlock& block,
                                        std::uint32_t arrival_compact_ntp);

// The receiver's side of lip sync: an SR pairs an NTP time with an RTP timestamp (§6.4.1), so
// any RTP timestamp of that source maps to sender wall-clock time.
class RtpToNtpMapping {
 public:
  explicit RtpToNtpMapping(std::uint32_t clock_rate) : clock_rate_(clock_rate) {}
  void update(const SenderReport& sr) { update(sr.ntp_timestamp, sr.rtp_timestamp); }
  void update(std::uint64_t ntp, std::uint32_t rtp_timestamp);
  bool valid() const { return valid_; }
  // The NTP time at which `rtp_timestamp` was sampled; timestamps within ±2^31 ticks of the
  // SR's (RTP timestamps wrap, RFC 3550 §5.1).
  std::optional<std::uint64_t> ntp_of(std::uint32_t rtp_timestamp) const;

 private:
  std::uint32_t clock_rate_;
  bool valid_ = false;
  std::uint64_t ntp_ = 0;
  std::uint32_t rtp_ = 0;
};

}  // namespace rtc::rtp
