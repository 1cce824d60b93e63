// RFC 8866 §5 and §9: what strict parsing rejects, what lenient parsing accepts anyway, and
// that every error says where (line, column) and why.
#include <gtest/gtest.h>

#include <string>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

using namespace rtc::sdp;
using namespace std::string_literals;

constexpr const char* kValid =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n"
    "a=rtpmap:111 opus/48000/2\r\n";

// Expects a strict failure at (line, column); returns the message for further checks.
std::string strict_fails_at(const std::string& text, std::size_t line, std::size_t column) {
  auto r = parse(text, {.strict = true});
  EXPECT_FALSE(r) << "strict parsing accepted:\n" << text;
  if (r) return {};
  EXPECT_EQ(r.error().code, rtc::Errc::malformed);
  EXPECT_EQ(r.error().line, line) << r.error().to_string();
  EXPECT_EQ(r.error().column, column) << r.error().to_string();
  return r.error().to_string();
}

TEST(Rfc8866_9, ValidDescriptionIsAcceptedByBoth) {
  EXPECT_TRUE(parse(kValid, {.strict = true}));
  EXPECT_TRUE(parse(kValid));
}

TEST(Rfc8866_9, StrictRejectsOutOfOrderLines) {
  // s= before o=, c= after t=, a= before t=: each line type has its place (RFC 8866 §5).
  strict_fails_at("v=0\r\ns=-\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", 2, 1);
  strict_fails_at("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nc=IN IP4 192.0.2.1\r\n", 5,
                  1);
  const std::string message =
      strict_fails_at("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\na=recvonly\r\nt=0 0\r\n", 4, 1);
  EXPECT_NE(message.find("t="), std::string::npos) << message;
}

TEST(Rfc8866_9, LenientAcceptsOutOfOrderLinesAndWritesThemInOrder) {
  const std::string shuffled =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\na=recvonly\r\ns=-\r\nt=0 0\r\n"
      "c=IN IP4 192.0.2.1\r\nm=audio 9 RTP/AVP 0\r\na=sendonly\r\nc=IN IP4 192.0.2.2\r\n";
  auto r = parse(shuffled);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(serialize(*r),
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            "a=recvonly\r\nm=audio 9 RTP/AVP 0\r\nc=IN IP4 192.0.2.2\r\na=sendonly\r\n");
}

TEST(Rfc8866_9, StrictRejectsMediaLinesOutOfOrder) {
  // Inside a media description: m i c b k a.
  strict_fails_at(
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
      "a=recvonly\r\nc=IN IP4 192.0.2.1\r\n",
      7, 1);
}

TEST(Rfc8866_9, StrictRequiresVersionOriginNameAndTiming) {
  strict_fails_at("o=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", 1, 1);  // no v=
  strict_fails_at("v=0\r\ns=-\r\nt=0 0\r\n", 2, 1);                       // no o=
  strict_fails_at("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", 3, 1);  // no s=
  strict_fails_at("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n", 4, 1);    // no t= at the end
  strict_fails_at(
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
      "m=audio 9 RTP/AVP 0\r\n",
      5, 1);  // no t= before m=
}

TEST(Rfc8866_9, LenientAcceptsAMissingTiming) {
  // What the model holds is written back: no t= in, no t= out.
  const std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n";
  auto r = parse(text);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->timings.empty());
  EXPECT_EQ(serialize(*r), text);
}

TEST(Rfc8866_5, StrictRejectsBareLf) {
  std::string lf = kValid;
  std::erase(lf, '\r');
  strict_fails_at(lf, 1, 4);
  auto lenient = parse(lf);
  ASSERT_TRUE(lenient);
  EXPECT_EQ(serialize(*lenient), kValid);  // written back with CRLF
}

TEST(Rfc8866_5, StrictRejectsAMissingFinalLineEnd) {
  std::string text = kValid;
  text.resize(text.size() - 2);
  strict_fails_at(text, 9, 26);
  auto lenient = parse(text);
  ASSERT_TRUE(lenient);
  EXPECT_EQ(serialize(*lenient), kValid);
}

TEST(Rfc8866_5, MixedLineEndsAreLenient) {
  const std::string mixed =
      "v=0\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\nc=IN IP4 192.0.2.1\r\nt=0 0\n"
      "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:0\r\n"
      "a=rtpmap:111 opus/48000/2";
  auto r = parse(mixed);
  ASSERT_TRUE(r);
  EXPECT_EQ(serialize(*r), kValid);
}

TEST(Rfc8866_5, BlankLinesAreLenientOnly) {
  const std::string text = std::string(kValid) + "\r\n\r\n";
  auto lenient = parse(text);
  ASSERT_TRUE(lenient);
  EXPECT_EQ(serialize(*lenient), kValid);
  strict_fails_at(text, 10, 1);
}

