// Small text tools shared by the SDP parser and serializer (private to sdp/src).
//
// SDP is ASCII text made of short fields separated by single spaces (RFC 8866 §9 writes SP, one
// space, everywhere). Parsing it fast means never copying a byte before we know where it goes:
// we look at the text through std::string_view, find delimiters, and build a std::string only
// for the field that ends up in the model. Numbers are read with a short digit loop (from_chars
// for long ones) and written with std::to_chars: no allocation, no locale, no streams.
#pragma once

#include <array>
#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

// The cursor's one-line helpers run for every field of every line; GCC at -O2 sometimes
// declines to inline them, and the call then costs more than the work.
#define RTC_SDP_INLINE [[gnu::always_inline]] inline

namespace rtc::sdp::detail {

// What is wrong with a line and where: `offset` counts bytes from the start of the value being
// parsed, `reason` is a string literal (so that reporting costs nothing until an Error is made).
struct Problem {
  std::size_t offset = 0;
  const char* reason = "";
};

// ---------------------------------------------------------------------------------------------
// Character classes of RFC 8866 §9 (and of the ICE grammar, RFC 8839 §5.1).

namespace table {
constexpr std::array<bool, 256> make_token_chars() {
  // token-char = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
  //              "^" / "_" / "`" / "{" / "|" / "}" / "~"
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`{|}~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> make_ice_chars() {
  // ice-char = ALPHA / DIGIT / "+" / "/"  (RFC 8839 §5.1)
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  t['+'] = t['/'] = true;
  return t;
}
inline constexpr std::array<bool, 256> kTokenChars = make_token_chars();
inline constexpr std::array<bool, 256> kIceChars = make_ice_chars();
}  // namespace table

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// token = 1*token-char (RFC 8866 §9): attribute names, media types, nettype, addrtype, fmt...
inline bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!table::kTokenChars[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

// 1*ice-char with a length range (ufrag 4-256, pwd 22-256, foundation 1-32; RFC 8839 §5.1, §5.4)
inline bool is_ice_chars(std::string_view s, std::size_t min, std::size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!table::kIceChars[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

// non-ws-string = 1*(VCHAR/%x80-FF)  (RFC 8866 §9): visible characters, no space or control.
inline bool is_non_ws_string(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

// byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF)  (RFC 8866 §9): anything but NUL, CR and LF.
inline bool is_byte_string(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c == '\0' || c == '\r' || c == '\n') return false;
  }
  return true;
}

// ASCII case-insensitive comparison (mDNS names, fmtp parameter names).
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// `text == "literal"` with the literal's length known at compile time (see Cursor::consume).
template <std::size_t N>
RTC_SDP_INLINE bool equals(std::string_view text, const char (&literal)[N]) {
  return text.size() == N - 1 && std::memcmp(text.data(), literal, N - 1) == 0;
}

// Copies a parsed field into a string of the model. Parsers set every field they own, so that
// parse_into() can reuse an attribute of the same type (and its strings' buffers). Appending to
// an empty string is the cheaper of the two library paths; the model's strings start empty.
RTC_SDP_INLINE void set_text(std::string& target, std::string_view value) {
  if (target.empty()) {
    target.append(value.data(), value.size());
  } else {
    target.assign(value.data(), value.size());
  }
}
RTC_SDP_INLINE void set_text(std::optional<std::string>& target, std::string_view value) {
  if (target) {
    set_text(*target, value);
  } else {
    target.emplace(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Decimal numbers.
//
// The model stores numbers as integers, and the serializer writes them back with to_chars, so a
// number only round-trips if it was written the way to_chars writes it: digits only, no sign,
// no leading zero. "0111" is valid SDP (1*DIGIT) but comes back as "111"; callers decide what
// to do with such a value (attributes keep the whole line verbatim instead).

enum class Number : std::uint8_t {
  ok,            // canonical digits that fit in T
  leading_zero,  // digits that fit, but "007" would be written back as "7"
  invalid,       // empty, or something other than digits
  too_big,       // digits that do not fit in T
};

template <class T>
RTC_SDP_INLINE Number parse_number(std::string_view text, T& out) {
  static_assert(std::is_unsigned_v<T>);
  if (text.empty()) return Number::invalid;
  std::uint64_t value = 0;
  if (text.size() <= std::numeric_limits<std::uint64_t>::digits10) {
    // The common case, a handful of digits: 19 digits cannot overflow 64 bits, so there is no
    // need for from_chars' overflow check at every digit. An SDP has hundreds of numbers.
    for (const char c : text) {
      const unsigned digit = static_cast<unsigned char>(c) - unsigned{'0'};
      if (digit > 9) return Number::invalid;
      value = value * 10 + digit;
    }
  } else {
    if (!is_digit(text.front())) return Number::invalid;  // from_chars would accept nothing else
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc::result_out_of_range) {
      for (const char* p = ptr; p != end; ++p) {
        if (!is_digit(*p)) return Number::invalid;
      }
      return Number::too_big;
    }
    if (ec != std::errc{} || ptr != end) return Number::invalid;
  }
  if (value > std::numeric_limits<T>::max()) return Number::too_big;
  out = static_cast<T>(value);
  if (text.size() > 1 && text.front() == '0') return Number::leading_zero;
  return Number::ok;
}

// ---------------------------------------------------------------------------------------------
// Finding a delimiter eight bytes at a time.
//
// Most of the parser's time goes into finding the next ' ', '/' or ':' inside a line. Fields
// are a few bytes long, too short for a call to memchr to pay off, and a byte-by-byte loop
// costs four or five instructions per byte. "SWAR" (SIMD within a register) tests eight bytes
// with a handful of 64-bit integer operations: for x = word XOR (delimiter in every byte),
// (x - 0x01..01) & ~x & 0x80..80 has the high bit set in the lowest byte of x that is zero,
// i.e. at the first delimiter (higher bytes may be flagged wrongly by the borrow, which is why
// only the lowest set bit is used, and why this needs a little-endian load).

RTC_SDP_INLINE std::size_t find_either(std::string_view text, std::size_t pos, char a, char b) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kOnes = 0x0101010101010101;
    constexpr std::uint64_t kHighs = 0x8080808080808080;
    const std::uint64_t pattern_a = kOnes * static_cast<unsigned char>(a);
    const std::uint64_t pattern_b = kOnes * static_cast<unsigned char>(b);
    while (pos + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + pos, sizeof word);  // in bounds: pos + 8 <= size
      const std::uint64_t xa = word ^ pattern_a;
      const std::uint64_t xb = word ^ pattern_b;
      const std::uint64_t found = (((xa - kOnes) & ~xa) | ((xb - kOnes) & ~xb)) & kHighs;
      if (found != 0) return pos + static_cast<std::size_t>(std::countr_zero(found) / 8);
      pos += 8;
    }
  }
  while (pos < text.size() && text[pos] != a && text[pos] != b) ++pos;
  return pos;
}

// ---------------------------------------------------------------------------------------------
// Cursor: a read position in one line (or one attribute value).
//
// Every read is bounded by the std::string_view it was given, so nothing runs past the end of
// the line, whatever the input. Fields are found with find_either (above).

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }
  std::size_t offset() const { return pos_; }  // from the start of the text given
  std::string_view remaining() const { return slice(pos_, text_.size()); }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  // The bytes up to (not including) the next `delimiter`, or to the end. The delimiter is left
  // for consume() / space() so the caller can tell "field then end" from "field then more".
  RTC_SDP_INLINE std::string_view until(char delimiter) { return until(delimiter, delimiter); }
  // The same, stopping at whichever of two delimiters comes first.
  RTC_SDP_INLINE std::string_view until(char delimiter, char other) {
    const std::size_t start = pos_;
    pos_ = find_either(text_, pos_, delimiter, other);
    return slice(start, pos_);
  }
  // The next space-separated field (RFC 8866 §9 separates fields with exactly one SP).
  RTC_SDP_INLINE std::string_view field() { return until(' '); }

  // Everything left.
  std::string_view rest() {
    const std::size_t start = pos_;
    pos_ = text_.size();
    return slice(start, pos_);
  }

  RTC_SDP_INLINE bool consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // A literal such as " typ ". Compared byte by byte: with the length known at compile time the
  // loop unrolls into a few compares (GCC does not inline memcmp for these sizes).
  template <std::size_t N>
  RTC_SDP_INLINE bool consume(const char (&literal)[N]) {
    constexpr std::size_t n = N - 1;
    if (text_.size() - pos_ < n) return false;
    for (std::size_t i = 0; i < n; ++i) {
      if (text_[pos_ + i] != literal[i]) return false;
    }
    pos_ += n;
    return true;
  }
  // How many space-separated words are left (to reserve a vector before filling it).
  std::size_t count_words() const {
    std::size_t words = 0;
    for (std::size_t i = pos_; i < text_.size(); ++i) words += text_[i] == ' ';
    return words;
  }
  // One separating space.
  RTC_SDP_INLINE bool space() { return consume(' '); }

 private:
  // text_[from, to). The cursor keeps pos_ <= text_.size(), so this needs none of substr()'s
  // range check, whose exception path keeps the compiler from inlining it.
  RTC_SDP_INLINE std::string_view slice(std::size_t from, std::size_t to) const {
    return std::string_view(text_.data() + from, to - from);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace rtc::sdp::detail
