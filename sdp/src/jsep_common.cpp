// What offers and answers share (RFC 9429 §5.2.1, §5.3.1): the transport part of an m-section,
// SSRC lines, ICE credentials, the direction and DTLS role rules.
#include <algorithm>
#include <charconv>

#include "rtc/sdp/jsep.hpp"

namespace rtc::sdp {

std::string_view to_string(MediaKind kind) {
  return kind == MediaKind::audio ? "audio" : "video";
}

IceParameters generate_ice_parameters(Random& random) {
  // RFC 8839 §5.4: ufrag at least 24 bits and pwd at least 128 bits of randomness; each
  // ice-char carries 6 bits, so 8 characters give 48 bits and 24 give 144 bits.
  IceParameters ice;
  ice.ufrag = random.token(8);
  ice.pwd = random.token(24);
  return ice;
}

std::string generate_session_id(Random& random) {
  // RFC 9429 §5.2.1: a 64-bit value with the top bit clear, so it fits a signed integer.
  return std::to_string(random.u64() & 0x7FFFFFFFFFFFFFFFull);
}

TransceiverOptions audio_transceiver(std::string mid, MediaDirection direction) {
  return TransceiverOptions{MediaKind::audio,
                            std::move(mid),
                            direction,
                            default_audio_codecs(),
                            default_audio_header_extensions(),
                            std::nullopt,
                            {}};
}

TransceiverOptions video_transceiver(std::string mid, MediaDirection direction) {
  return TransceiverOptions{MediaKind::video,
                            std::move(mid),
                            direction,
                            default_video_codecs(),
                            default_video_header_extensions(),
                            std::nullopt,
                            {}};
}

Result<void> validate_ice_parameters(const IceParameters& ice) {
  auto ice_chars = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return Random::kIceChars.find(c) != std::string_view::npos; });
  };
  // RFC 8839 §5.4: ice-ufrag is 4-256 ice-chars, ice-pwd 22-256.
  if (ice.ufrag.size() < 4 || ice.ufrag.size() > 256 || !ice_chars(ice.ufrag)) {
    return fail(Errc::invalid_argument, "ice-ufrag must be 4 to 256 ice-chars (RFC 8839 §5.4)");
  }
  if (ice.pwd.size() < 22 || ice.pwd.size() > 256 || !ice_chars(ice.pwd)) {
    return fail(Errc::invalid_argument, "ice-pwd must be 22 to 256 ice-chars (RFC 8839 §5.4)");
  }
  return {};
}

MediaDescription start_media_section(std::string_view type, std::string_view protocol,
                                     std::string_view mid, const TransportOptions& transport) {
  MediaDescription m;
  m.type = std::string(type);
  m.port = 9;  // the discard port: "no address yet" (RFC 8840; RFC 9429 §5.2.1)
  m.protocol = std::string(protocol);
  Connection c;  // IN IP4 0.0.0.0
  const bool has_candidates = transport.candidates && !transport.candidates->empty();
  if (has_candidates) {
    // RFC 8839 §4.2.1.2: m= and c= carry the default candidate. An mDNS name cannot go in c=,
    // so such candidates leave the placeholder.
    for (const Candidate& cand : *transport.candidates) {
      if (cand.component != 1 || cand.is_mdns()) continue;
      m.port = cand.port;
      c.address = cand.address;
      c.address_type = cand.address.find(':') != std::string::npos ? "IP6" : "IP4";
      break;
    }
  }
  m.connections.push_back(c);
  const bool rtp = protocol.find("RTP") != std::string_view::npos;
  // RFC 9429 §5.2.1: a=rtcp with the placeholder "9 IN IP4 0.0.0.0"; with rtcp-mux RTCP
  // shares the RTP port anyway (RFC 5761).
  if (rtp) m.add(Rtcp{9, "IN", "IP4", "0.0.0.0"});
  if (has_candidates) {
    for (const Candidate& cand : *transport.candidates) m.add(cand);
  }
  if (has_candidates && transport.end_of_candidates) m.add(EndOfCandidates{});
  if (transport.ice) {
    m.add(IceUfrag{transport.ice->ufrag});
    m.add(IcePwd{transport.ice->pwd});
    if (transport.ice->trickle) m.add(IceOptions{{"trickle"}});
  }
  if (transport.fingerprint) {
    m.add(Fingerprint{transport.fingerprint->algorithm, transport.fingerprint->value});
  }
  if (!transport.setup.empty()) m.add(Setup{std::string(transport.setup)});
  m.add(Mid{std::string(mid)});
  return m;
}

void add_ssrc_attributes(MediaDescription& media, const SendStream& send) {
  if (!send.ssrc) return;
  if (send.rtx_ssrc) {
    // RFC 5576 §4.2 with RFC 4588 §8.3: FID groups a stream with its retransmission stream.
    media.add(SsrcGroup{"FID", {*send.ssrc, *send.rtx_ssrc}});
  }
  std::string msid = send.stream_id.empty() ? "-" : send.stream_id;
  if (!send.track_id.empty()) msid += " " + send.track_id;
  for (std::optional<std::uint32_t> ssrc : {send.ssrc, send.rtx_ssrc}) {
    if (!ssrc) continue;
    if (!send.cname.empty()) media.add(Ssrc{*ssrc, "cname", send.cname});  // RFC 5576 §6.1
    media.add(Ssrc{*ssrc, "msid", msid});
  }
}

MediaDirection answer_direction(MediaDirection offered, MediaDirection wanted) {
  // RFC 3264 §6.1: we may send only if the offerer receives, receive only if it sends.
  auto sends = [](MediaDirection d) {
    return d == MediaDirection::sendrecv || d == MediaDirection::sendonly;
  };
  auto receives = [](MediaDirection d) {
    return d == MediaDirection::sendrecv || d == MediaDirection::recvonly;
  };
  const bool send = sends(wanted) && receives(offered);
  const bool recv = receives(wanted) && sends(offered);
  if (send && recv) return MediaDirection::sendrecv;
  if (send) return MediaDirection::sendonly;
  if (recv) return MediaDirection::recvonly;
  return MediaDirection::inactive;
}

std::string answer_setup(std::optional<std::string_view> offered, std::string_view preferred) {
  // RFC 4145 §4: a missing a=setup means "active".
  const std::string_view theirs = offered.value_or("active");
  if (theirs == "active") return "passive";
  if (theirs == "passive") return "active";
  // actpass (or anything else): our choice; RFC 5763 §5 recommends active.
  return preferred == "passive" ? "passive" : "active";
}

}  // namespace rtc::sdp
