// TextWriter: appends text to a std::string, fast (private to sdp/src).
//
// std::string::operator+= is safe but, for the dozens of short pieces of each SDP line, slow:
// every call re-reads the string's size and capacity from memory and goes through the general
// append path. TextWriter sizes the string once (to an estimate, without filling it) and
// writes a line, or a part of a line, in one go: write(out, "a=rtpmap:", Decimal{96}, ' ',
// name, "\r\n") adds up the largest size each piece can have, makes that much room (one
// comparison), then copies the pieces one after the other with the write position in a
// register. If the estimate was short the string grows (doubling), so the result never
// depends on the estimate, only the speed does. finish() trims the string to what was written.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "text.hpp"

namespace rtc::sdp::detail {

// Writes `value` in decimal at `at` (room for 20 characters) and returns the length. Digits
// are produced two at a time from a table of "00".."99", from the last one backwards, so a
// 10-digit ICE priority costs five divisions by a constant (which compile to multiplications).
// std::to_chars does the same in general-purpose code; this is the hot path of serialize().
inline std::size_t write_decimal(char* at, std::uint64_t value) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  // Number of digits: log10(2) ~ 1233/4096 turns the bit width into a first guess, which is
  // either right or one short (a classic from "Bit Twiddling Hacks").
  static constexpr auto kPowers = [] {
    std::array<std::uint64_t, 20> powers{};
    std::uint64_t power = 1;
    for (auto& p : powers) {
      p = power;
      power *= 10;  // wraps once, after 10^19, into the unused last step
    }
    return powers;
  }();
  const auto guess = static_cast<std::size_t>(std::bit_width(value | 1) * 1233) >> 12;
  const std::size_t length = value == 0 ? 1 : guess + (value >= kPowers[guess] ? 1 : 0);
  char* p = at + length;
  while (value >= 100) {
    const std::uint64_t pair = value % 100;
    value /= 100;
    p -= 2;
    p[0] = kPairs[2 * pair];
    p[1] = kPairs[2 * pair + 1];
  }
  if (value >= 10) {
    p[-2] = kPairs[2 * value];
    p[-1] = kPairs[2 * value + 1];
  } else {
    p[-1] = static_cast<char>('0' + value);
  }
  return length;
}

class TextWriter {
 public:
  TextWriter(std::string& out, std::size_t expected_size) : out_(out), used_(out.size()) {
    make_room(used_ + expected_size);
  }
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;
  ~TextWriter() { finish(); }

  // Where to write at most `size` more bytes (room is made first if needed). After writing,
  // give the end of what was written to done().
  RTC_SDP_INLINE char* room(std::size_t size) {
    if (size > capacity_ - used_) grow(size);
    return data_ + used_;
  }
  RTC_SDP_INLINE void done(char* end) { used_ = static_cast<std::size_t>(end - data_); }

  // Trims the string to what was written (also done by the destructor).
  void finish() { make_room(used_); }

 private:
  [[gnu::noinline]] void grow(std::size_t needed) {
    make_room(std::max(out_.size() * 2, used_ + needed));
  }
  // Sets the string's size to `size`, keeping what it holds. resize() would first fill the new
  // room with zeros, which costs as much as writing the text (serializing into a kept buffer
  // was slower than into a new one because of that); resize_and_overwrite (C++23) lets the
  // bytes be written by us instead. Every byte below used_ is written before it is read, and
  // finish() cuts the string to used_.
  void make_room(std::size_t size) {
    out_.resize_and_overwrite(size, [](char*, std::size_t n) { return n; });
    data_ = out_.data();
    capacity_ = out_.size();
  }

  std::string& out_;
  char* data_;
  std::size_t used_;
  std::size_t capacity_;
};

// The pieces write() takes: text (std::string, std::string_view), a character, a literal
// ("\r\n"), or a number, Decimal{value}. For each, max_size() is the most bytes it can take
// and put() copies it to `at` (there is room: write() made it) and returns the new end.
struct Decimal {
  std::uint64_t value;
};

RTC_SDP_INLINE std::size_t max_size(std::string_view text) {
  return text.size();
}
RTC_SDP_INLINE std::size_t max_size(char) {
  return 1;
}
template <std::size_t N>
RTC_SDP_INLINE std::size_t max_size(const char (&)[N]) {
  return N - 1;
}
RTC_SDP_INLINE std::size_t max_size(Decimal) {
  return 20;  // 2^64 - 1 has 20 digits
}

RTC_SDP_INLINE char* put(char* at, std::string_view text) {
  copy_bytes(at, text.data(), text.size());
  return at + text.size();
}
RTC_SDP_INLINE char* put(char* at, char c) {
  *at = c;
  return at + 1;
}
template <std::size_t N>
RTC_SDP_INLINE char* put(char* at, const char (&literal)[N]) {
  std::memcpy(at, literal, N - 1);  // a constant size: a move or two, no call
  return at + N - 1;
}
RTC_SDP_INLINE char* put(char* at, Decimal number) {
  return at + write_decimal(at, number.value);
}

// Appends the pieces in order: one check for room for all of them, then the copies.
template <class... Pieces>
RTC_SDP_INLINE void write(TextWriter& out, const Pieces&... pieces) {
  char* at = out.room((max_size(pieces) + ...));
  ((at = put(at, pieces)), ...);
  out.done(at);
}

}  // namespace rtc::sdp::detail
