// to_json / from_json in the shape of sdp-transform, without node: each expected text below
// is what sdp-transform 3.0.0 gives for the same input (sdp_transform_compat_test.cpp checks
// the whole corpus against the package itself). The cases are its quirks that a reader of the
// JSON meets: which text becomes a number, prefix matches, lines that land in `invalid`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>

#include "rtc/sdp/json.hpp"
#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

#include "corpus.hpp"

namespace {

using rtc::sdp::from_json;
using rtc::sdp::to_json;

constexpr std::string_view kHead =
    "v=0\r\no=- 4953455069367779452 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

// Compact JSON of an SDP text.
std::string json_of(const std::string& sdp) {
  const auto session = rtc::sdp::parse(sdp);
  EXPECT_TRUE(session) << session.error().to_string();
  return session ? to_json(*session, -1) : std::string();
}

std::string head_and(std::string_view rest) {
  return std::string(kHead) + std::string(rest);
}

TEST(SdpJson, FieldsNamesAndOrderAreSdpTransforms) {
  const std::string sdp = head_and(
      "a=group:BUNDLE 0\r\na=msid-semantic: WMS\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
      "c=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n"
      "a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtcp-fb:111 transport-cc\r\na=sendrecv\r\n"
      "a=rtcp-mux\r\n");
  // Session keys in the order their lines came, media last; in a media section rtp and fmtp
  // first (sdp-transform creates them with the m= line), then the m= fields, then the rest.
  EXPECT_EQ(json_of(sdp),
            R"({"version":0,"origin":{"username":"-","sessionId":"4953455069367779452",)"
            R"("sessionVersion":2,"netType":"IN","ipVer":4,"address":"127.0.0.1"},"name":"-",)"
            R"("timing":{"start":0,"stop":0},"groups":[{"type":"BUNDLE","mids":0}],)"
            R"("msidSemantic":{"semantic":"","token":"WMS"},"media":[{"rtp":[{"payload":111,)"
            R"("codec":"opus","rate":48000,"encoding":2}],"fmtp":[{"payload":111,)"
            R"("config":"minptime=10;useinbandfec=1"}],"type":"audio","port":9,)"
            R"("protocol":"UDP/TLS/RTP/SAVPF","payloads":111,"connection":{"version":4,)"
            R"("ip":"0.0.0.0"},"mid":0,"rtcpFb":[{"payload":111,"type":"transport-cc"}],)"
            R"("direction":"sendrecv","rtcpMux":"rtcp-mux"}]})");
}

// A capture becomes a number only if JavaScript prints that number as the same text: so a
// 19-digit session id that a double cannot hold stays a string (above), "007" and "2.50" stay
// strings, and "Infinity" becomes a number that JSON.stringify writes as null.
TEST(SdpJson, NumbersAreTextsThatJavaScriptPrintsTheSame) {
  const std::string json = json_of(
      "v=0\r\no=- 4953455069367779000 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "m=video 9 RTP/AVP 96\r\na=framerate:29.97\r\na=ptime:2.50\r\na=mid:007\r\n"
      "a=ice-ufrag:Infinity\r\na=ice-pwd:1e+21\r\na=label:-0\r\n");
  EXPECT_EQ(json,
            R"({"version":0,"origin":{"username":"-","sessionId":4953455069367779000,)"
            R"("sessionVersion":2,"netType":"IN","ipVer":4,"address":"127.0.0.1"},"name":"-",)"
            R"("timing":{"start":0,"stop":0},"media":[{"rtp":[],"fmtp":[],"type":"video",)"
            R"("port":9,"protocol":"RTP/AVP","payloads":96,"framerate":29.97,"ptime":"2.50",)"
            R"("mid":"007","iceUfrag":null,"icePwd":1e+21,"label":"-0"}]})");
}

// The candidate expression knows raddr/rport, tcptype, generation, network-id, network-cost
// in this order only; it stops at the first thing that does not fit (here "ufrag").
TEST(SdpJson, CandidateKeepsOnlyTheExtensionsSdpTransformKnows) {
  const auto json = nlohmann::json::parse(json_of(
      head_and("m=audio 9 RTP/AVP 0\r\n"
               "a=candidate:1 1 udp 2122194687 192.0.2.1 50000 typ host generation 0 ufrag abcd "
               "network-id 1\r\n"
               "a=candidate:2 1 TCP 2105524479 192.0.2.1 9 typ host tcptype active\r\n")));
  const auto& candidates = json["media"][0]["candidates"];
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0],
            nlohmann::json::parse(R"({"foundation":1,"component":1,"transport":"udp",)"
                                  R"("priority":2122194687,"ip":"192.0.2.1","port":50000,)"
                                  R"("type":"host","generation":0})"));
  EXPECT_EQ(candidates[1]["tcptype"], "active");
}

