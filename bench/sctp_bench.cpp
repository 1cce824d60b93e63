// SCTP association throughput (RFC 9260 data path), in process.
//
//   BM_SctpThroughput/<message size>: two associations wired back to back, no loss, no delay:
//     wall-clock throughput of the whole stack (fragmentation, CRC-32c on both sides, SACKs,
//     reassembly). The "bytes_per_second" column is user payload delivered.
//   BM_SctpOverDtlsThroughput/<message size>: the same, but every SCTP packet goes through two
//     in-process DTLS 1.2 endpoints (RFC 8261) with TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
//     as in a PeerConnection: sctp poll_transmit -> dtls send -> datagram -> peer dtls
//     handle_receive -> ApplicationData -> sctp handle_receive. The label names the crypto
//     provider (mbedTLS by default, OpenSSL with -DRTC_CRYPTO=openssl).
//   BM_SctpGoodputLossy/<rtt ms>: 2% random loss each way, the given RTT, a 100 Mbit/s
//     bottleneck with a 1 MB queue, 30 s of virtual time with an always-full send queue, five
//     loss seeds. Counters:
//       goodput_Mbps      user payload delivered per *virtual* second (what a user would see),
//                         the median over the seeds (goodput_min/max_Mbps: the extremes)
//       mathis_reno_Mbps  the Mathis et al. model of a Reno/CUBIC-in-TCP-friendly-mode TCP flow
//                         with MSS 1448 at the same RTT and loss (MSS/RTT * 1.22/sqrt(p)): a
//                         model, not a measurement
//     and the wall-clock time of the five simulated runs as the benchmark time.
//     bench/scripts/sctp_vs_tcp.sh measures real Linux TCP CUBIC under the same conditions
//     (the same link model, in two network namespaces) and prints it next to these figures.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "../tests/support/sim_network.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/dtls/endpoint.hpp"
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

// Two associations in one process. Without DTLS a packet goes straight from one to the
// other; with DTLS it is sealed by one endpoint and opened by the other on the way.
class BackToBack {
 public:
  SeededRandom ra{1}, rb{2};
  Association a{bench_config(), ra};
  Association b{bench_config(), rb};
  ManualClock clock;
  std::size_t delivered = 0;
  std::size_t delivered_messages = 0;

  explicit BackToBack(bool over_dtls) {
    if (over_dtls && !dtls_handshake()) return;
    a.connect(clock.now());
    b.connect(clock.now());
    for (int i = 0; i < 1000 && (!a.is_established() || !b.is_established()); ++i) pump();
  }
  bool ready() const { return a.is_established() && b.is_established(); }
  const char* error() const { return error_; }

