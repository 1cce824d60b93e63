// ICE agent benchmarks (ice/). What each row measures:
//   BM_ConnectLoopback/ta_ms   two agents on real 127.0.0.1 UDP sockets, from the moment both
//                              have each other's candidates to the selected pair nominated on
//                              both sides (manual time, wall clock). The theoretical minimum is
//                              one Ta (the nomination is the second paced check) plus two RTTs.
//   BM_ComputePriority         RFC 8445 §5.1.2.1 priority of one candidate
//   BM_PairPriority            §6.1.2.3 pair priority
//   BM_FormPairs/N             an agent with 4 local sockets learning N remote candidates (pair
//                              formation, sorting, pruning at max_pairs = 100)
//   BM_AnswerCheck             one authenticated Binding request in, its response out (HMAC-SHA1
//                              verify + sign, CRC-32 twice, prflx lookup)
#include <benchmark/benchmark.h>

#include "../ice/src/internal.hpp"  // detail::pair_priority
#include "../tests/ice/check_helpers.hpp"
#include "../tests/ice/udp_loopback.hpp"
#include "rtc/ice/agent.hpp"

namespace {

using namespace rtc;
using namespace rtc::ice;

void BM_ConnectLoopback(benchmark::State& state) {
  const Duration ta = milliseconds(state.range(0));
  SecureRandom random;
  for (auto _ : state) {
    testing::UdpSocket sa, sb;
    if (!sa.ok() || !sb.ok()) {
      state.SkipWithError("no loopback UDP");
      return;
    }
    AgentConfig ca, cb;
    ca.role = Role::controlling;
    cb.role = Role::controlled;
    ca.ta = cb.ta = ta;
    Agent a(ca, random), b(cb, random);
    Timestamp now = now_steady();
    a.set_remote_credentials(b.local_ufrag(), b.local_pwd());
    b.set_remote_credentials(a.local_ufrag(), a.local_pwd());
    a.add_local_address(now, sa.address());
    b.add_local_address(now, sb.address());
    a.end_of_local_addresses(now);
    b.end_of_local_addresses(now);
    std::vector<Candidate> ca_list = a.local_candidates(), cb_list = b.local_candidates();
    while (a.poll_event() || b.poll_event()) {
    }
    bool a_selected = false, b_selected = false;
    std::vector<testing::LoopbackPeer> peers(2);
    peers[0].agent = &a;
    peers[0].socket = &sa;
    peers[0].on_event = [&](const Event& e) {
      a_selected |= std::holds_alternative<SelectedPairChanged>(e);
    };
    peers[1].agent = &b;
    peers[1].socket = &sb;
    peers[1].on_event = [&](const Event& e) {
      b_selected |= std::holds_alternative<SelectedPairChanged>(e);
    };

    const Timestamp start = now_steady();
    for (const auto& c : cb_list) (void)a.add_remote_candidate(start, c);
    for (const auto& c : ca_list) (void)b.add_remote_candidate(start, c);
    const bool ok =
        testing::drive(peers, [&] { return a_selected && b_selected; }, std::chrono::seconds(5));
    const Timestamp end = now_steady();
    if (!ok) {
      state.SkipWithError("did not connect");
      return;
    }
    state.SetIterationTime(std::chrono::duration<double>(end - start).count());
  }
}
BENCHMARK(BM_ConnectLoopback)
    ->Arg(5)
    ->Arg(50)
    ->ArgName("ta_ms")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20);

void BM_ComputePriority(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        compute_priority(126, local_preference(AddressFamily::ipv4, i++ & 7), 1));
  }
}
BENCHMARK(BM_ComputePriority);

void BM_PairPriority(benchmark::State& state) {
  std::uint32_t g = 2130706431, d = 1694498815;
  for (auto _ : state) {
    benchmark::DoNotOptimize(detail::pair_priority(g, d));
    ++d;
  }
}
BENCHMARK(BM_PairPriority);

void BM_FormPairs(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<Candidate> remotes;
  for (int i = 0; i < n; ++i) {
    Candidate c;
    c.foundation = std::to_string(i % 7);
    c.priority = static_cast<std::uint32_t>(2130706431 - i * 1000);
    c.address = SocketAddress::ipv4(
        {10, 0, static_cast<std::uint8_t>(i / 250), static_cast<std::uint8_t>(i % 250)}, 9000);
    remotes.push_back(c);
  }
  SeededRandom random(1);
  ManualClock clock;
  for (auto _ : state) {
    AgentConfig cfg;
    cfg.local_ufrag = "ufrg";
    cfg.local_pwd = "password-password-0123";
    Agent agent(cfg, random);
    for (std::uint8_t s = 1; s <= 4; ++s)
      agent.add_local_address(clock.now(), SocketAddress::ipv4({192, 168, 1, s}, 5000));
    agent.set_remote_credentials("rmte", "remote-password-0123456789");
    for (const auto& c : remotes) (void)agent.add_remote_candidate(clock.now(), c);
    benchmark::DoNotOptimize(agent.pair_stats().size());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_FormPairs)->Arg(4)->Arg(25)->Arg(100);

void BM_AnswerCheck(benchmark::State& state) {
  SeededRandom random(1);
  ManualClock clock;
  AgentConfig cfg;
  cfg.role = Role::controlled;
  cfg.local_ufrag = "llll";
  cfg.local_pwd = "local-password-0123456789";
  Agent agent(cfg, random);
  const auto local = SocketAddress::ipv4({192, 0, 2, 1}, 5000);
  const auto remote = SocketAddress::ipv4({192, 0, 2, 2}, 6000);
  agent.add_local_address(clock.now(), local);
  agent.set_remote_credentials("rrrr", "remote-password-0123456789");
  testing::CheckSpec spec;
  spec.username = "llll:rrrr";
  spec.password = "local-password-0123456789";
  spec.controlling = 7;
  const Bytes check = testing::make_check(spec);
  for (auto _ : state) {
    (void)agent.handle_receive(clock.now(), local, remote, check);
    while (auto t = agent.poll_transmit()) benchmark::DoNotOptimize(t->data.data());
  }
}
BENCHMARK(BM_AnswerCheck);

}  // namespace
