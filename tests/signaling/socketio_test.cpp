// Engine.IO v4 / Socket.IO v5 packets and the session adapter.
#include "rtc/signaling/socketio.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rtc::signaling::sio {
namespace {

TEST(EngineIo4, OpenPacket) {
  const std::string open = encode_open({"abc", 25000, 20000, 65536});
  ASSERT_EQ(open[0], '0');
  auto j = nlohmann::json::parse(open.substr(1));
  EXPECT_EQ(j["sid"], "abc");
  EXPECT_EQ(j["pingInterval"], 25000);
  EXPECT_EQ(j["pingTimeout"], 20000);
  EXPECT_EQ(j["maxPayload"], 65536);
  EXPECT_EQ(j["upgrades"], nlohmann::json::array());
}

TEST(SocketIo5, ParsesPackets) {
  auto p = parse_packet(R"(2["hello",1])");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->type, PacketType::event);
  EXPECT_EQ(p->nsp, "/");
  EXPECT_FALSE(p->id.has_value());
  EXPECT_EQ(p->data, R"(["hello",1])");

  auto q = parse_packet(R"(2/admin,456["project:delete",123])");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->nsp, "/admin");
  EXPECT_EQ(q->id, 456u);
  EXPECT_EQ(q->data, R"(["project:delete",123])");

  auto r = parse_packet(R"(51-["hello",{"_placeholder":true,"num":0}])");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->type, PacketType::binary_event);
  EXPECT_EQ(r->attachments, 1u);

  auto c = parse_packet("0/admin");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->type, PacketType::connect);
  EXPECT_EQ(c->nsp, "/admin");

  EXPECT_FALSE(parse_packet("").has_value());
  EXPECT_FALSE(parse_packet("9").has_value());
  EXPECT_FALSE(parse_packet("5x").has_value());
}

TEST(SocketIo5, EncodesPackets) {
  EXPECT_EQ(encode_packet({PacketType::ack, "/", 12, "[]", 0}), "4312[]");
  EXPECT_EQ(encode_packet({PacketType::connect_error, "/x", std::nullopt, "{}", 0}), "44/x,{}");
}

TEST(SocketIo5, SessionConnectsAndTurnsEventsIntoRequests) {
  Session s;
  // Events before CONNECT are a protocol error.
  EXPECT_TRUE(std::holds_alternative<Session::Close>(*s.handle(R"(42["join",{}])", "sid1")));
  Session t;
  auto connect = t.handle("40", "sid1");
  ASSERT_TRUE(std::holds_alternative<Session::Send>(*connect));
  EXPECT_EQ(std::get<Session::Send>(*connect).text, R"(40{"sid":"sid1"})");
  EXPECT_TRUE(t.connected());
  auto request = t.handle(R"(427["join",{"room":"r"}])", "sid1");
  ASSERT_TRUE(std::holds_alternative<Session::Request>(*request));
  const auto& r = std::get<Session::Request>(*request);
  EXPECT_EQ(r.type, "join");
  EXPECT_EQ(r.payload, R"({"room":"r"})");
  EXPECT_EQ(r.ack, 7u);
  EXPECT_TRUE(std::holds_alternative<Session::Pong>(*t.handle("3", "sid1")));
  auto other = t.handle("40/admin,", "sid1");
  EXPECT_EQ(std::get<Session::Send>(*other).text, R"(44/admin,{"message":"Invalid namespace"})");
  EXPECT_TRUE(std::holds_alternative<Session::Close>(*t.handle("41", "sid1")));
}

TEST(SocketIo5, EventsAndAcks) {
  const OutMessage m{"offer", R"({"from":"p1","sdp":"x"})"};
  EXPECT_EQ(Session::event(m), R"(42["offer",{"from":"p1","sdp":"x"}])");
  EXPECT_EQ(Session::ack(3, m), R"(433[{"type":"offer","from":"p1","sdp":"x"}])");
  EXPECT_EQ(Session::ack(4, std::nullopt), R"(434[{"type":"ok"}])");
}

}  // namespace
}  // namespace rtc::signaling::sio
