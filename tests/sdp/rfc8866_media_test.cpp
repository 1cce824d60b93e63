// RFC 8866 §5.14 media descriptions, and the lines that may follow m= (i c b k a), plus the
// hand-written shapes that browsers do not produce: plain RTP/AVP with b=, multicast, k=.
#include <gtest/gtest.h>

#include <string>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

using namespace rtc::sdp;

constexpr const char* kHead =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

SessionDescription must_parse(const std::string& text, ParseOptions options = {}) {
  auto parsed = parse(text, options);
  EXPECT_TRUE(parsed) << parsed.error().to_string() << "\n" << text;
  return parsed ? *parsed : SessionDescription{};
}

TEST(Rfc8866_5_14, MediaLineFields) {
  const auto s =
      must_parse(std::string(kHead) + "m=video 51372 RTP/AVP 99 31\r\n", {.strict = true});
  ASSERT_EQ(s.media.size(), 1u);
  const auto& m = s.media[0];
  EXPECT_EQ(m.type, "video");
  EXPECT_EQ(m.port, 51372);
  EXPECT_FALSE(m.port_count);
  EXPECT_EQ(m.protocol, "RTP/AVP");
  EXPECT_EQ(m.formats, (std::vector<std::string>{"99", "31"}));
}

TEST(Rfc8866_5_14, MediaLineWithPortCount) {
  // "m=video 49170/2 RTP/AVP 31": two port pairs, 49170-49171 and 49172-49173.
  const std::string text = std::string(kHead) + "m=video 49170/2 RTP/AVP 31\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.media[0].port, 49170);
  EXPECT_EQ(s.media[0].port_count, 2);
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_14, DataChannelFormatIsAToken) {
  // RFC 8841 §4.1: "m=application 9 UDP/DTLS/SCTP webrtc-datachannel".
  const std::string text =
      std::string(kHead) + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.media[0].protocol, "UDP/DTLS/SCTP");
  EXPECT_EQ(s.media[0].formats, std::vector<std::string>{"webrtc-datachannel"});
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_14, PortZeroRejectsAMediaStream) {
  // RFC 3264 §6: port 0 rejects (or disables) the stream; the line itself stays valid.
  const auto s =
      must_parse(std::string(kHead) + "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n", {.strict = true});
  EXPECT_EQ(s.media[0].port, 0);
}

TEST(Rfc8866_5_14, NonNumericPortIsAnErrorWithLineAndColumn) {
  auto r =
      parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio notaport RTP/AVP 0\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 5u);
  EXPECT_EQ(r.error().column, 9u);
  EXPECT_NE(r.error().to_string().find("line 5"), std::string::npos);
}

TEST(Rfc8866_5_14, PortOutOfRangeOrWithLeadingZero) {
  EXPECT_FALSE(parse(std::string(kHead) + "m=audio 65536 RTP/AVP 0\r\n"));
  // "09" is 1*DIGIT, but the model would write it back as "9": refused rather than changed.
  EXPECT_FALSE(parse(std::string(kHead) + "m=audio 09 RTP/AVP 0\r\n"));
}

TEST(Rfc8866_5_14, MediaLineWithoutFormatsIsLenientOnly) {
  const std::string text = std::string(kHead) + "m=audio 9 RTP/AVP\r\n";
  EXPECT_EQ(serialize(must_parse(text)), text);
  EXPECT_FALSE(parse(text, {.strict = true}));
}

TEST(Rfc8866_5_4, MediaTitle) {
  const std::string text =
      std::string(kHead) + "m=audio 49170 RTP/AVP 0\r\ni=The main microphone\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.media[0].title, "The main microphone");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_7, SeveralConnectionLinesInAMedia) {
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
      "m=audio 49170 RTP/AVP 0\r\nc=IN IP4 233.252.0.1/127\r\nc=IN IP4 233.252.0.2/127\r\n";
  const auto s = must_parse(text, {.strict = true});
  ASSERT_EQ(s.media[0].connections.size(), 2u);
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_7, StrictNeedsAConnectionSomewhere) {
  // RFC 8866 §5.7: c= at session level or in every media description.
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n"
      "c=IN IP4 192.0.2.1\r\nm=video 49172 RTP/AVP 31\r\n";
  EXPECT_TRUE(parse(text));
  auto strict = parse(text, {.strict = true});
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().line, 7u);
}

