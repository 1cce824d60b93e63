// JSEP (RFC 9429): the offers and answers a WebRTC endpoint writes.
//
// The PeerConnection describes what it has (transceivers, a data channel, ICE credentials, its
// DTLS certificate's fingerprint) and these functions write the SDP the way a browser does:
//
//   create_offer(OfferOptions)                 RFC 9429 §5.2.1 (initial offers)
//   create_answer(remote offer, AnswerOptions) RFC 9429 §5.3.1 (initial answers)
//
// Both are pure functions: no state, no randomness, no clock. The caller keeps the session id
// and bumps session_version for each new description (RFC 9429 §5.2.2). The choices that
// matter for interop with Chromium and Firefox (shared/INTEROP-NOTES.md):
//   - every m-section carries the same ICE and DTLS attributes and port 9 (what browsers do;
//     no a=bundle-only), and a=group:BUNDLE lists every mid (max-bundle, RFC 8843);
//   - the answerer to a=setup:actpass is active, the DTLS client (RFC 5763 §5 recommends it,
//     RFC 8842 §5.3), as browsers are;
//   - answers reuse the offer's payload type numbers and extmap ids (RFC 9429 §5.3.1);
//   - answers drop RED and ULPFEC unless the local codec list has them, so Chromium sends
//     plain VP8 rather than VP8 inside RED.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/error.hpp"
#include "rtc/common/random.hpp"
#include "rtc/sdp/attributes.hpp"
#include "rtc/sdp/codecs.hpp"
#include "rtc/sdp/session.hpp"

