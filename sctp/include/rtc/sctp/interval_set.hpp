// A set of 64-bit integers stored as disjoint closed intervals [first, last], ordered.
//
// Used on both sides of the association: the receiver keeps the TSNs it holds above its
// cumulative TSN (they become SACK gap-ack blocks, RFC 9260 §3.3.4), and the sender keeps
// the TSNs the peer has gap-acknowledged, so that a SACK repeating old gap blocks costs
// O(blocks · log n) instead of a walk over every outstanding chunk.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>

namespace rtc::sctp {

class IntervalSet {
 public:
  using Map = std::map<std::uint64_t, std::uint64_t>;  // first -> last (inclusive)

  bool empty() const { return ranges_.empty(); }
  std::size_t interval_count() const { return ranges_.size(); }
  const Map& intervals() const { return ranges_; }

  bool contains(std::uint64_t v) const {
    auto it = ranges_.upper_bound(v);
    if (it == ranges_.begin()) return false;
    return std::prev(it)->second >= v;
  }

  // Adds [first, last] and calls on_new(a, b) for every sub-range that was not in the set
  // before, in increasing order. Cost: O(log n + number of intervals merged).
  template <class F>
  void insert(std::uint64_t first, std::uint64_t last, F&& on_new) {
    if (first > last) return;
    auto it = ranges_.upper_bound(first);
    if (it != ranges_.begin()) {
      auto prev = std::prev(it);
      if (prev->second + 1 >= first) it = prev;  // overlaps or touches on the left
    }
    std::uint64_t new_first = first;
    std::uint64_t new_last = last;
    std::uint64_t cursor = first;  // next value not yet reported or covered
    while (it != ranges_.end() && it->first <= last + 1 && (last + 1 != 0)) {
      if (it->first > cursor) on_new(cursor, std::min(last, it->first - 1));
      if (it->second + 1 > cursor) cursor = it->second + 1;
      new_first = std::min(new_first, it->first);
      new_last = std::max(new_last, it->second);
      it = ranges_.erase(it);
    }
    if (cursor <= last) on_new(cursor, last);
    ranges_.emplace(new_first, new_last);
  }
  void insert(std::uint64_t first, std::uint64_t last) {
    insert(first, last, [](std::uint64_t, std::uint64_t) {});
  }

  // Removes every value <= v.
  void erase_up_to(std::uint64_t v) {
    while (!ranges_.empty()) {
      auto it = ranges_.begin();
      if (it->first > v) break;
      if (it->second <= v) {
        ranges_.erase(it);
      } else {
        const std::uint64_t last = it->second;
        ranges_.erase(it);
        ranges_.emplace(v + 1, last);
        break;
      }
    }
  }

  // If the first interval starts at v, removes it and returns its last value.
  bool pop_front_if_starts_at(std::uint64_t v, std::uint64_t& last) {
    if (ranges_.empty() || ranges_.begin()->first != v) return false;
    last = ranges_.begin()->second;
    ranges_.erase(ranges_.begin());
    return true;
  }

  void clear() { ranges_.clear(); }

 private:
  Map ranges_;
};

}  // namespace rtc::sctp
