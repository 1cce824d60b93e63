// Time as the protocol state machines see it: a monotonic Timestamp handed in by the caller.
//
// Sans-IO (ARCHITECTURE.md): no module below net/ reads a clock. Production code passes
// steady_clock::now(); tests pass a virtual clock that they advance themselves.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace rtc {

using Duration = std::chrono::nanoseconds;
using Timestamp = std::chrono::time_point<std::chrono::steady_clock, Duration>;

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

// The real clock, for net/, tools/ and examples only.
inline Timestamp now_steady() {
  return std::chrono::steady_clock::now();
}

// A virtual clock for tests and simulations: starts at an arbitrary fixed instant.
class ManualClock {
 public:
  ManualClock() : now_(Timestamp{} + std::chrono::hours(1)) {}
  Timestamp now() const { return now_; }
  void advance(Duration d) { now_ += d; }
  void set(Timestamp t) { now_ = t; }

 private:
  Timestamp now_;
};

// Milliseconds as a double, for traces and logs ("12.5 ms").
inline double to_millis(Duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace rtc
