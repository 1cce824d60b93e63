// A TURN client (RFC 8656), sans-IO: one allocation on one TURN server, over UDP or over a TCP
// connection to the server (TurnConfig::transport; the relay itself is UDP either way).
//
// TURN lets a host behind a NAT borrow an address on a relay (the "relayed transport address")
// and exchange UDP datagrams with peers through it. Everything the client says to the server is
// a STUN message or a 4-byte ChannelData frame on one 5-tuple:
//
//   Allocate  (401 challenge, then again with credentials)    -> relayed + mapped address (§7)
//   Refresh   before the lifetime runs out; LIFETIME 0 deletes  (§8)
//   CreatePermission per peer IP, every 4 minutes (5 min life)  (§9, §10)
//   Send indication -> peer, peer -> Data indication           (§11)
//   ChannelBind: then 4-byte ChannelData frames both ways       (§12), refreshed before 10 min
//
// Like every stateful module here, the client owns no socket and reads no clock. The caller
// sends what poll_transmit() gives to the server, hands every datagram from the server to
// handle_receive(), calls handle_timeout() when poll_timeout() comes, and reads events:
//
//   rtc::SecureRandom random;
//   rtc::stun::TurnConfig config;
//   config.server = *rtc::SocketAddress::parse("192.0.2.10:3478");
//   config.username = "alice";
//   config.password = "secret";
//   auto client = rtc::stun::TurnClient::create(config, random);   // Result<TurnClient>
//   client->allocate(now);
//   loop:
//     while (auto t = client->poll_transmit()) socket.send_to(t->data, t->destination);
//     while (auto e = client->poll_event()) {
//       if (auto* a = std::get_if<TurnAllocated>(&*e)) {        // a->relayed is the candidate
//         client->bind_channel(now, peer);                      // optional: 4-byte framing
//         client->send_to(now, peer, bytes);                    // permission made on demand
//       } else if (auto* d = std::get_if<TurnData>(&*e)) { ... d->peer, d->data ... }
//       else if (std::holds_alternative<TurnClosed>(*e)) { ... }
//     }
//     datagram from the server:  if (!client->handle_receive(now, from, bytes)) { not TURN }
//     timer:                     client->handle_timeout(now)  at  client->poll_timeout()
//   client->close(now);   // Refresh with LIFETIME 0, then TurnClosed
//
// What it does for you: the long-term credential dance of RFC 8489 §9.2 (401 -> REALM/NONCE ->
// retry, 438 Stale Nonce -> retry with the new nonce) on every request; refreshing the
// allocation one minute before it expires; creating a permission the first time send_to()
// names a peer's IP (queueing the data until the server confirms) and refreshing permissions
// and channels before they lapse; Send indications until a channel is bound, ChannelData after.
//
// Choices: requests carry FINGERPRINT (RFC 8489 §7.3, for demultiplexing); data waits for
// its permission instead of racing it (a Send indication without one is dropped by the server,
// §11.2); ChannelData is used only once ChannelBind succeeded (§12: "a client that wishes to be
// safe should ... use Send indications until the channel binding is confirmed"). A refresh that
// fails (not 438) ends the allocation with TurnClosed and the error. The files:
// turn_client.cpp (requests, receive, timers), turn_client_allocation.cpp (Allocate, Refresh),
// turn_client_peers.cpp (permissions, channels), turn_client_data.cpp (data both ways).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/transaction.hpp"

