// Small text tools shared by the SDP parser and serializer (private to sdp/src).
//
// SDP is ASCII text made of short fields separated by single spaces (RFC 8866 §9 writes SP, one
// space, everywhere). Parsing it fast means never copying a byte before we know where it goes:
// we look at the text through std::string_view, find delimiters, and build a std::string only
// for the field that ends up in the model. Numbers of up to 16 digits are read eight digits at
// a time (digits8), longer ones digit by digit, and written from a two-digits table
// (writer.hpp): no allocation, no locale, no streams.
//
// Every text the parser reads is *padded* (kPadding below): that is what lets it look at 8, 16
// or 64 bytes at once without asking, before each load, whether they are still there.
#pragma once

#include <array>
#include <bit>
#include <cassert>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
// Padding.
//
// The parser reads SDP a word (8 bytes), a vector (16) or a window (64) at a time, and a field
// ends anywhere in one. Loading past the end of a field is harmless as long as the bytes are in
// memory, and for a line of an SDP they are: its CRLF and the lines after it. So every text the
// value parsers and the Cursor read is *padded*: at least kPadding bytes after its end belong to
// the same buffer and may be loaded (never used). The parser guarantees it for every line: a
// line is read in place when kPadding bytes of the SDP follow it, and the last lines, which
// lack them, from a PaddedCopy of the text's tail. Values given on their own (parse_attribute,
// parse_candidate) are copied too. (simdjson asks the same of its callers, with its own
// SIMDJSON_PADDING; here the parser pays for the copy of the last few lines itself.)
//
// With that promise no load needs a bounds check, and nothing has two code paths, one fast and
// one for "near the end".
inline constexpr std::size_t kPadding = 64;

// A copy of a text followed by kPadding zero bytes: on the stack for the usual lengths, on the
// heap for longer ones.
class PaddedCopy {
 public:
  explicit PaddedCopy(std::string_view text) {
    char* to = local_.data();
    if (text.size() > kLocal) {
      heap_ = std::make_unique_for_overwrite<char[]>(text.size() + kPadding);
      to = heap_.get();
    }
    if (!text.empty()) std::memcpy(to, text.data(), text.size());
    std::memset(to + text.size(), 0, kPadding);
    text_ = std::string_view(to, text.size());
  }
  PaddedCopy(const PaddedCopy&) = delete;
  PaddedCopy& operator=(const PaddedCopy&) = delete;

  // The copy, without the padding.
  std::string_view text() const { return text_; }

