// RFC 8866 §5.1-§5.13: the session-level lines, each read into the model and written back.
#include <gtest/gtest.h>

#include <string>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

using namespace rtc::sdp;

// RFC 8866 §5, the example at the end of the section, with CRLF line ends.
constexpr const char* kRfc8866Example =
    "v=0\r\n"
    "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\n"
    "s=Call to John Smith\r\n"
    "i=SDP Offer #1\r\n"
    "u=http://www.jdoe.example.com/home.html\r\n"
    "e=Jane Doe <jane@jdoe.example.com>\r\n"
    "p=+1 617 555-6011\r\n"
    "c=IN IP4 198.51.100.1\r\n"
    "t=0 0\r\n"
    "m=audio 49170 RTP/AVP 0\r\n"
    "m=audio 49180 RTP/AVP 0\r\n"
    "m=video 51372 RTP/AVP 99\r\n"
    "c=IN IP6 2001:db8::2\r\n"
    "a=rtpmap:99 h263-1998/90000\r\n";

SessionDescription must_parse(const std::string& text, ParseOptions options = {}) {
  auto parsed = parse(text, options);
  EXPECT_TRUE(parsed) << parsed.error().to_string() << "\n" << text;
  return parsed ? *parsed : SessionDescription{};
}

// A minimal valid description with `extra` lines inserted after t=.
std::string with_session_lines(const std::string& extra) {
  return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n" + extra;
}

TEST(Rfc8866_5, ExampleParsesIntoTheModel) {
  const auto s = must_parse(kRfc8866Example, {.strict = true});
  EXPECT_EQ(s.version, 0);
  EXPECT_EQ(s.origin.username, "jdoe");
  EXPECT_EQ(s.origin.session_id, "3724394400");
  EXPECT_EQ(s.origin.session_version, 3724394405u);
  EXPECT_EQ(s.origin.network_type, "IN");
  EXPECT_EQ(s.origin.address_type, "IP4");
  EXPECT_EQ(s.origin.address, "198.51.100.1");
  EXPECT_EQ(s.session_name, "Call to John Smith");
  EXPECT_EQ(s.information, "SDP Offer #1");
  EXPECT_EQ(s.uri, "http://www.jdoe.example.com/home.html");
  EXPECT_EQ(s.emails, std::vector<std::string>{"Jane Doe <jane@jdoe.example.com>"});
  EXPECT_EQ(s.phones, std::vector<std::string>{"+1 617 555-6011"});
  ASSERT_TRUE(s.connection);
  EXPECT_EQ(s.connection->address, "198.51.100.1");
  ASSERT_EQ(s.timings.size(), 1u);
  EXPECT_EQ(s.timings[0].start, 0u);
  EXPECT_EQ(s.timings[0].stop, 0u);
  ASSERT_EQ(s.media.size(), 3u);
  EXPECT_EQ(s.media[0].port, 49170);
  EXPECT_EQ(s.media[1].port, 49180);
  EXPECT_EQ(s.media[2].type, "video");
  ASSERT_EQ(s.media[2].connections.size(), 1u);
  EXPECT_EQ(s.media[2].connections[0].address_type, "IP6");
  EXPECT_EQ(s.media[2].connections[0].address, "2001:db8::2");
  const Rtpmap* h263 = s.media[2].rtpmap(99);
  ASSERT_NE(h263, nullptr);
  EXPECT_EQ(h263->encoding, "h263-1998");
  EXPECT_EQ(h263->clock_rate, 90000u);
  EXPECT_FALSE(h263->channels);
}

TEST(Rfc8866_5, ExampleRoundTripsByteForByte) {
  EXPECT_EQ(serialize(must_parse(kRfc8866Example)), kRfc8866Example);
}

