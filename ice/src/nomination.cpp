// Nomination (RFC 8445 §8): the controlling agent picks a valid pair and checks it again with
// USE-CANDIDATE (regular nomination, §8.1.1); when that check succeeds both sides use the pair.
// A controlled agent accepts a nomination whenever it arrives (so aggressive nomination by an
// older peer and ice-lite peers also work) and prefers the highest-priority nominated pair.
#include "internal.hpp"

namespace rtc::ice {

std::optional<Timestamp> Agent::Impl::nomination_deadline() const {
  if (role != Role::controlling || closed || nominating || selected_current() || !first_valid_at) {
    return std::nullopt;
  }
  return *first_valid_at + config.nomination_delay;
}

void Agent::Impl::maybe_nominate(Timestamp now) {
  if (role != Role::controlling || closed || nominating || selected_current()) return;
  const Pair* best = nullptr;
  for (const auto& p : pairs) {  // sorted: the first valid one is the best
    if (p.state == PairState::succeeded) {
      best = &p;
      break;
    }
  }
  if (best == nullptr) return;
  // Wait while a better pair may still succeed, but not longer than nomination_delay.
  bool better_pending = false;
  for (const auto& p : pairs) {
    if (&p == best) break;
    better_pending |= p.state != PairState::failed;
  }
  if (better_pending && !remote_lite && first_valid_at &&
      now < *first_valid_at + config.nomination_delay) {
    return;
  }
  nominating = best->id;
  nomination_sent = false;
  traceline(
      now, Direction::local,
      "nominating " + locals[best->local].describe() + " -> " + remotes[best->remote].describe(),
      "RFC 8445 §8.1.1");
}

void Agent::Impl::on_nominated(Timestamp now, Pair& pair) {
  pair.nominated = true;
  traceline(now, Direction::local,
            "nominated " + locals[pair.local].describe() + " -> " + remotes[pair.remote].describe(),
            "RFC 8445 §8.1.1");
  // The controlled side keeps the highest-priority nominated pair (§8.1.1); a pair of an older
  // generation always gives way to the new one (§9).
  if (selected_current() && selected->pair_id != pair.id && pair.priority <= selected->priority) {
    return;
  }
  select(now, pair);
}

void Agent::Impl::select(Timestamp now, Pair& pair) {
  if (selected_current() && selected->pair_id == pair.id) return;
  Selected s;
  s.pair_id = pair.id;
  s.generation = generation;
  s.priority = pair.priority;
  s.local = locals[pair.valid_local.value_or(pair.local)];
  s.remote = remotes[pair.remote];
  s.socket = endpoint(locals[pair.local]);
  s.remote_address = remotes[pair.remote].address;
  s.username = remote_ufrag + ":" + local_ufrag;
  s.remote_keys = remote_keys;
  // RFC 7675 §5.1: the check that just succeeded is the first consent.
  s.last_response = now;
  s.next_consent = now + std::chrono::duration_cast<Duration>(config.consent_interval *
                                                              random->uniform_real(0.8, 1.2));
  selected = std::move(s);
  // RFC 8656 §12: a channel for the selected pair through a relay (4-byte framing from now on).
  if (locals[pair.local].type == CandidateType::relayed) {
    relay_channel(now, selected->socket, selected->remote_address);
  }
  old_local.reset();  // the restart is over: the old credentials are no longer answered
  traceline(now, Direction::local,
            "selected " + selected->local.describe() + " -> " + selected->remote.describe(),
            "RFC 8445 §8.1.1");
  emit(SelectedPairChanged{selected->local, selected->remote});
}

}  // namespace rtc::ice
