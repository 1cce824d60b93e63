// When to send the next RTCP report (RFC 3550 §6.3, §6.2, Appendix A.7), as a sans-IO timer.
//
// RTCP is limited to a fraction (5 %) of the session bandwidth, a quarter of which goes to
// senders when they are few; the interval grows with the number of members and with the
// average RTCP packet size, never drops below a minimum (5 s, halved for the first report, or
// "360 / session bandwidth in kbit/s" seconds with the reduced minimum of §6.2), and is
// randomised over [0.5, 1.5] × T then divided by e - 3/2 so that members do not synchronise.
// Timer reconsideration (§6.3.6): when the timer fires, the interval is recomputed with the
// current membership; if the new deadline is still in the future the report waits.
//
//   timer.poll_timeout() → when to call handle_timeout(now); it returns true when a report
//   should go out now; after sending it, call on_rtcp_sent(now, octets).
#pragma once

#include <cstddef>
#include <cstdint>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"

namespace rtc::rtp {

struct RtcpIntervalConfig {
  double session_bandwidth_bps = 1'000'000;  // bits/s of the whole session (b=AS or estimate)
  double rtcp_fraction = 0.05;               // §6.2
  double sender_fraction = 0.25;             // §6.2
  bool reduced_minimum = false;              // §6.2: 360 / kbit/s seconds instead of 5 s
  double initial_avg_rtcp_size = 128;        // octets incl. UDP/IP headers (§6.3.2)
};

// The A.7 rtcp_interval() function. `random01` is uniform in [0, 1).
Duration rtcp_interval(std::size_t members, std::size_t senders, double rtcp_bw_octets_per_s,
                       bool we_sent, double avg_rtcp_size, bool initial, Duration min_interval,
                       double random01);

class RtcpTransmissionTimer {
 public:
  // Schedules the first report (§6.3.2: initial = true, halved minimum). `random` must outlive
  // the timer.
  RtcpTransmissionTimer(RtcpIntervalConfig config, Timestamp now, Random& random);

  // Membership as learned from RTP and RTCP (§6.3.3); members counts us too.
  void set_members(std::size_t members, std::size_t senders, bool we_sent);
  // §6.3.3: every RTCP packet received updates the average size.
  void on_rtcp_received(std::size_t octets);

  Timestamp poll_timeout() const { return next_; }
  // §6.3.6 / A.7 OnExpire: true if a report is due now.
  bool handle_timeout(Timestamp now);
  // A report of `octets` (incl. UDP/IP overhead) went out at `now`: schedule the next.
  void on_rtcp_sent(Timestamp now, std::size_t octets);

  double avg_rtcp_size() const { return avg_rtcp_size_; }

 private:
  Duration interval();
  Duration min_interval() const;

  RtcpIntervalConfig config_;
  Random& random_;
  std::size_t members_ = 2;
  std::size_t senders_ = 1;
  bool we_sent_ = false;
  bool initial_ = true;
  double avg_rtcp_size_;
  Timestamp last_sent_;
  Timestamp next_;
};

}  // namespace rtc::rtp
