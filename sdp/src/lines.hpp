// Finding the lines of an SDP (private to sdp/src).
//
// Splitting the text into lines is the one step that looks at every byte, so it is the one
// place where SIMD pays: with SSE2 (every x86-64 CPU has it) 64 bytes are compared with '\n'
// in four instructions, giving a 64-bit mask with one bit per newline; the lines are then
// read off the mask with count-trailing-zeros. On other CPUs memchr does the same job (glibc's
// memchr is itself vectorised, but pays a call per line).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rtc::sdp::detail {

// Calls on_newline(offset) for each '\n' in `text`, in order.
template <class F>
void for_each_newline(std::string_view text, F&& on_newline) {
  std::size_t block = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  for (; block + 64 <= text.size(); block += 64) {
    auto mask16 = [&](std::size_t at) {
      const __m128i bytes =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + block + at));
      return static_cast<std::uint64_t>(
          static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline))));
    };
    std::uint64_t mask = mask16(0) | mask16(16) << 16 | mask16(32) << 32 | mask16(48) << 48;
    while (mask != 0) {
      on_newline(block + static_cast<std::size_t>(std::countr_zero(mask)));
      mask &= mask - 1;  // clear the lowest set bit
    }
  }
#endif
  while (block < text.size()) {
    const void* found = std::memchr(text.data() + block, '\n', text.size() - block);
    if (found == nullptr) break;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    on_newline(at);
    block = at + 1;
  }
}

// A vector whose first N elements live inside the object: the line table of a browser's SDP
// (150-300 lines) then costs no allocation. Only for trivially copyable T.
template <class T, std::size_t N>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  void push_back(const T& value) {
    if (size_ < N) {
      inline_[size_] = value;
    } else {
      if (size_ == N) heap_.assign(inline_.begin(), inline_.end());
      heap_.push_back(value);
    }
    ++size_;
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* begin() const { return size_ <= N ? inline_.data() : heap_.data(); }
  const T* end() const { return begin() + size_; }
  T& back() { return size_ <= N ? inline_[size_ - 1] : heap_.back(); }
  const T& back() const { return size_ <= N ? inline_[size_ - 1] : heap_.back(); }
  const T& operator[](std::size_t i) const { return begin()[i]; }

 private:
  std::array<T, N> inline_;
  std::vector<T> heap_;
  std::size_t size_ = 0;
};

}  // namespace rtc::sdp::detail