namespace rtc::stun {

// RFC 8656 §9: "The Permission Lifetime MUST be 300 seconds (= 5 minutes)."
inline constexpr Duration kTurnPermissionLifetime = seconds(300);
// RFC 8656 §12: "A channel binding lasts for 10 minutes unless refreshed."
inline constexpr Duration kTurnChannelLifetime = seconds(600);
// RFC 8656 §6.2: the default allocation lifetime, used when a response omits LIFETIME.
inline constexpr std::uint32_t kTurnDefaultLifetimeSeconds = 600;

// How the client reaches the server (RFC 8656 §3.1). The relayed address is UDP either way; TCP
// to the server gets through networks that block UDP. Over TCP every message is framed by its
// own length (STUN header, ChannelData header, the latter padded to 4 octets: §12.5) and
// requests are sent once, with the 39.5 s timeout Ti (RFC 8489 §6.2.2).
enum class TurnTransport : std::uint8_t { udp, tcp };

struct TurnConfig {
  SocketAddress server;  // the TURN server's transport address
  TurnTransport transport = TurnTransport::udp;
  std::string username;  // long-term credentials (RFC 8489 §9.2)
  std::string password;
  LongTermOptions auth{};
  // REQUESTED-ADDRESS-FAMILY (§7.1): ask for an IPv6 (or explicitly IPv4) relayed address.
  std::optional<AddressFamily> requested_family;
  // LIFETIME hint in seconds on Allocate and Refresh (§7.1, §8.1); nullopt: server default.
  std::optional<std::uint32_t> requested_lifetime;
  // EVEN-PORT (§7.1, §18.7): ask for an even relayed port (RTP, with RTCP on the next one, as
  // before rtcp-mux); true also reserves the next port, and the response then carries a
  // RESERVATION-TOKEN (TurnAllocated::reservation_token) for a second allocation to claim it.
  std::optional<bool> even_port;
  // RESERVATION-TOKEN (§7.1, §18.10): allocate the port another allocation reserved. Not
  // together with even_port (§7.1: "MUST NOT include both").
  std::optional<std::uint64_t> reservation_token;
  std::string software;     // SOFTWARE on requests (RFC 8489 §14.14); empty: none
  bool fingerprint = true;  // FINGERPRINT on everything we send (RFC 8489 §14.7)
  TransactionConfig transactions{};
  // §8: "refresh the allocation roughly 1 minute before it expires" (half the lifetime when
  // that is shorter than two minutes).
  Duration refresh_margin = seconds(60);
  Duration permission_refresh = seconds(240);  // §9: well inside the 300 s lifetime
  Duration channel_refresh = seconds(540);     // §12: inside the 600 s lifetime
  // Datagrams held per peer IP while its permission is being created (oldest dropped first).
  std::size_t max_queued_per_peer = 16;
  TraceSink* trace = nullptr;  // "turn" lines for the learner's timeline
};

// --- Events ---------------------------------------------------------------------------------

struct TurnAllocated {                  // §7.3
  SocketAddress relayed;                // XOR-RELAYED-ADDRESS: the relayed candidate
  std::optional<SocketAddress> mapped;  // XOR-MAPPED-ADDRESS: our address as the server saw it
  Duration lifetime{};                  // LIFETIME
  // RESERVATION-TOKEN (§7.3): the next port was reserved (TurnConfig::even_port = true).
  std::optional<std::uint64_t> reservation_token;
};
struct TurnAllocationFailed {  // §7.4
  std::uint16_t code = 0;      // the server's ERROR-CODE, or 0 (timeout, bad response, ...)
  Error error;                 // says why, with the server's reason phrase
};
struct TurnRefreshed {  // §8.3
  Duration lifetime{};
};
struct TurnPermissionCreated {  // §10.3, §12.3: the first success for this IP
  SocketAddress peer;           // as given to create_permission()/send_to()/bind_channel()
};
struct TurnPermissionFailed {  // the permission is gone; queued data was dropped
  SocketAddress peer;
  std::uint16_t code = 0;
  Error error;
};
struct TurnChannelBound {  // §12.3: from now on data to `peer` goes as ChannelData
  SocketAddress peer;
  std::uint16_t channel = 0;
};
struct TurnChannelBindFailed {  // the binding (or its refresh) failed; Send indications again
  SocketAddress peer;
  std::uint16_t channel = 0;
  std::uint16_t code = 0;
  Error error;
};
struct TurnData {  // §11.4 (Data indication) or §12.6 (ChannelData)
  SocketAddress peer;
  Bytes data;
  std::uint16_t channel = 0;  // 0: it came in a Data indication
};
struct TurnClosed {            // §8: deallocated, expired, or lost
  std::optional<Error> error;  // nullopt after close() succeeded
};

using TurnEvent = std::variant<TurnAllocated, TurnAllocationFailed, TurnRefreshed,
                               TurnPermissionCreated, TurnPermissionFailed, TurnChannelBound,
                               TurnChannelBindFailed, TurnData, TurnClosed>;

// --- The client -----------------------------------------------------------------------------

class TurnClient {
 public:
  enum class State : std::uint8_t {
    idle,        // before allocate()
    allocating,  // Allocate outstanding (possibly after a 401)
    allocated,   // the relayed address is ours
    closing,     // Refresh with LIFETIME 0 outstanding
    closed,      // deallocated, expired or lost (TurnClosed was sent)
    failed,      // Allocate failed (TurnAllocationFailed was sent)
  };

