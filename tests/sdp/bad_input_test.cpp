// Bad input: every error is an Error value with a line, a column and a reason; nothing
// crashes, nothing reads out of bounds (run these under ASan/UBSan too), nothing takes more
// than linear time. And whatever is accepted round-trips: serialize(parse(x)) parses back to
// the same model (the property fuzz/sdp_fuzz.cpp checks on random inputs).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

#include "corpus.hpp"

namespace {

using namespace rtc::sdp;

std::string offer() {
  return rtc::sdp::test::read_file(std::filesystem::path(RTC_SOURCE_DIR) / "bench" / "data" /
                                   "chromium-offer-6k.sdp");
}

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// The contract for any input: an Error that points inside the text, or a model that survives
// serialize -> parse unchanged.
void check_any_input(const std::string& text, ParseOptions options) {
  auto parsed = parse(text, options);
  // parse_into() over whatever the previous input left (even a partial description after an
  // error) agrees with parse(): same verdict, same model.
  static SessionDescription reused;
  auto into = parse_into(text, reused, options);
  EXPECT_EQ(into.has_value(), parsed.has_value());
  if (into && parsed) {
    EXPECT_EQ(reused, *parsed);
  }
  if (!parsed) {
    const auto& e = parsed.error();
    EXPECT_EQ(e.code, rtc::Errc::malformed);
    EXPECT_FALSE(e.message.empty());
    ASSERT_TRUE(e.line);
    ASSERT_TRUE(e.column);
    EXPECT_GE(*e.line, 1u);
    EXPECT_LE(*e.line, count_lines(text) + 1);
    EXPECT_GE(*e.column, 1u);
    return;
  }
  const std::string once = serialize(*parsed);
  auto again = parse(once, options);
  ASSERT_TRUE(again) << again.error().to_string() << "\nserialized:\n" << once;
  EXPECT_EQ(*again, *parsed);
  EXPECT_EQ(serialize(*again), once);
}

TEST(Rfc8866_5, EmptyAndBlankInputAreErrors) {
  for (const char* text : {"", "\r\n", "\n\n\n", "\r\n\r\n"}) {
    auto r = parse(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().line, 1u);
  }
}

TEST(Rfc8866_5, NotAnSdpAtAll) {
  for (const char* text :
       {"hello", "{\"type\":\"offer\"}", "=0", "v", " v=0", "\x01\x02\x03", "<html>", "v=0\r\no"}) {
    SCOPED_TRACE(text);
    auto r = parse(text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().line, text[0] == 'v' && text[1] == '=' ? 2u : 1u);
    check_any_input(text, {.strict = true});
  }
}

TEST(Rfc8866_5, ErrorToStringNamesLineAndColumn) {
  auto r = parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 x\r\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().to_string(), "malformed at line 4, column 5: t=: stop time must be a number");
}

TEST(Rfc8866_5, EveryTruncationOfARealOfferIsHandled) {
  const std::string text = offer();
  ASSERT_FALSE(text.empty());
  for (std::size_t size = 0; size <= text.size(); ++size) {
    check_any_input(text.substr(0, size), {});
    check_any_input(text.substr(0, size), {.strict = true});
    if (HasFatalFailure()) return;
  }
}

TEST(Rfc8866_5, RandomMutationsOfARealOfferAreHandled) {
  const std::string text = offer();
  std::mt19937 random(20240601);  // fixed seed: the same inputs on every run
  using namespace std::string_literals;
  const std::string interesting = " :/=\r\n\0\xff-0123456789a*;,~."s;
  for (int round = 0; round < 3000; ++round) {
    std::string mutated = text;
    const int edits = 1 + static_cast<int>(random() % 8);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % mutated.size();
      switch (random() % 4) {
        case 0:
          mutated[at] = interesting[random() % interesting.size()];
          break;
        case 1:
          mutated.erase(at, 1 + random() % 20);
          break;
        case 2:
          mutated.insert(at, 1, interesting[random() % interesting.size()]);
          break;
        case 3:
          mutated.insert(at, mutated.substr(random() % mutated.size(), random() % 60));
          break;
      }
      if (mutated.empty()) mutated = "v";
    }
    SCOPED_TRACE(round);
    check_any_input(mutated, {});
    check_any_input(mutated, {.strict = true});
    if (HasFatalFailure()) return;
  }
}

