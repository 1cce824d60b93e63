#include "rtc/rtp/rtcp_transport_feedback.hpp"

#include <algorithm>
#include <string>

#include "rtc/rtp/rtcp_common.hpp"
#include "rtc/rtp/rtcp_feedback.hpp"

namespace rtc::rtp {

namespace {

enum Symbol : std::uint8_t { kNotReceived = 0, kSmallDelta = 1, kLargeDelta = 2, kReserved = 3 };

Symbol symbol_of(const TwccPacketStatus& p) {
  if (!p.received) return kNotReceived;
  return p.delta_ticks >= 0 && p.delta_ticks <= 255 ? kSmallDelta : kLargeDelta;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

TransportFeedback TransportFeedback::from_arrivals(
    std::uint32_t sender_ssrc, std::uint32_t media_ssrc, std::uint16_t base_sequence,
    std::uint8_t feedback_count, const std::vector<std::optional<Duration>>& arrivals) {
  TransportFeedback fb;
  fb.sender_ssrc = sender_ssrc;
  fb.media_ssrc = media_ssrc;
  fb.base_sequence = base_sequence;
  fb.feedback_count = feedback_count;
  std::optional<std::int64_t> previous_us;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    TwccPacketStatus p;
    p.sequence = static_cast<std::uint16_t>(base_sequence + i);
    if (arrivals[i]) {
      const std::int64_t us = std::chrono::duration_cast<microseconds>(*arrivals[i]).count();
      if (!previous_us) {
        const std::int64_t ref = floor_div(us, kTwccReferenceTickUs);
        fb.reference_time = static_cast<std::int32_t>(ref & 0xffffff);
        if (fb.reference_time & 0x800000) fb.reference_time -= 0x1000000;
        previous_us = ref * kTwccReferenceTickUs;
      }
      // Round the running time, not each delta, so errors do not accumulate.
      const std::int64_t ticks =
          floor_div(us - *previous_us + kTwccDeltaTickUs / 2, kTwccDeltaTickUs);
      p.received = true;
      p.delta_ticks = static_cast<std::int32_t>(std::clamp<std::int64_t>(ticks, -32768, 32767));
      *previous_us += std::int64_t{p.delta_ticks} * kTwccDeltaTickUs;
    }
    fb.packets.push_back(p);
  }
  return fb;
}

std::vector<std::optional<Duration>> TransportFeedback::arrival_times() const {
  std::vector<std::optional<Duration>> out;
  out.reserve(packets.size());
  std::int64_t us = std::int64_t{reference_time} * kTwccReferenceTickUs;
  for (const auto& p : packets) {
    if (!p.received) {
      out.push_back(std::nullopt);
      continue;
    }
    us += std::int64_t{p.delta_ticks} * kTwccDeltaTickUs;
    out.push_back(microseconds(us));
  }
  return out;
}

Result<TransportFeedback> TransportFeedback::parse(BytesView packet) {
  auto body = rtcp_body(packet);
  if (!body) return std::unexpected(std::move(body.error()));
  if (body->packet_type != 205 || body->count != kFmtTransportFeedback) {
    return fail_at(Errc::invalid_argument, "not a transport-wide CC feedback packet", 0);
  }
  ByteReader r(body->body);
  if (r.remaining() < 16) {
    return fail_at(Errc::truncated,
                   "transport-wide CC feedback shorter than 20 octets (draft §3.1)", 4);
  }
  TransportFeedback fb;
  fb.sender_ssrc = *r.u32();
  fb.media_ssrc = *r.u32();
  fb.base_sequence = *r.u16();
  const std::size_t count = *r.u16();
  const std::uint32_t ref = *r.u24();
  fb.reference_time = static_cast<std::int32_t>(ref << 8) >> 8;
  fb.feedback_count = *r.u8();

  // Packet chunks until `count` symbols are known (§3.1.2-§3.1.4).
  std::vector<std::uint8_t> symbols;
  symbols.reserve(count);
  while (symbols.size() < count) {
    auto chunk = r.u16();
    if (!chunk) {
      return fail_at(Errc::truncated,
                     "packet chunks end after " + std::to_string(symbols.size()) + " of " +
                         std::to_string(count) + " statuses (draft §3.1.2)",
                     4 + r.offset());
    }
    const std::size_t left = count - symbols.size();
    if ((*chunk & 0x8000) == 0) {  // run length chunk
      const std::uint8_t s = static_cast<std::uint8_t>((*chunk >> 13) & 3);
      const std::size_t run = std::min<std::size_t>(*chunk & 0x1fff, left);
      if (run == 0) {
        return fail_at(Errc::malformed, "run length chunk of length 0 (draft §3.1.3)",
                       2 + r.offset());
      }
      symbols.insert(symbols.end(), run, s);
    } else if ((*chunk & 0x4000) == 0) {  // 14 one-bit symbols
      for (int i = 13; i >= 0 && symbols.size() < count; --i) {
        symbols.push_back(static_cast<std::uint8_t>((*chunk >> i) & 1));
      }
    } else {  // 7 two-bit symbols
      for (int i = 6; i >= 0 && symbols.size() < count; --i) {
        symbols.push_back(static_cast<std::uint8_t>((*chunk >> (2 * i)) & 3));
      }
    }
  }
  fb.packets.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    TwccPacketStatus p;
    p.sequence = static_cast<std::uint16_t>(fb.base_sequence + i);
    switch (symbols[i]) {
      case kNotReceived:
        break;
      case kSmallDelta: {
        auto d = r.u8();
        if (!d)
          return fail_at(Errc::truncated, "receive deltas run past the packet (draft §3.1.5)",
                         4 + r.offset());
        p.received = true;
        p.delta_ticks = *d;
        break;
      }
      case kLargeDelta: {
        auto d = r.u16();
        if (!d)
          return fail_at(Errc::truncated, "receive deltas run past the packet (draft §3.1.5)",
                         4 + r.offset());
        p.received = true;
        p.delta_ticks = static_cast<std::int16_t>(*d);
        break;
      }
      default:
        return fail_at(Errc::malformed, "reserved packet status symbol 11 (draft §3.1.1)", 4);
    }
    fb.packets.push_back(p);
  }
  return fb;  // what remains is zero padding to 32 bits
}

void TransportFeedback::write(ByteWriter& w) const {
  const std::size_t start = begin_rtcp_packet(w, kFmtTransportFeedback, RtcpType::rtpfb);
  w.u32(sender_ssrc);
  w.u32(media_ssrc);
  w.u16(base_sequence);
  const std::size_t n = std::min<std::size_t>(packets.size(), 0xffff);
  w.u16(static_cast<std::uint16_t>(n));
  w.u24(static_cast<std::uint32_t>(reference_time) & 0xffffff);
  w.u8(feedback_count);

  std::vector<std::uint8_t> symbols(n);
  for (std::size_t i = 0; i < n; ++i) symbols[i] = symbol_of(packets[i]);
  // Chunks, greedily: a run of 7 or more equal symbols is a run length chunk; otherwise a
  // 14-symbol one-bit vector if those symbols are all 0/1, else a 7-symbol two-bit vector.
  std::size_t i = 0;
  while (i < n) {
    std::size_t run = 1;
    while (i + run < n && symbols[i + run] == symbols[i] && run < 0x1fff) ++run;
    if (run >= 7 || i + run == n) {
      w.u16(static_cast<std::uint16_t>((symbols[i] << 13) | run));
      i += run;
      continue;
    }
    bool one_bit = true;
    for (std::size_t k = i; k < std::min(n, i + 14); ++k) one_bit &= symbols[k] <= 1;
    std::uint16_t chunk = 0x8000;
    if (one_bit) {
      for (std::size_t k = 0; k < 14; ++k) {
        if (i + k < n && symbols[i + k])
          chunk = static_cast<std::uint16_t>(chunk | (1u << (13 - k)));
      }
      i += 14;
    } else {
      chunk |= 0x4000;
      for (std::size_t k = 0; k < 7; ++k) {
        if (i + k < n)
          chunk = static_cast<std::uint16_t>(chunk | (symbols[i + k] << (2 * (6 - k))));
      }
      i += 7;
    }
    w.u16(chunk);
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (symbols[k] == kSmallDelta) {
      w.u8(static_cast<std::uint8_t>(packets[k].delta_ticks));
    } else if (symbols[k] == kLargeDelta) {
      w.u16(static_cast<std::uint16_t>(static_cast<std::int16_t>(
          std::clamp<std::int32_t>(packets[k].delta_ticks, -32768, 32767))));
    }
  }
  finish_rtcp_packet(w, start);
}

}  // namespace rtc::rtp
