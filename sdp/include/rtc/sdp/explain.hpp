// Plain-words annotation of every line of an SDP, for learners (`rtc sdp explain`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rtc::sdp {

struct ExplainedLine {
  std::size_t line_number = 0;  // 1-based
  std::string text;             // the line as written, without its line end
  std::string meaning;          // "ICE candidate: host UDP 192.0.2.1:5000, priority 2122260223"
  std::string reference;        // "RFC 8839 §5.1"
  bool recognized = true;       // false for lines the parser does not understand
};

// Works line by line, so it explains even an SDP that does not parse as a whole.
std::vector<ExplainedLine> explain(std::string_view text);

// The explanation as a readable text block (what the CLI prints).
std::string format_explanation(const std::vector<ExplainedLine>& lines);

}  // namespace rtc::sdp
