// Initial offers, RFC 9429 §5.2.1: one m-section per transceiver (and one for data channels),
// in the attribute order Chromium writes.
#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "rtc/sdp/jsep.hpp"

namespace rtc::sdp {

namespace {

bool sends(MediaDirection d) {
  return d == MediaDirection::sendrecv || d == MediaDirection::sendonly;
}

// RFC 5888 §4: identification-tag = token (RFC 8866 §9 token-char).
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D ||
           c == 0x2E || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) ||
           (c >= 0x5E && c <= 0x7E);
  });
}

std::unexpected<Error> invalid(std::string message) {
  return fail(Errc::invalid_argument, std::move(message));
}

// Simulcast layers are named by rid, which travels in the rtp-stream-id header extension
// (RFC 8852 §3.1, RFC 8853 §5.1): add it (and repaired-rtp-stream-id when rtx is offered) if
// the caller did not, with the lowest id nobody uses.
void add_rid_extensions(std::vector<TransceiverOptions>& transceivers) {
  std::set<std::uint16_t> used;
  for (const auto& t : transceivers) {
    for (const auto& e : t.header_extensions) used.insert(e.id);
  }
  std::map<std::string, std::uint16_t> assigned;
  auto ensure = [&](TransceiverOptions& t, std::string_view uri) {
    for (const auto& e : t.header_extensions) {
      if (e.uri == uri) return;
    }
    auto it = assigned.find(std::string(uri));
    std::uint16_t id = 0;
    if (it != assigned.end()) {
      id = it->second;  // the same id in every bundled m-section (RFC 8843 §9.1.2)
    } else {
      id = 1;
      while (used.contains(id)) ++id;
      used.insert(id);
      assigned.emplace(std::string(uri), id);
    }
    t.header_extensions.push_back({id, std::string(uri), std::nullopt});
  };
  for (auto& t : transceivers) {
    if (t.simulcast.empty()) continue;
    ensure(t, extension_uri::kRtpStreamId);
    const bool has_rtx =
        std::any_of(t.codecs.begin(), t.codecs.end(), [](const Codec& c) { return c.is("rtx"); });
    if (has_rtx) ensure(t, extension_uri::kRepairedRtpStreamId);
  }
}

Result<void> check_transceiver(const TransceiverOptions& t, bool allow_two_byte) {
  if (t.codecs.empty()) return invalid("transceiver '" + t.mid + "' has no codecs");
  std::set<std::uint8_t> pts;
  for (const Codec& c : t.codecs) {
    if (c.payload_type > 127) {
      return invalid("payload type " + std::to_string(c.payload_type) + " is not 0-127");
    }
    // RFC 5761 §4: with RTCP multiplexed on the RTP port, 64-95 would be mistaken for RTCP
    // packet types 192-223.
    if (c.payload_type >= 64 && c.payload_type <= 95) {
      return invalid("payload type " + std::to_string(c.payload_type) +
                     " clashes with RTCP under rtcp-mux (RFC 5761 §4)");
    }
    if (!pts.insert(c.payload_type).second) {
      return invalid("payload type " + std::to_string(c.payload_type) + " used twice in '" + t.mid +
                     "'");
    }
    if (c.name.empty() || c.clock_rate == 0) {
      return invalid("codec with payload type " + std::to_string(c.payload_type) +
                     " needs a name and a clock rate");
    }
  }
  for (const Codec& c : t.codecs) {
    if (!c.is("rtx")) continue;
    auto apt = c.parameter("apt");  // RFC 4588 §8.1: rtx must name its original payload type
    const bool found = apt && std::any_of(t.codecs.begin(), t.codecs.end(), [&](const Codec& o) {
                         return std::to_string(o.payload_type) == *apt;
                       });
    if (!found) {
      return invalid("rtx payload type " + std::to_string(c.payload_type) +
                     " has no apt= naming a codec of '" + t.mid + "' (RFC 4588 §8.1)");
    }
  }
  std::set<std::uint16_t> ids;
  const std::uint16_t max_id = allow_two_byte ? 255 : 14;
  for (const HeaderExtension& e : t.header_extensions) {
    // RFC 8285 §4.2: one-byte ids are 1-14; two-byte ids go to 255 (needs extmap-allow-mixed
    // to be mixed with one-byte ones, RFC 8285 §6).
    if (e.id == 0 || e.id > max_id) {
      return invalid("extmap id " + std::to_string(e.id) + " for " + e.uri + " is not 1-" +
                     std::to_string(max_id) + " (RFC 8285 §4.2)");
    }
    if (!ids.insert(e.id).second) {
      return invalid("extmap id " + std::to_string(e.id) + " used twice in '" + t.mid + "'");
    }
  }
  for (const SimulcastLayer& layer : t.simulcast) {
    if (!is_token(layer.rid)) return invalid("rid '" + layer.rid + "' is not a token");
  }
  return {};
}

