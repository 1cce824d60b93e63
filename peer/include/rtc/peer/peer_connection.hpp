// rtc::peer::PeerConnection: the whole stack behind one object modelled on the W3C
// RTCPeerConnection, sans-IO like every module below it (ARCHITECTURE.md).
//
//   PeerConnection pc(config, random);
//   pc.add_local_address(now, socket_address);        // each UDP socket the caller owns
//   auto id = pc.create_data_channel(now, "chat");     // or pc.add_transceiver(video)
//   auto offer = pc.create_offer();                    // JSEP (RFC 9429 §5.2)
//   pc.set_local_description(now, *offer);             // ICE gathering starts
//   ... signaling carries the offer; the answer comes back:
//   pc.set_remote_description(now, answer);            // ICE checks start
//   pc.add_ice_candidate(now, "candidate:...", "0");   // trickled (RFC 8838)
//   datagrams: pc.handle_receive(now, socket, from, bytes)   timers: pc.handle_timeout(now)
//   while (auto t = pc.poll_transmit()) send t->data from t->socket to t->destination
//   while (auto e = pc.poll_event()) LocalCandidate, StateChanged, DataChannelOpen, ...
//
// What happens underneath, in the order the demo's timeline shows it:
//   1. JSEP: offer/answer with max-bundle and rtcp-mux (RFC 9429, RFC 8843, RFC 5761)
//   2. ICE: candidates, checks, nomination on one 5-tuple (ice::Agent, RFC 8445)
//   3. DTLS: as soon as ICE has a pair; a=setup decides who is client (RFC 8842, RFC 6347)
//   4. SRTP keyed by DTLS-SRTP (RFC 5764); SCTP over DTLS for data channels (RFC 8261, 8831)
//   5. One UDP flow carries all of it, told apart by the first byte (RFC 7983): transport.cpp
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/dtls/endpoint.hpp"
#include "rtc/ice/agent.hpp"
#include "rtc/sctp/data_channel.hpp"
#include "rtc/sdp/jsep.hpp"

