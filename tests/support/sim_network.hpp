// SimNetwork: a deterministic, in-process network of byte-datagram endpoints driven by a
// virtual clock, for testing sans-IO protocol machines (SCTP, DTLS, ICE, ...) under loss,
// delay, jitter, reordering, duplication and limited bandwidth, with no sockets and no sleeps.
//
//   rtc::sim::SimNetwork net(/*seed=*/1);
//   auto a = net.add_node({.receive = ..., .timeout = ..., .poll_timeout = ..., .poll_transmit =
//   ...}); auto b = net.add_node({...}); net.set_link(a, b, {.delay = 10ms, .loss = 0.05});   //
//   one direction net.run_until([&] { return done; }, 60s);            // virtual time limit
//
// Each node is four callbacks, matching the sans-IO shape of ARCHITECTURE.md. A node's
// poll_transmit returns a datagram and the node it goes to (point-to-point protocols return
// their single peer). Every random choice comes from one SeededRandom, so a run replays bit for
// bit given the same seed; change the seed to explore other loss patterns.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"

namespace rtc::sim {

using NodeId = std::size_t;

// Impairments of one direction of a link.
struct LinkConfig {
  Duration delay = std::chrono::milliseconds(0);          // one-way propagation delay
  Duration jitter = std::chrono::milliseconds(0);         // uniform extra delay in [0, jitter]
  double loss = 0.0;                                      // probability a datagram is dropped
  double duplicate = 0.0;                                 // probability it is delivered twice
  double reorder = 0.0;                                   // probability it is held back ...
  Duration reorder_delay = std::chrono::milliseconds(5);  // ... by this much extra
  std::uint64_t bandwidth_bps = 0;                        // serialisation rate; 0 = unlimited
  std::size_t queue_bytes =
      0;  // bottleneck queue (drop-tail) when bandwidth_bps > 0; 0 = unbounded
};

struct Outgoing {
  NodeId to = 0;
  Bytes data;
};

struct NodeHooks {
  std::function<void(Timestamp, BytesView)> receive;
  std::function<void(Timestamp)> timeout;
  std::function<std::optional<Timestamp>()> poll_timeout;
  std::function<std::optional<Outgoing>(Timestamp)> poll_transmit;
};

struct LinkStats {
  std::uint64_t sent = 0, delivered = 0, lost = 0, duplicated = 0, reordered = 0, queue_drops = 0;
  std::uint64_t bytes_delivered = 0;
};

class SimNetwork {
 public:
  explicit SimNetwork(std::uint64_t seed) : random_(seed) {}

  Timestamp now() const { return clock_.now(); }
  ManualClock& clock() { return clock_; }
  Random& random() { return random_; }

  NodeId add_node(NodeHooks hooks) {
    nodes_.push_back(std::move(hooks));
    return nodes_.size() - 1;
  }
  // Impairments for datagrams from `from` to `to` (default: perfect, zero delay).
  void set_link(NodeId from, NodeId to, const LinkConfig& config) {
    links_[{from, to}].config = config;
  }
  void set_links(NodeId a, NodeId b, const LinkConfig& config) {
    set_link(a, b, config);
    set_link(b, a, config);
  }
  const LinkStats& link_stats(NodeId from, NodeId to) { return links_[{from, to}].stats; }

  // Optional tap on every datagram accepted onto a link (e.g. to write a pcap or corrupt it).
  std::function<void(NodeId from, NodeId to, Bytes& data)> on_send;

