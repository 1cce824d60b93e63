// Round trip: serialize(parse(text)) == text, byte for byte, for every real SDP we have.
//
// The corpus (tests/sdp/corpus/{chromium,firefox,handwritten}/*.sdp) is read at test time, so
// a new capture is covered without touching this file. Each file is also parsed strictly (the
// browsers' output follows RFC 8866 except where the lenient notes in parser.hpp say), with
// LF-only line ends (lenient: accepted, written back with CRLF), and checked to be typed where
// the JSEP code needs it (no candidate, rtpmap, fmtp, extmap... left as GenericAttribute).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

#include "corpus.hpp"

namespace {

namespace fs = std::filesystem;
using rtc::sdp::parse;
using rtc::sdp::serialize;
using rtc::sdp::test::corpus_files;
using rtc::sdp::test::read_file;

std::string without_cr(std::string text) {
  std::erase(text, '\r');
  return text;
}

// Names of the attributes that were kept verbatim although a typed model exists for them.
std::vector<std::string> generic_but_typed(const rtc::sdp::SessionDescription& s) {
  static const char* const kTyped[] = {"rtpmap",
                                       "fmtp",
                                       "rtcp-fb",
                                       "rtcp",
                                       "extmap",
                                       "mid",
                                       "group",
                                       "msid",
                                       "msid-semantic",
                                       "ssrc",
                                       "ssrc-group",
                                       "rid",
                                       "simulcast",
                                       "ice-ufrag",
                                       "ice-pwd",
                                       "ice-options",
                                       "candidate",
                                       "fingerprint",
                                       "setup",
                                       "sendrecv",
                                       "sendonly",
                                       "recvonly",
                                       "inactive",
                                       "sctp-port",
                                       "max-message-size",
                                       "tls-id",
                                       "identity",
                                       "rtcp-mux",
                                       "rtcp-mux-only",
                                       "rtcp-rsize",
                                       "extmap-allow-mixed",
                                       "ice-lite",
                                       "end-of-candidates",
                                       "bundle-only"};
  std::vector<std::string> out;
  auto scan = [&](const rtc::sdp::AttributeList& list) {
    for (const auto& a : list.attributes) {
      if (const auto* g = std::get_if<rtc::sdp::GenericAttribute>(&a)) {
        for (const char* name : kTyped) {
          if (g->name == name) out.push_back(g->name + ":" + g->value.value_or(""));
        }
      }
    }
  };
  scan(s);
  for (const auto& m : s.media) scan(m);
  return out;
}

TEST(Rfc8866_5, CorpusIsPresent) {
  // The corpus is captured by tests/sdp/corpus/capture.sh and committed; an empty glob would
  // make every test below pass vacuously.
  EXPECT_GE(corpus_files().size(), 10u);
}

TEST(Rfc8866_5, CorpusRoundTripsByteForByte) {
  for (const auto& path : corpus_files()) {
    SCOPED_TRACE(path.string());
    const std::string text = read_file(path);
    auto parsed = parse(text);
    ASSERT_TRUE(parsed) << parsed.error().to_string();
    EXPECT_EQ(serialize(*parsed), text);
  }
}

TEST(Rfc8866_9, CorpusParsesStrictly) {
  for (const auto& path : corpus_files()) {
    SCOPED_TRACE(path.string());
    const std::string text = read_file(path);
    auto strict = parse(text, {.strict = true});
    ASSERT_TRUE(strict) << strict.error().to_string();
    auto lenient = parse(text);
    ASSERT_TRUE(lenient);
    EXPECT_EQ(*strict, *lenient) << "strict and lenient parsing built different models";
  }
}

TEST(Rfc8866_5, CorpusAttributesAreTyped) {
  for (const auto& path : corpus_files()) {
    SCOPED_TRACE(path.string());
    auto parsed = parse(read_file(path));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(generic_but_typed(*parsed), std::vector<std::string>{});
  }
}

TEST(Rfc8866_5, LfOnlyInputIsAcceptedAndWrittenWithCrlf) {
  for (const auto& path : corpus_files()) {
    SCOPED_TRACE(path.string());
    const std::string text = read_file(path);
    auto parsed = parse(without_cr(text));
    ASSERT_TRUE(parsed) << parsed.error().to_string();
    EXPECT_EQ(serialize(*parsed), text);
    EXPECT_FALSE(parse(without_cr(text), {.strict = true}));
  }
}

TEST(Rfc8866_5, CorpusSurvivesASecondRoundTrip) {
  for (const auto& path : corpus_files()) {
    SCOPED_TRACE(path.string());
    auto first = parse(read_file(path));
    ASSERT_TRUE(first);
    auto second = parse(serialize(*first), {.strict = true});
    ASSERT_TRUE(second) << second.error().to_string();
    EXPECT_EQ(*first, *second);
  }
}

TEST(Rfc8866_5, ParseIntoReusesAnyEarlierDescription) {
  // parse_into(B, parse(A)) must give exactly parse(B), whatever A was: every pair of files.
  const auto files = corpus_files();
  for (const auto& a : files) {
    const auto first = parse(read_file(a));
    ASSERT_TRUE(first);
    for (const auto& b : files) {
      SCOPED_TRACE(a.filename().string() + " then " + b.filename().string());
      const std::string text = read_file(b);
      auto reused = *first;
      ASSERT_TRUE(rtc::sdp::parse_into(text, reused));
      EXPECT_EQ(reused, *parse(text));
      EXPECT_EQ(serialize(reused), text);
    }
  }
}

TEST(Rfc8866_5, ParseIntoAfterAnErrorStartsAgain) {
  const auto files = corpus_files();
  ASSERT_FALSE(files.empty());
  const std::string text = read_file(files.front());
  rtc::sdp::SessionDescription s = *parse(text);
  auto bad = rtc::sdp::parse_into(text.substr(0, text.size() / 2) + "\r\nm=audio x\r\n", s);
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().line);
  ASSERT_TRUE(rtc::sdp::parse_into(text, s));
  EXPECT_EQ(s, *parse(text));
}