TEST(Rfc8866_5, SerializerWritesTheModelDefaultsAsAValidDescription) {
  // A default-constructed SessionDescription is a valid, minimal description.
  const std::string text = serialize(SessionDescription{});
  EXPECT_EQ(text, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
  EXPECT_TRUE(parse(text, {.strict = true}));
}

TEST(Rfc8866_5_1, VersionIsZero) {
  EXPECT_EQ(must_parse(with_session_lines("")).version, 0);
  auto v1 = parse("v=1\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", {.strict = true});
  ASSERT_FALSE(v1);
  EXPECT_EQ(v1.error().line, 1u);
}

TEST(Rfc8866_5_2, OriginKeepsA64BitSessionIdAsText) {
  // Chromium's session ids are 63-bit random numbers; others use longer digit strings.
  const auto s =
      must_parse("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
  EXPECT_EQ(s.origin.session_id, "4611731400430051336");
  EXPECT_EQ(s.origin.session_version, 2u);
  const auto long_id =
      must_parse("v=0\r\no=- 123456789012345678901234567890 1 IN IP4 ::1\r\ns=-\r\nt=0 0\r\n");
  EXPECT_EQ(long_id.origin.session_id, "123456789012345678901234567890");
}

TEST(Rfc8866_5_2, OriginOfFirefoxWithThisIsSdparta) {
  const std::string text =
      "v=0\r\no=mozilla...THIS_IS_SDPARTA-99.0 7008642016983632174 0 IN IP4 0.0.0.0\r\n"
      "s=-\r\nt=0 0\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.origin.username, "mozilla...THIS_IS_SDPARTA-99.0");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_2, OriginWithIpv6Address) {
  const auto s = must_parse("v=0\r\no=- 7 2 IN IP6 2001:db8::15\r\ns=-\r\nt=0 0\r\n");
  EXPECT_EQ(s.origin.address_type, "IP6");
  EXPECT_EQ(s.origin.address, "2001:db8::15");
}

TEST(Rfc8866_5_2, OriginNeedsSixFields) {
  auto five = parse("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n");
  ASSERT_FALSE(five);
  EXPECT_EQ(five.error().line, 2u);
  EXPECT_EQ(five.error().column, 15u);
}

TEST(Rfc8866_5_3, SessionNameIsTextWithSpaces) {
  const auto s =
      must_parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=A talk about SDP: §5\r\nt=0 0\r\n");
  EXPECT_EQ(s.session_name, "A talk about SDP: §5");
}

TEST(Rfc8866_5_3, EmptySessionNameIsLenientOnly) {
  const std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=\r\nt=0 0\r\n";
  EXPECT_EQ(must_parse(text).session_name, "");
  EXPECT_FALSE(parse(text, {.strict = true}));  // text = 1*byte (RFC 8866 §9)
}

TEST(Rfc8866_5_6, SeveralEmailsAndPhones) {
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"
      "e=j.doe@example.com (Jane Doe)\r\ne=Jane Doe <j.doe@example.com>\r\n"
      "p=+1 617 555-6011\r\np=+44 20 7946 0000\r\nt=0 0\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.emails.size(), 2u);
  EXPECT_EQ(s.phones.size(), 2u);
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_7, MulticastConnectionWithTtlAndAddressCount) {
  // "c=IN IP4 233.252.0.1/127/3": TTL 127, three addresses (RFC 8866 §5.7).
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 233.252.0.1/127/3\r\nt=0 0\r\n"
      "m=audio 49170 RTP/AVP 0\r\nc=IN IP6 ff15::101/3\r\n";
  const auto s = must_parse(text, {.strict = true});
  ASSERT_TRUE(s.connection);
  EXPECT_EQ(s.connection->address, "233.252.0.1/127/3");
  EXPECT_EQ(s.media[0].connections[0].address, "ff15::101/3");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_8, BandwidthLines) {
  const std::string with_b =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nb=CT:384\r\nb=TIAS:384000\r\nt=0 0\r\n";
  const auto s = must_parse(with_b, {.strict = true});
  ASSERT_EQ(s.bandwidths.size(), 2u);
  EXPECT_EQ(s.bandwidths[0].type, "CT");
  EXPECT_EQ(s.bandwidths[0].value, 384u);
  EXPECT_EQ(s.bandwidths[1].type, "TIAS");
  EXPECT_EQ(serialize(s), with_b);
  EXPECT_FALSE(parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nb=AS\r\nt=0 0\r\n"));
  EXPECT_FALSE(parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nb=AS:x\r\nt=0 0\r\n"));
}

TEST(Rfc8866_5_9, TimingWithNtpTimes) {
  const std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=3034423619 3042462419\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.timings[0].start, 3034423619u);
  EXPECT_EQ(s.timings[0].stop, 3042462419u);
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_9, SeveralTimeDescriptions) {
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=3034423619 3042462419\r\n"
      "t=3042462419 3050501219\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.timings.size(), 2u);
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_9, StrictTimesAreZeroOrTenDigits) {
  // time = POS-DIGIT 9*DIGIT: "123" is not an NTP time; lenient parsing keeps it anyway.
  const std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=123 0\r\n";
  EXPECT_TRUE(parse(text));
  EXPECT_FALSE(parse(text, {.strict = true}));
}

TEST(Rfc8866_5_10, RepeatTimesInSecondsAndWithUnits) {
  // RFC 8866 §5.10's own example, in seconds and with d/h units.
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=3034423619 3042462419\r\n"
      "r=604800 3600 0 90000\r\nr=7d 1h 0 25h\r\n";
  const auto s = must_parse(text, {.strict = true});
  ASSERT_EQ(s.timings[0].repeats.size(), 2u);
  EXPECT_EQ(s.timings[0].repeats[0], "604800 3600 0 90000");
  EXPECT_EQ(s.timings[0].repeats[1], "7d 1h 0 25h");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_10, RepeatNeedsATiming) {
  auto r = parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nr=7d 1h 0\r\nt=0 0\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 4u);
}

TEST(Rfc8866_5_10, StrictRepeatGrammar) {
  const std::string bad =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=3034423619 0\r\nr=7x 1h 0\r\n";
  EXPECT_TRUE(parse(bad));
  auto strict = parse(bad, {.strict = true});
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().line, 5u);
  EXPECT_EQ(strict.error().column, 3u);
}

TEST(Rfc8866_5_11, TimeZoneAdjustmentsAfterRepeats) {
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=3034423619 3042462419\r\n"
      "r=7d 1h 0 25h\r\nz=2882844526 -1h 2898848070 0\r\n";
  const auto s = must_parse(text, {.strict = true});
  EXPECT_EQ(s.time_zones, "2882844526 -1h 2898848070 0");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_11, StrictTimeZonesMustFollowRepeats) {
  // RFC 8866 §5.11 (and §10): z= without r= is now a syntax error; RFC 4566 allowed it.
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=3034423619 0\r\nz=2882844526 -1h\r\n";
  EXPECT_TRUE(parse(text));
  auto strict = parse(text, {.strict = true});
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().line, 5u);
}

