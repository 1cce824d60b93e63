#include "rtc/common/error.hpp"

namespace rtc {

const char* to_string(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
      return "invalid argument";
    case Errc::truncated:
      return "truncated";
    case Errc::malformed:
      return "malformed";
    case Errc::unsupported:
      return "unsupported";
    case Errc::integrity:
      return "integrity check failed";
    case Errc::crypto:
      return "crypto error";
    case Errc::state:
      return "invalid state";
    case Errc::timeout:
      return "timeout";
    case Errc::io:
      return "I/O error";
  }
  return "error";
}

std::string Error::to_string() const {
  std::string out = rtc::to_string(code);
  if (line) {
    out += " at line " + std::to_string(*line);
    if (column) out += ", column " + std::to_string(*column);
  } else if (offset) {
    out += " at byte " + std::to_string(*offset);
  }
  if (!message.empty()) out += ": " + message;
  return out;
}

}  // namespace rtc
