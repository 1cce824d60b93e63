// Typed attributes (attributes.hpp), one RFC at a time: each is parsed from the text a browser
// writes, checked field by field, and written back identically. Values that are valid but
// written in a form the typed model would change are kept verbatim (GenericAttribute).
#include <gtest/gtest.h>

#include <string>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

using namespace rtc::sdp;

// Parses the text after "a=" (strictly: these are all valid), checks it round-trips, and
// returns the alternative T (failing the test if the attribute is not a T).
template <class T>
T typed(const std::string& text) {
  auto parsed = parse_attribute(text, {.strict = true});
  EXPECT_TRUE(parsed) << text << ": " << parsed.error().to_string();
  if (!parsed) return T{};
  EXPECT_EQ(serialize_attribute(*parsed), text);
  const T* t = std::get_if<T>(&*parsed);
  EXPECT_NE(t, nullptr) << text << " is not the expected type";
  return t ? *t : T{};
}

// Parses leniently and expects a GenericAttribute holding exactly the text.
void verbatim(const std::string& text) {
  auto parsed = parse_attribute(text);
  ASSERT_TRUE(parsed) << text;
  EXPECT_TRUE(std::holds_alternative<GenericAttribute>(*parsed)) << text;
  EXPECT_EQ(serialize_attribute(*parsed), text);
}

TEST(Rfc8866_6_6, Rtpmap) {
  const auto opus = typed<Rtpmap>("rtpmap:111 opus/48000/2");
  EXPECT_EQ(opus.payload_type, 111);
  EXPECT_EQ(opus.encoding, "opus");
  EXPECT_EQ(opus.clock_rate, 48000u);
  EXPECT_EQ(opus.channels, 2u);
  const auto vp8 = typed<Rtpmap>("rtpmap:96 VP8/90000");
  EXPECT_FALSE(vp8.channels);
  EXPECT_EQ(typed<Rtpmap>("rtpmap:9 G722/8000/1").channels, 1u);  // Firefox writes "/1"
  EXPECT_EQ(typed<Rtpmap>("rtpmap:110 telephone-event/48000").encoding, "telephone-event");
}

TEST(Rfc8866_6_6, RtpmapThatWouldNotRoundTripStaysVerbatim) {
  verbatim("rtpmap:0111 opus/48000/2");  // leading zero
  verbatim("rtpmap:111  opus/48000/2");  // two spaces
  verbatim("rtpmap:111 opus/48000/2 ");  // trailing space
  verbatim("rtpmap:111 opus/048000");    // leading zero in the clock rate
  verbatim("rtpmap:111 opus");           // no clock rate
}

TEST(Rfc8866_6_15, FmtpParameters) {
  const auto f = typed<Fmtp>(
      "fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
  EXPECT_EQ(f.payload_type, 102);
  EXPECT_EQ(f.parameter("profile-level-id"), "42001f");
  EXPECT_EQ(f.parameter("PROFILE-LEVEL-ID"), "42001f");  // names are case-insensitive
  EXPECT_EQ(f.parameter("packetization-mode"), "1");
  EXPECT_FALSE(f.parameter("sprop-parameter-sets"));
  const auto list = f.parameter_list();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0], (std::pair<std::string, std::string>{"level-asymmetry-allowed", "1"}));
}

TEST(Rfc8866_6_15, FmtpWithoutKeyValuePairs) {
  // RED (RFC 2198 §5) and telephone-event (RFC 4733 §2.4.1) write bare values.
  const auto red = typed<Fmtp>("fmtp:63 111/111");
  ASSERT_EQ(red.parameter_list().size(), 1u);
  EXPECT_EQ(red.parameter_list()[0].first, "111/111");
  EXPECT_EQ(red.parameter_list()[0].second, "");
  EXPECT_EQ(typed<Fmtp>("fmtp:101 0-15").parameters, "0-15");
  // Whitespace around ';' is trimmed, empty items are skipped.
  Fmtp spaced{100, "a=1; b = 2 ;;c"};
  EXPECT_EQ(spaced.parameter("b"), "2");
  EXPECT_EQ(spaced.parameter("c"), "");
  EXPECT_EQ(spaced.parameter_list().size(), 3u);
}