TEST(Rfc8866_5, ParseIntoRestoresWhatTheTextLeavesOut) {
  // Lenient parsing accepts a description without o= or s= (or v=, t=, c=...): parse_into must
  // then give the model's defaults, not what the earlier description had.
  const auto files = corpus_files();
  ASSERT_FALSE(files.empty());
  const std::string bare = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n";
  for (const auto& a : files) {
    SCOPED_TRACE(a.filename().string());
    auto reused = *parse(read_file(a));
    ASSERT_TRUE(rtc::sdp::parse_into(bare, reused));
    EXPECT_EQ(reused, *parse(bare));
    EXPECT_EQ(reused.origin, rtc::sdp::Origin{});
    EXPECT_EQ(reused.session_name, "-");
  }
}

TEST(Rfc8866_5, BenchmarkOfferRoundTrips) {
  // bench/data/chromium-offer-6k.sdp is what sdp_bench times; it must be a faithful SDP.
  const std::string text =
      read_file(fs::path(RTC_SOURCE_DIR) / "bench" / "data" / "chromium-offer-6k.sdp");
  ASSERT_FALSE(text.empty());
  auto parsed = parse(text, {.strict = true});
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(serialize(*parsed), text);
  EXPECT_EQ(generic_but_typed(*parsed), std::vector<std::string>{});
}

// Hand-written shapes, after real-world examples (documentation addresses, made-up keys).

