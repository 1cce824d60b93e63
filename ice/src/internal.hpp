// The agent's private state, shared by the files that each implement one step of ICE:
//   priority.cpp    candidate and pair priorities, foundations        RFC 8445 §5.1.2, §6.1.2.3
//   gathering.cpp   host and server-reflexive candidates              §5.1.1
//   checklist.cpp   pairs, pruning, states, unfreezing, pacing        §6.1.2, §6.1.4
//   checks.cpp      Binding requests and responses, roles, prflx      §7
//   nomination.cpp  USE-CANDIDATE and the selected pair               §8
//   consent.cpp     consent freshness                                 RFC 7675 §5
//   mdns.cpp        resolving ".local" candidates                     RFC 6762 §5.1, §6.7
//   agent.cpp       the public API, the demultiplexing of datagrams, states and timers
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "rtc/ice/agent.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/transaction.hpp"
#include "rtc/stun/turn_client.hpp"

namespace rtc::ice {

namespace detail {
// RFC 8445 §6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G the controlling side's priority.
std::uint64_t pair_priority(std::uint32_t controlling, std::uint32_t controlled);
}  // namespace detail

// One local socket the caller owns (one per local address).
struct LocalSocket {
  SocketAddress address;
  std::size_t family_index = 0;  // position among the sockets of its family (RFC 8421)
};

// A candidate pair (RFC 8445 §6.1.2) and its counters.
struct Pair {
  std::uint64_t id = 0;
  std::size_t local = 0;   // index into Impl::locals: a host (or relayed) candidate
  std::size_t remote = 0;  // index into Impl::remotes
  // §7.2.5.3.2: the local candidate the response's XOR-MAPPED-ADDRESS names (the valid pair's
  // local side: host, srflx or a newly learned prflx). Sending still uses `local`'s socket.
  std::optional<std::size_t> valid_local;
  std::uint64_t priority = 0;
  PairState state = PairState::frozen;
  std::string foundation;  // local foundation ":" remote foundation (§6.1.2.6)
  bool nominated = false;
  bool remote_nominated = false;  // a USE-CANDIDATE arrived for it (controlled, §7.3.1.5)
  std::optional<stun::TransactionId> transaction;  // the outstanding ordinary check
  std::uint64_t requests_sent = 0, responses_received = 0, requests_received = 0,
                responses_sent = 0, bytes_sent = 0, bytes_received = 0;
  std::optional<Duration> current_rtt;
  Duration total_rtt{};
  std::uint64_t rtt_samples = 0;
};

enum class TxKind : std::uint8_t { check, gather, consent };

// What a STUN transaction the agent started is for (keyed by TransactionOptions::user_data).
struct TxInfo {
  TxKind kind = TxKind::check;
  stun::TransactionId id{};
  SocketAddress socket;       // sent from
  SocketAddress destination;  // sent to
  std::uint64_t pair_id = 0;  // check
  bool use_candidate = false;
  Role role = Role::controlling;  // the role the request claimed (§7.2.5.1)
  std::uint32_t priority = 0;     // the PRIORITY it carried (a prflx local candidate's, §7.2.5.3.1)
  std::size_t server = 0;         // gather: index into config.stun_servers
};

// The selected pair, copied out of the checklist so that it survives an ICE restart (RFC 8445
// §9: media keeps flowing on the old pair until a new one is selected) and carries its own
// credentials for consent checks.
struct Selected {
  std::uint64_t pair_id = 0;
  unsigned generation = 0;
  std::uint64_t priority = 0;
  Candidate local;
  Candidate remote;
  SocketAddress socket;
  SocketAddress remote_address;
  std::string username;  // remote:local ufrag of its generation
  std::shared_ptr<stun::IntegrityKeys> remote_keys;
  // RFC 7675 §5.1
  Timestamp last_response{};
  std::optional<Timestamp> unanswered_since;
  Timestamp next_consent{};
};

// An older generation's local credentials, still answered until the restart selects a pair.
struct OldCredentials {
  std::string ufrag;
  std::shared_ptr<stun::IntegrityKeys> keys;
};

struct MdnsQuery {
  std::string name;
  std::uint16_t id = 0;
  unsigned sent = 0;
  Timestamp next_send{};
  bool answered = false;
};

// One TURN allocation (RFC 8656) through one local socket: its relayed address is a local
// candidate whose datagrams travel inside the TURN client's messages (relay.cpp).
struct Relay {
  SocketAddress socket;  // the host socket that talks to the server
  SocketAddress server;
  std::unique_ptr<stun::TurnClient> client;
  std::optional<SocketAddress> relayed;
  bool gathering = true;  // counted in gathering_outstanding until allocated or failed
};

// The address a local candidate sends from and receives on, as the checklist sees it: the
// socket for host candidates, the relayed address for relayed ones.
inline const SocketAddress& endpoint(const Candidate& c) {
  return c.type == CandidateType::relayed ? c.address : c.socket;
}

struct Agent::Impl {
  Impl(AgentConfig config, Random& random);

