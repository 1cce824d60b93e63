// Line ends (RFC 8866 §5: "<type>=<value>" lines separated by CRLF; a lone LF is accepted when
// parsing leniently) at every position of the text, through the public parser.
//
// The parser finds the line ends 64 bytes at a time (one bit per '\n' of a block); the last,
// partial block of a text of 64 bytes or more is read as the 64 bytes that end with the text,
// shifted, and a text under 64 bytes one byte at a time. So these tests grow one line byte by
// byte, moving every line end after it across the block boundaries, with and without a final
// line end, with CRLF and with LF.
#include <gtest/gtest.h>

#include <string>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

using namespace rtc::sdp;

// A valid SDP whose session name has `pad` letters, followed by `tail_lines` short attributes
// (so that several line ends fall in the last block), lines ending with `eol`.
std::string sdp_with(std::size_t pad, int tail_lines, const std::string& eol, bool final_eol) {
  std::string text = "v=0" + eol + "o=- 1 1 IN IP4 127.0.0.1" + eol +
                     "s=" + std::string(pad + 1, 'x') + eol + "t=0 0" + eol;
  for (int i = 0; i < tail_lines; ++i) text += "a=x" + std::to_string(i) + eol;
  if (!final_eol) text.resize(text.size() - eol.size());
  return text;
}

TEST(LineEnds, EveryLineIsFoundAtEveryOffset) {
  for (const std::string eol : {"\r\n", "\n"}) {
    for (const bool final_eol : {true, false}) {
      for (int tail_lines = 0; tail_lines <= 6; ++tail_lines) {
        for (std::size_t pad = 0; pad <= 140; ++pad) {
          const std::string text = sdp_with(pad, tail_lines, eol, final_eol);
          SCOPED_TRACE(testing::Message() << "size " << text.size() << ", " << tail_lines
                                          << " attributes, final line end " << final_eol
                                          << ", LF only " << (eol == "\n"));
          auto parsed = parse(text);
          ASSERT_TRUE(parsed) << parsed.error().to_string();
          EXPECT_EQ(parsed->session_name, std::string(pad + 1, 'x'));
          ASSERT_EQ(parsed->attributes.size(), static_cast<std::size_t>(tail_lines));
          for (int i = 0; i < tail_lines; ++i) {
            const auto* generic = std::get_if<GenericAttribute>(&parsed->attributes[i]);
            ASSERT_NE(generic, nullptr);
            EXPECT_EQ(generic->name, "x" + std::to_string(i));
          }
          // What the serializer writes (CRLF, a final line end) is the CRLF text itself.
          EXPECT_EQ(serialize(*parsed), sdp_with(pad, tail_lines, "\r\n", true));
        }
      }
    }
  }
}

TEST(LineEnds, BlankLinesNearTheEndAreSkippedWhenLenient) {
  for (std::size_t pad = 0; pad <= 70; ++pad) {
    const std::string clean = sdp_with(pad, 2, "\r\n", true);
    auto parsed = parse(clean + "\r\n\n\r\n");
    ASSERT_TRUE(parsed) << "size " << clean.size();
    EXPECT_EQ(serialize(*parsed), clean);
    EXPECT_FALSE(parse(clean + "\r\n", {.strict = true})) << "size " << clean.size();
  }
}

}  // namespace
