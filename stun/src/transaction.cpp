// Client transactions: retransmission with a doubling RTO, matching, timeouts (RFC 8489 §6.2,
// §6.3.3, §6.3.4) and the integrity rules for accepting a response (§9.1.5, §9.2.5).
#include "rtc/stun/transaction.hpp"

#include <algorithm>
#include <string>

#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::stun {

namespace {

std::string method_name(Method m) {
  const char* n = to_string(m);
  return n != nullptr ? n : "method " + std::to_string(static_cast<unsigned>(m));
}

std::string ms(Duration d) {
  return std::to_string(static_cast<long long>(to_millis(d))) + " ms";
}

}  // namespace

const char* to_string(ReceiveResult r) {
  switch (r) {
    case ReceiveResult::not_stun:
      return "not STUN";
    case ReceiveResult::not_a_response:
      return "not a response";
    case ReceiveResult::unknown_transaction:
      return "unknown transaction";
    case ReceiveResult::discarded:
      return "discarded";
    case ReceiveResult::matched:
      return "matched";
  }
  return "?";
}

TransactionManager::TransactionManager(TransactionConfig config, TraceSink* trace)
    : config_(config), trace_(trace) {}

Result<TransactionId> TransactionManager::start(Timestamp now, Bytes request,
                                                const SocketAddress& destination,
                                                TransactionOptions options) {
  auto message = MessageView::parse(request);
  if (!message) return std::unexpected(message.error());
  if (!message->is_request()) {
    return fail(Errc::invalid_argument,
                "only requests start transactions; indications are sent as they are (RFC 8489 "
                "§6.1)");
  }
  if (options.auth != ResponseAuth::none && !options.keys) {
    return fail(Errc::invalid_argument, "authenticated responses need TransactionOptions::keys");
  }
  TransactionConfig config = options.config.value_or(config_);
  if (config.max_transmissions == 0 || config.initial_rto <= Duration::zero()) {
    return fail(Errc::invalid_argument, "a transaction needs Rc >= 1 and RTO > 0");
  }
  const TransactionId id = message->transaction_id();
  if (contains(id)) {
    return fail(Errc::state, "a transaction with this id is already outstanding (RFC 8489 §6)");
  }
  Transaction t;
  t.id = id;
  t.method = message->method();
  t.uses_sha256 = message->message_integrity_sha256().has_value();
  t.request = std::move(request);
  t.destination = destination;
  t.options = std::move(options);
  t.config = config;
  t.first_sent = now;
  t.rto = config.initial_rto;
  transactions_.push_back(std::move(t));
  transmit(transactions_.back(), now);
  return id;
}

void TransactionManager::transmit(Transaction& t, Timestamp now) {
  ++t.transmissions;
  transmits_.push_back(Transmit{t.destination, t.request, t.options.user_data});
  const auto& c = t.config;
  const Duration interval = t.rto;
  if (c.reliable) {
    t.deadline = now + c.reliable_timeout;  // §6.2.2: Ti, no retransmission
  } else if (t.transmissions < c.max_transmissions) {
    // §6.2.1: wait RTO, then double it for the next interval.
    t.deadline = now + t.rto;
    t.rto *= 2;
    if (c.max_rto && t.rto > *c.max_rto) t.rto = *c.max_rto;
  } else {
    // §6.2.1: after the Rc-th transmission, wait Rm times the initial RTO.
    t.deadline = now + c.initial_rto * c.final_wait_multiplier;
  }
  if (trace_ == nullptr) return;
  std::string summary = method_name(t.method) + " request to " + t.destination.to_string();
  if (c.reliable) {
    summary += " over a reliable transport, timeout in " + ms(c.reliable_timeout);
  } else if (t.transmissions < c.max_transmissions) {
    summary += ", transmission " + std::to_string(t.transmissions) + " of " +
               std::to_string(c.max_transmissions) + ", next in " + ms(interval);
  } else {
    summary += ", last transmission (" + std::to_string(t.transmissions) + "), giving up in " +
               ms(t.deadline - now);
  }
  trace(trace_, now, "stun", Direction::outbound, std::move(summary),
        c.reliable ? "RFC 8489 §6.2.2" : "RFC 8489 §6.2.1");
}

bool TransactionManager::contains(const TransactionId& id) const {
  return std::any_of(transactions_.begin(), transactions_.end(),
                     [&](const Transaction& t) { return t.id == id; });
}

bool TransactionManager::cancel(const TransactionId& id) {
  auto it = std::find_if(transactions_.begin(), transactions_.end(),
                         [&](const Transaction& t) { return t.id == id; });
  if (it == transactions_.end()) return false;
  transactions_.erase(it);
  return true;
}