 private:
  static constexpr std::size_t kLocal = 256;  // a long candidate line is ~200 bytes
  std::array<char, kLocal + kPadding> local_;
  std::unique_ptr<char[]> heap_;
  std::string_view text_;
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

// Copies n bytes. Most fields of an SDP line are 1-32 bytes, and for those a call to memcpy
// (through the PLT, then its own size dispatch) costs more than the copy: two overlapping
// fixed-size copies cover any length in [k, 2k] and compile to a couple of moves. Only the n
// source bytes are read and only the n target bytes written.
RTC_SDP_INLINE void copy_bytes(char* to, const char* from, std::size_t n) {
  if (n == 0) return;
  if (n < 4) {
    // 1, 2 or 3 bytes: the first, the middle and the last byte cover all three.
    to[0] = from[0];
    to[n / 2] = from[n / 2];
    to[n - 1] = from[n - 1];
  } else if (n < 8) {
    std::memcpy(to, from, 4);
    std::memcpy(to + n - 4, from + n - 4, 4);
  } else if (n <= 16) {
    std::memcpy(to, from, 8);
    std::memcpy(to + n - 8, from + n - 8, 8);
  } else if (n <= 32) {
    std::memcpy(to, from, 16);
    std::memcpy(to + n - 16, from + n - 16, 16);
  } else if (n <= 64) {
    // extmap URIs, mDNS host names, msid and cname ids
    std::memcpy(to, from, 32);
    std::memcpy(to + n - 32, from + n - 32, 32);
  } else {
    std::memcpy(to, from, n);
  }
}

// Whether the n bytes at a and at b are the same. Up to 16 bytes without a call, with the trick
// of copy_bytes: two overlapping loads of 4 or 8 bytes cover any length from 4 to 16.
RTC_SDP_INLINE bool same_bytes(const char* a, const char* b, std::size_t n) {
  auto load4 = [](const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  };
  auto load8 = [](const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  if (n >= 8 && n <= 16) {
    return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
  }
  if (n >= 4 && n < 8) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  if (n < 4) {
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  return std::memcmp(a, b, n) == 0;
}

// Copies a parsed field into a string of the model. Parsers set every field they own, so that
// parse_into() can reuse an attribute of the same type (and its strings' buffers).
//
// This runs for almost every field of every line, and assign() costs an out-of-line call, a
// memcpy call and a check for overlapping arguments. resize_and_overwrite (C++23) is the one
// std::string operation that sets the length and lets us write the bytes: when the string has
// room (always for up to 15 bytes, which live inside the object, and for a reused string) that
// is a comparison, copy_bytes and two stores. GCC does not inline it by itself, hence `flatten`
// (inline everything called here); the rare growth goes through a plain assign(), out of line.
[[gnu::noinline, gnu::cold]] inline void grow_text(std::string& target, std::string_view value) {
  target.assign(value.data(), value.size());
}
[[gnu::flatten]] inline void set_text(std::string& target, std::string_view value) {
  if (value.size() > target.capacity()) {
    grow_text(target, value);
    return;
  }
  target.resize_and_overwrite(value.size(), [value](char* data, std::size_t size) {
    copy_bytes(data, value.data(), size);
    return size;
  });
}
RTC_SDP_INLINE void set_text(std::optional<std::string>& target, std::string_view value) {
  if (!target) target.emplace();
  set_text(*target, value);
}

// The same for a field of a padded text (see kPadding), which lets it load 16 bytes from the
// field's start whatever its length. Most fields are shorter than 16 bytes, and a std::string
// has room for at least 15 characters and the terminator in the standard libraries we know:
// resize_and_overwrite(15) lets us write all 16 bytes of that room (C++23 [string.capacity]:
// the range [p, p + 15] is valid), so a short field is one 16-byte load and one store, whatever
// its length, and the string keeps field.size() of them.
[[gnu::flatten]] inline void set_field(std::string& target, std::string_view field) {
  constexpr std::size_t kRoom = 15;
  static_assert(kPadding >= kRoom + 1);
  // Every string of libstdc++ (15 bytes inside the object) and of 64-bit libc++ (22) has that
  // room, short or not; asking capacity() would cost a branch on whether the string is short.
  // Elsewhere (32-bit libc++ keeps 10 bytes inside) it is asked.
#if defined(__GLIBCXX__) || (defined(_LIBCPP_VERSION) && __SIZEOF_POINTER__ == 8)
  constexpr bool kAlwaysRoom = true;
#else
  constexpr bool kAlwaysRoom = false;
#endif
  if (field.size() > kRoom || (!kAlwaysRoom && target.capacity() < kRoom)) {
    set_text(target, field);
    return;
  }
  // resize_and_overwrite() asks capacity() again (to grow when asked for more): tell the
  // compiler what we know, so that its branch on "short or not" goes away.
  if (target.capacity() < kRoom) __builtin_unreachable();
  target.resize_and_overwrite(kRoom, [field](char* data, std::size_t) {
    std::memcpy(data, field.data(), kRoom + 1);
    return field.size();
  });
}
RTC_SDP_INLINE void set_field(std::optional<std::string>& target, std::string_view field) {
  if (!target) target.emplace();
  set_field(*target, field);
}

// Element `index` of a list the parser fills in order (index <= list.size()). An element an
// earlier parse left there is overwritten in place, keeping its memory (parse_into); past the
// end one is added. truncate() then drops what the earlier parse had beyond the new end.
RTC_SDP_INLINE void set_item(std::vector<std::string>& list, std::size_t index,
                             std::string_view field) {
  set_field(index < list.size() ? list[index] : list.emplace_back(), field);
}
// The same for a list of structs: the next element to fill, `used` of them filled so far.
template <class T>
RTC_SDP_INLINE T& next_item(std::vector<T>& list, std::size_t& used) {
  const std::size_t index = used++;
  return index < list.size() ? list[index] : list.emplace_back();
}
template <class T>
void truncate(std::vector<T>& list, std::size_t size) {
  if (list.size() > size) list.erase(list.begin() + static_cast<std::ptrdiff_t>(size), list.end());
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

// Eight digits at once ("SWAR": SIMD within a register). `word` holds the 8 bytes that start at
// the field, loaded little-endian (the first digit in the lowest byte); the first `n` (1-8) are
// the field. Subtracting '0' from every byte turns a digit into its value (0-9); shifting left
// by the bytes that are not ours leaves the field in the top n bytes and zeros below, which
// count as leading zeros. A byte is then a digit exactly when it is at most 9: adding 0x76 sets
// its high bit otherwise, and a byte below '0' or above 0x7f already has it set (a borrow of
// the subtraction only runs upward from such a byte, so it cannot hide one). Three
// multiplications then combine pairs of digits, pairs of pairs and the two halves (as in
// Lemire's "fast integer parsing"). About fifteen instructions whatever n is, where a digit
// loop costs four or five per digit: a candidate's priority has ten.
RTC_SDP_INLINE bool digits8(std::uint64_t word, std::size_t n, std::uint64_t& value) {
  const auto shift = static_cast<unsigned>(8 * (8 - n));  // 0-56
  std::uint64_t digits = (word - 0x3030303030303030) << shift;
  if (((digits + 0x7676767676767676) | digits) & 0x8080808080808080) return false;
  digits = digits * 2561 >> 8;                                   // pairs: 10 * a + b
  digits = (digits & 0x00FF00FF00FF00FF) * 6553601 >> 16;        // fours: 100 * ab + cd
  value = (digits & 0x0000FFFF0000FFFF) * 42949672960001 >> 32;  // 10000 * abcd + efgh
  return true;
}

// The decimal number `text`, a field of a padded text (see kPadding), into out. The eight bytes
// from the field's start may be loaded whatever its length, so the digits are read eight at a
// time (digits8).
template <class T>
RTC_SDP_INLINE Number parse_number(std::string_view text, T& out) {
  static_assert(std::is_unsigned_v<T>);
  static_assert(kPadding >= 8);
  const std::size_t n = text.size();
  if (n == 0) return Number::invalid;
  std::uint64_t value = 0;
  if (n <= 2) {
    // Payload types, component ids, extmap ids: one or two digits, cheaper on their own.
    const unsigned first = static_cast<unsigned char>(text[0]) - unsigned{'0'};
    const unsigned last = static_cast<unsigned char>(text[n - 1]) - unsigned{'0'};
    if (first > 9 || last > 9) return Number::invalid;
    value = n == 1 ? first : first * 10 + last;
  } else if (std::endian::native == std::endian::little && n <= 16) {
    // 3-8 digits: one word from the start of the field. 9-16: the last eight digits from the
    // word that ends with the field, and the ones before them from the first word.
    auto load8 = [](const char* p) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      return word;
    };
    if (n <= 8) {
      if (!digits8(load8(text.data()), n, value)) return Number::invalid;
    } else {
      std::uint64_t high = 0;
      if (!digits8(load8(text.data()), n - 8, high) ||
          !digits8(load8(text.data() + n - 8), 8, value)) {
        return Number::invalid;
      }
      value += high * 100000000;  // at most 16 digits: no overflow
    }
  } else if (n <= std::numeric_limits<std::uint64_t>::digits10) {
    // (Big-endian CPUs, or 17-19 digits.) 19 digits cannot overflow 64 bits, so there is no
    // need for from_chars' overflow check at every digit.
    for (const char c : text) {
      const unsigned digit = static_cast<unsigned char>(c) - unsigned{'0'};
      if (digit > 9) return Number::invalid;
      value = value * 10 + digit;
    }
  } else {
    if (!is_digit(text.front())) return Number::invalid;  // from_chars would accept nothing else
    const char* end = text.data() + n;
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
  if (n > 1 && text.front() == '0') return Number::leading_zero;
  return Number::ok;
}

// ---------------------------------------------------------------------------------------------
// Finding a delimiter sixteen bytes at a time.
//
// Most of the parser's time goes into finding the next ' ', '/' or ':' inside a line. Fields
// are a few bytes long, too short for a call to memchr to pay off, and a byte-by-byte loop
// costs four or five instructions per byte. With SSE2 (every x86-64 CPU has it) one compare
// tests 16 bytes and movemask turns the result into a 16-bit mask, one bit per byte: the
// lowest set bit is the first delimiter. The text is padded (see kPadding), so the 16 bytes
// may always be loaded; the bits of those past its end are masked off and never count.
//
// CPUs without SSE2 use "SWAR" (SIMD within a register) on eight bytes: for x = word XOR
// (delimiter in every byte), (x - 0x01..01) & ~x & 0x80..80 has the high bit set in the lowest
// byte of x that is zero, i.e. at the first delimiter (higher bytes may be flagged wrongly by
// the borrow, which is why only the lowest set bit is used, and why this needs a little-endian
// load).

#if defined(__SSE2__)
// One bit per byte of the 16 at `at` that equals a or b.
RTC_SDP_INLINE unsigned match16(const char* at, __m128i a, __m128i b) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, a), _mm_cmpeq_epi8(bytes, b))));
}
#endif

