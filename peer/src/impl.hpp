// The state behind PeerConnection, shared by its source files, each with one job:
//   peer_connection.cpp  the public API, signaling state and JSEP (offers, answers)
//   remote_description.cpp  what a remote SDP says about the transport and the media
//   transport.cpp        ICE -> DTLS -> SCTP/SRTP, the one UDP flow (RFC 7983)
//   media.cpp            RTP send and receive per transceiver
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rtc/dtls/endpoint.hpp"
#include "rtc/ice/agent.hpp"
#include "rtc/peer/peer_connection.hpp"
#include "rtc/rtp/ntp_time.hpp"
#include "rtc/rtp/rtcp_interval.hpp"
#include "rtc/rtp/srtp_session.hpp"
#include "rtc/sctp/data_channel.hpp"
#include "rtc/sdp/jsep.hpp"
#include "rtc/sdp/session.hpp"

#include "media_track.hpp"
#include "remote_description.hpp"

namespace rtc::peer {

// One m-section, in m-line order (which never changes once negotiated, RFC 9429 §5.2.2).
struct Section {
  std::string mid;
  bool data = false;            // m=application (SCTP) rather than audio/video
  std::size_t transceiver = 0;  // index into Impl::transceivers when !data
};

// A data channel as the API names it: a handle that exists before the SCTP stream id does (the
// id's parity depends on the DTLS role, known only after the answer, RFC 8832 §6).
struct ChannelSlot {
  std::string label;
  sctp::DataChannelInit init;
  std::optional<std::uint16_t> stream;  // once created in the DataChannelManager
  bool remote = false;
  bool open = false;
  bool closed = false;
  std::uint64_t messages_sent = 0, bytes_sent = 0, messages_received = 0, bytes_received = 0;
};

struct PeerConnection::Impl {
  Impl(Configuration c, Random& r);

  Configuration config;
  Random& random;
  TraceSink* trace = nullptr;

  // --- JSEP state (peer_connection.cpp) ---
  sdp::IceParameters local_ice;
  std::string session_id;
  std::uint64_t session_version = 1;
  std::string fingerprint_value;  // "AB:CD:..." of our certificate (sha-256)
  SignalingState signaling = SignalingState::stable;
  std::optional<Description> local_description, remote_description;
  std::optional<Description> last_offer_created, last_answer_created;
  std::optional<sdp::Answer> pending_answer;  // create_answer's negotiation, applied on SLD
  std::vector<Section> sections;
  std::vector<Transceiver> transceivers;
  bool negotiated = false;  // one offer/answer completed
  std::string cname;

  // What the remote said (remote_description.cpp).
  std::optional<RemoteTransport> remote;
  std::optional<ice::Role> ice_role;
  std::optional<dtls::Role> dtls_role;

  // --- Transport (transport.cpp) ---
  std::vector<SocketAddress> local_addresses;
  std::unique_ptr<ice::Agent> ice;
  std::vector<std::string> early_remote_candidates;  // trickled before the remote description
  bool remote_end_of_candidates = false;
  std::unique_ptr<dtls::DtlsEndpoint> dtls;
  bool dtls_started = false;
  bool dtls_connected = false;
  std::deque<Bytes> dtls_waiting_for_pair;  // DTLS output before ICE selected a pair
  std::unique_ptr<sctp::DataChannelManager> sctp;
  std::map<std::uint16_t, ChannelSlot> channels;  // by handle
  std::uint16_t next_channel_handle = 1;
  std::optional<rtp::SrtpSession> srtp_out, srtp_in;
  std::optional<dtls::SrtpProfileId> srtp_profile;
  std::uint64_t dtls_bytes_sent = 0, dtls_bytes_received = 0;
  std::optional<rtp::RtcpTransmissionTimer> rtcp_timer;  // once we send media
  std::optional<rtp::NtpClock> ntp_clock;

  ice::GatheringState gathering_state = ice::GatheringState::new_;
  ice::ConnectionState ice_state = ice::ConnectionState::new_;
  ConnectionState connection = ConnectionState::new_;
  bool closed = false;

  std::deque<ice::Transmit> transmits;
  std::deque<Event> events;

  // peer_connection.cpp
  void set_signaling(SignalingState s);
  sdp::SendStream send_stream_for(const Transceiver& t) const;
  Result<sdp::SessionDescription> build_offer();
  Result<void> apply_remote_offer(Timestamp now, const sdp::SessionDescription& offer);
  Result<void> apply_remote_answer(Timestamp now, const sdp::SessionDescription& answer);
  std::string first_mid() const;
  Result<void> send_on_channel(Timestamp now, std::uint16_t channel, BytesView data, bool binary);

  // transport.cpp
  void start_ice(Timestamp now, ice::Role role);
  void start_transport(Timestamp now);  // once both descriptions are known
  void receive(Timestamp now, const SocketAddress& socket, const SocketAddress& from,
               BytesView datagram);
  void timeout(Timestamp now);
  void pump(Timestamp now);  // drains every layer's output into transmits/events
  void send_dtls(Timestamp now, Bytes record);
  void on_dtls_connected(Timestamp now, const dtls::Connected& c);
  void create_pending_channels(Timestamp now);
  std::optional<std::uint16_t> handle_of_stream(std::uint16_t stream) const;
  void update_connection_state();
  std::optional<Timestamp> next_timeout() const;

  // media.cpp
  void receive_rtp(Timestamp now, BytesView datagram);
  void receive_rtcp(Timestamp now, BytesView datagram);
  Result<void> send_rtp(Timestamp now, Bytes packet);
  Result<void> send_rtcp(Timestamp now, Bytes packet);
  void media_timeout(Timestamp now);
  std::optional<Timestamp> media_next_timeout() const;
  Transceiver* transceiver_by_mid(std::string_view mid);
  Transceiver* transceiver_by_remote_ssrc(std::uint32_t ssrc);
  Transceiver* transceiver_by_local_ssrc(std::uint32_t ssrc);

  // media_rtp.cpp: what the packets mean (frames, feedback)
  std::uint64_t ntp_now(Timestamp now);
  void on_rtp(Timestamp now, Transceiver& t, Bytes packet);
  void on_rtcp(Timestamp now, BytesView compound);
  Result<void> send_frame(Timestamp now, Transceiver& t, BytesView frame,
                          std::uint32_t rtp_timestamp);
  Result<void> request_keyframe(Timestamp now, Transceiver& t);
};

}  // namespace rtc::peer