  // Moves every pending packet; advances the clock to the next timer when idle.
  bool pump() {
    bool moved = false;
    while (auto p = a.poll_transmit(clock.now())) {
      deliver(dtls_a_.get(), dtls_b_.get(), b, *p);
      moved = true;
    }
    while (auto p = b.poll_transmit(clock.now())) {
      deliver(dtls_b_.get(), dtls_a_.get(), a, *p);
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

 private:
  static std::shared_ptr<const dtls::Identity> identity(int i) {
    static const std::shared_ptr<const dtls::Identity> ids[2] = {
        dtls::Identity::generate(std::chrono::system_clock::now()).value(),
        dtls::Identity::generate(std::chrono::system_clock::now()).value()};
    return ids[i];
  }
  static dtls::Config dtls_config(dtls::Role role, int self, int peer) {
    dtls::Config c;
    c.role = role;
    c.identity = identity(self);
    c.remote_fingerprint =
        dtls::Fingerprint::parse(identity(peer)->certificate.to_sdp_fingerprint()).value();
    // The suite browsers negotiate (they list it first); forced so that the figure is AES-GCM's
    // whatever the default order becomes.
    c.cipher_suites = {dtls::CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256};
    return c;
  }

  // RFC 8261 §5: an SCTP packet is the payload of one DTLS application_data record.
  void deliver(dtls::DtlsEndpoint* from, dtls::DtlsEndpoint* to, Association& peer,
               BytesView packet) {
    if (from == nullptr) {
      peer.handle_receive(clock.now(), packet);
      return;
    }
    (void)from->send(packet);
    while (auto datagram = from->poll_transmit()) {
      to->handle_receive(clock.now(), *datagram);
      while (auto e = to->poll_event()) {
        if (auto* d = std::get_if<dtls::ApplicationData>(&*e))
          peer.handle_receive(clock.now(), d->data);
      }
    }
  }

  bool dtls_handshake() {
    dtls_a_ = std::make_unique<dtls::DtlsEndpoint>(dtls_config(dtls::Role::client, 0, 1), ra);
    dtls_b_ = std::make_unique<dtls::DtlsEndpoint>(dtls_config(dtls::Role::server, 1, 0), rb);
    dtls_b_->start(clock.now());
    dtls_a_->start(clock.now());
    std::optional<dtls::CipherSuite> suite;
    for (bool moved = true; moved;) {
      moved = false;
      while (auto d = dtls_a_->poll_transmit()) {
        dtls_b_->handle_receive(clock.now(), *d);
        moved = true;
      }
      while (auto d = dtls_b_->poll_transmit()) {
        dtls_a_->handle_receive(clock.now(), *d);
        moved = true;
      }
      while (auto e = dtls_a_->poll_event()) {
        if (auto* c = std::get_if<dtls::Connected>(&*e)) suite = c->cipher_suite;
      }
      while (dtls_b_->poll_event()) {
      }
    }
    if (dtls_a_->state() != dtls::State::connected || dtls_b_->state() != dtls::State::connected) {
      error_ = "DTLS handshake did not complete";
      return false;
    }
    if (suite != dtls::CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256) {
      error_ = "DTLS did not negotiate AES-128-GCM";
      return false;
    }
    return true;
  }

  std::unique_ptr<dtls::DtlsEndpoint> dtls_a_, dtls_b_;
  const char* error_ = "SCTP association not established";
};

void run_throughput(benchmark::State& state, bool over_dtls) {
  const auto size = static_cast<std::size_t>(state.range(0));
  BackToBack link(over_dtls);
  if (!link.ready()) {
    state.SkipWithError(link.error());
    return;
  }
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
  if (over_dtls) state.SetLabel(crypto::provider_name() + ", AES-128-GCM");
}

void BM_SctpThroughput(benchmark::State& state) {
  run_throughput(state, false);
}
BENCHMARK(BM_SctpThroughput)
    ->Arg(1024)
    ->Arg(64 * 1024)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_SctpOverDtlsThroughput(benchmark::State& state) {
  run_throughput(state, true);
}
BENCHMARK(BM_SctpOverDtlsThroughput)
    ->Arg(1024)
    ->Arg(64 * 1024)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

struct LossyRun {
  double goodput_mbps = 0;
  std::uint64_t fast_retransmits = 0;
  std::uint64_t t3_expirations = 0;
};

// One 30 s virtual-time transfer from a to b through SimNetwork, loss drawn from `seed`.
LossyRun run_lossy(Duration rtt, double loss, std::uint64_t seed) {
  const Duration virtual_run = 30s;
  sim::SimNetwork net(seed);
  SeededRandom ra(1), rb(2);
  Association a(bench_config(), ra), b(bench_config(), rb);
  std::size_t delivered = 0;
  auto node = [&](Association& self, bool count) {
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
  const auto ida = net.add_node(node(a, false));
  const auto idb = net.add_node(node(b, true));
  // Both directions: the loss hits DATA and SACKs alike, half the RTT each way.
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
  return {
      static_cast<double>(delivered) * 8 / std::chrono::duration<double>(virtual_run).count() / 1e6,
      a.stats().fast_retransmits, a.stats().t3_expirations};
}

void BM_SctpGoodputLossy(benchmark::State& state) {
  const auto rtt = std::chrono::milliseconds(state.range(0));
  const double loss = 0.02;
  // One loss pattern is one sample: a few unlucky T3 timeouts move a 30 s figure a lot.
  constexpr std::uint64_t kSeeds[] = {42, 43, 44, 45, 46};
  std::vector<LossyRun> runs;
  for (auto _ : state) {
    runs.clear();
    for (const auto seed : kSeeds) runs.push_back(run_lossy(rtt, loss, seed));
  }
  std::sort(runs.begin(), runs.end(),
            [](const LossyRun& x, const LossyRun& y) { return x.goodput_mbps < y.goodput_mbps; });
  const double rtt_s = std::chrono::duration<double>(rtt).count();
  double fast = 0, t3 = 0;
  for (const auto& r : runs) {
    fast += static_cast<double>(r.fast_retransmits) / static_cast<double>(runs.size());
    t3 += static_cast<double>(r.t3_expirations) / static_cast<double>(runs.size());
  }
  state.counters["goodput_Mbps"] = runs[runs.size() / 2].goodput_mbps;  // the median
  state.counters["goodput_min_Mbps"] = runs.front().goodput_mbps;
  state.counters["goodput_max_Mbps"] = runs.back().goodput_mbps;
  state.counters["fast_retransmits"] = fast;  // per run, mean over the seeds
  state.counters["t3_expirations"] = t3;
  state.counters["mathis_reno_Mbps"] = 1448 * 8 / rtt_s * std::sqrt(1.5) / std::sqrt(loss) / 1e6;
}
BENCHMARK(BM_SctpGoodputLossy)->Arg(20)->Arg(50)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