// The first a or b in [from, end), or end, in a padded text.
RTC_SDP_INLINE const char* find_either(const char* from, const char* end, char a, char b) {
#if defined(__SSE2__)
  static_assert(kPadding >= 16);
  const __m128i va = _mm_set1_epi8(a);
  const __m128i vb = _mm_set1_epi8(b);
  for (;; from += 16) {
    unsigned mask = match16(from, va, vb);
    const auto left = static_cast<std::size_t>(end - from);  // bytes of the text from `from` on
    if (left < 16) mask &= (1u << left) - 1;                 // the rest are not ours
    if (mask != 0) return from + std::countr_zero(mask);
    if (left <= 16) return end;
  }
#else
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kOnes = 0x0101010101010101;
    constexpr std::uint64_t kHighs = 0x8080808080808080;
    const std::uint64_t pattern_a = kOnes * static_cast<unsigned char>(a);
    const std::uint64_t pattern_b = kOnes * static_cast<unsigned char>(b);
    for (;; from += 8) {
      std::uint64_t word;
      std::memcpy(&word, from, sizeof word);  // padded: eight bytes may be loaded
      const std::uint64_t xa = word ^ pattern_a;
      const std::uint64_t xb = word ^ pattern_b;
      std::uint64_t found = (((xa - kOnes) & ~xa) | ((xb - kOnes) & ~xb)) & kHighs;
      const auto left = static_cast<std::size_t>(end - from);
      if (left < 8) found &= (std::uint64_t{1} << (8 * left)) - 1;
      if (found != 0) return from + std::countr_zero(found) / 8;
      if (left <= 8) return end;
    }
  }
  while (from < end && *from != a && *from != b) ++from;
  return from;
