// SCTP association throughput (RFC 9260 data path), in process, no DTLS.
//
//   BM_SctpThroughput/<message size>: two associations wired back to back, no loss, no delay:
//     wall-clock throughput of the whole stack (fragmentation, CRC-32c on both sides, SACKs,
//     reassembly). The "bytes_per_second" column is user payload delivered.
//   BM_SctpGoodputLossy/<rtt ms>: 2% random loss each way, the given RTT, a 100 Mbit/s
//     bottleneck, 30 s of virtual time with an always-full send queue. Counters:
//       goodput_Mbps      user payload delivered per *virtual* second (what a user would see)
//       mathis_reno_Mbps  the Mathis et al. model of a Reno/CUBIC-in-TCP-friendly-mode TCP flow
//                         with MSS 1448 at the same RTT and loss (MSS/RTT * 1.22/sqrt(p)): a
//                         model, not a measurement
//     and the wall-clock time per simulated run as the benchmark time.
// Over DTLS (AES-128-GCM) the figures will be lower; DTLS does not exist yet in this tree.
#include <benchmark/benchmark.h>

#include <cmath>

#include "../tests/support/sim_network.hpp"
#include "rtc/sctp/association.hpp"

namespace {

using namespace rtc;
using namespace rtc::sctp;
using namespace std::chrono_literals;

AssociationConfig bench_config() {
  AssociationConfig c;
  c.receive_window = 8 * 1024 * 1024;
  c.max_send_buffer = 64 * 1024 * 1024;
  c.heartbeat_interval = 0s;
  return c;
}

struct BackToBack {
  SeededRandom ra{1}, rb{2};
  Association a{bench_config(), ra};
  Association b{bench_config(), rb};
  ManualClock clock;
  std::size_t delivered = 0;
  std::size_t delivered_messages = 0;

  BackToBack() {
    a.connect(clock.now());
    b.connect(clock.now());
    while (!a.is_established() || !b.is_established()) pump();
  }
  // Moves every pending packet; advances the clock to the next timer when idle.
  bool pump() {
    bool moved = false;
    while (auto p = a.poll_transmit(clock.now())) {
      b.handle_receive(clock.now(), *p);
      moved = true;
    }
    while (auto p = b.poll_transmit(clock.now())) {
      a.handle_receive(clock.now(), *p);
      moved = true;
    }
    while (auto e = b.poll_event()) {
      if (auto* m = std::get_if<event::Message>(&*e)) {
        delivered += m->data.size();
        ++delivered_messages;
      }
    }
    while (a.poll_event()) {
    }
    if (!moved) {
      auto t = a.poll_timeout();
      auto tb = b.poll_timeout();
      if (tb && (!t || *tb < *t)) t = tb;
      if (t) {
        clock.set(std::max(clock.now(), *t));
        a.handle_timeout(clock.now());
        b.handle_timeout(clock.now());
      }
    }
    return moved;
  }
};

void BM_SctpThroughput(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  BackToBack link;
  const Bytes message(size, 0x5A);
  const std::size_t batch = std::max<std::size_t>(1, (4u << 20) / size);  // ~4 MiB per iteration
  std::size_t expected = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < batch; ++i) {
      if (!link.a.send(link.clock.now(), static_cast<std::uint16_t>(i % 8), 53, message))
        state.SkipWithError("send failed");
    }
    expected += batch;
    while (link.delivered_messages < expected) link.pump();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(link.delivered));
  state.counters["Gbit/s"] = benchmark::Counter(static_cast<double>(link.delivered) * 8 / 1e9,
                                                benchmark::Counter::kIsRate);
  state.counters["retransmissions"] = static_cast<double>(link.a.stats().retransmissions);
}
BENCHMARK(BM_SctpThroughput)
    ->Arg(1024)
    ->Arg(64 * 1024)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_SctpGoodputLossy(benchmark::State& state) {
  const auto rtt = std::chrono::milliseconds(state.range(0));
  const double loss = 0.02;
  const Duration virtual_run = 30s;
  double goodput = 0;
  for (auto _ : state) {
    sim::SimNetwork net(42);
    SeededRandom ra(1), rb(2);
    Association a(bench_config(), ra), b(bench_config(), rb);
    std::size_t delivered = 0;
    auto node = [&](Association& self, Association& other, bool count) {
      (void)other;
      return sim::NodeHooks{[&self, &delivered, count](Timestamp now, BytesView d) {
                              self.handle_receive(now, d);
                              while (auto e = self.poll_event()) {
                                if (auto* m = std::get_if<event::Message>(&*e); m && count)
                                  delivered += m->data.size();
                              }
                            },
                            [&self](Timestamp now) { self.handle_timeout(now); },
                            [&self]() { return self.poll_timeout(); },
                            [&self, count](Timestamp now) -> std::optional<sim::Outgoing> {
                              auto p = self.poll_transmit(now);
                              if (!p) return std::nullopt;
                              return sim::Outgoing{count ? 0u : 1u, std::move(*p)};
                            }};
    };
    const auto ida = net.add_node(node(a, b, false));
    const auto idb = net.add_node(node(b, a, true));
    net.set_links(
        ida, idb,
        {.delay = rtt / 2, .loss = loss, .bandwidth_bps = 100'000'000, .queue_bytes = 1'000'000});
    a.connect(net.now());
    b.connect(net.now());
    net.run_until([&] { return a.is_established() && b.is_established(); }, 10s);
    const Timestamp start = net.now();
    const Bytes message(16 * 1024, 1);
    while (net.now() - start < virtual_run) {
      while (a.total_buffered_amount() < 2 * 1024 * 1024) (void)a.send(net.now(), 0, 53, message);
      net.run_for(100ms);
    }
    goodput = static_cast<double>(delivered) * 8 /
              std::chrono::duration<double>(virtual_run).count() / 1e6;
    state.counters["fast_retransmits"] = static_cast<double>(a.stats().fast_retransmits);
    state.counters["t3_expirations"] = static_cast<double>(a.stats().t3_expirations);
  }
  const double rtt_s = std::chrono::duration<double>(rtt).count();
  state.counters["goodput_Mbps"] = goodput;
  state.counters["mathis_reno_Mbps"] = 1448 * 8 / rtt_s * std::sqrt(1.5) / std::sqrt(loss) / 1e6;
}
BENCHMARK(BM_SctpGoodputLossy)->Arg(20)->Arg(50)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
