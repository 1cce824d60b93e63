// Consent freshness (RFC 7675) and keepalives (RFC 8445 §11) on the selected pair.
//
// Every consent_interval (5 s by default, jittered to 0.8-1.2x as §5.1 asks) a Binding request,
// authenticated like any check, goes out on the selected pair. An authenticated response
// renews consent. While a request is unanswered a new one follows every second (a lost packet
// must not cost 5 s); after `disconnected_after` without an answer the state is disconnected,
// after `consent_timeout` (30 s, §5.1) since the last answer consent has expired: failed, and
// no more data is sent. The requests also keep NAT bindings open, so no separate keepalive is
// needed (§11: any packet every 15 s suffices).
#include <algorithm>

#include "internal.hpp"

namespace rtc::ice {

namespace {
constexpr Duration kUnansweredRetry = std::chrono::seconds(1);
}

std::optional<Timestamp> Agent::Impl::consent_deadline() const {
  if (!selected || closed) return std::nullopt;
  Timestamp next =
      std::min(selected->next_consent, selected->last_response + config.consent_timeout);
  if (selected->unanswered_since) {
    const Timestamp disconnect = *selected->unanswered_since + config.disconnected_after;
    if (connection_state != ConnectionState::disconnected) next = std::min(next, disconnect);
  }
  return next;
}

void Agent::Impl::consent_tick(Timestamp now) {
  if (!selected || closed || now < selected->next_consent) return;
  Selected& s = *selected;
  const auto id = stun::random_transaction_id(*random);
  Bytes request = build_check(id, s.username, *s.remote_keys,
                              local_priority(CandidateType::peer_reflexive, s.socket), false);
  TxInfo info;
  info.kind = TxKind::consent;
  info.socket = s.socket;
  info.destination = s.remote_address;
  info.role = role;
  // One transmission; the next request is a new transaction (RFC 7675 §5.1).
  stun::TransactionConfig tc;
  tc.initial_rto = kUnansweredRetry;
  tc.max_transmissions = 1;
  tc.final_wait_multiplier = 4;
  if (!request.empty()) start_transaction(now, info, std::move(request), tc, s.remote_keys);
  if (!s.unanswered_since) s.unanswered_since = now;
  const Duration interval = std::chrono::duration_cast<Duration>(config.consent_interval *
                                                                 random->uniform_real(0.8, 1.2));
  // Unanswered for a while already: ask again sooner.
  const bool late = now - *s.unanswered_since >= kUnansweredRetry;
  s.next_consent = now + (late ? std::min(interval, kUnansweredRetry) : interval);
  if (auto* p = find_pair(s.pair_id); p != nullptr && s.generation == generation)
    ++p->requests_sent;
  traceline(now, Direction::outbound, "consent check to " + s.remote_address.to_string(),
            "RFC 7675 §5.1");
}

void Agent::Impl::on_consent_response(Timestamp now, const stun::TransactionResponse& response) {
  if (!selected) return;
  auto message = stun::MessageView::parse(response.response);
  if (!message || !message->is_success_response()) return;
  if (response.source != selected->remote_address) return;
  selected->last_response = now;
  if (selected->unanswered_since) {
    selected->unanswered_since.reset();
  }
  if (auto* p = find_pair(selected->pair_id); p != nullptr && selected->generation == generation) {
    ++p->responses_received;
    p->current_rtt = response.elapsed;
    p->total_rtt += response.elapsed;
    ++p->rtt_samples;
  }
}

}  // namespace rtc::ice
