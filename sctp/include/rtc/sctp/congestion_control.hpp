// Congestion control (RFC 9260 §7.2): slow start, congestion avoidance, fast recovery and the
// reaction to a retransmission timeout. One path, so one set of variables.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace rtc::sctp {

class CongestionControl {
 public:
  CongestionControl(std::size_t mtu, std::size_t initial_ssthresh)
      // §7.2.1: initial cwnd = min(4*MTU, max(2*MTU, 4380 bytes)); ssthresh = peer's a_rwnd.
      : mtu_(mtu),
        cwnd_(std::min(4 * mtu, std::max<std::size_t>(2 * mtu, 4380))),
        ssthresh_(initial_ssthresh) {}

  std::size_t cwnd() const { return cwnd_; }
  std::size_t ssthresh() const { return ssthresh_; }
  bool in_fast_recovery() const { return in_fast_recovery_; }
  std::uint64_t fast_recovery_exit() const { return fast_recovery_exit_; }

  // A SACK acknowledged `bytes_acked` new bytes. `cum_advanced`: the cumulative TSN moved;
  // `flight_before`: the flight size before this SACK (to know if cwnd was fully used).
  void on_ack(std::size_t bytes_acked, bool cum_advanced, std::size_t flight_before,
              std::uint64_t cum_tsn) {
    if (in_fast_recovery_ && cum_tsn >= fast_recovery_exit_) in_fast_recovery_ = false;
    if (!cum_advanced || bytes_acked == 0 || in_fast_recovery_) return;  // §7.2.4 (b)
    const bool cwnd_full = flight_before + mtu_ > cwnd_;
    if (cwnd_ <= ssthresh_) {
      // §7.2.1 slow start: grow by at most L*MTU per SACK (L = 1), only when cwnd was used.
      if (cwnd_full) cwnd_ += std::min(bytes_acked, mtu_);
      return;
    }
    // §7.2.2 congestion avoidance: one MTU per cwnd's worth of acknowledged bytes.
    partial_bytes_acked_ += bytes_acked;
    if (partial_bytes_acked_ >= cwnd_ && cwnd_full) {
      partial_bytes_acked_ -= cwnd_;
      cwnd_ += mtu_;
    }
  }

  // §7.2.4: a fast retransmit; enters fast recovery unless already in it. Returns whether
  // this started a new recovery (the cwnd was cut).
  bool on_fast_retransmit(std::uint64_t highest_outstanding) {
    if (in_fast_recovery_) return false;
    ssthresh_ = std::max(cwnd_ / 2, 4 * mtu_);
    cwnd_ = ssthresh_;
    partial_bytes_acked_ = 0;
    in_fast_recovery_ = true;
    fast_recovery_exit_ = highest_outstanding;
    return true;
  }

  // §7.2.3: a T3-rtx timeout collapses the window to one MTU.
  void on_retransmission_timeout() {
    ssthresh_ = std::max(cwnd_ / 2, 4 * mtu_);
    cwnd_ = mtu_;
    partial_bytes_acked_ = 0;
    in_fast_recovery_ = false;
  }

  // §7.2.1: when the window is not used for a while (RTO), it decays; not modelled here:
  // a data channel that goes idle restarts from the window it had.

 private:
  std::size_t mtu_;
  std::size_t cwnd_;
  std::size_t ssthresh_;
  std::size_t partial_bytes_acked_ = 0;
  bool in_fast_recovery_ = false;
  std::uint64_t fast_recovery_exit_ = 0;
};

}  // namespace rtc::sctp
