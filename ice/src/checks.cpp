// Connectivity checks (RFC 8445 §7): sending Binding requests (§7.2.4), answering them (§7.3),
// role conflicts (§7.3.1.1, §7.2.5.1), peer-reflexive candidates (§7.3.1.3, §7.2.5.3.1), the
// symmetric-address rule (§7.2.5.2.1) and what a success or failure does to the checklist.
#include <algorithm>

#include "internal.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/server.hpp"

namespace rtc::ice {

// §7.2.2: USERNAME "remote:local", PRIORITY (what a peer-reflexive candidate learned from this
// check would get), ICE-CONTROLLING or ICE-CONTROLLED with the tiebreaker, USE-CANDIDATE when
// nominating, MESSAGE-INTEGRITY with the remote's password, FINGERPRINT.
Bytes Agent::Impl::build_check(const stun::TransactionId& id, const std::string& username,
                               stun::IntegrityKeys& keys, std::uint32_t priority,
                               bool use_candidate) {
  stun::MessageBuilder b(stun::Method::binding, stun::MessageClass::request, id);
  b.add_username(username);
  b.add_priority(priority);
  if (role == Role::controlling) {
    b.add_ice_controlling(tiebreaker);
    if (use_candidate) b.add_use_candidate();
  } else {
    b.add_ice_controlled(tiebreaker);
  }
  stun::sign(b, keys);
  b.add_fingerprint();
  auto bytes = b.take();
  return bytes ? std::move(*bytes) : Bytes{};
}

bool Agent::Impl::send_check(Timestamp now, Pair& pair, bool use_candidate) {
  if (!has_remote_credentials || !remote_keys) return false;
  const Candidate& local = locals[pair.local];
  const Candidate& remote = remotes[pair.remote];
  const auto id = stun::random_transaction_id(*random);
  const std::uint32_t priority = local_priority(CandidateType::peer_reflexive, local.socket);
  // (a relayed candidate's socket is the host socket that talks to the TURN server)
  Bytes request =
      build_check(id, remote_ufrag + ":" + local_ufrag, *remote_keys, priority, use_candidate);
  if (request.empty()) return false;
  TxInfo info;
  info.kind = TxKind::check;
  info.socket = endpoint(local);
  info.destination = remote.address;
  info.pair_id = pair.id;
  info.use_candidate = use_candidate;
  info.role = role;
  info.priority = priority;
  // §14.3: checks retransmit from check_rto, doubling, for check_max_transmissions in all.
  stun::TransactionConfig tc;
  tc.initial_rto = config.check_rto;
  tc.max_transmissions = config.check_max_transmissions;
  tc.final_wait_multiplier = 4;
  tc.max_rto = config.check_rto * 8;
  auto handle = start_transaction(now, info, std::move(request), tc, remote_keys);
  if (!handle) return false;
  if (!use_candidate) {
    pair.transaction = txs[*handle].id;
    pair.state = PairState::in_progress;
  }
  ++pair.requests_sent;
  traceline(now, Direction::outbound,
            std::string("Binding request ") + (use_candidate ? "with USE-CANDIDATE " : "") +
                endpoint(local).to_string() + " -> " + remote.address.to_string() + " (" +
                ice::to_string(local.type) + "/" + ice::to_string(remote.type) + ")",
            use_candidate ? "RFC 8445 §8.1.1" : "RFC 8445 §7.2.4");
  return true;
}

// §6.1.4.2: one check every Ta: a pending nomination, then the triggered-check queue, then the
// ordinary checklist.
void Agent::Impl::maybe_check(Timestamp now) {
  if (closed || !has_remote_credentials || now < next_check_at) return;
  bool sent = false;
  // A check that cannot even be built (a remote ufrag too long for USERNAME, say) fails its
  // pair; either way the slot is used, so a bad pair can never make the agent spin.
  bool tried = false;
  if (nominating && !nomination_sent) {
    if (Pair* p = find_pair(*nominating)) {
      tried = true;
      sent = send_check(now, *p, true);
      nomination_sent = sent;
      if (!sent) {
        p->state = PairState::failed;
        nominating.reset();
      }
    } else {
      nominating.reset();
    }
  }
  while (!tried && !triggered.empty()) {
    const std::uint64_t id = triggered.front();
    triggered.pop_front();
    Pair* p = find_pair(id);
    if (p == nullptr || p->transaction) continue;  // gone, or a check is already on its way
    tried = true;
    sent = send_check(now, *p, false);
    if (!sent) p->state = PairState::failed;
  }
  if (!tried) {
    if (auto id = next_ordinary_check()) {
      if (Pair* p = find_pair(*id)) {
        tried = true;
        sent = send_check(now, *p, false);
        if (!sent) p->state = PairState::failed;
      }
    }
  }
  if (tried) next_check_at = now + config.ta;
}

void Agent::Impl::respond_error(const SocketAddress& socket, const SocketAddress& from,
                                const stun::MessageView& request, std::uint16_t code,
                                stun::IntegrityKeys* keys) {
  auto b = stun::MessageBuilder::error_response(request, code);
  if (keys != nullptr) stun::sign(b, *keys);
  b.add_fingerprint();
  if (auto bytes = b.take()) send_raw(socket, from, std::move(*bytes));
}

// §7.3.1.3: the source of a check that matches no remote candidate is a peer-reflexive
// candidate, with the priority the check carried. A ".local" candidate with the same port is
// taken to be that host (the agent never waits on mDNS). Bounded: once the table is full, new
// addresses are answered but not learned.
std::optional<std::size_t> Agent::Impl::learn_remote(Timestamp now, const SocketAddress& from,
                                                     std::uint32_t priority) {
  for (std::size_t i = 0; i < remotes.size(); ++i) {
    if (remotes[i].address == from) return i;
  }
  for (std::size_t i = 0; i < remotes.size(); ++i) {
    const Candidate& r = remotes[i];
    if (r.is_mdns() && r.address.is_unspecified() && r.address.port() == from.port()) {
      traceline(now, Direction::inbound,
                "matched " + r.mdns_name + " to the check's source " + from.to_string(),
                "RFC 8445 §7.3.1.3");
      on_remote_resolved(i, from);
      return i;
    }
  }
  if (remotes.size() >= config.max_remote_candidates) return std::nullopt;
  Candidate prflx;
  prflx.type = CandidateType::peer_reflexive;
  prflx.address = from;
  prflx.priority = priority;
  prflx.foundation = compute_foundation(CandidateType::peer_reflexive, from, std::nullopt);
  remotes.push_back(prflx);
  ++learned_prflx;
  traceline(now, Direction::inbound, "peer-reflexive remote candidate " + prflx.describe(),
            "RFC 8445 §7.3.1.3");
  const std::size_t index = remotes.size() - 1;
  for (std::size_t l = 0; l < locals.size(); ++l) add_pair(l, index);
  return index;
}

void Agent::Impl::switch_role(Timestamp now, Role new_role, std::string_view why) {
  if (role == new_role) return;
  role = new_role;
  nominating.reset();
  nomination_sent = false;
  recompute_pair_priorities();
  traceline(
      now, Direction::local,
      std::string("role conflict: now ") + ice::to_string(role) + " (" + std::string(why) + ")",
      "RFC 8445 §7.3.1.1");
  emit(RoleChanged{role});
}

// §7.3: answering a Binding request.
void Agent::Impl::handle_request(Timestamp now, const SocketAddress& socket,
                                 const SocketAddress& from, const stun::MessageView& request) {
  if (request.method() != stun::Method::binding) return;  // TURN and others are not for us
  // RFC 8489 §7.3: a FINGERPRINT that does not match means it is not STUN: silence.
  if (request.fingerprint() && !stun::verify_fingerprint(request)) return;
  // RFC 8489 §9.1.3: no USERNAME or MESSAGE-INTEGRITY: 400; unknown ufrag or a bad HMAC: 401.
  auto username = request.username();
  if (!username || !request.message_integrity()) {
    return respond_error(socket, from, request, stun::error::kBadRequest, nullptr);
  }
  const std::size_t colon = username->find(':');
  const std::string_view local_part = username->substr(0, colon);
  const std::string_view remote_part =
      colon == std::string_view::npos ? std::string_view{} : username->substr(colon + 1);
  stun::IntegrityKeys* keys = nullptr;
  bool old_generation = false;
  if (local_part == local_ufrag) {
    keys = local_keys.get();
  } else if (old_local && local_part == old_local->ufrag) {
    keys = old_local->keys.get();
    old_generation = true;
  } else {
    traceline(now, Direction::inbound, "check with unknown ufrag from " + from.to_string(),
              "RFC 8489 §9.1.3");
    return respond_error(socket, from, request, stun::error::kUnauthenticated, nullptr);
  }
  if (!stun::verify_message_integrity(request, keys->sha1())) {
    traceline(now, Direction::inbound,
              "check with a bad MESSAGE-INTEGRITY from " + from.to_string(), "RFC 8489 §9.1.3");
    return respond_error(socket, from, request, stun::error::kUnauthenticated, nullptr);
  }
  // RFC 8489 §7.3.1: unknown comprehension-required attributes are refused with 420.
  auto unknown = stun::unknown_comprehension_required(request);
  if (!unknown.empty()) {
    auto b = stun::unknown_attributes_response(request, unknown);
    stun::sign(b, *keys);
    b.add_fingerprint();
    if (auto bytes = b.take()) send_raw(socket, from, std::move(*bytes));
    return;
  }

  // §7.3.1.1: both sides think they are controlling (or both controlled): the larger
  // tiebreaker wins; the loser switches roles, or is told to with 487 (Role Conflict).
  if (!old_generation) {
    if (role == Role::controlling && request.has(stun::AttributeType::ice_controlling)) {
      auto theirs = request.ice_controlling();
      if (theirs && tiebreaker >= *theirs) {
        traceline(now, Direction::outbound, "487 Role Conflict to " + from.to_string(),
                  "RFC 8445 §7.3.1.1");
        return respond_error(socket, from, request, stun::error::kRoleConflict, keys);
      }
      switch_role(now, Role::controlled, "the remote's tiebreaker is larger");
    } else if (role == Role::controlled && request.has(stun::AttributeType::ice_controlled)) {
      auto theirs = request.ice_controlled();
      if (theirs && tiebreaker >= *theirs) {
        switch_role(now, Role::controlling, "our tiebreaker is larger");
      } else {
        return respond_error(socket, from, request, stun::error::kRoleConflict, keys);
      }
    }
  }

  // §7.3.1.2 / RFC 8489 §7.3.1.1: success with XOR-MAPPED-ADDRESS = the source, signed with our
  // password, from the socket the request arrived on.
  auto b = stun::MessageBuilder::success_response(request);
  b.add_xor_mapped_address(from);
  stun::sign(b, *keys);
  b.add_fingerprint();
  if (auto bytes = b.take()) send_raw(socket, from, std::move(*bytes));
  if (old_generation) return;
  // A check for an older remote generation (its ufrag no longer the remote's) is only answered.
  if (has_remote_credentials && remote_part != remote_ufrag) return;

  auto priority = request.priority();
  auto remote_index = learn_remote(now, from, priority ? *priority : 0);
  if (!remote_index) return;
  Pair* pair = find_pair(socket, from);
  if (pair == nullptr) {
    for (std::size_t l = 0; l < locals.size(); ++l) {
      const bool usable =
          locals[l].type == CandidateType::host || locals[l].type == CandidateType::relayed;
      if (usable && endpoint(locals[l]) == socket) {
        pair = add_pair(l, *remote_index);
        break;
      }
    }
  }
  if (pair == nullptr) return;  // the table is full of better pairs
  ++pair->requests_received;
  ++pair->responses_sent;
  traceline(now, Direction::inbound,
            std::string("Binding request ") +
                (request.use_candidate() ? "with USE-CANDIDATE " : "") + from.to_string() + " -> " +
                socket.to_string() + ", answered",
            "RFC 8445 §7.3");
  // §7.3.1.4: a triggered check, unless the pair already succeeded or is being checked.
  if (pair->state != PairState::succeeded && pair->state != PairState::in_progress) {
    enqueue_triggered(*pair);
  }
  // §7.3.1.5: the controlling side nominated this pair (regular or aggressive nomination).
  if (request.use_candidate() && role == Role::controlled) {
    pair->remote_nominated = true;
    if (pair->state == PairState::succeeded) on_nominated(now, *pair);
  }
}

void Agent::Impl::on_check_response(Timestamp now, const TxInfo& info,
                                    const stun::TransactionResponse& response) {
  Pair* pair = find_pair(info.pair_id);
  if (pair == nullptr) return;
  if (pair->transaction && *pair->transaction == info.id) pair->transaction.reset();
  auto message = stun::MessageView::parse(response.response);
  if (!message) return;
  ++pair->responses_received;
  if (info.use_candidate && nominating && *nominating == pair->id) {
    nominating.reset();
    nomination_sent = false;
  }
  if (message->is_error_response()) {
    auto code = message->error_code();
    if (code && code->code == stun::error::kRoleConflict) {
      // §7.2.5.1: switch to the role opposite the one the request claimed, and check again.
      if (role == info.role) {
        switch_role(now, info.role == Role::controlling ? Role::controlled : Role::controlling,
                    "487 from the remote");
      }
      pair->state = PairState::waiting;
      enqueue_triggered(*pair);
      return;
    }
    pair->state = PairState::failed;
    traceline(now, Direction::inbound,
              "error response " + std::to_string(code ? code->code : 0) + " from " +
                  response.source.to_string() + ": pair failed",
              "RFC 8445 §7.2.5.2.4");
    return;
  }
  // §7.2.5.2.1: the response must come from where the request went (the socket was checked on
  // arrival); otherwise the pair fails.
  auto mapped = message->xor_mapped_address();
  if (response.source != info.destination || !mapped) {
    pair->state = PairState::failed;
    traceline(now, Direction::inbound,
              "non-symmetric response from " + response.source.to_string() + ": pair failed",
              "RFC 8445 §7.2.5.2.1");
    return;
  }
  // §7.2.5.3.1/§7.2.5.3.2: the valid pair's local candidate is the one XOR-MAPPED-ADDRESS names,
  // or a new peer-reflexive candidate (kept local, never signaled; bounded).
  std::optional<std::size_t> valid_local;
  for (std::size_t i = 0; i < locals.size(); ++i) {
    if (locals[i].address == *mapped && endpoint(locals[i]) == info.socket) valid_local = i;
    if (locals[i].address == *mapped && locals[i].type != CandidateType::relayed &&
        locals[i].socket == info.socket) {
      valid_local = i;
    }
  }
  if (!valid_local && relay_for(info.socket) == nullptr && locals.size() < sockets.size() * 4 + 8) {
    Candidate prflx;
    prflx.type = CandidateType::peer_reflexive;
    prflx.address = *mapped;
    prflx.related = info.socket;
    prflx.base = info.socket;
    prflx.socket = info.socket;
    prflx.priority = info.priority;
    prflx.foundation = compute_foundation(CandidateType::peer_reflexive, info.socket, std::nullopt);
    locals.push_back(prflx);
    valid_local = locals.size() - 1;
    traceline(now, Direction::inbound, "peer-reflexive local candidate " + prflx.describe(),
              "RFC 8445 §7.2.5.3.1");
  }
  pair = find_pair(info.pair_id);  // locals may have grown; pairs did not move, but be safe
  if (pair == nullptr) return;
  pair->valid_local = valid_local;
  const bool was_succeeded = pair->state == PairState::succeeded;
  pair->state = PairState::succeeded;
  if (response.transmissions == 1) {  // Karn: only unambiguous samples
    pair->current_rtt = response.elapsed;
    pair->total_rtt += response.elapsed;
    ++pair->rtt_samples;
  }
  if (!first_valid_at) first_valid_at = now;
  if (!was_succeeded) {
    traceline(now, Direction::inbound,
              "Binding success " + response.source.to_string() + " -> " + info.socket.to_string() +
                  ": pair valid",
              "RFC 8445 §7.2.5.3");
  }
  unfreeze_foundation(pair->foundation);
  if (selected && selected->socket == info.socket && selected->remote_address == info.destination) {
    selected->last_response = now;  // any authenticated response refreshes consent
    selected->unanswered_since.reset();
  }
  if (info.use_candidate && role == Role::controlling) {
    on_nominated(now, *pair);
  } else if (pair->remote_nominated && role == Role::controlled) {
    on_nominated(now, *pair);
  }
}

// §7.2.5.4 / §14.3: no response after every retransmission: the pair failed.
void Agent::Impl::on_check_timeout(Timestamp now, const TxInfo& info) {
  Pair* pair = find_pair(info.pair_id);
  if (info.use_candidate && nominating && *nominating == info.pair_id) {
    nominating.reset();
    nomination_sent = false;
  }
  if (pair == nullptr) return;
  if (pair->transaction && *pair->transaction == info.id) pair->transaction.reset();
  if (!info.use_candidate && pair->state == PairState::succeeded) return;
  pair->state = PairState::failed;
  traceline(now, Direction::local,
            "no response " + info.socket.to_string() + " -> " + info.destination.to_string() +
                ": pair failed",
            "RFC 8445 §7.2.5.4");
}

}  // namespace rtc::ice
