// The signaling protocol of PROTOCOL.md. Read RoomRegistry::Impl::dispatch() first: one
// branch per message type; each branch validates, changes the registry, and says who hears
// what.
#include "rtc/signaling/rooms.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "rtc/signaling/utf8.hpp"

namespace rtc::signaling {

using Json = nlohmann::ordered_json;  // keeps the order of fields as sent

std::string peer_id_text(PeerId id) {
  return "p" + std::to_string(id);
}

std::optional<PeerId> parse_peer_id(std::string_view text) {
  if (text.size() < 2 || text.size() > 21 || text[0] != 'p') return std::nullopt;
  PeerId id = 0;
  const char* first = text.data() + 1;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, id);
  if (ec != std::errc() || ptr != last || id == 0 || text[1] == '0') return std::nullopt;
  return id;
}

std::string OutMessage::to_json() const {
  // {"type":"T"} + the payload's fields: splice the texts instead of building a JSON value.
  std::string out = "{\"type\":\"" + type + "\"";
  if (payload.size() > 2) {
    out += ',';
    out.append(payload, 1, std::string::npos);
  } else {
    out += '}';
  }
  return out;
}

namespace {

OutMessage make(std::string type, const Json& payload) {
  return OutMessage{std::move(type), payload.dump()};
}

// Scans JSON text for its deepest nesting of [ and {, skipping strings. Cheap, and run before
// the parser so that no message can make the JSON library recurse thousands of levels deep.
bool depth_at_most(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return true;
}

bool is_relay_type(std::string_view type) {
  return type == "offer" || type == "answer" || type == "candidate" || type == "bye" ||
         type == "message";
}

}  // namespace

OutMessage RoomRegistry::error(std::string_view code, std::string_view message,
                               std::string_view request_type) {
  Json p = Json::object();
  p["code"] = code;
  p["message"] = message;
  // The request type comes from the client: it is only echoed if it is valid UTF-8 (dump()
  // would throw otherwise), and it is escaped by the JSON library like any string.
  if (!request_type.empty() && request_type.size() <= 32 && is_valid_utf8(request_type)) {
    p["request"] = request_type;
  }
  return make("error", p);
}

struct RoomRegistry::Impl {
  static Outcome reply_error(std::string_view code, std::string_view message,
                             std::string_view type) {
    Outcome o;
    o.reply = error(code, message, type);
    return o;
  }

  static Outcome join(RoomRegistry& r, PeerId from, Json& msg) {
    auto& peer = r.peers_[from];
    if (!peer.room.empty()) {
      return reply_error("already-joined", "leave the room '" + peer.room + "' first", "join");
    }
    const auto room_it = msg.find("room");
    if (room_it == msg.end() || !room_it->is_string()) {
      return reply_error("bad-request", "join needs a string 'room'", "join");
    }
    const std::string room_name = room_it->get<std::string>();
    if (room_name.empty() || room_name.size() > r.options_.max_room_name) {
      return reply_error(
          "bad-request",
          "room names are 1 to " + std::to_string(r.options_.max_room_name) + " bytes", "join");
    }
    std::string token;
    if (auto t = msg.find("token"); t != msg.end()) {
      if (!t->is_string()) return reply_error("bad-request", "'token' must be a string", "join");
      token = t->get<std::string>();
    }
    if (!r.options_.required_token.empty() && token != r.options_.required_token) {
      return reply_error("unauthorized", "wrong or missing token", "join");
    }
    auto it = r.rooms_.find(room_name);
    if (it == r.rooms_.end()) {
      if (r.rooms_.size() >= r.options_.max_rooms) {
        return reply_error("too-many-rooms", "the server has too many rooms", "join");
      }
      it = r.rooms_.emplace(room_name, Room{token, {}}).first;
    } else {
      if (it->second.token != token) {
        return reply_error("unauthorized", "this room needs its token", "join");
      }
      if (it->second.members.size() >= r.options_.max_peers_per_room) {
        return reply_error("room-full", "the room is full", "join");
      }
    }
    Room& room = it->second;

    Outcome o;
    const std::string id = peer_id_text(from);
    Json peers = Json::array();
    for (PeerId m : room.members) peers.push_back(peer_id_text(m));
    Json joined = Json::object();
    joined["room"] = room_name;
    joined["id"] = id;
    joined["peers"] = std::move(peers);
    o.reply = make("joined", joined);

    Json notice = Json::object();
    notice["room"] = room_name;
    notice["id"] = id;
    auto shared = std::make_shared<const OutMessage>(make("peer-joined", notice));
    for (PeerId m : room.members) o.deliveries.push_back({m, shared});

    room.members.push_back(from);
    peer.room = room_name;
    return o;
  }

  // Takes the peer out of its room; the others get peer-left. No reply.
  static Outcome leave_room(RoomRegistry& r, PeerId from) {
    Outcome o;
    auto pit = r.peers_.find(from);
    if (pit == r.peers_.end() || pit->second.room.empty()) return o;
    const std::string room_name = std::move(pit->second.room);
    pit->second.room.clear();
    auto it = r.rooms_.find(room_name);
    if (it == r.rooms_.end()) return o;
    auto& members = it->second.members;
    members.erase(std::remove(members.begin(), members.end(), from), members.end());
    if (members.empty()) {
      r.rooms_.erase(it);  // a room lives as long as someone is in it
      return o;
    }
    Json notice = Json::object();
    notice["room"] = room_name;
    notice["id"] = peer_id_text(from);
    auto shared = std::make_shared<const OutMessage>(make("peer-left", notice));
    for (PeerId m : members) o.deliveries.push_back({m, shared});
    return o;
  }

