// Two (or more) ICE agents on a SimUdpNetwork with a virtual clock: the test harness of the
// connectivity tests. Signaling is instantaneous: candidates trickle to the other peer as they
// are gathered (RFC 8838), credentials are exchanged by connect_signaling().
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "rtc/ice/agent.hpp"
#include "support/sim_udp_network.hpp"

namespace rtc::ice::testing {

inline SocketAddress addr(std::string_view text) {
  return SocketAddress::parse(text).value();
}

struct Peer {
  explicit Peer(AgentConfig config, std::uint64_t seed)
      : random(std::make_unique<SeededRandom>(seed)), agent(std::move(config), *random) {}
  std::unique_ptr<SeededRandom> random;
  Agent agent;
  std::vector<SocketAddress> sockets;
  std::vector<Candidate> gathered;
  std::vector<ConnectionState> states;
  std::vector<GatheringState> gathering;
  std::vector<Role> role_changes;
  std::vector<std::pair<Candidate, Candidate>> selections;
  std::vector<Bytes> received;
  bool trickle = true;  // forward gathered candidates to the other peer
  Peer* other = nullptr;

  bool connected() const {
    return agent.connection_state() == ConnectionState::connected ||
           agent.connection_state() == ConnectionState::completed;
  }
  bool saw(ConnectionState s) const {
    return std::find(states.begin(), states.end(), s) != states.end();
  }
};

class IceSim {
 public:
  explicit IceSim(std::uint64_t seed = 1) : net(seed) {}

  sim::SimUdpNetwork net;
  ManualClock clock;
  std::vector<std::unique_ptr<Peer>> peers;
  // mDNS names the "link" answers for (RFC 6762): name -> IP.
  std::vector<std::pair<std::string, SocketAddress>> mdns_names;
  std::size_t mdns_queries = 0;
  bool answer_mdns = true;

  static AgentConfig config(Role role, std::string ufrag) {
    AgentConfig c;
    c.role = role;
    c.local_ufrag = std::move(ufrag);
    c.local_pwd = c.local_ufrag + "-password-0123456789ab";
    return c;
  }

  Peer& add_peer(AgentConfig cfg, std::vector<SocketAddress> sockets,
                 sim::SimUdpNetwork::NatId nat = sim::SimUdpNetwork::kPublic) {
    auto p = std::make_unique<Peer>(std::move(cfg), 100 + peers.size());
    for (const auto& s : sockets) net.bind(s, nat);
    p->sockets = std::move(sockets);
    peers.push_back(std::move(p));
    return *peers.back();
  }

  // Both peers learn each other's credentials, then their sockets (gathering starts).
  void connect_signaling(Peer& a, Peer& b, bool credentials = true) {
    a.other = &b;
    b.other = &a;
    if (credentials) {
      a.agent.set_remote_credentials(b.agent.local_ufrag(), b.agent.local_pwd());
      b.agent.set_remote_credentials(a.agent.local_ufrag(), a.agent.local_pwd());
    }
    for (Peer* p : {&a, &b}) {
      for (const auto& s : p->sockets) p->agent.add_local_address(clock.now(), s);
      p->agent.end_of_local_addresses(clock.now());
    }
  }

  void pump() {
    bool busy = true;
    while (busy) {
      busy = false;
      for (auto& p : peers) {
        while (auto t = p->agent.poll_transmit()) {
          busy = true;
          if (t->destination.port() == 5353) {
            handle_mdns(*p, *t);
            continue;
          }
          net.send(clock.now(), t->socket, t->destination, t->data);
        }
        while (auto e = p->agent.poll_event()) {
          busy = true;
          if (auto* c = std::get_if<LocalCandidate>(&*e)) {
            p->gathered.push_back(c->candidate);
            if (p->trickle && p->other != nullptr) {
              (void)p->other->agent.add_remote_candidate(clock.now(), c->candidate);
            }
          } else if (auto* s = std::get_if<ConnectionStateChanged>(&*e)) {
            p->states.push_back(s->state);
          } else if (auto* g = std::get_if<GatheringStateChanged>(&*e)) {
            p->gathering.push_back(g->state);
          } else if (auto* r = std::get_if<RoleChanged>(&*e)) {
            p->role_changes.push_back(r->role);
          } else if (auto* sel = std::get_if<SelectedPairChanged>(&*e)) {
            p->selections.emplace_back(sel->local, sel->remote);
          }
        }
      }
    }
  }

  Peer* owner(const SocketAddress& socket) {
    for (auto& p : peers) {
      if (std::find(p->sockets.begin(), p->sockets.end(), socket) != p->sockets.end()) {
        return p.get();
      }
    }
    return nullptr;
  }

  template <class Pred>
  bool run_until(Pred pred, Duration limit) {
    const Timestamp end = clock.now() + limit;
    for (int guard = 0; guard < 2'000'000; ++guard) {
      pump();
      if (pred()) return true;
      std::optional<Timestamp> next = net.next_delivery();
      for (auto& p : peers) {
        if (auto t = p->agent.poll_timeout(); t && (!next || *t < *next)) next = t;
      }
      if (!next || *next > end) {
        clock.set(end);
        return pred();
      }
      if (*next > clock.now()) clock.set(*next);
      const Timestamp now = clock.now();
      while (auto d = net.pop_due(now)) {
        if (Peer* p = owner(d->to)) {
          if (auto app = p->agent.handle_receive(now, d->to, d->from, d->data)) {
            p->received.emplace_back(app->begin(), app->end());
          }
        }
      }
      for (auto& p : peers) {
        if (auto t = p->agent.poll_timeout(); t && *t <= now) p->agent.handle_timeout(now);
      }
    }
    ADD_FAILURE() << "simulation did not make progress";
    return false;
  }

  void run_for(Duration d) {
    run_until([] { return false; }, d);
  }

  bool both_connected(Peer& a, Peer& b, Duration limit = std::chrono::seconds(30)) {
    return run_until(
        [&] {
          return a.connected() && b.connected() && a.agent.selected_pair() &&
                 b.agent.selected_pair();
        },
        limit);
  }

 private:
  void handle_mdns(Peer& p, const Transmit& t);
};

// A minimal mDNS responder for the simulated link: answers A queries for the names it knows.
inline void IceSim::handle_mdns(Peer& p, const Transmit& t) {
  ++mdns_queries;
  if (!answer_mdns || t.data.size() < 12) return;
  // Question name (uncompressed, as the agent writes it).
  std::string name;
  std::size_t pos = 12;
  while (pos < t.data.size() && t.data[pos] != 0) {
    const std::size_t len = t.data[pos];
    if (!name.empty()) name += '.';
    name.append(reinterpret_cast<const char*>(&t.data[pos + 1]), len);
    pos += 1 + len;
  }
  for (const auto& [n, ip] : mdns_names) {
    if (n != name) continue;
    ByteWriter w;
    w.u16(load_be16(t.data, 0));  // the query's ID (legacy unicast, RFC 6762 §6.7)
    w.u16(0x8400);                // response, authoritative
    w.u16(0);
    w.u16(1);
    w.u16(0);
    w.u16(0);
    w.bytes(BytesView(t.data).subspan(12, pos + 1 - 12));  // the name
    w.u16(1);                                              // A
    w.u16(0x8001);                                         // cache-flush, IN
    w.u32(120);
    w.u16(4);
    w.bytes(ip.ip_bytes());
    SocketAddress from = ip;
    from.set_port(5353);
    auto bytes = w.take();
    (void)p.agent.handle_receive(clock.now(), t.socket, from, bytes);
  }
}

}  // namespace rtc::ice::testing