TEST(Rfc8866_5, UnknownTypeLettersAreRejected) {
  // RFC 8866 §5: a parser "MUST completely ignore or reject" a description with a type letter
  // it does not understand. This one rejects (there is nowhere to keep the line), in both modes.
  const std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nx=extension\r\n";
  strict_fails_at(text, 5, 1);
  auto lenient = parse(text);
  ASSERT_FALSE(lenient);
  EXPECT_EQ(lenient.error().line, 5u);
  EXPECT_FALSE(parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nA=upper\r\n"));
}

TEST(Rfc8866_5, SessionOnlyLinesAreRejectedInAMedia) {
  auto r = parse(
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
      "s=again\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 6u);
}

TEST(Rfc8866_5, NoSpaceAroundTheEqualsSign) {
  // RFC 8866 §5: "There MUST NOT be any whitespace on either side of the '=' sign."
  auto r = parse("v =0\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 1u);
  EXPECT_EQ(r.error().column, 2u);
  EXPECT_FALSE(parse("v= 0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"));
}

TEST(Rfc8866_5, SingleLinesMayAppearOnce) {
  // The model has room for one of each: a second would be lost, so it is an error.
  for (const char* extra : {"s=again\r\n", "o=- 2 2 IN IP4 192.0.2.2\r\n", "v=0\r\n"}) {
    std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n";
    text += extra;
    text += "t=0 0\r\n";
    EXPECT_FALSE(parse(text)) << extra;
  }
  EXPECT_FALSE(
      parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
            "i=one\r\ni=two\r\n"));
}

TEST(Rfc8866_9, StrictRejectsControlBytesInsideALine) {
  strict_fails_at("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=a\0b\r\nt=0 0\r\n"s, 3, 4);
  strict_fails_at("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=a\rb\r\nt=0 0\r\n", 3, 4);
  // Lenient keeps them: a lone CR is not a line end.
  auto r = parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=a\rb\r\nt=0 0\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->session_name, "a\rb");
}

TEST(Rfc8866_9, StrictRejectsAttributesThatBreakTheirGrammar) {
  const std::string head =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
  // Each line is accepted by a lenient parser and written back unchanged, but breaks its RFC.
  // Structural errors (a missing field, a non-number) leave the line as a GenericAttribute;
  // character-level ones (a keyword, a range, a character class) still fit the typed model
  // exactly, so lenient parsing keeps them typed and leaves the judgement to the caller.
  const struct {
    const char* line;
    std::size_t column;
    bool typed_when_lenient;
  } cases[] = {
      {"a=rtpmap:111 opus/48000/two", 25, false},  // RFC 8866 §6.6 channels
      {"a=rtpmap:300 opus/48000", 10, false},      // RTP payload types are 7 bits
      {"a=rtcp-mux:yes", 11, false},               // RFC 5761 §5.1.1: no value
      {"a=setup:sometimes", 9, true},              // RFC 4145 §4
      {"a=extmap:1/both urn:x", 12, false},        // RFC 8285 §8 direction
      {"a=extmap:0 urn:x", 10, true},              // RFC 8285 §6 id range
      {"a=ice-ufrag:ab", 13, true},                // RFC 8839 §5.4: at least 4 characters
      {"a=fingerprint:sha-256 ab:cd", 23, true},   // RFC 8122 §5: upper-case hex
      {"a=candidate:1 1 udp 1 192.0.2.1 9 host", 34, false},  // RFC 8839 §5.1: no "typ"
      {"a=mid:", 7, false},                       // RFC 8866 §9: attribute-value is 1*byte
      {"a=bad name:x", 3, false},                 // attribute-name = token
      {"a=rid:1 sideways", 9, true},              // RFC 8851 §10
      {"a=simulcast:send a;b send c", 22, true},  // RFC 8853 §5.1: send twice
      {"a=msid:a b c", 11, false},                // RFC 8830 §2: at most two ids
      {"a=ssrc:99999999999 cname:x", 8, false},   // RFC 5576: 32-bit SSRC
      {"a=sctp-port:70000", 13, false},           // RFC 8841 §5.1
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.line);
    const std::string text = head + c.line + "\r\n";
    strict_fails_at(text, 7, c.column);
    auto lenient = parse(text);
    ASSERT_TRUE(lenient) << lenient.error().to_string();
    ASSERT_EQ(lenient->media[0].attributes.size(), 1u);
    EXPECT_EQ(!std::holds_alternative<GenericAttribute>(lenient->media[0].attributes[0]),
              c.typed_when_lenient);
    EXPECT_EQ(serialize(*lenient), text);
  }
}

TEST(Rfc8866_9, ErrorMessagesNameTheAttribute) {
  auto r = parse(std::string(kValid) + "a=rtpmap:111 opus/abc\r\n", {.strict = true});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("a=rtpmap"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("clock rate"), std::string::npos) << r.error().message;
}

}  // namespace
