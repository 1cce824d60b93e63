// Reading the transport and media parameters out of a remote description.
#include "remote_description.hpp"

#include <algorithm>
#include <charconv>

namespace rtc::peer {
namespace {

// A media-level attribute, else the session-level one (RFC 8839 §5.4 allows ICE credentials
// at either level; Firefox writes the fingerprint at session level).
template <class T>
const T* media_or_session(const sdp::MediaDescription& media,
                          const sdp::SessionDescription& session) {
  if (const T* t = media.find<T>()) return t;
  return session.find<T>();
}

}  // namespace

Result<RemoteTransport> read_remote_transport(const sdp::SessionDescription& description) {
  if (description.media.empty()) {
    return fail(Errc::malformed, "the description has no m-section");
  }
  RemoteTransport out;
  out.ice_lite = description.has<sdp::IceLite>();

  // RFC 8843 §7.1.3: with BUNDLE the transport comes from the first (tagged) accepted
  // m-section. Without BUNDLE we still use one transport (max-bundle, RFC 9429 §4.1.1), so the
  // first accepted m-section is the one that counts either way.
  const sdp::MediaDescription* transport = nullptr;
  for (const auto& m : description.media) {
    RemoteMedia media;
    media.mid = std::string(m.mid().value_or(""));
    media.type = m.type;
    media.rejected = m.port == 0 && !m.has<sdp::BundleOnly>();
    media.direction = m.direction();
    if (media.mid.empty()) {
      return fail(Errc::unsupported, "an m-section has no a=mid (RFC 9429 §5.8 requires one)");
    }
    for (const auto* ssrc : m.find_all<sdp::Ssrc>()) {
      if (std::find(media.ssrcs.begin(), media.ssrcs.end(), ssrc->id) == media.ssrcs.end()) {
        media.ssrcs.push_back(ssrc->id);
      }
    }
    for (const auto& f : m.formats) {
      unsigned pt = 0;
      auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), pt);
      if (ec == std::errc{} && p == f.data() + f.size() && pt < 128) {
        media.payload_types.push_back(static_cast<std::uint8_t>(pt));
      }
    }
    if (m.type == "application" && !media.rejected) {
      if (const auto* port = m.find<sdp::SctpPort>())
        out.sctp_port = port->port;
      else
        out.sctp_port = 5000;
      if (const auto* mms = m.find<sdp::MaxMessageSize>()) out.max_message_size = mms->bytes;
    }
    for (const auto* c : m.find_all<sdp::Candidate>()) {
      // Candidates this agent cannot use (TCP, a second component) are skipped, not errors.
      if (auto candidate = ice::Candidate::from_sdp(*c)) out.candidates.push_back(*candidate);
    }
    if (m.has<sdp::EndOfCandidates>()) out.end_of_candidates = true;
    if (!transport && !media.rejected) transport = &m;
    out.media.push_back(std::move(media));
  }
  if (!transport) {
    return fail(Errc::unsupported, "every m-section is rejected");
  }

  const auto* ufrag = media_or_session<sdp::IceUfrag>(*transport, description);
  const auto* pwd = media_or_session<sdp::IcePwd>(*transport, description);
  if (!ufrag || !pwd) {
    return fail(Errc::malformed, "no a=ice-ufrag/a=ice-pwd (RFC 8839 §5.4 requires both)");
  }
  out.ice_ufrag = ufrag->value;
  out.ice_pwd = pwd->value;

  const auto* fp = media_or_session<sdp::Fingerprint>(*transport, description);
  if (!fp) {
    return fail(Errc::malformed, "no a=fingerprint (RFC 8842 §5.1: DTLS needs the peer's)");
  }
  auto fingerprint = dtls::Fingerprint::parse(fp->hash_function + " " + fp->value);
  if (!fingerprint) return std::unexpected(fingerprint.error());
  out.fingerprint = std::move(*fingerprint);

  if (const auto* setup = media_or_session<sdp::Setup>(*transport, description)) {
    out.setup = setup->role;
  } else {
    out.setup = "active";  // RFC 4145 §4: an absent a=setup means active
  }
  if (description.has<sdp::EndOfCandidates>()) out.end_of_candidates = true;
  return out;
}

}  // namespace rtc::peer
