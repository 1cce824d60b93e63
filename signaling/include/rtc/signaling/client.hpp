// A WebSocket client (RFC 6455) of the signaling protocol, on asio, for `rtc peer` and tests.
//
// It masks every frame with a fresh random key (§5.3, §10.3), answers pings, keeps the
// connection alive with its own pings, and when the connection drops it reconnects with
// exponential backoff and jitter, then joins its room again. Like the server, it keeps asio
// out of its interface: everything runs on one thread of its own, and callbacks are called
// there.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "rtc/common/time.hpp"

namespace rtc::signaling {

struct ClientOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string path = "/ws";
  std::string origin;  // sent as Origin when non-empty
  milliseconds initial_backoff{250};
  milliseconds max_backoff{10000};
  int max_attempts = 0;  // consecutive failed attempts before giving up; 0: never give up
  milliseconds connect_timeout{5000};
  milliseconds ping_interval{15000};  // and 2x this without any byte from the server: drop
  std::size_t max_message_size = 1024 * 1024;
  std::size_t max_queued_messages = 256;  // sent while disconnected; beyond: dropped
};

enum class ClientState : std::uint8_t {
  connecting,  // TCP connect and the opening handshake
  open,        // joined again if a room was set; messages flow
  waiting,     // disconnected, waiting for the backoff delay before the next attempt
  closed,      // stopped, or gave up
};
const char* to_string(ClientState state);

class Client {
 public:
  explicit Client(ClientOptions options);
  ~Client();  // stop()
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Set before start(). Called on the client's thread.
  void on_message(std::function<void(const std::string& json)> callback);
  void on_state(std::function<void(ClientState state, std::string_view why)> callback);

  void start();
  // Sends a Close (1000), waits briefly for the server's, and joins the thread.
  void stop();

  // Thread-safe. While the connection is down, messages wait (up to max_queued_messages) and
  // go out after the next open (and after the re-join).
  void send(std::string json);
  // Joins `room` now and again after every reconnect.
  void join(std::string room, std::string token = {});

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rtc::signaling
