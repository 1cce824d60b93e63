// Retransmission timeout calculation (RFC 9260 §6.3.1), from round-trip measurements.
#pragma once

#include <algorithm>

#include "rtc/common/time.hpp"

namespace rtc::sctp {

struct RtoConfig {
  Duration initial = std::chrono::seconds(1);      // RTO.Initial
  Duration min = std::chrono::milliseconds(1000);  // RTO.Min (WebRTC stacks often lower it)
  Duration max = std::chrono::seconds(60);         // RTO.Max
};

class RtoEstimator {
 public:
  explicit RtoEstimator(const RtoConfig& config) : config_(config), rto_(config.initial) {}

  // §6.3.1 C2/C3 with RTO.Alpha = 1/8 and RTO.Beta = 1/4.
  void add_measurement(Duration r) {
    if (!has_measurement_) {
      srtt_ = r;  // C2
      rttvar_ = r / 2;
      has_measurement_ = true;
    } else {
      const Duration delta = srtt_ > r ? srtt_ - r : r - srtt_;
      rttvar_ = (rttvar_ * 3 + delta) / 4;  // C3
      srtt_ = (srtt_ * 7 + r) / 8;
    }
    // G (clock granularity) is taken as 1 ms here: virtual clocks have none.
    rto_ = clamp(srtt_ + std::max<Duration>(4 * rttvar_, std::chrono::milliseconds(1)));  // C4-C7
  }
  // §6.3.3 E2: back off, doubling up to RTO.Max.
  void back_off() { rto_ = clamp(rto_ * 2); }

  Duration rto() const { return rto_; }
  Duration srtt() const { return srtt_; }
  bool has_measurement() const { return has_measurement_; }

 private:
  Duration clamp(Duration d) const { return std::clamp(d, config_.min, config_.max); }
  RtoConfig config_;
  Duration rto_;
  Duration srtt_{};
  Duration rttvar_{};
  bool has_measurement_ = false;
};

}  // namespace rtc::sctp
