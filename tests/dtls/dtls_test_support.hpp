// Shared helpers for the dtls tests: identities (generated once per process: key generation is
// the slow part) and a pair of endpoints wired back to back in memory.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <vector>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/dtls/endpoint.hpp"

namespace rtc::dtls::test {

// Certificates get a validity around the real date so that openssl does not call them expired
// (we never check validity ourselves: trust is the fingerprint).
inline std::chrono::system_clock::time_point wall_clock() {
  return std::chrono::system_clock::now();
}

inline std::shared_ptr<const Identity> identity(int which) {
  static std::shared_ptr<const Identity> ids[3];
  if (!ids[which]) ids[which] = Identity::generate(wall_clock()).value();
  return ids[which];
}

inline Config make_config(Role role, int self = 0, int peer = 1) {
  Config c;
  c.role = role;
  c.identity = identity(self);
  c.remote_fingerprint =
      Fingerprint::parse(identity(peer)->certificate.to_sdp_fingerprint()).value();
  return c;
}

struct Collected {
  std::optional<Connected> connected;
  std::optional<Failed> failed;
  bool closed = false;
  std::vector<Bytes> data;
};

inline void drain_events(DtlsEndpoint& e, Collected& out) {
  while (auto ev = e.poll_event()) {
    if (auto* c = std::get_if<Connected>(&*ev)) out.connected = *c;
    if (auto* f = std::get_if<Failed>(&*ev)) out.failed = *f;
    if (std::holds_alternative<Closed>(*ev)) out.closed = true;
    if (auto* d = std::get_if<ApplicationData>(&*ev)) out.data.push_back(d->data);
  }
}

// Two endpoints connected by a perfect in-memory link; `tap` may drop (return false) or edit
// datagrams. Virtual time advances only to the next timeout when nothing is in flight.
struct Pair {
  Pair(Config client_config, Config server_config, std::uint64_t seed = 1)
      : random(seed),
        client(std::move(client_config), random),
        server(std::move(server_config), random) {}

  SeededRandom random;
  DtlsEndpoint client;
  DtlsEndpoint server;
  ManualClock clock;
  Collected client_events, server_events;
  std::function<bool(bool from_client, Bytes& datagram)> tap;
  std::size_t datagrams = 0;

  void start() {
    server.start(clock.now());
    client.start(clock.now());
  }

  // Delivers everything pending; returns whether anything moved.
  bool pump_once() {
    bool moved = false;
    while (auto d = client.poll_transmit()) {
      moved = true;
      ++datagrams;
      if (!tap || tap(true, *d)) server.handle_receive(clock.now(), *d);
    }
    while (auto d = server.poll_transmit()) {
      moved = true;
      ++datagrams;
      if (!tap || tap(false, *d)) client.handle_receive(clock.now(), *d);
    }
    drain_events(client, client_events);
    drain_events(server, server_events);
    return moved;
  }

  // Runs until both connected (or one failed), advancing virtual time through timeouts.
  bool run(Duration limit = std::chrono::seconds(120)) {
    const Timestamp end = clock.now() + limit;
    while (clock.now() < end) {
      while (pump_once()) {
      }
      if (client_events.failed || server_events.failed) return false;
      if (client_events.connected && server_events.connected) return true;
      std::optional<Timestamp> next = client.poll_timeout();
      if (auto t = server.poll_timeout(); t && (!next || *t < *next)) next = t;
      if (!next) return false;
      if (*next > clock.now()) clock.set(*next);
      client.handle_timeout(clock.now());
      server.handle_timeout(clock.now());
    }
    return false;
  }
};

}  // namespace rtc::dtls::test
