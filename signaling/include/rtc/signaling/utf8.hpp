// An incremental UTF-8 validator (RFC 3629 §4), for WebSocket text messages.
//
// RFC 6455 §5.6: a text message is UTF-8; §8.1: an endpoint that receives invalid UTF-8 must
// _Fail the WebSocket Connection_ with close code 1007. A text message may arrive in many
// fragments (§5.4) and a code point may be split between two of them, so the validator keeps
// the state of a partial sequence between calls and fails as early as the first wrong byte
// (a peer learns of the error without sending the whole message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rtc/common/bytes.hpp"

namespace rtc::signaling {

class Utf8Validator {
 public:
  // Feeds the next bytes. Returns false as soon as they cannot be part of valid UTF-8; the
  // validator then stays failed until reset().
  bool feed(BytesView bytes);
  bool feed(std::string_view text) { return feed(as_bytes(text)); }

  // True when everything so far was valid and no multi-byte sequence is left unfinished:
  // check this at the end of a message (the FIN frame).
  bool complete() const { return !failed_ && needed_ == 0; }
  bool failed() const { return failed_; }
  void reset() { *this = Utf8Validator{}; }

 private:
  std::uint8_t needed_ = 0;    // continuation bytes still expected in this sequence
  std::uint8_t lower_ = 0x80;  // bounds of the *next* continuation byte; the first one is
  std::uint8_t upper_ = 0xBF;  // narrowed to reject overlongs, surrogates and > U+10FFFF
  bool failed_ = false;
};

// Whole-string check: valid and complete.
bool is_valid_utf8(std::string_view text);

}  // namespace rtc::signaling
