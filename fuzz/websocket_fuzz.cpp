// Fuzzes the signaling server's parsers with what a hostile client could send: WebSocket
// frames (RFC 6455 §5) in arbitrary chunks, both roles; HTTP request heads; Socket.IO
// packets; and rooms-protocol messages. The first byte picks the target and the chunking.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rtc/signaling/http.hpp"
#include "rtc/signaling/rooms.hpp"
#include "rtc/signaling/socketio.hpp"
#include "rtc/signaling/websocket_frame.hpp"
#include "rtc/signaling/websocket_handshake.hpp"

using namespace rtc::signaling;

namespace {

void fuzz_frames(rtc::BytesView data, ws::Role role, std::size_t chunk) {
  ws::FrameParser parser({role, 4096});
  while (!data.empty()) {
    const std::size_t n = std::min(chunk, data.size());
    parser.feed(data.subspan(0, n));
    data = data.subspan(n);
    while (auto event = parser.next()) {
      // Every yielded message must satisfy the parser's own promises.
      if (auto* m = std::get_if<ws::Message>(&*event)) {
        if (m->data.size() > 4096) __builtin_trap();
        if (!m->binary && !is_valid_utf8(m->data)) __builtin_trap();
      } else if (auto* p = std::get_if<ws::Ping>(&*event)) {
        if (p->payload.size() > ws::kMaxControlPayload) __builtin_trap();
      } else if (std::holds_alternative<ws::Failure>(*event)) {
        if (parser.next()) __builtin_trap();  // nothing after a failure
      }
    }
  }
}

void fuzz_http(rtc::BytesView data, std::size_t chunk) {
  http::RequestParser parser;
  while (!data.empty()) {
    const std::size_t n = std::min(chunk, data.size());
    auto r = parser.feed(data.subspan(0, n));
    data = data.subspan(n);
    if (!r) return;
    if (*r) {
      (void)ws::validate_upgrade(**r, {{"http://a.example"}});
      (void)http::safe_relative_path((*r)->path());
      (void)(*r)->query_param("EIO");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t selector = bytes[0];
  const rtc::BytesView data(bytes + 1, size - 1);
  const std::size_t chunk = 1 + (selector >> 3);  // 1..32 bytes per feed
  switch (selector & 7) {
    case 0:
    case 1:
      fuzz_frames(data, ws::Role::server, chunk);
      break;
    case 2:
      fuzz_frames(data, ws::Role::client, chunk);
      break;
    case 3:
    case 4:
      fuzz_http(data, chunk);
      break;
    case 5: {
      sio::Session session;
      (void)session.handle("40", "sid");
      (void)session.handle(rtc::as_string_view(data), "sid");
      break;
    }
    default: {
      RoomRegistry rooms;
      const PeerId a = rooms.connect(), b = rooms.connect();
      (void)rooms.handle(a, R"({"type":"join","room":"r"})");
      (void)rooms.handle(b, R"({"type":"join","room":"r"})");
      const auto text = rtc::as_string_view(data);
      auto o = rooms.handle(a, text);
      if (o.reply) (void)o.reply->to_json();
      for (const auto& d : o.deliveries) (void)d.message->to_json();
      break;
    }
  }
  return 0;
}
