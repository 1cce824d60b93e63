// Where each line type may appear (private to sdp/src): the order rules of RFC 8866 §5 and
// §9 as small tables, used by parser.cpp.
#pragma once

#include <cstdint>

namespace rtc::sdp::detail {

// The order of lines in the session part (RFC 8866 §9):
//   v o s [i] [u] *e *p [c] *b 1*(t *r [z]) [k] *a
// A line's rank may not be lower than the previous line's, with the exceptions of the time
// descriptions handled in check_session_order. -1: not a session-level line.
inline int session_rank(char type) {
  switch (type) {
    case 'v':
      return 0;
    case 'o':
      return 1;
    case 's':
      return 2;
    case 'i':
      return 3;
    case 'u':
      return 4;
    case 'e':
      return 5;
    case 'p':
      return 6;
    case 'c':
      return 7;
    case 'b':
      return 8;
    case 't':
      return 9;
    case 'r':
      return 10;
    case 'z':
      return 11;
    case 'k':
      return 12;
    case 'a':
      return 13;
    default:
      return -1;
  }
}

// The order inside a media description: m [i] *c *b [k] *a  (RFC 8866 §9)
inline int media_rank(char type) {
  switch (type) {
    case 'i':
      return 1;
    case 'c':
      return 2;
    case 'b':
      return 3;
    case 'k':
      return 4;
    case 'a':
      return 5;
    default:
      return -1;
  }
}

inline constexpr const char* kUnknownType =
    "=' (RFC 8866 §5: a description with a type letter the parser does not understand is "
    "rejected)";

// Lines that appear at most once in their part. The model has room for one of each, so a
// second one is an error in lenient mode too (keeping either would lose the other).
inline bool once_in_session(char type) {
  return type == 'v' || type == 'o' || type == 's' || type == 'i' || type == 'u' || type == 'c' ||
         type == 'z' || type == 'k';
}
inline bool once_in_media(char type) {
  return type == 'i' || type == 'k';
}

// A set of type letters ('a' to 'z').
class Letters {
 public:
  void add(char c) { bits_ |= bit(c); }
  bool has(char c) const { return (bits_ & bit(c)) != 0; }
  void clear() { bits_ = 0; }

 private:
  static std::uint32_t bit(char c) {
    return c >= 'a' && c <= 'z' ? std::uint32_t{1} << (c - 'a') : 0;
  }
  std::uint32_t bits_ = 0;
};

}  // namespace rtc::sdp::detail
