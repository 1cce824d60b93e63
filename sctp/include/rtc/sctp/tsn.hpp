// Serial number arithmetic (RFC 1982) for 32-bit TSNs and 16-bit SSNs, and "unwrapping" them
// into 64-bit counters.
//
// RFC 9260 §1.6: TSNs and SSNs wrap around; comparisons use serial arithmetic with
// SERIAL_BITS = 32 (TSN) or 16 (SSN). Inside the association we unwrap every TSN to a 64-bit
// number relative to a reference that only moves forward, so maps and deques can use plain `<`
// and never see a wrap-around.
#pragma once

#include <cstdint>

namespace rtc::sctp {

// s1 < s2 in serial arithmetic (RFC 1982 §3.2).
constexpr bool tsn_lt(std::uint32_t a, std::uint32_t b) {
  return a != b && static_cast<std::uint32_t>(b - a) < 0x80000000u;
}
constexpr bool tsn_le(std::uint32_t a, std::uint32_t b) {
  return a == b || tsn_lt(a, b);
}
constexpr bool ssn_lt(std::uint16_t a, std::uint16_t b) {
  return a != b && static_cast<std::uint16_t>(b - a) < 0x8000u;
}
constexpr bool ssn_le(std::uint16_t a, std::uint16_t b) {
  return a == b || ssn_lt(a, b);
}

// Maps wire TSNs to 64-bit values near a reference point. The reference is the last value
// that was unwrapped (for receive) or the cumulative ack point (for send); any TSN within
// 2^31 of it maps to the unique 64-bit value closest to it.
class TsnUnwrapper {
 public:
  // `initial` is the first TSN we expect; it unwraps to 2^32 + initial so that TSNs slightly
  // below it still map to positive values.
  explicit TsnUnwrapper(std::uint32_t initial = 0) : last_((1ull << 32) + initial) {}

  std::uint64_t unwrap(std::uint32_t tsn) const {
    const auto last32 = static_cast<std::uint32_t>(last_);
    const auto delta = static_cast<std::int32_t>(tsn - last32);
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(last_) + delta);
  }
  // Unwraps and moves the reference forward (never backwards).
  std::uint64_t unwrap_and_update(std::uint32_t tsn) {
    const std::uint64_t v = unwrap(tsn);
    if (v > last_) last_ = v;
    return v;
  }
  static constexpr std::uint32_t wrap(std::uint64_t v) { return static_cast<std::uint32_t>(v); }

 private:
  std::uint64_t last_;
};

}  // namespace rtc::sctp