  // Fails only if the password cannot be prepared with OpaqueString (credentials.hpp).
  // `random` (transaction ids) must outlive the client.
  static Result<TurnClient> create(TurnConfig config, Random& random);

  // §7.1: sends the first Allocate (without credentials; the 401 brings REALM and NONCE).
  Result<void> allocate(Timestamp now);
  // §10.1: a permission for the peer's IP (the port is ignored by the server). Refreshed
  // automatically. A no-op when one exists or is on its way. Needs an allocation.
  Result<void> create_permission(Timestamp now, const SocketAddress& peer);
  // §12.1: binds the next free channel to `peer` and returns its number (or the number it
  // already has). Refreshed automatically. Needs an allocation.
  Result<std::uint16_t> bind_channel(Timestamp now, const SocketAddress& peer);
  // Application data for `peer` through the relay: ChannelData on a bound channel, else a Send
  // indication; without a permission yet, one is requested and the data waits for it.
  Result<void> send_to(Timestamp now, const SocketAddress& peer, BytesView data);
  // §8.1: a Refresh now (the client also does this on its own before expiry).
  Result<void> refresh(Timestamp now);
  // §8.1: deletes the allocation (Refresh with LIFETIME 0); TurnClosed follows.
  void close(Timestamp now);

  // A datagram that arrived on the socket the client uses. True if it was TURN traffic for
  // this client (a response to one of its requests, a Data indication, ChannelData from the
  // server), even if it was then discarded; false means: not ours, give it to someone else.
  bool handle_receive(Timestamp now, const SocketAddress& from, BytesView datagram);
  // TurnTransport::tcp: bytes read from the connection to the server, in order, cut anywhere.
  // Every whole message in them is handled as handle_receive() would. An error means the
  // stream is not TURN (a first octet that is neither STUN nor ChannelData, RFC 7983): close
  // the connection. (Over TCP poll_transmit() gives bytes to write to the connection.)
  Result<void> handle_stream(Timestamp now, BytesView bytes);
  void handle_timeout(Timestamp now);

  std::optional<Transmit> poll_transmit();  // every Transmit goes to config().server
  std::optional<TurnEvent> poll_event();
  std::optional<Timestamp> poll_timeout() const;

  State state() const { return state_; }
  const std::optional<SocketAddress>& relayed_address() const { return relayed_; }
  const std::optional<SocketAddress>& mapped_address() const { return mapped_; }
  std::optional<Timestamp> expires_at() const;
  bool has_permission(const SocketAddress& peer) const;                   // active, for its IP
  std::optional<std::uint16_t> channel(const SocketAddress& peer) const;  // bound channels only
  const TurnConfig& config() const { return config_; }