  static Outcome relay(RoomRegistry& r, PeerId from, const std::string& type, Json& msg) {
    auto pit = r.peers_.find(from);
    if (pit == r.peers_.end() || pit->second.room.empty()) {
      return reply_error("not-joined", "join a room first", type);
    }
    if (type == "offer" || type == "answer") {
      auto sdp = msg.find("sdp");
      if (sdp == msg.end() || !sdp->is_string()) {
        return reply_error("bad-request", type + " needs a string 'sdp'", type);
      }
    }
    if (type == "candidate" && !msg.contains("candidate")) {
      return reply_error("bad-request", "candidate needs 'candidate'", type);
    }
    const Room& room = r.rooms_.at(pit->second.room);
    std::optional<PeerId> to;
    if (auto t = msg.find("to"); t != msg.end()) {
      if (!t->is_string()) return reply_error("bad-request", "'to' must be a peer id", type);
      to = parse_peer_id(t->get_ref<const std::string&>());
      // Room isolation: the target must be in the sender's room. A peer of another room is
      // answered exactly like a peer that does not exist, so rooms cannot be probed.
      if (!to || *to == from ||
          std::find(room.members.begin(), room.members.end(), *to) == room.members.end()) {
        return reply_error("unknown-peer", "no such peer in this room", type);
      }
    }
    // The relayed message: the sender's fields, with "from" set by the server (never
    // trusted from the client) and "to" removed.
    Json out = Json::object();
    out["from"] = peer_id_text(from);
    for (auto& [key, value] : msg.items()) {
      if (key != "type" && key != "to" && key != "from") out[key] = std::move(value);
    }
    auto shared = std::make_shared<const OutMessage>(make(type, out));
    Outcome o;
    if (to) {
      o.deliveries.push_back({*to, shared});
    } else {
      for (PeerId m : room.members) {
        if (m != from) o.deliveries.push_back({m, shared});
      }
    }
    return o;
  }

  static Outcome dispatch(RoomRegistry& r, PeerId from, const std::string& type, Json& msg) {
    if (!r.peers_.contains(from)) return reply_error("not-connected", "unknown peer", type);
    if (type == "join") return join(r, from, msg);
    if (type == "leave") {
      auto pit = r.peers_.find(from);
      if (pit->second.room.empty()) return reply_error("not-joined", "not in a room", type);
      Json left = Json::object();
      left["room"] = pit->second.room;
      Outcome o = leave_room(r, from);
      o.reply = make("left", left);
      return o;
    }
    if (type == "ping") {
      Outcome o;
      o.reply = OutMessage{"pong", "{}"};
      return o;
    }
    if (is_relay_type(type)) return relay(r, from, type, msg);
    return reply_error("unknown-type", "unknown message type", type);
  }

  static std::optional<Json> parse_object(const RoomRegistry& r, std::string_view text) {
    if (!depth_at_most(text, r.options_.max_json_depth)) return std::nullopt;
    // No exceptions: parse errors give a "discarded" value. JSON text must be UTF-8 (RFC 8259
    // §8.1); the WebSocket layer has already checked that for text messages.
    Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    return j;
  }
};

PeerId RoomRegistry::connect() {
  const PeerId id = next_id_++;
  peers_.emplace(id, Peer{});
  return id;
}

Outcome RoomRegistry::disconnect(PeerId peer) {
  Outcome o = Impl::leave_room(*this, peer);
  peers_.erase(peer);
  return o;
}

Outcome RoomRegistry::handle(PeerId from, std::string_view json_text) {
  auto msg = Impl::parse_object(*this, json_text);
  if (!msg) return Impl::reply_error("bad-json", "messages are JSON objects", {});
  auto type = msg->find("type");
  if (type == msg->end() || !type->is_string()) {
    return Impl::reply_error("bad-request", "a message needs a string 'type'", {});
  }
  const std::string t = type->get<std::string>();
  return Impl::dispatch(*this, from, t, *msg);
}

Outcome RoomRegistry::handle_event(PeerId from, std::string_view type,
                                   std::string_view payload_json) {
  const std::string t(type);
  if (payload_json.empty()) {
    Json empty = Json::object();
    return Impl::dispatch(*this, from, t, empty);
  }
  auto msg = Impl::parse_object(*this, payload_json);
  if (!msg) return Impl::reply_error("bad-json", "event data must be a JSON object", t);
  return Impl::dispatch(*this, from, t, *msg);
}

std::optional<std::string> RoomRegistry::room_of(PeerId peer) const {
  auto it = peers_.find(peer);
  if (it == peers_.end() || it->second.room.empty()) return std::nullopt;
  return it->second.room;
}

std::vector<PeerId> RoomRegistry::members(const std::string& room) const {
  auto it = rooms_.find(room);
  return it == rooms_.end() ? std::vector<PeerId>{} : it->second.members;
}

bool RateLimiter::allow(Timestamp now) {
  if (!started_) {
    started_ = true;
    last_ = now;
  }
  const double elapsed = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

}  // namespace rtc::signaling
