// PeerConnection speed (issue 9's targets), C++ to C++:
//   BM_ConnectLoopback      wall time from applying the answer to connectionState "connected"
//                           on both sides (ICE + DTLS), two PeerRunners on loopback UDP
//   BM_ConnectInMemory      the same handshake with no sockets: the CPU cost of ICE + DTLS +
//                           SCTP + DCEP for one call (both sides)
//   BM_DataChannelLoopback  data-channel throughput over the whole stack on loopback
//                           (SCTP in DTLS in UDP), 64 KiB messages, bytes per second
//   BM_IdleMemory           heap per connected, idle PeerConnection (mallinfo2)
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "rtc/common/random.hpp"
#include "rtc/net/peer_runner.hpp"

namespace {

using namespace std::chrono_literals;
using namespace rtc;

std::shared_ptr<const dtls::Identity> identity() {
  static auto id = *dtls::Identity::generate(std::chrono::system_clock::now());
  return id;
}

// --- In memory
// ------------------------------------------------------------------------------------

struct Pair {
  SeededRandom ra{1}, rb{2};
  SocketAddress aa = *SocketAddress::parse("10.0.0.1:1000");
  SocketAddress ab = *SocketAddress::parse("10.0.0.2:2000");
  ManualClock clock;
  std::unique_ptr<peer::PeerConnection> a, b;
  bool a_open = false, b_open = false;

  Pair() {
    peer::Configuration c;
    c.identity = identity();
    a = std::make_unique<peer::PeerConnection>(c, ra);
    b = std::make_unique<peer::PeerConnection>(c, rb);
    a->add_local_address(clock.now(), aa);
    b->add_local_address(clock.now(), ab);
  }
  void negotiate() {
    (void)a->create_data_channel(clock.now(), "bench");
    auto offer = *a->create_offer();
    (void)a->set_local_description(clock.now(), offer);
    (void)b->set_remote_description(clock.now(), offer);
    auto answer = *b->create_answer();
    (void)b->set_local_description(clock.now(), answer);
    (void)a->set_remote_description(clock.now(), answer);
  }
  bool step() {
    bool moved = false;
    for (auto* pc : {a.get(), b.get()}) {
      auto* other = pc == a.get() ? b.get() : a.get();
      while (auto e = pc->poll_event()) {
        moved = true;
        if (auto* c = std::get_if<peer::event::LocalCandidate>(&*e)) {
          (void)other->add_ice_candidate(clock.now(), c->candidate);
        }
        if (std::get_if<peer::event::DataChannelOpen>(&*e))
          (pc == a.get() ? a_open : b_open) = true;
      }
      while (auto t = pc->poll_transmit()) {
        moved = true;
        other->handle_receive(clock.now(), t->destination, t->socket, t->data);
      }
    }
    return moved;
  }
  bool run_until_open() {
    for (int i = 0; i < 100000 && !(a_open && b_open); ++i) {
      if (step()) continue;
      std::optional<Timestamp> next;
      for (auto* pc : {a.get(), b.get()}) {
        auto t = pc->poll_timeout();
        if (t && (!next || *t < *next)) next = t;
      }
      if (!next) return false;
      if (*next > clock.now()) clock.set(*next);
      a->handle_timeout(clock.now());
      b->handle_timeout(clock.now());
    }
    return a_open && b_open;
  }
};

void BM_ConnectInMemory(benchmark::State& state) {
  for (auto _ : state) {
    Pair p;
    p.negotiate();
    if (!p.run_until_open()) state.SkipWithError("did not connect");
  }
}
BENCHMARK(BM_ConnectInMemory)->Unit(benchmark::kMillisecond);

void BM_IdleMemory(benchmark::State& state) {
  const int n = 50;
  double per_connection = 0;
  for (auto _ : state) {
    identity();
    const auto before = mallinfo2().uordblks;
    std::vector<std::unique_ptr<Pair>> pairs;
    for (int i = 0; i < n; ++i) {
      pairs.push_back(std::make_unique<Pair>());
      pairs.back()->negotiate();
      pairs.back()->run_until_open();
    }
    const auto after = mallinfo2().uordblks;
    per_connection = static_cast<double>(after - before) / (2.0 * n);
  }
  state.counters["bytes_per_pc"] = per_connection;
}
BENCHMARK(BM_IdleMemory)->Iterations(1)->Unit(benchmark::kMillisecond);

// --- On loopback sockets
// --------------------------------------------------------------------------

struct Watch {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> candidates;
  bool connected = false, open = false;
  std::uint64_t bytes = 0;
  std::uint16_t channel = 0;
  bool low = true;

