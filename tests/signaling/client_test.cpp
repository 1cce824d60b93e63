// The C++ client (RFC 6455 §4.1 and §5.3 from the client's side) against the in-process
// server: relay between two clients, and reconnect with backoff after the server restarts.
#include "rtc/signaling/client.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace rtc::signaling {
namespace {

using nlohmann::json;

// Collects a client's messages; wait() blocks until one arrives (or fails after 5 s).
class Inbox {
 public:
  void attach(Client& c) {
    c.on_message([this](const std::string& text) {
      std::lock_guard lock(mutex_);
      messages_.push_back(json::parse(text));
      cv_.notify_all();
    });
    c.on_state([this](ClientState s, std::string_view) {
      std::lock_guard lock(mutex_);
      states_.push_back(s);
      cv_.notify_all();
    });
  }
  json wait() {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, std::chrono::seconds(5), [&] { return !messages_.empty(); })) {
      ADD_FAILURE() << "no message within 5 s";
      return json();
    }
    json m = messages_.front();
    messages_.pop_front();
    return m;
  }
  // Waits until the client has been `state` at least `times` times in all.
  bool wait_state(ClientState state, int times) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(5),
                        [&] { return std::count(states_.begin(), states_.end(), state) >= times; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<json> messages_;
  std::vector<ClientState> states_;
};

ClientOptions options_for(std::uint16_t port) {
  ClientOptions o;
  o.port = port;
  o.initial_backoff = milliseconds(20);
  o.max_backoff = milliseconds(200);
  return o;
}

TEST(SignalingClient, RelaysBetweenTwoClients) {
  testing::RunningServer s;
  Inbox ia, ib;  // declared first: the clients call into them until they are destroyed
  Client a(options_for(s.port)), b(options_for(s.port));
  ia.attach(a);
  ib.attach(b);
  a.start();
  b.start();
  a.join("cpp");
  const json ja = ia.wait();
  ASSERT_EQ(ja["type"], "joined");
  b.join("cpp");
  const json jb = ib.wait();
  EXPECT_EQ(jb["peers"], json::array({ja["id"]}));
  EXPECT_EQ(ia.wait()["type"], "peer-joined");
  a.send(json({{"type", "offer"}, {"to", jb["id"]}, {"sdp", "v=0\r\n"}}).dump());
  const json offer = ib.wait();
  EXPECT_EQ(offer["type"], "offer");
  EXPECT_EQ(offer["from"], ja["id"]);
  EXPECT_EQ(offer["sdp"], "v=0\r\n");
  b.stop();
  EXPECT_EQ(ia.wait()["type"], "peer-left");
}

TEST(SignalingClient, ReconnectsWithBackoffAndRejoins) {
  auto first = std::make_unique<testing::RunningServer>();
  const std::uint16_t port = first->port;
  Inbox inbox;
  Client c(options_for(port));
  inbox.attach(c);
  c.start();
  c.join("again");
  EXPECT_EQ(inbox.wait()["type"], "joined");
  first.reset();  // the server goes away (it sends 1001 "going away")
  ASSERT_TRUE(inbox.wait_state(ClientState::waiting, 1));
  // A new server on the same port: the client finds it and joins its room again.
  auto options = testing::test_server_options();
  options.port = port;
  testing::RunningServer second(options);
  ASSERT_EQ(second.port, port);
  const json again = inbox.wait();
  EXPECT_EQ(again["type"], "joined");
  EXPECT_EQ(again["room"], "again");
  EXPECT_TRUE(inbox.wait_state(ClientState::open, 2));
  c.stop();
}

TEST(SignalingClient, GivesUpAfterMaxAttempts) {
  // Port 1 on loopback: connection refused, quickly.
  ClientOptions o = options_for(1);
  o.max_attempts = 2;
  o.initial_backoff = milliseconds(1);
  Inbox inbox;
  Client c(o);
  inbox.attach(c);
  c.start();
  EXPECT_TRUE(inbox.wait_state(ClientState::closed, 1));
  c.stop();
}

}  // namespace
}  // namespace rtc::signaling
