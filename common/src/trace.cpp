#include "rtc/common/trace.hpp"

#include <cstdio>

namespace rtc {

const char* to_string(Direction d) {
  switch (d) {
    case Direction::inbound:
      return "<-";
    case Direction::outbound:
      return "->";
    case Direction::local:
      return "..";
  }
  return "..";
}

std::string format_trace(const TraceEvent& event, Timestamp origin) {
  char head[48];
  std::snprintf(head, sizeof head, "%9.3f ms  %-9s %s ", to_millis(event.at - origin),
                event.module.c_str(), to_string(event.direction));
  std::string line = head;
  line += event.summary;
  if (!event.rfc.empty()) {
    line += "  [";
    line += event.rfc;
    line += "]";
  }
  return line;
}

}  // namespace rtc
