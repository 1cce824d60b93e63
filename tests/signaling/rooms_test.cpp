// PROTOCOL.md: the rooms state machine, without a network.
#include "rtc/signaling/rooms.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rtc::signaling {
namespace {

using nlohmann::json;

json parse(const OutMessage& m) {
  return json::parse(m.to_json());
}

// Who received what, as JSON.
std::vector<std::pair<PeerId, json>> sent(const Outcome& o) {
  std::vector<std::pair<PeerId, json>> out;
  for (const auto& d : o.deliveries) out.emplace_back(d.to, parse(*d.message));
  return out;
}

class Rooms : public ::testing::Test {
 protected:
  static RoomsOptions small() {
    RoomsOptions o;
    o.max_rooms = 2;
    o.max_peers_per_room = 3;
    return o;
  }
  RoomRegistry rooms{small()};

  json join(PeerId p, std::string_view room, std::string_view extra = "") {
    Outcome o = rooms.handle(p, std::string(R"({"type":"join","room":")") + std::string(room) +
                                    "\"" + std::string(extra) + "}");
    EXPECT_TRUE(o.reply.has_value());
    return o.reply ? parse(*o.reply) : json();
  }
};

TEST_F(Rooms, JoinAssignsIdsAndListsPeers) {
  const PeerId a = rooms.connect(), b = rooms.connect();
  EXPECT_NE(a, b);
  json ja = join(a, "r");
  EXPECT_EQ(ja["type"], "joined");
  EXPECT_EQ(ja["id"], peer_id_text(a));
  EXPECT_EQ(ja["peers"], json::array());
  Outcome ob = rooms.handle(b, R"({"type":"join","room":"r"})");
  EXPECT_EQ(parse(*ob.reply)["peers"], json::array({peer_id_text(a)}));
  auto notices = sent(ob);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].first, a);
  EXPECT_EQ(notices[0].second,
            json({{"type", "peer-joined"}, {"room", "r"}, {"id", peer_id_text(b)}}));
}

TEST_F(Rooms, RelaysToOnePeerWithFromSetByTheServer) {
  const PeerId a = rooms.connect(), b = rooms.connect(), c = rooms.connect();
  join(a, "r");
  join(b, "r");
  join(c, "r");
  Outcome o = rooms.handle(
      a, R"({"type":"offer","to":")" + peer_id_text(b) + R"(","from":"p999","sdp":"v=0\r\n"})");
  EXPECT_FALSE(o.reply.has_value());
  auto out = sent(o);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].first, b);
  EXPECT_EQ(o.deliveries[0].message->to_json(),
            R"({"type":"offer","from":")" + peer_id_text(a) + R"(","sdp":"v=0\r\n"})");
}

TEST_F(Rooms, RelaysToTheRoomWithoutTo) {
  const PeerId a = rooms.connect(), b = rooms.connect(), c = rooms.connect();
  join(a, "r");
  join(b, "r");
  join(c, "r");
  Outcome o = rooms.handle(c, R"({"type":"bye"})");
  auto out = sent(o);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].first, a);
  EXPECT_EQ(out[1].first, b);
  EXPECT_EQ(o.deliveries[0].message, o.deliveries[1].message);  // built once, shared
}

TEST_F(Rooms, RoomsAreIsolated) {
  const PeerId a = rooms.connect(), b = rooms.connect(), x = rooms.connect();
  join(a, "one");
  join(b, "one");
  join(x, "two");
  // Broadcasts stay in the room.
  for (const auto& [to, m] : sent(rooms.handle(x, R"({"type":"message","text":"hi"})"))) {
    ADD_FAILURE() << "room two leaked to " << to;
  }
  // A peer of another room looks exactly like a peer that does not exist.
  Outcome o = rooms.handle(x, R"({"type":"offer","to":")" + peer_id_text(a) + R"(","sdp":"x"})");
  EXPECT_TRUE(o.deliveries.empty());
  EXPECT_EQ(parse(*o.reply)["code"], "unknown-peer");
  Outcome n = rooms.handle(x, R"({"type":"offer","to":"p12345","sdp":"x"})");
  EXPECT_EQ(parse(*n.reply)["message"], parse(*o.reply)["message"]);
  // Leaving notifies only the room.
  auto left = sent(rooms.disconnect(b));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].first, a);
  EXPECT_EQ(left[0].second["type"], "peer-left");
}

