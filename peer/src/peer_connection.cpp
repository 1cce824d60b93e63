// PeerConnection: the public API, the signaling state machine (W3C webrtc-pc §4.3.1) and the
// offers and answers (JSEP, RFC 9429). The layers themselves run in transport.cpp and media.cpp.
#include "rtc/peer/peer_connection.hpp"

#include <algorithm>

#include "impl.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace rtc::peer {

const char* to_string(SdpType type) {
  return type == SdpType::offer ? "offer" : "answer";
}

const char* to_string(SignalingState state) {
  switch (state) {
    case SignalingState::stable:
      return "stable";
    case SignalingState::have_local_offer:
      return "have-local-offer";
    case SignalingState::have_remote_offer:
      return "have-remote-offer";
    case SignalingState::closed:
      return "closed";
  }
  return "?";
}

const char* to_string(ConnectionState state) {
  switch (state) {
    case ConnectionState::new_:
      return "new";
    case ConnectionState::connecting:
      return "connecting";
    case ConnectionState::connected:
      return "connected";
    case ConnectionState::disconnected:
      return "disconnected";
    case ConnectionState::failed:
      return "failed";
    case ConnectionState::closed:
      return "closed";
  }
  return "?";
}

std::optional<sdp::Codec> choose_send_codec(const std::vector<sdp::Codec>& codecs) {
  for (const auto& c : codecs) {
    if (c.is("rtx") || c.is("red") || c.is("ulpfec") || c.is("flexfec-03") ||
        c.is("telephone-event") || c.is("CN")) {
      continue;
    }
    return c;
  }
  return std::nullopt;
}

PeerConnection::Impl::Impl(Configuration c, Random& r)
    : config(std::move(c)), random(r), trace(config.trace) {
  local_ice = sdp::generate_ice_parameters(random);
  session_id = sdp::generate_session_id(random);
  cname = random.token(16);
  if (config.identity) {
    // "AB:CD:..." without the algorithm name: a=fingerprint:sha-256 <value> (RFC 8122 §5).
    const auto full = config.identity->certificate.to_sdp_fingerprint();
    fingerprint_value = full.substr(full.find(' ') + 1);
  }
}

void PeerConnection::Impl::set_signaling(SignalingState s) {
  if (signaling == s) return;
  signaling = s;
  events.push_back(event::SignalingStateChanged{s});
}

std::string PeerConnection::Impl::first_mid() const {
  return sections.empty() ? std::string("0") : sections.front().mid;
}

Transceiver* PeerConnection::Impl::transceiver_by_mid(std::string_view mid) {
  for (auto& t : transceivers) {
    if (t.mid == mid) return &t;
  }
  return nullptr;
}

sdp::SendStream PeerConnection::Impl::send_stream_for(const Transceiver& t) const {
  sdp::SendStream s;
  s.stream_id = "rtc";
  s.track_id = t.track_id;
  s.cname = cname;
  s.ssrc = t.ssrc;
  return s;
}

Result<sdp::SessionDescription> PeerConnection::Impl::build_offer() {
  if (!config.identity) {
    return fail(Errc::invalid_argument, "Configuration::identity is not set");
  }
  sdp::OfferOptions o;
  o.session_id = session_id;
  o.session_version = session_version;
  o.ice = local_ice;
  o.fingerprint.value = fingerprint_value;
  // A re-offer keeps our negotiated role (RFC 8842 §5.5): only the first offer is actpass.
  if (negotiated && dtls_role) o.setup = *dtls_role == dtls::Role::client ? "active" : "passive";
  std::size_t media_index = 0;
  for (const auto& section : sections) {
    if (section.data) {
      sdp::DataChannelOptions d;
      d.mid = section.mid;
      d.max_message_size = config.max_message_size;
      d.position = media_index;
      o.data_channel = d;
      continue;
    }
    const auto& t = transceivers[section.transceiver];
    auto options = t.kind == sdp::MediaKind::audio ? sdp::audio_transceiver(t.mid, t.direction)
                                                   : sdp::video_transceiver(t.mid, t.direction);
    // Renegotiation keeps the payload types already agreed (RFC 9429 §5.2.2).
    if (!t.codecs.empty()) options.codecs = t.codecs;
    if (t.direction == sdp::MediaDirection::sendrecv ||
        t.direction == sdp::MediaDirection::sendonly) {
      options.send = send_stream_for(t);
    }
    o.transceivers.push_back(std::move(options));
    ++media_index;
  }
  return sdp::create_offer(o);
}