namespace rtc::peer {

// W3C RTCConfiguration plus the knobs of the layers below.
struct Configuration {
  std::vector<ice::StunServer> stun_servers;
  std::vector<ice::TurnServer> turn_servers;
  // Our DTLS certificate and key (RFC 8827 §6.5). Required: make one with
  // dtls::Identity::generate(std::chrono::system_clock::now()) (the caller reads the clock).
  std::shared_ptr<const dtls::Identity> identity;
  // DTLS-SRTP profiles in preference order (RFC 5764 §4.1.2, RFC 7714 §14.2).
  std::vector<dtls::SrtpProfileId> srtp_profiles = dtls::default_srtp_profiles();
  // ICE timers; ufrag, pwd and role are set by the PeerConnection.
  ice::AgentConfig ice{};
  std::uint64_t max_message_size = 262144;  // a=max-message-size we announce (RFC 8841 §6.1)
  // Answering an actpass offer: "active" (DTLS client, as browsers do) or "passive".
  std::string answer_setup = "active";
  // Events per received RTP packet (event::RtpPacket), for echoing or forwarding; frames
  // (event::Frame) come either way.
  bool rtp_packet_events = false;
  // The wall clock (ns since 1970) at the first call, for the NTP time in sender reports
  // (RFC 3550 §6.4.1); 0 uses the monotonic clock, which keeps RTT right but not lip sync
  // across machines.
  std::int64_t wall_clock_unix_nanos = 0;
  TraceSink* trace = nullptr;  // every layer's timeline events
  // NSS key log lines for Wireshark/tshark (--keylog).
  std::function<void(std::string_view line)> keylog;
};

enum class SdpType : std::uint8_t { offer, answer };
const char* to_string(SdpType type);
struct Description {
  SdpType type = SdpType::offer;
  std::string sdp;
};

// W3C RTCSignalingState (pranswer is not supported: answers are final).
enum class SignalingState : std::uint8_t { stable, have_local_offer, have_remote_offer, closed };
const char* to_string(SignalingState state);
// W3C RTCPeerConnectionState: the combination of the ICE and DTLS states.
enum class ConnectionState : std::uint8_t {
  new_,
  connecting,
  connected,
  disconnected,
  failed,
  closed
};
const char* to_string(ConnectionState state);

using MediaKind = sdp::MediaKind;
using MediaDirection = sdp::MediaDirection;

// Events.
namespace event {
// A local ICE candidate to trickle (RFC 8838 §4); `candidate` empty means end-of-candidates.
struct LocalCandidate {
  std::string candidate;  // "candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host"
  std::string mid;        // sdpMid: the first bundled m-section
  int mline_index = 0;
};
struct SignalingStateChanged {
  SignalingState state;
};
struct IceGatheringStateChanged {
  ice::GatheringState state;
};
struct IceConnectionStateChanged {
  ice::ConnectionState state;
};
struct ConnectionStateChanged {
  ConnectionState state;
};
struct SelectedCandidatePair {
  ice::Candidate local, remote;
};
// The DTLS handshake finished.
struct DtlsConnected {
  dtls::Role role;
  std::string cipher_suite;
  std::optional<dtls::SrtpProfileId> srtp_profile;
};
struct DataChannelOpen {
  std::uint16_t id = 0;
  std::string label;
  std::string protocol;
  bool remote = false;  // opened by the peer (W3C ondatachannel)
};
struct DataChannelMessage {
  std::uint16_t id = 0;
  bool binary = false;
  Bytes data;
};
struct DataChannelClosed {
  std::uint16_t id = 0;
};
struct DataChannelBufferedAmountLow {
  std::uint16_t id = 0;
};
// A remote track appeared (W3C ontrack): an m-section in which the peer sends.
struct Track {
  std::string mid;
  MediaKind kind = MediaKind::audio;
};
// One decrypted RTP packet for a remote track (the caller depacketizes, or uses frames).
struct RtpPacket {
  std::string mid;
  Bytes packet;
};
// A complete depacketized media frame of a remote track.
struct Frame {
  std::string mid;
  std::string codec;  // "VP8", "opus", ...
  std::uint32_t rtp_timestamp = 0;
  bool keyframe = false;
  Bytes data;
};
// The peer asked for a keyframe (RTCP PLI or FIR, RFC 4585 §6.3.1, RFC 5104 §4.3.1).
struct KeyframeRequest {
  std::string mid;
};
}  // namespace event

using Event = std::variant<event::LocalCandidate, event::SignalingStateChanged,
                           event::IceGatheringStateChanged, event::IceConnectionStateChanged,
                           event::ConnectionStateChanged, event::SelectedCandidatePair,
                           event::DtlsConnected, event::DataChannelOpen, event::DataChannelMessage,
                           event::DataChannelClosed, event::DataChannelBufferedAmountLow,
                           event::Track, event::RtpPacket, event::Frame, event::KeyframeRequest>;

// A subset of W3C getStats().
struct Stats {
  ConnectionState connection_state = ConnectionState::new_;
  std::vector<ice::PairStats> candidate_pairs;
  std::optional<dtls::SrtpProfileId> srtp_profile;
  std::uint64_t dtls_bytes_sent = 0, dtls_bytes_received = 0;
  struct Rtp {
    std::string mid;
    std::uint32_t ssrc = 0;
    std::uint64_t packets = 0, bytes = 0;
    std::uint64_t packets_lost = 0;              // inbound only
    double jitter_seconds = 0;                   // inbound only
    std::optional<Duration> round_trip_time;     // outbound: from the peer's report blocks
    std::uint64_t frames = 0;                    // inbound: complete frames reassembled
    std::uint64_t nacks = 0, retransmitted = 0;  // outbound: NACKs received, packets resent
  };
  std::vector<Rtp> inbound_rtp, outbound_rtp;
  struct DataChannel {
    std::uint16_t id = 0;
    std::string label;
    sctp::ChannelState state = sctp::ChannelState::connecting;
    std::uint64_t messages_sent = 0, bytes_sent = 0, messages_received = 0, bytes_received = 0;
  };
  std::vector<DataChannel> data_channels;
};

class PeerConnection {
 public:
  // `random` draws ICE credentials, DTLS randoms, SCTP tags and SSRCs; it must outlive this.
  PeerConnection(Configuration config, Random& random);
  PeerConnection(PeerConnection&&) noexcept;
  PeerConnection& operator=(PeerConnection&&) noexcept;
  ~PeerConnection();

