// One SCTP association (RFC 9260), sans-IO, as WebRTC uses it over DTLS (RFC 8261):
// a single path, no addresses, both sides calling connect() at once.
//
//   handle_receive(now, packet)   a datagram from the peer (DTLS application data)
//   handle_timeout(now)           a timer may have expired
//   poll_transmit()               the next SCTP packet to hand to DTLS
//   poll_event()                  connected, messages, stream resets, back-pressure, closed
//   poll_timeout()                when handle_timeout wants to be called next
//
// Reading order: handshake (association.cpp: connect, on_init, on_init_ack, on_cookie_echo),
// then the data path (association_data.cpp: send, build_packet, on_sack, on_t3_expired),
// then reassembly.hpp (the receiving half).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/sctp/chunks.hpp"
#include "rtc/sctp/congestion_control.hpp"
#include "rtc/sctp/cookie.hpp"
#include "rtc/sctp/interval_set.hpp"
#include "rtc/sctp/reassembly.hpp"
#include "rtc/sctp/rto.hpp"

namespace rtc::sctp {

struct AssociationConfig {
  std::uint16_t local_port = 5000;  // RFC 8841: a=sctp-port, 5000 by default
  std::uint16_t remote_port = 5000;
  std::size_t mtu = 1200;                          // largest SCTP packet handed to DTLS
  std::size_t receive_window = 4 * 1024 * 1024;    // a_rwnd we advertise
  std::size_t max_message_size = 256 * 1024;       // a=max-message-size (RFC 8841 §6)
  std::size_t max_send_buffer = 16 * 1024 * 1024;  // queued bytes before send() refuses
  std::uint16_t streams = 65535;                   // OS and MIS we offer
  RtoConfig rto;
  int max_retransmissions = 10;                            // Association.Max.Retrans (§16)
  int max_init_retransmissions = 8;                        // Max.Init.Retransmits
  Duration delayed_ack = std::chrono::milliseconds(200);   // §6.2: at most 500 ms; 200 ms
  Duration heartbeat_interval = std::chrono::seconds(30);  // HB.interval; zero disables
  Duration cookie_lifetime = std::chrono::seconds(60);     // Valid.Cookie.Life
  std::size_t max_gap_blocks = 64;                         // gap-ack blocks per SACK we send
  bool partial_reliability = true;                         // offer FORWARD TSN (RFC 3758)
  bool stream_reconfig = true;                             // offer RE-CONFIG (RFC 6525)
};

enum class State : std::uint8_t {
  closed,
  cookie_wait,
  cookie_echoed,
  established,
  shutdown_pending,
  shutdown_sent,
  shutdown_received,
  shutdown_ack_sent,
};
const char* to_string(State s);

// How a message is sent (RFC 9260 §6.6 unordered; RFC 3758 partial reliability).
struct SendOptions {
  bool unordered = false;
  std::optional<std::uint16_t> max_retransmits;  // abandon after this many retransmissions
  std::optional<Duration> lifetime;              // abandon when older than this
};

namespace event {
struct Connected {};
struct Message {
  std::uint16_t stream_id = 0;
  std::uint32_t ppid = 0;
  bool unordered = false;
  Bytes data;
};
// The peer reset its outgoing streams (our incoming ones); their SSNs restarted at 0.
struct IncomingStreamsReset {
  std::vector<std::uint16_t> streams;
};
// Our reset request for these outgoing streams was answered.
struct OutgoingStreamsReset {
  std::vector<std::uint16_t> streams;
  bool success = true;
};
// A stream's queued bytes fell to or below its threshold (W3C bufferedamountlow).
struct BufferedAmountLow {
  std::uint16_t stream_id = 0;
};
struct Closed {
  bool aborted = false;  // ABORT sent/received or the peer stopped answering
  std::string reason;
};
}  // namespace event
using Event = std::variant<event::Connected, event::Message, event::IncomingStreamsReset,
                           event::OutgoingStreamsReset, event::BufferedAmountLow, event::Closed>;

struct AssociationStats {
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_received = 0;
  std::uint64_t packets_dropped = 0;   // bad CRC, bad tag, malformed
  std::uint64_t data_chunks_sent = 0;  // first transmissions
  std::uint64_t retransmissions = 0;
  std::uint64_t fast_retransmits = 0;
  std::uint64_t t3_expirations = 0;
  std::uint64_t abandoned_messages = 0;  // partial reliability
  std::uint64_t forward_tsns_sent = 0;
  std::uint64_t sacks_sent = 0;
  std::uint64_t duplicate_tsns_received = 0;
};

class Association {
 public:
  // `random` supplies tags, initial TSNs and the cookie secret (RFC 9260 §5.1.3, §5.3.1).
  Association(const AssociationConfig& config, Random& random, TraceSink* trace = nullptr);
  ~Association();
  Association(const Association&) = delete;
  Association& operator=(const Association&) = delete;

