// The TURN client's engine (RFC 8656 §5, RFC 8489 §9.2): sending authenticated requests through
// the TransactionManager, the 401/438 retries, dispatching responses and timeouts, receiving
// datagrams from the server, and the timers. What each request means lives in
// turn_client_allocation.cpp, turn_client_peers.cpp and turn_client_data.cpp.
#include <algorithm>
#include <string>

#include "rtc/common/encoding.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/demux.hpp"
#include "rtc/stun/turn_client.hpp"

namespace rtc::stun {

namespace {

Method method_for_kind(std::uint8_t kind) {
  constexpr Method methods[] = {Method::allocate, Method::refresh, Method::create_permission,
                                Method::channel_bind};
  return methods[kind];
}

std::string method_name(Method m) {
  const char* n = to_string(m);
  return n != nullptr ? n : "?";
}

}  // namespace

const char* to_string(TurnClient::State state) {
  switch (state) {
    case TurnClient::State::idle:
      return "idle";
    case TurnClient::State::allocating:
      return "allocating";
    case TurnClient::State::allocated:
      return "allocated";
    case TurnClient::State::closing:
      return "closing";
    case TurnClient::State::closed:
      return "closed";
    case TurnClient::State::failed:
      return "failed";
  }
  return "?";
}

TurnClient::TurnClient(TurnConfig config, Random& random, LongTermClientAuth auth)
    : config_(std::move(config)),
      random_(&random),
      auth_(std::move(auth)),
      transactions_(config_.transactions, config_.trace) {}

Result<TurnClient> TurnClient::create(TurnConfig config, Random& random) {
  // RFC 8489 §6.2.2: over TCP a request is sent once; the stream does the retransmitting.
  if (config.transport == TurnTransport::tcp) config.transactions.reliable = true;
  if (config.username.empty()) {
    return fail(Errc::invalid_argument, "a TURN client needs a username (RFC 8656 §7.2)");
  }
  if (config.even_port && config.reservation_token) {
    return fail(Errc::invalid_argument,
                "EVEN-PORT and RESERVATION-TOKEN together (RFC 8656 §7.1: MUST NOT include both)");
  }
  auto auth = LongTermClientAuth::create(config.username, config.password, config.auth);
  if (!auth) return std::unexpected(auth.error());
  return TurnClient(std::move(config), random, std::move(*auth));
}

void TurnClient::trace(Timestamp now, Direction direction, std::string summary,
                       std::string_view rfc) {
  rtc::trace(config_.trace, now, "turn", direction, std::move(summary), rfc);
}

Result<void> TurnClient::allocate(Timestamp now) {
  if (state_ != State::idle) {
    return fail(Errc::state, std::string("allocate() in state ") + to_string(state_) +
                                 ": one client holds one allocation");
  }
  state_ = State::allocating;
  Pending p;
  p.kind = RequestKind::allocate;
  auto sent = send_request(now, std::move(p));
  if (!sent) state_ = State::failed;
  return sent;
}

Result<void> TurnClient::refresh(Timestamp now) {
  if (state_ != State::allocated) return fail(Errc::state, "no allocation to refresh");
  if (refresh_in_flight_) return {};
  Pending p;
  p.kind = RequestKind::refresh;
  p.lifetime = config_.requested_lifetime;
  refresh_in_flight_ = true;
  auto sent = send_request(now, std::move(p));
  if (!sent) refresh_in_flight_ = false;
  return sent;
}

void TurnClient::close(Timestamp now) {
  switch (state_) {
    case State::closing:
    case State::closed:
    case State::failed:
      return;
    case State::idle:
    case State::allocating:
      cancel_requests();
      finish(std::nullopt);
      return;
    case State::allocated:
      break;
  }
  // §8.1: LIFETIME 0 deletes the allocation, its permissions and channels with it (§9, §12).
  cancel_requests();
  permissions_.clear();
  channels_.clear();
  state_ = State::closing;
  Pending p;
  p.kind = RequestKind::refresh;
  p.lifetime = 0;
  if (auto sent = send_request(now, std::move(p)); !sent) finish(sent.error());
}

void TurnClient::cancel_requests() {
  for (const auto& [user_data, p] : pending_) transactions_.cancel(p.id);
  pending_.clear();
  refresh_in_flight_ = false;
}

Result<void> TurnClient::send_request(Timestamp now, Pending p) {
  const Method method = method_for_kind(static_cast<std::uint8_t>(p.kind));
  MessageBuilder b(method, MessageClass::request, random_transaction_id(*random_));
  switch (p.kind) {
    case RequestKind::allocate:
      // §7.1: REQUESTED-TRANSPORT is mandatory; UDP is the only relay transport (§3.1).
      b.add_requested_transport(kProtocolUdp);
      if (config_.requested_family) b.add_requested_address_family(*config_.requested_family);
      if (config_.requested_lifetime) b.add_lifetime(*config_.requested_lifetime);
      if (config_.even_port) b.add_even_port(*config_.even_port);  // §7.1, §18.7
      if (config_.reservation_token) b.add_reservation_token(*config_.reservation_token);
      break;
    case RequestKind::refresh:
      if (p.lifetime) b.add_lifetime(*p.lifetime);  // §8.1
      break;
    case RequestKind::create_permission:
      b.add_xor_peer_address(p.peer);  // §10.1
      break;
    case RequestKind::channel_bind:
      b.add_channel_number(p.channel);  // §12.1
      b.add_xor_peer_address(p.peer);
      break;
  }
  if (!config_.software.empty()) b.add_software(config_.software);
  // RFC 8489 §9.2.3: USERNAME, REALM, NONCE once a 401 taught us the realm; then the HMAC.
  auth_.add_attributes(b);
  auth_.sign(b);
  if (config_.fingerprint) b.add_fingerprint();
  auto bytes = b.take();
  if (!bytes) return std::unexpected(bytes.error());

  TransactionOptions options;
  options.user_data = next_request_++;
  if (auth_.ready()) {
    options.auth = ResponseAuth::long_term;  // §9.2.5: success responses must carry our HMAC
    options.keys = auth_.keys();
    p.nonce = auth_.nonce();
  }
  auto id = transactions_.start(now, std::move(*bytes), config_.server, options);
  if (!id) return std::unexpected(id.error());
  p.id = *id;
  std::string summary = method_name(method) + " request";
  if (p.kind == RequestKind::create_permission || p.kind == RequestKind::channel_bind) {
    summary += " for " + p.peer.to_string();
  }
  if (p.kind == RequestKind::channel_bind) summary += " on channel " + std::to_string(p.channel);
  if (p.lifetime) summary += " LIFETIME " + std::to_string(*p.lifetime);
  summary += auth_.ready() ? " (realm \"" + auth_.realm() + "\")" : " (no credentials yet)";
  trace(now, Direction::outbound, std::move(summary),
        p.kind == RequestKind::allocate            ? "RFC 8656 §7.1"
        : p.kind == RequestKind::refresh           ? "RFC 8656 §8.1"
        : p.kind == RequestKind::create_permission ? "RFC 8656 §10.1"
                                                   : "RFC 8656 §12.1");
  pending_.emplace(options.user_data, std::move(p));
  drain_transactions();
  return {};
}

void TurnClient::drain_transactions() {
  // Keep one queue so that requests and data leave in the order they were made.
  while (auto t = transactions_.poll_transmit()) transmits_.push_back(std::move(*t));
}

void TurnClient::process_transaction_events(Timestamp now) {
  drain_transactions();
  while (auto event = transactions_.poll_event()) {
    const std::uint64_t user_data = std::visit([](const auto& e) { return e.user_data; }, *event);
    auto it = pending_.find(user_data);
    if (it == pending_.end()) continue;  // cancelled meanwhile
    Pending p = std::move(it->second);
    pending_.erase(it);
    if (auto* response = std::get_if<TransactionResponse>(&*event)) {
      on_response(now, std::move(p), *response);
    } else {
      const auto& timeout = std::get<TransactionTimeout>(*event);
      on_failure(
          now, p, 0,
          Error{Errc::timeout,
                method_name(method_for_kind(static_cast<std::uint8_t>(p.kind))) +
                    ": no response from " + config_.server.to_string() + " after " +
                    std::to_string(timeout.transmissions) + " transmissions (RFC 8489 §6.2.1)",
                std::nullopt, std::nullopt, std::nullopt});
    }
  }
  drain_transactions();
}

void TurnClient::on_response(Timestamp now, Pending p, const TransactionResponse& r) {
  auto message = MessageView::parse(r.response);
  if (!message) {  // the manager parsed it already; cannot happen, but never trust
    on_failure(now, p, 0, message.error());
    return;
  }
  if (message->is_success_response()) {
    if (auth_.ready()) (void)auth_.verify_response(*message);  // resets the challenge count
    on_success(now, p, *message);
    return;
  }
  const auto code = message->error_code();
  if (!code) {
    on_failure(now, p, 0, code.error());
    return;
  }
  const std::string what = method_name(method_for_kind(static_cast<std::uint8_t>(p.kind)));
  if (code->code == error::kUnauthenticated || code->code == error::kStaleNonce) {
    // RFC 8489 §9.2.5. Several requests may be out with the same old nonce: when another one's
    // challenge already taught us the nonce this one brings back, just send again.
    auto nonce = message->nonce();
    const bool already_known =
        auth_.ready() && nonce && *nonce == auth_.nonce() && p.nonce != auth_.nonce();
    if (!already_known) {
      if (auto learned = auth_.handle_challenge(*message); !learned) {
        Error e = learned.error();
        e.message = what + " refused with " + std::to_string(code->code) + " " +
                    std::string(code->reason) + ": " + e.message;
        on_failure(now, p, code->code, std::move(e));
        return;
      }
    }
    if (++p.challenges > 3) {
      on_failure(now, p, code->code,
                 Error{Errc::state, what + ": too many 401/438 challenges in a row", std::nullopt,
                       std::nullopt, std::nullopt});
      return;
    }
    trace(now, Direction::inbound,
          what + " " + std::to_string(code->code) + " " + std::string(code->reason) +
              ": retrying with realm \"" + auth_.realm() + "\" and the new nonce",
          code->code == error::kStaleNonce ? "RFC 8489 §9.2.5 (438)" : "RFC 8489 §9.2.5 (401)");
    Pending retry = p;
    if (auto sent = send_request(now, std::move(retry)); !sent) {
      on_failure(now, p, code->code, sent.error());
    }
    return;
  }
  std::string reason = what + " refused by the server: " + std::to_string(code->code) + " " +
                       std::string(code->reason);
  if (code->code == error::kTryAlternate) reason += try_alternate_note(*message);
  on_failure(now, p, code->code,
             Error{Errc::unsupported, std::move(reason), std::nullopt, std::nullopt, std::nullopt});
}

std::string TurnClient::try_alternate_note(const MessageView& response) {
  // RFC 8489 §14.8: a 300 "MUST be protected with the MESSAGE-INTEGRITY ... and receivers MUST
  // validate [it] before redirecting themselves to an alternate server", or anyone on the path
  // could send our traffic elsewhere. This client does not redirect; it says where the server
  // pointed and whether that answer was even authenticated (coturn's alternate-server is not:
  // it answers the first, credential-less Allocate).
  auto alternate = response.alternate_server();
  std::string note = alternate ? " (ALTERNATE-SERVER " + alternate->to_string() + ")"
                               : " (without ALTERNATE-SERVER)";
  const bool authenticated = auth_.ready() && auth_.verify_response(response).has_value();
  note += authenticated ? "; following a 300 is not implemented"
                        : "; not followed: the response carries no valid MESSAGE-INTEGRITY "
                          "(RFC 8489 §14.8)";
  return note;
}

void TurnClient::on_success(Timestamp now, const Pending& p, const MessageView& response) {
  switch (p.kind) {
    case RequestKind::allocate:
      return on_allocate_success(now, response);
    case RequestKind::refresh:
      return on_refresh_success(now, p, response);
    case RequestKind::create_permission:
      trace(now, Direction::inbound, "CreatePermission success for " + p.peer.ip_string(),
            "RFC 8656 §10.3");
      return on_permission_success(now, p.peer, true);
    case RequestKind::channel_bind:
      return on_channel_success(now, p);
  }
}

void TurnClient::on_failure(Timestamp now, const Pending& p, std::uint16_t code, Error error) {
  trace(now, Direction::local, error.message, "RFC 8656 §7.4");
  switch (p.kind) {
    case RequestKind::allocate:
    case RequestKind::refresh:
      return on_allocation_failure(now, p, code, std::move(error));
    case RequestKind::create_permission:
    case RequestKind::channel_bind:
      return on_peer_failure(now, p, code, std::move(error));
  }
}

Result<void> TurnClient::handle_stream(Timestamp now, BytesView bytes) {
  if (config_.transport != TurnTransport::tcp) {
    return fail(Errc::state, "handle_stream is for TurnTransport::tcp (use handle_receive)");
  }
  stream_.insert(stream_.end(), bytes.begin(), bytes.end());
  std::size_t used = 0;
  while (stream_.size() - used >= 4) {
    const BytesView rest = BytesView(stream_).subspan(used);
    // RFC 7983 / RFC 8656 §12.5: the first octet says which framing follows; a message's length
    // is in its first four octets either way (STUN: 20 + length; ChannelData: 4 + length,
    // padded to a multiple of 4 on a stream).
    std::optional<std::size_t> size;
    switch (classify_packet(rest.first(1))) {
      case PacketKind::stun:
        size = MessageView::framed_size(rest);
        break;
      case PacketKind::turn_channel:
        size = ChannelDataView::framed_size(rest);
        break;
      default:
        stream_.clear();
        return fail_at(Errc::malformed,
                       "octet 0x" + to_hex(rest.first(1)) +
                           " starts neither STUN nor ChannelData: the stream is not TURN "
                           "(RFC 8656 §12.5)",
                       used);
    }
    if (!size || rest.size() < *size) break;  // the rest of the message is still on its way
    (void)handle_receive(now, config_.server, rest.first(*size));
    used += *size;
  }
  stream_.erase(stream_.begin(), stream_.begin() + static_cast<std::ptrdiff_t>(used));
  return {};
}

bool TurnClient::handle_receive(Timestamp now, const SocketAddress& from, BytesView datagram) {
  if (from != config_.server) return false;  // TURN traffic comes from the server only
  switch (classify_packet(datagram)) {
    case PacketKind::turn_channel:
      return receive_channel_data(now, datagram);
    case PacketKind::stun:
      break;
    default:
      return false;
  }
  auto message = MessageView::parse(datagram);
  if (!message) return false;
  if (message->is_indication()) {
    if (message->method() != Method::data) return false;
    receive_data_indication(now, *message);
    return true;
  }
  switch (transactions_.handle_receive(now, from, datagram)) {
    case ReceiveResult::matched:
      process_transaction_events(now);
      return true;
    case ReceiveResult::discarded:
      return true;
    case ReceiveResult::not_stun:
    case ReceiveResult::not_a_response:
    case ReceiveResult::unknown_transaction:
      return false;
  }
  return false;
}

void TurnClient::handle_timeout(Timestamp now) {
  transactions_.handle_timeout(now);
  process_transaction_events(now);
  if (state_ != State::allocated) return;
  if (now >= expires_) {
    trace(now, Direction::local, "the allocation expired", "RFC 8656 §8");
    cancel_requests();
    finish(Error{Errc::timeout, "the allocation expired before a refresh succeeded (RFC 8656 §8)",
                 std::nullopt, std::nullopt, std::nullopt});
    return;
  }
  if (!refresh_in_flight_ && now >= refresh_at_) {
    if (auto r = refresh(now); !r) finish(r.error());
  }
  if (state_ == State::allocated) refresh_peers(now);
}

std::optional<Transmit> TurnClient::poll_transmit() {
  if (transmits_.empty()) return std::nullopt;
  Transmit t = std::move(transmits_.front());
  transmits_.pop_front();
  return t;
}

std::optional<TurnEvent> TurnClient::poll_event() {
  if (events_.empty()) return std::nullopt;
  TurnEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

std::optional<Timestamp> TurnClient::poll_timeout() const {
  std::optional<Timestamp> next = transactions_.poll_timeout();
  auto consider = [&next](Timestamp t) {
    if (!next || t < *next) next = t;
  };
  if (state_ != State::allocated) return next;
  consider(expires_);
  if (!refresh_in_flight_) consider(refresh_at_);
  for (const auto& [key, p] : permissions_) {
    if (p.active && !p.in_flight) consider(p.refresh_at);
  }
  for (const auto& c : channels_) {
    if (c.bound && !c.in_flight) consider(c.refresh_at);
  }
  return next;
}

std::optional<Timestamp> TurnClient::expires_at() const {
  if (state_ != State::allocated) return std::nullopt;
  return expires_;
}

}  // namespace rtc::stun
