// The signaling server: HTTP/1.1 on asio, serving the demo page and upgrading /ws (the JSON
// rooms protocol) and /socket.io/ (Socket.IO v5 over Engine.IO v4's WebSocket transport).
//
// Everything protocol-shaped lives in the sans-IO headers next to this one; server.cpp only
// moves bytes between sockets and those objects, and keeps the clocks: idle timeouts,
// keepalive pings, the closing-handshake timeout. One thread runs the event loop, so the room
// registry needs no locks. The public interface does not mention asio (only server.cpp
// includes it).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/error.hpp"
#include "rtc/common/time.hpp"
#include "rtc/signaling/rooms.hpp"

namespace rtc::signaling {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: an ephemeral port (tests); port() tells which
  std::string web_root;       // directory of static files; empty: no static files
  // RFC 6455 §10.2: browsers send Origin; when this list is non-empty only these may connect.
  std::vector<std::string> allowed_origins;

  std::size_t max_message_size = 64 * 1024;  // RFC 6455 §7.4.1 code 1009 beyond it
  // Bytes waiting to be written to one client. A client that reads too slowly to keep its
  // queue under this is disconnected: memory stays bounded whatever clients do.
  std::size_t max_send_queue = 256 * 1024;
  std::size_t max_connections = 20000;

  milliseconds handshake_timeout{10000};       // to send a complete HTTP request (slowloris)
  milliseconds idle_timeout{60000};            // nothing received for this long: closed
  milliseconds ping_interval{20000};           // WebSocket ping after this much silence (§5.5.2)
  milliseconds close_timeout{3000};            // for the peer to finish the closing handshake
  milliseconds socketio_ping_interval{25000};  // Engine.IO pingInterval
  milliseconds socketio_ping_timeout{20000};   // Engine.IO pingTimeout
  milliseconds tick{250};                      // resolution of all the timers above

  double max_messages_per_second = 50;  // per connection, on average...
  double message_burst = 200;           // ...with bursts up to this many
  RoomsOptions rooms;

  // Stop gracefully on SIGINT/SIGTERM (the CLI sets this; tests do not).
  bool handle_signals = false;
  // Where the server reports connections and errors; null: silent.
  std::function<void(std::string_view)> log;
};

struct ServerStats {
  std::size_t connections = 0;  // open TCP connections, of any kind
  std::size_t websockets = 0;   // of which upgraded (plain and Socket.IO)
  std::size_t rooms = 0;
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t slow_closed = 0;  // closed because their send queue was full
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();  // stop() and wait
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Returns the port (useful with port 0).
  Result<std::uint16_t> listen();
  std::uint16_t port() const;

  // Runs the event loop on this thread until the server has stopped.
  void run();
  // Or: run it on a thread of its own (tests).
  void start();
  // Graceful: stop accepting, send every WebSocket a Close (1001 "going away", RFC 6455
  // §7.4.1), wait up to close_timeout for the closing handshakes, then stop. Thread-safe;
  // after start(), it also joins the thread.
  void stop();

  // Thread-safe snapshot.
  ServerStats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The demo page's directory: the installed copy if there is one, else the source tree's.
std::string default_web_root();

}  // namespace rtc::signaling
