// Real ICE checks from Chromium (captured by tests/stun/data/capture.sh: two peers in one
// headless Chromium page connecting over 127.0.0.1): they decode, their MESSAGE-INTEGRITY
// verifies with the ice-pwd of the SDP, their FINGERPRINT is right, and the GOOG-NETWORK-INFO
// attribute Chromium adds (0xC057, comprehension-optional, not in the IANA registry) is
// tolerated: a server has nothing to complain about.
#include <gtest/gtest.h>

#include "rtc/stun/credentials.hpp"
#include "rtc/stun/describe.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/server.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

std::string password_for(const std::string& name) {
  Bytes text = test::read_file(test::data_path(name + ".txt"));
  std::string s(text.begin(), text.end());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

class ChromiumCapture : public ::testing::TestWithParam<const char*> {};

TEST_P(ChromiumCapture, DecodesAndVerifies) {
  const std::string name = GetParam();
  const Bytes bytes = test::read_file(test::data_path(name + ".bin"));
  ASSERT_FALSE(bytes.empty()) << "missing " << test::data_path(name + ".bin");
  const std::string password = password_for(name);
  ASSERT_FALSE(password.empty());

  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(m->method(), Method::binding);
  auto keys = IntegrityKeys::short_term(password);
  ASSERT_TRUE(keys);
  EXPECT_TRUE(verify_message_integrity(*m, keys->sha1()));  // RFC 8445 §7.2.2: SHA-1
  EXPECT_TRUE(verify_fingerprint(*m));                      // RFC 8445 §7.2.2: required
  auto wrong = *IntegrityKeys::short_term(password + "x");
  EXPECT_FALSE(verify_message_integrity(*m, wrong.sha1()));

  if (m->is_request()) {
    // RFC 8445 §7.1.1/§7.2.2: USERNAME "receiver:sender", PRIORITY and a role attribute.
    auto username = m->username();
    ASSERT_TRUE(username);
    EXPECT_NE(username->find(':'), std::string_view::npos);
    EXPECT_TRUE(m->priority());
    EXPECT_NE(m->ice_controlling().has_value(), m->ice_controlled().has_value());
    EXPECT_TRUE(m->has(AttributeType::goog_network_info));
    EXPECT_TRUE(unknown_comprehension_required(*m).empty());
  } else {
    EXPECT_TRUE(m->is_success_response());
    EXPECT_TRUE(m->xor_mapped_address());
  }

  auto d = describe(bytes, {.password = password});
  EXPECT_TRUE(d.ok()) << to_text(d);
}

INSTANTIATE_TEST_SUITE_P(Rfc8445_7_2_2, ChromiumCapture,
                         ::testing::Values("chromium_binding_request_controlling",
                                           "chromium_binding_request_controlled",
                                           "chromium_binding_response"));

TEST(Rfc8445_7_2_2, ChromiumControllingCheckNominates) {
  const Bytes bytes = test::read_file(test::data_path("chromium_binding_request_controlling.bin"));
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->ice_controlling());
  EXPECT_TRUE(m->use_candidate());  // this Chromium nominates on every check it sends
}

}  // namespace
}  // namespace rtc::stun
