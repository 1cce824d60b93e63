// The server against clients no one here wrote: the `ws` npm package and the official
// socket.io-client (tests/signaling/node/*.js), each scenario a node process against an
// in-process server on an ephemeral port.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace rtc::signaling {
namespace {

using testing::RunningServer;

void run_scenario(const char* script, const char* scenario) {
  if (!testing::have_program("node")) GTEST_SKIP() << "node is not installed";
  RunningServer s;
  std::string output;
  const int status = testing::run(std::string("node ") + RTC_TEST_DATA_DIR + "/signaling/node/" +
                                      script + " " + std::to_string(s.port) + " " + scenario,
                                  output);
  EXPECT_EQ(status, 0) << output;
}

class WsInterop : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (!testing::have_node_module("ws")) GTEST_SKIP() << "npm package ws missing (bootstrap)";
  }
};

TEST_P(WsInterop, Scenario) {
  run_scenario("ws_scenarios.js", GetParam());
}

INSTANTIATE_TEST_SUITE_P(Rfc6455, WsInterop,
                         ::testing::Values("relay", "isolation", "fragmentation", "ping",
                                           "close_codes", "oversized", "invalid_utf8", "binary",
                                           "bad_json", "unmasked", "bad_control_frames",
                                           "bad_upgrades", "origin", "static_files", "rate_limit",
                                           "burst"),
                         [](const auto& info) { return std::string(info.param); });

class SocketIoInterop : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (!testing::have_node_module("socket.io-client")) {
      GTEST_SKIP() << "npm package socket.io-client missing (bootstrap)";
    }
  }
};

TEST_P(SocketIoInterop, Scenario) {
  run_scenario("socketio_scenarios.js", GetParam());
}

INSTANTIATE_TEST_SUITE_P(SocketIo5, SocketIoInterop,
                         ::testing::Values("relay", "mixed", "isolation", "heartbeat",
                                           "bad_namespace", "bad_event"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace rtc::signaling
