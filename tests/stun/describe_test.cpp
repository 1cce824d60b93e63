// What `rtc stun decode` prints (describe.hpp): every field named with its RFC section, integrity
// and fingerprint checked, JSON for machines, and a clear account of broken messages.
#include <gtest/gtest.h>

#include "rtc/stun/describe.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Describe, SampleRequestWithTheRightPassword) {
  auto d = describe(test::sample_request(), {.password = std::string(test::kSamplePassword)});
  EXPECT_TRUE(d.ok());
  EXPECT_TRUE(d.message_integrity.checked);
  EXPECT_TRUE(d.message_integrity.ok);
  EXPECT_TRUE(d.fingerprint.ok);
  ASSERT_EQ(d.attributes.size(), 6u);
  EXPECT_EQ(d.attributes[0].name, "SOFTWARE");
  EXPECT_EQ(d.attributes[0].value, "\"STUN test client\"");
  EXPECT_EQ(d.attributes[0].rfc, "RFC 8489 §14.14");
  EXPECT_EQ(d.attributes[3].value, "\"evtj:h6vY\"");
  EXPECT_EQ(d.attributes[3].padding, 3u);
  auto text = to_text(d);
  for (std::string_view s :
       {"Binding request", "0x2112A442", "b7e7a701bc34d686fa87dfae", "PRIORITY", "RFC 8445 §16.1",
        "ICE-CONTROLLED", "USERNAME", "MESSAGE-INTEGRITY", "verified", "FINGERPRINT", "result: OK",
        "RFC 8489 §14.5", "RFC 8489 §14.7", "short-term"}) {
    EXPECT_TRUE(contains(text, s)) << s << "\n" << text;
  }
}

TEST(Describe, WrongPasswordFails) {
  auto d = describe(test::sample_request(), {.password = std::string("wrong")});
  EXPECT_FALSE(d.ok());
  EXPECT_TRUE(d.message_integrity.checked);
  EXPECT_FALSE(d.message_integrity.ok);
  EXPECT_TRUE(contains(to_text(d), "result: FAILED"));
}

TEST(Describe, NoPasswordStillChecksTheFingerprint) {
  auto d = describe(test::sample_ipv6_response());
  EXPECT_TRUE(d.ok());
  EXPECT_FALSE(d.message_integrity.checked);
  EXPECT_TRUE(contains(to_text(d), "[2001:db8:1234:5678:11:2233:4455:6677]:32853"));
  Bytes bad = test::sample_ipv6_response();
  bad.back() ^= 1;
  EXPECT_FALSE(describe(bad).ok());
}

TEST(Describe, LongTermKeyWhenTheMessageHasARealm) {
  auto d = describe(test::sample_long_term_request(),
                    {.password = std::string(test::kLongTermPassword)});
  EXPECT_TRUE(d.ok()) << to_text(d);
  EXPECT_TRUE(contains(d.credential, "long-term"));
  EXPECT_TRUE(contains(to_text(d), "マトリックス"));
}

TEST(Describe, BrokenMessageIsDescribedUpToTheDamage) {
  Bytes bytes = test::sample_request();
  bytes[62] = 0x01;  // USERNAME runs past the end
  auto d = describe(bytes);
  EXPECT_FALSE(d.ok());
  EXPECT_FALSE(d.well_formed);
  EXPECT_TRUE(contains(d.error, "at byte 60")) << d.error;
  EXPECT_EQ(d.attributes.size(), 3u);  // SOFTWARE, PRIORITY, ICE-CONTROLLED
  auto tiny = describe(test::hex("0001"));
  EXPECT_FALSE(tiny.ok());
  EXPECT_FALSE(tiny.has_header);
}

TEST(Describe, Json) {
  auto json = to_json(
      describe(test::sample_ipv4_response(), {.password = std::string(test::kSamplePassword)}));
  for (std::string_view s :
       {"\"ok\": true", "\"class\": \"success response\"", "\"method_name\": \"Binding\"",
        "\"name\": \"XOR-MAPPED-ADDRESS\"", "192.0.2.1:32853",
        "\"message_integrity\": {\"present\": true, "
        "\"checked\": true, \"ok\": true"}) {
    EXPECT_TRUE(contains(json, s)) << s << "\n" << json;
  }
  auto bad = to_json(describe(test::hex("00010004 2112a442 000000000000000000000000 00\"0 0000")));
  EXPECT_TRUE(contains(bad, "\"ok\": false"));
}

TEST(Describe, ReadsHexWithCommentsOrBinary) {
  auto hex = read_message_input(
      "# RFC 5769 2.2\n01 01 00 3c  # type, length\n21:12:a4:42 b7e7a701bc34d686fa87dfae\n");
  ASSERT_TRUE(hex) << hex.error().to_string();
  EXPECT_EQ(to_hex(*hex), "0101003c2112a442b7e7a701bc34d686fa87dfae");
  const Bytes binary = test::sample_request();
  auto raw = read_message_input(as_string_view(binary));
  ASSERT_TRUE(raw);
  EXPECT_EQ(*raw, binary);
  EXPECT_FALSE(read_message_input("not hex at all"));
  auto utf8_comment = read_message_input("# RFC 5769 §2.1\n0001");
  ASSERT_TRUE(utf8_comment);
  EXPECT_EQ(to_hex(*utf8_comment), "0001");
}

// The hex files in tests/stun/data (for people and for the CLI test) hold the RFC's bytes.
TEST(Describe, SampleHexFilesMatchTheVectors) {
  auto read = [](const char* name) {
    Bytes text = test::read_file(test::data_path(name));
    auto bytes = read_message_input(as_string_view(text));
    return bytes ? *bytes : Bytes{};
  };
  EXPECT_EQ(read("rfc5769_2_1_request.hex"), test::sample_request());
  EXPECT_EQ(read("rfc5769_2_2_ipv4_response.hex"), test::sample_ipv4_response());
  EXPECT_EQ(read("rfc5769_2_3_ipv6_response.hex"), test::sample_ipv6_response());
  EXPECT_EQ(read("rfc5769_2_4_long_term_request.hex"), test::sample_long_term_request());
}

}  // namespace
}  // namespace rtc::stun