 private:
  enum class RequestKind : std::uint8_t { allocate, refresh, create_permission, channel_bind };
  // One outstanding request, by TransactionOptions::user_data.
  struct Pending {
    RequestKind kind = RequestKind::allocate;
    TransactionId id{};
    SocketAddress peer;                     // CreatePermission, ChannelBind
    std::uint16_t channel = 0;              // ChannelBind
    std::optional<std::uint32_t> lifetime;  // Refresh: requested LIFETIME (0 deletes)
    std::string nonce;                      // the NONCE it carried ("" = none)
    int challenges = 0;                     // 401/438 retries of this request
  };
  struct Permission {
    SocketAddress peer;  // the first address named for this IP
    bool active = false;
    bool in_flight = false;
    Timestamp refresh_at{};
    std::deque<std::pair<SocketAddress, Bytes>> queued;  // data waiting for the permission
  };
  struct Channel {
    std::uint16_t number = 0;
    SocketAddress peer;
    bool bound = false;
    bool in_flight = false;
    Timestamp refresh_at{};
  };

  TurnClient(TurnConfig config, Random& random, LongTermClientAuth auth);

  // turn_client.cpp: requests and their outcomes.
  Result<void> send_request(Timestamp now, Pending pending);
  void drain_transactions();
  void process_transaction_events(Timestamp now);
  void on_response(Timestamp now, Pending pending, const TransactionResponse& response);
  std::string try_alternate_note(const MessageView& response);
  void on_failure(Timestamp now, const Pending& pending, std::uint16_t code, Error error);
  void on_success(Timestamp now, const Pending& pending, const MessageView& response);
  void cancel_requests();
  void trace(Timestamp now, Direction direction, std::string summary, std::string_view rfc);
  // turn_client_allocation.cpp
  void on_allocate_success(Timestamp now, const MessageView& response);
  void on_refresh_success(Timestamp now, const Pending& pending, const MessageView& response);
  void on_allocation_failure(Timestamp now, const Pending& pending, std::uint16_t code,
                             Error error);
  void schedule_refresh(Timestamp now, Duration lifetime);
  void finish(std::optional<Error> error);
  // turn_client_peers.cpp
  static SocketAddress ip_key(const SocketAddress& peer);
  Result<void> check_peer(const SocketAddress& peer) const;
  Permission* find_permission(const SocketAddress& peer);
  const Permission* find_permission(const SocketAddress& peer) const;
  Channel* find_channel_by_peer(const SocketAddress& peer);
  Channel* find_channel_by_number(std::uint16_t number);
  void on_permission_success(Timestamp now, const SocketAddress& peer, bool answered_create);
  void on_channel_success(Timestamp now, const Pending& pending);
  void on_peer_failure(Timestamp now, const Pending& pending, std::uint16_t code, Error error);
  void refresh_peers(Timestamp now);
  // turn_client_data.cpp
  void transmit_data(Timestamp now, const SocketAddress& peer, BytesView data);
  void flush_queue(Timestamp now, Permission& permission);
  bool receive_channel_data(Timestamp now, BytesView datagram);
  void receive_data_indication(Timestamp now, const MessageView& message);

  TurnConfig config_;
  Random* random_;
  LongTermClientAuth auth_;
  TransactionManager transactions_;
  State state_ = State::idle;
  std::optional<SocketAddress> relayed_;
  std::optional<SocketAddress> mapped_;
  Timestamp expires_{};
  Timestamp refresh_at_{};
  bool refresh_in_flight_ = false;
  std::map<SocketAddress, Permission> permissions_;  // by IP (port 0)
  std::vector<Channel> channels_;
  std::uint16_t next_channel_ = 0x4000;
  std::map<std::uint64_t, Pending> pending_;  // by TransactionOptions::user_data
  std::uint64_t next_request_ = 1;
  std::deque<Transmit> transmits_;
  Bytes stream_;  // TCP: received bytes not yet a whole message
  std::deque<TurnEvent> events_;
};

const char* to_string(TurnClient::State state);

}  // namespace rtc::stun
