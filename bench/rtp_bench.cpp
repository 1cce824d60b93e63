// RTP/RTCP hot paths (rtp/): parse and build an RTP packet with header extensions, parse a
// compound RTCP packet (zero-copy walk, and typed), VP8 packetize and depacketize.
// Issue 6 targets: RTP header parse (extensions indexed) under 10 ns, RTCP compound parse
// under 50 ns. Run: build/default/bench/rtp_bench
#include <benchmark/benchmark.h>

#include "rtc/rtp/rtcp_compound.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "rtc/rtp/vp8_payload.hpp"

namespace {

using namespace rtc::rtp;

// A 1200-octet video packet as Chrome sends it: mid, abs-send-time, transport-wide-cc.
rtc::Bytes make_packet() {
  const rtc::Bytes payload(1200 - 12 - 16, 0x5a);
  const std::uint8_t mid[] = {'1'};
  RtpPacketBuilder b;
  b.payload_type(96).sequence_number(1000).timestamp(90000).ssrc(0x12345678).marker(true);
  b.add_extension(4, mid)
      .add_extension(2, encode_abs_send_time(0x123456))
      .add_extension(3, encode_transport_sequence(77));
  b.payload(payload);
  return *b.build();
}

void BM_RtpParse(benchmark::State& state) {
  const rtc::Bytes packet = make_packet();
  for (auto _ : state) {
    auto view = RtpPacketView::parse(packet);
    benchmark::DoNotOptimize(view);
  }
}
BENCHMARK(BM_RtpParse);

// The header view alone (what SRTP uses): fixed header, CSRCs, extension block bounds, padding.
void BM_RtpHeaderViewOnly(benchmark::State& state) {
  const rtc::Bytes packet = make_packet();
  for (auto _ : state) {
    auto view = RtpHeaderView::parse(packet);
    benchmark::DoNotOptimize(view);
  }
}
BENCHMARK(BM_RtpHeaderViewOnly);

void BM_RtpParseAndReadTransportSeq(benchmark::State& state) {
  const rtc::Bytes packet = make_packet();
  for (auto _ : state) {
    auto view = RtpPacketView::parse(packet);
    auto seq = decode_transport_sequence(*view->extension(3));
    benchmark::DoNotOptimize(seq);
  }
}
BENCHMARK(BM_RtpParseAndReadTransportSeq);

void BM_RtpBuild(benchmark::State& state) {
  const rtc::Bytes payload(1200 - 12 - 16, 0x5a);
  const std::uint8_t mid[] = {'1'};
  RtpPacketBuilder b;
  b.payload_type(96).timestamp(90000).ssrc(0x12345678);
  b.add_extension(4, mid).add_extension(3, encode_transport_sequence(77)).payload(payload);
  rtc::Bytes out;
  std::uint16_t seq = 0;
  for (auto _ : state) {
    b.sequence_number(seq++);
    auto ok = b.build_into(out);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_RtpBuild);

rtc::Bytes make_compound() {
  SenderReport sr{0x11223344, 0xe1e2e3e4e5e6e7e8ull, 90000, 100, 120000, {}};
  sr.reports.push_back({0xaabbccdd, 3, 10, 70000, 20, 0x12345678, 0x10000});
  const RtcpPacket packets[] = {sr, Sdes::with_cname(0x11223344, "abcdefghijklmnop")};
  return serialize_rtcp(packets);
}

void BM_RtcpCompoundWalk(benchmark::State& state) {
  const rtc::Bytes compound = make_compound();
  for (auto _ : state) {
    auto view = RtcpCompoundView::parse(compound, RtcpMode::compound);
    std::uint32_t sum = 0;
    for (auto header : *view) sum += header.sender_ssrc();
    benchmark::DoNotOptimize(sum);
  }
}
BENCHMARK(BM_RtcpCompoundWalk);

void BM_RtcpCompoundParseTyped(benchmark::State& state) {
  const rtc::Bytes compound = make_compound();
  for (auto _ : state) {
    auto packets = parse_rtcp(compound, RtcpMode::compound);
    benchmark::DoNotOptimize(packets);
  }
}
BENCHMARK(BM_RtcpCompoundParseTyped);

void BM_Vp8Packetize(benchmark::State& state) {
  const rtc::Bytes frame(static_cast<std::size_t>(state.range(0)), 0x11);
  Vp8Packetizer packetizer;
  for (auto _ : state) {
    auto payloads = packetizer.packetize(frame);
    benchmark::DoNotOptimize(payloads);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Vp8Packetize)->Arg(1000)->Arg(30000);

void BM_Vp8Depacketize(benchmark::State& state) {
  const rtc::Bytes frame(30000, 0x11);
  Vp8Packetizer packetizer;
  const auto payloads = *packetizer.packetize(frame);
  Vp8Depacketizer depacketizer;
  rtc::Bytes out;
  out.reserve(frame.size());
  for (auto _ : state) {
    out.clear();
    for (const auto& p : payloads) {
      auto info = depacketizer.inspect(p);
      benchmark::DoNotOptimize(info);
      (void)depacketizer.append(p, out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 30000);
}
BENCHMARK(BM_Vp8Depacketize);

}  // namespace
