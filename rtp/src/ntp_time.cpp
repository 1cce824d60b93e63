#include "rtc/rtp/ntp_time.hpp"

namespace rtc::rtp {

namespace {
constexpr std::int64_t kNanos = 1'000'000'000;
}

std::uint64_t ntp_from_duration(Duration d) {
  const std::int64_t ns = d.count();
  const std::uint64_t seconds = static_cast<std::uint64_t>(ns / kNanos);
  const std::uint64_t frac_ns = static_cast<std::uint64_t>(ns % kNanos);
  return (seconds << 32) + (frac_ns << 32) / kNanos;
}

Duration duration_from_ntp(std::uint64_t ntp) {
  const std::uint64_t seconds = ntp >> 32;
  const std::uint64_t frac = ntp & 0xffffffffu;
  return Duration(static_cast<std::int64_t>(seconds) * kNanos +
                  static_cast<std::int64_t>((frac * kNanos) >> 32));
}

Duration duration_from_compact(std::uint32_t compact) {
  return Duration(static_cast<std::int64_t>((std::uint64_t{compact} * kNanos) >> 16));
}

std::uint32_t compact_from_duration(Duration d) {
  if (d.count() <= 0) return 0;
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(d.count()) << 16) / kNanos);
}

std::uint64_t ntp_from_unix_nanos(std::int64_t unix_nanos) {
  return ntp_from_duration(Duration(unix_nanos) +
                           std::chrono::seconds(static_cast<std::int64_t>(kNtpUnixEpochOffset)));
}

std::uint64_t NtpClock::ntp(Timestamp now) const {
  const Duration since = now - reference_;
  if (since.count() >= 0) return ntp_at_reference_ + ntp_from_duration(since);
  return ntp_at_reference_ - ntp_from_duration(-since);
}

std::optional<Duration> round_trip_time(const ReportBlock& block,
                                        std::uint32_t arrival_compact_ntp) {
  if (block.last_sr == 0) return std::nullopt;
  const std::int32_t rtt =
      static_cast<std::int32_t>(arrival_compact_ntp - block.last_sr - block.delay_since_last_sr);
  if (rtt < 0) return Duration::zero();
  return duration_from_compact(static_cast<std::uint32_t>(rtt));
}

void RtpToNtpMapping::update(std::uint64_t ntp, std::uint32_t rtp_timestamp) {
  ntp_ = ntp;
  rtp_ = rtp_timestamp;
  valid_ = true;
}

std::optional<std::uint64_t> RtpToNtpMapping::ntp_of(std::uint32_t rtp_timestamp) const {
  if (!valid_ || clock_rate_ == 0) return std::nullopt;
  const std::int64_t ticks = static_cast<std::int32_t>(rtp_timestamp - rtp_);
  // ticks / clock_rate seconds, in NTP units (2^32 per second).
  const std::int64_t offset = ticks * (std::int64_t{1} << 32) / std::int64_t{clock_rate_};
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(ntp_) + offset);
}

}  // namespace rtc::rtp
