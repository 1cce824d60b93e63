// Two PeerConnections wired together in one process: datagrams go from one's poll_transmit to
// the other's handle_receive by destination address, with a virtual clock that jumps to the
// next timer. No sockets, no sleeps: a whole offer/answer, ICE, DTLS and SCTP run in
// milliseconds of real time and replay exactly for a given seed.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <functional>
#include <vector>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/peer/peer_connection.hpp"

namespace rtc::peer::testing {

inline std::shared_ptr<const dtls::Identity> test_identity() {
  // A fixed wall-clock time keeps the certificates valid for the run whatever the date.
  static auto identity =
      *dtls::Identity::generate(std::chrono::system_clock::time_point(std::chrono::hours(490000)));
  return identity;
}

struct Side {
  Side(std::uint64_t seed, SocketAddress address, Configuration config = {})
      : random(seed), address(address) {
    if (!config.identity) config.identity = test_identity();
    pc = std::make_unique<PeerConnection>(std::move(config), random);
  }
  SeededRandom random;
  SocketAddress address;
  std::unique_ptr<PeerConnection> pc;
  std::vector<Event> events;
  std::vector<std::string> candidates;  // trickled, to hand to the other side
};

class Harness {
 public:
  Harness()
      : a(1, *SocketAddress::parse("10.0.0.1:5000")), b(2, *SocketAddress::parse("10.0.0.2:6000")) {
    a.pc->add_local_address(clock.now(), a.address);
    b.pc->add_local_address(clock.now(), b.address);
  }

  // Offer from a, answer from b, candidates trickled both ways.
  void negotiate() {
    auto offer = a.pc->create_offer();
    ASSERT_TRUE(offer) << offer.error().to_string();
    ASSERT_TRUE(a.pc->set_local_description(clock.now(), *offer));
    auto r = b.pc->set_remote_description(clock.now(), *offer);
    ASSERT_TRUE(r) << r.error().to_string();
    auto answer = b.pc->create_answer();
    ASSERT_TRUE(answer) << answer.error().to_string();
    ASSERT_TRUE(b.pc->set_local_description(clock.now(), *answer));
    r = a.pc->set_remote_description(clock.now(), *answer);
    ASSERT_TRUE(r) << r.error().to_string();
  }

  // Moves datagrams and fires timers until `done` or `limit` of virtual time passes.
  bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(30)) {
    const Timestamp end = clock.now() + limit;
    while (!done()) {
      bool moved = step();
      if (moved) continue;
      std::optional<Timestamp> next;
      for (auto* s : {&a, &b}) {
        auto t = s->pc->poll_timeout();
        if (t && (!next || *t < next)) next = t;
      }
      if (!next || *next > end) return done();
      if (*next > clock.now()) clock.set(*next);
      for (auto* s : {&a, &b}) {
        auto t = s->pc->poll_timeout();
        if (t && *t <= clock.now()) s->pc->handle_timeout(clock.now());
      }
    }
    return true;
  }

  // One round: drain events (trickling candidates) and deliver every queued datagram.
  bool step() {
    bool moved = false;
    for (auto* s : {&a, &b}) {
      Side& other = s == &a ? b : a;
      while (auto e = s->pc->poll_event()) {
        moved = true;
        if (auto* c = std::get_if<event::LocalCandidate>(&*e)) {
          (void)other.pc->add_ice_candidate(clock.now(), c->candidate, c->mid);
        }
        if (on_event) on_event(*s, *e);
        s->events.push_back(std::move(*e));
      }
      while (auto t = s->pc->poll_transmit()) {
        moved = true;
        ++datagrams;
        if (drop && drop(*t)) continue;
        Side* to = t->destination == a.address ? &a : t->destination == b.address ? &b : nullptr;
        if (to) to->pc->handle_receive(clock.now(), t->destination, t->socket, t->data);
      }
    }
    return moved;
  }

  template <class E>
  static std::vector<E> events_of(const Side& s) {
    std::vector<E> out;
    for (const auto& e : s.events) {
      if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
    }
    return out;
  }

  ManualClock clock;
  Side a, b;
  std::size_t datagrams = 0;
  std::function<bool(const ice::Transmit&)> drop;
  std::function<void(Side&, const Event&)> on_event;
};

}  // namespace rtc::peer::testing