#endif
}

// One bit per space in the 64 bytes at `at` of a padded text, `left` of which are the text's
// (bit i for the byte at + i). Most attribute values are short ("96 nack pli"): only the 16-byte
// blocks that hold text are compared. The bits past the text are left for the caller to clear
// (`left` < 64), along with whatever else it marks there.
RTC_SDP_INLINE std::uint64_t spaces64(const char* at, std::size_t left) {
  static_assert(kPadding >= 64);
  std::uint64_t spaces = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  auto mask16 = [&](std::size_t offset) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + offset));
    return static_cast<std::uint64_t>(
        static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, space))));
  };
  spaces = mask16(0);
  if (left > 16) spaces |= mask16(16) << 16;
  if (left > 32) spaces |= mask16(32) << 32 | mask16(48) << 48;
#else
  const std::size_t size = left < 64 ? left : 64;
  for (std::size_t i = 0; i < size; ++i) spaces |= static_cast<std::uint64_t>(at[i] == ' ') << i;
#endif
  return spaces;
}

// ---------------------------------------------------------------------------------------------
// Cursor: a read position in one line (or one attribute value).
//
// Every field it returns lies inside the std::string_view it was given, so nothing runs past
// the end of the line, whatever the input. The text must be padded (see kPadding): the cursor
// loads up to 64 bytes from any position in it, and ignores those past its end.

