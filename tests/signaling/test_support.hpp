// Shared by the signaling tests that start a real server: run it in-process on an ephemeral
// port, run an external program (node, chromium) with a hard time limit, and skip only when
// the program is truly not installed.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "rtc/signaling/server.hpp"

namespace rtc::signaling::testing {

// The server the interop tests talk to: small limits so that the limit scenarios are quick.
inline ServerOptions test_server_options() {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.web_root = RTC_SOURCE_DIR "/signaling/web";
  o.allowed_origins = {"http://allowed.example"};
  o.max_messages_per_second = 1;
  o.message_burst = 20;
  o.socketio_ping_interval = milliseconds(200);
  o.socketio_ping_timeout = milliseconds(2000);
  o.tick = milliseconds(20);
  return o;
}

struct RunningServer {
  explicit RunningServer(ServerOptions options = test_server_options())
      : server(std::move(options)) {
    auto p = server.listen();
    EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().to_string());
    port = p.value_or(0);
    server.start();
  }
  ~RunningServer() { server.stop(); }
  Server server;
  std::uint16_t port = 0;
};

inline bool have_program(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

inline bool have_node_module(const std::string& name) {
  return std::filesystem::exists(std::string(RTC_TEST_DATA_DIR) + "/node/node_modules/" + name +
                                 "/package.json");
}

// Runs a shell command under `timeout` (so nothing outlives the test), returns its exit
// status and puts stdout+stderr in `output`.
inline int run(const std::string& command, std::string& output, int seconds = 30) {
  const std::string wrapped = "timeout -k 2 " + std::to_string(seconds) + " " + command + " 2>&1";
  FILE* pipe = popen(wrapped.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace rtc::signaling::testing
