// Replay protection (RFC 3711 §3.3.2): a sliding window over packet indices.
//
// The window remembers the highest index authenticated so far and, as a bitmap, which of the
// `size` indices at and below it have been seen. A packet is new if its index is above the
// highest, or inside the window with its bit clear; it is a replay if its bit is set, and too
// old if it falls below the window. check() only looks; accept() records an index and must be
// called only once the packet has authenticated, so forged packets never move the window.
// The same class serves SRTP (48-bit packet index) and SRTCP (31-bit SRTCP index).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace rtc::rtp {

class ReplayWindow {
 public:
  static constexpr std::size_t kDefaultSize = 128;  // libsrtp's default; RFC 3711 asks >= 64
  static constexpr std::size_t kMinSize = 64;       // RFC 3711 §3.3.2
  static constexpr std::size_t kMaxSize = 32768;    // 2^15: index estimation's reach (§3.3.1)

  enum class Verdict : std::uint8_t { fresh, replayed, too_old };

  // size is clamped to [kMinSize, kMaxSize].
  explicit ReplayWindow(std::size_t size = kDefaultSize);

  Verdict check(std::uint64_t index) const;
  void accept(std::uint64_t index);

  std::size_t size() const { return size_; }
  // The highest index accepted, or nothing before the first packet.
  std::optional<std::uint64_t> highest() const {
    return empty_ ? std::nullopt : std::optional<std::uint64_t>(highest_);
  }

 private:
  bool test_bit(std::uint64_t index) const;
  void set_bit(std::uint64_t index);
  void clear_bit(std::uint64_t index);

  std::size_t size_;
  std::vector<std::uint64_t> bits_;  // a ring of bits_.size() * 64 >= size_ slots, by index
  std::uint64_t highest_ = 0;
  bool empty_ = true;
};

}  // namespace rtc::rtp
