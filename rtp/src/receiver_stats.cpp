#include "rtc/rtp/receiver_stats.hpp"

#include "rtc/rtp/ntp_time.hpp"

namespace rtc::rtp {

namespace {
constexpr std::uint32_t kSeqMod = 1u << 16;
}

ReceiverStatistics::ReceiverStatistics(std::uint32_t ssrc, std::uint32_t clock_rate)
    : ssrc_(ssrc), clock_rate_(clock_rate) {}

void ReceiverStatistics::init_seq(std::uint16_t seq) {
  // RFC 3550 A.1 init_seq().
  base_seq_ = seq;
  max_seq_ = seq;
  bad_seq_ = kSeqMod + 1;  // so seq == bad_seq_ is false
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
}

bool ReceiverStatistics::on_packet(Timestamp arrival, std::uint16_t seq, std::uint32_t rtp_ts) {
  if (!started_) {
    // A.1: "the source is declared valid only after MIN_SEQUENTIAL packets have been
    // received in sequence"; max_seq starts one below the first packet.
    started_ = true;
    init_seq(seq);
    max_seq_ = static_cast<std::uint16_t>(seq - 1);
    probation_ = kMinSequential;
    first_arrival_ = arrival;
  }
  const std::uint16_t udelta = static_cast<std::uint16_t>(seq - max_seq_);
  bool counted = false;
  if (probation_ > 0) {
    if (seq == static_cast<std::uint16_t>(max_seq_ + 1)) {
      --probation_;
      max_seq_ = seq;
      if (probation_ == 0) {
        init_seq(seq);
        ++received_;
        counted = true;
      }
    } else {
      probation_ = kMinSequential - 1;
      max_seq_ = seq;
    }
  } else if (udelta < kMaxDropout) {
    // In order, with a permissible gap; a smaller number means the sequence wrapped.
    if (seq < max_seq_) cycles_ += kSeqMod;
    max_seq_ = seq;
    ++received_;
    counted = true;
  } else if (udelta <= kSeqMod - kMaxMisorder) {
    // A very large jump: believe it only if the next packet follows it (sender restart).
    if (seq == bad_seq_) {
      init_seq(seq);
      ++received_;
      counted = true;
    } else {
      bad_seq_ = (seq + 1u) & (kSeqMod - 1);
      return false;
    }
  } else {
    ++received_;  // duplicate or reordered packet
    counted = true;
  }
  if (!counted) return false;

  // A.8: transit time in RTP units; D = difference of consecutive transits; J += (|D|-J)/16.
  const double seconds = std::chrono::duration<double>(arrival - first_arrival_).count();
  const std::int64_t arrival_ticks = static_cast<std::int64_t>(seconds * clock_rate_);
  const std::int64_t transit = arrival_ticks - static_cast<std::int64_t>(rtp_ts);
  if (have_transit_) {
    // Transit differences are taken modulo 2^32, like the RTP timestamps they come from.
    std::int64_t d = static_cast<std::int32_t>(static_cast<std::uint32_t>(transit - transit_));
    if (d < 0) d = -d;
    if (d > 0x7fffffff) d = 0x7fffffff;
    jitter_q4_ += static_cast<std::uint32_t>(d) - ((jitter_q4_ + 8) >> 4);
  }
  transit_ = transit;
  have_transit_ = true;
  return true;
}

void ReceiverStatistics::on_sender_report(Timestamp arrival, std::uint64_t ntp_timestamp) {
  last_sr_arrival_ = arrival;
  last_sr_ = compact_ntp(ntp_timestamp);
}

std::uint64_t ReceiverStatistics::expected() const {
  if (!valid()) return 0;
  return std::uint64_t{extended_highest_sequence()} - base_seq_ + 1;
}

std::int64_t ReceiverStatistics::cumulative_lost() const {
  return static_cast<std::int64_t>(expected()) - static_cast<std::int64_t>(received_);
}

ReportBlock ReceiverStatistics::report_block(Timestamp now) {
  ReportBlock b;
  b.ssrc = ssrc_;
  b.extended_highest_seq = extended_highest_sequence();
  // A.3: cumulative loss clamped to 24 signed bits; fraction over the interval.
  std::int64_t lost = cumulative_lost();
  if (lost > 0x7fffff) lost = 0x7fffff;
  if (lost < -0x800000) lost = -0x800000;
  b.cumulative_lost = static_cast<std::int32_t>(lost);
  const std::uint64_t expected_now = expected();
  const std::int64_t expected_interval =
      static_cast<std::int64_t>(expected_now) - static_cast<std::int64_t>(expected_prior_);
  const std::int64_t received_interval =
      static_cast<std::int64_t>(received_) - static_cast<std::int64_t>(received_prior_);
  expected_prior_ = expected_now;
  received_prior_ = received_;
  const std::int64_t lost_interval = expected_interval - received_interval;
  b.fraction_lost = (expected_interval <= 0 || lost_interval <= 0)
                        ? 0
                        : static_cast<std::uint8_t>((lost_interval << 8) / expected_interval);
  b.jitter = jitter();
  if (last_sr_arrival_) {
    b.last_sr = last_sr_;
    b.delay_since_last_sr = compact_from_duration(now - *last_sr_arrival_);
  }
  return b;
}

}  // namespace rtc::rtp
