// Gathering (RFC 8445 §5.1.1): a host candidate per local socket (§5.1.1.1), and a
// server-reflexive candidate per socket and STUN server (§5.1.1.2), learned from the
// XOR-MAPPED-ADDRESS of a Binding response sent through that socket.
#include <algorithm>

#include "internal.hpp"
#include "rtc/stun/builder.hpp"

namespace rtc::ice {

const LocalSocket* Agent::Impl::find_socket(const SocketAddress& address) const {
  for (const auto& s : sockets) {
    if (s.address == address) return &s;
  }
  return nullptr;
}

// §5.1.2.1 with the local preference of the socket the candidate is sent from (RFC 8421 §4).
std::uint32_t Agent::Impl::local_priority(CandidateType type, const SocketAddress& socket) const {
  const LocalSocket* s = find_socket(socket);
  const std::size_t index = s != nullptr ? s->family_index : 127;
  return compute_priority(config.type_preferences.of(type),
                          local_preference(socket.family(), index), 1);
}

void Agent::Impl::add_local_address(Timestamp now, const SocketAddress& address) {
  if (address.is_unspecified() || address.port() == 0 || find_socket(address) != nullptr) return;
  std::size_t same_family = 0;
  for (const auto& s : sockets) same_family += s.address.family() == address.family();
  sockets.push_back(LocalSocket{address, same_family});
  if (gathering_state == GatheringState::new_) {
    gathering_state = GatheringState::gathering;
    emit(GatheringStateChanged{gathering_state});
  }

  // §5.1.1.1: the host candidate is the socket's address; it is its own base.
  Candidate host;
  host.type = CandidateType::host;
  host.address = address;
  host.base = address;
  host.socket = address;
  host.priority = local_priority(CandidateType::host, address);
  host.foundation = compute_foundation(CandidateType::host, address, std::nullopt);
  locals.push_back(host);
  traceline(now, Direction::local, "host candidate " + host.describe(), "RFC 8445 §5.1.1.1");
  emit(LocalCandidate{host});
  form_pairs_for_local(locals.size() - 1);

  gather_through(now, sockets.size() - 1);
  start_relays(now, address);
  update_gathering_state();
}

// §5.1.1.2: a Binding request to every STUN server of the socket's family. The request carries
// SOFTWARE so that it is longer than its response: servers that never amplify (stun/server.hpp)
// do not answer a bare 20-byte request.
void Agent::Impl::gather_through(Timestamp now, std::size_t socket_index) {
  const SocketAddress socket = sockets[socket_index].address;
  for (std::size_t i = 0; i < config.stun_servers.size(); ++i) {
    const SocketAddress server = config.stun_servers[i].address;
    if (server.family() != socket.family()) continue;
    stun::MessageBuilder b(stun::Method::binding, stun::MessageClass::request,
                           stun::random_transaction_id(*random));
    b.add_software("rtc ice agent (RFC 8445 gathering)");
    b.add_fingerprint();
    auto bytes = b.take();
    if (!bytes) continue;
    TxInfo info;
    info.kind = TxKind::gather;
    info.socket = socket;
    info.destination = server;
    info.server = i;
    stun::TransactionConfig tc;
    tc.initial_rto = config.gathering_rto;
    tc.max_transmissions = config.gathering_max_transmissions;
    tc.final_wait_multiplier = 2;
    if (start_transaction(now, info, std::move(*bytes), tc, nullptr)) {
      ++gathering_outstanding;
      traceline(
          now, Direction::outbound,
          "Binding request to STUN server " + server.to_string() + " from " + socket.to_string(),
          "RFC 8445 §5.1.1.2");
    }
  }
}

void Agent::Impl::on_gather_response(Timestamp now, const TxInfo& info,
                                     const stun::TransactionResponse& response) {
  auto message = stun::MessageView::parse(response.response);
  if (message && message->is_success_response()) {
    auto mapped = message->xor_mapped_address();
    if (!mapped) mapped = message->mapped_address();  // RFC 3489 servers
    const bool known = mapped && std::any_of(locals.begin(), locals.end(), [&](const Candidate& c) {
                         return c.address == *mapped && c.type != CandidateType::peer_reflexive;
                       });
    if (mapped && !known && !closed) {
      Candidate srflx;
      srflx.type = CandidateType::server_reflexive;
      srflx.address = *mapped;
      srflx.related = info.socket;
      srflx.base = info.socket;
      srflx.socket = info.socket;
      srflx.priority = local_priority(CandidateType::server_reflexive, info.socket);
      srflx.foundation =
          compute_foundation(CandidateType::server_reflexive, info.socket, info.destination);
      locals.push_back(srflx);
      traceline(now, Direction::inbound, "server-reflexive candidate " + srflx.describe(),
                "RFC 8445 §5.1.1.2");
      emit(LocalCandidate{srflx});
      // No pairs: §6.1.2.4 replaces a srflx local candidate by its base, which makes every pair
      // it would form redundant with the host candidate's.
    }
  }
  on_gather_done(now);
}

void Agent::Impl::on_gather_done(Timestamp now) {
  (void)now;
  if (gathering_outstanding > 0) --gathering_outstanding;
  update_gathering_state();
}

void Agent::Impl::update_gathering_state() {
  if (end_of_local && gathering_outstanding == 0 && gathering_state != GatheringState::complete) {
    gathering_state = GatheringState::complete;
    emit(GatheringStateChanged{gathering_state});
  }
}

}  // namespace rtc::ice