TEST(Rfc8866_5_11, OnlyOneTimeZoneLineAfterTheLastTiming) {
  // The model has one z= (session.hpp), so "t= r= z= t=" cannot be kept: it is refused.
  auto r = parse(
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=3034423619 0\r\nr=7d 1h 0\r\n"
      "z=2882844526 -1h\r\nt=3042462419 0\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 7u);
}

TEST(Rfc8866_5_12, KeyLinesAtSessionAndMediaLevel) {
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nk=prompt\r\n"
      "m=audio 49170 RTP/AVP 0\r\nk=clear:secret\r\nm=video 51372 RTP/AVP 31\r\n"
      "k=base64:c2VjcmV0\r\n";
  const auto s = must_parse(text);
  EXPECT_EQ(s.key, "prompt");
  EXPECT_EQ(s.media[0].key, "clear:secret");
  EXPECT_EQ(s.media[1].key, "base64:c2VjcmV0");
  EXPECT_EQ(serialize(s), text);
  EXPECT_FALSE(parse(with_session_lines("k=rot13:abc\r\n"), {.strict = true}));
}

TEST(Rfc8866_5_13, SessionAttributesKeepTheirOrder) {
  const std::string text = with_session_lines(
      "a=group:BUNDLE 0 1\r\na=x-custom:one two\r\na=extmap-allow-mixed\r\n"
      "a=msid-semantic: WMS\r\na=flag-only\r\n");
  const auto s = must_parse(text);
  ASSERT_EQ(s.attributes.size(), 5u);
  EXPECT_TRUE(std::holds_alternative<Group>(s.attributes[0]));
  EXPECT_TRUE(std::holds_alternative<GenericAttribute>(s.attributes[1]));
  EXPECT_TRUE(std::holds_alternative<ExtmapAllowMixed>(s.attributes[2]));
  EXPECT_TRUE(std::holds_alternative<MsidSemantic>(s.attributes[3]));
  ASSERT_NE(s.find_generic("flag-only"), nullptr);
  EXPECT_FALSE(s.find_generic("flag-only")->value);
  EXPECT_EQ(s.find_generic("x-custom")->value, "one two");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5_13, UnknownAttributesAreKeptVerbatim) {
  // "a=" lines the parser does not know are kept as they are (RFC 8866 §5.13).
  const std::string text = with_session_lines(
      "a=x-google-flag:conference\r\na=sctpmap:5000 webrtc-datachannel 1024\r\n"
      "a=weird:  two  spaces  \r\na=Rtpmap:is case-sensitive\r\n");
  const auto s = must_parse(text);
  for (const auto& a : s.attributes) EXPECT_TRUE(std::holds_alternative<GenericAttribute>(a));
  EXPECT_EQ(s.find_generic("weird")->value, "  two  spaces  ");
  EXPECT_EQ(serialize(s), text);
}

TEST(Rfc8866_5, LinesAfterTheLastMediaBelongToIt) {
  const auto s = must_parse(with_session_lines("m=audio 9 RTP/AVP 0\r\na=sendonly\r\n"));
  EXPECT_TRUE(s.attributes.empty());
  EXPECT_EQ(s.media[0].direction(), MediaDirection::sendonly);
}

}  // namespace