  // Sends INIT (§5.1 step A). WebRTC peers both call it: simultaneous open (§5.2.1).
  void connect(Timestamp now);
  // Graceful close (§9.2): queued data is delivered first.
  void shutdown(Timestamp now);
  // Immediate close with ABORT (§9.1), User-Initiated Abort cause carrying `reason`.
  void abort(Timestamp now, std::string_view reason = {});

  // Queues one user message. Fails if not established, the message is empty or larger than
  // max_message_size, the stream is being reset, or the send buffer is full.
  Result<void> send(Timestamp now, std::uint16_t stream_id, std::uint32_t ppid, Bytes message,
                    const SendOptions& options = {});
  Result<void> send(Timestamp now, std::uint16_t stream_id, std::uint32_t ppid, BytesView message,
                    const SendOptions& options = {}) {
    return send(now, stream_id, ppid, Bytes(message.begin(), message.end()), options);
  }

  // RFC 6525 §5.1.2: reset our outgoing streams once their queued data has been sent.
  Result<void> reset_streams(Timestamp now, const std::vector<std::uint16_t>& streams);

  void handle_receive(Timestamp now, BytesView packet);
  void handle_timeout(Timestamp now);
  std::optional<Bytes> poll_transmit(Timestamp now);
  std::optional<Event> poll_event();
  std::optional<Timestamp> poll_timeout() const;

  // Back-pressure (W3C RTCDataChannel.bufferedAmount): bytes queued and not yet sent once.
  std::size_t buffered_amount(std::uint16_t stream_id) const;
  void set_buffered_amount_low_threshold(std::uint16_t stream_id, std::size_t bytes);
  std::size_t total_buffered_amount() const { return queued_bytes_; }

  State state() const { return state_; }
  bool is_established() const;
  const AssociationStats& stats() const { return stats_; }
  std::size_t cwnd() const { return cc_ ? cc_->cwnd() : 0; }
  std::size_t ssthresh() const { return cc_ ? cc_->ssthresh() : 0; }
  std::size_t flight_size() const { return flight_size_; }
  Duration rto() const { return rto_.rto(); }
  Duration srtt() const { return rto_.srtt(); }
  std::uint32_t local_tag() const { return my_tag_; }
  std::uint32_t peer_tag() const { return peer_tag_; }
  std::uint16_t outbound_streams() const { return outbound_streams_; }
  std::uint16_t inbound_streams() const { return inbound_streams_; }
  bool peer_supports_partial_reliability() const { return peer_forward_tsn_; }
  bool peer_supports_reconfig() const { return peer_reconfig_; }
  // Bytes held for reassembly and ordered delivery (bounded by receive_window).
  std::size_t receive_buffered() const { return receiver_ ? receiver_->buffered_bytes() : 0; }
  std::size_t outstanding_chunks() const { return outstanding_.size(); }