TEST(Rfc8866_5_8, PlainRtpAvpCallWithBandwidth) {
  // A SIP-style call: one PCMU/PCMA/telephone-event audio stream, CT at session level, AS and
  // TIAS (RFC 3890) at media level.
  const std::string text =
      "v=0\r\no=alice 2890844526 2890844527 IN IP4 192.0.2.10\r\ns=Plain RTP call\r\n"
      "c=IN IP4 192.0.2.10\r\nb=CT:384\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\n"
      "b=AS:64\r\nb=TIAS:64000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
      "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.bandwidths[0].type, "CT");
  ASSERT_EQ(s.media[0].bandwidths.size(), 2u);
  EXPECT_EQ(s.media[0].bandwidths[0].value, 64u);
  EXPECT_EQ(s.media[0].bandwidths[1].type, "TIAS");
  EXPECT_EQ(s.media[0].rtpmap(8)->encoding, "PCMA");
  EXPECT_EQ(s.media[0].fmtp(101)->parameters, "0-15");
  EXPECT_EQ(s.media[0].find_generic("ptime")->value, "20");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_12, MediaKeyComesBeforeAttributes) {
  const std::string text =
      std::string(kHead) +
      "m=audio 49170 RTP/AVP 0\r\nk=uri:https://example.com/key\r\na=recvonly\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.media[0].key, "uri:https://example.com/key");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_14, MulticastLectureWithRepeatsZonesAndKeys) {
  // Everything a multicast announcement (SAP-era) may carry, in grammar order.
  const std::string text =
      "v=0\r\no=sap 3034423619 3034423619 IN IP4 198.51.100.5\r\ns=Multicast lecture\r\n"
      "i=A lecture sent to an IPv4 and an IPv6 group\r\nu=http://www.example.com/lecture.pdf\r\n"
      "e=lectures@example.com (Lecture Office)\r\np=+44 20 7946 0000\r\n"
      "c=IN IP4 233.252.0.1/127\r\nb=CT:1024\r\nt=3034423619 3042462419\r\n"
      "r=604800 3600 0 90000\r\nz=2882844526 -1h 2898848070 0\r\nk=prompt\r\n"
      "a=recvonly\r\na=tool:hand\r\nm=audio 49170 RTP/AVP 0\r\ni=Speaker\r\n"
      "c=IN IP4 233.252.0.1/127\r\nb=AS:64\r\nk=clear:not-secret\r\na=ptime:40\r\n"
      "m=video 51372/2 RTP/AVP 99\r\nc=IN IP6 ff15::101/3\r\na=rtpmap:99 h263-1998/90000\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.timings[0].repeats.size(), 1u);
  EXPECT_TRUE(s.time_zones);
  EXPECT_EQ(s.media[1].port_count, 2);
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_6_7, MediaDirectionDefaultsToSendrecv) {
  auto s = must_parse(std::string(kHead) + "m=audio 9 RTP/AVP 0\r\n");
  EXPECT_EQ(s.media[0].direction(), MediaDirection::sendrecv);
  for (auto [text, d] : {std::pair{"sendonly", MediaDirection::sendonly},
                         std::pair{"recvonly", MediaDirection::recvonly},
                         std::pair{"inactive", MediaDirection::inactive},
                         std::pair{"sendrecv", MediaDirection::sendrecv}}) {
    auto m = must_parse(std::string(kHead) + "m=audio 9 RTP/AVP 0\r\na=" + text + "\r\n");
    EXPECT_EQ(m.media[0].direction(), d);
    EXPECT_EQ(to_string(d), text);
    EXPECT_EQ(parse_media_direction(text), d);
  }
  EXPECT_FALSE(parse_media_direction("SENDRECV"));
}

TEST(Rfc8866_5_14, MediaLookups) {
  const auto s = must_parse(std::string(kHead) +
                            "m=audio 9 RTP/AVP 111\r\na=mid:a0\r\na=rtpmap:111 opus/48000/2\r\n"
                            "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
                            "m=video 9 RTP/AVP 96\r\na=mid:v0\r\na=rtpmap:96 VP8/90000\r\n");
  ASSERT_NE(s.find_media("v0"), nullptr);
  EXPECT_EQ(s.find_media("v0")->type, "video");
  EXPECT_EQ(s.find_media("a0")->mid(), "a0");
  EXPECT_EQ(s.find_media("x"), nullptr);
  EXPECT_EQ(s.media[0].rtpmap(111)->channels, 2u);
  EXPECT_EQ(s.media[0].rtpmap(96), nullptr);
  EXPECT_EQ(s.media[0].fmtp(111)->parameter("useinbandfec"), "1");
  EXPECT_EQ(s.media[1].fmtp(96), nullptr);
}

TEST(Rfc8866_5, EditedModelSerializes) {
  // The model is for editing: build an answer-like description by hand.
  SessionDescription s;
  s.origin.session_id = "42";
  s.attributes.push_back(Group{"BUNDLE", {"0"}});
  MediaDescription audio;
  audio.formats = {"111"};
  audio.connections.push_back(Connection{"IN", "IP4", "0.0.0.0"});
  audio.add(Mid{"0"});
  audio.add(Rtpmap{111, "opus", 48000, 2});
  audio.add(Direction{MediaDirection::recvonly});
  audio.add(RtcpMux{});
  s.media.push_back(audio);
  const std::string text = serialize(s);
  EXPECT_EQ(text,
            "v=0\r\no=- 42 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
            "a=rtpmap:111 opus/48000/2\r\na=recvonly\r\na=rtcp-mux\r\n");
  auto back = parse(text, {.strict = true});
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
}

}  // namespace