// RFC 8843 §9.1.1, §9.1.2: bundled m-sections share one RTP session, so one payload type or
// one extmap id must mean the same thing in all of them.
Result<void> check_bundle_consistency(const std::vector<TransceiverOptions>& transceivers) {
  std::map<std::uint8_t, const Codec*> pts;
  std::map<std::uint16_t, std::string> ids;
  for (const auto& t : transceivers) {
    for (const Codec& c : t.codecs) {
      auto [it, inserted] = pts.emplace(c.payload_type, &c);
      const Codec& other = *it->second;
      if (!inserted && (!other.is(c.name) || other.clock_rate != c.clock_rate ||
                        other.channels != c.channels || other.fmtp != c.fmtp)) {
        return invalid("payload type " + std::to_string(c.payload_type) +
                       " means different codecs in bundled m-sections (RFC 8843 §9.1.1)");
      }
    }
    for (const HeaderExtension& e : t.header_extensions) {
      auto [it, inserted] = ids.emplace(e.id, e.uri);
      if (!inserted && it->second != e.uri) {
        return invalid("extmap id " + std::to_string(e.id) +
                       " names different extensions in bundled m-sections (RFC 8843 §9.1.2)");
      }
    }
  }
  return {};
}

std::string simulcast_list(const std::vector<SimulcastLayer>& layers) {
  // RFC 8853 §5.1: alternatives separated by ';', "~" marks a paused stream.
  std::string out;
  for (const auto& layer : layers) {
    if (!out.empty()) out += ';';
    if (layer.paused) out += '~';
    out += layer.rid;
  }
  return out;
}

MediaDescription rtp_section(const TransceiverOptions& t, const TransportOptions& transport,
                             const OfferOptions& o) {
  MediaDescription m =
      start_media_section(to_string(t.kind), "UDP/TLS/RTP/SAVPF", t.mid, transport);
  for (const HeaderExtension& e : t.header_extensions) {
    m.add(Extmap{e.id, e.direction, e.uri, ""});  // RFC 8285 §8
  }
  m.add(Direction{t.direction});  // RFC 8866 §6.7
  const bool sending = sends(t.direction) && t.send;
  if (sending) {
    // RFC 8830 §2: which MediaStream and track the media sent here belongs to.
    m.add(Msid{t.send->stream_id.empty() ? "-" : t.send->stream_id, t.send->track_id});
  }
  m.add(RtcpMux{});                      // RFC 5761 §5.1.1; JSEP always offers it (RFC 9429 §5.2.1)
  if (o.rtcp_rsize) m.add(RtcpRsize{});  // RFC 5506 §5
  add_codec_attributes(m, t.codecs);
  if (!t.simulcast.empty()) {
    for (const auto& layer : t.simulcast) m.add(Rid{layer.rid, "send", layer.params});
    m.add(Simulcast{"send", simulcast_list(t.simulcast), "", ""});
  }
  if (sending) add_ssrc_attributes(m, *t.send);
  return m;
}

}  // namespace