namespace rtc::sdp {

enum class MediaKind : std::uint8_t { audio, video };
std::string_view to_string(MediaKind kind);  // "audio", "video"

// ICE credentials and options, the same in every m-section (RFC 8839 §5.4, §5.6).
struct IceParameters {
  std::string ufrag;    // 4 to 256 ice-chars
  std::string pwd;      // 22 to 256 ice-chars
  bool trickle = true;  // a=ice-options:trickle: candidates may follow later (RFC 8840)
  bool lite = false;    // a=ice-lite at session level (RFC 8839 §5.3, RFC 8445 §2.5)
};
// Fresh credentials: an 8-character ufrag and a 24-character pwd from `random`.
IceParameters generate_ice_parameters(Random& random);
// A session id for o=: a decimal number below 2^63 (RFC 9429 §5.2.1).
std::string generate_session_id(Random& random);

// a=fingerprint: the hash of our DTLS certificate (RFC 8122 §5).
struct DtlsFingerprint {
  std::string algorithm = "sha-256";
  std::string value;  // "AB:CD:...", upper-case hex with colons
};

// A local track sent in an m-section: a=msid (RFC 8830 §2) and, when ssrc is given,
// a=ssrc:<ssrc> cname/msid lines (RFC 5576 §4.1) with a=ssrc-group:FID for the rtx SSRC.
struct SendStream {
  std::string stream_id = "-";  // "-": a track without a stream (RFC 8830 §2)
  std::string track_id;
  std::string cname;                      // RTCP CNAME (RFC 7022), needed with ssrc
  std::optional<std::uint32_t> ssrc;      // omit with simulcast layers (rids name them)
  std::optional<std::uint32_t> rtx_ssrc;  // RFC 4588 §8.3 SSRC multiplexing, FID group
};

// One simulcast encoding we send: a=rid:<rid> send [params] (RFC 8851 §4), listed in
// a=simulcast:send (RFC 8853 §5.1), "~rid" when paused.
struct SimulcastLayer {
  std::string rid;
  std::string params;  // "max-width=640;max-height=360", may be empty
  bool paused = false;
};

// One RTP m-section of an offer: what RTCRtpTransceiver holds.
struct TransceiverOptions {
  MediaKind kind = MediaKind::audio;
  std::string mid;
  MediaDirection direction = MediaDirection::sendrecv;
  std::vector<Codec> codecs;  // preference order, unique payload types
  std::vector<HeaderExtension> header_extensions;
  std::optional<SendStream> send;         // written when direction includes send
  std::vector<SimulcastLayer> simulcast;  // send layers; adds rtp-stream-id if missing
};
// A transceiver with the default codecs and header extensions of codecs.hpp.
TransceiverOptions audio_transceiver(std::string mid,
                                     MediaDirection direction = MediaDirection::sendrecv);
TransceiverOptions video_transceiver(std::string mid,
                                     MediaDirection direction = MediaDirection::sendrecv);

// The m=application section for data channels (RFC 8841, RFC 8832).
struct DataChannelOptions {
  std::string mid;                          // ignored in answers (the offer's mid is used)
  std::uint16_t sctp_port = 5000;           // a=sctp-port (RFC 8841 §5.1)
  std::uint64_t max_message_size = 262144;  // a=max-message-size (RFC 8841 §6.1), Chromium's
  // Where the m-section goes among the transceivers' (0 = first); default: after them, as when
  // createDataChannel() is called after addTransceiver().
  std::optional<std::size_t> position;
};

struct OfferOptions {
  std::string session_id = "0";       // o= sess-id (generate_session_id)
  std::uint64_t session_version = 2;  // o= sess-version, +1 for each new offer (RFC 9429 §5.2.2)
  IceParameters ice;
  DtlsFingerprint fingerprint;
  std::string setup = "actpass";  // offers are actpass (RFC 8842 §5.2, RFC 9429 §5.2.1)
  std::vector<TransceiverOptions> transceivers;
  std::optional<DataChannelOptions> data_channel;
  // Candidates gathered so far; with BUNDLE they go in the first m-section only. The first
  // non-mDNS one becomes the default address of m= and c= (RFC 8839 §4.2.1.2).
  std::vector<Candidate> candidates;
  bool end_of_candidates = false;  // a=end-of-candidates: gathering is complete (RFC 8840 §8.2)
  bool bundle = true;              // a=group:BUNDLE with every mid (max-bundle, RFC 8843 §7.2)
  bool rtcp_rsize = true;          // a=rtcp-rsize (RFC 5506 §5)
  bool extmap_allow_mixed = true;  // a=extmap-allow-mixed (RFC 8285 §6), as Chromium
  bool msid_semantic = true;       // a=msid-semantic: WMS <streams>, as Chromium
};

// The initial offer (RFC 9429 §5.2.1). Fails (Errc::invalid_argument) for options that would
// give a broken offer: missing or duplicate mids, bad ICE credentials, no fingerprint, no
// codecs, payload types outside 0-127 or in 64-95 (RFC 5761 §4, which rtcp-mux forbids), rtx
// whose apt names no codec, bad or clashing extmap ids within the BUNDLE group.
Result<SessionDescription> create_offer(const OfferOptions& options);

// What we want for one offered m-section, by mid (overrides the per-kind defaults).
struct MediaAnswerOptions {
  std::string mid;
  bool reject = false;                      // port 0 (RFC 3264 §6)
  std::optional<MediaDirection> direction;  // what we want; the answer intersects it
  std::optional<SendStream> send;
};

struct AnswerOptions {
  std::string session_id = "0";
  std::uint64_t session_version = 2;
  IceParameters ice;
  DtlsFingerprint fingerprint;
  // Our role when the offer says actpass: "active" (DTLS client, what browsers answer and what
  // RFC 5763 §5 recommends) or "passive". An active offer gets passive and vice versa
  // (RFC 8842 §5.3).
  std::string setup = "active";
  // What we can receive and send; payload type numbers and extmap ids here do not matter.
  std::vector<Codec> audio_codecs = default_audio_codecs();
  std::vector<Codec> video_codecs = default_video_codecs();
  std::vector<HeaderExtension> audio_header_extensions = default_audio_header_extensions();
  std::vector<HeaderExtension> video_header_extensions = default_video_header_extensions();
  // What we want per kind; nullopt rejects that kind of m-section.
  std::optional<MediaDirection> audio = MediaDirection::sendrecv;
  std::optional<MediaDirection> video = MediaDirection::sendrecv;
  std::vector<MediaAnswerOptions> media;  // per-mid choices
  // nullopt rejects an offered m=application section.
  std::optional<DataChannelOptions> data_channel = DataChannelOptions{};
  std::vector<Candidate> candidates;
  bool end_of_candidates = false;  // also implied by ice.lite: a lite agent has all at once
  bool bundle = true;              // accept the offered BUNDLE group
  bool rtcp_rsize = true;          // answer a=rtcp-rsize when offered
  // W3C rtcpMuxPolicy "require": RTP m-sections offered without a=rtcp-mux are rejected
  // (RFC 9429 §5.3.1 / RFC 8858).
  bool require_rtcp_mux = true;
  // Answer an offered a=simulcast:send with a=simulcast:recv (RFC 8853 §5.3); browsers never
  // do, an SFU does.
  bool accept_simulcast = false;
};

// What was agreed for one offered m-section.
struct NegotiatedMedia {
  std::string mid;
  std::string type;       // "audio", "video", "application", or whatever was offered
  bool accepted = false;  // false: port 0 in the answer
  MediaDirection direction = MediaDirection::inactive;  // ours, as written in the answer
  std::vector<Codec> codecs;  // in the answer's order with the offer's payload types
  std::vector<HeaderExtension> header_extensions;        // offer's ids, our direction
  std::vector<std::string> receive_rids;                 // simulcast layers we accepted to receive
  std::optional<std::uint16_t> remote_sctp_port;         // data: where to send SCTP (RFC 8841 §5.1)
  std::optional<std::uint64_t> remote_max_message_size;  // data: RFC 8841 §6.1 (absent: 64K)
  std::optional<std::string> remote_ice_ufrag;
  std::optional<std::string> remote_ice_pwd;
  std::optional<DtlsFingerprint> remote_fingerprint;
};

struct Answer {
  SessionDescription description;
  std::vector<NegotiatedMedia> media;  // one per offered m-section, same order
  std::vector<std::string> bundle;     // accepted bundled mids; the first is the BUNDLE tag
  std::string setup;                   // our a=setup: "active" means we are the DTLS client
  bool remote_ice_lite = false;        // a lite peer: we must be the controlling agent
  bool remote_trickle = false;         // the offer has a=ice-options:trickle
  bool remote_end_of_candidates = false;
};

// The initial answer to a remote offer (RFC 9429 §5.3.1): the same m-sections in the same
// order with the same mids; each accepted one with the codecs, header extensions and direction
// both sides support. Fails when the offer is unusable as a whole: an m-section without a mid,
// duplicate mids, or an accepted m-section without ICE credentials or a fingerprint
// (RFC 9429 §5.8).
Result<Answer> create_answer(const SessionDescription& offer, const AnswerOptions& options);

// The direction an answer takes (RFC 3264 §6.1, RFC 8866 §6.7): we send only what the offerer
// receives and receive only what it sends.
//   offer sendrecv -> wanted;  sendonly -> recvonly or inactive;
//   offer recvonly -> sendonly or inactive;  inactive -> inactive
MediaDirection answer_direction(MediaDirection offered, MediaDirection wanted);

// Our a=setup value for the offer's (RFC 8842 §5.3, RFC 4145 §4): actpass -> `preferred`,
// active -> passive, passive -> active, absent -> passive (RFC 4145 §4: absent means active).
std::string answer_setup(std::optional<std::string_view> offered, std::string_view preferred);

// ---------------------------------------------------------------------------------------------
// Building blocks: create_offer and create_answer are made of these, and a subsequent offer
// (RFC 9429 §5.2.2, e.g. an ICE restart) can use them too.

// Errc::invalid_argument unless ufrag is 4-256 and pwd 22-256 ice-chars (RFC 8839 §5.4).
Result<void> validate_ice_parameters(const IceParameters& ice);

// The transport part of an m-section, which is the same in every bundled m-section.
struct TransportOptions {
  const IceParameters* ice = nullptr;
  const DtlsFingerprint* fingerprint = nullptr;
  std::string_view setup;                              // "actpass", "active", "passive"
  const std::vector<Candidate>* candidates = nullptr;  // nullptr or empty: none here
  bool end_of_candidates = false;
};

// A new m-section up to and including a=mid, in Chromium's order (RFC 9429 §5.2.1):
//   m=<type> 9 <protocol>           port 9 and c=IN IP4 0.0.0.0 are placeholders until a
//   c=IN IP4 0.0.0.0                candidate is known (RFC 8840); with candidates the first
//   a=rtcp:9 IN IP4 0.0.0.0         non-mDNS one is the default address (RFC 8839 §4.2.1.2)
//   a=candidate:... a=end-of-candidates
//   a=ice-ufrag a=ice-pwd a=ice-options:trickle a=fingerprint a=setup a=mid
// a=rtcp (RFC 3605) is written for RTP protocols only.
MediaDescription start_media_section(std::string_view type, std::string_view protocol,
                                     std::string_view mid, const TransportOptions& transport);

// a=ssrc-group:FID and the a=ssrc cname/msid lines of a send stream that has an SSRC
// (RFC 5576 §4.1, §4.2); nothing when it has none.
void add_ssrc_attributes(MediaDescription& media, const SendStream& send);

}  // namespace rtc::sdp
