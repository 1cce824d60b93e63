// Relayed candidates through the TURN client (RFC 8656, stun/turn_client.hpp; RFC 8445
// §5.1.1.2). For each local socket and TURN server of its family, one allocation: its
// XOR-RELAYED-ADDRESS is a relayed local candidate (type preference 0: the last resort).
// Datagrams "from" that candidate go out as Send indications or ChannelData through the host
// socket; what the relay forwards (Data indications, ChannelData) comes back through
// handle_receive() and is treated as if it had arrived on the relayed address. Permissions are
// created for every remote candidate paired with the relayed one (§9); the selected pair gets a
// channel (§12) so that media pays 4 bytes instead of 36.
#include "internal.hpp"
#include "rtc/stun/channel_data.hpp"

namespace rtc::ice {

void Agent::Impl::start_relays(Timestamp now, const SocketAddress& socket) {
  for (const auto& server : config.turn_servers) {
    if (server.address.family() != socket.family()) continue;
    stun::TurnConfig tc;
    tc.server = server.address;
    tc.username = server.username;
    tc.password = server.password;
    tc.transactions.initial_rto = config.gathering_rto;
    tc.transactions.max_transmissions = config.gathering_max_transmissions + 1;
    tc.transactions.final_wait_multiplier = 2;  // an unreachable server is given up on sooner
    tc.trace = config.trace;
    auto client = stun::TurnClient::create(std::move(tc), *random);
    if (!client) continue;
    Relay relay;
    relay.socket = socket;
    relay.server = server.address;
    relay.client = std::make_unique<stun::TurnClient>(std::move(*client));
    if (!relay.client->allocate(now)) continue;
    ++gathering_outstanding;
    relays.push_back(std::move(relay));
    traceline(now, Direction::outbound,
              "TURN Allocate to " + server.address.to_string() + " from " + socket.to_string(),
              "RFC 8656 §7.1");
    drain_relay(now, relays.back(), {}, nullptr);
  }
}

void Agent::Impl::relay_transmits(Relay& relay) {
  while (auto t = relay.client->poll_transmit()) {
    transmits.push_back(Transmit{relay.socket, t->destination, std::move(t->data)});
  }
}

Relay* Agent::Impl::relay_for(const SocketAddress& relayed) {
  for (auto& r : relays) {
    if (r.relayed && *r.relayed == relayed) return &r;
  }
  return nullptr;
}

bool Agent::Impl::relay_receive(Timestamp now, const SocketAddress& socket,
                                const SocketAddress& from, BytesView datagram,
                                std::optional<BytesView>& application) {
  for (auto& r : relays) {
    if (r.socket != socket || r.server != from) continue;
    if (!r.client->handle_receive(now, from, datagram)) return false;
    drain_relay(now, r, datagram, &application);
    return true;
  }
  return false;
}

// Moves the client's output to ours and acts on its events. `datagram` is what the server just
// sent, so that relayed application data can be returned as a view into it.
void Agent::Impl::drain_relay(Timestamp now, Relay& relay, BytesView datagram,
                              std::optional<BytesView>* application) {
  // Handling an event may queue more transmits (answers to relayed checks): loop until the
  // client has neither.
  while (true) {
    relay_transmits(relay);
    auto e = relay.client->poll_event();
    if (!e) break;
    if (auto* a = std::get_if<stun::TurnAllocated>(&*e)) {
      relay.relayed = a->relayed;
      Candidate c;
      c.type = CandidateType::relayed;
      c.address = a->relayed;
      c.related = a->mapped;
      c.base = a->relayed;  // §5.1.1: a relayed candidate is its own base
      c.socket = relay.socket;
      c.priority = local_priority(CandidateType::relayed, relay.socket);
      c.foundation = compute_foundation(CandidateType::relayed, relay.socket, relay.server);
      locals.push_back(c);
      traceline(now, Direction::inbound, "relayed candidate " + c.describe(), "RFC 8656 §7.3");
      emit(LocalCandidate{c});
      form_pairs_for_local(locals.size() - 1);
      if (relay.gathering) {
        relay.gathering = false;
        on_gather_done(now);
      }
    } else if (auto* f = std::get_if<stun::TurnAllocationFailed>(&*e)) {
      traceline(now, Direction::inbound,
                "TURN allocation on " + relay.server.to_string() + " failed: " + f->error.message,
                "RFC 8656 §7.4");
      if (relay.gathering) {
        relay.gathering = false;
        on_gather_done(now);
      }
    } else if (auto* d = std::get_if<stun::TurnData>(&*e)) {
      if (!relay.relayed) continue;
      const SocketAddress relayed = *relay.relayed;
      if (receive_stun(now, relayed, d->peer, d->data)) continue;
      if (application == nullptr || !is_known_remote(relayed, d->peer)) continue;
      // The same bytes sit in the datagram: hand out a view of them, not of the event's copy.
      if (d->channel != 0) {
        if (auto cd = stun::ChannelDataView::parse(datagram)) *application = cd->data;
      } else if (auto m = stun::MessageView::parse(datagram)) {
        if (auto data = m->data()) *application = *data;
      }
      if (auto* p = find_pair(relayed, d->peer)) p->bytes_received += d->data.size();
    } else if (std::holds_alternative<stun::TurnClosed>(*e)) {
      // The allocation is gone: its pairs cannot work any more.
      if (relay.relayed) {
        for (auto& p : pairs) {
          if (locals[p.local].type == CandidateType::relayed &&
              locals[p.local].address == *relay.relayed) {
            p.state = PairState::failed;
          }
        }
      }
      if (relay.gathering) {
        relay.gathering = false;
        on_gather_done(now);
      }
    }
  }
}

void Agent::Impl::relay_send(Timestamp now, const SocketAddress& relayed, const SocketAddress& to,
                             BytesView data) {
  Relay* r = relay_for(relayed);
  if (r == nullptr) return;
  (void)r->client->send_to(now, to, data);
  relay_transmits(*r);  // events wait for the next receive or timer (no re-entry)
}

// RFC 8656 §9: the server only relays from peers with a permission for their IP.
void Agent::Impl::relay_permission(Timestamp now, const Candidate& local,
                                   const SocketAddress& peer) {
  if (local.type != CandidateType::relayed) return;
  Relay* r = relay_for(local.address);
  if (r == nullptr || r->client->has_permission(peer)) return;
  (void)r->client->create_permission(now, peer);
  relay_transmits(*r);
}

void Agent::Impl::relay_channel(Timestamp now, const SocketAddress& relayed,
                                const SocketAddress& peer) {
  Relay* r = relay_for(relayed);
  if (r == nullptr) return;
  if (r->client->bind_channel(now, peer)) {
    traceline(now, Direction::outbound, "TURN ChannelBind for " + peer.to_string(),
              "RFC 8656 §12.1");
  }
  relay_transmits(*r);
}

void Agent::Impl::relays_tick(Timestamp now) {
  for (auto& r : relays) {
    if (auto t = r.client->poll_timeout(); t && *t <= now) r.client->handle_timeout(now);
    drain_relay(now, r, {}, nullptr);
  }
}

std::optional<Timestamp> Agent::Impl::relays_deadline() const {
  std::optional<Timestamp> next;
  for (const auto& r : relays) {
    if (auto t = r.client->poll_timeout(); t && (!next || *t < *next)) next = t;
  }
  return next;
}

void Agent::Impl::close_relays(Timestamp now) {
  for (auto& r : relays) {
    r.client->close(now);  // Refresh with LIFETIME 0 (RFC 8656 §8.1)
    relay_transmits(r);
  }
}

}  // namespace rtc::ice