  // Hands a datagram to the network (nodes' poll_transmit output goes through here too).
  void send(NodeId from, NodeId to, Bytes data) {
    Link& link = links_[{from, to}];
    if (on_send) on_send(from, to, data);
    ++link.stats.sent;
    const LinkConfig& c = link.config;
    if (c.loss > 0 && random_.uniform_real(0, 1) < c.loss) {
      ++link.stats.lost;
      return;
    }
    Timestamp depart = now();
    if (c.bandwidth_bps > 0) {
      // A FIFO bottleneck: the datagram leaves once the ones ahead of it are serialised.
      if (link.busy_until < now()) link.busy_until = now();
      const auto backlog_bytes = static_cast<std::size_t>(
          std::chrono::duration<double>(link.busy_until - now()).count() * c.bandwidth_bps / 8);
      if (c.queue_bytes > 0 && backlog_bytes + data.size() > c.queue_bytes) {
        ++link.stats.queue_drops;
        return;
      }
      link.busy_until += std::chrono::nanoseconds(
          static_cast<std::int64_t>(data.size() * 8 * 1e9 / static_cast<double>(c.bandwidth_bps)));
      depart = link.busy_until;
    }
    Timestamp at = depart + c.delay;
    if (c.jitter.count() > 0) {
      at += Duration(static_cast<Duration::rep>(
          random_.uniform(static_cast<std::uint64_t>(c.jitter.count()) + 1)));
    }
    if (c.reorder > 0 && random_.uniform_real(0, 1) < c.reorder) {
      at += c.reorder_delay;
      ++link.stats.reordered;
    }
    const bool dup = c.duplicate > 0 && random_.uniform_real(0, 1) < c.duplicate;
    if (dup) {
      ++link.stats.duplicated;
      queue_.push(InFlight{at + std::chrono::microseconds(1), seq_++, from, to, data});
    }
    queue_.push(InFlight{at, seq_++, from, to, std::move(data)});
  }

  // Drains every node's pending output onto the network.
  void flush() {
    for (NodeId n = 0; n < nodes_.size(); ++n) {
      if (!nodes_[n].poll_transmit) continue;
      while (auto out = nodes_[n].poll_transmit(now())) send(n, out->to, std::move(out->data));
    }
  }

  // One step: flush output, advance the clock to the next delivery or timer (not past
  // `limit`), and run everything due then. Returns false when nothing is left to happen.
  bool step(Timestamp limit) {
    flush();
    std::optional<Timestamp> next;
    if (!queue_.empty()) next = queue_.top().at;
    for (auto& n : nodes_) {
      if (!n.poll_timeout) continue;
      if (auto t = n.poll_timeout(); t && (!next || *t < *next)) next = t;
    }
    if (!next) return false;
    if (*next > limit) {
      clock_.set(limit);
      return false;
    }
    if (*next > now()) clock_.set(*next);
    while (!queue_.empty() && queue_.top().at <= now()) {
      InFlight d = queue_.top();
      queue_.pop();
      Link& link = links_[{d.from, d.to}];
      ++link.stats.delivered;
      link.stats.bytes_delivered += d.data.size();
      if (nodes_[d.to].receive) nodes_[d.to].receive(now(), d.data);
    }
    for (auto& n : nodes_) {
      if (!n.poll_timeout || !n.timeout) continue;
      if (auto t = n.poll_timeout(); t && *t <= now()) n.timeout(now());
    }
    return true;
  }

  // Runs until `done()` holds (checked after every step) or `max_duration` of virtual time
  // passes. Returns whether `done()` became true.
  bool run_until(const std::function<bool()>& done, Duration max_duration) {
    const Timestamp limit = now() + max_duration;
    while (!done()) {
      if (!step(limit)) {
        flush();
        return done();
      }
    }
    return true;
  }
  // Runs for exactly `d` of virtual time (or until nothing is left to happen).
  void run_for(Duration d) {
    const Timestamp limit = now() + d;
    while (step(limit)) {
    }
    clock_.set(limit);
  }

 private:
  struct Link {
    LinkConfig config;
    LinkStats stats;
    Timestamp busy_until{};
  };
  struct InFlight {
    Timestamp at;
    std::uint64_t seq;  // ties broken by send order: deterministic
    NodeId from, to;
    Bytes data;
    bool operator>(const InFlight& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  ManualClock clock_;
  SeededRandom random_;
  std::vector<NodeHooks> nodes_;
  std::map<std::pair<NodeId, NodeId>, Link> links_;
  std::priority_queue<InFlight, std::vector<InFlight>, std::greater<>> queue_;
  std::uint64_t seq_ = 0;
};

}  // namespace rtc::sim