PeerConnection::PeerConnection(Configuration config, Random& random)
    : impl_(std::make_unique<Impl>(std::move(config), random)) {}
PeerConnection::PeerConnection(PeerConnection&&) noexcept = default;
PeerConnection& PeerConnection::operator=(PeerConnection&&) noexcept = default;
PeerConnection::~PeerConnection() = default;

Result<Description> PeerConnection::create_offer() {
  auto& s = *impl_;
  if (s.closed) return fail(Errc::state, "the connection is closed");
  if (s.signaling == SignalingState::have_remote_offer) {
    return fail(Errc::state, "cannot offer while a remote offer is pending");
  }
  if (s.sections.empty()) {
    return fail(Errc::state, "nothing to offer: add a transceiver or create a data channel first");
  }
  auto offer = s.build_offer();
  if (!offer) return std::unexpected(offer.error());
  Description d{SdpType::offer, sdp::serialize(*offer)};
  s.last_offer_created = d;
  return d;
}

Result<Description> PeerConnection::create_answer() {
  auto& s = *impl_;
  if (s.signaling != SignalingState::have_remote_offer || !s.remote_description) {
    return fail(Errc::state, "create_answer needs a remote offer");
  }
  if (!s.config.identity) {
    return fail(Errc::invalid_argument, "Configuration::identity is not set");
  }
  auto offer = sdp::parse(s.remote_description->sdp);
  if (!offer) return std::unexpected(offer.error());

  sdp::AnswerOptions o;
  o.session_id = s.session_id;
  o.session_version = s.session_version;
  o.ice = s.local_ice;
  o.fingerprint.value = s.fingerprint_value;
  o.setup = s.config.answer_setup;
  sdp::DataChannelOptions data;
  data.max_message_size = s.config.max_message_size;
  o.data_channel = data;
  for (const auto& t : s.transceivers) {
    sdp::MediaAnswerOptions m;
    m.mid = t.mid;
    m.direction = t.direction;
    if (t.direction == sdp::MediaDirection::sendrecv ||
        t.direction == sdp::MediaDirection::sendonly) {
      m.send = s.send_stream_for(t);
    }
    o.media.push_back(std::move(m));
  }
  auto answer = sdp::create_answer(*offer, o);
  if (!answer) return std::unexpected(answer.error());
  Description d{SdpType::answer, sdp::serialize(answer->description)};
  s.pending_answer = std::move(*answer);
  s.last_answer_created = d;
  return d;
}

Result<void> PeerConnection::set_local_description(Timestamp now, const Description& d) {
  auto& s = *impl_;
  if (s.closed) return fail(Errc::state, "the connection is closed");
  if (d.type == SdpType::offer) {
    if (s.signaling != SignalingState::stable) {
      return fail(Errc::state, "a local offer needs the stable state");
    }
    if (!s.last_offer_created || s.last_offer_created->sdp != d.sdp) {
      return fail(Errc::invalid_argument, "set the offer create_offer() returned, unmodified");
    }
    s.local_description = d;
    s.set_signaling(SignalingState::have_local_offer);
    // RFC 8445 §6.1.1: the offerer is the controlling agent (unless the peer turns out lite,
    // which makes no difference here: a full agent facing a lite one is controlling too).
    if (!s.ice) s.start_ice(now, ice::Role::controlling);
    ++s.session_version;
    return {};
  }
  if (s.signaling != SignalingState::have_remote_offer || !s.pending_answer) {
    return fail(Errc::state, "a local answer needs a remote offer");
  }
  if (!s.last_answer_created || s.last_answer_created->sdp != d.sdp) {
    return fail(Errc::invalid_argument, "set the answer create_answer() returned, unmodified");
  }
  s.local_description = d;
  const sdp::Answer answer = std::move(*s.pending_answer);
  s.pending_answer.reset();
  // What was agreed, per m-section.
  for (const auto& m : answer.media) {
    if (auto* t = s.transceiver_by_mid(m.mid)) {
      t->negotiated = m.accepted ? m.direction : sdp::MediaDirection::inactive;
      t->rejected = !m.accepted;
      t->codecs = m.codecs;
      t->send_codec = choose_send_codec(m.codecs);
    }
  }
  s.dtls_role = dtls::role_from_setup(answer.setup);
  s.negotiated = true;
  ++s.session_version;
  s.set_signaling(SignalingState::stable);
  if (!s.ice) s.start_ice(now, ice::Role::controlled);
  s.start_transport(now);
  s.pump(now);
  return {};
}

