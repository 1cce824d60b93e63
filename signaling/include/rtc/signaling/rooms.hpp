// Rooms and the JSON signaling protocol (PROTOCOL.md), as a pure state machine.
//
// The registry never sees a socket: it is given (peer id, message text) and answers with the
// messages to send and to whom. The WebSocket server, the Socket.IO adapter and the tests all
// drive the same object, so every protocol rule (room isolation above all: a peer only ever
// hears from the room it joined) is checked once, here, and tested without a network.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rtc/common/time.hpp"

namespace rtc::signaling {

// Server-assigned, unique for the server's lifetime; on the wire as "p<number>" ("p12").
// Ids are names, not secrets: relays are allowed only inside a room anyway.
using PeerId = std::uint64_t;
std::string peer_id_text(PeerId id);
std::optional<PeerId> parse_peer_id(std::string_view text);

// A message to send: the JSON object {"type": type, ...fields of payload}. Kept in two parts
// so that each transport frames it its own way without parsing it again: the WebSocket
// protocol sends to_json(); Socket.IO sends the event 42["type",payload].
struct OutMessage {
  std::string type;     // one of PROTOCOL.md's types (plain ASCII, never needs escaping)
  std::string payload;  // a JSON object's text, "{}" at least
  std::string to_json() const;
};

struct Delivery {
  PeerId to = 0;
  // Shared: a message to a whole room is built once and framed once per transport.
  std::shared_ptr<const OutMessage> message;
};

struct Outcome {
  // The answer to the sender's own request (joined, left, pong, error), if there is one.
  // Socket.IO sends it as the acknowledgement when the client asked for one.
  std::optional<OutMessage> reply;
  // Messages for other peers (relays, peer-joined, peer-left).
  std::vector<Delivery> deliveries;
};

struct RoomsOptions {
  std::size_t max_rooms = 10000;
  std::size_t max_peers_per_room = 16;
  std::size_t max_room_name = 64;  // bytes of UTF-8
  // When non-empty, every join must carry this token (a shared secret for the whole server).
  // Independently, a room created with a token admits only joins with the same token.
  std::string required_token;
  // Nesting depth accepted in a message: bounded so that no crafted message can make the
  // JSON library recurse deeply.
  std::size_t max_json_depth = 16;
};

class RoomRegistry {
 public:
  explicit RoomRegistry(RoomsOptions options = {}) : options_(std::move(options)) {}

  // A new connection: returns its fresh id. It is in no room yet.
  PeerId connect();
  // The connection is gone: it leaves its room (the others get peer-left) and is forgotten.
  Outcome disconnect(PeerId peer);

  // A message the peer sent, as JSON text ({"type":"join","room":"r"} ...).
  Outcome handle(PeerId from, std::string_view json_text);
  // The same with the type given apart and the rest as a JSON object's text (Socket.IO's
  // 42["join",{"room":"r"}]). An empty payload means {}.
  Outcome handle_event(PeerId from, std::string_view type, std::string_view payload_json);

  // An error reply in the protocol's shape, for errors found outside the registry (the
  // server's rate limit, a binary message).
  static OutMessage error(std::string_view code, std::string_view message,
                          std::string_view request_type = {});

  std::size_t room_count() const { return rooms_.size(); }
  std::size_t peer_count() const { return peers_.size(); }
  // The room the peer is in, or nullopt (also for an unknown peer).
  std::optional<std::string> room_of(PeerId peer) const;
  std::vector<PeerId> members(const std::string& room) const;

  struct Impl;  // the JSON handling, in rooms.cpp

 private:
  struct Peer {
    std::string room;  // empty: not in a room
  };
  struct Room {
    std::string token;
    std::vector<PeerId> members;  // in join order
  };

  RoomsOptions options_;
  std::unordered_map<PeerId, Peer> peers_;
  std::unordered_map<std::string, Room> rooms_;
  PeerId next_id_ = 1;
};

// A token bucket (the classic rate limiter): `rate` messages per second on average, bursts of
// up to `burst`. Sans-IO: the caller passes the time.
class RateLimiter {
 public:
  RateLimiter(double rate_per_second, double burst)
      : rate_(rate_per_second), burst_(burst), tokens_(burst) {}
  // Takes one token if there is one.
  bool allow(Timestamp now);

 private:
  double rate_;
  double burst_;
  double tokens_;
  Timestamp last_{};
  bool started_ = false;
};

}  // namespace rtc::signaling