  net::PeerRunnerOptions options() {
    net::PeerRunnerOptions o;
    o.bind = {*SocketAddress::parse("127.0.0.1:0")};
    o.on_event = [this](peer::PeerConnection& pc, const peer::Event& e) {
      std::lock_guard lock(mutex);
      if (auto* c = std::get_if<peer::event::LocalCandidate>(&e))
        candidates.push_back(c->candidate);
      if (auto* s = std::get_if<peer::event::ConnectionStateChanged>(&e)) {
        connected = s->state == peer::ConnectionState::connected;
      }
      if (auto* o = std::get_if<peer::event::DataChannelOpen>(&e)) {
        open = true;
        channel = o->id;
        pc.set_buffered_amount_low_threshold(o->id, 1 << 20);
      }
      if (auto* m = std::get_if<peer::event::DataChannelMessage>(&e)) bytes += m->data.size();
      if (std::get_if<peer::event::DataChannelBufferedAmountLow>(&e)) low = true;
      cv.notify_all();
    };
    return o;
  }
};

// Connects two runners; returns the wall time from the answer being applied to both connected.
std::optional<Duration> connect(net::PeerRunner& a, net::PeerRunner& b, Watch& wa, Watch& wb) {
  auto offer = a.call([](peer::PeerConnection& pc, Timestamp now) {
    (void)pc.create_data_channel(now, "bench");
    auto o = *pc.create_offer();
    (void)pc.set_local_description(now, o);
    return o;
  });
  auto answer = b.call([&](peer::PeerConnection& pc, Timestamp now) {
    (void)pc.set_remote_description(now, offer);
    auto ans = *pc.create_answer();
    (void)pc.set_local_description(now, ans);
    return ans;
  });
  // Candidates are gathered at set_local_description; hand them over before the answer, as
  // a signaling channel would have by then (host candidates come at once).
  std::this_thread::sleep_for(5ms);
  auto hand_over = [](Watch& from, net::PeerRunner& to) {
    std::vector<std::string> c;
    {
      std::lock_guard lock(from.mutex);
      c = from.candidates;
    }
    to.call([&](peer::PeerConnection& pc, Timestamp now) {
      for (const auto& x : c) (void)pc.add_ice_candidate(now, x);
    });
  };
  hand_over(wb, a);
  const auto start = now_steady();
  a.call([&](peer::PeerConnection& pc, Timestamp now) {
    (void)pc.set_remote_description(now, answer);
  });
  hand_over(wa, b);
  std::unique_lock la(wa.mutex);
  if (!wa.cv.wait_for(la, 5s, [&] { return wa.connected; })) return std::nullopt;
  la.unlock();
  std::unique_lock lb(wb.mutex);
  if (!wb.cv.wait_for(lb, 5s, [&] { return wb.connected; })) return std::nullopt;
  return now_steady() - start;
}

void BM_ConnectLoopback(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    Watch wa, wb;
    peer::Configuration c;
    c.identity = identity();
    c.ice.ta = milliseconds(state.range(0));
    net::PeerRunner a(c, wa.options()), b(c, wb.options());
    (void)a.start();
    (void)b.start();
    state.ResumeTiming();
    auto took = connect(a, b, wa, wb);
    if (!took) {
      state.SkipWithError("did not connect");
      break;
    }
    state.SetIterationTime(std::chrono::duration<double>(*took).count());
    state.PauseTiming();
    a.stop();
    b.stop();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_ConnectLoopback)->Arg(50)->Arg(5)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_DataChannelLoopback(benchmark::State& state) {
  Watch wa, wb;
  peer::Configuration c;
  c.identity = identity();
  net::PeerRunner a(c, wa.options()), b(c, wb.options());
  (void)a.start();
  (void)b.start();
  if (!connect(a, b, wa, wb)) return state.SkipWithError("did not connect");
  {
    std::unique_lock la(wa.mutex);
    wa.cv.wait_for(la, 5s, [&] { return wa.open; });
  }
  const Bytes message(64 * 1024, 0x5A);
  const std::uint16_t channel = wa.channel;
  std::uint64_t sent = 0;
  for (auto _ : state) {
    // Keep ~4 MiB queued: send while bufferedAmount is low, then wait for the low event.
    const std::size_t queued = a.call([&](peer::PeerConnection& pc, Timestamp now) {
      while (pc.buffered_amount(channel) < (4u << 20)) {
        if (!pc.send_binary(now, channel, message)) break;
        sent += message.size();
      }
      return pc.buffered_amount(channel);
    });
    (void)queued;
    std::unique_lock la(wa.mutex);
    wa.low = false;
    wa.cv.wait_for(la, 2s, [&] { return wa.low; });
  }
  // Wait until b has everything, then count bytes per second of the whole run.
  std::unique_lock lb(wb.mutex);
  wb.cv.wait_for(lb, 10s, [&] { return wb.bytes >= sent; });
  state.SetBytesProcessed(static_cast<std::int64_t>(wb.bytes));
  lb.unlock();
  a.stop();
  b.stop();
}
BENCHMARK(BM_DataChannelLoopback)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

}  // namespace
