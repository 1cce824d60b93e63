// What a remote session description says, read once when it is applied: the transport
// parameters that bundle puts in every m-section (RFC 8843 §7.1.3: the offerer's tagged
// m-section's values apply to the whole BUNDLE group) and, per m-section, the media the peer
// sends (its SSRCs, RFC 5576) and where SCTP lives (RFC 8841).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rtc/common/error.hpp"
#include "rtc/dtls/fingerprint.hpp"
#include "rtc/ice/candidate.hpp"
#include "rtc/sdp/session.hpp"

namespace rtc::peer {

struct RemoteMedia {
  std::string mid;
  std::string type;                                               // "audio", "video", "application"
  bool rejected = false;                                          // port 0
  sdp::MediaDirection direction = sdp::MediaDirection::sendrecv;  // as the remote wrote it
  std::vector<std::uint32_t> ssrcs;  // a=ssrc ids the remote sends with (RFC 5576 §4.1)
  std::vector<std::uint8_t> payload_types;
};

struct RemoteTransport {
  std::string ice_ufrag, ice_pwd;  // RFC 8839 §5.4
  bool ice_lite = false;           // RFC 8839 §5.3
  dtls::Fingerprint fingerprint;   // RFC 8122 §5 (media or session level)
  std::string setup;               // a=setup (RFC 8842 §5): actpass, active, passive
  std::vector<ice::Candidate> candidates;
  bool end_of_candidates = false;
  std::optional<std::uint16_t> sctp_port;  // RFC 8841 §5.1, when an m=application is accepted
  std::uint64_t max_message_size = 65536;  // RFC 8841 §6.1: absent means 64 KiB
  std::vector<RemoteMedia> media;          // in m-line order
};

// Errc::malformed/unsupported with the reason when the description cannot be used (no ICE
// credentials, no fingerprint, no mids).
Result<RemoteTransport> read_remote_transport(const sdp::SessionDescription& description);

}  // namespace rtc::peer
