// Cyclic redundancy checks used on the wire:
//   CRC-32 (ISO-HDLC / IEEE 802.3): STUN FINGERPRINT, RFC 8489 §14.7.
//   CRC-32c (Castagnoli):             SCTP common header checksum, RFC 9260 Appendix A.
#pragma once

#include <cstdint>

#include "rtc/common/bytes.hpp"

namespace rtc {

// Both functions can be chained: crc32(b, crc32(a)) == crc32(a ++ b).
std::uint32_t crc32(BytesView data, std::uint32_t previous = 0);
// On x86-64 CPUs with SSE4.2 (found at run time) CRC-32c uses the CPU's CRC32 instruction,
// which computes exactly this polynomial: SCTP checksums every packet twice (RFC 9260 §6.8).
std::uint32_t crc32c(BytesView data, std::uint32_t previous = 0);

namespace detail {
// The portable table-driven CRC-32c, whatever the CPU (for tests that compare the two).
std::uint32_t crc32c_portable(BytesView data, std::uint32_t previous = 0);
}  // namespace detail

}  // namespace rtc