Result<void> PeerConnection::set_remote_description(Timestamp now, const Description& d) {
  auto& s = *impl_;
  if (s.closed) return fail(Errc::state, "the connection is closed");
  auto parsed = sdp::parse(d.sdp);
  if (!parsed) return std::unexpected(parsed.error());
  if (d.type == SdpType::offer) {
    if (s.signaling != SignalingState::stable) {
      return fail(Errc::state, "a remote offer needs the stable state (glare)");
    }
    if (auto r = s.apply_remote_offer(now, *parsed); !r) return r;
    s.remote_description = d;
    s.set_signaling(SignalingState::have_remote_offer);
    s.pump(now);
    return {};
  }
  if (s.signaling != SignalingState::have_local_offer) {
    return fail(Errc::state, "a remote answer needs a local offer");
  }
  if (auto r = s.apply_remote_answer(now, *parsed); !r) return r;
  s.remote_description = d;
  s.negotiated = true;
  s.set_signaling(SignalingState::stable);
  s.start_transport(now);
  s.pump(now);
  return {};
}

Result<void> PeerConnection::Impl::apply_remote_offer(Timestamp now,
                                                      const sdp::SessionDescription& offer) {
  auto transport = read_remote_transport(offer);
  if (!transport) return std::unexpected(transport.error());
  // An m-section we do not have yet gets a transceiver (W3C: the remote side added a track),
  // or the data section. m-line order is the offerer's (RFC 9429 §5.3.1).
  for (const auto& m : transport->media) {
    auto known = std::find_if(sections.begin(), sections.end(),
                              [&](const Section& s) { return s.mid == m.mid; });
    if (known != sections.end()) continue;
    if (m.type == "application") {
      sections.push_back({m.mid, true, 0});
      continue;
    }
    if (m.type != "audio" && m.type != "video") continue;
    Transceiver t;
    t.mid = m.mid;
    t.kind = m.type == "audio" ? sdp::MediaKind::audio : sdp::MediaKind::video;
    t.direction = sdp::MediaDirection::sendrecv;
    t.ssrc = random.u32();
    t.sequence = random.u16();
    t.timestamp_offset = random.u32();
    t.track_id = random.token(12);
    transceivers.push_back(std::move(t));
    sections.push_back({m.mid, false, transceivers.size() - 1});
  }
  // Sections we had but the remote reordered would break BUNDLE: keep the remote's order.
  std::vector<Section> ordered;
  for (const auto& m : transport->media) {
    for (const auto& s : sections) {
      if (s.mid == m.mid) ordered.push_back(s);
    }
  }
  sections = std::move(ordered);
  for (const auto& m : transport->media) {
    if (auto* t = transceiver_by_mid(m.mid)) {
      t->remote_ssrcs = m.ssrcs;
      t->remote_payload_types = m.payload_types;
      t->remote_sends = !m.rejected && (m.direction == sdp::MediaDirection::sendrecv ||
                                        m.direction == sdp::MediaDirection::sendonly);
    }
  }
  const bool restart = remote && remote->ice_ufrag != transport->ice_ufrag;
  remote = std::move(*transport);
  if (ice && restart) {
    local_ice = sdp::generate_ice_parameters(random);
    ice->restart(now, local_ice.ufrag, local_ice.pwd);
  }
  if (!ice) start_ice(now, ice::Role::controlled);
  return {};
}

