// rtc signal: run the signaling server (signaling/): the demo page, the JSON rooms protocol on
// /ws, and Socket.IO on /socket.io/.
#include <iostream>

#include "command.hpp"
#include "rtc/signaling/server.hpp"

namespace {

struct SignalOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string web;
  std::vector<std::string> origins;
  std::string token;
  std::size_t max_peers = 16;
  std::size_t max_rooms = 10000;
  std::size_t max_connections = 20000;
  double rate = 50;
  bool quiet = false;
};

void setup(CLI::App& app, rtc::cli::Context& context) {
  static SignalOptions o;
  auto* cmd = app.add_subcommand(
      "signal",
      "Signaling server: WebSocket (RFC 6455) rooms on /ws, Socket.IO v5 on /socket.io/, and the "
      "demo page on /");
  cmd->add_option("--port", o.port, "TCP port (0: any free port)")->capture_default_str();
  cmd->add_option("--host", o.host, "Address to listen on (0.0.0.0 for every interface)")
      ->capture_default_str();
  cmd->add_option("--web", o.web, "Directory of the web page to serve (default: the demo page)");
  cmd->add_option("--origin", o.origins,
                  "Allowed Origin for WebSocket upgrades (repeatable; default: any)");
  cmd->add_option("--token", o.token, "Require this token in every join");
  cmd->add_option("--max-peers", o.max_peers, "Peers per room")->capture_default_str();
  cmd->add_option("--max-rooms", o.max_rooms, "Rooms on the server")->capture_default_str();
  cmd->add_option("--max-connections", o.max_connections, "Open connections")
      ->capture_default_str();
  cmd->add_option("--rate", o.rate, "Messages per second per connection (bursts of 4x)")
      ->capture_default_str();
  cmd->add_flag("--quiet", o.quiet, "Print only the listening line and errors");
  cmd->callback([&context] {
    rtc::signaling::ServerOptions options;
    options.host = o.host;
    options.port = o.port;
    options.web_root = o.web.empty() ? rtc::signaling::default_web_root() : o.web;
    options.allowed_origins = o.origins;
    options.rooms.required_token = o.token;
    options.rooms.max_peers_per_room = o.max_peers;
    options.rooms.max_rooms = o.max_rooms;
    options.max_connections = o.max_connections;
    options.max_messages_per_second = o.rate;
    options.message_burst = o.rate * 4;
    options.handle_signals = true;
    if (!o.quiet)
      options.log = [](std::string_view line) { std::cerr << "rtc signal: " << line << "\n"; };
    rtc::signaling::Server server(options);
    auto port = server.listen();
    if (!port) {
      std::cerr << "rtc signal: " << port.error().to_string() << "\n";
      context.exit_code = 1;
      return;
    }
    // The tests and the load script read this line to learn the port.
    std::cout << "listening on http://" << o.host << ":" << *port << "/ (WebSocket: /ws, "
              << "Socket.IO: /socket.io/, web: " << options.web_root << ")" << std::endl;
    server.run();
    std::cout << "stopped" << std::endl;
  });
}

}  // namespace

RTC_COMMAND(70, setup);
