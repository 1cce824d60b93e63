// Two SCTP associations (or data-channel managers) wired through SimNetwork, with the events
// each side produced collected for assertions.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <variant>
#include <vector>

#include "rtc/common/crypto.hpp"
#include "rtc/sctp/association.hpp"
#include "sim_network.hpp"

namespace rtc::sctp::testing {

inline std::string digest_hex(BytesView b) {
  static const char* kHex = "0123456789abcdef";
  Bytes d = crypto::digest(crypto::HashAlgorithm::sha256, b);
  std::string s;
  for (auto x : d) {
    s.push_back(kHex[x >> 4]);
    s.push_back(kHex[x & 15]);
  }
  return s;
}

// Deterministic message content: stream, index and length define it (so the receiver can
// recompute and compare the hash).
inline Bytes make_message(std::uint16_t stream, std::uint32_t index, std::size_t size) {
  Bytes b(size);
  std::uint32_t x = 0x9E3779B9u * (index + 1) ^ (stream * 0x85EBCA6Bu);
  for (std::size_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b[i] = static_cast<std::uint8_t>(x);
  }
  return b;
}

struct Endpoint {
  std::unique_ptr<SeededRandom> random;
  std::unique_ptr<Association> assoc;
  sim::NodeId id = 0;
  sim::NodeId peer = 0;
  std::vector<Event> events;
  std::vector<event::Message> messages;
  bool connected = false;
  std::optional<event::Closed> closed;
  // Called for every event as it is polled (after it is recorded).
  std::function<void(const Event&)> on_event;

  void drain() {
    while (auto e = assoc->poll_event()) {
      if (std::holds_alternative<event::Connected>(*e)) connected = true;
      if (auto* c = std::get_if<event::Closed>(&*e)) closed = *c;
      if (auto* m = std::get_if<event::Message>(&*e)) {
        messages.push_back(std::move(*m));
        if (on_event)
          on_event(Event(event::Message{
              messages.back().stream_id, messages.back().ppid, messages.back().unordered, {}}));
        continue;
      }
      events.push_back(*e);
      if (on_event) on_event(events.back());
    }
  }
};

class AssociationPair {
 public:
  explicit AssociationPair(AssociationConfig config = fast_config(), std::uint64_t seed = 1,
                           AssociationConfig config_b = {}, bool same = true)
      : net(seed) {
    a.random = std::make_unique<SeededRandom>(seed * 7 + 1);
    b.random = std::make_unique<SeededRandom>(seed * 7 + 2);
    a.assoc = std::make_unique<Association>(config, *a.random);
    b.assoc = std::make_unique<Association>(same ? config : config_b, *b.random);
    a.id = attach(a);
    b.id = attach(b);
    a.peer = b.id;
    b.peer = a.id;
  }

  // Test defaults: WebRTC-like timers but a small RTO.Min so lossy runs finish quickly.
  static AssociationConfig fast_config() {
    AssociationConfig c;
    c.rto.initial = std::chrono::milliseconds(200);
    c.rto.min = std::chrono::milliseconds(50);
    c.rto.max = std::chrono::seconds(2);
    c.heartbeat_interval = std::chrono::seconds(0);
    c.max_retransmissions = 50;
    return c;
  }

  void connect_both() {
    a.assoc->connect(net.now());
    b.assoc->connect(net.now());
  }
  bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(60)) {
    return net.run_until(done, limit);
  }
  bool establish() {
    connect_both();
    return run_until([&] { return a.connected && b.connected; });
  }

  sim::SimNetwork net;
  Endpoint a;
  Endpoint b;
  std::vector<Bytes> wire_a_to_b;  // filled when capture is on
  bool capture = false;

 private:
  sim::NodeId attach(Endpoint& e) {
    Endpoint* ep = &e;
    return net.add_node(sim::NodeHooks{[ep](Timestamp now, BytesView d) {
                                         ep->assoc->handle_receive(now, d);
                                         ep->drain();
                                       },
                                       [ep](Timestamp now) {
                                         ep->assoc->handle_timeout(now);
                                         ep->drain();
                                       },
                                       [ep]() { return ep->assoc->poll_timeout(); },
                                       [this, ep](Timestamp now) -> std::optional<sim::Outgoing> {
                                         auto p = ep->assoc->poll_transmit(now);
                                         ep->drain();
                                         if (!p) return std::nullopt;
                                         if (capture && ep == &a) wire_a_to_b.push_back(*p);
                                         return sim::Outgoing{ep->peer, std::move(*p)};
                                       }});
  }
};

}  // namespace rtc::sctp::testing
