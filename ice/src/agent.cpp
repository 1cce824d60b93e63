// The public face of the agent: construction, the caller's calls, demultiplexing of received
// datagrams (RFC 7983), the connection state (W3C RTCIceConnectionState) and the timers. Each
// protocol step lives in its own file (see internal.hpp).
#include "rtc/ice/agent.hpp"

#include <algorithm>

#include "internal.hpp"
#include "mdns_codec.hpp"
#include "rtc/stun/demux.hpp"

namespace rtc::ice {

const char* to_string(Role role) {
  return role == Role::controlling ? "controlling" : "controlled";
}

const char* to_string(ConnectionState state) {
  switch (state) {
    case ConnectionState::new_:
      return "new";
    case ConnectionState::checking:
      return "checking";
    case ConnectionState::connected:
      return "connected";
    case ConnectionState::completed:
      return "completed";
    case ConnectionState::disconnected:
      return "disconnected";
    case ConnectionState::failed:
      return "failed";
    case ConnectionState::closed:
      return "closed";
  }
  return "?";
}

const char* to_string(GatheringState state) {
  switch (state) {
    case GatheringState::new_:
      return "new";
    case GatheringState::gathering:
      return "gathering";
    case GatheringState::complete:
      return "complete";
  }
  return "?";
}

const char* to_string(PairState state) {
  switch (state) {
    case PairState::frozen:
      return "frozen";
    case PairState::waiting:
      return "waiting";
    case PairState::in_progress:
      return "in-progress";
    case PairState::succeeded:
      return "succeeded";
    case PairState::failed:
      return "failed";
  }
  return "?";
}

namespace {

std::shared_ptr<stun::IntegrityKeys> make_keys(std::string_view pwd) {
  // RFC 8489 §9.1.1: key = OpaqueString(password). ice-chars are ASCII, so this only fails for
  // a password no agent should send; use the bytes as they are then.
  if (auto keys = stun::IntegrityKeys::short_term(pwd)) {
    return std::make_shared<stun::IntegrityKeys>(std::move(*keys));
  }
  return std::make_shared<stun::IntegrityKeys>(as_bytes(pwd));
}

}  // namespace

Agent::Impl::Impl(AgentConfig cfg, Random& rnd)
    : config(std::move(cfg)),
      random(&rnd),
      transactions(stun::TransactionConfig{}, config.trace),
      role(config.role),
      tiebreaker(config.tiebreaker != 0 ? config.tiebreaker : rnd.u64()) {
  // RFC 8839 §5.4: ufrag 4+ and pwd 22+ ice-chars; draw them when the caller left them empty.
  if (config.local_ufrag.empty()) config.local_ufrag = rnd.token(8);
  if (config.local_pwd.empty()) config.local_pwd = rnd.token(24);
  local_ufrag = config.local_ufrag;
  local_pwd = config.local_pwd;
  local_keys = make_keys(local_pwd);
  if (config.ta <= Duration::zero()) config.ta = milliseconds(1);
  if (config.check_max_transmissions == 0) config.check_max_transmissions = 1;
  if (config.gathering_max_transmissions == 0) config.gathering_max_transmissions = 1;
}

void Agent::Impl::send_raw(const SocketAddress& socket, const SocketAddress& to, Bytes data) {
  if (find_socket(socket) == nullptr && relay_for(socket) != nullptr) {
    return relay_send(now, socket, to, data);  // from a relayed candidate: through TURN
  }
  transmits.push_back(Transmit{socket, to, std::move(data)});
}

std::optional<std::uint64_t> Agent::Impl::start_transaction(
    Timestamp now, TxInfo info, Bytes request, stun::TransactionConfig tc,
    std::shared_ptr<stun::IntegrityKeys> keys) {
  const std::uint64_t handle = next_tx++;
  stun::TransactionOptions options;
  options.user_data = handle;
  options.config = tc;
  options.auth = keys ? stun::ResponseAuth::short_term : stun::ResponseAuth::none;
  options.keys = std::move(keys);
  auto id = transactions.start(now, std::move(request), info.destination, std::move(options));
  if (!id) return std::nullopt;
  info.id = *id;
  txs.emplace(handle, std::move(info));
  flush_transactions(now);
  return handle;
}

// Moves the transaction manager's output into ours (tagged with the socket each transaction
// belongs to) and dispatches its events to the step that started the transaction.
void Agent::Impl::flush_transactions(Timestamp now) {
  while (auto t = transactions.poll_transmit()) {
    auto it = txs.find(t->user_data);
    if (it == txs.end()) continue;
    send_raw(it->second.socket, t->destination, std::move(t->data));
  }
  while (auto e = transactions.poll_event()) {
    const std::uint64_t handle = std::visit([](const auto& ev) { return ev.user_data; }, *e);
    auto it = txs.find(handle);
    if (it == txs.end()) continue;
    const TxInfo info = std::move(it->second);
    txs.erase(it);
    if (auto* response = std::get_if<stun::TransactionResponse>(&*e)) {
      switch (info.kind) {
        case TxKind::check:
          on_check_response(now, info, *response);
          break;
        case TxKind::gather:
          on_gather_response(now, info, *response);
          break;
        case TxKind::consent:
          on_consent_response(now, *response);
          break;
      }
    } else {
      switch (info.kind) {
        case TxKind::check:
          on_check_timeout(now, info);
          break;
        case TxKind::gather:
          traceline(now, Direction::local,
                    "no answer from STUN server " + info.destination.to_string(),
                    "RFC 8445 §5.1.1.2");
          on_gather_done(now);
          break;
        case TxKind::consent:
          break;  // consent is judged by the time of the last response (consent.cpp)
      }
    }
  }
}

bool Agent::Impl::is_known_remote(const SocketAddress& socket, const SocketAddress& from) const {
  if (selected && selected->socket == socket && selected->remote_address == from) return true;
  for (const auto& p : pairs) {
    if (remotes[p.remote].address == from && endpoint(locals[p.local]) == socket) return true;
  }
  return false;
}

void Agent::Impl::set_connection_state(ConnectionState state) {
  if (state == connection_state) return;
  connection_state = state;
  emit(ConnectionStateChanged{state});
}

// W3C RTCIceConnectionState from the checklist and consent (RFC 7675 §5.1).
void Agent::Impl::update_state(Timestamp now) {
  if (closed) return set_connection_state(ConnectionState::closed);
  if (selected && now - selected->last_response >= config.consent_timeout) {
    // RFC 7675 §5.1: consent expired; stop sending on the pair.
    traceline(
        now, Direction::local,
        "consent expired on " + selected->local.describe() + " -> " + selected->remote.describe(),
        "RFC 7675 §5.1");
    selected.reset();
    consent_expired = true;
  }
  if (consent_expired && !selected) return set_connection_state(ConnectionState::failed);
  if (selected) {
    if (selected->unanswered_since &&
        now - *selected->unanswered_since >= config.disconnected_after) {
      return set_connection_state(ConnectionState::disconnected);
    }
    bool checks_pending = !triggered.empty() || nominating.has_value();
    for (const auto& p : pairs) checks_pending |= p.state == PairState::in_progress;
    const bool done = end_of_remote && !checks_pending && selected_current();
    return set_connection_state(done ? ConnectionState::completed : ConnectionState::connected);
  }
  // W3C iceConnectionState "connected": a usable connection exists (a valid pair, which may
  // carry data before nomination, RFC 8445 §12.1) while checks go on.
  for (const auto& p : pairs) {
    if (p.state == PairState::succeeded) return set_connection_state(ConnectionState::connected);
  }
  if (pairs.empty() && remotes.empty() && !has_remote_credentials) {
    return set_connection_state(ConnectionState::new_);
  }
  // Failed: every pair failed and nothing more can come (RFC 8838 §8: end-of-candidates), and
  // no ".local" name is still being resolved.
  bool all_failed = !pairs.empty();
  for (const auto& p : pairs) all_failed &= p.state == PairState::failed;
  if (end_of_remote && all_failed && triggered.empty() && !mdns_pending() &&
      (has_remote_credentials || !remotes.empty())) {
    return set_connection_state(ConnectionState::failed);
  }
  if (connection_state == ConnectionState::new_ && pairs.empty()) return;
  set_connection_state(ConnectionState::checking);
}

// --- Agent -------------------------------------------------------------------------------------

Agent::Agent(AgentConfig config, Random& random)
    : impl_(std::make_unique<Impl>(std::move(config), random)) {}
Agent::Agent(Agent&&) noexcept = default;
Agent& Agent::operator=(Agent&&) noexcept = default;
Agent::~Agent() = default;

void Agent::add_local_address(Timestamp now, const SocketAddress& address) {
  if (impl_->closed) return;
  impl_->now = now;
  impl_->add_local_address(now, address);
  impl_->maybe_check(now);
  impl_->update_state(now);
}

void Agent::end_of_local_addresses(Timestamp now) {
  if (impl_->closed) return;
  impl_->end_of_local = true;
  impl_->update_gathering_state();
  impl_->update_state(now);
}

void Agent::set_remote_credentials(std::string ufrag, std::string pwd) {
  auto& s = *impl_;
  if (s.closed) return;
  if (s.has_remote_credentials && (ufrag != s.remote_ufrag || pwd != s.remote_pwd)) {
    // The remote restarted ICE (RFC 8445 §9): its candidates and our pairs belong to the old
    // generation. The selected pair keeps its own copy of the old credentials.
    for (auto& [handle, info] : s.txs) {
      if (info.kind == TxKind::check) s.transactions.cancel(info.id);
    }
    std::erase_if(s.txs, [](const auto& kv) { return kv.second.kind == TxKind::check; });
    s.remotes.clear();
    s.pairs.clear();
    s.triggered.clear();
    s.nominating.reset();
    s.first_valid_at.reset();
    s.learned_prflx = 0;
    s.end_of_remote = false;
    ++s.generation;
    s.remote_restarted = true;
  }
  s.remote_ufrag = std::move(ufrag);
  s.remote_pwd = std::move(pwd);
  s.remote_keys = make_keys(s.remote_pwd);
  s.has_remote_credentials = true;
}

void Agent::set_remote_lite(bool lite) {
  auto& s = *impl_;
  s.remote_lite = lite;
  // RFC 8445 §6.1.1: facing a lite agent, the full agent is controlling.
  if (lite && s.role == Role::controlled) {
    s.role = Role::controlling;
    s.recompute_pair_priorities();
    s.emit(RoleChanged{s.role});
  }
}

Result<void> Agent::add_remote_candidate(Timestamp now, Candidate candidate) {
  auto& s = *impl_;
  s.now = now;
  if (s.closed) return fail(Errc::state, "the ICE agent is closed");
  if (candidate.component != 1) return {};  // one component (rtcp-mux); others are ignored
  if (!candidate.is_mdns() &&
      (candidate.address.is_unspecified() || candidate.address.port() == 0)) {
    return fail(Errc::invalid_argument, "remote candidate without a usable address");
  }
  // Duplicates: the same address (or the same .local name and port) is one candidate. A
  // signaled candidate that matches a peer-reflexive one learned from a check replaces its type
  // and priority (RFC 8445 §7.3.1.3 lets the later signaling win).
  for (std::size_t i = 0; i < s.remotes.size(); ++i) {
    auto& r = s.remotes[i];
    const bool same = candidate.is_mdns()
                          ? (r.is_mdns() && r.mdns_name == candidate.mdns_name &&
                             r.address.port() == candidate.address.port())
                          : (!r.address.is_unspecified() && r.address == candidate.address);
    if (!same) continue;
    if (r.type == CandidateType::peer_reflexive &&
        candidate.type != CandidateType::peer_reflexive) {
      r.type = candidate.type;
      r.foundation = candidate.foundation;
      r.priority = candidate.priority;
      r.related = candidate.related;
      s.recompute_pair_priorities();
    }
    return {};
  }
  if (s.remotes.size() >= s.config.max_remote_candidates) {
    return fail(Errc::invalid_argument, "too many remote candidates");
  }
  candidate.base = SocketAddress();
  candidate.socket = SocketAddress();
  s.remotes.push_back(std::move(candidate));
  const std::size_t index = s.remotes.size() - 1;
  const auto& added = s.remotes[index];
  s.traceline(now, Direction::inbound, "remote candidate " + added.describe(), "RFC 8838 §11");
  if (added.is_mdns()) {
    if (s.config.resolve_mdns) s.resolve_mdns(now, added.mdns_name);
  } else {
    s.form_pairs_for_remote(index);
  }
  s.maybe_check(now);
  s.update_state(now);
  return {};
}

void Agent::end_of_remote_candidates(Timestamp now) {
  impl_->end_of_remote = true;
  impl_->update_state(now);
}

void Agent::restart(Timestamp now, std::string local_ufrag, std::string local_pwd) {
  auto& s = *impl_;
  if (s.closed) return;
  // RFC 8445 §9: new credentials, a new checklist, the same sockets and candidates. The old
  // generation's checks are still answered until the new one selects a pair.
  s.old_local = OldCredentials{s.local_ufrag, s.local_keys};
  s.local_ufrag = local_ufrag.empty() ? s.random->token(8) : std::move(local_ufrag);
  s.local_pwd = local_pwd.empty() ? s.random->token(24) : std::move(local_pwd);
  s.local_keys = make_keys(s.local_pwd);
  for (auto& [handle, info] : s.txs) {
    if (info.kind == TxKind::check) s.transactions.cancel(info.id);
  }
  std::erase_if(s.txs, [](const auto& kv) { return kv.second.kind == TxKind::check; });
  if (s.remote_restarted) {
    // The remote restarted first: keep what it sent for the new generation, pair it afresh
    // (the old pairs were built for our old ufrag).
    s.pairs.clear();
  } else {
    s.has_remote_credentials = false;
    s.remote_ufrag.clear();
    s.remote_pwd.clear();
    s.remote_keys.reset();
    s.remotes.clear();
    s.pairs.clear();
  }
  s.remote_restarted = false;
  s.triggered.clear();
  s.nominating.reset();
  s.first_valid_at.reset();
  s.learned_prflx = 0;
  s.consent_expired = false;
  ++s.generation;
  if (s.has_remote_credentials) {
    for (std::size_t r = 0; r < s.remotes.size(); ++r) s.form_pairs_for_remote(r);
  } else {
    s.end_of_remote = false;
  }
  // The same candidates again, to be signaled with the new ufrag.
  s.emit(GatheringStateChanged{GatheringState::gathering});
  s.gathering_state = GatheringState::gathering;
  for (const auto& c : s.locals) {
    if (c.type != CandidateType::peer_reflexive) s.emit(LocalCandidate{c});
  }
  s.update_gathering_state();
  s.traceline(now, Direction::local, "ICE restart, new ufrag " + s.local_ufrag, "RFC 8445 §9");
  s.maybe_check(now);
  s.update_state(now);
}

void Agent::close(Timestamp now) {
  auto& s = *impl_;
  if (s.closed) return;
  s.closed = true;
  for (auto& [handle, info] : s.txs) s.transactions.cancel(info.id);
  s.txs.clear();
  s.triggered.clear();
  s.selected.reset();
  s.transmits.clear();
  s.close_relays(now);  // deallocations are the last datagrams the agent asks to send
  s.update_state(now);
}

// A STUN message for the agent: a check (§7.3) or a response to one of its transactions.
bool Agent::Impl::receive_stun(Timestamp now, const SocketAddress& socket,
                               const SocketAddress& from, BytesView datagram) {
  // RFC 7983 §7: the first byte says which protocol a datagram belongs to.
  if (stun::classify_packet(datagram) != stun::PacketKind::stun) return false;
  auto message = stun::MessageView::parse(datagram);
  if (!message) return false;
  if (message->is_request()) {
    handle_request(now, socket, from, *message);
  } else if (message->is_response()) {
    // A response must come back to the socket its request left from (§7.2.5.2.1).
    for (const auto& [handle, info] : txs) {
      if (message->has_transaction_id(info.id)) {
        if (info.socket == socket) transactions.handle_receive(now, from, datagram);
        break;
      }
    }
  }
  // Indications (RFC 8445 §11 keepalives) need no answer.
  return true;
}

std::optional<BytesView> Agent::handle_receive(Timestamp now, const SocketAddress& socket,
                                               const SocketAddress& from, BytesView datagram) {
  auto& s = *impl_;
  if (s.closed || s.find_socket(socket) == nullptr) return std::nullopt;
  s.now = now;
  std::optional<BytesView> application;
  if (s.relay_receive(now, socket, from, datagram, application)) {
    // TURN: a response to the client, or data relayed from a peer (RFC 8656 §11.4, §12.6)
  } else if (s.receive_stun(now, socket, from, datagram)) {
    // a check or a response
  } else if (from.port() == mdns::kPort && s.handle_mdns(now, from, datagram)) {
    // an mDNS answer (RFC 6762 §6.7)
  } else if (s.is_known_remote(socket, from)) {
    application = datagram;
    if (auto* p = s.find_pair(socket, from)) p->bytes_received += datagram.size();
  }
  s.flush_transactions(now);
  s.maybe_nominate(now);
  s.maybe_check(now);
  s.update_state(now);
  return application;
}

void Agent::handle_timeout(Timestamp now) {
  auto& s = *impl_;
  if (s.closed) return;
  s.now = now;
  s.transactions.handle_timeout(now);
  s.flush_transactions(now);
  s.relays_tick(now);
  s.mdns_tick(now);
  s.consent_tick(now);
  s.maybe_nominate(now);
  s.maybe_check(now);
  s.update_state(now);
}

std::optional<Transmit> Agent::poll_transmit() {
  auto& s = *impl_;
  if (s.transmits.empty()) return std::nullopt;
  Transmit t = std::move(s.transmits.front());
  s.transmits.pop_front();
  return t;
}

std::optional<Event> Agent::poll_event() {
  auto& s = *impl_;
  if (s.events.empty()) return std::nullopt;
  Event e = std::move(s.events.front());
  s.events.pop_front();
  return e;
}

std::optional<Timestamp> Agent::poll_timeout() const {
  const auto& s = *impl_;
  if (s.closed) return std::nullopt;
  std::optional<Timestamp> next = s.transactions.poll_timeout();
  auto consider = [&next](std::optional<Timestamp> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  if (s.has_check_work()) consider(s.next_check_at);
  consider(s.nomination_deadline());
  consider(s.consent_deadline());
  consider(s.mdns_deadline());
  consider(s.relays_deadline());
  return next;
}

Result<void> Agent::send(Timestamp now, BytesView data) {
  auto& s = *impl_;
  s.now = now;
  if (s.closed) return fail(Errc::state, "the ICE agent is closed");
  if (!s.selected) {
    // RFC 7675 §5.1: once consent expired nothing is sent, on any pair.
    if (s.consent_expired) return fail(Errc::state, "consent expired (RFC 7675 §5.1)");
    // RFC 8445 §12.1: data may go out on a valid pair before nomination; the best one (pairs
    // are sorted) until a pair is selected. This is what lets DTLS start as soon as ICE has a
    // working path instead of one pacing interval later, when the nomination completes.
    for (auto& p : s.pairs) {
      if (p.state != PairState::succeeded) continue;
      s.send_raw(endpoint(s.locals[p.local]), s.remotes[p.remote].address,
                 Bytes(data.begin(), data.end()));
      p.bytes_sent += data.size();
      return {};
    }
    return fail(Errc::state, "no valid candidate pair yet");
  }
  s.send_raw(s.selected->socket, s.selected->remote_address, Bytes(data.begin(), data.end()));
  if (auto* p = s.find_pair(s.selected->pair_id)) p->bytes_sent += data.size();
  return {};
}

Role Agent::role() const {
  return impl_->role;
}
ConnectionState Agent::connection_state() const {
  return impl_->connection_state;
}
GatheringState Agent::gathering_state() const {
  return impl_->gathering_state;
}
std::vector<Candidate> Agent::local_candidates() const {
  std::vector<Candidate> out;
  for (const auto& c : impl_->locals) {
    if (c.type != CandidateType::peer_reflexive) out.push_back(c);
  }
  return out;
}
std::vector<Candidate> Agent::remote_candidates() const {
  return impl_->remotes;
}
std::optional<std::pair<Candidate, Candidate>> Agent::selected_pair() const {
  if (!impl_->selected) return std::nullopt;
  return std::make_pair(impl_->selected->local, impl_->selected->remote);
}

std::vector<PairStats> Agent::pair_stats() const {
  const auto& s = *impl_;
  std::vector<PairStats> out;
  out.reserve(s.pairs.size());
  for (const auto& p : s.pairs) {
    PairStats st;
    st.local = s.locals[p.valid_local.value_or(p.local)];
    st.remote = s.remotes[p.remote];
    st.state = p.state;
    st.priority = p.priority;
    st.nominated = p.nominated;
    st.selected =
        s.selected && s.selected->generation == s.generation && s.selected->pair_id == p.id;
    st.requests_sent = p.requests_sent;
    st.responses_received = p.responses_received;
    st.requests_received = p.requests_received;
    st.responses_sent = p.responses_sent;
    st.bytes_sent = p.bytes_sent;
    st.bytes_received = p.bytes_received;
    st.current_rtt = p.current_rtt;
    st.total_rtt = p.total_rtt;
    st.rtt_samples = p.rtt_samples;
    out.push_back(std::move(st));
  }
  return out;
}

const std::string& Agent::local_ufrag() const {
  return impl_->local_ufrag;
}
const std::string& Agent::local_pwd() const {
  return impl_->local_pwd;
}

}  // namespace rtc::ice
