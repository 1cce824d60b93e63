// The ICE agent (RFC 8445) with trickle (RFC 8838) and consent freshness (RFC 7675), sans-IO.
//
// One agent serves one component (WebRTC bundles everything with rtcp-mux onto component 1).
// The caller owns the UDP sockets, one per local address, and tells the agent about them; the
// agent says what to send from which socket to where, and when to wake it:
//
//   ice::Agent agent(config, random);
//   agent.add_local_address(now, {192.168.1.10, 50000});   // a bound socket: host candidate,
//                                                           // then srflx/relay through it
//   agent.set_remote_credentials(ufrag, pwd);              // from the remote SDP
//   agent.add_remote_candidate(now, candidate);            // from SDP or trickled
//   for each datagram:  if (auto app = agent.handle_receive(now, socket, from, bytes)) ...
//   timers:             agent.handle_timeout(now);  agent.poll_timeout()
//   while (auto t = agent.poll_transmit()) sockets[t->socket].send_to(t->data, t->destination);
//   while (auto e = agent.poll_event())    LocalCandidate, GatheringStateChanged, ...
//   once connected:     agent.send(now, dtls_bytes) goes out on the selected pair
//
// The steps, with the RFC sections the implementation files follow:
//   gathering     candidates from local addresses, STUN and TURN servers   gathering.cpp §5.1
//   checklist     pairs, priorities, states, foundations, pacing           checklist.cpp §6.1
//   checks        Binding requests/responses, role conflicts, prflx        checks.cpp §7
//   nomination    USE-CANDIDATE by the controlling agent                   nomination §8
//   consent       a check every ~5 s, 30 s of silence => failed           RFC 7675 §5
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/ice/candidate.hpp"

namespace rtc::ice {

enum class Role : std::uint8_t { controlling, controlled };
const char* to_string(Role role);

// W3C RTCIceConnectionState, as events.
enum class ConnectionState : std::uint8_t {
  new_,          // no remote candidates or credentials yet
  checking,      // checks are running, no valid pair yet
  connected,     // a pair is selected (nominated); checks may go on
  completed,     // checks done, a pair selected, no more remote candidates expected
  disconnected,  // consent checks unanswered for `disconnected_after`; may come back
  failed,        // every pair failed, or consent expired (RFC 7675 §5.1)
  closed,
};
const char* to_string(ConnectionState state);

// W3C RTCIceGatheringState.
enum class GatheringState : std::uint8_t { new_, gathering, complete };
const char* to_string(GatheringState state);

// RFC 8445 §6.1.2.6 candidate pair states.
enum class PairState : std::uint8_t { frozen, waiting, in_progress, succeeded, failed };
const char* to_string(PairState state);

struct StunServer {
  SocketAddress address;
};
struct TurnServer {
  SocketAddress address;
  std::string username;
  std::string password;
};

struct AgentConfig {
  Role role = Role::controlling;
  // §7.3.1.1: the tiebreaker for role conflicts; 0 = draw one from `random`.
  std::uint64_t tiebreaker = 0;
  std::string local_ufrag;  // RFC 8839 §5.4: 4+ ice-chars
  std::string local_pwd;    // 22+ ice-chars
  TypePreferences type_preferences{};
  std::vector<StunServer> stun_servers;
  std::vector<TurnServer> turn_servers;
  // Remote host candidates named "<uuid>.local": send an mDNS query (RFC 6762 §5.1, legacy
  // unicast from the agent's own socket so the answer comes back to it, §6.7) to 224.0.0.251:5353.
  // Either way a check arriving from the host is learned as peer-reflexive and used.
  bool resolve_mdns = true;

  // Timers (RFC 8445 §14). Every one is configurable for tests and experiments.
  Duration ta = milliseconds(50);          // §14.2 pacing between checks
  Duration check_rto = milliseconds(250);  // §14.3 first retransmission of a check
  unsigned check_max_transmissions = 7;    // Rc for checks
  Duration gathering_rto = milliseconds(500);
  unsigned gathering_max_transmissions = 4;             // STUN/TURN servers are given up on sooner
  Duration consent_interval = std::chrono::seconds(5);  // RFC 7675 §5.1: 4-6 s with jitter
  Duration disconnected_after = std::chrono::seconds(5);  // no response for this: disconnected
  Duration consent_timeout = std::chrono::seconds(30);    // RFC 7675 §5.1: then failed
  std::size_t max_pairs = 100;                            // §6.1.2.5 pruning limit
  // The controlling agent nominates (§8.1.1) the best valid pair once no better pair is still
  // being checked, or at the latest this long after the first pair became valid.
  Duration nomination_delay = milliseconds(500);
  // Bounds on what a remote can make the agent hold: signaled plus peer-reflexive remote
  // candidates (§7.3.1.3), and the triggered-check queue (§6.1.4.1).
  std::size_t max_remote_candidates = 100;
  std::size_t max_triggered_checks = 100;

