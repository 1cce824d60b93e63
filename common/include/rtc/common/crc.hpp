// Cyclic redundancy checks used on the wire:
//   CRC-32 (ISO-HDLC / IEEE 802.3): STUN FINGERPRINT, RFC 8489 §14.7.
//   CRC-32c (Castagnoli):             SCTP common header checksum, RFC 9260 Appendix A.
#pragma once

#include <cstdint>

#include "rtc/common/bytes.hpp"

namespace rtc {

// Both functions can be chained: crc32(b, crc32(a)) == crc32(a ++ b).
std::uint32_t crc32(BytesView data, std::uint32_t previous = 0);
std::uint32_t crc32c(BytesView data, std::uint32_t previous = 0);

}  // namespace rtc
