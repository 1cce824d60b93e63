// RFC 3629 §4 (and RFC 6455 §8.1, which needs it incrementally): the UTF-8 validator.
#include "rtc/signaling/utf8.hpp"

#include <gtest/gtest.h>

namespace rtc::signaling {
namespace {

TEST(Rfc3629_4, AcceptsWellFormed) {
  for (std::string_view s : {"", "plain ASCII", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80",
                             "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80",
                             "\xf4\x8f\xbf\xbf", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"}) {
    EXPECT_TRUE(is_valid_utf8(s)) << s;
  }
}

TEST(Rfc3629_4, RejectsIllFormed) {
  for (std::string_view s :
       {"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80",
        "\xed\xbf\xbf", "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80",
        "\xf5\x80\x80\x80", "\xff", "\xc2", "\xe2\x82", "\xf0\x9f\x98", "a\xc2z"}) {
    EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(s);
  }
}

TEST(Rfc6455_8_1, ValidatesAcrossFeeds) {
  const std::string_view euro = "\xe2\x82\xac";
  Utf8Validator v;
  EXPECT_TRUE(v.feed(euro.substr(0, 1)));
  EXPECT_FALSE(v.complete());
  EXPECT_TRUE(v.feed(euro.substr(1, 1)));
  EXPECT_TRUE(v.feed(euro.substr(2)));
  EXPECT_TRUE(v.complete());
}

TEST(Rfc6455_8_1, FailsAtTheFirstBadByte) {
  Utf8Validator v;
  EXPECT_TRUE(v.feed(std::string_view("\xed")));
  EXPECT_FALSE(v.feed(std::string_view("\xa0")));  // a surrogate: known bad at its 2nd byte
  EXPECT_TRUE(v.failed());
  EXPECT_FALSE(v.feed(std::string_view("a")));
}

// Every two-byte input decides the same as a reference decoder built from the table.
TEST(Rfc3629_4, ExhaustiveTwoBytePrefixes) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const char s[2] = {static_cast<char>(a), static_cast<char>(b)};
      bool expected;
      if (a < 0x80)
        expected = b < 0x80;
      else if (a >= 0xC2 && a <= 0xDF)
        expected = b >= 0x80 && b <= 0xBF;
      else
        expected = false;  // incomplete or invalid
      EXPECT_EQ(is_valid_utf8(std::string_view(s, 2)), expected) << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace rtc::signaling
