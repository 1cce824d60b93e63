// Many PeerConnections on one UDP port: the demultiplexer (ICE ufrag, then the learned remote
// address) and the server that uses it, with three real calls at once on loopback.
#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>

#include "rtc/net/peer_runner.hpp"
#include "rtc/net/shared_port.hpp"
#include "rtc/net/ufrag_demux.hpp"
#include "rtc/stun/builder.hpp"

namespace rtc::net {
namespace {

using namespace std::chrono_literals;

Bytes binding_request(const std::string& username) {
  SeededRandom random(3);
  stun::MessageBuilder b(stun::Method::binding, stun::MessageClass::request,
                         stun::random_transaction_id(random));
  b.add_username(username).add_fingerprint();
  return *b.take();
}

TEST(UfragDemux, Rfc8445_7_2_2_RoutesByUsernameThenByLearnedAddress) {
  UfragDemux d;
  d.add(1, "aaaa");
  d.add(2, "bbbb");
  const auto x = *SocketAddress::parse("192.0.2.1:1000");
  const auto y = *SocketAddress::parse("192.0.2.2:2000");
  const Bytes dtls{22, 0xfe, 0xfd, 0, 0};
  EXPECT_FALSE(d.route(x, dtls));  // nothing learned yet: dropped
  EXPECT_EQ(d.route(x, binding_request("bbbb:remote")), 2u);
  EXPECT_EQ(d.route(y, binding_request("aaaa:other")), 1u);
  EXPECT_EQ(d.route(x, dtls), 2u);
  EXPECT_EQ(d.route(y, dtls), 1u);
  // An unknown ufrag from a learned address still goes by the address.
  EXPECT_EQ(d.route(x, binding_request("cccc:remote")), 2u);
  d.remove(2);
  EXPECT_FALSE(d.route(x, dtls));
  EXPECT_FALSE(d.route(x, binding_request("bbbb:remote")));
}

TEST(UfragDemux, LearnedAddressesAreBounded) {
  UfragDemux d(4);
  d.add(7, "ufrag");
  for (int i = 0; i < 100; ++i) {
    auto from = *SocketAddress::parse("198.51.100.1:" + std::to_string(1000 + i));
    EXPECT_EQ(d.route(from, binding_request("ufrag:x")), 7u);
    EXPECT_LE(d.addresses(), 4u);
  }
}

std::shared_ptr<const dtls::Identity> identity() {
  static auto id = *dtls::Identity::generate(std::chrono::system_clock::now());
  return id;
}

TEST(SharedPortServer, ThreeCallsOnOnePort) {
  std::mutex mutex;
  std::condition_variable cv;
  std::map<std::uint64_t, std::vector<std::string>> server_candidates;
  SharedPortOptions so;
  so.bind = *SocketAddress::parse("127.0.0.1:0");
  so.on_event = [&](std::uint64_t id, peer::PeerConnection& pc, const peer::Event& e) {
    std::lock_guard lock(mutex);
    if (auto* c = std::get_if<peer::event::LocalCandidate>(&e)) {
      server_candidates[id].push_back(c->candidate);
    }
    // Echo with the connection's id, so each caller can tell it reached its own connection.
    if (auto* m = std::get_if<peer::event::DataChannelMessage>(&e)) {
      (void)pc.send_text(
          now_steady(), m->id,
          std::string(m->data.begin(), m->data.end()) + " via " + std::to_string(id));
    }
    cv.notify_all();
  };
  SharedPortServer server(so);
  auto port = server.start();
  ASSERT_TRUE(port) << port.error().to_string();

  struct Caller {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::string> candidates;
    std::vector<std::string> replies;
    bool open = false;
    std::uint16_t channel = 0;
    std::unique_ptr<PeerRunner> runner;
    std::uint64_t id = 0;
  };
  std::vector<std::unique_ptr<Caller>> callers;
  peer::Configuration config;
  config.identity = identity();
  for (int i = 0; i < 3; ++i) {
    auto c = std::make_unique<Caller>();
    PeerRunnerOptions o;
    o.bind = {*SocketAddress::parse("127.0.0.1:0")};
    Caller* raw = c.get();
    o.on_event = [raw](peer::PeerConnection&, const peer::Event& e) {
      std::lock_guard lock(raw->mutex);
      if (auto* x = std::get_if<peer::event::LocalCandidate>(&e))
        raw->candidates.push_back(x->candidate);
      if (auto* x = std::get_if<peer::event::DataChannelOpen>(&e)) {
        raw->open = true;
        raw->channel = x->id;
      }
      if (auto* x = std::get_if<peer::event::DataChannelMessage>(&e)) {
        raw->replies.emplace_back(x->data.begin(), x->data.end());
      }
      raw->cv.notify_all();
    };
    c->runner = std::make_unique<PeerRunner>(config, o);
    ASSERT_TRUE(c->runner->start());
    c->id = server.add(config);
    auto offer = c->runner->call([](peer::PeerConnection& pc, Timestamp now) {
      (void)pc.create_data_channel(now, "chat");
      auto offer = *pc.create_offer();
      (void)pc.set_local_description(now, offer);
      return offer;
    });
    auto answer = server.call(c->id, [&](peer::PeerConnection& pc, Timestamp now) {
      (void)pc.set_remote_description(now, offer);
      auto a = *pc.create_answer();
      (void)pc.set_local_description(now, a);
      return a;
    });
    c->runner->post([answer](peer::PeerConnection& pc, Timestamp now) {
      (void)pc.set_remote_description(now, answer);
    });
    callers.push_back(std::move(c));
  }
  EXPECT_EQ(server.connections(), 3u);
  // Trickle until every call is open.
  std::vector<std::size_t> sent_up(3, 0), sent_down(3, 0);
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  auto all_open = [&] {
    for (auto& c : callers) {
      std::lock_guard lock(c->mutex);
      if (!c->open) return false;
    }
    return true;
  };
  while (!all_open() && std::chrono::steady_clock::now() < deadline) {
    for (std::size_t i = 0; i < 3; ++i) {
      auto& c = *callers[i];
      std::vector<std::string> up, down;
      {
        std::lock_guard lock(c.mutex);
        up.assign(c.candidates.begin() + static_cast<std::ptrdiff_t>(sent_up[i]),
                  c.candidates.end());
        sent_up[i] = c.candidates.size();
      }
      {
        std::lock_guard lock(mutex);
        auto& list = server_candidates[c.id];
        down.assign(list.begin() + static_cast<std::ptrdiff_t>(sent_down[i]), list.end());
        sent_down[i] = list.size();
      }
      for (const auto& x : up) {
        server.post(c.id, [x](peer::PeerConnection& pc, Timestamp now) {
          (void)pc.add_ice_candidate(now, x);
        });
      }
      for (const auto& x : down) {
        c.runner->post(
            [x](peer::PeerConnection& pc, Timestamp now) { (void)pc.add_ice_candidate(now, x); });
      }
    }
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_TRUE(all_open());
  for (std::size_t i = 0; i < 3; ++i) {
    auto& c = *callers[i];
    const std::uint16_t ch = c.channel;
    c.runner->post([ch, i](peer::PeerConnection& pc, Timestamp now) {
      (void)pc.send_text(now, ch, "hello " + std::to_string(i));
    });
  }
  for (std::size_t i = 0; i < 3; ++i) {
    auto& c = *callers[i];
    std::unique_lock lock(c.mutex);
    ASSERT_TRUE(c.cv.wait_for(lock, 5s, [&] { return !c.replies.empty(); }));
    EXPECT_EQ(c.replies[0], "hello " + std::to_string(i) + " via " + std::to_string(c.id));
  }
  for (auto& c : callers) c->runner->stop();
  server.stop();
}

}  // namespace
}  // namespace rtc::net