class Cursor {
 public:
  // `text` lies in a padded text.
  explicit Cursor(std::string_view text)
      : begin_(text.data()), pos_(text.data()), end_(text.data() + text.size()) {}

  bool at_end() const { return pos_ == end_; }
  std::size_t offset() const { return static_cast<std::size_t>(pos_ - begin_); }  // from the start
  std::string_view remaining() const { return slice(pos_, end_); }
  char peek() const { return pos_ < end_ ? *pos_ : '\0'; }

  // The bytes up to (not including) the next `delimiter`, or to the end. The delimiter is left
  // for consume() / space() so the caller can tell "field then end" from "field then more".
  RTC_SDP_INLINE std::string_view until(char delimiter) { return until(delimiter, delimiter); }
  // The same, stopping at whichever of two delimiters comes first.
  RTC_SDP_INLINE std::string_view until(char delimiter, char other) {
    const char* start = pos_;
#if defined(__SSE2__)
    // Most fields end within 16 bytes: one compare, and a bit for the end of the text (at
    // `left`, or at 16 if the text goes on), so that the lowest set bit is where the field ends.
    const auto left = static_cast<std::size_t>(end_ - pos_);
    const unsigned stops = match16(pos_, _mm_set1_epi8(delimiter), _mm_set1_epi8(other)) |
                           (1u << (left < 16 ? left : 16));
    const int length = std::countr_zero(stops);
    if (length < 16 || left == 16) [[likely]] {
      advance(static_cast<std::size_t>(length));
      return slice(start, pos_);
    }
    pos_ += 16;  // a long field: search on from there
#endif
    pos_ = find_either(pos_, end_, delimiter, other);
    stops_ = 0;  // the next field() loads a window from here
    return slice(start, pos_);
  }
  // The next space-separated field (RFC 8866 §9 separates fields with exactly one SP).
  //
  // Space-separated fields are most of SDP, and finding where each one ends is a chain: the
  // next search starts where the last one stopped. Searching 16 bytes at a time from each
  // field's start puts a load, a compare and a mask on that chain for every field. Instead the
  // cursor marks every space of the next 64 bytes at once (`stops_`, four independent 16-byte
  // compares), and keeps that mask shifted so that its lowest bit is the byte at the cursor:
  // the field's end is then a count of trailing zeros, and moving there a shift.
  RTC_SDP_INLINE std::string_view field() {
    const char* start = pos_;
    if (stops_ == 0) [[unlikely]] {
      load_window();
      if (stops_ == 0) {
        // No space in the next 64 bytes and the text goes on: a field longer than the window.
        pos_ = find_either(pos_ + 64, end_, ' ', ' ');
        return slice(start, pos_);  // stops_ is still 0: the next field() loads from here
      }
    }
    advance(static_cast<std::size_t>(std::countr_zero(stops_)));
    return slice(start, pos_);
  }

  // A decimal number field, ending at `delimiter`, `other` or the end: parse_number() of it.
  template <class T>
  RTC_SDP_INLINE Number number(T& out, char delimiter = ' ', char other = ' ') {
    if (delimiter == ' ' && other == ' ') return parse_number(field(), out);
    return parse_number(until(delimiter, other), out);
  }

