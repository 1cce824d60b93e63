// The checklist (RFC 8445 §6.1.2): forming pairs, their priorities, pruning redundant pairs,
// the Frozen/Waiting states and foundations, the triggered-check queue and which check comes
// next (§6.1.4.2).
#include <algorithm>

#include "internal.hpp"

namespace rtc::ice {

namespace {

bool pairable(const Candidate& local, const Candidate& remote) {
  // §6.1.2.2: same component and address family. Only host and relayed local candidates form
  // pairs: a srflx (or prflx) local candidate is replaced by its base, the host candidate, and
  // the pair would be redundant with the host's (§6.1.2.4).
  if (local.type != CandidateType::host && local.type != CandidateType::relayed) return false;
  if (remote.address.is_unspecified() || remote.address.port() == 0) return false;
  return local.component == remote.component && local.address.family() == remote.address.family();
}

}  // namespace

Pair* Agent::Impl::find_pair(std::uint64_t id) {
  for (auto& p : pairs) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

Pair* Agent::Impl::find_pair(const SocketAddress& socket, const SocketAddress& remote) {
  for (auto& p : pairs) {
    if (endpoint(locals[p.local]) == socket && remotes[p.remote].address == remote) return &p;
  }
  return nullptr;
}

// §6.1.2.3, with G the controlling side's candidate priority.
void Agent::Impl::recompute_pair_priorities() {
  for (auto& p : pairs) {
    const std::uint32_t l = locals[p.local].priority;
    const std::uint32_t r = remotes[p.remote].priority;
    p.priority =
        role == Role::controlling ? detail::pair_priority(l, r) : detail::pair_priority(r, l);
  }
  sort_pairs();
}

void Agent::Impl::sort_pairs() {
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const Pair& a, const Pair& b) { return a.priority > b.priority; });
}

Pair* Agent::Impl::add_pair(std::size_t local_index, std::size_t remote_index) {
  const Candidate& local = locals[local_index];
  const Candidate& remote = remotes[remote_index];
  if (!pairable(local, remote)) return nullptr;
  // §6.1.2.4: a pair with the same local base and remote address as an existing one is
  // redundant (remote candidates are already unique by address).
  for (auto& p : pairs) {
    if (endpoint(locals[p.local]) == endpoint(local) &&
        remotes[p.remote].address == remote.address) {
      return &p;
    }
  }
  Pair pair;
  pair.id = next_pair_id++;
  pair.local = local_index;
  pair.remote = remote_index;
  pair.foundation = local.foundation + ":" + remote.foundation;
  pair.priority = role == Role::controlling
                      ? detail::pair_priority(local.priority, remote.priority)
                      : detail::pair_priority(remote.priority, local.priority);
  // §6.1.2.5: at most max_pairs; the lowest-priority pair that is not being or has not been
  // checked makes room, or the new pair is not added.
  if (pairs.size() >= config.max_pairs) {
    auto victim = std::find_if(pairs.rbegin(), pairs.rend(), [](const Pair& p) {
      return p.state == PairState::frozen || p.state == PairState::waiting ||
             p.state == PairState::failed;
    });
    if (victim == pairs.rend() || victim->priority > pair.priority) return nullptr;
    const std::uint64_t gone = victim->id;
    pairs.erase(std::next(victim).base());
    std::erase(triggered, gone);
  }
  const std::uint64_t id = pair.id;
  relay_permission(now, local, remote.address);  // RFC 8656 §9, for a relayed local side
  pairs.push_back(std::move(pair));
  sort_pairs();
  return find_pair(id);
}

void Agent::Impl::form_pairs_for_remote(std::size_t remote_index) {
  for (std::size_t l = 0; l < locals.size(); ++l) add_pair(l, remote_index);
  unfreeze_initial();
}

void Agent::Impl::form_pairs_for_local(std::size_t local_index) {
  for (std::size_t r = 0; r < remotes.size(); ++r) add_pair(local_index, r);
  unfreeze_initial();
}

// §6.1.2.6: for each foundation, the highest-priority pair starts Waiting, the rest Frozen. With
// trickle (RFC 8838 §10) pairs arrive later: a new foundation gets its first Waiting pair then.
void Agent::Impl::unfreeze_initial() {
  std::vector<const std::string*> active;
  for (const auto& p : pairs) {
    if (p.state != PairState::frozen) active.push_back(&p.foundation);
  }
  for (auto& p : pairs) {  // highest priority first
    if (p.state != PairState::frozen) continue;
    const bool seen = std::any_of(active.begin(), active.end(),
                                  [&](const std::string* f) { return *f == p.foundation; });
    if (seen) continue;
    p.state = PairState::waiting;
    active.push_back(&p.foundation);
  }
}

// §7.2.5.3.3: a success unfreezes the pairs that share its foundation.
void Agent::Impl::unfreeze_foundation(const std::string& foundation) {
  for (auto& p : pairs) {
    if (p.state == PairState::frozen && p.foundation == foundation) p.state = PairState::waiting;
  }
}

// §6.1.4.1 / §7.3.1.4: the pair goes to the back of the triggered-check queue, once.
void Agent::Impl::enqueue_triggered(Pair& pair) {
  if (std::find(triggered.begin(), triggered.end(), pair.id) != triggered.end()) return;
  if (triggered.size() >= config.max_triggered_checks) return;  // bounded; ordinary checks go on
  if (pair.state != PairState::in_progress) pair.state = PairState::waiting;
  triggered.push_back(pair.id);
}

bool Agent::Impl::selected_current() const {
  return selected && selected->generation == generation;
}

// §6.1.4.2: the highest-priority Waiting pair, else the highest-priority Frozen one. Once this
// generation has a selected pair, ordinary checks stop (triggered ones go on).
std::optional<std::uint64_t> Agent::Impl::next_ordinary_check() const {
  if (selected_current()) return std::nullopt;
  for (const auto& p : pairs) {
    if (p.state == PairState::waiting && !p.transaction) return p.id;
  }
  for (const auto& p : pairs) {
    if (p.state == PairState::frozen) return p.id;
  }
  return std::nullopt;
}

bool Agent::Impl::has_check_work() const {
  if (closed || !has_remote_credentials) return false;
  if (nominating && !nomination_sent) return true;
  return !triggered.empty() || next_ordinary_check().has_value();
}

}  // namespace rtc::ice
