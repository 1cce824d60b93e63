// RFC 6455 §1.3 and §4: the opening handshake, including the RFC's own worked example.
#include "rtc/signaling/websocket_handshake.hpp"

#include <gtest/gtest.h>

namespace rtc::signaling::ws {
namespace {

http::Request parse(std::string_view head) {
  auto r = http::parse_request_head(head);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().to_string());
  return r.value_or(http::Request{});
}

constexpr std::string_view kRfcRequest =
    "GET /chat HTTP/1.1\r\n"
    "Host: server.example.com\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Origin: http://example.com\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "\r\n";

// §1.3: "dGhlIHNhbXBsZSBub25jZQ==" + GUID -> SHA-1 -> base64 "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=".
TEST(Rfc6455_1_3, AcceptKeyOfTheRfcExample) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(Rfc6455_1_3, ServerAnswersTheRfcExampleRequest) {
  UpgradeResult r = validate_upgrade(parse(kRfcRequest), {});
  EXPECT_EQ(r.status, 101);
  auto response = http::parse_response_head(r.response);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 101);
  EXPECT_TRUE(response->has_token("Upgrade", "websocket"));
  EXPECT_TRUE(response->has_token("Connection", "Upgrade"));
  ASSERT_NE(response->get("Sec-WebSocket-Accept"), nullptr);
  EXPECT_EQ(*response->get("Sec-WebSocket-Accept"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  EXPECT_EQ(response->get("Sec-WebSocket-Extensions"), nullptr);  // none negotiated
  EXPECT_TRUE(validate_server_response(*response, "dGhlIHNhbXBsZSBub25jZQ==").has_value());
}

TEST(Rfc6455_4_2_1, HeaderNamesAndTokensAreCaseInsensitive) {
  auto r = validate_upgrade(parse("GET /ws HTTP/1.1\r\nhost: h\r\nupgrade: WebSocket\r\n"
                                  "connection: keep-alive, UPGRADE\r\n"
                                  "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                  "sec-websocket-version: 13\r\n\r\n"),
                            {});
  EXPECT_EQ(r.status, 101);
}

struct BadUpgrade {
  const char* name;
  std::string head;
  int status;
};

class Rfc6455_4_2_1_Refusals : public ::testing::TestWithParam<BadUpgrade> {};

TEST_P(Rfc6455_4_2_1_Refusals, AnswersWithTheRightStatus) {
  const auto& p = GetParam();
  EXPECT_EQ(validate_upgrade(parse(p.head), {{"http://good.example"}}).status, p.status);
}

std::string with(std::string_view line) {
  std::string s = "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
  s += line;
  s += "\r\n";
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    All, Rfc6455_4_2_1_Refusals,
    ::testing::Values(
        BadUpgrade{"NoKey", with("Sec-WebSocket-Version: 13\r\n"), 400},
        BadUpgrade{"ShortKey", with("Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n"),
                   400},
        BadUpgrade{
            "KeyNotBase64",
            with("Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!!=\r\nSec-WebSocket-Version: 13\r\n"),
            400},
        BadUpgrade{
            "Version8",
            with("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n"),
            426},
        BadUpgrade{"NoVersion", with("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"), 426},
        BadUpgrade{"ForeignOrigin",
                   with("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
                        "13\r\nOrigin: http://evil.example\r\n"),
                   403},
        BadUpgrade{
            "Post",
            "POST /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            400},
        BadUpgrade{
            "Http10",
            "GET /ws HTTP/1.0\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            400},
        BadUpgrade{
            "NoHost",
            "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            400}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Rfc6455_4_2_1, AllowedOriginPasses) {
  auto r = validate_upgrade(
      parse(with("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
                 "13\r\nOrigin: http://good.example\r\n")),
      {{"http://good.example"}});
  EXPECT_EQ(r.status, 101);
}

TEST(Rfc6455_4_4, UnsupportedVersionListsOurs) {
  auto r = validate_upgrade(
      parse(with("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n")),
      {});
  auto response = http::parse_response_head(r.response.substr(0, r.response.find("\r\n\r\n") + 4));
  ASSERT_TRUE(response.has_value());
  ASSERT_NE(response->get("Sec-WebSocket-Version"), nullptr);
  EXPECT_EQ(*response->get("Sec-WebSocket-Version"), "13");
}

TEST(Rfc6455_4_1, ClientRejectsWrongAccept) {
  auto response = http::parse_response_head(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n");
  ASSERT_TRUE(response.has_value());
  EXPECT_FALSE(validate_server_response(*response, "dGhlIHNhbXBsZSBub25jZQ==").has_value());
}

TEST(Rfc6455_4_1, ClientKeyIs16RandomBytes) {
  SeededRandom random(7);
  const std::string key = make_client_key(random);
  EXPECT_EQ(key.size(), 24u);
  const std::string request = make_client_request("127.0.0.1:80", "/ws", key);
  auto parsed = http::parse_request_head(request);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(validate_upgrade(*parsed, {}).status, 101);
}

}  // namespace
}  // namespace rtc::signaling::ws