  // Everything left.
  RTC_SDP_INLINE std::string_view rest() {
    const char* start = pos_;
    pos_ = end_;
    stops_ = 0;
    return slice(start, end_);
  }

  RTC_SDP_INLINE bool consume(char c) {
    if (pos_ < end_ && *pos_ == c) [[likely]] {
      advance(1);
      return true;
    }
    return false;
  }
  // A literal such as " typ ". With the length known at compile time, same_bytes() compiles to
  // two integer compares (GCC calls memcmp for these sizes, which costs more than the compare).
  template <std::size_t N>
  RTC_SDP_INLINE bool consume(const char (&literal)[N]) {
    constexpr std::size_t n = N - 1;
    static_assert(n < 64);
    if (static_cast<std::size_t>(end_ - pos_) < n || !same_bytes(pos_, literal, n)) return false;
    advance(n);
    return true;
  }
  // How many spaces are left, i.e. how many space-separated words follow the current one (to
  // reserve a vector before filling it). Sixteen bytes per compare.
  std::size_t count_words() const {
    std::size_t words = 0;
#if defined(__SSE2__)
    for (const char* p = pos_; p < end_; p += 16) {
      unsigned mask = match16(p, _mm_set1_epi8(' '), _mm_set1_epi8(' '));
      const auto left = static_cast<std::size_t>(end_ - p);
      if (left < 16) mask &= (1u << left) - 1;  // bytes past the text do not count
      words += static_cast<std::size_t>(std::popcount(mask));
    }
#else
    for (const char* p = pos_; p < end_; ++p) words += *p == ' ';
#endif
    return words;
  }
  // One separating space.
  RTC_SDP_INLINE bool space() { return consume(' '); }
  // The same right after field(), which stops at a space or at the end of the text: only the
  // end needs a look.
  RTC_SDP_INLINE bool space_after_field() {
    assert(pos_ == end_ || *pos_ == ' ');  // checked in the debug (ASan) build and fuzzing
    if (pos_ == end_) [[unlikely]] {
      return false;
    }
    advance(1);
    return true;
  }

 private:
  RTC_SDP_INLINE static std::string_view slice(const char* from, const char* to) {
    return std::string_view(from, static_cast<std::size_t>(to - from));
  }

  // Moves the cursor k (< 64) bytes on, and the stops with it: the ones behind drop out, and
  // past the window there are none, so that field() then loads a new one.
  RTC_SDP_INLINE void advance(std::size_t k) {
    pos_ += k;
    stops_ >>= k;
  }

  // Marks the spaces of the 64 bytes from pos_ in stops_, and the end of the text if it comes
  // first (so that a field at the end of the text ends there).
  RTC_SDP_INLINE void load_window() {
    const auto left = static_cast<std::size_t>(end_ - pos_);
    std::uint64_t spaces = spaces64(pos_, left);
    if (left < 64) {
      spaces &= (std::uint64_t{1} << left) - 1;  // bytes past the text do not count
      spaces |= std::uint64_t{1} << left;        // the end of the text ends a field
    }
    stops_ = spaces;
  }

  const char* begin_;
  const char* pos_;
  const char* end_;
  // field(): bit i is set when the byte at pos_ + i is a space or the end of the text, for
  // the bytes of the last window (see load_window); 0 when there is none left.
  std::uint64_t stops_ = 0;
};

// Sizes a list that the parser is about to fill with the words left in `in`, after the `first`
// items already in it: once, for a new list. A list that parse_into() reuses has its room from
// the last parse, and counting the words is a pass over the text.
template <class T>
RTC_SDP_INLINE void reserve_words(std::vector<T>& list, std::size_t first, const Cursor& in) {
  if (list.capacity() <= first) list.reserve(first + in.count_words());
}

}  // namespace rtc::sdp::detail
