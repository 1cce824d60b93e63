// Permissions (RFC 8656 §9, §10) and channels (§12): who may talk to us through the relay, and
// the 4-byte framing for the peers we talk to most. Both are refreshed before they lapse.
#include <algorithm>
#include <string>

#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/turn_client.hpp"

namespace rtc::stun {

SocketAddress TurnClient::ip_key(const SocketAddress& peer) {
  // §9: "only addresses are compared and port numbers are not considered".
  SocketAddress key = peer;
  key.set_port(0);
  return key;
}

Result<void> TurnClient::check_peer(const SocketAddress& peer) const {
  if (state_ != State::allocated || !relayed_) {
    return fail(Errc::state,
                std::string("no allocation (state ") + to_string(state_) + "): allocate first");
  }
  if (peer.family() != relayed_->family()) {
    // The server would answer 443 (Peer Address Family Mismatch, §19): say so before asking.
    return fail(Errc::invalid_argument, "peer " + peer.to_string() + " is " +
                                            to_string(peer.family()) + " but the relayed address " +
                                            relayed_->to_string() + " is " +
                                            to_string(relayed_->family()) + " (RFC 8656 §10.2)");
  }
  return {};
}

TurnClient::Permission* TurnClient::find_permission(const SocketAddress& peer) {
  auto it = permissions_.find(ip_key(peer));
  return it == permissions_.end() ? nullptr : &it->second;
}

const TurnClient::Permission* TurnClient::find_permission(const SocketAddress& peer) const {
  auto it = permissions_.find(ip_key(peer));
  return it == permissions_.end() ? nullptr : &it->second;
}

TurnClient::Channel* TurnClient::find_channel_by_peer(const SocketAddress& peer) {
  auto it = std::find_if(channels_.begin(), channels_.end(),
                         [&](const Channel& c) { return c.peer == peer; });
  return it == channels_.end() ? nullptr : &*it;
}

TurnClient::Channel* TurnClient::find_channel_by_number(std::uint16_t number) {
  auto it = std::find_if(channels_.begin(), channels_.end(),
                         [&](const Channel& c) { return c.number == number; });
  return it == channels_.end() ? nullptr : &*it;
}

bool TurnClient::has_permission(const SocketAddress& peer) const {
  const Permission* p = find_permission(peer);
  return p != nullptr && p->active;
}

std::optional<std::uint16_t> TurnClient::channel(const SocketAddress& peer) const {
  for (const auto& c : channels_) {
    if (c.peer == peer && c.bound) return c.number;
  }
  return std::nullopt;
}

Result<void> TurnClient::create_permission(Timestamp now, const SocketAddress& peer) {
  if (auto ok = check_peer(peer); !ok) return ok;
  auto [it, inserted] = permissions_.try_emplace(ip_key(peer));
  Permission& permission = it->second;
  if (inserted) permission.peer = peer;
  if (permission.active || permission.in_flight) return {};
  permission.in_flight = true;
  Pending p;
  p.kind = RequestKind::create_permission;
  p.peer = peer;
  auto sent = send_request(now, std::move(p));
  if (!sent) permissions_.erase(it);
  return sent;
}

Result<std::uint16_t> TurnClient::bind_channel(Timestamp now, const SocketAddress& peer) {
  if (auto ok = check_peer(peer); !ok) return std::unexpected(ok.error());
  if (Channel* existing = find_channel_by_peer(peer)) return existing->number;
  // §12: a number is never reused for another peer here (numbers only go up), which also
  // honours "the client MUST wait 5 minutes after the channel binding expires before
  // attempting to bind the channel number to a different transport address".
  if (next_channel_ > kMaxChannelNumber) {
    return fail(Errc::unsupported, "all 4096 channel numbers (0x4000-0x4FFF) used (RFC 8656 §12)");
  }
  const std::uint16_t number = next_channel_++;
  channels_.push_back(Channel{number, peer, false, true, {}});
  Pending p;
  p.kind = RequestKind::channel_bind;
  p.peer = peer;
  p.channel = number;
  if (auto sent = send_request(now, std::move(p)); !sent) {
    channels_.pop_back();
    return std::unexpected(sent.error());
  }
  return number;
}

void TurnClient::on_permission_success(Timestamp now, const SocketAddress& peer,
                                       bool answered_create) {
  if (state_ != State::allocated) return;
  auto [it, inserted] = permissions_.try_emplace(ip_key(peer));
  Permission& permission = it->second;
  if (inserted) permission.peer = peer;
  const bool was_active = permission.active;
  permission.active = true;
  if (answered_create) permission.in_flight = false;
  // §9: the server's permission now lives 300 s; refresh well before.
  permission.refresh_at = now + config_.permission_refresh;
  if (was_active) return;
  events_.push_back(TurnPermissionCreated{permission.peer});
  flush_queue(now, permission);
}

void TurnClient::on_channel_success(Timestamp now, const Pending& p) {
  Channel* c = find_channel_by_number(p.channel);
  if (c == nullptr || state_ != State::allocated) return;
  const bool was_bound = c->bound;
  c->bound = true;
  c->in_flight = false;
  c->refresh_at = now + config_.channel_refresh;
  trace(now, Direction::inbound,
        "ChannelBind success: channel " + std::to_string(c->number) + " <-> " +
            c->peer.to_string() + (was_bound ? " (refreshed)" : ""),
        "RFC 8656 §12.3");
  if (!was_bound) events_.push_back(TurnChannelBound{c->peer, c->number});
  // §12.3: "It also updates its data structures to record that the corresponding permission
  // has been installed or refreshed."
  on_permission_success(now, p.peer, false);
}

void TurnClient::on_peer_failure(Timestamp now, const Pending& p, std::uint16_t code, Error error) {
  (void)now;
  if (p.kind == RequestKind::create_permission) {
    auto it = permissions_.find(ip_key(p.peer));
    if (it == permissions_.end()) return;
    events_.push_back(TurnPermissionFailed{it->second.peer, code, std::move(error)});
    permissions_.erase(it);  // queued data goes with it
    return;
  }
  auto it = std::find_if(channels_.begin(), channels_.end(),
                         [&](const Channel& c) { return c.number == p.channel; });
  if (it == channels_.end()) return;
  // §12.3 recommends starting afresh with a new allocation when the channel state is out of
  // sync (400); that is the application's call: it learns the code here.
  events_.push_back(TurnChannelBindFailed{it->peer, it->number, code, std::move(error)});
  channels_.erase(it);
}

void TurnClient::refresh_peers(Timestamp now) {
  for (auto& [key, permission] : permissions_) {
    if (!permission.active || permission.in_flight || now < permission.refresh_at) continue;
    permission.in_flight = true;
    Pending p;
    p.kind = RequestKind::create_permission;
    p.peer = permission.peer;
    if (!send_request(now, std::move(p))) {
      permission.in_flight = false;
      permission.refresh_at = now + seconds(1);  // try again soon rather than spin
    }
  }
  for (auto& c : channels_) {
    if (!c.bound || c.in_flight || now < c.refresh_at) continue;
    // §12.1: "Rebinding a channel to the same transport address that it is already bound to
    // provides a way to refresh a channel binding and the corresponding permission".
    c.in_flight = true;
    Pending p;
    p.kind = RequestKind::channel_bind;
    p.peer = c.peer;
    p.channel = c.number;
    if (!send_request(now, std::move(p))) {
      c.in_flight = false;
      c.refresh_at = now + seconds(1);
    }
  }
}

}  // namespace rtc::stun
