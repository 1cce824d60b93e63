// Client transactions (RFC 8489 §6.2, §6.3.3, §6.3.4), sans-IO.
//
// A request is retransmitted over UDP until a response arrives: first after RTO (500 ms by
// default), then after 2*RTO, 4*RTO, ... for Rc = 7 transmissions in all; after the last one the
// client waits Rm * RTO (16 * 500 ms) before giving up (§6.2.1). With the defaults the requests
// leave at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and the transaction times out at 39.5 s. Over
// TCP/TLS there is one transmission and a timeout Ti of 39.5 s (§6.2.2).
//
// TransactionManager owns no socket and reads no clock, like every stateful module here:
//
//   mgr.start(now, request_bytes, server);                  // queues the first transmission
//   while (auto t = mgr.poll_transmit()) socket.send_to(t->data, t->destination);
//   ... datagram arrives:  mgr.handle_receive(now, from, bytes);
//   ... timer fires:       mgr.handle_timeout(now);
//   while (auto e = mgr.poll_event()) { Response or Timeout }
//   next wake-up:          mgr.poll_timeout();
//
// Responses are matched by transaction id (and method). A response that fails its integrity
// check (§9.1.5, §9.2.5) or FINGERPRINT (§7.3) is dropped "as if never received": the
// retransmissions go on.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/header.hpp"

namespace rtc::stun {

struct TransactionConfig {
  Duration initial_rto = milliseconds(500);         // RTO (§6.2.1; RFC 8445 §14.3 computes ICE's)
  unsigned max_transmissions = 7;                   // Rc
  unsigned final_wait_multiplier = 16;              // Rm: wait Rm * initial RTO after the last send
  std::optional<Duration> max_rto;                  // cap on the doubling (none in RFC 8489)
  bool reliable = false;                            // TCP/TLS: one transmission (§6.2.2)
  Duration reliable_timeout = milliseconds(39500);  // Ti
};

// How responses to this request must be authenticated.
enum class ResponseAuth : std::uint8_t {
  none,        // accept any response with the right transaction id
  short_term,  // §9.1.5: MESSAGE-INTEGRITY(-SHA256) must verify with `keys`
  long_term,   // §9.2.5: as short_term, except 401 and 438 challenges (which carry no HMAC)
};

struct TransactionOptions {
  std::uint64_t user_data = 0;  // opaque to the manager; returned in Transmit and events
  std::optional<TransactionConfig> config{};  // default: the manager's
  ResponseAuth auth = ResponseAuth::none;
  std::shared_ptr<IntegrityKeys> keys{};  // required unless auth == none
};

struct Transmit {
  SocketAddress destination;
  Bytes data;
  std::uint64_t user_data = 0;
};

struct TransactionResponse {
  TransactionId id{};
  std::uint64_t user_data = 0;
  SocketAddress destination;  // where the request went
  SocketAddress source;       // where the response came from (ICE checks that they match)
  Bytes response;             // parse again with MessageView::parse
  MessageClass response_class = MessageClass::success_response;
  unsigned transmissions = 0;  // 1 means the RTT below is a clean sample (Karn's rule)
  Duration elapsed{};          // since the first transmission
};

struct TransactionTimeout {
  TransactionId id{};
  std::uint64_t user_data = 0;
  SocketAddress destination;
  unsigned transmissions = 0;
};

using TransactionEvent = std::variant<TransactionResponse, TransactionTimeout>;

// What handle_receive() made of a datagram.
enum class ReceiveResult : std::uint8_t {
  not_stun,             // not a well-formed STUN message: pass it to another protocol
  not_a_response,       // a request or indication: for the server side (ICE answers it)
  unknown_transaction,  // a response to nothing we have outstanding (late or forged)
  discarded,            // ours, but it failed FINGERPRINT, method or integrity checks
  matched,              // completed a transaction: a TransactionResponse event is queued
};
const char* to_string(ReceiveResult r);

class TransactionManager {
 public:
  explicit TransactionManager(TransactionConfig config = {}, TraceSink* trace = nullptr);

  // Starts a transaction for an encoded request (its transaction id is read from the bytes).
  // Errors: not a STUN request, a transaction with that id is already running, or auth without
  // keys.
  Result<TransactionId> start(Timestamp now, Bytes request, const SocketAddress& destination,
                              TransactionOptions options = {});
  // Stops retransmitting; no event will be produced. False if unknown.
  bool cancel(const TransactionId& id);

  ReceiveResult handle_receive(Timestamp now, const SocketAddress& from, BytesView datagram);
  void handle_timeout(Timestamp now);

  std::optional<Transmit> poll_transmit();
  std::optional<TransactionEvent> poll_event();
  std::optional<Timestamp> poll_timeout() const;

  std::size_t outstanding() const { return transactions_.size(); }
  bool contains(const TransactionId& id) const;
  const TransactionConfig& config() const { return config_; }

 private:
  struct Transaction {
    TransactionId id{};
    Method method{};
    Bytes request;
    SocketAddress destination;
    TransactionOptions options;
    TransactionConfig config;
    Timestamp first_sent{};
    Timestamp deadline{};
    Duration rto{};
    unsigned transmissions = 0;
    bool uses_sha256 = false;  // the request carried MESSAGE-INTEGRITY-SHA256
  };

  void transmit(Transaction& t, Timestamp now);
  bool response_authentic(Transaction& t, const MessageView& response) const;

  TransactionConfig config_;
  TraceSink* trace_;
  std::vector<Transaction> transactions_;
  std::deque<Transmit> transmits_;
  std::deque<TransactionEvent> events_;
};

}  // namespace rtc::stun
