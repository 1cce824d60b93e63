#include "rtc/rtp/rtcp_header.hpp"

#include <string>

namespace rtc::rtp {

Result<RtcpHeaderView> RtcpHeaderView::parse(BytesView data) {
  if (data.size() < kRtcpHeaderSize) {
    return fail_at(Errc::truncated,
                   "RTCP packet of " + std::to_string(data.size()) +
                       " bytes is shorter than header + sender SSRC (8 bytes, RFC 3550 §6.4.1)",
                   data.size());
  }
  const std::uint8_t version = data[0] >> 6;
  if (version != 2) {
    return fail_at(Errc::malformed,
                   "RTCP version " + std::to_string(version) + ", expected 2 (RFC 3550 §6.4.1)", 0);
  }
  RtcpHeaderView view(data);
  if (view.packet_size() > data.size()) {
    return fail_at(Errc::truncated,
                   "RTCP length field says " + std::to_string(view.packet_size()) +
                       " bytes but only " + std::to_string(data.size()) +
                       " remain (RFC 3550 §6.4.1)",
                   2);
  }
  return view;
}

namespace {

// Why a compound packet was refused, and where. The walk computes only this; the Error text is
// made on the cold path, so a valid datagram never touches std::string (issue 6: compound
// parse under 50 ns).
enum class CompoundFault : std::uint8_t { none, empty, header, padding_not_last, padding_count };

struct CompoundWalk {
  CompoundFault fault = CompoundFault::none;
  std::size_t offset = 0;  // of the packet at fault
  std::size_t count = 0;   // packets before it (all of them when fault == none)
};

CompoundWalk walk_compound(BytesView compound) {
  const std::size_t total = compound.size();
  std::size_t offset = 0;
  std::size_t count = 0;
  while (offset < total) {
    // The checks of RtcpHeaderView::parse: 8 octets, version 2, length inside the datagram.
    const std::size_t left = total - offset;
    if (left < kRtcpHeaderSize || (compound[offset] >> 6) != 2) [[unlikely]]
      return {CompoundFault::header, offset, count};
    const std::size_t size = (std::size_t{load_be16(compound, offset + 2)} + 1) * 4;
    if (size > left) [[unlikely]]
      return {CompoundFault::header, offset, count};
    if ((compound[offset] & 0x20) != 0) {
      // RFC 3550 §6.4.1: only the last packet of a compound packet may be padded.
      if (size != left) [[unlikely]]
        return {CompoundFault::padding_not_last, offset, count};
      const std::size_t padding = compound[offset + size - 1];
      if (padding == 0 || padding > size - kRtcpHeaderSize) [[unlikely]]
        return {CompoundFault::padding_count, offset, count};
    }
    offset += size;
    ++count;
  }
  if (count == 0) return {CompoundFault::empty, 0, 0};
  return {CompoundFault::none, offset, count};
}

[[gnu::cold, gnu::noinline]] Result<std::size_t> compound_failure(const CompoundWalk& w,
                                                                  BytesView compound) {
  const std::string which = std::to_string(w.count + 1);
  switch (w.fault) {
    case CompoundFault::header: {
      Error error = RtcpHeaderView::parse(compound.subspan(w.offset)).error();
      error.offset = w.offset + error.offset.value_or(0);
      error.message += " (packet " + which + " of the compound)";
      return std::unexpected(std::move(error));
    }
    case CompoundFault::padding_not_last:
      return fail_at(Errc::malformed,
                     "P bit set on RTCP packet " + which +
                         ", which is not the last of the compound (RFC 3550 §6.4.1)",
                     w.offset);
    case CompoundFault::padding_count:
      return fail_at(Errc::malformed,
                     "RTCP padding count " + std::to_string(compound.back()) +
                         " does not fit in its packet (RFC 3550 §6.4.1)",
                     compound.size() - 1);
    case CompoundFault::empty:
    case CompoundFault::none:
      break;
  }
  return fail(Errc::truncated, "empty RTCP compound packet (RFC 3550 §6.1)");
}

}  // namespace

Result<std::size_t> validate_rtcp_compound(BytesView compound) {
  const CompoundWalk w = walk_compound(compound);
  if (w.fault != CompoundFault::none) [[unlikely]]
    return compound_failure(w, compound);
  return w.count;
}

}  // namespace rtc::rtp
