// The one transport of a max-bundle PeerConnection: ICE finds a path, DTLS secures it, SCTP
// (data channels) rides inside DTLS, and SRTP (media) beside it, all on one UDP 5-tuple.
//
// Every datagram ICE lets through is told apart by its first byte (RFC 7983 §7):
//     [0..3] STUN (the ICE agent keeps those)   [20..63] DTLS   [128..191] RTP/RTCP
// and everything the layers want to send flows down the same way: SCTP packets become DTLS
// records, DTLS records and SRTP packets go out on ICE's selected pair.
#include <algorithm>

#include "impl.hpp"
#include "rtc/stun/demux.hpp"

namespace rtc::peer {
namespace {

void emit_trace(TraceSink* trace, Timestamp now, Direction d, std::string summary,
                std::string_view rfc) {
  rtc::trace(trace, now, "peer", d, std::move(summary), rfc);
}

}  // namespace

void PeerConnection::Impl::start_ice(Timestamp now, ice::Role role) {
  ice::AgentConfig c = config.ice;
  c.role = role;
  c.local_ufrag = local_ice.ufrag;
  c.local_pwd = local_ice.pwd;
  c.stun_servers = config.stun_servers;
  c.turn_servers = config.turn_servers;
  if (!c.trace) c.trace = trace;
  ice_role = role;
  ice = std::make_unique<ice::Agent>(std::move(c), random);
  emit_trace(trace, now, Direction::local,
             std::string("ICE agent starts as ") + ice::to_string(role) +
                 (role == ice::Role::controlling ? " (we offered)" : " (we answer)"),
             "RFC 8445 §6.1.1");
  for (const auto& a : local_addresses) ice->add_local_address(now, a);
  if (!local_addresses.empty()) ice->end_of_local_addresses(now);
  if (remote) {
    ice->set_remote_credentials(remote->ice_ufrag, remote->ice_pwd);
    ice->set_remote_lite(remote->ice_lite);
  }
}

void PeerConnection::Impl::start_transport(Timestamp now) {
  if (!remote || !dtls_role || !ice) return;
  ice->set_remote_credentials(remote->ice_ufrag, remote->ice_pwd);
  ice->set_remote_lite(remote->ice_lite);
  for (const auto& c : remote->candidates) (void)ice->add_remote_candidate(now, c);
  for (const auto& text : early_remote_candidates) {
    if (text.empty()) {
      remote_end_of_candidates = true;
    } else if (auto c = ice::Candidate::parse(text)) {
      (void)ice->add_remote_candidate(now, std::move(*c));
    }
  }
  early_remote_candidates.clear();
  if (remote->end_of_candidates || remote_end_of_candidates) ice->end_of_remote_candidates(now);

  if (dtls) return;  // a renegotiation: the transport is already up
  dtls::Config c;
  c.role = *dtls_role;
  c.identity = config.identity;
  c.remote_fingerprint = remote->fingerprint;
  c.srtp_profiles = config.srtp_profiles;
  // ICE has already proved that the peer sees our packets (RFC 8445 §7.2.5.2.1) and knows the
  // pwd, which is what a cookie would prove (RFC 6347 §4.2.1); browsers send none either.
  c.require_cookie = false;
  c.keylog = config.keylog;
  c.trace = trace;
  dtls = std::make_unique<dtls::DtlsEndpoint>(std::move(c), random);
  emit_trace(trace, now, Direction::local,
             std::string("DTLS role ") + dtls::to_string(*dtls_role) +
                 " from a=setup (the answerer's active side is the client)",
             "RFC 8842 §5.3");
  dtls->start(now);
  dtls_started = true;
}

void PeerConnection::Impl::receive(Timestamp now, const SocketAddress& socket,
                                   const SocketAddress& from, BytesView datagram) {
  if (closed || !ice) return;
  auto app = ice->handle_receive(now, socket, from, datagram);
  if (app && !app->empty()) {
    switch (stun::classify_packet(*app)) {
      case stun::PacketKind::dtls:
        if (dtls) {
          dtls_bytes_received += app->size();
          dtls->handle_receive(now, *app);
        }
        break;
      case stun::PacketKind::rtp_rtcp: {
        // RFC 5761 §4: RTCP packet types 192-223 occupy the second byte where RTP has the
        // marker bit and payload type; payload types 64-95 are therefore never used for RTP.
        const std::uint8_t type = app->size() > 1 ? (*app)[1] : 0;
        if (type >= 192 && type <= 223) {
          receive_rtcp(now, *app);
        } else {
          receive_rtp(now, *app);
        }
        break;
      }
      default:
        break;  // ZRTP, unknown: dropped (RFC 7983 §7)
    }
  }
  pump(now);
}

void PeerConnection::Impl::timeout(Timestamp now) {
  if (closed) return;
  auto due = [now](std::optional<Timestamp> t) { return t && *t <= now; };
  if (ice && due(ice->poll_timeout())) ice->handle_timeout(now);
  if (dtls && due(dtls->poll_timeout())) dtls->handle_timeout(now);
  if (sctp && due(sctp->poll_timeout())) sctp->handle_timeout(now);
  if (due(media_next_timeout())) media_timeout(now);
  pump(now);
}

std::optional<Timestamp> PeerConnection::Impl::next_timeout() const {
  if (closed) return std::nullopt;
  std::optional<Timestamp> t;
  auto take = [&t](std::optional<Timestamp> c) {
    if (c && (!t || *c < *t)) t = c;
  };
  if (ice) take(ice->poll_timeout());
  if (dtls) take(dtls->poll_timeout());
  if (sctp) take(sctp->poll_timeout());
  take(media_next_timeout());
  return t;
}

void PeerConnection::Impl::send_dtls(Timestamp now, Bytes record) {
  dtls_bytes_sent += record.size();
  // ICE sends on the selected pair, or before nomination on the best valid one (RFC 8445
  // §12.1). Before either there is no path: the flight waits for one (bounded; DTLS
  // retransmits whole flights anyway).
  if (!ice || !ice->send(now, record)) {
    if (dtls_waiting_for_pair.size() < 64) dtls_waiting_for_pair.push_back(std::move(record));
  }
}

std::optional<std::uint16_t> PeerConnection::Impl::handle_of_stream(std::uint16_t stream) const {
  for (const auto& [handle, slot] : channels) {
    if (slot.stream == stream) return handle;
  }
  return std::nullopt;
}

void PeerConnection::Impl::create_pending_channels(Timestamp now) {
  if (!sctp) return;
  for (auto& [handle, slot] : channels) {
    if (slot.stream || slot.remote || slot.closed) continue;
    auto id = sctp->create_channel(now, slot.label, slot.init);
    if (id) {
      slot.stream = *id;
    } else {
      slot.closed = true;
      events.push_back(event::DataChannelClosed{handle});
    }
  }
}

void PeerConnection::Impl::on_dtls_connected(Timestamp now, const dtls::Connected& c) {
  dtls_connected = true;
  srtp_profile = c.srtp_profile;
  events.push_back(
      event::DtlsConnected{*dtls_role, dtls::to_string(c.cipher_suite), c.srtp_profile});
  if (c.srtp_keys) {
    // RFC 5764 §4.2: the client writes with the client key and salt, the server with the
    // server's; each side reads with the other's.
    const auto& k = *c.srtp_keys;
    const bool client = *dtls_role == dtls::Role::client;
    rtp::SrtpConfig out, in;
    out.profile = in.profile = static_cast<rtp::SrtpProfile>(k.profile);
    out.master_key = client ? k.client_master_key : k.server_master_key;
    out.master_salt = client ? k.client_master_salt : k.server_master_salt;
    in.master_key = client ? k.server_master_key : k.client_master_key;
    in.master_salt = client ? k.server_master_salt : k.client_master_salt;
    auto o = rtp::SrtpSession::create(out);
    auto i = rtp::SrtpSession::create(in);
    if (o && i) {
      srtp_out.emplace(std::move(*o));
      srtp_in.emplace(std::move(*i));
      emit_trace(
          trace, now, Direction::local,
          "SRTP keyed from DTLS-SRTP: " + std::string(dtls::srtp_profile_info(k.profile).name),
          "RFC 5764 §4.2");
    }
  }
  const bool has_data =
      std::any_of(sections.begin(), sections.end(), [](const Section& s) { return s.data; });
  if (has_data && remote && remote->sctp_port) {
    sctp::AssociationConfig a;
    a.local_port = 5000;
    a.remote_port = *remote->sctp_port;
    // RFC 8841 §6.1: never send more than the peer can take (0: no limit of its own).
    std::uint64_t limit = config.max_message_size;
    if (remote->max_message_size != 0) limit = std::min(limit, remote->max_message_size);
    a.max_message_size = static_cast<std::size_t>(limit);
    const auto role =
        *dtls_role == dtls::Role::client ? sctp::DtlsRole::client : sctp::DtlsRole::server;
    sctp = std::make_unique<sctp::DataChannelManager>(a, role, random, trace);
    // RFC 8841 §9.3: both sides initiate; the SCTP collision rules make one association.
    sctp->connect(now);
    create_pending_channels(now);
  }
}

void PeerConnection::Impl::update_connection_state() {
  ConnectionState next = connection;
  const bool dtls_failed = dtls && dtls->state() == dtls::State::failed;
  const bool dtls_closed = dtls && dtls->state() == dtls::State::closed;
  if (closed || dtls_closed) {
    next = ConnectionState::closed;
  } else if (ice_state == ice::ConnectionState::failed || dtls_failed) {
    next = ConnectionState::failed;
  } else if (ice_state == ice::ConnectionState::disconnected) {
    next = ConnectionState::disconnected;
  } else if ((ice_state == ice::ConnectionState::connected ||
              ice_state == ice::ConnectionState::completed) &&
             dtls_connected) {
    next = ConnectionState::connected;
  } else if (ice_state != ice::ConnectionState::new_ || dtls_started) {
    next = ConnectionState::connecting;
  }
  if (next != connection) {
    connection = next;
    events.push_back(event::ConnectionStateChanged{next});
  }
}

void PeerConnection::Impl::pump(Timestamp now) {
  // Each pass moves everything one layer down (SCTP -> DTLS -> ICE) and every event up; a pass
  // can make more work for the others (a DTLS record completes the handshake, which starts
  // SCTP, which sends INIT), so repeat until a pass finds nothing.
  for (int pass = 0; pass < 64; ++pass) {
    bool progress = false;
    if (sctp) {
      while (auto packet = sctp->poll_transmit(now)) {
        progress = true;
        if (dtls) (void)dtls->send(*packet);
      }
      while (auto e = sctp->poll_event()) {
        progress = true;
        std::visit(
            [&](auto& ev) {
              using T = std::decay_t<decltype(ev)>;
              if constexpr (std::is_same_v<T, sctp::channel_event::Open>) {
                auto handle = handle_of_stream(ev.id);
                if (!handle) {
                  ChannelSlot slot;
                  slot.remote = true;
                  slot.stream = ev.id;
                  if (auto info = sctp->channel(ev.id)) slot.label = info->label;
                  handle = next_channel_handle++;
                  channels.emplace(*handle, std::move(slot));
                }
                auto& slot = channels[*handle];
                slot.open = true;
                std::string protocol;
                if (auto info = sctp->channel(ev.id)) protocol = info->protocol;
                events.push_back(event::DataChannelOpen{*handle, slot.label, protocol, ev.remote});
              } else if constexpr (std::is_same_v<T, sctp::channel_event::Message>) {
                if (auto handle = handle_of_stream(ev.id)) {
                  auto& slot = channels[*handle];
                  ++slot.messages_received;
                  slot.bytes_received += ev.data.size();
                  events.push_back(
                      event::DataChannelMessage{*handle, ev.binary, std::move(ev.data)});
                }
              } else if constexpr (std::is_same_v<T, sctp::channel_event::Closed>) {
                if (auto handle = handle_of_stream(ev.id)) {
                  auto& slot = channels[*handle];
                  if (!slot.closed) {
                    slot.closed = true;
                    events.push_back(event::DataChannelClosed{*handle});
                  }
                }
              } else if constexpr (std::is_same_v<T, sctp::channel_event::BufferedAmountLow>) {
                if (auto handle = handle_of_stream(ev.id)) {
                  events.push_back(event::DataChannelBufferedAmountLow{*handle});
                }
              } else if constexpr (std::is_same_v<T, sctp::channel_event::TransportClosed>) {
                for (auto& [handle, slot] : channels) {
                  if (!slot.closed) {
                    slot.closed = true;
                    events.push_back(event::DataChannelClosed{handle});
                  }
                }
              }
            },
            *e);
      }
    }
    if (dtls) {
      while (auto record = dtls->poll_transmit()) {
        progress = true;
        send_dtls(now, std::move(*record));
      }
      while (auto e = dtls->poll_event()) {
        progress = true;
        if (auto* c = std::get_if<dtls::Connected>(&*e)) {
          on_dtls_connected(now, *c);
        } else if (auto* d = std::get_if<dtls::ApplicationData>(&*e)) {
          // RFC 8261 §3: DTLS application data is SCTP.
          if (sctp) sctp->handle_receive(now, d->data);
        } else if (std::get_if<dtls::Failed>(&*e) || std::get_if<dtls::Closed>(&*e)) {
          if (sctp) {
            for (auto& [handle, slot] : channels) {
              if (!slot.closed) {
                slot.closed = true;
                events.push_back(event::DataChannelClosed{handle});
              }
            }
          }
        }
      }
    }
    if (ice) {
      while (auto e = ice->poll_event()) {
        progress = true;
        std::visit(
            [&](auto& ev) {
              using T = std::decay_t<decltype(ev)>;
              if constexpr (std::is_same_v<T, ice::LocalCandidate>) {
                events.push_back(
                    event::LocalCandidate{"candidate:" + ev.candidate.to_string(), first_mid(), 0});
              } else if constexpr (std::is_same_v<T, ice::GatheringStateChanged>) {
                gathering_state = ev.state;
                events.push_back(event::IceGatheringStateChanged{ev.state});
                if (ev.state == ice::GatheringState::complete) {
                  events.push_back(event::LocalCandidate{"", first_mid(), 0});
                }
              } else if constexpr (std::is_same_v<T, ice::ConnectionStateChanged>) {
                ice_state = ev.state;
                events.push_back(event::IceConnectionStateChanged{ev.state});
              } else if constexpr (std::is_same_v<T, ice::SelectedPairChanged>) {
                events.push_back(event::SelectedCandidatePair{ev.local, ev.remote});
              }
            },
            *e);
      }
      // DTLS flights that found no path yet go out as soon as ICE has one.
      while (!dtls_waiting_for_pair.empty() && ice->send(now, dtls_waiting_for_pair.front())) {
        progress = true;
        dtls_waiting_for_pair.pop_front();
      }
      while (auto t = ice->poll_transmit()) {
        progress = true;
        transmits.push_back(std::move(*t));
      }
    }
    update_connection_state();
    if (!progress) break;
  }
}

}  // namespace rtc::peer