TEST(Rfc8866_6_15, FmtpForANonNumericFormatStaysVerbatim) {
  verbatim("fmtp:webrtc-datachannel max-message-size=65536");
}

TEST(Rfc4585_4_2, RtcpFeedback) {
  const auto nack = typed<RtcpFb>("rtcp-fb:96 nack");
  EXPECT_EQ(nack.payload_type, 96);
  EXPECT_EQ(nack.type, "nack");
  EXPECT_EQ(nack.subtype, "");
  const auto pli = typed<RtcpFb>("rtcp-fb:96 nack pli");
  EXPECT_EQ(pli.subtype, "pli");
  const auto any = typed<RtcpFb>("rtcp-fb:* ccm fir");
  EXPECT_FALSE(any.payload_type);
  EXPECT_EQ(typed<RtcpFb>("rtcp-fb:96 ccm tmmbr smaxpr=120").subtype, "tmmbr smaxpr=120");
  EXPECT_EQ(typed<RtcpFb>("rtcp-fb:111 transport-cc").type, "transport-cc");
}

TEST(Rfc3605_2_1, RtcpPortAndAddress) {
  const auto full = typed<Rtcp>("rtcp:9 IN IP4 0.0.0.0");
  EXPECT_EQ(full.port, 9);
  EXPECT_EQ(full.network_type, "IN");
  EXPECT_EQ(full.address, "0.0.0.0");
  const auto port_only = typed<Rtcp>("rtcp:53020");
  EXPECT_EQ(port_only.port, 53020);
  EXPECT_EQ(port_only.network_type, "");
  typed<Rtcp>("rtcp:57873 IN IP6 2001:db8::15");
  verbatim("rtcp:9 IN IP4");
}