TEST(Rfc8866_5, HugeNumbersAreErrorsOrVerbatimNotOverflows) {
  const std::string head = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
  EXPECT_FALSE(parse("v=0\r\no=- 1 18446744073709551616 IN IP4 x\r\ns=-\r\nt=0 0\r\n"));
  EXPECT_TRUE(parse("v=0\r\no=- 1 18446744073709551615 IN IP4 x\r\ns=-\r\nt=0 0\r\n"));
  EXPECT_FALSE(parse("v=99999999999999999999999\r\n"));
  EXPECT_FALSE(parse(head + "m=audio 99999999999999999999999999 RTP/AVP 0\r\n"));
  EXPECT_FALSE(parse(head + "b=AS:99999999999999999999999999\r\n"));
  auto big_pt = parse(head + "m=audio 9 RTP/AVP 0\r\na=rtpmap:99999999999999999999 x/1\r\n");
  ASSERT_TRUE(big_pt);
  EXPECT_TRUE(std::holds_alternative<GenericAttribute>(big_pt->media[0].attributes[0]));
}

TEST(Rfc8866_5, VeryLongLinesAndManyLinesTakeLinearTime) {
  std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
  text += "a=x-long:" + std::string(1 << 20, 'x') + "\r\n";  // a 1 MiB attribute
  text += "m=audio 9 RTP/AVP";
  for (int i = 0; i < 20000; ++i) text += " " + std::to_string(i % 128);  // 20000 formats
  text += "\r\n";
  for (int i = 0; i < 50000; ++i) text += "a=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n";
  for (int i = 0; i < 2000; ++i) text += "m=video 9 RTP/AVP 96\r\n";  // many sections
  auto r = parse(text, {.strict = false});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->media.size(), 2001u);
  EXPECT_EQ(r->media[0].attributes.size(), 50000u);
  EXPECT_EQ(serialize(*r), text);
}

TEST(Rfc8866_5, CandidateWithHundredsOfExtensions) {
  std::string line = "a=candidate:1 1 udp 1 192.0.2.1 9 typ host";
  for (int i = 0; i < 500; ++i) line += " k" + std::to_string(i) + " v";
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n" + line + "\r\n";
  auto r = parse(text);
  ASSERT_TRUE(r);
  ASSERT_TRUE(std::holds_alternative<Candidate>(r->media[0].attributes[0]));
  EXPECT_EQ(std::get<Candidate>(r->media[0].attributes[0]).extensions.size(), 500u);
  EXPECT_EQ(serialize(*r), text);
}

TEST(Rfc8866_5, EveryByteValueInAValue) {
  // Lenient parsing keeps any byte but LF in a value (and a CR that ends the line); strict
  // parsing refuses NUL and CR. Either way: no crash, and what is accepted round-trips.
  for (int b = 0; b < 256; ++b) {
    std::string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\na=x-byte:";
    text += static_cast<char>(b);
    text += "\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 192.0.2.";
    text += static_cast<char>(b);
    text += " 9 typ host\r\n";
    SCOPED_TRACE(b);
    check_any_input(text, {});
    check_any_input(text, {.strict = true});
  }
}

TEST(Rfc8866_5, ParseCandidateNeverThrowsOnGarbage) {
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    std::string s = "candidate:";
    const int n = static_cast<int>(random() % 80);
    for (int k = 0; k < n; ++k) s += "0 1aZ.:-typ raddr\r"[random() % 18];
    auto c = parse_candidate(s);
    if (c) {
      EXPECT_TRUE(parse_candidate(c->to_string()));
    } else {
      EXPECT_TRUE(c.error().column);
    }
  }
}

}  // namespace
