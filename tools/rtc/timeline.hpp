// The annotated timeline `rtc demo` and `rtc peer --trace` print: every protocol step of every
// layer (the TraceEvents of common/trace.hpp), one line each, with the time since the start, who
// did it, and the RFC section that says why. Several peers on several threads share one
// Timeline, so printing takes a lock.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"

namespace rtc::cli {

class Timeline {
 public:
  explicit Timeline(std::ostream& out) : out_(out), origin_(now_steady()) {}

  // A sink that prints each event as `who`'s.
  std::unique_ptr<TraceSink> sink(std::string who) {
    return std::make_unique<FunctionTraceSink>(
        [this, who](const TraceEvent& e) { print_event(who, e); });
  }

  void print_event(std::string_view who, const TraceEvent& e) {
    if (filter_ && !filter_(e)) return;
    char head[40];
    std::snprintf(head, sizeof head, "%9.3f ms  %-6.6s ", to_millis(e.at - origin_),
                  std::string(who).c_str());
    std::string line = head;
    line += pad(e.module, 6);
    line += e.direction == Direction::outbound  ? "-> "
            : e.direction == Direction::inbound ? "<- "
                                                : "   ";
    line += e.summary;
    if (!e.rfc.empty()) line += "  [" + e.rfc + "]";
    write(line);
  }

  // A line of the program's own (not a protocol event).
  void print(std::string_view who, std::string_view text) {
    char head[40];
    std::snprintf(head, sizeof head, "%9.3f ms  %-6.6s ", to_millis(now_steady() - origin_),
                  std::string(who).c_str());
    write(std::string(head) + "** " + std::string(text));
  }

  void write(const std::string& line) {
    std::lock_guard lock(mutex_);
    out_ << line << "\n" << std::flush;
  }

  // Only events for which `filter` is true are printed (e.g. no per-packet lines).
  void set_filter(std::function<bool(const TraceEvent&)> filter) { filter_ = std::move(filter); }
  Timestamp origin() const { return origin_; }

 private:
  static std::string pad(const std::string& s, std::size_t n) {
    return s.size() >= n ? s + " " : s + std::string(n - s.size(), ' ');
  }
  std::ostream& out_;
  Timestamp origin_;
  std::mutex mutex_;
  std::function<bool(const TraceEvent&)> filter_;
};

}  // namespace rtc::cli
