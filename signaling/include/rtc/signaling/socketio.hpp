// Socket.IO v5 over Engine.IO v4's WebSocket transport: the packet codecs, and an adapter
// that turns a Socket.IO client into a peer of the same rooms as the plain WebSocket clients.
//
// Two layers, each a one-character type prefix (see PROTOCOL.md "Socket.IO"):
//
//   Engine.IO v4 (one packet per WebSocket text message)
//     0 open {"sid",...}   1 close   2 ping   3 pong   4 message   5 upgrade   6 noop
//   Socket.IO v5 (inside an Engine.IO "4 message")
//     0 CONNECT  1 DISCONNECT  2 EVENT  3 ACK  4 CONNECT_ERROR  5 BINARY_EVENT  6 BINARY_ACK
//     then an optional "/namespace,", an optional ack id, and JSON.
//
//   42["offer",{"to":"p2","sdp":"v=0..."}]       an event on "/"
//   4217["join",{"room":"r"}]                      the same, asking for acknowledgement 17
//   4317[{"type":"joined","id":"p3",...}]          the server's acknowledgement
//
// Only the WebSocket transport is spoken (/socket.io/?EIO=4&transport=websocket); HTTP
// long-polling is not, so clients set `transports: ["websocket"]`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rtc/common/error.hpp"
#include "rtc/signaling/rooms.hpp"

namespace rtc::signaling::sio {

// ---- Engine.IO v4 ------------------------------------------------------------------------

enum class EngineType : char {
  open = '0',
  close = '1',
  ping = '2',
  pong = '3',
  message = '4',
  upgrade = '5',
  noop = '6',
};

struct EnginePacket {
  EngineType type = EngineType::noop;
  std::string_view data;  // what follows the type character
};
Result<EnginePacket> parse_engine_packet(std::string_view text);

struct OpenParams {
  std::string sid;
  int ping_interval_ms = 25000;
  int ping_timeout_ms = 20000;
  std::size_t max_payload = 64 * 1024;
};
// 0{"sid":"...","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":65536}
std::string encode_open(const OpenParams& params);

// ---- Socket.IO v5 ------------------------------------------------------------------------

enum class PacketType : std::uint8_t {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

struct Packet {
  PacketType type = PacketType::event;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;  // acknowledgement id
  std::string data;                 // JSON text, or empty
  std::size_t attachments = 0;      // binary packets only (not supported beyond parsing)
};

// Parses a Socket.IO packet: the payload of an Engine.IO message (after the '4').
Result<Packet> parse_packet(std::string_view text);
// Encodes a packet as a complete Engine.IO message, '4' included: "42[...]".
std::string encode_packet(const Packet& packet);

// An EVENT's data: ["name", arg0, ...]. arg0 is returned as JSON text (empty if absent).
struct EventData {
  std::string name;
  std::string first_arg;
};
Result<EventData> parse_event_data(std::string_view json_array);

// ---- The adapter ---------------------------------------------------------------------------

// Sans-IO: one per Socket.IO connection. It is given the client's text messages and says
// what to do; the server does the I/O and the timers (pings).
class Session {
 public:
  Session() = default;

  struct Send {  // send this text message to the client
    std::string text;
  };
  struct Request {  // a rooms-protocol request (handle_event), then answer it with reply()
    std::string type;
    std::string payload;
    std::optional<std::uint64_t> ack;
  };
  struct Pong {};  // the client answered our ping
  struct Close {   // close the connection (a protocol error, or the client closed)
    std::string reason;
  };
  using Action = std::variant<Send, Request, Pong, Close>;

  // `socket_sid` is the id the namespace connection gets (40{"sid":...}).
  std::optional<Action> handle(std::string_view text, std::string_view socket_sid);

  bool connected() const { return connected_; }

  // 42["type",{...}]: a message of the rooms protocol as an event.
  static std::string event(const OutMessage& message);
  // 43<id>[{"type":...}]: the answer to a request that asked for an acknowledgement. A request
  // with no answer of its own (a relay) is acknowledged with {"type":"ok"}.
  static std::string ack(std::uint64_t id, const std::optional<OutMessage>& reply);
  // The Engine.IO ping the server sends every pingInterval.
  static std::string ping() { return "2"; }

 private:
  bool connected_ = false;
};

}  // namespace rtc::signaling::sio