  TraceSink* trace = nullptr;  // one event per check, response, state change
};

// A datagram to send: from the local socket `socket` (one of the addresses given to
// add_local_address) to `destination`.
struct Transmit {
  SocketAddress socket;
  SocketAddress destination;
  Bytes data;
};

// Events.
struct LocalCandidate {
  Candidate candidate;  // trickle it to the peer (RFC 8838 §4)
};
struct GatheringStateChanged {
  GatheringState state;
};
struct ConnectionStateChanged {
  ConnectionState state;
};
struct SelectedPairChanged {
  Candidate local;
  Candidate remote;
};
// §7.3.1.1: a role conflict made us switch roles.
struct RoleChanged {
  Role role;
};
using Event = std::variant<LocalCandidate, GatheringStateChanged, ConnectionStateChanged,
                           SelectedPairChanged, RoleChanged>;

// One candidate pair, for getStats() (W3C RTCIceCandidatePairStats).
struct PairStats {
  Candidate local;
  Candidate remote;
  PairState state = PairState::frozen;
  std::uint64_t priority = 0;
  bool nominated = false;
  bool selected = false;
  std::uint64_t requests_sent = 0;
  std::uint64_t responses_received = 0;
  std::uint64_t requests_received = 0;
  std::uint64_t responses_sent = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::optional<Duration> current_rtt;
  Duration total_rtt{};
  std::uint64_t rtt_samples = 0;
};

class Agent {
 public:
  // `random` draws transaction ids, the tiebreaker and consent jitter; it must outlive the agent.
  Agent(AgentConfig config, Random& random);
  Agent(Agent&&) noexcept;
  Agent& operator=(Agent&&) noexcept;
  ~Agent();

  // A local socket bound to `address` (not the unspecified address): a host candidate, and
  // server-reflexive and relayed candidates gathered through it from the configured servers.
  // Gathering starts with the first call; end_of_local_addresses() lets it complete.
  void add_local_address(Timestamp now, const SocketAddress& address);
  void end_of_local_addresses(Timestamp now);

  // The remote ufrag and pwd (RFC 8839 §5.4). Checks wait for them; checks that arrive before
  // them are answered once they are known (RFC 8445 §7.3, RFC 8838 §5).
  void set_remote_credentials(std::string ufrag, std::string pwd);
  // The remote is an ice-lite agent (RFC 8445 §2.5): we must be controlling.
  void set_remote_lite(bool lite);
  // A remote candidate from the SDP or trickled (RFC 8838 §11). Candidates of another component,
  // duplicates and unsupported transports are ignored; ".local" names are resolved or matched.
  Result<void> add_remote_candidate(Timestamp now, Candidate candidate);
  // a=end-of-candidates from the remote (RFC 8838 §13): lets the state reach completed/failed.
  void end_of_remote_candidates(Timestamp now);
  // Restarts ICE with new local credentials (RFC 8445 §9): new checks, same sockets.
  void restart(Timestamp now, std::string local_ufrag, std::string local_pwd);
  void close(Timestamp now);

  // A datagram from `from` arrived on the local socket `socket`. STUN for the agent (checks,
  // responses from STUN/TURN servers) is consumed: nullopt. Anything else from a remote we
  // have a pair with is application data (DTLS, SRTP) and returned: the datagram itself, or
  // the payload unwrapped from TURN ChannelData / a Data indication (a view into `datagram`).
  std::optional<BytesView> handle_receive(Timestamp now, const SocketAddress& socket,
                                          const SocketAddress& from, BytesView datagram);
  void handle_timeout(Timestamp now);
  std::optional<Transmit> poll_transmit();
  std::optional<Event> poll_event();
  std::optional<Timestamp> poll_timeout() const;

  // Application data on the selected pair (wrapped for TURN when the local side is relayed);
  // before nomination on the best valid pair (RFC 8445 §12.1). Errc::state without either.
  Result<void> send(Timestamp now, BytesView data);

  Role role() const;
  ConnectionState connection_state() const;
  GatheringState gathering_state() const;
  std::vector<Candidate> local_candidates() const;
  std::vector<Candidate> remote_candidates() const;
  // The selected pair (local, remote), once nominated.
  std::optional<std::pair<Candidate, Candidate>> selected_pair() const;
  std::vector<PairStats> pair_stats() const;
  const std::string& local_ufrag() const;
  const std::string& local_pwd() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace rtc::ice
