// SimUdpNetwork: addressed UDP endpoints on a virtual clock, with loss, delay, jitter and NAT
// models from RFC 4787, for testing the ICE agent (and anything else that talks UDP through
// rtc::SocketAddress) deterministically, in one process, without sockets or sleeps.
//
//   rtc::sim::SimUdpNetwork net(/*seed=*/1);
//   auto nat = net.add_nat(NatType::address_and_port_dependent, public_ip);   // a site's router
//   net.bind(SocketAddress::parse("10.0.1.2:5000").value(), nat);              // a host behind it
//   net.bind(public_host_address);                                             // on the internet
//   net.add_stun_server(stun_address);                 // answers Binding requests by itself
//   net.send(now, from_socket, to, bytes);             // what an agent's Transmit says
//   while (auto d = net.pop_due(now)) deliver d->data to the socket d->to, from d->from
//
// Services (a TURN server, tests/ice/sim_turn_server.hpp) sit on public addresses: datagrams
// to them are handed to a callback when due, and they answer with inject().
//
// NAT behaviour (RFC 4787 §4.1 mapping, §5 filtering):
//   endpoint_independent        EIM + EIF ("full cone")
//   address_dependent           EIM + address-dependent filtering ("restricted cone")
//   address_and_port_dependent  APDM + APDF ("symmetric": a new port per destination)
//   udp_blocked                 nothing leaves but to the addresses given to allow()
// Addresses behind different NATs are not routable to each other (each site its own private
// network); hosts behind the same NAT reach each other directly. No hairpinning.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <tuple>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/common/time.hpp"
#include "rtc/stun/server.hpp"

namespace rtc::sim {

enum class NatType : std::uint8_t {
  none,  // a public host, no NAT
  endpoint_independent,
  address_dependent,
  address_and_port_dependent,
  udp_blocked,
};

inline const char* to_string(NatType t) {
  switch (t) {
    case NatType::none:
      return "public";
    case NatType::endpoint_independent:
      return "EIM/EIF";
    case NatType::address_dependent:
      return "EIM/ADF";
    case NatType::address_and_port_dependent:
      return "symmetric";
    case NatType::udp_blocked:
      return "blocked";
  }
  return "?";
}

struct UdpPathConfig {
  Duration delay = milliseconds(5);
  Duration jitter = milliseconds(0);
  double loss = 0.0;
};

struct Delivery {
  SocketAddress to;    // the bound socket it arrives at
  SocketAddress from;  // the source as the receiver sees it (after NAT)
  Bytes data;
};

class SimUdpNetwork {
 public:
  using NatId = int;
  static constexpr NatId kPublic = -1;

  explicit SimUdpNetwork(std::uint64_t seed = 1) : random_(seed) {}

  UdpPathConfig path;  // applies to every datagram
  std::uint64_t sent = 0, delivered = 0, lost = 0, filtered = 0;

  NatId add_nat(NatType type, SocketAddress public_ip) {
    public_ip.set_port(0);
    nats_.push_back(Nat{type, public_ip, {}, {}, 40000});
    return static_cast<NatId>(nats_.size() - 1);
  }
  // A NAT of type udp_blocked lets datagrams to `destination` (e.g. a TURN server) through,
  // with endpoint-independent mapping and address-and-port-dependent filtering.
  void allow(NatId nat, const SocketAddress& destination) {
    nats_.at(static_cast<std::size_t>(nat)).allowed.insert(destination);
  }
  void bind(const SocketAddress& address, NatId nat = kPublic) { hosts_[address] = nat; }
  void unbind(const SocketAddress& address) { hosts_.erase(address); }
  void add_stun_server(const SocketAddress& address) { stun_servers_.insert(address); }
  // (now, to, from, data): a datagram arrived at a service's public address.
  using Service =
      std::function<void(Timestamp, const SocketAddress&, const SocketAddress&, BytesView)>;
  void add_service(const SocketAddress& address, Service service) {
    services_[address] = std::move(service);
  }
  // A datagram sent by a public service (its source is not NATed).
  void inject(Timestamp now, const SocketAddress& from, const SocketAddress& to, BytesView data) {
    ++sent;
    if (blackhole_ || (path.loss > 0 && random_.uniform_real(0, 1) < path.loss)) {
      ++lost;
      return;
    }
    send_from_public(now, from, to, data);
  }
  // Drop every datagram between these two public IPs (both directions) while `on`.
  void set_blackhole(bool on) { blackhole_ = on; }

  void send(Timestamp now, const SocketAddress& from, const SocketAddress& to, BytesView data) {
    ++sent;
    if (blackhole_ || (path.loss > 0 && random_.uniform_real(0, 1) < path.loss)) {
      ++lost;
      return;
    }
    auto host = hosts_.find(from);
    if (host == hosts_.end()) return;
    SocketAddress source = from;
    if (host->second != kPublic) {
      // Same site: delivered directly on the private network.
      auto peer = hosts_.find(to);
      if (peer != hosts_.end() && peer->second == host->second) {
        return enqueue(now, to, from, data);
      }
      auto translated = outbound(host->second, from, to);
      if (!translated) {
        ++filtered;
        return;
      }
      source = *translated;
    }
    if (stun_servers_.count(to) != 0) {
      // A STUN server on the public segment: answered right here, after one more path delay.
      if (auto answer = stun::answer_binding_request(data, source)) {
        send_from_public(now + path.delay, to, source, *answer);
      }
      return;
    }
    send_from_public(now, source, to, data);
  }