Result<SessionDescription> create_offer(const OfferOptions& options) {
  if (auto ok = validate_ice_parameters(options.ice); !ok) return std::unexpected(ok.error());
  if (options.fingerprint.value.empty() || options.fingerprint.algorithm.empty()) {
    return invalid("a DTLS fingerprint is required (RFC 8122 §5, RFC 9429 §5.2.1)");
  }
  if (options.setup != "actpass" && options.setup != "active" && options.setup != "passive") {
    return invalid("setup must be actpass, active or passive (RFC 8842 §5.2)");
  }
  if (options.transceivers.empty() && !options.data_channel) {
    return invalid("an offer needs at least one transceiver or a data channel");
  }

  std::vector<TransceiverOptions> transceivers = options.transceivers;
  add_rid_extensions(transceivers);

  std::set<std::string> mids;
  for (const auto& t : transceivers) {
    if (!is_token(t.mid)) return invalid("mid '" + t.mid + "' is not a token (RFC 5888 §4)");
    if (!mids.insert(t.mid).second) return invalid("mid '" + t.mid + "' used twice");
    if (auto ok = check_transceiver(t, options.extmap_allow_mixed); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (options.data_channel) {
    const auto& mid = options.data_channel->mid;
    if (!is_token(mid)) return invalid("data channel mid '" + mid + "' is not a token");
    if (!mids.insert(mid).second) return invalid("mid '" + mid + "' used twice");
  }
  if (options.bundle) {
    if (auto ok = check_bundle_consistency(transceivers); !ok) return std::unexpected(ok.error());
  }

  // The order of the m-sections: transceivers, with the data channel where it was asked to be.
  std::vector<std::variant<const TransceiverOptions*, const DataChannelOptions*>> order;
  for (const auto& t : transceivers) order.emplace_back(&t);
  if (options.data_channel) {
    const std::size_t at =
        std::min(options.data_channel->position.value_or(order.size()), order.size());
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), &*options.data_channel);
  }

  SessionDescription s;
  // RFC 9429 §5.2.1: o=- <sess-id> <sess-version> IN IP4 127.0.0.1 (a placeholder address),
  // s=-, t=0 0.
  s.origin.username = "-";
  s.origin.session_id = options.session_id;
  s.origin.session_version = options.session_version;
  s.session_name = "-";
  if (options.ice.lite) s.add(IceLite{});  // RFC 8839 §5.3: session level
  if (options.bundle) {
    Group group{"BUNDLE", {}};  // RFC 8843 §7.2: every mid, the first is the offerer's tag
    for (const auto& entry : order) {
      std::visit([&](const auto* p) { group.mids.push_back(p->mid); }, entry);
    }
    s.add(std::move(group));
  }
  if (options.extmap_allow_mixed) s.add(ExtmapAllowMixed{});  // RFC 8285 §6
  if (options.msid_semantic) {
    MsidSemantic semantic{true, "WMS", {}};
    for (const auto& t : transceivers) {
      if (!t.send || !sends(t.direction) || t.send->stream_id.empty() || t.send->stream_id == "-")
        continue;
      auto& ids = semantic.ids;
      if (std::find(ids.begin(), ids.end(), t.send->stream_id) == ids.end()) {
        ids.push_back(t.send->stream_id);
      }
    }
    s.add(std::move(semantic));
  }

  for (std::size_t i = 0; i < order.size(); ++i) {
    // With BUNDLE one transport carries everything: candidates only in the first m-section
    // (the offerer's BUNDLE tag, RFC 8843 §7.2); without it every m-section has its own.
    TransportOptions transport{&options.ice, &options.fingerprint, options.setup,
                               (!options.bundle || i == 0) ? &options.candidates : nullptr,
                               options.end_of_candidates || options.ice.lite};
    if (const auto* t = std::get_if<const TransceiverOptions*>(&order[i])) {
      s.media.push_back(rtp_section(**t, transport, options));
    } else {
      const DataChannelOptions& dc = *std::get<const DataChannelOptions*>(order[i]);
      // RFC 8841 §4: m=application <port> UDP/DTLS/SCTP webrtc-datachannel
      MediaDescription m = start_media_section("application", "UDP/DTLS/SCTP", dc.mid, transport);
      m.formats = {"webrtc-datachannel"};
      m.add(SctpPort{dc.sctp_port});               // RFC 8841 §5.1
      m.add(MaxMessageSize{dc.max_message_size});  // RFC 8841 §6.1
      s.media.push_back(std::move(m));
    }
  }
  return s;
}

}  // namespace rtc::sdp