 private:
  // ---- outbound user data ----
  struct OutMessage {
    std::shared_ptr<const Bytes> data;
    std::size_t offset = 0;  // first byte not yet given a TSN
    std::uint16_t stream_id = 0;
    std::uint32_t ppid = 0;
    bool unordered = false;
    std::optional<std::uint16_t> max_retransmits;
    std::optional<Timestamp> expiry;
    std::uint64_t id = 0;
    std::uint16_t ssn = 0;
    bool started = false;
  };
  // A DATA chunk that has a TSN and is not yet cumulatively acknowledged (§6.2.1).
  struct SentChunk {
    std::shared_ptr<const Bytes> data;
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    std::uint16_t stream_id = 0;
    std::uint16_t ssn = 0;
    std::uint32_t ppid = 0;
    std::uint8_t flags = 0;
    std::uint64_t message_id = 0;
    std::optional<std::uint16_t> max_retransmits;
    std::optional<Timestamp> expiry;
    Timestamp sent_at{};
    std::uint16_t transmissions = 0;
    std::uint8_t misses = 0;
    bool acked = false;      // gap-acknowledged
    bool in_flight = false;  // counted in flight_size_
    bool abandoned = false;  // RFC 3758: will be skipped by FORWARD TSN
    bool fast_retransmitted = false;
  };
  struct OutStream {
    std::uint16_t next_ssn = 0;
    std::size_t queued_bytes = 0;
    std::size_t queued_messages = 0;
    std::size_t low_threshold = 0;
    bool resetting = false;  // send() refused until the reset completes
  };
  struct PendingControl {
    Bytes chunk;  // serialized and padded
    std::uint32_t vtag;
  };

  // association.cpp: handshake and control
  void on_init(Timestamp now, const RawChunk& c, const CommonHeader& h);
  void on_init_ack(Timestamp now, const RawChunk& c);
  bool on_cookie_echo(Timestamp now, const RawChunk& c, const CommonHeader& h);
  void on_cookie_ack(Timestamp now);
  void on_abort(Timestamp now, const RawChunk& c);
  void on_error(Timestamp now, const RawChunk& c);
  void on_heartbeat(const RawChunk& c);
  void on_heartbeat_ack(Timestamp now, const RawChunk& c);
  void on_shutdown(Timestamp now, const RawChunk& c);
  void on_shutdown_ack(Timestamp now, std::uint32_t vtag);
  void on_shutdown_complete(Timestamp now);
  void on_reconfig(Timestamp now, const RawChunk& c);
  void on_out_of_the_blue(const PacketView& p);
  void setup_tcb(const CookieContents& c);
  void establish(Timestamp now, const CookieContents& c);
  void send_init(Timestamp now);
  void queue_control(Bytes chunk, std::uint32_t vtag);
  void send_abort_and_close(Timestamp now, CauseCode cause, std::string_view reason,
                            BytesView info = {});
  void close(Timestamp now, bool aborted, std::string reason);
  void maybe_progress_shutdown(Timestamp now);
  void maybe_send_reconfig(Timestamp now);
  void process_deferred_reset(Timestamp now);
  void collect_received();
  void trace_step(Timestamp now, Direction d, std::string summary, std::string_view rfc);

  // association_data.cpp: data path
  void on_data(Timestamp now, const DataChunk& d, bool& sack_now);
  void on_sack(Timestamp now, const SackChunk& sack);
  void on_forward_tsn(Timestamp now, const RawChunk& c);
  void on_t3_expired(Timestamp now);
  void mark_for_retransmission(SentChunk& c, std::uint64_t tsn);
  void abandon_message(Timestamp now, std::uint64_t tsn);
  void advance_peer_ack_point();
  void drop_expired_unsent(Timestamp now);
  void write_data_chunk(ByteWriter& w, const SentChunk& c, std::uint64_t tsn);
  void on_sent_bytes(OutMessage& m, std::size_t n);
  SentChunk& chunk_at(std::uint64_t tsn) { return outstanding_[tsn - cum_ack_ - 1]; }
  bool build_data(Timestamp now, PacketBuilder& b);
  void write_forward_tsn(Timestamp now, PacketBuilder& b);
  std::optional<Bytes> build_packet(Timestamp now);

