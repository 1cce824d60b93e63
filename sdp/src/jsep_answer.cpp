// Initial answers, RFC 9429 §5.3.1: the offer's m-sections in the same order with the same
// mids, each accepted with what both sides support or rejected with port 0 (RFC 3264 §6).
#include <algorithm>
#include <set>

#include "rtc/sdp/jsep.hpp"

namespace rtc::sdp {

namespace {

bool sends(MediaDirection d) {
  return d == MediaDirection::sendrecv || d == MediaDirection::sendonly;
}
bool receives(MediaDirection d) {
  return d == MediaDirection::sendrecv || d == MediaDirection::recvonly;
}

// The protocols an answerer accepts for RTP: every SAVP/SAVPF variant, answered with the same
// one (RFC 9429 §5.1.3). Plain RTP/AVP has no encryption and is refused.
bool is_secure_rtp(std::string_view protocol) {
  return protocol == "UDP/TLS/RTP/SAVPF" || protocol == "TCP/DTLS/RTP/SAVPF" ||
         protocol == "UDP/TLS/RTP/SAVP" || protocol == "TCP/DTLS/RTP/SAVP" ||
         protocol == "RTP/SAVPF" || protocol == "RTP/SAVP";
}

// RFC 8841 §4: UDP/DTLS/SCTP or TCP/DTLS/SCTP with the format "webrtc-datachannel".
bool is_data_channel(const MediaDescription& m) {
  return (m.protocol == "UDP/DTLS/SCTP" || m.protocol == "TCP/DTLS/SCTP") &&
         std::find(m.formats.begin(), m.formats.end(), "webrtc-datachannel") != m.formats.end();
}

// An attribute at media level, else at session level (RFC 8866 §5: session-level attributes
// are defaults for every m-section).
template <class T>
const T* lookup(const SessionDescription& s, const MediaDescription& m) {
  if (const T* t = m.find<T>()) return t;
  return s.find<T>();
}

MediaDirection offered_direction(const SessionDescription& s, const MediaDescription& m) {
  if (const Direction* d = lookup<Direction>(s, m)) return d->value;
  return MediaDirection::sendrecv;  // RFC 8866 §6.7: sendrecv when none is given
}

const MediaAnswerOptions* override_for(const AnswerOptions& o, std::string_view mid) {
  for (const auto& m : o.media) {
    if (m.mid == mid) return &m;
  }
  return nullptr;
}

// The rids the offerer sends as simulcast (a=simulcast:send ..., RFC 8853 §5.1), as the list
// text and the rid lines it names.
struct OfferedSimulcast {
  std::string list;
  std::vector<const Rid*> rids;
};
std::optional<OfferedSimulcast> offered_simulcast(const MediaDescription& m) {
  const Simulcast* sim = m.find<Simulcast>();
  if (!sim) return std::nullopt;
  OfferedSimulcast out;
  if (sim->direction1 == "send") out.list = sim->list1;
  if (sim->direction2 == "send") out.list = sim->list2;
  if (out.list.empty()) return std::nullopt;
  for (const Rid* rid : m.find_all<Rid>()) {
    if (rid->direction == "send") out.rids.push_back(rid);
  }
  return out;
}

struct Plan {
  NegotiatedMedia result;
  bool rtp = false;
  const MediaAnswerOptions* choice = nullptr;
  std::optional<OfferedSimulcast> simulcast;
};

}  // namespace

Result<Answer> create_answer(const SessionDescription& offer, const AnswerOptions& options) {
  if (auto ok = validate_ice_parameters(options.ice); !ok) return std::unexpected(ok.error());
  if (options.fingerprint.value.empty()) {
    return fail(Errc::invalid_argument, "a DTLS fingerprint is required (RFC 8122 §5)");
  }

  // RFC 9429 §5.8: every m-section of a JSEP offer has a unique a=mid.
  std::set<std::string, std::less<>> mids;
  for (std::size_t i = 0; i < offer.media.size(); ++i) {
    auto mid = offer.media[i].mid();
    if (!mid || mid->empty()) {
      return fail(Errc::malformed,
                  "m-section " + std::to_string(i) + " of the offer has no a=mid (RFC 9429 §5.8)");
    }
    if (!mids.emplace(*mid).second) {
      return fail(Errc::malformed, "the offer uses mid '" + std::string(*mid) + "' twice");
    }
  }

  const Group* offered_bundle = nullptr;
  for (const Group* g : offer.find_all<Group>()) {
    if (g->semantics == "BUNDLE") {
      offered_bundle = g;
      break;
    }
  }
  Answer answer;
  answer.remote_ice_lite = offer.has<IceLite>();
  answer.setup = "";

  // 1. Decide, per offered m-section, whether and how to accept it.
  std::vector<Plan> plans;
  for (const MediaDescription& m : offer.media) {
    Plan p;
    NegotiatedMedia& n = p.result;
    n.mid = std::string(*m.mid());
    n.type = m.type;
    p.choice = override_for(options, n.mid);
    const bool bundle_only = m.has<BundleOnly>();
    // RFC 3264 §6: port 0 means the offerer disabled the stream, unless it is bundle-only
    // (RFC 8843 §6: port 0 there means "only inside the BUNDLE group").
    bool accept = (m.port != 0 || bundle_only) && !(p.choice && p.choice->reject);

    if (accept && (m.type == "audio" || m.type == "video")) {
      const bool audio = m.type == "audio";
      p.rtp = true;
      std::optional<MediaDirection> wanted = audio ? options.audio : options.video;
      if (p.choice && p.choice->direction) wanted = p.choice->direction;
      const auto& local_codecs = audio ? options.audio_codecs : options.video_codecs;
      const auto& local_ext =
          audio ? options.audio_header_extensions : options.video_header_extensions;
      n.codecs = negotiate_codecs(codecs_of(m), local_codecs);
      // A media codec must remain: rtx, red and FEC alone carry nothing (RFC 3264 §6.1: no
      // common format means the stream is rejected).
      const bool has_media = std::any_of(n.codecs.begin(), n.codecs.end(), [](const Codec& c) {
        return !c.is("rtx") && !c.is("red") && !c.is("ulpfec") && !c.is("flexfec-03");
      });
      const bool mux_ok = !options.require_rtcp_mux || lookup<RtcpMux>(offer, m);
      accept = wanted && is_secure_rtp(m.protocol) && has_media && mux_ok;
      if (accept) {
        n.direction = answer_direction(offered_direction(offer, m), *wanted);
        n.header_extensions = negotiate_header_extensions(header_extensions_of(m), local_ext);
        const bool rid_ext = std::any_of(
            n.header_extensions.begin(), n.header_extensions.end(),
            [](const HeaderExtension& e) { return e.uri == extension_uri::kRtpStreamId; });
        if (options.accept_simulcast && rid_ext && receives(n.direction)) {
          p.simulcast = offered_simulcast(m);
          if (p.simulcast) {
            for (const Rid* rid : p.simulcast->rids) n.receive_rids.push_back(rid->id);
          }
        }
      }
    } else if (accept && m.type == "application") {
      accept = options.data_channel.has_value() && is_data_channel(m);
      if (accept) {
        n.direction = MediaDirection::sendrecv;
        // RFC 8841 §5.1: without a=sctp-port the SCTP port is 5000; RFC 8841 §6.1: without
        // a=max-message-size the peer can take 64 KiB.
        const SctpPort* port = m.find<SctpPort>();
        n.remote_sctp_port = port ? port->port : std::uint16_t{5000};
        const MaxMessageSize* size = m.find<MaxMessageSize>();
        n.remote_max_message_size = size ? size->bytes : std::uint64_t{65536};
      }
    } else {
      accept = false;  // text, message, or anything WebRTC does not carry
    }
    n.accepted = accept;
    if (!accept) {
      n.direction = MediaDirection::inactive;
      n.codecs.clear();
    } else {
      const IceUfrag* ufrag = lookup<IceUfrag>(offer, m);
      const IcePwd* pwd = lookup<IcePwd>(offer, m);
      const Fingerprint* fp = lookup<Fingerprint>(offer, m);
      if (!ufrag || !pwd) {
        return fail(Errc::malformed, "m-section '" + n.mid +
                                         "' of the offer has no ICE credentials (RFC 8839 §5.4)");
      }
      if (!fp) {
        return fail(Errc::malformed,
                    "m-section '" + n.mid + "' of the offer has no a=fingerprint (RFC 8122 §5)");
      }
      n.remote_ice_ufrag = ufrag->value;
      n.remote_ice_pwd = pwd->value;
      n.remote_fingerprint = DtlsFingerprint{fp->hash_function, fp->value};
      const Setup* setup = lookup<Setup>(offer, m);
      const std::string ours = answer_setup(
          setup ? std::optional<std::string_view>(setup->role) : std::nullopt, options.setup);
      if (answer.setup.empty()) answer.setup = ours;
      if (const IceOptions* io = lookup<IceOptions>(offer, m)) {
        if (std::find(io->options.begin(), io->options.end(), "trickle") != io->options.end()) {
          answer.remote_trickle = true;
        }
      }
      if (m.has<EndOfCandidates>() || offer.has<EndOfCandidates>()) {
        answer.remote_end_of_candidates = true;
      }
    }
    plans.push_back(std::move(p));
  }
  if (answer.setup.empty()) answer.setup = answer_setup(std::nullopt, options.setup);

  // 2. BUNDLE: the accepted mids of the offered group, in its order (RFC 8843 §7.3.1); the
  // first is the answerer's BUNDLE tag, the m-section whose transport everyone shares.
  if (options.bundle && offered_bundle) {
    for (const std::string& mid : offered_bundle->mids) {
      for (const Plan& p : plans) {
        if (p.result.mid == mid && p.result.accepted) answer.bundle.push_back(mid);
      }
    }
  }

  // 3. Write the answer.
  SessionDescription& s = answer.description;
  s.origin.username = "-";
  s.origin.session_id = options.session_id;
  s.origin.session_version = options.session_version;
  s.session_name = "-";
  if (options.ice.lite) s.add(IceLite{});  // RFC 8839 §5.3
  if (!answer.bundle.empty()) s.add(Group{"BUNDLE", answer.bundle});
  // RFC 8285 §6: extmap-allow-mixed only in answer to an offer that has it.
  if (offer.has<ExtmapAllowMixed>()) s.add(ExtmapAllowMixed{});
  {
    MsidSemantic semantic{true, "WMS", {}};
    for (const Plan& p : plans) {
      if (!p.choice || !p.choice->send || !p.result.accepted || !sends(p.result.direction))
        continue;
      const std::string& id = p.choice->send->stream_id;
      if (id.empty() || id == "-") continue;
      if (std::find(semantic.ids.begin(), semantic.ids.end(), id) == semantic.ids.end()) {
        semantic.ids.push_back(id);
      }
    }
    s.add(std::move(semantic));
  }

  const bool eoc = options.end_of_candidates || options.ice.lite;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const Plan& p = plans[i];
    const MediaDescription& offered = offer.media[i];
    const NegotiatedMedia& n = p.result;
    if (!n.accepted) {
      // RFC 3264 §6: a rejected stream has port 0 and keeps the offered formats;
      // RFC 9429 §5.3.1 keeps its a=mid so the offerer can match it.
      MediaDescription r;
      r.type = offered.type;
      r.port = 0;
      r.protocol = offered.protocol;
      r.formats = offered.formats;
      if (r.formats.empty()) r.formats.push_back("0");
      r.connections.push_back(Connection{});
      r.add(Mid{n.mid});
      s.media.push_back(std::move(r));
      continue;
    }
    // Candidates: in the BUNDLE tag only, or in every m-section when not bundled.
    const bool bundled =
        std::find(answer.bundle.begin(), answer.bundle.end(), n.mid) != answer.bundle.end();
    const bool carries_candidates = !bundled || answer.bundle.front() == n.mid;
    TransportOptions transport{&options.ice, &options.fingerprint, answer.setup,
                               carries_candidates ? &options.candidates : nullptr, eoc};
    MediaDescription m = start_media_section(offered.type, offered.protocol, n.mid, transport);
    if (!p.rtp) {
      m.formats = {"webrtc-datachannel"};
      m.add(SctpPort{options.data_channel->sctp_port});               // RFC 8841 §5.1
      m.add(MaxMessageSize{options.data_channel->max_message_size});  // RFC 8841 §6.1
      s.media.push_back(std::move(m));
      continue;
    }
    // RFC 8285 §6: extmap-allow-mixed is answered where it was offered; Firefox writes it per
    // m-section, Chromium at session level.
    if (offered.has<ExtmapAllowMixed>()) m.add(ExtmapAllowMixed{});
    for (const HeaderExtension& e : n.header_extensions) {
      m.add(Extmap{e.id, e.direction, e.uri, ""});
    }
    m.add(Direction{n.direction});
    const SendStream* send = (p.choice && p.choice->send) ? &*p.choice->send : nullptr;
    if (send && sends(n.direction)) {
      m.add(Msid{send->stream_id.empty() ? "-" : send->stream_id, send->track_id});
    }
    if (lookup<RtcpMux>(offer, offered)) m.add(RtcpMux{});                   // RFC 5761 §5.1.1
    if (options.rtcp_rsize && offered.has<RtcpRsize>()) m.add(RtcpRsize{});  // RFC 5506 §5
    add_codec_attributes(m, n.codecs);
    if (p.simulcast && !n.receive_rids.empty()) {
      // RFC 8853 §5.3: the answerer receives what the offerer sends: rid ... recv and
      // a=simulcast:recv with the same list.
      for (const Rid* rid : p.simulcast->rids) m.add(Rid{rid->id, "recv", rid->params});
      m.add(Simulcast{"recv", p.simulcast->list, "", ""});
    }
    if (send && sends(n.direction)) add_ssrc_attributes(m, *send);
    s.media.push_back(std::move(m));
  }
  for (Plan& p : plans) answer.media.push_back(std::move(p.result));
  return answer;
}

}  // namespace rtc::sdp