  AgentConfig config;
  Random* random;
  stun::TransactionManager transactions;
  Role role;
  std::uint64_t tiebreaker;
  unsigned generation = 0;

  std::string local_ufrag, local_pwd;
  std::shared_ptr<stun::IntegrityKeys> local_keys;
  std::optional<OldCredentials> old_local;
  bool has_remote_credentials = false;
  // The remote changed credentials (it restarted) since our last restart(): when we restart
  // too (JSEP: the answer carries new credentials), its new credentials and candidates stay.
  bool remote_restarted = false;
  std::string remote_ufrag, remote_pwd;
  std::shared_ptr<stun::IntegrityKeys> remote_keys;
  bool remote_lite = false;

  std::vector<LocalSocket> sockets;
  std::vector<Candidate> locals;
  std::vector<Candidate> remotes;
  std::size_t learned_prflx = 0;  // remote prflx candidates learned in this generation
  std::vector<Pair> pairs;        // sorted by priority, highest first
  std::uint64_t next_pair_id = 1;
  std::deque<std::uint64_t> triggered;  // §6.1.4.1 the triggered-check queue (pair ids)
  std::optional<std::uint64_t> nominating;
  bool nomination_sent = false;
  std::optional<Timestamp> first_valid_at;
  Timestamp next_check_at{};

  std::unordered_map<std::uint64_t, TxInfo> txs;
  std::uint64_t next_tx = 1;
  std::size_t gathering_outstanding = 0;

  std::optional<Selected> selected;
  std::vector<MdnsQuery> mdns;
  std::vector<Relay> relays;
  Timestamp now{};  // of the call being processed (for sends that need it)

  bool end_of_local = false;
  bool end_of_remote = false;
  bool closed = false;
  bool consent_expired = false;
  ConnectionState connection_state = ConnectionState::new_;
  GatheringState gathering_state = GatheringState::new_;
  std::deque<Transmit> transmits;
  std::deque<Event> events;

  // --- agent.cpp ---
  void emit(Event event) { events.push_back(std::move(event)); }
  void send_raw(const SocketAddress& socket, const SocketAddress& to, Bytes data);
  void flush_transactions(Timestamp now);
  void update_state(Timestamp now);
  void set_connection_state(ConnectionState state);
  void traceline(Timestamp now, Direction d, std::string summary, std::string_view rfc) const {
    trace(config.trace, now, "ice", d, std::move(summary), rfc);
  }
  std::optional<std::uint64_t> start_transaction(Timestamp now, TxInfo info, Bytes request,
                                                 stun::TransactionConfig tc,
                                                 std::shared_ptr<stun::IntegrityKeys> keys);
  bool is_known_remote(const SocketAddress& socket, const SocketAddress& from) const;
  // A STUN message for the agent on `socket` (a local socket or a relayed address).
  bool receive_stun(Timestamp now, const SocketAddress& socket, const SocketAddress& from,
                    BytesView datagram);

