#include "rtc/rtp/rtcp_interval.hpp"

#include <algorithm>

namespace rtc::rtp {

Duration rtcp_interval(std::size_t members, std::size_t senders, double rtcp_bw, bool we_sent,
                       double avg_rtcp_size, bool initial, Duration min_interval, double random01) {
  // RFC 3550 A.7, line by line.
  constexpr double kSenderFraction = 0.25;
  constexpr double kCompensation = 2.71828 - 1.5;
  double min_time = std::chrono::duration<double>(min_interval).count();
  if (initial) min_time /= 2;
  double n = static_cast<double>(members);
  if (static_cast<double>(senders) <= static_cast<double>(members) * kSenderFraction) {
    if (we_sent) {
      rtcp_bw *= kSenderFraction;
      n = static_cast<double>(senders);
    } else {
      rtcp_bw *= 1 - kSenderFraction;
      n -= static_cast<double>(senders);
    }
  }
  double t = rtcp_bw > 0 ? avg_rtcp_size * n / rtcp_bw : min_time;
  t = std::max(t, min_time);
  t = t * (random01 + 0.5);
  t = t / kCompensation;
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(t));
}

RtcpTransmissionTimer::RtcpTransmissionTimer(RtcpIntervalConfig config, Timestamp now,
                                             Random& random)
    : config_(config),
      random_(random),
      avg_rtcp_size_(config.initial_avg_rtcp_size),
      last_sent_(now) {
  next_ = now + interval();
}

Duration RtcpTransmissionTimer::min_interval() const {
  if (config_.reduced_minimum && config_.session_bandwidth_bps > 0) {
    // §6.2: "360 divided by the session bandwidth in kilobits/second".
    const double seconds = 360.0 / (config_.session_bandwidth_bps / 1000.0);
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
  }
  return std::chrono::seconds(5);
}

Duration RtcpTransmissionTimer::interval() {
  const double rtcp_bw = config_.session_bandwidth_bps * config_.rtcp_fraction / 8.0;
  return rtcp_interval(members_, senders_, rtcp_bw, we_sent_, avg_rtcp_size_, initial_,
                       min_interval(), random_.uniform_real(0.0, 1.0));
}

void RtcpTransmissionTimer::set_members(std::size_t members, std::size_t senders, bool we_sent) {
  members_ = std::max<std::size_t>(members, 1);
  senders_ = senders;
  we_sent_ = we_sent;
}

void RtcpTransmissionTimer::on_rtcp_received(std::size_t octets) {
  avg_rtcp_size_ = static_cast<double>(octets) / 16.0 + avg_rtcp_size_ * 15.0 / 16.0;
}

bool RtcpTransmissionTimer::handle_timeout(Timestamp now) {
  if (now < next_) return false;
  // A.7 OnExpire: recompute with today's membership; send only if still due.
  const Timestamp tn = last_sent_ + interval();
  if (tn <= now) return true;
  next_ = tn;
  return false;
}

void RtcpTransmissionTimer::on_rtcp_sent(Timestamp now, std::size_t octets) {
  avg_rtcp_size_ = static_cast<double>(octets) / 16.0 + avg_rtcp_size_ * 15.0 / 16.0;
  last_sent_ = now;
  initial_ = false;
  next_ = now + interval();
}

}  // namespace rtc::rtp