// Safari (WebKit's libwebrtc): upper-case UUID msids, H.264 High and Baseline first, an mDNS
// host candidate and its server-reflexive twin, ice-options with "trickle".
constexpr const char* kSafariOffer =
    "v=0\r\n"
    "o=- 1946416187484307396 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0 1\r\n"
    "a=extmap-allow-mixed\r\n"
    "a=msid-semantic: WMS 7E4C2A3B-9F1D-4E58-B6A0-3C2D1E0F9A8B\r\n"
    "m=audio 61234 UDP/TLS/RTP/SAVPF 111 9 0 8 13 110 126\r\n"
    "c=IN IP4 198.51.100.20\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=candidate:3348195340 1 udp 2113937151 6c1bc5a4-7d1e-4b0a-8a57-5f0b8f3c2d11.local 61234 typ "
    "host generation 0 network-cost 999\r\n"
    "a=candidate:842163049 1 udp 1677729535 198.51.100.20 61234 typ srflx raddr 0.0.0.0 rport 0 "
    "generation 0 network-cost 999\r\n"
    "a=ice-ufrag:Qw3r\r\n"
    "a=ice-pwd:Zx8vB2nM5kL1pO9iU7yT4rE6\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 9B:2F:61:0E:7C:D4:58:A3:1F:E6:42:B9:07:C5:8D:36:F1:2A:9E:64:B0:5D:C3:"
    "18:7A:E2:4F:91:0B:D6:63:A8\r\n"
    "a=setup:actpass\r\n"
    "a=mid:0\r\n"
    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
    "a=sendrecv\r\n"
    "a=msid:7E4C2A3B-9F1D-4E58-B6A0-3C2D1E0F9A8B 0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9\r\n"
    "a=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=rtcp-fb:111 transport-cc\r\n"
    "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:13 CN/8000\r\n"
    "a=rtpmap:110 telephone-event/48000\r\n"
    "a=rtpmap:126 telephone-event/8000\r\n"
    "a=ssrc:3735928559 cname:Kx9PqR2sT4uV6wY8\r\n"
    "m=video 61234 UDP/TLS/RTP/SAVPF 96 97 98 99\r\n"
    "c=IN IP4 198.51.100.20\r\n"
    "a=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:Qw3r\r\n"
    "a=ice-pwd:Zx8vB2nM5kL1pO9iU7yT4rE6\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 9B:2F:61:0E:7C:D4:58:A3:1F:E6:42:B9:07:C5:8D:36:F1:2A:9E:64:B0:5D:C3:"
    "18:7A:E2:4F:91:0B:D6:63:A8\r\n"
    "a=setup:actpass\r\n"
    "a=mid:1\r\n"
    "a=sendrecv\r\n"
    "a=msid:7E4C2A3B-9F1D-4E58-B6A0-3C2D1E0F9A8B 5F6E7D8C-9B0A-4F1E-8D2C-3B4A59687706\r\n"
    "a=rtcp-mux\r\n"
    "a=rtcp-rsize\r\n"
    "a=rtpmap:96 H264/90000\r\n"
    "a=rtcp-fb:96 nack pli\r\n"
    "a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f\r\n"
    "a=rtpmap:97 rtx/90000\r\n"
    "a=fmtp:97 apt=96\r\n"
    "a=rtpmap:98 H264/90000\r\n"
    "a=rtcp-fb:98 nack pli\r\n"
    "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
    "a=rtpmap:99 rtx/90000\r\n"
    "a=fmtp:99 apt=98\r\n"
    "a=ssrc-group:FID 2864434397 4275878552\r\n"
    "a=ssrc:2864434397 cname:Kx9PqR2sT4uV6wY8\r\n"
    "a=ssrc:4275878552 cname:Kx9PqR2sT4uV6wY8\r\n";

TEST(Rfc8866_5, HandwrittenSafariOffer) {
  auto s = parse(kSafariOffer, {.strict = true});
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(serialize(*s), kSafariOffer);
  EXPECT_EQ(generic_but_typed(*s), std::vector<std::string>{});
  const auto& video = s->media[1];
  EXPECT_EQ(video.rtpmap(96)->encoding, "H264");
  EXPECT_EQ(video.fmtp(96)->parameter("profile-level-id"), "640c1f");
  EXPECT_EQ(video.fmtp(98)->parameter("profile-level-id"), "42e01f");
  const auto candidates = s->media[0].find_all<rtc::sdp::Candidate>();
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_TRUE(candidates[0]->is_mdns());
  EXPECT_EQ(candidates[1]->related_address, "0.0.0.0");
  EXPECT_EQ(video.find<rtc::sdp::Msid>()->track_id, "5F6E7D8C-9B0A-4F1E-8D2C-3B4A59687706");
}