  // --- relay.cpp (TURN, RFC 8656) ---
  void start_relays(Timestamp now, const SocketAddress& socket);
  Relay* relay_for(const SocketAddress& relayed);
  bool relay_receive(Timestamp now, const SocketAddress& socket, const SocketAddress& from,
                     BytesView datagram, std::optional<BytesView>& application);
  void drain_relay(Timestamp now, Relay& relay, BytesView datagram,
                   std::optional<BytesView>* application);
  void relay_transmits(Relay& relay);
  void relay_send(Timestamp now, const SocketAddress& relayed, const SocketAddress& to,
                  BytesView data);
  void relay_permission(Timestamp now, const Candidate& local, const SocketAddress& peer);
  void relay_channel(Timestamp now, const SocketAddress& relayed, const SocketAddress& peer);
  void relays_tick(Timestamp now);
  std::optional<Timestamp> relays_deadline() const;
  void close_relays(Timestamp now);

  // --- gathering.cpp ---
  void add_local_address(Timestamp now, const SocketAddress& address);
  void gather_through(Timestamp now, std::size_t socket_index);
  void on_gather_response(Timestamp now, const TxInfo& info,
                          const stun::TransactionResponse& response);
  void on_gather_done(Timestamp now);
  void update_gathering_state();
  std::uint32_t local_priority(CandidateType type, const SocketAddress& socket) const;
  const LocalSocket* find_socket(const SocketAddress& address) const;

  // --- checklist.cpp ---
  void form_pairs_for_remote(std::size_t remote_index);
  void form_pairs_for_local(std::size_t local_index);
  Pair* add_pair(std::size_t local_index, std::size_t remote_index);
  void sort_pairs();
  void recompute_pair_priorities();
  void unfreeze_initial();
  void unfreeze_foundation(const std::string& foundation);
  void enqueue_triggered(Pair& pair);
  Pair* find_pair(std::uint64_t id);
  Pair* find_pair(const SocketAddress& socket, const SocketAddress& remote);
  bool has_check_work() const;
  std::optional<std::uint64_t> next_ordinary_check() const;
  bool selected_current() const;

  // --- checks.cpp ---
  void maybe_check(Timestamp now);
  bool send_check(Timestamp now, Pair& pair, bool use_candidate);
  Bytes build_check(const stun::TransactionId& id, const std::string& username,
                    stun::IntegrityKeys& keys, std::uint32_t priority, bool use_candidate);
  void handle_request(Timestamp now, const SocketAddress& socket, const SocketAddress& from,
                      const stun::MessageView& request);
  void respond_error(const SocketAddress& socket, const SocketAddress& from,
                     const stun::MessageView& request, std::uint16_t code,
                     stun::IntegrityKeys* keys);
  std::optional<std::size_t> learn_remote(Timestamp now, const SocketAddress& from,
                                          std::uint32_t priority);
  void on_check_response(Timestamp now, const TxInfo& info,
                         const stun::TransactionResponse& response);
  void on_check_timeout(Timestamp now, const TxInfo& info);
  void switch_role(Timestamp now, Role new_role, std::string_view why);

  // --- nomination.cpp ---
  void maybe_nominate(Timestamp now);
  std::optional<Timestamp> nomination_deadline() const;
  void on_nominated(Timestamp now, Pair& pair);
  void select(Timestamp now, Pair& pair);

  // --- consent.cpp ---
  void consent_tick(Timestamp now);
  void on_consent_response(Timestamp now, const stun::TransactionResponse& response);
  std::optional<Timestamp> consent_deadline() const;

  // --- mdns.cpp (resolver side; the codec is mdns.hpp) ---
  void resolve_mdns(Timestamp now, const std::string& name);
  void mdns_tick(Timestamp now);
  bool handle_mdns(Timestamp now, const SocketAddress& from, BytesView datagram);
  std::optional<Timestamp> mdns_deadline() const;
  bool mdns_pending() const;
  void on_remote_resolved(std::size_t remote_index, const SocketAddress& ip);
};

}  // namespace rtc::ice