// First matching expression wins, and a prefix is enough; a line no expression matches
// (Firefox's "{uuid}" msid, Chromium's rtcp-xr) is kept verbatim in `invalid`. The
// simulcast expression ends in $, so JavaScript backtracks into its first list.
// "m=video 51372/2" (a port count) is beyond the m= expression: no type, port or protocol.
TEST(SdpJson, QuirksOfTheGrammarAreKept) {
  EXPECT_EQ(json_of(head_and("m=video 9 RTP/AVP 96\r\na=simulcast:send q;h;frecv x\r\n"
                             "a=rtcp-mux-only\r\na=ice-options:trickle renomination\r\n"
                             "a=msid:{a} {b}\r\na=rtcp-xr:rcvr-rtt=all\r\n"
                             "m=video 51372/2 RTP/AVP 99\r\na=mid:1\r\n")),
            R"({"version":0,"origin":{"username":"-","sessionId":"4953455069367779452",)"
            R"("sessionVersion":2,"netType":"IN","ipVer":4,"address":"127.0.0.1"},"name":"-",)"
            R"("timing":{"start":0,"stop":0},"media":[{"rtp":[],"fmtp":[],"type":"video",)"
            R"("port":9,"protocol":"RTP/AVP","payloads":96,"simulcast":{"dir1":"send",)"
            R"("list1":"q;h;f","dir2":"recv","list2":"x"},"rtcpMux":"rtcp-mux",)"
            R"("iceOptions":"trickle","invalid":[{"value":"msid:{a} {b}"},)"
            R"({"value":"rtcp-xr:rcvr-rtt=all"}]},{"rtp":[],"fmtp":[],"mid":1}]})");
}

