// `rtc sdp explain` (sdp/include/rtc/sdp/explain.hpp): every line a browser sends is explained,
// the explanations say the right things for the lines that matter, and no input crashes it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "rtc/sdp/explain.hpp"

#include "corpus.hpp"

namespace {

namespace fs = std::filesystem;
using rtc::sdp::explain;
using rtc::sdp::ExplainedLine;
using rtc::sdp::format_explanation;
using rtc::sdp::test::corpus_files;
using rtc::sdp::test::read_file;

// The explanation of the first line of `sdp` that starts with `prefix`; a prefix ending in
// "\r" must be the whole line.
ExplainedLine line_of(const std::string& sdp, std::string_view prefix) {
  const bool whole = prefix.ends_with('\r');
  if (whole) prefix.remove_suffix(1);
  for (auto& l : explain(sdp)) {
    if (whole ? l.text == prefix : std::string_view(l.text).starts_with(prefix)) return l;
  }
  ADD_FAILURE() << "no line starts with " << prefix;
  return {};
}

// A small SDP around some lines, so that the first pass has context (rtpmaps for fmtp lines).
std::string video_sdp(const std::string& media_lines) {
  return "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" + media_lines;
}

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

TEST(Explain, CorpusHasBrowserFiles) {
  const auto files = corpus_files();
  const auto count = [&](std::string_view dir) {
    return std::count_if(files.begin(), files.end(),
                         [&](const fs::path& p) { return p.parent_path().filename() == dir; });
  };
  EXPECT_GE(count("chromium"), 5);
  EXPECT_GE(count("firefox"), 5);
}

// Every line that Chromium, Firefox or the hand-written shapes send is explained, with a
// reference, and the line numbers follow the file.
TEST(Explain, EveryCorpusLineIsRecognized) {
  for (const auto& file : corpus_files()) {
    const std::string text = read_file(file);
    const auto lines = explain(text);
    ASSERT_FALSE(lines.empty()) << file;
    std::size_t expected_number = 1;
    for (const auto& l : lines) {
      EXPECT_TRUE(l.recognized) << file.filename() << ":" << l.line_number << " " << l.text
                                << " -> " << l.meaning;
      EXPECT_FALSE(l.meaning.empty()) << file.filename() << ":" << l.line_number;
      EXPECT_FALSE(l.reference.empty()) << file.filename() << ":" << l.line_number;
      EXPECT_EQ(l.line_number, expected_number++) << file.filename();
    }
    EXPECT_EQ(lines.size(), static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')))
        << file.filename();
  }
}

TEST(Rfc8866_5, SessionLines) {
  const std::string sdp =
      read_file(fs::path(RTC_TEST_DATA_DIR) / "sdp/corpus/chromium/audio-offer.sdp");
  auto v = line_of(sdp, "v=");
  EXPECT_TRUE(has(v.meaning, "version 0"));
  EXPECT_EQ(v.reference, "RFC 8866 §5.1");
  auto o = line_of(sdp, "o=");
  EXPECT_TRUE(has(o.meaning, "session version 2"));
  EXPECT_EQ(o.reference, "RFC 8866 §5.2");
  EXPECT_EQ(line_of(sdp, "s=").reference, "RFC 8866 §5.3");
  auto t = line_of(sdp, "t=");
  EXPECT_TRUE(has(t.meaning, "permanent"));
  EXPECT_EQ(t.reference, "RFC 8866 §5.9");
}

TEST(Rfc8866_5, ClassicLines) {
  const std::string sdp =
      "v=0\r\no=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\ns=Call\r\n"
      "i=A title\r\nu=https://example.com/\r\ne=j@example.com\r\np=+1 555 0100\r\n"
      "c=IN IP4 233.252.0.1/127\r\nb=CT:256\r\nt=3724394400 3724398000\r\nr=7d 1h 0 25h\r\n"
      "z=3730928400 -1h\r\nk=clear:secret\r\n"
      "m=audio 49170 RTP/AVP 0\r\nb=AS:64\r\nb=TIAS:64000\r\na=ptime:20\r\n";
  EXPECT_TRUE(has(line_of(sdp, "o=").meaning, "username 'jdoe'"));
  EXPECT_EQ(line_of(sdp, "i=").reference, "RFC 8866 §5.4");
  EXPECT_EQ(line_of(sdp, "u=").reference, "RFC 8866 §5.5");
  EXPECT_EQ(line_of(sdp, "e=").reference, "RFC 8866 §5.6");
  EXPECT_EQ(line_of(sdp, "p=").reference, "RFC 8866 §5.6");
  auto c = line_of(sdp, "c=");
  EXPECT_TRUE(has(c.meaning, "multicast group 233.252.0.1, TTL 127")) << c.meaning;
  EXPECT_TRUE(has(line_of(sdp, "b=CT").meaning, "conference total"));
  EXPECT_TRUE(has(line_of(sdp, "b=AS").meaning, "64 kbit/s"));
  EXPECT_TRUE(has(line_of(sdp, "b=TIAS").reference, "RFC 3890"));
  auto r = line_of(sdp, "r=");
  EXPECT_TRUE(has(r.meaning, "every 7 days, active for 1 hour")) << r.meaning;
  EXPECT_EQ(r.reference, "RFC 8866 §5.10");
  EXPECT_EQ(line_of(sdp, "z=").reference, "RFC 8866 §5.11");
  EXPECT_TRUE(has(line_of(sdp, "k=").meaning, "obsolete"));
  auto m = line_of(sdp, "m=");
  EXPECT_TRUE(has(m.meaning, "0 PCMU")) << m.meaning;
  EXPECT_TRUE(has(m.meaning, "plain RTP")) << m.meaning;
  EXPECT_EQ(line_of(sdp, "a=ptime").reference, "RFC 8866 §6.4");
  for (const auto& l : explain(sdp)) EXPECT_TRUE(l.recognized) << l.text;
}

TEST(Rfc8445_5_1_2_1, CandidatePriorityIsDecomposed) {
  auto l = line_of(video_sdp("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
                             "a=candidate:1 1 UDP 2122260223 192.168.1.5 54321 typ host\r\n"),
                   "a=candidate");
  EXPECT_TRUE(l.recognized);
  EXPECT_TRUE(has(l.meaning, "ICE candidate: component 1 (RTP), UDP, host")) << l.meaning;
  EXPECT_TRUE(has(l.meaning, "192.168.1.5:54321")) << l.meaning;
  // 2122260223 = 126 << 24 | 32542 << 8 | (256 - 1)
  EXPECT_TRUE(has(l.meaning,
                  "priority 2122260223 = type preference 126, local preference "
                  "32542, component 1"))
      << l.meaning;
  EXPECT_TRUE(has(l.reference, "RFC 8445 §5.1.2.1"));
  EXPECT_TRUE(has(l.reference, "RFC 8839 §5.1"));
}

TEST(Rfc8839_5_1, CandidateTypesAndExtensions) {
  const std::string sdp = video_sdp(
      "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
      "a=candidate:2 1 udp 1686052607 203.0.113.7 40000 typ srflx raddr 192.168.1.5 rport 54321 "
      "generation 0 network-id 1 network-cost 10\r\n"
      "a=candidate:3 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 40000\r\n"
      "a=candidate:4 1 tcp 1518280447 192.168.1.5 9 typ host tcptype active\r\n"
      "a=candidate:5 1 udp 2113937151 2c0f4a8e-47c3-4d7a-8a0a-3f1b9e1c2d3e.local 50000 typ "
      "host\r\n");
  auto srflx = line_of(sdp, "a=candidate:2");
  EXPECT_TRUE(has(srflx.meaning, "server reflexive")) << srflx.meaning;
  EXPECT_TRUE(has(srflx.meaning, "related address 192.168.1.5:54321"));
  EXPECT_TRUE(has(srflx.meaning, "network-id 1"));
  EXPECT_TRUE(has(srflx.meaning, "network-cost 10"));
  EXPECT_TRUE(has(srflx.meaning, "type preference 100"));
  EXPECT_TRUE(has(line_of(sdp, "a=candidate:3").meaning, "TURN"));
  auto tcp = line_of(sdp, "a=candidate:4");
  EXPECT_TRUE(has(tcp.meaning, "tcptype active")) << tcp.meaning;
  EXPECT_TRUE(has(tcp.meaning, "RFC 6544"));
  EXPECT_TRUE(has(line_of(sdp, "a=candidate:5").meaning, "mDNS"));
}

TEST(Rfc6184_8_1, H264ProfileLevelIdIsDecoded) {
  const std::string sdp = video_sdp(
      "m=video 9 UDP/TLS/RTP/SAVPF 100 101 102 103\r\n"
      "a=rtpmap:100 H264/90000\r\n"
      "a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
      "a=rtpmap:101 H264/90000\r\n"
      "a=fmtp:101 packetization-mode=0;profile-level-id=42001f\r\n"
      "a=rtpmap:102 H264/90000\r\n"
      "a=fmtp:102 packetization-mode=1;profile-level-id=640032\r\n"
      "a=rtpmap:103 H264/90000\r\n"
      "a=fmtp:103 packetization-mode=1;profile-level-id=4d001f\r\n");
  auto cb = line_of(sdp, "a=fmtp:100");
  EXPECT_TRUE(has(cb.meaning, "42e01f = Constrained Baseline profile, level 3.1")) << cb.meaning;
  EXPECT_TRUE(has(cb.meaning, "non-interleaved")) << cb.meaning;
  EXPECT_TRUE(has(cb.meaning, "level-asymmetry-allowed=1")) << cb.meaning;
  EXPECT_TRUE(has(cb.reference, "RFC 6184"));
  auto b = line_of(sdp, "a=fmtp:101");
  EXPECT_TRUE(has(b.meaning, "42001f = Baseline profile, level 3.1")) << b.meaning;
  EXPECT_TRUE(has(b.meaning, "single NAL unit mode")) << b.meaning;
  EXPECT_TRUE(has(line_of(sdp, "a=fmtp:102").meaning, "High profile, level 5"));
  EXPECT_TRUE(has(line_of(sdp, "a=fmtp:103").meaning, "Main profile, level 3.1"));
  auto m = line_of(sdp, "m=");
  EXPECT_TRUE(has(m.meaning, "100 H264 Constrained Baseline 3.1")) << m.meaning;
}

TEST(Explain, MediaLineNamesPayloadTypesFromRtpmaps) {
  const std::string sdp =
      read_file(fs::path(RTC_TEST_DATA_DIR) / "sdp/corpus/chromium/audio-video-data-offer.sdp");
  auto audio = line_of(sdp, "m=audio");
  EXPECT_TRUE(has(audio.meaning, "111 opus")) << audio.meaning;
  EXPECT_TRUE(has(audio.meaning, "0 PCMU")) << audio.meaning;
  auto video = line_of(sdp, "m=video");
  EXPECT_TRUE(has(video.meaning, "96 VP8, 97 rtx for 96")) << video.meaning;
  EXPECT_TRUE(has(video.meaning, "45 AV1")) << video.meaning;
  EXPECT_TRUE(has(video.meaning, "98 VP9 profile 0")) << video.meaning;
  EXPECT_TRUE(has(video.meaning, "120 ulpfec")) << video.meaning;
  auto data = line_of(sdp, "m=application");
  EXPECT_TRUE(has(data.meaning, "data channels")) << data.meaning;
  EXPECT_TRUE(has(data.reference, "RFC 8841")) << data.reference;
  EXPECT_TRUE(has(line_of(sdp, "a=rtpmap:97 ").meaning, "repairing payload type 96 (VP8)"));
  EXPECT_TRUE(has(line_of(sdp, "a=fmtp:97 ").meaning, "apt=96: retransmits payload type 96"));
  EXPECT_TRUE(has(line_of(sdp, "a=fmtp:63 ").meaning, "payload type 111 (opus)"));
  EXPECT_TRUE(has(line_of(sdp, "a=mid:0").meaning, "BUNDLE tag"));
  EXPECT_TRUE(has(line_of(sdp, "a=mid:1").meaning, "bundled on the transport of mid '0'"));
}

TEST(Explain, Codecs) {
  const std::string sdp = video_sdp(
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 126\r\n"
      "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
      "a=rtpmap:63 red/48000/2\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:8 PCMA/8000\r\na=rtpmap:13 CN/8000\r\n"
      "a=rtpmap:126 telephone-event/8000\r\na=fmtp:126 0-15\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 45 118 120\r\n"
      "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"
      "a=rtpmap:98 VP9/90000\r\na=fmtp:98 profile-id=2\r\n"
      "a=rtpmap:45 AV1/90000\r\na=fmtp:45 level-idx=5;profile=0;tier=0\r\n"
      "a=rtpmap:118 red/90000\r\na=rtpmap:120 ulpfec/90000\r\n");
  struct Case {
    std::string_view prefix, meaning, reference;
  };
  const Case cases[] = {
      {"a=rtpmap:111", "Opus", "RFC 7587"},
      {"a=fmtp:111", "in-band FEC", "RFC 7587"},
      {"a=rtpmap:63", "redundant", "RFC 2198"},
      {"a=rtpmap:9 ", "G.722", "RFC 3551"},
      {"a=rtpmap:0 ", "mu-law", "RFC 3551"},
      {"a=rtpmap:8 ", "A-law", "RFC 3551"},
      {"a=rtpmap:13", "comfort noise", "RFC 3389"},
      {"a=rtpmap:126", "DTMF", "RFC 4733"},
      {"a=fmtp:126", "DTMF digits", "RFC 4733"},
      {"a=rtpmap:96", "VP8", "RFC 7741"},
      {"a=rtpmap:97", "retransmission", "RFC 4588"},
      {"a=rtpmap:98", "VP9", "RFC 9628"},
      {"a=fmtp:98", "10 or 12-bit", "RFC 9628"},
      {"a=rtpmap:45", "AV1", "AV1"},
      {"a=fmtp:45", "level 3.1", "AV1"},
      {"a=rtpmap:118", "redundant", "RFC 2198"},
      {"a=rtpmap:120", "forward error correction", "RFC 5109"},
  };
  for (const Case& c : cases) {
    auto l = line_of(sdp, c.prefix);
    EXPECT_TRUE(l.recognized) << c.prefix;
    EXPECT_TRUE(has(l.meaning, c.meaning)) << c.prefix << ": " << l.meaning;
    EXPECT_TRUE(has(l.reference, c.reference)) << c.prefix << ": " << l.reference;
  }
}

TEST(Rfc4585_4_2, RtcpFeedbackTypes) {
  const std::string sdp = video_sdp(
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n"
      "a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n"
      "a=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 transport-cc\r\na=rtcp-fb:* nack\r\n");
  auto nack = line_of(sdp, "a=rtcp-fb:96 nack\r");
  EXPECT_TRUE(has(nack.meaning, "payload type 96 (VP8)")) << nack.meaning;
  EXPECT_TRUE(has(nack.meaning, "generic NACK")) << nack.meaning;
  EXPECT_TRUE(has(nack.reference, "RFC 4585 §6.2.1"));
  auto pli = line_of(sdp, "a=rtcp-fb:96 nack pli");
  EXPECT_TRUE(has(pli.meaning, "Picture Loss Indication"));
  EXPECT_TRUE(has(pli.reference, "RFC 4585 §6.3.1"));
  auto fir = line_of(sdp, "a=rtcp-fb:96 ccm fir");
  EXPECT_TRUE(has(fir.meaning, "Full Intra Request"));
  EXPECT_TRUE(has(fir.reference, "RFC 5104"));
  EXPECT_TRUE(has(line_of(sdp, "a=rtcp-fb:96 goog-remb").meaning, "REMB"));
  EXPECT_TRUE(has(line_of(sdp, "a=rtcp-fb:96 transport-cc").meaning, "transport-wide"));
  EXPECT_TRUE(has(line_of(sdp, "a=rtcp-fb:*").meaning, "every payload type"));
}

TEST(Rfc8285_8, WellKnownHeaderExtensions) {
  struct Case {
    std::string_view uri, meaning, reference;
  };
  const Case cases[] = {
      {"urn:ietf:params:rtp-hdrext:sdes:mid", "sdes:mid", "RFC 8843"},
      {"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "abs-send-time", "webrtc"},
      {"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
       "transport-wide-cc", "draft-holmer"},
      {"urn:ietf:params:rtp-hdrext:ssrc-audio-level", "audio level", "RFC 6464"},
      {"urn:ietf:params:rtp-hdrext:csrc-audio-level", "contributing", "RFC 6465"},
      {"urn:ietf:params:rtp-hdrext:toffset", "transmission time offset", "RFC 5450"},
      {"urn:3gpp:video-orientation", "rotate", "3GPP TS 26.114"},
      {"http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "playout delay", "webrtc"},
      {"urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "simulcast", "RFC 8852"},
      {"urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "repair", "RFC 8852"},
      {"http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time", "captured", "webrtc"},
      {"http://www.webrtc.org/experiments/rtp-hdrext/color-space", "color space", "webrtc"},
      {"https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension",
       "depend", "AV1"},
  };
  for (const Case& c : cases) {
    const std::string line = "a=extmap:5 " + std::string(c.uri);
    auto l = line_of(video_sdp("m=video 9 UDP/TLS/RTP/SAVPF 96\r\n" + line + "\r\n"), line);
    EXPECT_TRUE(l.recognized) << c.uri;
    EXPECT_TRUE(has(l.meaning, c.meaning)) << c.uri << ": " << l.meaning;
    EXPECT_TRUE(has(l.reference, "RFC 8285 §8")) << c.uri;
    EXPECT_TRUE(has(l.reference, c.reference)) << c.uri << ": " << l.reference;
  }
  auto recvonly = line_of(video_sdp("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
                                    "a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:toffset\r\n"),
                          "a=extmap");
  EXPECT_TRUE(has(recvonly.meaning, "only receives")) << recvonly.meaning;
}

TEST(Explain, AttributesBrowsersSend) {
  const std::string sdp =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
      "a=extmap-allow-mixed\r\na=msid-semantic: WMS s1\r\na=ice-lite\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
      "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\n"
      "a=ice-options:trickle\r\na=fingerprint:sha-256 "
      "AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:AB:CD:"
      "AB:CD\r\na=setup:actpass\r\na=mid:0\r\na=sendonly\r\na=msid:s1 t1\r\na=rtcp-mux\r\n"
      "a=rtcp-mux-only\r\na=rtcp-rsize\r\na=rtpmap:96 VP8/90000\r\na=x-google-flag:conference\r\n"
      "a=rid:h send max-width=1280\r\na=rid:l send\r\na=simulcast:send h;l\r\n"
      "a=ssrc-group:FID 1 2\r\na=ssrc:1 cname:abc\r\na=ssrc:1 msid:s1 t1\r\n"
      "a=end-of-candidates\r\n"
      "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\na=bundle-only\r\na=mid:1\r\n"
      "a=sctp-port:5000\r\na=max-message-size:262144\r\na=sctpmap:5000 webrtc-datachannel "
      "1024\r\na=tls-id:abc123\r\n";
  for (const auto& l : explain(sdp)) EXPECT_TRUE(l.recognized) << l.text << " -> " << l.meaning;
  EXPECT_TRUE(has(line_of(sdp, "a=extmap-allow-mixed").meaning, "two-byte"));
  EXPECT_TRUE(has(line_of(sdp, "a=msid-semantic").meaning, "with a space"));
  EXPECT_TRUE(has(line_of(sdp, "a=ice-lite").meaning, "ICE-lite"));
  EXPECT_TRUE(has(line_of(sdp, "a=ice-options").meaning, "Trickle ICE"));
  EXPECT_EQ(line_of(sdp, "a=ice-options").reference, "RFC 8839 §5.6");
  EXPECT_TRUE(has(line_of(sdp, "a=ice-ufrag").meaning, "USERNAME"));
  EXPECT_TRUE(has(line_of(sdp, "a=fingerprint").meaning, "32 bytes"));
  EXPECT_TRUE(has(line_of(sdp, "a=setup").meaning, "the answerer chooses"));
  EXPECT_TRUE(has(line_of(sdp, "a=sendonly").meaning, "only sends"));
  EXPECT_EQ(line_of(sdp, "a=sendonly").reference, "RFC 8866 §6.7.3");
  EXPECT_TRUE(has(line_of(sdp, "a=msid:").meaning, "track 't1' of stream 's1'"));
  EXPECT_EQ(line_of(sdp, "a=rtcp-mux\r").reference, "RFC 5761 §5.1.1");
  EXPECT_EQ(line_of(sdp, "a=rtcp-mux-only").reference, "RFC 8858 §3");
  EXPECT_EQ(line_of(sdp, "a=rtcp-rsize").reference, "RFC 5506 §5");
  EXPECT_TRUE(has(line_of(sdp, "a=x-google-flag").meaning, "conference"));
  EXPECT_EQ(line_of(sdp, "a=rid:h").reference, "RFC 8851 §4");
  EXPECT_TRUE(has(line_of(sdp, "a=simulcast").meaning, "sends 2 encodings h, l"));
  EXPECT_TRUE(has(line_of(sdp, "a=ssrc-group").meaning, "retransmissions"));
  EXPECT_TRUE(has(line_of(sdp, "a=ssrc:1 cname").meaning, "CNAME"));
  EXPECT_TRUE(has(line_of(sdp, "a=end-of-candidates").meaning, "No more candidates"));
  EXPECT_TRUE(has(line_of(sdp, "m=application").meaning, "bundle-only"));
  EXPECT_TRUE(has(line_of(sdp, "a=sctp-port").meaning, "SCTP port 5000"));
  EXPECT_TRUE(has(line_of(sdp, "a=max-message-size").meaning, "256 KiB"));
  EXPECT_TRUE(has(line_of(sdp, "a=sctpmap").meaning, "a=sctp-port"));
  EXPECT_EQ(line_of(sdp, "a=tls-id").reference, "RFC 8842 §4");
}

TEST(Explain, RejectedMediaSection) {
  auto l = line_of(video_sdp("m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n"), "m=");
  EXPECT_TRUE(has(l.meaning, "rejected")) << l.meaning;
  EXPECT_TRUE(has(l.meaning, "RFC 3264 §6")) << l.meaning;
}

TEST(Explain, UnknownAndMalformedLinesAreMarked) {
  const std::string sdp =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "a=made-up-attribute:1\r\n"  // unknown attribute
      "x=unknown type\r\n"         // unknown line type
      "this is not sdp\r\n"
      "\r\n"  // an empty line in the middle
      "m=audio notaport RTP/AVP 0\r\n"
      "a=rtpmap:abc opus\r\n"  // a typed attribute with a broken value
      "a=candidate:garbage\r\n"
      "o=too few fields\r\n";
  auto lines = explain(sdp);
  ASSERT_EQ(lines.size(), 12u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_TRUE(lines[i].recognized) << lines[i].text;
  for (std::size_t i = 4; i < lines.size(); ++i) {
    EXPECT_FALSE(lines[i].recognized) << lines[i].text << " -> " << lines[i].meaning;
    EXPECT_FALSE(lines[i].meaning.empty()) << lines[i].text;
  }
  EXPECT_TRUE(has(lines[4].meaning, "does not know"));
  EXPECT_TRUE(has(lines[9].meaning, "rtpmap")) << lines[9].meaning;
  const std::string text = format_explanation(lines);
  EXPECT_TRUE(has(text, "?? (not recognized)")) << text;
  EXPECT_TRUE(has(text, "8 not recognized")) << text;
}

TEST(Explain, FormatIsAlignedForATerminal) {
  const std::string sdp =
      read_file(fs::path(RTC_TEST_DATA_DIR) / "sdp/corpus/chromium/audio-offer.sdp");
  const auto lines = explain(sdp);
  const std::string text = format_explanation(lines);
  EXPECT_TRUE(text.starts_with(" 1  v=0\n    -> SDP version 0")) << text.substr(0, 200);
  EXPECT_TRUE(has(text, "[RFC 8866 §5.1]"));
  EXPECT_TRUE(has(text, "all recognized"));
  // Wrapped explanation lines stay within 100 columns unless one word is longer.
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string_view line(text.data() + start, end - start);
    if (line.starts_with("    ") && line.find(' ', 8) != std::string_view::npos) {
      // Count characters, not bytes (§ is two bytes in UTF-8).
      const auto chars =
          line.size() - static_cast<std::size_t>(std::count_if(
                            line.begin(), line.end(), [](char c) { return (c & 0xC0) == 0x80; }));
      EXPECT_LE(chars, 100u) << line;
    }
    start = end + 1;
  }
}

TEST(Explain, LineEndsAndEmptyInput) {
  EXPECT_TRUE(explain("").empty());
  auto lf = explain("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0");  // LF only, no final end
  ASSERT_EQ(lf.size(), 4u);
  for (const auto& l : lf) EXPECT_TRUE(l.recognized) << l.text;
  EXPECT_EQ(lf[3].text, "t=0 0");
}

// Garbage in, explanations out: random bytes, random SDP-like text and mutated real SDPs never
// crash the explainer (the fuzz target in fuzz/ goes further).
TEST(Explain, GarbageDoesNotCrash) {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const std::string alphabet = "vosiuepcbtrzkma=:/ \r\n0123456789abcdefxyz.-*;,~#";
  const std::string base =
      read_file(fs::path(RTC_TEST_DATA_DIR) / "sdp/corpus/chromium/audio-video-data-offer.sdp");
  std::size_t explained = 0;
  for (int round = 0; round < 400; ++round) {
    std::string input;
    switch (round % 3) {
      case 0:
        for (int i = 0; i < 200; ++i) input += static_cast<char>(next() & 0xFF);
        break;
      case 1:
        for (int i = 0; i < 300; ++i) input += alphabet[next() % alphabet.size()];
        break;
      default:
        input = base;
        for (int i = 0; i < 20; ++i)
          input[next() % input.size()] = alphabet[next() % alphabet.size()];
        input.resize(next() % input.size());
    }
    const auto lines = explain(input);
    explained += lines.size();
    EXPECT_FALSE(format_explanation(lines).empty());
  }
  EXPECT_GT(explained, 0u);
}

}  // namespace
