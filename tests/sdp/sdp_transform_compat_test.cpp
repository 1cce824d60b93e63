// sdp-transform compatibility, checked against the npm package itself (v3.0.0, run by node):
// for every SDP in tests/sdp/corpus,
//  - to_json(parse(text)) equals JSON.stringify(sdpTransform.parse(text)): as JSON values and
//    as text, byte for byte (key order, numbers, escapes), compact and with indent 2;
//  - serialize(from_json(that JSON)) equals sdpTransform.write(sdpTransform.parse(text)), and
//    its JSON is the same again.
// The oracle is tests/sdp/sdp_transform_dump.js. Without node or the module (installed by
// scripts/bootstrap.sh test) the tests are skipped, saying so.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "rtc/sdp/json.hpp"
#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

#include "corpus.hpp"

namespace {

namespace fs = std::filesystem;
using rtc::sdp::test::corpus_files;
using rtc::sdp::test::read_file;

const fs::path kCorpus = fs::path(RTC_TEST_DATA_DIR) / "sdp" / "corpus";
const fs::path kDump = fs::path(RTC_TEST_DATA_DIR) / "sdp" / "sdp_transform_dump.js";

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct NodeOutput {
  int status = -1;  // 0 ok, 3 sdp-transform missing, 127 node missing
  std::string out;
};

// node sdp_transform_dump.js OPTION FILE
NodeOutput run_dump(const std::string& option, const fs::path& file) {
  const std::string command = "command -v node >/dev/null 2>&1 || exit 127; node " +
                              shell_quote(kDump.string()) + " " + option + " " +
                              shell_quote(file.string()) + " 2>/dev/null";
  NodeOutput result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 65536> buffer;
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// GTEST_SKIP only for a missing oracle; any other failure of node is a test failure.
#define RUN_DUMP_OR_SKIP(var, option, file)                                                   \
  const NodeOutput var = run_dump(option, file);                                              \
  if (var.status == 127) GTEST_SKIP() << "node is not installed (scripts/bootstrap.sh test)"; \
  if (var.status == 3) {                                                                      \
    GTEST_SKIP() << "sdp-transform is not in tests/node/node_modules "                        \
                    "(scripts/bootstrap.sh test installs it)";                                \
  }                                                                                           \
  ASSERT_EQ(var.status, 0) << "node " << kDump << " " << option << " " << file << " failed"

class SdpTransformCompat : public ::testing::TestWithParam<fs::path> {};

TEST_P(SdpTransformCompat, ToJsonIsWhatSdpTransformParses) {
  const auto session = rtc::sdp::parse(read_file(GetParam()));
  ASSERT_TRUE(session) << session.error().to_string();
  RUN_DUMP_OR_SKIP(node, "", GetParam());

  const std::string ours = rtc::sdp::to_json(*session, -1);
  const auto ours_value = nlohmann::json::parse(ours, nullptr, false);
  ASSERT_FALSE(ours_value.is_discarded()) << ours;
  EXPECT_EQ(ours_value, nlohmann::json::parse(node.out)) << "as JSON values";
  EXPECT_EQ(ours, node.out) << "as text (key order, number format, escapes)";
}

TEST_P(SdpTransformCompat, PrettyJsonIsJsonStringifyWithIndent2) {
  const auto session = rtc::sdp::parse(read_file(GetParam()));
  ASSERT_TRUE(session) << session.error().to_string();
  RUN_DUMP_OR_SKIP(node, "--indent=2", GetParam());
  EXPECT_EQ(rtc::sdp::to_json(*session, 2), node.out);
}

// sdp-transform's JSON does not keep the order of attributes of different kinds, nor the lines
// its grammar ignores (k=, unknown b= types), so the SDP that comes back is the one
// sdp-transform's own writer prints, in the grammar's order; for an SDP already in that order
// (an SFU answer written by sdp-transform, the RFC 8866 example) it is the original.
TEST_P(SdpTransformCompat, FromJsonWritesWhatSdpTransformWrites) {
  const auto session = rtc::sdp::parse(read_file(GetParam()));
  ASSERT_TRUE(session) << session.error().to_string();
  RUN_DUMP_OR_SKIP(node, "--write", GetParam());

  const std::string json = rtc::sdp::to_json(*session, -1);
  const auto back = rtc::sdp::from_json(json);
  const auto value = nlohmann::json::parse(json);
  const bool unreadable_m_line =
      std::any_of(value["media"].begin(), value["media"].end(),
                  [](const nlohmann::json& m) { return !m.contains("type"); });
  if (unreadable_m_line) {
    // "m=video 51372/2 RTP/AVP 99" (a port count) is beyond sdp-transform's expression: its
    // JSON has no type, port or protocol, and its writer prints "m=undefined NaN undefined".
    ASSERT_FALSE(back);
    EXPECT_NE(back.error().message.find("m= line"), std::string::npos) << back.error().message;
    return;
  }
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(rtc::sdp::serialize(*back), node.out);
  EXPECT_EQ(nlohmann::json::parse(rtc::sdp::to_json(*back, -1)), value)
      << "the JSON of the written SDP is the same JSON";
}

std::string test_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = fs::relative(info.param, kCorpus).replace_extension().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, SdpTransformCompat, ::testing::ValuesIn(corpus_files()),
                         test_name);

TEST(SdpTransformCompatCorpus, HasTheBrowserCapturesAndHandWrittenShapes) {
  const auto files = corpus_files();
  EXPECT_GE(files.size(), 20u);
  for (const char* required : {"chromium/audio-video-data-offer.sdp", "firefox/audio-offer.sdp",
                               "handwritten/rfc8866-example.sdp"}) {
    EXPECT_TRUE(fs::exists(kCorpus / required)) << required;
  }
}

}  // namespace
