// rtc::Error formatting and the trace sinks the timeline is built from.
#include <gtest/gtest.h>

#include "rtc/common/error.hpp"
#include "rtc/common/trace.hpp"

namespace rtc {
namespace {

TEST(Error, SaysWhatAndWhere) {
  Result<int> at_line = fail_at_line(Errc::malformed, "expected '='", 3, 2);
  EXPECT_EQ(at_line.error().to_string(), "malformed at line 3, column 2: expected '='");
  Result<int> at_byte = fail_at(Errc::truncated, "header needs 20 bytes", 4);
  EXPECT_EQ(at_byte.error().to_string(), "truncated at byte 4: header needs 20 bytes");
  Result<int> plain = fail(Errc::integrity, "bad MAC");
  EXPECT_EQ(plain.error().to_string(), "integrity check failed: bad MAC");
}

TEST(Trace, CollectsAndFormats) {
  CollectingTraceSink sink;
  ManualClock clock;
  const Timestamp origin = clock.now();
  clock.advance(milliseconds(12));
  trace(&sink, clock.now(), "ice", Direction::outbound, "Binding request", "RFC 8445 §7.2.4");
  trace(nullptr, clock.now(), "ice", Direction::outbound, "dropped", "");
  ASSERT_EQ(sink.events.size(), 1u);
  EXPECT_EQ(format_trace(sink.events[0], origin),
            "   12.000 ms  ice       -> Binding request  [RFC 8445 §7.2.4]");
}

}  // namespace
}  // namespace rtc