Result<void> PeerConnection::Impl::apply_remote_answer(Timestamp,
                                                       const sdp::SessionDescription& answer) {
  auto transport = read_remote_transport(answer);
  if (!transport) return std::unexpected(transport.error());
  for (const auto& m : transport->media) {
    auto* t = transceiver_by_mid(m.mid);
    const auto* media = answer.find_media(m.mid);
    if (!t || !media) continue;
    t->rejected = m.rejected;
    t->remote_ssrcs = m.ssrcs;
    t->remote_payload_types = m.payload_types;
    // The answerer's direction, seen from our side (RFC 3264 §6.1).
    switch (m.direction) {
      case sdp::MediaDirection::sendrecv:
        t->negotiated = t->direction;
        break;
      case sdp::MediaDirection::sendonly:
        t->negotiated = t->direction == sdp::MediaDirection::sendrecv ||
                                t->direction == sdp::MediaDirection::recvonly
                            ? sdp::MediaDirection::recvonly
                            : sdp::MediaDirection::inactive;
        break;
      case sdp::MediaDirection::recvonly:
        t->negotiated = t->direction == sdp::MediaDirection::sendrecv ||
                                t->direction == sdp::MediaDirection::sendonly
                            ? sdp::MediaDirection::sendonly
                            : sdp::MediaDirection::inactive;
        break;
      case sdp::MediaDirection::inactive:
        t->negotiated = sdp::MediaDirection::inactive;
        break;
    }
    if (m.rejected) t->negotiated = sdp::MediaDirection::inactive;
    t->remote_sends = !m.rejected && (m.direction == sdp::MediaDirection::sendrecv ||
                                      m.direction == sdp::MediaDirection::sendonly);
    // The answer's codecs, with the payload types of our offer, in the answerer's order.
    t->codecs = sdp::codecs_of(*media);
    t->send_codec = choose_send_codec(t->codecs);
  }
  // RFC 8842 §5.3: the answer's a=setup decides; active means the peer is the DTLS client.
  if (transport->setup == "active") {
    dtls_role = dtls::Role::server;
  } else if (transport->setup == "passive") {
    dtls_role = dtls::Role::client;
  } else {
    return fail(Errc::malformed, "an answer's a=setup must be active or passive, not '" +
                                     transport->setup + "' (RFC 8842 §5.3)");
  }
  const bool restart = remote && remote->ice_ufrag != transport->ice_ufrag;
  remote = std::move(*transport);
  (void)restart;
  return {};
}

Result<void> PeerConnection::add_ice_candidate(Timestamp now, std::string_view candidate,
                                               std::string_view) {
  auto& s = *impl_;
  if (s.closed) return fail(Errc::state, "the connection is closed");
  if (!s.ice || !s.remote) {
    // Trickled candidates may overtake the description they belong to (RFC 8838 §11.2 leaves
    // the order to signaling); keep them until it arrives.
    if (s.early_remote_candidates.size() >= 256) {
      return fail(Errc::state, "too many candidates before a description");
    }
    s.early_remote_candidates.emplace_back(candidate);
    return {};
  }
  if (candidate.empty()) {
    s.ice->end_of_remote_candidates(now);
    s.pump(now);
    return {};
  }
  auto c = ice::Candidate::parse(candidate);
  if (!c) return std::unexpected(c.error());
  auto r = s.ice->add_remote_candidate(now, std::move(*c));
  s.pump(now);
  return r;
}

// --- Data channels ------------------------------------------------------------------------------

Result<std::uint16_t> PeerConnection::create_data_channel(Timestamp now, std::string label,
                                                          const sctp::DataChannelInit& init) {
  auto& s = *impl_;
  if (s.closed) return fail(Errc::state, "the connection is closed");
  if (label.size() > 65535) {
    return fail(Errc::invalid_argument, "a label is at most 65535 bytes");
  }
  const bool has_data = std::any_of(s.sections.begin(), s.sections.end(),
                                    [](const Section& sec) { return sec.data; });
  if (!has_data) {
    // RFC 9429 §5.2.1: the m=application section; its mid is the next free number.
    s.sections.push_back({std::to_string(s.sections.size()), true, 0});
  }
  const std::uint16_t handle = s.next_channel_handle++;
  ChannelSlot slot;
  slot.label = std::move(label);
  slot.init = init;
  s.channels.emplace(handle, std::move(slot));
  if (s.sctp) s.create_pending_channels(now);
  s.pump(now);
  return handle;
}

