// Candidate priorities (RFC 8445 §5.1.2), local preferences across interfaces and address
// families (RFC 8421 §4), foundations (§5.1.1.3) and pair priorities (§6.1.2.3).
#include <algorithm>

#include "internal.hpp"
#include "rtc/ice/candidate.hpp"

namespace rtc::ice {

std::uint8_t TypePreferences::of(CandidateType type) const {
  switch (type) {
    case CandidateType::host:
      return host;
    case CandidateType::peer_reflexive:
      return peer_reflexive;
    case CandidateType::server_reflexive:
      return server_reflexive;
    case CandidateType::relayed:
      return relayed;
  }
  return 0;
}

// RFC 8445 §5.1.2.1:
//   priority = (2^24)*(type preference) + (2^8)*(local preference) + (2^0)*(256 - component ID)
std::uint32_t compute_priority(std::uint8_t type_preference, std::uint16_t local_preference,
                               std::uint16_t component) {
  const std::uint32_t c = std::clamp<std::uint32_t>(component, 1, 256);
  return (std::uint32_t{type_preference} << 24) + (std::uint32_t{local_preference} << 8) +
         (256 - c);
}

// RFC 8421 §4 asks that IPv6 and IPv4 candidates interleave ("IPv6, IPv4, IPv6, IPv4, ..."), so
// that a broken family costs one Ta at most, and that the first interface is preferred. The
// high byte is the interface rank (127 for the first address of its family, then 126, ...), the
// low byte an address-family precedence after RFC 6724 §2.1 (60 for IPv6, 30 for IPv4), which
// is also how Chromium builds its value (its lines decode to 0x7E1E for 127.0.0.1, 0x7F3C
// for ::1). With `index` counted within each family, the v6 #0 > v4 #0 > v6 #1 > v4 #1 order
// of RFC 8421 falls out of the numbers.
std::uint16_t local_preference(AddressFamily family, std::size_t index) {
  const std::uint16_t rank = static_cast<std::uint16_t>(127 - std::min<std::size_t>(index, 127));
  const std::uint16_t precedence = family == AddressFamily::ipv6 ? 60 : 30;
  return static_cast<std::uint16_t>((rank << 8) | precedence);
}

// RFC 8445 §5.1.1.3: equal for candidates of the same type, base IP, server IP and transport.
// A 32-bit FNV-1a hash written in decimal, as Chromium writes foundations.
std::string compute_foundation(CandidateType type, const SocketAddress& base,
                               const std::optional<SocketAddress>& server) {
  std::uint32_t h = 2166136261u;
  auto mix = [&h](std::uint8_t b) { h = (h ^ b) * 16777619u; };
  mix(static_cast<std::uint8_t>(type));
  mix(static_cast<std::uint8_t>(base.family()));
  for (auto b : base.ip_bytes()) mix(b);
  if (server) {
    mix(1);
    mix(static_cast<std::uint8_t>(server->family()));
    for (auto b : server->ip_bytes()) mix(b);
  }
  mix('u');  // transport: UDP
  return std::to_string(h);
}

namespace detail {

// RFC 8445 §6.1.2.3: G is the controlling agent's candidate priority, D the controlled one's:
//   pair priority = 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)
std::uint64_t pair_priority(std::uint32_t controlling, std::uint32_t controlled) {
  const std::uint64_t g = controlling;
  const std::uint64_t d = controlled;
  return (std::min(g, d) << 32) + 2 * std::max(g, d) + (g > d ? 1 : 0);
}

}  // namespace detail
}  // namespace rtc::ice
