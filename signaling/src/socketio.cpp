// Engine.IO v4 and Socket.IO v5 packets (the protocol documents of socket.io:
// "engine.io-protocol" v4 and "socket.io-protocol" v5), and the Session adapter.
#include "rtc/signaling/socketio.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

namespace rtc::signaling::sio {

using Json = nlohmann::ordered_json;

Result<EnginePacket> parse_engine_packet(std::string_view text) {
  if (text.empty()) return fail_at(Errc::truncated, "empty Engine.IO packet", 0);
  if (text[0] < '0' || text[0] > '6') return fail_at(Errc::malformed, "bad Engine.IO type", 0);
  return EnginePacket{static_cast<EngineType>(text[0]), text.substr(1)};
}

std::string encode_open(const OpenParams& p) {
  Json j = Json::object();
  j["sid"] = p.sid;
  j["upgrades"] = Json::array();  // nothing to upgrade to: we are already on WebSocket
  j["pingInterval"] = p.ping_interval_ms;
  j["pingTimeout"] = p.ping_timeout_ms;
  j["maxPayload"] = p.max_payload;
  return "0" + j.dump();
}

Result<Packet> parse_packet(std::string_view text) {
  // <type>[<attachments>-][<namespace>,][<ack id>][JSON]
  if (text.empty()) return fail_at(Errc::truncated, "empty Socket.IO packet", 0);
  if (text[0] < '0' || text[0] > '6') return fail_at(Errc::malformed, "bad Socket.IO type", 0);
  Packet p;
  p.type = static_cast<PacketType>(text[0] - '0');
  std::size_t at = 1;
  if (p.type == PacketType::binary_event || p.type == PacketType::binary_ack) {
    const std::size_t dash = text.find('-', at);
    if (dash == std::string_view::npos) return fail_at(Errc::malformed, "no attachment count", at);
    auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + dash, p.attachments);
    if (ec != std::errc() || ptr != text.data() + dash) {
      return fail_at(Errc::malformed, "bad attachment count", at);
    }
    at = dash + 1;
  }
  if (at < text.size() && text[at] == '/') {
    const std::size_t comma = text.find(',', at);
    if (comma == std::string_view::npos) {
      p.nsp = std::string(text.substr(at));  // "40/admin" with nothing after it
      at = text.size();
    } else {
      p.nsp = std::string(text.substr(at, comma - at));
      at = comma + 1;
    }
  }
  std::size_t digits = at;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits > at) {
    std::uint64_t id = 0;
    auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + digits, id);
    if (ec != std::errc()) return fail_at(Errc::malformed, "bad ack id", at);
    p.id = id;
    at = digits;
  }
  p.data = std::string(text.substr(at));
  return p;
}

std::string encode_packet(const Packet& p) {
  std::string out = "4";
  out += static_cast<char>('0' + static_cast<int>(p.type));
  if (p.type == PacketType::binary_event || p.type == PacketType::binary_ack) {
    out += std::to_string(p.attachments) + "-";
  }
  if (p.nsp != "/") out += p.nsp + ",";
  if (p.id) out += std::to_string(*p.id);
  out += p.data;
  return out;
}

Result<EventData> parse_event_data(std::string_view json_array) {
  // Bounded depth, as in rooms.cpp: the JSON library recurses on nesting when it serializes.
  std::size_t depth = 0, max_depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json_array.size(); ++i) {
    const char c = json_array[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  if (max_depth > 17) return fail(Errc::unsupported, "event data nested too deeply");
  Json j = Json::parse(json_array.begin(), json_array.end(), nullptr, false);
  if (j.is_discarded() || !j.is_array() || j.empty() || !j[0].is_string()) {
    return fail(Errc::malformed, "event data is not [\"name\", ...]");
  }
  EventData e;
  e.name = j[0].get<std::string>();
  // socket.emit("ping") sends ["ping"]; emitWithAck("ping") sends ["ping",null]: both mean
  // "no data".
  if (j.size() > 1 && !j[1].is_null()) e.first_arg = j[1].dump();
  return e;
}

std::optional<Session::Action> Session::handle(std::string_view text, std::string_view socket_sid) {
  auto engine = parse_engine_packet(text);
  if (!engine) return Close{"bad Engine.IO packet"};
  switch (engine->type) {
    case EngineType::pong:
      return Pong{};
    case EngineType::ping:
      // Engine.IO v4: only the server pings, except the "probe" of a transport upgrade.
      if (engine->data == "probe") return Send{"3probe"};
      return Send{"3" + std::string(engine->data)};
    case EngineType::close:
      return Close{"client closed"};
    case EngineType::upgrade:
    case EngineType::noop:
      return std::nullopt;
    case EngineType::open:
      return Close{"clients do not send open"};
    case EngineType::message:
      break;
  }
  auto packet = parse_packet(engine->data);
  if (!packet) return Close{"bad Socket.IO packet"};
  if (packet->type == PacketType::connect) {
    if (packet->nsp != "/") {
      // Only the main namespace exists; this is the answer socket.io gives for others.
      Packet err{PacketType::connect_error, packet->nsp, std::nullopt,
                 R"({"message":"Invalid namespace"})", 0};
      return Send{encode_packet(err)};
    }
    connected_ = true;
    Json sid = Json::object();
    sid["sid"] = socket_sid;
    return Send{encode_packet(Packet{PacketType::connect, "/", std::nullopt, sid.dump(), 0})};
  }
  if (packet->nsp != "/") return std::nullopt;  // a namespace we refused: ignore its packets
  if (packet->type == PacketType::disconnect) {
    connected_ = false;
    return Close{"client disconnected"};
  }
  if (!connected_) return Close{"event before CONNECT"};
  if (packet->type == PacketType::event) {
    auto data = parse_event_data(packet->data);
    if (!data) {
      if (packet->id) return Send{ack(*packet->id, RoomRegistry::error("bad-json", "bad event"))};
      return Send{event(RoomRegistry::error("bad-json", "event data is not [name, data]"))};
    }
    return Request{std::move(data->name), std::move(data->first_arg), packet->id};
  }
  if (packet->type == PacketType::ack) return std::nullopt;  // we never ask for acks
  return Close{"binary packets are not supported"};
}

std::string Session::event(const OutMessage& message) {
  // 42["type",payload]: the type is ASCII from the protocol's own set, never escaped.
  std::string out = "42[\"" + message.type + "\",";
  out += message.payload;
  out += ']';
  return out;
}

std::string Session::ack(std::uint64_t id, const std::optional<OutMessage>& reply) {
  std::string out = "43" + std::to_string(id) + "[";
  out += reply ? reply->to_json() : std::string(R"({"type":"ok"})");
  out += ']';
  return out;
}

}  // namespace rtc::signaling::sio
