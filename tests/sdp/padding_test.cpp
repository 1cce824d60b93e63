// The parser reads no byte past the caller's text.
//
// It loads 8, 16 or 64 bytes at a time and relies on padding (sdp/src/text.hpp, kPadding):
// a line it reads in place has at least 64 bytes of the text after it, and the last lines of an
// SDP, and values given on their own (parse_attribute, parse_candidate), are read from a padded
// copy. Here every text sits in a heap buffer of exactly its size, so that in the ASan build,
// which runs these tests too, a load past the end of the caller's text fails the test. Every
// length is tried near the end of the text, where the switch to the copy happens, and every
// length of short texts, which are all "the last lines". The results must not depend on where
// the text is read from.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

#include "corpus.hpp"

namespace {

using namespace rtc::sdp;

// A copy of `text` in a heap buffer of exactly its size: nothing after it may be read.
class ExactBuffer {
 public:
  explicit ExactBuffer(std::string_view text)
      : bytes_(std::make_unique<char[]>(text.size())), size_(text.size()) {
    std::copy(text.begin(), text.end(), bytes_.get());
  }
  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_;
};

// The texts of the corpus.
std::vector<std::string> corpus() {
  std::vector<std::string> texts;
  for (const auto& path : rtc::sdp::test::corpus_files()) {
    texts.push_back(rtc::sdp::test::read_file(path));
  }
  EXPECT_GE(texts.size(), 10u) << "the corpus is missing";
  return texts;
}

// The values of the a= lines of `text` ("rtpmap:111 opus/48000/2").
std::vector<std::string> attribute_values(const std::string& text) {
  std::vector<std::string> values;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with("a=")) values.emplace_back(line.substr(2));
    start = end + 1;
  }
  return values;
}

// The same result, or the same error, as parsing a std::string of the same text.
void expect_same_parse(std::string_view text, const ParseOptions& options) {
  const ExactBuffer exact(text);
  const auto got = parse(exact.view(), options);
  const auto want = parse(std::string(text), options);
  ASSERT_EQ(got.has_value(), want.has_value()) << text;
  if (got) {
    EXPECT_EQ(*got, *want);
    SessionDescription reused = *want;  // parse_into over a description of the same shape
    EXPECT_TRUE(parse_into(exact.view(), reused, options));
    EXPECT_EQ(reused, *want);
  } else {
    EXPECT_EQ(got.error().message, want.error().message);
    EXPECT_EQ(got.error().line, want.error().line);
    EXPECT_EQ(got.error().column, want.error().column);
  }
}

// `parse` (parse_attribute or parse_candidate) of `value` cut at every length, each cut from a
// buffer of exactly its size, gives what it gives for a std::string: each field is, in turn,
// the last of its text.
template <class Parse>
void expect_same_at_every_length(const std::string& value, Parse parse) {
  for (std::size_t length = 0; length <= value.size(); ++length) {
    const std::string_view cut(value.data(), length);
    const ExactBuffer exact(cut);
    const auto got = parse(exact.view());
    const auto same = parse(std::string(cut));
    ASSERT_EQ(got.has_value(), same.has_value()) << cut;
    if (got) {
      EXPECT_EQ(*got, *same) << cut;
    }
  }
}

TEST(Padding, CorpusCutAtEveryLengthNearItsEnd) {
  const auto texts = corpus();
  ASSERT_GE(texts.size(), 10u);
  for (const auto& text : texts) {
    // The last 160 bytes hold the lines read from the padded copy, and the line before them.
    const std::size_t from = text.size() > 160 ? text.size() - 160 : 0;
    for (std::size_t length = from; length <= text.size(); ++length) {
      const std::string_view cut(text.data(), length);
      expect_same_parse(cut, {});
      expect_same_parse(cut, {.strict = true});
    }
  }
}

TEST(Padding, ShortTextsAtEveryLength) {
  const std::string text =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\n"
      "a=candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host generation 0\r\n";
  for (std::size_t length = 0; length <= text.size(); ++length) {
    expect_same_parse(std::string_view(text.data(), length), {});
    expect_same_parse(std::string_view(text.data(), length), {.strict = true});
  }
}

TEST(Padding, LastLineLongerThanTheCopyOnTheStack) {
  // The tail is copied to the stack up to 256 bytes, to the heap beyond.
  const std::string text =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n"
      "a=fmtp:96 x=" +
      std::string(600, 'y') + "\r\n";
  expect_same_parse(text, {});
  const ExactBuffer exact(text);
  const auto parsed = parse(exact.view());
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(serialize(*parsed), text);
}

TEST(Padding, EveryAttributeOfTheCorpusOnItsOwn) {
  for (const auto& text : corpus()) {
    for (const auto& value : attribute_values(text)) {
      const auto want = parse_attribute(value);
      ASSERT_TRUE(want) << value;
      expect_same_at_every_length(value, [](std::string_view v) { return parse_attribute(v); });
      const ExactBuffer exact(value);
      EXPECT_EQ(*parse_attribute(exact.view()), *want);
    }
  }
}

TEST(Padding, EveryCandidateOfTheCorpusOnItsOwn) {
  std::size_t candidates = 0;
  for (const auto& text : corpus()) {
    for (const auto& value : attribute_values(text)) {
      if (!value.starts_with("candidate:")) continue;
      ++candidates;
      expect_same_at_every_length(value, [](std::string_view v) { return parse_candidate(v); });
    }
  }
  EXPECT_GT(candidates, 20u);
}

TEST(Padding, ValuesLongerThanTheCopyOnTheStack) {
  const std::string candidate =
      "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host x-long " + std::string(400, 'z');
  const ExactBuffer exact_candidate(candidate);
  const auto c = parse_candidate(exact_candidate.view());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->extension("x-long"), std::string(400, 'z'));

  const std::string fmtp = "fmtp:96 x=" + std::string(400, 'y');
  const ExactBuffer exact_fmtp(fmtp);
  const auto a = parse_attribute(exact_fmtp.view());
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(serialize_attribute(*a), fmtp);
}

}  // namespace
