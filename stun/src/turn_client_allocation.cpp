// The allocation itself: Allocate responses (RFC 8656 §7.3, §7.4), refreshing before expiry and
// deleting with LIFETIME 0 (§8.1, §8.3).
#include <algorithm>
#include <string>

#include "rtc/stun/turn_client.hpp"

namespace rtc::stun {

void TurnClient::on_allocate_success(Timestamp now, const MessageView& response) {
  // §7.3: the relayed transport address is the point of the exercise; without it the response
  // is useless to us.
  auto relayed = response.xor_relayed_address();
  if (!relayed) {
    state_ = State::failed;
    events_.push_back(TurnAllocationFailed{
        0, Error{Errc::malformed,
                 "Allocate success response without a usable XOR-RELAYED-ADDRESS (RFC 8656 "
                 "§7.3): " +
                     relayed.error().message,
                 std::nullopt, std::nullopt, std::nullopt}});
    return;
  }
  relayed_ = *relayed;
  if (auto mapped = response.xor_mapped_address()) mapped_ = *mapped;
  // §7.3: "the client needs to remember the actual lifetime received back from the server".
  const auto seconds_left = response.lifetime().value_or(kTurnDefaultLifetimeSeconds);
  const Duration lifetime = seconds(seconds_left);
  // §7.3: a reserved next port comes with the token that claims it.
  std::optional<std::uint64_t> token;
  if (auto t = response.reservation_token()) token = *t;
  state_ = State::allocated;
  schedule_refresh(now, lifetime);
  trace(now, Direction::inbound,
        "Allocate success: relayed " + relayed_->to_string() +
            (mapped_ ? ", mapped " + mapped_->to_string() : std::string()) + ", lifetime " +
            std::to_string(seconds_left) + " s" +
            (token ? ", next port reserved (RESERVATION-TOKEN)" : std::string()),
        "RFC 8656 §7.3");
  events_.push_back(TurnAllocated{*relayed_, mapped_, lifetime, token});
}

void TurnClient::schedule_refresh(Timestamp now, Duration lifetime) {
  // §8: "It is suggested that the client refresh the allocation roughly 1 minute before it
  // expires"; with a lifetime under two minutes, at half of it.
  expires_ = now + lifetime;
  refresh_at_ = expires_ - std::min(config_.refresh_margin, lifetime / 2);
}

void TurnClient::on_refresh_success(Timestamp now, const Pending& p, const MessageView& response) {
  refresh_in_flight_ = false;
  if (p.lifetime && *p.lifetime == 0) {
    trace(now, Direction::inbound, "Refresh (LIFETIME 0) success: allocation deleted",
          "RFC 8656 §8.3");
    finish(std::nullopt);
    return;
  }
  if (state_ != State::allocated) return;
  const auto seconds_left =
      response.lifetime().value_or(p.lifetime.value_or(kTurnDefaultLifetimeSeconds));
  if (seconds_left == 0) {
    finish(Error{Errc::state, "the server answered a Refresh with LIFETIME 0 (RFC 8656 §8.3)",
                 std::nullopt, std::nullopt, std::nullopt});
    return;
  }
  schedule_refresh(now, seconds(seconds_left));
  trace(now, Direction::inbound, "Refresh success: lifetime " + std::to_string(seconds_left) + " s",
        "RFC 8656 §8.3");
  events_.push_back(TurnRefreshed{seconds(seconds_left)});
}

void TurnClient::on_allocation_failure(Timestamp now, const Pending& p, std::uint16_t code,
                                       Error error) {
  (void)now;
  if (p.kind == RequestKind::allocate) {
    // §7.4: every error left after the 401/438 retries ends this attempt; the code tells the
    // application whether trying again (elsewhere, later) makes sense.
    state_ = State::failed;
    events_.push_back(TurnAllocationFailed{code, std::move(error)});
    return;
  }
  refresh_in_flight_ = false;
  if (p.lifetime && *p.lifetime == 0) {
    // §8.3: "If the client receives a 437 (Allocation Mismatch) error response to a request to
    // delete the allocation, then the allocation no longer exists" - success after all.
    finish(code == error::kAllocationMismatch ? std::nullopt
                                              : std::optional<Error>(std::move(error)));
    return;
  }
  if (state_ != State::allocated) return;
  // §8.3: 437 means the allocation is gone; any other failure leaves us unable to keep it.
  finish(std::move(error));
}

void TurnClient::finish(std::optional<Error> error) {
  cancel_requests();
  permissions_.clear();
  channels_.clear();
  state_ = State::closed;
  events_.push_back(TurnClosed{std::move(error)});
}

}  // namespace rtc::stun