  std::optional<Timestamp> next_delivery() const {
    if (queue_.empty()) return std::nullopt;
    return queue_.top().at;
  }

  std::optional<Delivery> pop_due(Timestamp now) {
    while (!queue_.empty() && queue_.top().at <= now) {
      Delivery d = queue_.top().delivery;
      queue_.pop();
      ++delivered;
      auto service = services_.find(d.to);
      if (service == services_.end()) return d;
      service->second(now, d.to, d.from, d.data);
    }
    return std::nullopt;
  }

 private:
  struct Mapping {
    SocketAddress internal;
    std::uint16_t public_port = 0;
    std::set<SocketAddress> contacted;  // destinations sent to (filtering state)
  };
  struct Nat {
    NatType type;
    SocketAddress public_ip;
    std::map<std::tuple<SocketAddress, SocketAddress>, std::size_t> by_key;  // -> mappings index
    std::set<SocketAddress> allowed;
    std::uint16_t next_port;
    std::vector<Mapping> mappings{};
  };
  struct Queued {
    Timestamp at;
    std::uint64_t seq;
    Delivery delivery;
    bool operator>(const Queued& o) const { return std::tie(at, seq) > std::tie(o.at, o.seq); }
  };

  // RFC 4787 §4.1: which public port the packet leaves from.
  std::optional<SocketAddress> outbound(NatId id, const SocketAddress& from,
                                        const SocketAddress& to) {
    Nat& nat = nats_[static_cast<std::size_t>(id)];
    if (nat.type == NatType::udp_blocked && nat.allowed.count(to) == 0) return std::nullopt;
    SocketAddress key_remote;  // EIM: one mapping per internal address
    if (nat.type == NatType::address_and_port_dependent) key_remote = to;
    auto key = std::make_tuple(from, key_remote);
    auto it = nat.by_key.find(key);
    std::size_t index;
    if (it == nat.by_key.end()) {
      nat.mappings.push_back(Mapping{from, nat.next_port++, {}});
      index = nat.mappings.size() - 1;
      nat.by_key.emplace(key, index);
    } else {
      index = it->second;
    }
    nat.mappings[index].contacted.insert(to);
    SocketAddress source = nat.public_ip;
    source.set_port(nat.mappings[index].public_port);
    return source;
  }

  // RFC 4787 §5: whether a packet from `from` to the NAT's public `to` gets in.
  std::optional<SocketAddress> inbound(Nat& nat, const SocketAddress& from,
                                       const SocketAddress& to) {
    for (const auto& m : nat.mappings) {
      if (m.public_port != to.port()) continue;
      switch (nat.type) {
        case NatType::none:
        case NatType::endpoint_independent:
          return m.internal;
        case NatType::address_dependent:
          for (const auto& c : m.contacted) {
            if (c.ip_bytes().size() == from.ip_bytes().size() &&
                std::equal(c.ip_bytes().begin(), c.ip_bytes().end(), from.ip_bytes().begin())) {
              return m.internal;
            }
          }
          return std::nullopt;
        case NatType::address_and_port_dependent:
        case NatType::udp_blocked:
          if (m.contacted.count(from) != 0) return m.internal;
          return std::nullopt;
      }
    }
    return std::nullopt;
  }

  void send_from_public(Timestamp now, const SocketAddress& source, const SocketAddress& to,
                        BytesView data) {
    for (auto& nat : nats_) {
      SocketAddress ip = to;
      ip.set_port(0);
      if (ip != nat.public_ip) continue;
      auto internal = inbound(nat, source, to);
      if (!internal) {
        ++filtered;
        return;
      }
      return enqueue(now, *internal, source, data);
    }
    if (services_.count(to) != 0) return enqueue(now, to, source, data);
    auto host = hosts_.find(to);
    if (host == hosts_.end() || host->second != kPublic) return;  // no route
    enqueue(now, to, source, data);
  }

  void enqueue(Timestamp now, const SocketAddress& to, const SocketAddress& from, BytesView data) {
    Duration d = path.delay;
    if (path.jitter > Duration::zero()) {
      d += Duration(static_cast<Duration::rep>(
          random_.uniform(static_cast<std::uint64_t>(path.jitter.count()) + 1)));
    }
    queue_.push(Queued{now + d, seq_++, Delivery{to, from, Bytes(data.begin(), data.end())}});
  }

  SeededRandom random_;
  std::vector<Nat> nats_;
  std::map<SocketAddress, NatId> hosts_;
  std::set<SocketAddress> stun_servers_;
  std::map<SocketAddress, Service> services_;
  bool blackhole_ = false;
  std::priority_queue<Queued, std::vector<Queued>, std::greater<>> queue_;
  std::uint64_t seq_ = 0;
};

}  // namespace rtc::sim