TEST_F(Rooms, Errors) {
  const PeerId a = rooms.connect();
  auto code = [&](std::string_view text) {
    Outcome o = rooms.handle(a, text);
    EXPECT_TRUE(o.deliveries.empty());
    return o.reply ? parse(*o.reply).value("code", "") : "";
  };
  EXPECT_EQ(code("not json"), "bad-json");
  EXPECT_EQ(code("[1,2]"), "bad-json");
  EXPECT_EQ(code(std::string(100, '[') + std::string(100, ']')), "bad-json");  // depth
  EXPECT_EQ(code(R"({"room":"r"})"), "bad-request");
  EXPECT_EQ(code(R"({"type":"fly"})"), "unknown-type");
  EXPECT_EQ(code(R"({"type":"offer","sdp":"x"})"), "not-joined");
  EXPECT_EQ(code(R"({"type":"join"})"), "bad-request");
  EXPECT_EQ(code(R"({"type":"join","room":""})"), "bad-request");
  EXPECT_EQ(code(R"({"type":"join","room":")" + std::string(65, 'r') + "\"}"), "bad-request");
  EXPECT_EQ(code(R"({"type":"join","room":"r"})"), "");
  EXPECT_EQ(code(R"({"type":"join","room":"s"})"), "already-joined");
  EXPECT_EQ(code(R"({"type":"offer"})"), "bad-request");
  EXPECT_EQ(code(R"({"type":"answer","sdp":7})"), "bad-request");
  EXPECT_EQ(code(R"({"type":"candidate"})"), "bad-request");
  EXPECT_EQ(code(R"({"type":"offer","to":")" + peer_id_text(a) + R"(","sdp":"x"})"),
            "unknown-peer");  // not to oneself
  json e = parse(*rooms.handle(a, R"({"type":"fly"})").reply);
  EXPECT_EQ(e["request"], "fly");
  EXPECT_TRUE(e["message"].is_string());
}

TEST_F(Rooms, LimitsAndTokens) {
  std::vector<PeerId> p;
  for (int i = 0; i < 6; ++i) p.push_back(rooms.connect());
  EXPECT_EQ(join(p[0], "a", R"(,"token":"secret")")["type"], "joined");
  EXPECT_EQ(join(p[1], "a")["code"], "unauthorized");
  EXPECT_EQ(join(p[1], "a", R"(,"token":"secret")")["type"], "joined");
  EXPECT_EQ(join(p[2], "a", R"(,"token":"secret")")["type"], "joined");
  EXPECT_EQ(join(p[3], "a", R"(,"token":"secret")")["code"], "room-full");
  EXPECT_EQ(join(p[3], "b")["type"], "joined");
  EXPECT_EQ(join(p[4], "c")["code"], "too-many-rooms");
  // The last one out closes the room.
  rooms.disconnect(p[3]);
  EXPECT_EQ(rooms.room_count(), 1u);
  EXPECT_EQ(join(p[4], "c")["type"], "joined");

  RoomsOptions guarded_options;
  guarded_options.required_token = "t";
  RoomRegistry guarded(guarded_options);
  const PeerId g = guarded.connect();
  EXPECT_EQ(parse(*guarded.handle(g, R"({"type":"join","room":"r"})").reply)["code"],
            "unauthorized");
  EXPECT_EQ(parse(*guarded.handle(g, R"({"type":"join","room":"r","token":"t"})").reply)["type"],
            "joined");
}

TEST_F(Rooms, LeaveAndRejoin) {
  const PeerId a = rooms.connect(), b = rooms.connect();
  join(a, "r");
  join(b, "r");
  Outcome o = rooms.handle(a, R"({"type":"leave"})");
  EXPECT_EQ(parse(*o.reply), json({{"type", "left"}, {"room", "r"}}));
  ASSERT_EQ(sent(o).size(), 1u);
  EXPECT_EQ(sent(o)[0].second["type"], "peer-left");
  EXPECT_FALSE(rooms.room_of(a).has_value());
  EXPECT_EQ(join(a, "other")["type"], "joined");
  EXPECT_EQ(parse(*rooms.handle(a, R"({"type":"ping"})").reply)["type"], "pong");
}

TEST_F(Rooms, SocketIoEventsShareTheProtocol) {
  const PeerId a = rooms.connect(), b = rooms.connect();
  EXPECT_EQ(parse(*rooms.handle_event(a, "join", R"({"room":"r"})").reply)["type"], "joined");
  rooms.handle_event(b, "join", R"({"room":"r"})");
  auto out = sent(rooms.handle_event(b, "candidate", R"({"candidate":{"candidate":"c"}})"));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].second["candidate"]["candidate"], "c");
  EXPECT_EQ(parse(*rooms.handle_event(a, "ping", "").reply)["type"], "pong");
  EXPECT_EQ(parse(*rooms.handle_event(a, "offer", "[1]").reply)["code"], "bad-json");
}

TEST(PeerIds, TextForm) {
  EXPECT_EQ(peer_id_text(12), "p12");
  EXPECT_EQ(parse_peer_id("p12"), 12u);
  for (std::string_view bad :
       {"", "p", "12", "p0", "p012", "p1x", "q1", "p99999999999999999999999"}) {
    EXPECT_FALSE(parse_peer_id(bad).has_value()) << bad;
  }
}

TEST(RateLimiter, TokenBucket) {
  ManualClock clock;
  RateLimiter limiter(10, 3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow(clock.now()));
  EXPECT_FALSE(limiter.allow(clock.now()));
  clock.advance(milliseconds(100));
  EXPECT_TRUE(limiter.allow(clock.now()));
  EXPECT_FALSE(limiter.allow(clock.now()));
  clock.advance(seconds(10));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow(clock.now()));
  EXPECT_FALSE(limiter.allow(clock.now()));
}

}  // namespace
}  // namespace rtc::signaling
