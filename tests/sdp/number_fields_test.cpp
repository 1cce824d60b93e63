// Decimal fields (RFC 8866 §9: 1*DIGIT) and short text fields at every length, through the
// public parser.
//
// The parser reads a number eight digits at a time, and copies a field shorter than 16 bytes as
// one 16-byte block, loading bytes past the field (sdp/src/text.hpp: kPadding). A field on the
// last line is read from a padded copy, one on a line that more lines follow in place. So each
// test puts the field in both places, and tries every length around those block sizes.
#include <gtest/gtest.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

using namespace rtc::sdp;

const std::string kHead =
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n";
const std::string kMore = "a=sctp-port:5000\r\na=mid:0\r\n";

// `line` (without "a=" and CRLF) as the last line of an SDP, or followed by more lines.
std::string sdp_with(const std::string& line, bool last) {
  return kHead + "a=" + line + "\r\n" + (last ? "" : kMore);
}

// The attribute `line` parsed in an SDP (leniently or strictly): the media section's first
// attribute, or nullopt with the parse error's text in `error`.
std::optional<Attribute> attribute_in(const std::string& line, bool last, bool strict,
                                      std::string* error = nullptr) {
  auto parsed = parse(sdp_with(line, last), {.strict = strict});
  if (!parsed) {
    if (error) *error = parsed.error().to_string();
    return std::nullopt;
  }
  EXPECT_EQ(serialize(*parsed), sdp_with(line, last)) << line;
  return parsed->media.at(0).attributes.at(0);
}

// n digits, none of them a leading zero: 1, 12, 123, ... 1234567890123456789, 12345678901...
std::string digits(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += static_cast<char>('1' + (i * 7 + 3 * (i / 9)) % 9);
  return out;
}

TEST(Rfc8866_9, NumbersOfEveryLengthAreReadExactly) {
  // max-message-size is a 64-bit number (RFC 8841 §6.1): 1 to 19 digits fit, 20 may not.
  for (const bool last : {true, false}) {
    for (std::size_t n = 1; n <= 22; ++n) {
      const std::string text = digits(n);
      std::uint64_t expected = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), expected);
      const auto attribute = attribute_in("max-message-size:" + text, last, false);
      ASSERT_TRUE(attribute) << text;
      if (ec == std::errc{}) {
        const auto* typed = std::get_if<MaxMessageSize>(&*attribute);
        ASSERT_NE(typed, nullptr) << text << (last ? " (last line)" : "");
        EXPECT_EQ(typed->bytes, expected) << text << (last ? " (last line)" : "");
      } else {
        // Too big for the model: kept as it was written (valid SDP all the same).
        EXPECT_TRUE(std::holds_alternative<GenericAttribute>(*attribute)) << text;
      }
    }
  }
}

TEST(Rfc8866_9, TheLargestNumbersOfEachWidthAndOneMore) {
  struct Case {
    std::string line;
    bool typed;
  };
  const std::vector<Case> cases = {
      {"max-message-size:18446744073709551615", true},  // 2^64 - 1
      {"max-message-size:18446744073709551616", false},
      {"max-message-size:99999999999999999999", false},
      {"ssrc:4294967295 cname:x", true},  // 2^32 - 1
      {"ssrc:4294967296 cname:x", false},
      {"ssrc:9999999999 cname:x", false},
      {"rtcp:65535", true},
      {"rtcp:65536", false},
      {"rtcp:99999", false},
      {"rtpmap:127 opus/48000/2", true},
      {"rtpmap:128 opus/48000/2", false},  // RTP payload types are 0-127
      {"rtpmap:255 opus/48000/2", false},
      {"rtpmap:256 opus/48000/2", false},
      {"rtpmap:96 H264/4294967295", true},
      {"rtpmap:96 H264/4294967296", false},
  };
  for (const bool last : {true, false}) {
    for (const auto& c : cases) {
      const auto attribute = attribute_in(c.line, last, false);
      ASSERT_TRUE(attribute) << c.line;
      EXPECT_EQ(!std::holds_alternative<GenericAttribute>(*attribute), c.typed)
          << c.line << (last ? " (last line)" : "");
    }
  }
}

TEST(Rfc8866_9, ANonDigitAnywhereInANumberIsFound) {
  // Every length up to 17 digits, each byte in turn replaced by every byte that is not a digit
  // (but the line ends and the space, which end the field, and NUL, which strict parsing
  // refuses for the whole line first): the eight-digit check must find each of them wherever it
  // is.
  std::vector<char> not_digits;
  for (int b = 1; b < 256; ++b) {
    const char c = static_cast<char>(b);
    if ((c < '0' || c > '9') && c != '\n' && c != '\r' && c != ' ') not_digits.push_back(c);
  }
  for (const bool last : {true, false}) {
    for (std::size_t n = 1; n <= 17; ++n) {
      for (std::size_t at = 0; at < n; ++at) {
        for (const char bad : not_digits) {
          std::string text = digits(n);
          text[at] = bad;
          const std::string line = "max-message-size:" + text;
          // Leniently: valid SDP (a byte-string), kept verbatim.
          const auto attribute = attribute_in(line, last, false);
          ASSERT_TRUE(attribute) << line;
          EXPECT_TRUE(std::holds_alternative<GenericAttribute>(*attribute))
              << n << " digits, byte " << at << (last ? " (last line)" : "");
          // Strictly: an error that names the attribute.
          std::string error;
          EXPECT_FALSE(attribute_in(line, last, true, &error)) << line;
          EXPECT_NE(error.find("max-message-size must be a number"), std::string::npos) << error;
        }
      }
    }
  }
}

TEST(Rfc8866_9, LeadingZerosAreKeptVerbatim) {
  // "007" is 1*DIGIT, but the model would write it back as "7": the line stays as written.
  for (const bool last : {true, false}) {
    for (const std::string number : {"0", "00", "007", "0123456", "01234567", "012345678901"}) {
      const auto attribute = attribute_in("max-message-size:" + number, last, false);
      ASSERT_TRUE(attribute) << number;
      EXPECT_EQ(std::holds_alternative<GenericAttribute>(*attribute), number != "0") << number;
    }
  }
}

TEST(Rfc8866_5, ShortAndLongFieldsAreCopiedWhole) {
  // a=mid and a=ice-ufrag values of every length from 1 to 40 (around the 16-byte copy), on
  // the last line and before more lines, parsed fresh and into a description whose strings held
  // longer and shorter values before.
  SessionDescription reused;
  for (const bool last : {true, false}) {
    for (std::size_t n = 1; n <= 40; ++n) {
      std::string value;
      for (std::size_t i = 0; i < n; ++i) value += static_cast<char>('a' + (i * 5 + n) % 26);
      for (const std::string name : {"mid", "ice-ufrag"}) {
        const std::string text = sdp_with(name + ":" + value, last);
        auto fresh = parse(text);
        ASSERT_TRUE(fresh) << text;
        ASSERT_TRUE(parse_into(text, reused)) << text;
        EXPECT_EQ(reused, *fresh) << name << " of " << n << " bytes";
        EXPECT_EQ(serialize(reused), text);
        const Attribute& attribute = reused.media.at(0).attributes.at(0);
        if (name == "mid") {
          ASSERT_TRUE(std::holds_alternative<Mid>(attribute));
          EXPECT_EQ(std::get<Mid>(attribute).value, value);
        }
      }
    }
  }
}

}  // namespace
