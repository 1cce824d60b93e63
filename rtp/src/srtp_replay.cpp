#include "rtc/rtp/srtp_replay.hpp"

#include <algorithm>

namespace rtc::rtp {

ReplayWindow::ReplayWindow(std::size_t size)
    : size_(std::clamp(size, kMinSize, kMaxSize)), bits_((size_ + 63) / 64, 0) {}

bool ReplayWindow::test_bit(std::uint64_t index) const {
  const std::uint64_t slot = index % (bits_.size() * 64);
  return ((bits_[slot / 64] >> (slot % 64)) & 1u) != 0;
}

void ReplayWindow::set_bit(std::uint64_t index) {
  const std::uint64_t slot = index % (bits_.size() * 64);
  bits_[slot / 64] |= std::uint64_t{1} << (slot % 64);
}

void ReplayWindow::clear_bit(std::uint64_t index) {
  const std::uint64_t slot = index % (bits_.size() * 64);
  bits_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
}

ReplayWindow::Verdict ReplayWindow::check(std::uint64_t index) const {
  if (empty_ || index > highest_) return Verdict::fresh;
  // RFC 3711 §3.3.2: "If the packet's index is below the window, it is discarded".
  if (highest_ - index >= size_) return Verdict::too_old;
  return test_bit(index) ? Verdict::replayed : Verdict::fresh;
}

void ReplayWindow::accept(std::uint64_t index) {
  if (empty_) {
    empty_ = false;
    highest_ = index;
    set_bit(index);
    return;
  }
  if (index > highest_) {
    // Slide: the slots of the indices the window moves over are forgotten.
    const std::uint64_t ring = bits_.size() * 64;
    const std::uint64_t advance = index - highest_;
    if (advance >= ring) {
      std::fill(bits_.begin(), bits_.end(), std::uint64_t{0});
    } else {
      for (std::uint64_t i = highest_ + 1; i <= index; ++i) clear_bit(i);
    }
    highest_ = index;
  }
  set_bit(index);
}

}  // namespace rtc::rtp
