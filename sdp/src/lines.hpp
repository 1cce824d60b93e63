// Finding the lines of an SDP (private to sdp/src).
//
// Splitting the text into lines is the one step that looks at every byte, so it is the one
// place where SIMD pays: with SSE2 (every x86-64 CPU has it) 64 bytes are compared with '\n'
// in four instructions, giving a 64-bit mask with one bit per newline; the lines are then
// read off the mask with count-trailing-zeros. On other CPUs (and for the last partial block)
// the mask is built one byte at a time.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rtc::sdp::detail {

// The ends of the lines of a text, in order. next() returns the offset of the next '\n'; after
// the last one, if the text goes on without a '\n' (a last line with no line end), it returns
// text.size() once; then npos. Written as a generator rather than a loop taking a callback so
// that the parser's per-line code sits in its own loop, where the compiler keeps its variables
// in registers.
class LineEnds {
 public:
  static constexpr std::size_t npos = std::string_view::npos;

  explicit LineEnds(std::string_view text) : text_(text) {}

  [[gnu::always_inline]] std::size_t next() {
    // Lines are shorter than a block (45 bytes on average in a browser's SDP), so most calls
    // load one.
    while (mask_ == 0) [[likely]] {
      if (!load_next_block()) [[unlikely]] {
        return end_of_text();
      }
    }
    const std::size_t at = block_ + static_cast<std::size_t>(std::countr_zero(mask_));
    mask_ &= mask_ - 1;  // clear the lowest set bit
    return at;
  }

 private:
  // Moves to the next block of 64 bytes and sets one bit of mask_ per '\n' in it.
  [[gnu::always_inline]] bool load_next_block() {
    block_ += 64;  // from the block before the first (see block_): wraps to 0
    if (block_ >= text_.size()) [[unlikely]] {
      return false;
    }
    const char* at = text_.data() + block_;
#if defined(__SSE2__)
    if (block_ + 64 <= text_.size()) [[likely]] {
      mask_ = newlines64(at);
      return true;
    }
    if (text_.size() >= 64) {
      // The last, partial block: the 64 bytes that end where the text ends, shifted so that
      // the bytes before this block (already seen) drop out.
      const std::size_t last = text_.size() - 64;
      mask_ = newlines64(text_.data() + last) >> (block_ - last);
      return true;
    }
#endif
    // A text under 64 bytes (or every block without SSE2): one byte at a time.
    const std::size_t size = std::min<std::size_t>(64, text_.size() - block_);
    for (std::size_t i = 0; i < size; ++i) {
      mask_ |= static_cast<std::uint64_t>(at[i] == '\n') << i;
    }
    return true;
  }
#if defined(__SSE2__)
  // One bit per '\n' in the 64 bytes at `from`.
  [[gnu::always_inline]] static std::uint64_t newlines64(const char* from) {
    const __m128i newline = _mm_set1_epi8('\n');
    auto mask16 = [&](std::size_t offset) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + offset));
      return static_cast<std::uint64_t>(
          static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline))));
    };
    return mask16(0) | mask16(16) << 16 | mask16(32) << 32 | mask16(48) << 48;
  }
#endif
  [[gnu::always_inline]] std::size_t end_of_text() {
    if (!finished_ && !text_.empty() && text_.back() != '\n') {
      finished_ = true;
      return text_.size();
    }
    return npos;
  }

  std::string_view text_;
  // Offset of the current block; before the first one, that of a block 64 bytes before the
  // text (unsigned arithmetic wraps), so that moving on needs no special case.
  std::size_t block_ = static_cast<std::size_t>(0) - 64;
  std::uint64_t mask_ = 0;  // its newlines not yet returned
  bool finished_ = false;
};

// A vector whose first N elements live inside the object: the per-section counts of a browser's
// SDP (3-10 sections) then cost no allocation. Only for trivially copyable T.
template <class T, std::size_t N>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  [[gnu::always_inline]] void push_back(const T& value) {
    if (size_ < N) {
      inline_[size_++] = value;
    } else {
      push_back_to_heap(value);
    }
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* begin() const { return size_ <= N ? inline_.data() : heap_.data(); }
  const T* end() const { return begin() + size_; }
  T& back() { return size_ <= N ? inline_[size_ - 1] : heap_.back(); }
  const T& back() const { return size_ <= N ? inline_[size_ - 1] : heap_.back(); }
  const T& operator[](std::size_t i) const { return begin()[i]; }

 private:
  [[gnu::noinline]] void push_back_to_heap(const T& value) {
    if (size_ == N) heap_.assign(inline_.begin(), inline_.end());
    heap_.push_back(value);
    ++size_;
  }

  std::array<T, N> inline_;
  std::vector<T> heap_;
  std::size_t size_ = 0;
};

}  // namespace rtc::sdp::detail
