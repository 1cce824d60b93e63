// How fast is SDP parsing and serialization? (bench/scripts/sdp_compare.sh puts these numbers
// next to GStreamer's and sdp-transform's on the same file.)
//
// The input is bench/data/chromium-offer-6k.sdp: a 6.5 KB Chromium offer (audio + video +
// data, 18 ICE candidates, 15 video payload types), or the file named by $SDP_BENCH_FILE.
//
//   BM_Parse            parse() into a fresh SessionDescription. Every iteration also destroys
//                       the previous result, as real use does: ~80 allocations and frees.
//   BM_ParseStrict      the same with ParseOptions::strict (character-level checks added).
//   BM_ParseInto        parse_into() one SessionDescription kept across iterations: strings,
//                       vectors and attributes are reused, so nothing is allocated or freed.
//                       What a server that parses many SDPs pays per SDP.
//   BM_Serialize        serialize() into a fresh std::string (one allocation).
//   BM_SerializeReuse   serialize_to() into one buffer kept across iterations (no allocation).
//   BM_ParseCandidate   parse_candidate() on one trickled srflx candidate (strict, a new
//                       Candidate with its vector of extensions each time).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

const std::string& offer() {
  static const std::string text = [] {
    const char* env = std::getenv("SDP_BENCH_FILE");
    const std::string path =
        env ? env : std::string(RTC_SOURCE_DIR) + "/bench/data/chromium-offer-6k.sdp";
    std::ifstream in(path, std::ios::binary);
    std::string t{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (t.empty() || !rtc::sdp::parse(t)) {
      std::fprintf(stderr, "sdp_bench: cannot read or parse %s\n", path.c_str());
      std::exit(1);
    }
    return t;
  }();
  return text;
}

void BM_Parse(benchmark::State& state) {
  const std::string& text = offer();
  for (auto _ : state) {
    auto parsed = rtc::sdp::parse(text);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Parse);

void BM_ParseStrict(benchmark::State& state) {
  const std::string& text = offer();
  for (auto _ : state) {
    auto parsed = rtc::sdp::parse(text, {.strict = true});
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseStrict);

void BM_ParseInto(benchmark::State& state) {
  const std::string& text = offer();
  rtc::sdp::SessionDescription session;
  for (auto _ : state) {
    auto ok = rtc::sdp::parse_into(text, session);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(session);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseInto);

void BM_Serialize(benchmark::State& state) {
  const auto session = *rtc::sdp::parse(offer());
  std::size_t size = 0;
  for (auto _ : state) {
    std::string text = rtc::sdp::serialize(session);
    size = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}
BENCHMARK(BM_Serialize);

void BM_SerializeReuse(benchmark::State& state) {
  const auto session = *rtc::sdp::parse(offer());
  std::string text;
  for (auto _ : state) {
    text.clear();
    rtc::sdp::serialize_to(session, text);
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SerializeReuse);

void BM_ParseCandidate(benchmark::State& state) {
  const std::string candidate =
      "candidate:842163049 1 udp 1686052607 203.0.113.41 50318 typ srflx raddr 192.168.1.23 "
      "rport 52113 generation 0 ufrag Xy7q network-id 1 network-cost 10";
  for (auto _ : state) {
    auto parsed = rtc::sdp::parse_candidate(candidate);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_ParseCandidate);

}  // namespace
