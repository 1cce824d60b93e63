// TextWriter: appends text to a std::string, fast (private to sdp/src).
//
// std::string::operator+= is safe but, for the dozens of short pieces of each SDP line, slow:
// every call re-reads the string's size and capacity from memory and goes through the general
// append path. TextWriter sizes the string once (resize to an estimate), keeps the write
// position and the end of the buffer in locals, and copies each piece with memcpy after one
// comparison. If the estimate was short it grows the string (doubling) and carries on, so the
// result never depends on the estimate, only the speed does. finish() trims the string to
// what was written.
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

// Copies n bytes. Most pieces of an SDP line are 1-16 bytes, and for those a call to memcpy
// (through the PLT, then its own size dispatch) costs more than the copy: two overlapping
// fixed-size copies cover any length in [k, 2k] and compile to a couple of moves. Only the n
// source bytes are read.
RTC_SDP_INLINE void copy_bytes(char* to, const char* from, std::size_t n) {
  if (n >= 8 && n <= 16) {
    std::memcpy(to, from, 8);
    std::memcpy(to + n - 8, from + n - 8, 8);
  } else if (n >= 4 && n < 8) {
    std::memcpy(to, from, 4);
    std::memcpy(to + n - 4, from + n - 4, 4);
  } else if (n < 4) {
    for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
  } else {
    std::memcpy(to, from, n);
  }
}

class TextWriter {
 public:
  TextWriter(std::string& out, std::size_t expected_size) : out_(out), used_(out.size()) {
    out_.resize(used_ + expected_size);
    data_ = out_.data();
    capacity_ = out_.size();
  }
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;
  ~TextWriter() { finish(); }

  RTC_SDP_INLINE void put(std::string_view text) {
    if (text.size() > capacity_ - used_) grow(text.size());
    copy_bytes(data_ + used_, text.data(), text.size());
    used_ += text.size();
  }
  // A literal: its length is known at compile time, so the copy is a few moves, not a call.
  template <std::size_t N>
  RTC_SDP_INLINE void put(const char (&literal)[N]) {
    put_fixed(literal, N - 1);
  }
  RTC_SDP_INLINE void put(char c) {
    if (capacity_ == used_) grow(1);
    data_[used_++] = c;
  }
  RTC_SDP_INLINE void number(std::uint64_t value) {
    constexpr std::size_t kMaxDigits = 20;
    if (kMaxDigits > capacity_ - used_) grow(kMaxDigits);
    used_ += write_decimal(data_ + used_, value);
  }

  // Trims the string to what was written (also done by the destructor).
  void finish() { out_.resize(used_); }

 private:
  RTC_SDP_INLINE void put_fixed(const char* text, std::size_t size) {
    if (size > capacity_ - used_) grow(size);
    std::memcpy(data_ + used_, text, size);
    used_ += size;
  }
  void grow(std::size_t needed) {
    out_.resize(std::max(out_.size() * 2, used_ + needed));
    data_ = out_.data();
    capacity_ = out_.size();
  }

  std::string& out_;
  char* data_;  // out_.data(), kept here so that it stays in a register
  std::size_t used_;
  std::size_t capacity_;
};

}  // namespace rtc::sdp::detail