Result<void> PeerConnection::Impl::send_on_channel(Timestamp now, std::uint16_t channel,
                                                   BytesView data, bool binary) {
  auto it = channels.find(channel);
  if (it == channels.end() || !it->second.stream || !sctp) {
    return fail(Errc::state, "the data channel is not open");
  }
  const std::uint16_t stream = *it->second.stream;
  auto r = binary ? sctp->send_binary(now, stream, data)
                  : sctp->send_text(
                        now, stream,
                        std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
  if (r) {
    ++it->second.messages_sent;
    it->second.bytes_sent += data.size();
  }
  pump(now);
  return r;
}

Result<void> PeerConnection::send_text(Timestamp now, std::uint16_t channel,
                                       std::string_view text) {
  return impl_->send_on_channel(
      now, channel, BytesView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
      false);
}

Result<void> PeerConnection::send_binary(Timestamp now, std::uint16_t channel, BytesView data) {
  return impl_->send_on_channel(now, channel, data, true);
}

void PeerConnection::close_data_channel(Timestamp now, std::uint16_t channel) {
  auto& s = *impl_;
  auto it = s.channels.find(channel);
  if (it == s.channels.end()) return;
  if (it->second.stream && s.sctp) {
    s.sctp->close(now, *it->second.stream);
  } else if (!it->second.closed) {
    it->second.closed = true;
    s.events.push_back(event::DataChannelClosed{channel});
  }
  s.pump(now);
}

std::size_t PeerConnection::buffered_amount(std::uint16_t channel) const {
  const auto& s = *impl_;
  auto it = s.channels.find(channel);
  if (it == s.channels.end() || !it->second.stream || !s.sctp) return 0;
  return s.sctp->buffered_amount(*it->second.stream);
}

void PeerConnection::set_buffered_amount_low_threshold(std::uint16_t channel, std::size_t bytes) {
  auto& s = *impl_;
  auto it = s.channels.find(channel);
  if (it == s.channels.end() || !it->second.stream || !s.sctp) return;
  s.sctp->set_buffered_amount_low_threshold(*it->second.stream, bytes);
}

// --- Media
// ----------------------------------------------------------------------------------------

Result<std::string> PeerConnection::add_transceiver(MediaKind kind, MediaDirection direction) {
  auto& s = *impl_;
  if (s.closed) return fail(Errc::state, "the connection is closed");
  Transceiver t;
  // The next free mid: mids are never reused (RFC 9429 §5.2.2).
  std::size_t n = s.sections.size();
  auto taken = [&](const std::string& mid) {
    return std::any_of(s.sections.begin(), s.sections.end(),
                       [&](const Section& sec) { return sec.mid == mid; });
  };
  while (taken(std::to_string(n))) ++n;
  t.mid = std::to_string(n);
  t.kind = kind;
  t.direction = direction;
  t.ssrc = s.random.u32();
  t.sequence = s.random.u16();
  t.timestamp_offset = s.random.u32();
  t.track_id = s.random.token(12);
  const std::string mid = t.mid;
  s.transceivers.push_back(std::move(t));
  s.sections.push_back({mid, false, s.transceivers.size() - 1});
  return mid;
}

Result<void> PeerConnection::set_codec_preferences(std::string_view mid,
                                                   const std::vector<std::string>& names) {
  auto* t = impl_->transceiver_by_mid(mid);
  if (!t) return fail(Errc::invalid_argument, "no transceiver with that mid");
  const auto all = (t->kind == sdp::MediaKind::audio ? sdp::audio_transceiver(t->mid)
                                                     : sdp::video_transceiver(t->mid))
                       .codecs;
  std::vector<sdp::Codec> chosen;
  for (const auto& name : names) {
    for (const auto& c : all) {
      if (!c.is(name)) continue;
      chosen.push_back(c);
      // Its retransmission format (RFC 4588 §8.6: rtx with apt = this payload type).
      for (const auto& r : all) {
        if (r.is("rtx") && r.parameter("apt") == std::to_string(c.payload_type)) {
          chosen.push_back(r);
        }
      }
    }
  }
  if (chosen.empty()) return fail(Errc::invalid_argument, "none of those codecs is supported");
  t->codecs = std::move(chosen);
  return {};
}

std::vector<PeerConnection::TransceiverInfo> PeerConnection::transceivers() const {
  std::vector<TransceiverInfo> out;
  for (const auto& t : impl_->transceivers) {
    out.push_back({t.mid, t.kind, t.negotiated, t.send_codec});
  }
  return out;
}

std::optional<sdp::Codec> PeerConnection::send_codec(std::string_view mid) const {
  for (const auto& t : impl_->transceivers) {
    if (t.mid == mid) return t.send_codec;
  }
  return std::nullopt;
}

// --- I/O
// ------------------------------------------------------------------------------------------

void PeerConnection::add_local_address(Timestamp now, const SocketAddress& address) {
  auto& s = *impl_;
  if (std::find(s.local_addresses.begin(), s.local_addresses.end(), address) !=
      s.local_addresses.end()) {
    return;
  }
  s.local_addresses.push_back(address);
  if (s.ice) {
    s.ice->add_local_address(now, address);
    s.pump(now);
  }
}

void PeerConnection::handle_receive(Timestamp now, const SocketAddress& socket,
                                    const SocketAddress& from, BytesView datagram) {
  impl_->receive(now, socket, from, datagram);
}
void PeerConnection::handle_timeout(Timestamp now) {
  impl_->timeout(now);
}

std::optional<ice::Transmit> PeerConnection::poll_transmit() {
  auto& q = impl_->transmits;
  if (q.empty()) return std::nullopt;
  auto t = std::move(q.front());
  q.pop_front();
  return t;
}

std::optional<Event> PeerConnection::poll_event() {
  auto& q = impl_->events;
  if (q.empty()) return std::nullopt;
  auto e = std::move(q.front());
  q.pop_front();
  return e;
}

std::optional<Timestamp> PeerConnection::poll_timeout() const {
  return impl_->next_timeout();
}

void PeerConnection::close(Timestamp now) {
  auto& s = *impl_;
  if (s.closed) return;
  // W3C close(): SCTP and DTLS say goodbye (RFC 9260 §9.1 ABORT, RFC 5246 §7.2.1
  // close_notify), then ICE stops. The last datagrams are still in poll_transmit().
  if (s.sctp) s.sctp->association().abort(now, "PeerConnection closed");
  s.pump(now);
  if (s.dtls) s.dtls->close(now);
  s.pump(now);
  if (s.ice) s.ice->close(now);
  s.pump(now);
  s.closed = true;
  for (auto& [handle, slot] : s.channels) {
    if (!slot.closed) {
      slot.closed = true;
      s.events.push_back(event::DataChannelClosed{handle});
    }
  }
  s.set_signaling(SignalingState::closed);
  s.update_connection_state();
}

SignalingState PeerConnection::signaling_state() const {
  return impl_->signaling;
}
ice::GatheringState PeerConnection::ice_gathering_state() const {
  return impl_->gathering_state;
}
ice::ConnectionState PeerConnection::ice_connection_state() const {
  return impl_->ice_state;
}
ConnectionState PeerConnection::connection_state() const {
  return impl_->connection;
}
const std::string& PeerConnection::local_ice_ufrag() const {
  return impl_->local_ice.ufrag;
}
std::optional<Description> PeerConnection::local_description() const {
  return impl_->local_description;
}
std::optional<Description> PeerConnection::remote_description() const {
  return impl_->remote_description;
}

Stats PeerConnection::stats() const {
  const auto& s = *impl_;
  Stats out;
  out.connection_state = s.connection;
  if (s.ice) out.candidate_pairs = s.ice->pair_stats();
  out.srtp_profile = s.srtp_profile;
  out.dtls_bytes_sent = s.dtls_bytes_sent;
  out.dtls_bytes_received = s.dtls_bytes_received;
  for (const auto& t : s.transceivers) {
    if (t.packets_sent) {
      Stats::Rtp o;
      o.mid = t.mid;
      o.ssrc = t.ssrc;
      o.packets = t.packets_sent;
      o.bytes = t.bytes_sent;
      o.round_trip_time = t.round_trip_time;
      o.nacks = t.nacks_received;
      o.retransmitted = t.retransmitted;
      out.outbound_rtp.push_back(o);
    }
    for (const auto& [ssrc, r] : t.receivers) {
      if (!r.stats) continue;
      Stats::Rtp in;
      in.mid = t.mid;
      in.ssrc = ssrc;
      in.packets = t.packets_received;
      in.bytes = t.bytes_received;
      in.packets_lost =
          static_cast<std::uint64_t>(std::max<std::int64_t>(0, r.stats->cumulative_lost()));
      const std::uint32_t rate =
          t.send_codec ? t.send_codec->clock_rate : (t.kind == MediaKind::audio ? 48000 : 90000);
      in.jitter_seconds = static_cast<double>(r.stats->jitter()) / rate;
      in.frames = t.frames_received;
      out.inbound_rtp.push_back(in);
    }
  }
  for (const auto& [handle, slot] : s.channels) {
    Stats::DataChannel d;
    d.id = handle;
    d.label = slot.label;
    d.state = slot.closed ? sctp::ChannelState::closed
              : slot.open ? sctp::ChannelState::open
                          : sctp::ChannelState::connecting;
    d.messages_sent = slot.messages_sent;
    d.bytes_sent = slot.bytes_sent;
    d.messages_received = slot.messages_received;
    d.bytes_received = slot.bytes_received;
    out.data_channels.push_back(d);
  }
  return out;
}

}  // namespace rtc::peer
