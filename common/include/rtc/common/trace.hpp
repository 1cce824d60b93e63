// The learner's timeline: every module reports protocol steps as TraceEvents into a sink.
//
// A trace event is one line of the annotated timeline that `rtc demo` prints: which module,
// which direction, a one-line summary and the RFC section that explains it. Modules keep a
// `TraceSink*` that may be null (tracing off costs one branch).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/time.hpp"

namespace rtc {

enum class Direction : std::uint8_t { inbound, outbound, local };
const char* to_string(Direction d);

struct TraceEvent {
  Timestamp at{};
  std::string module;  // "stun", "ice", "dtls", ...
  Direction direction = Direction::local;
  std::string summary;  // "Binding request 192.0.2.1:5000 -> 192.0.2.2:6000"
  std::string rfc;      // "RFC 8445 §7.2.4"
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_trace(const TraceEvent& event) = 0;
};

// Convenience for modules: `trace(sink, now, "ice", Direction::outbound, "...", "RFC 8445 §7.2")`.
inline void trace(TraceSink* sink, Timestamp at, std::string_view module, Direction direction,
                  std::string summary, std::string_view rfc) {
  if (sink != nullptr) {
    sink->on_trace(
        TraceEvent{at, std::string(module), direction, std::move(summary), std::string(rfc)});
  }
}

// Keeps every event (tests, the demo's summary).
class CollectingTraceSink final : public TraceSink {
 public:
  void on_trace(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

// Forwards to a function (the CLI prints each event as it happens).
class FunctionTraceSink final : public TraceSink {
 public:
  explicit FunctionTraceSink(std::function<void(const TraceEvent&)> fn) : fn_(std::move(fn)) {}
  void on_trace(const TraceEvent& event) override { fn_(event); }

 private:
  std::function<void(const TraceEvent&)> fn_;
};

// "  12.345 ms  ice   -> Binding request ...   [RFC 8445 §7.2.4]", relative to `origin`.
std::string format_trace(const TraceEvent& event, Timestamp origin);

}  // namespace rtc