bool TransactionManager::response_authentic(Transaction& t, const MessageView& response) const {
  switch (t.options.auth) {
    case ResponseAuth::none:
      return true;
    case ResponseAuth::long_term:
      // §9.2.5: 401 and 438 are challenges; the server may not know our key yet, so they carry
      // no HMAC. (A 400 without one is dropped like any unauthenticated response.)
      if (response.is_error_response()) {
        auto code = response.error_code();
        if (code && (code->code == error::kUnauthenticated || code->code == error::kStaleNonce)) {
          return true;
        }
      }
      [[fallthrough]];
    case ResponseAuth::short_term:
      // §9.1.5: check the integrity algorithm the request used when the response has it.
      if (t.uses_sha256 && response.message_integrity_sha256()) {
        return verify_message_integrity_sha256(response, t.options.keys->sha256()).has_value();
      }
      return verify_integrity(response, *t.options.keys).has_value();
  }
  return false;
}

ReceiveResult TransactionManager::handle_receive(Timestamp now, const SocketAddress& from,
                                                 BytesView datagram) {
  auto message = MessageView::parse(datagram);
  if (!message) return ReceiveResult::not_stun;
  if (!message->is_response()) return ReceiveResult::not_a_response;
  auto it = std::find_if(transactions_.begin(), transactions_.end(),
                         [&](const Transaction& t) { return message->has_transaction_id(t.id); });
  if (it == transactions_.end()) return ReceiveResult::unknown_transaction;
  Transaction& t = *it;
  std::string reason;
  if (message->method() != t.method) {
    reason = "its method does not match the request's";
  } else if (message->fingerprint() && !verify_fingerprint(*message)) {
    reason = "its FINGERPRINT is wrong (RFC 8489 §7.3)";
  } else if (!response_authentic(t, *message)) {
    reason = "its integrity check failed (RFC 8489 §9.1.5, §9.2.5)";
  }
  if (!reason.empty()) {
    // "As if it was never received": the retransmissions continue.
    if (trace_ != nullptr)
      trace(trace_, now, "stun", Direction::inbound,
            "dropped a " + method_name(t.method) + " response from " + from.to_string() + ": " +
                reason,
            "RFC 8489 §6.3");
    return ReceiveResult::discarded;
  }
  TransactionResponse event;
  event.id = t.id;
  event.user_data = t.options.user_data;
  event.destination = t.destination;
  event.source = from;
  event.response.assign(datagram.begin(), datagram.end());
  event.response_class = message->message_class();
  event.transmissions = t.transmissions;
  event.elapsed = now - t.first_sent;
  if (trace_ != nullptr) {
    trace(trace_, now, "stun", Direction::inbound,
          method_name(t.method) + " " + to_string(event.response_class) + " from " +
              from.to_string() + " after " + ms(event.elapsed),
          message->is_success_response() ? "RFC 8489 §6.3.3" : "RFC 8489 §6.3.4");
  }
  events_.push_back(std::move(event));
  transactions_.erase(it);
  return ReceiveResult::matched;
}

void TransactionManager::handle_timeout(Timestamp now) {
  for (std::size_t i = 0; i < transactions_.size();) {
    Transaction& t = transactions_[i];
    if (t.deadline > now) {
      ++i;
      continue;
    }
    if (!t.config.reliable && t.transmissions < t.config.max_transmissions) {
      transmit(t, now);
      ++i;
      continue;
    }
    if (trace_ != nullptr)
      trace(trace_, now, "stun", Direction::local,
            method_name(t.method) + " transaction to " + t.destination.to_string() +
                " timed out after " + std::to_string(t.transmissions) + " transmission(s), " +
                ms(now - t.first_sent),
            t.config.reliable ? "RFC 8489 §6.2.2" : "RFC 8489 §6.2.1");
    events_.push_back(
        TransactionTimeout{t.id, t.options.user_data, t.destination, t.transmissions});
    transactions_.erase(transactions_.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

std::optional<Transmit> TransactionManager::poll_transmit() {
  if (transmits_.empty()) return std::nullopt;
  Transmit t = std::move(transmits_.front());
  transmits_.pop_front();
  return t;
}

std::optional<TransactionEvent> TransactionManager::poll_event() {
  if (events_.empty()) return std::nullopt;
  TransactionEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

std::optional<Timestamp> TransactionManager::poll_timeout() const {
  std::optional<Timestamp> earliest;
  for (const auto& t : transactions_) {
    if (!earliest || t.deadline < *earliest) earliest = t.deadline;
  }
  return earliest;
}

}  // namespace rtc::stun
