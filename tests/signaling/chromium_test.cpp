// Headless Chromium's own WebSocket against the server, and the demo page in two tabs
// (tests/signaling/node/chromium_scenarios.js, driven by playwright-core).
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace rtc::signaling {
namespace {

TEST(ChromiumInterop, WebSocketAndDemoPage) {
  if (!testing::have_program("chromium")) GTEST_SKIP() << "chromium is not installed";
  if (!testing::have_program("node") || !testing::have_node_module("playwright-core")) {
    GTEST_SKIP() << "node or playwright-core missing (bootstrap)";
  }
  auto options = testing::test_server_options();
  options.ping_interval = milliseconds(100);  // keepalive pings the browser must answer
  options.idle_timeout = milliseconds(400);
  options.max_messages_per_second = 100;
  options.allowed_origins.clear();  // the page's origin is http://127.0.0.1:<ephemeral port>
  testing::RunningServer s(options);
  std::string output;
  const int status =
      testing::run(std::string("node ") + RTC_TEST_DATA_DIR +
                       "/signaling/node/chromium_scenarios.js " + std::to_string(s.port),
                   output, 40);
  EXPECT_EQ(status, 0) << output;
}

}  // namespace
}  // namespace rtc::signaling
