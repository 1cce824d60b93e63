// Example 01: reading a browser's offer and answering it.
//
// WebRTC peers agree on everything (codecs, transport, encryption keys' fingerprints) by
// exchanging two session descriptions: the offer and the answer (JSEP, RFC 9429). This program
//   1. reads a real offer that Chromium wrote (tests/sdp/corpus/chromium/),
//   2. parses it into the typed model of rtc::sdp (RFC 8866),
//   3. prints the codecs of each m-section and the ICE candidates,
//   4. builds the answer a browser would give, and prints it.
//
//   build/default/examples/example_01_sdp [offer.sdp]
//
// Try `rtc sdp explain <file>` on the offer and on the answer to see every line explained.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "rtc/common/random.hpp"
#include "rtc/sdp/codecs.hpp"
#include "rtc/sdp/jsep.hpp"
#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

int main(int argc, char** argv) {
  // 1. Read the offer. Browsers send it over the signaling channel; here it is a file.
  const std::string path = argc > 1 ? argv[1]
                                    : std::string(RTC_SOURCE_DIR) +
                                          "/tests/sdp/corpus/chromium/audio-video-data-offer.sdp";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    return 1;
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

  // 2. Parse. Errors say which line and column is wrong; nothing throws.
  auto offer = rtc::sdp::parse(text);
  if (!offer) {
    std::cerr << "not an SDP: " << offer.error().to_string() << "\n";
    return 1;
  }

  // 3. What is offered. Each m= line is one media section ("m-section"): audio, video, or
  // "application" for data channels. a=mid names it; a=rtpmap/a=fmtp/a=rtcp-fb describe its
  // codecs (codecs_of() folds them into one Codec per payload type).
  std::cout << "The offer has " << offer->media.size() << " m-sections.\n";
  for (const auto& m : offer->media) {
    std::cout << "\nm-section mid=" << m.mid().value_or("?") << ": " << m.type << " over "
              << m.protocol << "\n";
    for (const auto& codec : rtc::sdp::codecs_of(m)) {
      std::cout << "  payload type " << int(codec.payload_type) << ": " << codec.name << "/"
                << codec.clock_rate;
      if (codec.channels) std::cout << "/" << *codec.channels;
      if (!codec.fmtp.empty()) std::cout << "  (" << codec.fmtp << ")";
      // H.264's profile-level-id says which profile and level (RFC 6184 §8.1).
      if (codec.is("H264")) {
        if (auto id = rtc::sdp::h264_profile_level_id(codec)) {
          std::cout << "  = " << rtc::sdp::to_string(id->profile) << " level "
                    << rtc::sdp::h264_level_name(id->level);
        }
      }
      std::cout << "\n";
    }
    // ICE candidates (RFC 8839 §5.1): the addresses where the offerer can be reached.
    for (const auto* c : m.find_all<rtc::sdp::Candidate>()) {
      const bool ipv6 = c->address.find(':') != std::string::npos;
      std::cout << "  candidate " << c->transport << " " << c->type << " "
                << (ipv6 ? "[" + c->address + "]" : c->address) << ":" << c->port << " priority "
                << c->priority << "\n";
    }
  }

  // 4. The answer. We describe ourselves: ICE credentials (random, RFC 8839 §5.4), the
  // fingerprint of our DTLS certificate (made up here; the DTLS module computes the real one)
  // and what we support (by default: Opus, G.711, VP8, VP9, H.264 and data channels).
  rtc::SecureRandom random;
  rtc::sdp::AnswerOptions options;
  options.session_id = rtc::sdp::generate_session_id(random);
  options.ice = rtc::sdp::generate_ice_parameters(random);
  options.fingerprint = {"sha-256",
                         "3F:8A:21:9C:44:0B:7E:D2:5A:61:C9:E0:18:B3:72:AF:0D:95:64:2E:C1:7B:38:F6:"
                         "A9:50:D4:13:8E:27:6C:B1"};
  auto answer = rtc::sdp::create_answer(*offer, options);
  if (!answer) {
    std::cerr << "cannot answer: " << answer.error().to_string() << "\n";
    return 1;
  }

  // What was agreed, per m-section: the answer keeps the offer's payload type numbers
  // (RFC 9429 §5.3.1) and only the codecs both sides support.
  std::cout << "\nNegotiated:\n";
  for (const auto& m : answer->media) {
    std::cout << "  mid " << m.mid << " (" << m.type
              << "): " << (m.accepted ? std::string(rtc::sdp::to_string(m.direction)) : "rejected");
    for (const auto& codec : m.codecs)
      std::cout << " " << int(codec.payload_type) << "/" << codec.name;
    std::cout << "\n";
  }
  std::cout << "  our DTLS role: " << answer->setup << " (active = we send the ClientHello)\n";

  // The answer as text, ready to go back over signaling.
  std::cout << "\nThe answer:\n" << rtc::sdp::serialize(answer->description);
  return 0;
}