  AssociationConfig config_;
  Random& random_;
  TraceSink* trace_;
  CookieSigner cookies_;
  State state_ = State::closed;
  std::uint32_t my_tag_ = 0;
  std::uint32_t peer_tag_ = 0;
  std::uint32_t my_initial_tsn_ = 0;
  std::uint16_t outbound_streams_ = 0;
  std::uint16_t inbound_streams_ = 0;
  bool peer_forward_tsn_ = false;
  bool peer_reconfig_ = false;
  bool ever_established_ = false;
  std::deque<Event> events_;
  std::deque<PendingControl> control_;
  Bytes cookie_echo_;  // kept for T1-cookie retransmission
  int init_retransmissions_ = 0;
  int error_count_ = 0;  // §8.1 association error counter
  RtoEstimator rto_;
  Duration t1_rto_{};

  // Timers (§6.3, §5.1, §9.2, §6.2, §8.3)
  std::optional<Timestamp> t1_;
  std::optional<Timestamp> t2_;
  std::optional<Timestamp> t3_;
  std::optional<Timestamp> delayed_ack_;
  std::optional<Timestamp> heartbeat_;
  std::optional<Timestamp> reconfig_timer_;

  // Sender
  std::deque<OutMessage> send_queue_;
  std::unordered_map<std::uint16_t, OutStream> out_streams_;
  std::size_t queued_bytes_ = 0;
  std::uint64_t next_message_id_ = 1;
  std::uint64_t next_tsn_ = 0;          // unwrapped
  std::uint64_t cum_ack_ = 0;           // unwrapped: every TSN <= this is acknowledged
  std::uint64_t adv_peer_ack_ = 0;      // RFC 3758 Advanced.Peer.Ack.Point
  std::deque<SentChunk> outstanding_;   // TSNs cum_ack_+1 ... next_tsn_-1
  IntervalSet gap_acked_;               // TSNs the peer has gap-acked
  std::set<std::uint64_t> retransmit_;  // TSNs marked for retransmission, lowest first
  std::size_t flight_size_ = 0;
  std::size_t peer_rwnd_ = 0;
  std::optional<CongestionControl> cc_;
  bool fast_retransmit_now_ = false;  // §7.2.4: one packet may ignore cwnd
  bool forward_tsn_pending_ = false;
  std::optional<std::uint64_t> rtt_probe_tsn_;
  Timestamp rtt_probe_sent_{};

  // Receiver
  std::optional<DataReceiver> receiver_;
  bool sack_pending_ = false;  // a SACK is owed (delayed-ack timer or next packet)
  bool sack_now_ = false;      // send it in the next packet
  int packets_since_sack_ = 0;

  // Stream reconfiguration (RFC 6525)
  std::uint32_t next_reconfig_seq_ = 0;     // our next Re-configuration Request Seq
  std::uint32_t peer_reconfig_seq_ = 0;     // the peer's next expected request seq
  std::set<std::uint16_t> pending_resets_;  // outgoing streams waiting to be reset
  std::optional<OutgoingResetRequest> reset_in_flight_;
  std::optional<OutgoingResetRequest> deferred_incoming_;  // waiting for its last TSN
  std::optional<ReconfigResponse> last_reconfig_response_;
  std::optional<std::uint32_t> incoming_request_response_seq_;  // answering an Incoming req

  // Heartbeat (§8.3)
  std::uint64_t heartbeat_nonce_ = 0;
  bool heartbeat_outstanding_ = false;

  AssociationStats stats_;
};

}  // namespace rtc::sctp