TEST(Rfc8285_8, Extmap) {
  const auto e = typed<Extmap>(
      "extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
  EXPECT_EQ(e.id, 3);
  EXPECT_FALSE(e.direction);
  EXPECT_EQ(e.attributes, "");
  const auto dd = typed<Extmap>(
      "extmap:8/sendonly "
      "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension");
  EXPECT_EQ(dd.direction, MediaDirection::sendonly);
}

TEST(Rfc8285_8, ExtmapWithDirection) {
  // Firefox: "a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level".
  const auto e = typed<Extmap>("extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level");
  EXPECT_EQ(e.id, 2);
  EXPECT_EQ(e.direction, MediaDirection::recvonly);
  EXPECT_EQ(e.uri, "urn:ietf:params:rtp-hdrext:csrc-audio-level");
}

TEST(Rfc8285_8, ExtmapWithExtensionAttributes) {
  const auto e = typed<Extmap>("extmap:4096 urn:ietf:params:rtp-hdrext:encrypt urn:x vad=on");
  EXPECT_EQ(e.id, 4096);
  EXPECT_EQ(e.uri, "urn:ietf:params:rtp-hdrext:encrypt");
  EXPECT_EQ(e.attributes, "urn:x vad=on");
}

TEST(Rfc8285_6, ExtmapAllowMixedIsAFlag) {
  typed<ExtmapAllowMixed>("extmap-allow-mixed");
  EXPECT_FALSE(parse_attribute("extmap-allow-mixed:1", {.strict = true}));
  verbatim("extmap-allow-mixed:1");
}

TEST(Rfc5888_4, Mid) {
  EXPECT_EQ(typed<Mid>("mid:0").value, "0");
  EXPECT_EQ(typed<Mid>("mid:audio").value, "audio");
  verbatim("mid:two words");
}

TEST(Rfc5888_5, GroupBundle) {
  const auto g = typed<Group>("group:BUNDLE 0 1 2");
  EXPECT_EQ(g.semantics, "BUNDLE");
  EXPECT_EQ(g.mids, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_TRUE(typed<Group>("group:BUNDLE").mids.empty());  // an empty bundle is valid
  EXPECT_EQ(typed<Group>("group:LS a v").semantics, "LS");
  verbatim("group:BUNDLE 0  1");
  verbatim("group:BUNDLE 0 ");
}

TEST(Rfc8843_6, BundleOnlyIsAFlag) {
  typed<BundleOnly>("bundle-only");
}

TEST(Rfc8830_2, Msid) {
  const auto m =
      typed<Msid>("msid:34edc6fa-3c02-454d-baf6-333d69315411 c7421e09-9a85-4b7f-bcf9-356fd9d2ae5b");
  EXPECT_EQ(m.stream_id, "34edc6fa-3c02-454d-baf6-333d69315411");
  EXPECT_EQ(m.track_id, "c7421e09-9a85-4b7f-bcf9-356fd9d2ae5b");
  EXPECT_EQ(typed<Msid>("msid:- track").stream_id, "-");
  EXPECT_EQ(typed<Msid>("msid:stream").track_id, "");
  typed<Msid>("msid:{2381f7ff-5598-4889-b078-1425631c94c5} {9a2d05f8-e1bd-4f53-af77-77d22f970568}");
}

TEST(Rfc8830_2, MsidSemanticBothSpellings) {
  // Chromium: "a=msid-semantic: WMS" (with a space); Firefox: "a=msid-semantic:WMS *".
  const auto chromium = typed<MsidSemantic>("msid-semantic: WMS");
  EXPECT_TRUE(chromium.space_before_semantic);
  EXPECT_EQ(chromium.semantic, "WMS");
  EXPECT_TRUE(chromium.ids.empty());
  const auto with_stream =
      typed<MsidSemantic>("msid-semantic: WMS 34edc6fa-3c02-454d-baf6-333d69315411");
  EXPECT_EQ(with_stream.ids.size(), 1u);
  const auto firefox = typed<MsidSemantic>("msid-semantic:WMS *");
  EXPECT_FALSE(firefox.space_before_semantic);
  EXPECT_EQ(firefox.ids, std::vector<std::string>{"*"});
}

TEST(Rfc5576_4_1, SourceAttributes) {
  const auto cname = typed<Ssrc>("ssrc:1303073445 cname:UYfISlyUwbY5/Jm+");
  EXPECT_EQ(cname.id, 1303073445u);
  EXPECT_EQ(cname.attribute, "cname");
  EXPECT_EQ(cname.value, "UYfISlyUwbY5/Jm+");
  const auto msid = typed<Ssrc>("ssrc:1303073445 msid:stream track");
  EXPECT_EQ(msid.value, "stream track");
  const auto bare = typed<Ssrc>("ssrc:4294967295 previous-ssrc");
  EXPECT_EQ(bare.id, 4294967295u);
  EXPECT_FALSE(bare.value);
  verbatim("ssrc:4294967296 cname:x");  // more than 32 bits
}

TEST(Rfc5576_4_2, SourceGroups) {
  const auto fid = typed<SsrcGroup>("ssrc-group:FID 2815633716 1069583342");
  EXPECT_EQ(fid.semantics, "FID");
  EXPECT_EQ(fid.ssrcs, (std::vector<std::uint32_t>{2815633716u, 1069583342u}));
  EXPECT_EQ(typed<SsrcGroup>("ssrc-group:SIM 1 2 3").ssrcs.size(), 3u);
}

TEST(Rfc8851_4, Rid) {
  const auto q = typed<Rid>("rid:q send");
  EXPECT_EQ(q.id, "q");
  EXPECT_EQ(q.direction, "send");
  EXPECT_EQ(q.params, "");
  const auto hi = typed<Rid>("rid:hi recv pt=96;max-width=1280;max-height=720");
  EXPECT_EQ(hi.params, "pt=96;max-width=1280;max-height=720");
}

TEST(Rfc8853_5_1, Simulcast) {
  const auto send = typed<Simulcast>("simulcast:send q;h;f");
  EXPECT_EQ(send.direction1, "send");
  EXPECT_EQ(send.list1, "q;h;f");
  EXPECT_EQ(send.direction2, "");
  const auto both = typed<Simulcast>("simulcast:recv r0,~r1;r2 send s0");
  EXPECT_EQ(both.direction1, "recv");
  EXPECT_EQ(both.list1, "r0,~r1;r2");
  EXPECT_EQ(both.direction2, "send");
  EXPECT_EQ(both.list2, "s0");
  verbatim("simulcast: send rid=a;b");  // the pre-RFC form old Firefox wrote
}

TEST(Rfc8839_5_4, IceCredentials) {
  EXPECT_EQ(typed<IceUfrag>("ice-ufrag:tOQj").value, "tOQj");
  EXPECT_EQ(typed<IcePwd>("ice-pwd:/C6RWP/VaN8dm1Lh1WYpfPRb").value, "/C6RWP/VaN8dm1Lh1WYpfPRb");
  EXPECT_EQ(typed<IcePwd>("ice-pwd:0a0747feff2623fe83ad422ed8f2fbe3").value.size(), 32u);
}

TEST(Rfc8839_5_6, IceOptions) {
  EXPECT_EQ(typed<IceOptions>("ice-options:trickle").options, std::vector<std::string>{"trickle"});
  EXPECT_EQ(typed<IceOptions>("ice-options:trickle renomination").options.size(), 2u);
}

TEST(Rfc8839_5_3, IceLiteIsAFlag) {
  typed<IceLite>("ice-lite");
}

TEST(Rfc8840_8_2, EndOfCandidatesIsAFlag) {
  typed<EndOfCandidates>("end-of-candidates");
}

TEST(Rfc8122_5, Fingerprint) {
  const auto f = typed<Fingerprint>(
      "fingerprint:sha-256 18:A3:2C:13:DD:41:6C:E7:E7:29:18:53:9B:71:7C:63:2F:50:7D:C6:26:AE:7E:"
      "E8:80:F7:9A:B7:92:25:CA:50");
  EXPECT_EQ(f.hash_function, "sha-256");
  EXPECT_EQ(f.value.size(), 95u);
  typed<Fingerprint>(
      "fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB");
  // Lower-case hex is outside RFC 8122's grammar but is kept (typed) by lenient parsing.
  auto lower = parse_attribute("fingerprint:sha-256 ab:cd");
  ASSERT_TRUE(lower);
  EXPECT_TRUE(std::holds_alternative<Fingerprint>(*lower));
}

TEST(Rfc8842_5, Setup) {
  for (const char* role : {"actpass", "active", "passive", "holdconn"}) {
    // (Qualified: inside a TEST body, plain `Setup` is gtest's Test::Setup.)
    EXPECT_EQ(typed<rtc::sdp::Setup>(std::string("setup:") + role).role, role);
  }
}

TEST(Rfc8842_4, TlsId) {
  EXPECT_EQ(typed<TlsId>("tls-id:abc3de65cddef001be82_9-+/QwE").value,
            "abc3de65cddef001be82_9-+/QwE");
}

TEST(Rfc8827_5, Identity) {
  EXPECT_EQ(typed<Identity>("identity:ZXhhbXBsZSBhc3NlcnRpb24= ext1").value,
            "ZXhhbXBsZSBhc3NlcnRpb24= ext1");
}

TEST(Rfc8841_5_1, SctpPortAndMaxMessageSize) {
  EXPECT_EQ(typed<SctpPort>("sctp-port:5000").port, 5000);
  EXPECT_EQ(typed<MaxMessageSize>("max-message-size:262144").bytes, 262144u);
  EXPECT_EQ(typed<MaxMessageSize>("max-message-size:1073741823").bytes, 1073741823u);
  EXPECT_EQ(typed<MaxMessageSize>("max-message-size:0").bytes, 0u);  // 0: no limit (§6.1)
  verbatim("max-message-size:99999999999999999999999");              // valid digits, beyond 64 bits
}

TEST(Rfc5761_5_1_1, RtcpMuxFlags) {
  typed<RtcpMux>("rtcp-mux");
  typed<RtcpMuxOnly>("rtcp-mux-only");  // RFC 8858 §3
  typed<RtcpRsize>("rtcp-rsize");       // RFC 5506 §5
}

TEST(Rfc8866_6_7, DirectionAttributes) {
  EXPECT_EQ(typed<Direction>("sendrecv").value, MediaDirection::sendrecv);
  EXPECT_EQ(typed<Direction>("sendonly").value, MediaDirection::sendonly);
  EXPECT_EQ(typed<Direction>("recvonly").value, MediaDirection::recvonly);
  EXPECT_EQ(typed<Direction>("inactive").value, MediaDirection::inactive);
  verbatim("sendrecv:now");
}

TEST(Rfc8866_5_13, AttributeNames) {
  EXPECT_EQ(attribute_name(Rtpmap{}), "rtpmap");
  EXPECT_EQ(attribute_name(Direction{MediaDirection::inactive}), "inactive");
  EXPECT_EQ(attribute_name(GenericAttribute{"x-google-flag", "conference"}), "x-google-flag");
  EXPECT_EQ(attribute_name(BundleOnly{}), "bundle-only");
  EXPECT_EQ(attribute_name(Candidate{}), "candidate");
}

TEST(Rfc8866_5_13, ParseAttributeTakesTheTextAfterAEquals) {
  auto a = parse_attribute("rtpmap:111 opus/48000/2");
  ASSERT_TRUE(a);
  EXPECT_EQ(std::get<Rtpmap>(*a).payload_type, 111);
  auto bad = parse_attribute("rtpmap:111 opus/x", {.strict = true});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().column, 17u);  // counted from the start of the text given
  // Nothing is stripped: "a=" would become part of the name, which is then not a token.
  EXPECT_FALSE(parse_attribute("a=rtpmap:111 opus/48000/2", {.strict = true}));
}

TEST(Rfc8866_5_13, GenericAttributeWithAndWithoutValue) {
  const auto flag = typed<GenericAttribute>("x-flag");
  EXPECT_FALSE(flag.value);
  const auto kv = typed<GenericAttribute>("x-google-flag:conference");
  EXPECT_EQ(kv.name, "x-google-flag");
  EXPECT_EQ(kv.value, "conference");
  // An empty value is not RFC 8866 (1*byte) but is kept exactly by lenient parsing.
  auto empty = parse_attribute("x-empty:");
  ASSERT_TRUE(empty);
  EXPECT_EQ(std::get<GenericAttribute>(*empty).value, "");
  EXPECT_EQ(serialize_attribute(*empty), "x-empty:");
}

TEST(Rfc8866_5_13, AttributeListHelpers) {
  MediaDescription m;
  m.add(Rtpmap{96, "VP8", 90000, {}});
  m.add(RtcpFb{96, "nack", ""});
  m.add(RtcpFb{96, "nack", "pli"});
  m.add(GenericAttribute{"x-a", "1"});
  EXPECT_EQ(m.find_all<RtcpFb>().size(), 2u);
  EXPECT_TRUE(m.has<Rtpmap>());
  EXPECT_FALSE(m.has<Fmtp>());
  EXPECT_EQ(m.find_generic("x-a")->value, "1");
  EXPECT_EQ(m.find_generic("x-b"), nullptr);
  EXPECT_EQ(m.remove_all<RtcpFb>(), 2u);
  EXPECT_EQ(m.attributes.size(), 2u);
}

}  // namespace