  // --- The caller's sockets -------------------------------------------------------------------
  void add_local_address(Timestamp now, const SocketAddress& address);

  // --- JSEP (RFC 9429) ------------------------------------------------------------------------
  Result<Description> create_offer();
  Result<Description> create_answer();
  Result<void> set_local_description(Timestamp now, const Description& description);
  Result<void> set_remote_description(Timestamp now, const Description& description);
  // A trickled remote candidate ("candidate:..." or the bare value); empty: end-of-candidates.
  Result<void> add_ice_candidate(Timestamp now, std::string_view candidate,
                                 std::string_view mid = {});

  // --- Data channels (RFC 8831, RFC 8832) -----------------------------------------------------
  // Before negotiation this adds an m=application section to the next offer.
  Result<std::uint16_t> create_data_channel(Timestamp now, std::string label,
                                            const sctp::DataChannelInit& init = {});
  Result<void> send_text(Timestamp now, std::uint16_t channel, std::string_view text);
  Result<void> send_binary(Timestamp now, std::uint16_t channel, BytesView data);
  void close_data_channel(Timestamp now, std::uint16_t channel);
  std::size_t buffered_amount(std::uint16_t channel) const;
  void set_buffered_amount_low_threshold(std::uint16_t channel, std::size_t bytes);

  // --- Media (RFC 3550, RFC 3711) -------------------------------------------------------------
  // A new m-section for the next offer; returns its mid.
  Result<std::string> add_transceiver(MediaKind kind,
                                      MediaDirection direction = MediaDirection::sendrecv);
  // W3C setCodecPreferences: the codecs (by encoding name, "VP9", "opus", ...) the next offer
  // lists for `mid`, in this order, with their rtx. Errc::invalid_argument when none is known.
  Result<void> set_codec_preferences(std::string_view mid, const std::vector<std::string>& names);
  // One encoded frame for the track of `mid`, packetized for the negotiated codec (VP8, VP9,
  // H.264, AV1 as a temporal unit in the low overhead format, Opus) and sent as SRTP.
  // `rtp_timestamp` is in the codec's clock rate.
  Result<void> send_frame(Timestamp now, std::string_view mid, BytesView frame,
                          std::uint32_t rtp_timestamp);
  // Sends an RTP packet received elsewhere as this track's (an echo or a forwarding server): the
  // SSRC and sequence number become ours (RFC 3550 §5.1), the rest is kept. Packets whose
  // payload type is not a negotiated media codec (RTX, FEC, padding probes) are dropped.
  Result<void> send_rtp(Timestamp now, std::string_view mid, BytesView packet);
  // Asks the sender of `mid` for a keyframe (RTCP PLI, RFC 4585 §6.3.1).
  Result<void> request_keyframe(Timestamp now, std::string_view mid);
  struct TransceiverInfo {
    std::string mid;
    MediaKind kind = MediaKind::audio;
    MediaDirection direction = MediaDirection::inactive;  // negotiated (inactive before)
    std::optional<sdp::Codec> send_codec;
  };
  std::vector<TransceiverInfo> transceivers() const;
  // The codec negotiated for sending on `mid` ("VP8", "opus", ...), once negotiated.
  std::optional<sdp::Codec> send_codec(std::string_view mid) const;

  // --- I/O (sans-IO) --------------------------------------------------------------------------
  void handle_receive(Timestamp now, const SocketAddress& socket, const SocketAddress& from,
                      BytesView datagram);
  void handle_timeout(Timestamp now);
  std::optional<ice::Transmit> poll_transmit();
  std::optional<Event> poll_event();
  std::optional<Timestamp> poll_timeout() const;

  void close(Timestamp now);

  // --- State ----------------------------------------------------------------------------------
  SignalingState signaling_state() const;
  ice::GatheringState ice_gathering_state() const;
  ice::ConnectionState ice_connection_state() const;
  ConnectionState connection_state() const;
  // Our ICE username fragment (RFC 8839 §5.4): a shared-port server routes checks by it.
  const std::string& local_ice_ufrag() const;
  std::optional<Description> local_description() const;
  std::optional<Description> remote_description() const;
  Stats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace rtc::peer