// An SFU's answer in the style of mediasoup or Janus: ice-lite at session level, the server
// is DTLS client (setup:active), receive-only, host UDP and TCP passive candidates.
constexpr const char* kIceLiteAnswer =
    "v=0\r\n"
    "o=- 3912844761 2 IN IP4 203.0.113.7\r\n"
    "s=sfu\r\n"
    "t=0 0\r\n"
    "a=ice-lite\r\n"
    "a=fingerprint:sha-256 0C:7E:29:B4:61:DA:35:F8:1A:C7:94:2B:E0:53:8D:16:AF:42:C9:70:3B:E5:18:"
    "D6:9A:24:F1:6C:87:0E:B3:52\r\n"
    "a=msid-semantic: WMS *\r\n"
    "a=group:BUNDLE 0 1\r\n"
    "m=audio 40000 UDP/TLS/RTP/SAVPF 111\r\n"
    "c=IN IP4 203.0.113.7\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n"
    "a=rtcp-fb:111 transport-cc\r\n"
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
    "a=setup:active\r\n"
    "a=mid:0\r\n"
    "a=recvonly\r\n"
    "a=ice-ufrag:8p1ejq5cu0u3wzbm\r\n"
    "a=ice-pwd:hy4dg6xjbnvomzr9eu5zbowddw3ex9yt\r\n"
    "a=candidate:udpcandidate 1 udp 1076302079 203.0.113.7 40000 typ host\r\n"
    "a=candidate:tcpcandidate 1 tcp 1076276479 203.0.113.7 40001 typ host tcptype passive\r\n"
    "a=end-of-candidates\r\n"
    "a=ice-options:renomination\r\n"
    "a=rtcp-mux\r\n"
    "a=rtcp-rsize\r\n"
    "m=application 40000 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 203.0.113.7\r\n"
    "a=setup:active\r\n"
    "a=mid:1\r\n"
    "a=ice-ufrag:8p1ejq5cu0u3wzbm\r\n"
    "a=ice-pwd:hy4dg6xjbnvomzr9eu5zbowddw3ex9yt\r\n"
    "a=candidate:udpcandidate 1 udp 1076302079 203.0.113.7 40000 typ host\r\n"
    "a=end-of-candidates\r\n"
    "a=sctp-port:5000\r\n"
    "a=max-message-size:262144\r\n";

TEST(Rfc8839_5_3, HandwrittenIceLiteAnswer) {
  auto s = parse(kIceLiteAnswer, {.strict = true});
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(serialize(*s), kIceLiteAnswer);
  EXPECT_EQ(generic_but_typed(*s), std::vector<std::string>{});
  EXPECT_TRUE(s->has<rtc::sdp::IceLite>());
  EXPECT_EQ(s->find<rtc::sdp::MsidSemantic>()->ids, std::vector<std::string>{"*"});
  const auto* audio = s->find_media("0");
  ASSERT_NE(audio, nullptr);
  EXPECT_EQ(audio->direction(), rtc::sdp::MediaDirection::recvonly);
  EXPECT_EQ(audio->find<rtc::sdp::Setup>()->role, "active");
  EXPECT_EQ(audio->find_all<rtc::sdp::Candidate>()[1]->extension("tcptype"), "passive");
  EXPECT_TRUE(audio->has<rtc::sdp::EndOfCandidates>());
  EXPECT_EQ(s->find_media("1")->find<rtc::sdp::SctpPort>()->port, 5000);
}

}  // namespace