TEST(SdpJson, IndentGivesJsonStringifyLayout) {
  const auto session = rtc::sdp::parse(
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n");
  ASSERT_TRUE(session);
  EXPECT_EQ(to_json(*session, 2),
            "{\n  \"version\": 0,\n  \"origin\": {\n    \"username\": \"-\",\n"
            "    \"sessionId\": 1,\n    \"sessionVersion\": 2,\n    \"netType\": \"IN\",\n"
            "    \"ipVer\": 4,\n    \"address\": \"127.0.0.1\"\n  },\n  \"name\": \"-\",\n"
            "  \"timing\": {\n    \"start\": 0,\n    \"stop\": 0\n  },\n  \"media\": [\n"
            "    {\n      \"rtp\": [],\n      \"fmtp\": [],\n"
            "      \"type\": \"application\",\n      \"port\": 9,\n"
            "      \"protocol\": \"UDP/DTLS/SCTP\",\n      \"payloads\": \"webrtc-datachannel\",\n"
            "      \"mid\": 0\n    }\n  ]\n}");
  EXPECT_EQ(to_json(*session), to_json(*session, 2)) << "indent 2 is the default";
}

TEST(SdpJson, DefaultSessionDoesNotThrow) {
  const rtc::sdp::SessionDescription empty;
  std::string json;
  EXPECT_NO_THROW(json = to_json(empty, -1));
  EXPECT_TRUE(nlohmann::json::accept(json)) << json;
}

// from_json prints the lines as sdp-transform's writer does: the grammar's order, the
// grammar's formats; %d fields go through JavaScript's Number(), so a 19-digit o= version
// comes out as the double JavaScript holds.
TEST(SdpJsonFrom, WritesLinesInSdpTransformsOrderAndFormat) {
  const std::string json =
      R"({"version":0,"origin":{"username":"-","sessionId":"4953455069367779452",)"
      R"("sessionVersion":"4953455069367779452","netType":"IN","ipVer":4,)"
      R"("address":"127.0.0.1"},"name":"-","timing":{"start":0,"stop":0},)"
      R"("groups":[{"type":"BUNDLE","mids":0}],"media":[{"rtp":[{"payload":111,)"
      R"("codec":"opus","rate":48000,"encoding":2}],"fmtp":[{"payload":111,)"
      R"("config":"minptime=10"}],"type":"audio","port":9,"protocol":"UDP/TLS/RTP/SAVPF",)"
      R"("payloads":111,"mid":0,"direction":"sendrecv","rtcpMux":"rtcp-mux",)"
      R"("iceUfrag":"abcd","icePwd":"efghijklmnopqrstuvwxyz01","fingerprint":{)"
      R"("type":"sha-256","hash":"AB:CD"},"setup":"actpass","connection":{"version":4,)"
      R"("ip":"0.0.0.0"}}]})";
  const auto session = from_json(json);
  ASSERT_TRUE(session) << session.error().to_string();
  EXPECT_EQ(rtc::sdp::serialize(*session),
            "v=0\r\no=- 4953455069367779452 4953455069367779000 IN IP4 127.0.0.1\r\ns=-\r\n"
            "t=0 0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
            "c=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10\r\n"
            "a=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=ice-ufrag:abcd\r\n"
            "a=ice-pwd:efghijklmnopqrstuvwxyz01\r\na=fingerprint:sha-256 AB:CD\r\n"
            "a=rtcp-mux\r\n");
  EXPECT_EQ(session->media.at(0).mid(), "0");
}

TEST(SdpJsonFrom, WritesSdpTransformsDefaults) {
  const auto session =
      from_json(R"({"origin":{"username":"-","sessionId":1,"sessionVersion":1,"netType":"IN",)"
                R"("ipVer":4,"address":"127.0.0.1"},"timing":{"start":0,"stop":0},"media":[]})");
  ASSERT_TRUE(session) << session.error().to_string();
  EXPECT_EQ(rtc::sdp::serialize(*session), "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns= \r\nt=0 0\r\n");
}

TEST(SdpJsonFrom, OwnJsonComesBackAsTheSameJson) {
  const std::filesystem::path file =
      std::filesystem::path(RTC_TEST_DATA_DIR) / "sdp/corpus/chromium/audio-video-data-offer.sdp";
  const std::string text = rtc::sdp::test::read_file(file);
  const std::string json = json_of(text);
  const auto back = from_json(json);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(nlohmann::json::parse(to_json(*back, -1)), nlohmann::json::parse(json));
}

// Bad input gives an Error that says what is wrong; nothing throws.
TEST(SdpJsonFrom, BadJsonIsAnErrorNotAnException) {
  const std::string deep_array = std::string(100000, '[') + std::string(100000, ']');
  std::string deep_object;
  for (int i = 0; i < 20000; ++i) deep_object += R"({"a":)";
  deep_object += "1" + std::string(20000, '}');
  const std::string origin =
      R"("origin":{"username":"-","sessionId":1,"sessionVersion":1,"netType":"IN",)"
      R"("ipVer":4,"address":"127.0.0.1"},"timing":{"start":0,"stop":0})";
  const std::string cases[] = {
      "",
      "{",
      "{} trailing",
      "\xff",
      R"({"name":"\ud800"})",
      "null",
      "[1,2]",
      "{}",  // no media
      R"({"media":{}})",
      R"({"media":[null]})",
      R"({"media":[{"type":"audio"}]})",  // no port, no protocol
      "{" + origin + R"(,"media":[],"groups":"BUNDLE 0"})",
      "{" + origin + R"(,"media":[],"groups":["BUNDLE 0"]})",
      "{" + origin + R"(,"media":[],"fingerprint":"sha-256 AB"})",
      "{" + origin + R"(,"media":[],"name":{"a":1}})",
      "{" + origin + R"(,"media":[],"name":"a\r\nm=audio 9 RTP/AVP 0"})",
      // Written as "m=audio NaN RTP/AVP 0", which does not parse.
      "{" + origin + R"(,"media":[{"type":"audio","port":"x","protocol":"RTP/AVP"}]})",
      deep_array,
      deep_object,
  };
  for (const std::string& json : cases) {
    SCOPED_TRACE(json.substr(0, 80));
    rtc::Result<rtc::sdp::SessionDescription> result;
    EXPECT_NO_THROW(result = from_json(json));
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().message.starts_with("from_json: ")) << result.error().message;
  }
}

TEST(SdpJsonFrom, SdpErrorsQuoteTheWrittenLine) {
  const auto result =
      from_json(R"({"origin":{"username":"-","sessionId":1,"sessionVersion":1,"netType":"IN",)"
                R"("ipVer":4,"address":"127.0.0.1"},"timing":{"start":0,"stop":0},)"
                R"("media":[{"type":"audio","port":"x","protocol":"RTP/AVP","payloads":0}]})");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("\"m=audio NaN RTP/AVP 0\""), std::string::npos)
      << result.error().message;
}

TEST(SdpJsonFrom, ParseErrorsSayWhere) {
  const auto result = from_json(R"({"media": [1,])");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, rtc::Errc::malformed);
  ASSERT_TRUE(result.error().offset);
  EXPECT_EQ(*result.error().offset, 13u);
  EXPECT_NE(result.error().message.find("not valid JSON"), std::string::npos);
}

}  // namespace
