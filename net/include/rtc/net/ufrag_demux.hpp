// Many ICE agents behind one UDP port: which connection a datagram is for (sans-IO).
//
// A server that hosts many PeerConnections on one port (one hole in the firewall, as SFUs do)
// must route every datagram to its connection. The first datagram from a new remote address is
// always a STUN Binding request, because ICE checks come before anything else (RFC 8445 §7.2),
// and its USERNAME is "<our ufrag>:<their ufrag>" (§7.2.2): the part before the colon names
// the connection. From then on the remote address alone does (DTLS, SRTP, SCTP carry no ufrag),
// so each routed check teaches the demultiplexer that address.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "rtc/common/bytes.hpp"
#include "rtc/common/socket_address.hpp"

namespace rtc::net {

class UfragDemux {
 public:
  using Id = std::uint64_t;
  // Remote addresses remembered at most; the oldest learned is forgotten first (bounded memory
  // whatever remotes send).
  explicit UfragDemux(std::size_t max_addresses = 65536) : max_addresses_(max_addresses) {}

  void add(Id id, const std::string& local_ufrag);
  void remove(Id id);  // its ufrag and every address learned for it

  // The connection for a datagram from `from`, or nullopt (drop it): a STUN message whose
  // USERNAME starts with a known ufrag (and then `from` is learned), else a learned address.
  std::optional<Id> route(const SocketAddress& from, BytesView datagram);

  std::size_t addresses() const { return by_address_.size(); }

 private:
  std::size_t max_addresses_;
  std::unordered_map<std::string, Id> by_ufrag_;
  std::unordered_map<SocketAddress, Id> by_address_;
  std::unordered_map<SocketAddress, std::uint64_t> learned_at_;
  std::uint64_t learn_counter_ = 0;
};

}  // namespace rtc::net
