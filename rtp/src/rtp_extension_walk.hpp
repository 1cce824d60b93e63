// The walk over an RTP header extension block (RFC 8285 §4.2, §4.3) that fills a
// HeaderExtensionList, as inline functions: RtpPacketView::parse inlines it, so that parsing a
// packet with its extensions is one call (issue 6: parse under 10 ns), and
// HeaderExtensionList::assign() uses the same walk, then explains a refusal.
#pragma once

#include <cstddef>
#include <cstdint>

#include "rtc/rtp/rtp_extensions.hpp"

namespace rtc::rtp {

// One walk over the block, shared by assign() and try_assign(): fills the entries and
// returns why it stopped early (`pos` is then where the faulty element starts).
// One loop per form, so the per-element work has no form test in it (a packet uses one form
// for all its elements, RFC 8285 §4.1).
template <bool OneByte>
[[gnu::always_inline]] inline HeaderExtensionList::Walk HeaderExtensionList::walk_form(
    BytesView block) {
  // An extension block is at most 4 * 65535 octets, so offsets fit in 18 bits; the entry keeps
  // 16, so refuse blocks that large (no real sender writes more than a few dozen octets).
  if (block.size() > 0xffff) [[unlikely]]
    return {WalkFault::too_large, 0};
  constexpr std::size_t header = OneByte ? 1 : 2;
  const std::uint8_t* const data = block.data();
  const std::size_t size = block.size();
  // The count lives in a local until the end: the entries are written as bytes, which the
  // compiler must assume may alias count_, so a member counter is reloaded every element.
  std::size_t count = 0;
  Walk result;
  std::size_t pos = 0;
  // Where the last element started. Whether an element runs past the block is checked once,
  // after the walk: the walk never reads at or past `size`, and only the last element can
  // overrun (it ends the walk), so one compare replaces one per element.
  std::size_t last = 0;
  while (pos < size) {
    const std::uint8_t first = data[pos];
    if (first == 0) {  // padding octet, RFC 8285 §4.2 / §4.3
      ++pos;
      continue;
    }
    std::uint8_t id = first;
    std::size_t length = 0;
    if constexpr (OneByte) {
      id = first >> 4;
      // RFC 8285 §4.2: "If the ID value 15 is encountered, its length field should be
      // ignored, processing of the entire extension should terminate at that point".
      if (id == 15) break;
      length = std::size_t{first & 0x0fu} + 1;
    } else {
      if (pos + 1 >= size) [[unlikely]] {
        result = {WalkFault::no_length_octet, pos};
        break;
      }
      length = data[pos + 1];
    }
    if (count == kCapacity) [[unlikely]] {
      const bool overrun = size - pos - header < length;  // that fault first, as it comes first
      result = {overrun ? WalkFault::element_overrun : WalkFault::too_many, pos};
      break;
    }
    entries_[count++] =
        Entry{id, static_cast<std::uint8_t>(length), static_cast<std::uint16_t>(pos + header)};
    last = pos;
    pos += header + length;
  }
  if (pos > size && result.fault == WalkFault::none) [[unlikely]]
    result = {WalkFault::element_overrun, last};
  // A refused block indexes nothing (its last entry may point past the block).
  count_ = result.fault == WalkFault::none ? static_cast<std::uint8_t>(count) : 0;
  return result;
}

[[gnu::always_inline]] inline HeaderExtensionList::Walk HeaderExtensionList::walk(
    std::uint16_t profile, BytesView block) {
  count_ = 0;
  block_ = block;
  if (profile == kOneByteExtensionProfile) {
    form_ = ExtensionForm::one_byte;
    return walk_form<true>(block);
  }
  if ((profile & 0xfff0) == kTwoByteExtensionProfile) {
    form_ = ExtensionForm::two_byte;
    return walk_form<false>(block);
  }
  form_ = ExtensionForm::other;  // another RFC 3550 §5.3.1 profile: an opaque block
  return {};
}

}  // namespace rtc::rtp
