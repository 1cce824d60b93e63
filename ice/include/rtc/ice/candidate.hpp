// ICE candidates (RFC 8445 §5.1) and their priorities (§5.1.2), foundations (§5.1.1.3) and
// the conversion to and from SDP's a=candidate lines (RFC 8839 §5.1).
//
// A candidate is a transport address a peer might be reached at:
//   host   an address of a local interface (§5.1.1.1)
//   srflx  server-reflexive: our address as a STUN server saw it, outside a NAT (§5.1.1.2)
//   prflx  peer-reflexive: an address learned from a connectivity check (§7.2.5.3.1, §7.3.1.3)
//   relay  an address on a TURN server that forwards to us (RFC 8656)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/sdp/attributes.hpp"

namespace rtc::ice {

enum class CandidateType : std::uint8_t { host, server_reflexive, peer_reflexive, relayed };
// The SDP spelling: "host", "srflx", "prflx", "relay" (RFC 8839 §5.1).
const char* to_string(CandidateType type);
std::optional<CandidateType> candidate_type_from_string(std::string_view text);

// RFC 8445 §5.1.2.2: the recommended type preferences; every value is configurable.
struct TypePreferences {
  std::uint8_t host = 126;
  std::uint8_t peer_reflexive = 110;
  std::uint8_t server_reflexive = 100;
  std::uint8_t relayed = 0;
  std::uint8_t of(CandidateType type) const;
};

// RFC 8445 §5.1.2.1:
//   priority = (2^24)*(type preference) + (2^8)*(local preference) + (2^0)*(256 - component ID)
std::uint32_t compute_priority(std::uint8_t type_preference, std::uint16_t local_preference,
                               std::uint16_t component);

// RFC 8421 §4: the local preference of an interface, so that IPv6 and IPv4 interleave and the
// first-listed interface wins: (interface index order) and family decide the value.
// `index` is the interface's position among the agent's local addresses (0 = preferred).
std::uint16_t local_preference(AddressFamily family, std::size_t index);

struct Candidate {
  std::string foundation;  // §5.1.1.3: same type, base IP, server and transport => same value
  std::uint16_t component = 1;
  std::uint32_t priority = 0;
  CandidateType type = CandidateType::host;
  SocketAddress address;  // the transport address (unspecified while an mDNS name is unresolved)
  // raddr/rport: the base of a srflx/prflx candidate, the mapped address of a relayed one.
  std::optional<SocketAddress> related;
  // A remote host candidate given as "<uuid>.local" (draft-ietf-mmusic-mdns-ice-candidates);
  // empty otherwise. address.port() holds the candidate's port.
  std::string mdns_name;
  // Local candidates only: the address of the local socket that sends for this candidate
  // (§5.1.1: a host candidate is its own base; a srflx candidate's base is the host candidate
  // it was learned through; a relayed candidate's base is itself, but it is sent from the host
  // socket that talks to the TURN server, which is `socket`).
  SocketAddress base;
  SocketAddress socket;

  bool is_mdns() const { return !mdns_name.empty(); }
  // "host 192.0.2.1:5000 prio 2130706431" for traces and the CLI.
  std::string describe() const;

  // RFC 8839 §5.1. Transport other than UDP is rejected with Errc::unsupported (this agent is
  // UDP only, as WebRTC's media path is). Extensions (generation, network-id, ufrag) are ignored.
  static Result<Candidate> from_sdp(const sdp::Candidate& sdp);
  // Parses "candidate:..." or the bare value, as trickled over signaling (RFC 8840 §4.1).
  static Result<Candidate> parse(std::string_view text);
  sdp::Candidate to_sdp() const;
  std::string to_string() const { return to_sdp().to_string(); }
};

// RFC 8445 §5.1.1.3: a foundation for a local candidate, the same string for candidates with
// the same type, base IP address and STUN/TURN server IP. Short decimal, as browsers write.
std::string compute_foundation(CandidateType type, const SocketAddress& base,
                               const std::optional<SocketAddress>& server);

}  // namespace rtc::ice
