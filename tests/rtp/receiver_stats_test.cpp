// Receiver statistics (RFC 3550 A.1, A.3, A.8, §6.4.1 LSR/DLSR/RTT), NTP/RTP mapping, the RTCP
// transmission interval (§6.3, A.7) and IVF files.
#include <gtest/gtest.h>

#include "rtc/common/random.hpp"
#include "rtc/rtp/ivf.hpp"
#include "rtc/rtp/ntp_time.hpp"
#include "rtc/rtp/receiver_stats.hpp"
#include "rtc/rtp/rtcp_interval.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

TEST(Rfc3550_A1, ProbationThenCounting) {
  ManualClock clock;
  ReceiverStatistics stats(1, 90000);
  EXPECT_FALSE(stats.on_packet(clock.now(), 100, 0));  // first of MIN_SEQUENTIAL
  EXPECT_FALSE(stats.valid());
  EXPECT_TRUE(stats.on_packet(clock.now(), 101, 0));
  EXPECT_TRUE(stats.valid());
  EXPECT_EQ(stats.received(), 1u);
  EXPECT_EQ(stats.expected(), 1u);
}

TEST(Rfc3550_A1, SequenceWrap) {
  ManualClock clock;
  ReceiverStatistics stats(1, 90000);
  for (std::uint32_t i = 0; i < 20; ++i) {
    stats.on_packet(clock.now(), static_cast<std::uint16_t>(65530 + i), 0);
  }
  // 65531 was the base; 65530+19 = 13 after one wrap.
  EXPECT_EQ(stats.extended_highest_sequence(), (1u << 16) + 13u);
  EXPECT_EQ(stats.cumulative_lost(), 0);
}

TEST(Rfc3550_A1, LargeJumpIsBelievedOnlyWhenConfirmed) {
  ManualClock clock;
  ReceiverStatistics stats(1, 90000);
  for (std::uint16_t s = 1; s <= 10; ++s) stats.on_packet(clock.now(), s, 0);
  EXPECT_FALSE(stats.on_packet(clock.now(), 30000, 0));  // > MAX_DROPOUT: suspicious
  EXPECT_EQ(stats.extended_highest_sequence(), 10u);
  EXPECT_TRUE(stats.on_packet(clock.now(), 30001, 0));  // confirmed: the source restarted
  EXPECT_EQ(stats.extended_highest_sequence(), 30001u);
  EXPECT_EQ(stats.received(), 1u);
}

TEST(Rfc3550_A3, FractionAndCumulativeLoss) {
  ManualClock clock;
  ReceiverStatistics stats(7, 90000);
  stats.on_packet(clock.now(), 0, 0);
  // 1..100 with every fourth lost: 75 of 100 after the base arrive.
  for (std::uint16_t s = 1; s <= 100; ++s) {
    if (s % 4 != 0) stats.on_packet(clock.now(), s, 0);
  }
  stats.on_packet(clock.now(), 101, 0);
  const ReportBlock b = stats.report_block(clock.now());
  EXPECT_EQ(b.ssrc, 7u);
  EXPECT_EQ(b.extended_highest_seq, 101u);
  EXPECT_EQ(b.cumulative_lost, 25);
  EXPECT_EQ(b.fraction_lost, 25 * 256 / 101);
  // Nothing new: fraction 0 for the next interval, cumulative unchanged.
  const ReportBlock again = stats.report_block(clock.now());
  EXPECT_EQ(again.fraction_lost, 0);
  EXPECT_EQ(again.cumulative_lost, 25);
  // Duplicates make loss negative (A.3), fraction stays 0.
  for (int i = 0; i < 30; ++i) stats.on_packet(clock.now(), 101, 0);
  EXPECT_EQ(stats.report_block(clock.now()).cumulative_lost, -5);
}

TEST(Rfc3550_A8, JitterIsZeroForPerfectPacingAndGrowsWithVariation) {
  ManualClock clock;
  ReceiverStatistics steady(1, 90000);
  for (std::uint16_t s = 0; s < 50; ++s) {
    steady.on_packet(clock.now(), s, s * 3000u);  // 33.3 ms at 90 kHz
    clock.advance(std::chrono::microseconds(33333));
  }
  EXPECT_LE(steady.jitter(), 1u);

  ReceiverStatistics jittery(1, 90000);
  for (std::uint16_t s = 0; s < 200; ++s) {
    // Alternate 10 ms early/late: |D| = 20 ms = 1800 ticks; J converges to 1800.
    const auto skew = std::chrono::milliseconds(s % 2 == 0 ? 10 : -10);
    jittery.on_packet(
        Timestamp{} + std::chrono::hours(1) + s * std::chrono::milliseconds(20) + skew, s,
        s * 1800u);
  }
  EXPECT_NEAR(jittery.jitter(), 1800, 20);
}

TEST(Rfc3550_6_4_1, LsrDlsrAndRoundTripTime) {
  ManualClock clock;
  ReceiverStatistics stats(1, 90000);
  stats.on_packet(clock.now(), 1, 0);
  stats.on_packet(clock.now(), 2, 0);
  // RFC 3550 Figure 2: SR at NTP 0xb44db705_20000000 (LSR 0xb7052000).
  stats.on_sender_report(clock.now(), 0xb44db70520000000ull);
  clock.advance(std::chrono::milliseconds(5250));  // DLSR 5.25 s = 0x00054000
  const ReportBlock b = stats.report_block(clock.now());
  EXPECT_EQ(b.last_sr, 0xb7052000u);
  EXPECT_EQ(b.delay_since_last_sr, 0x00054000u);
  // The figure's arrival A = 0xb710 8000: RTT = A - LSR - DLSR = 0x0006:2000 = 6.125 s.
  auto rtt = round_trip_time(b, 0xb7108000u);
  ASSERT_TRUE(rtt);
  EXPECT_EQ(*rtt, std::chrono::milliseconds(6125));
  EXPECT_FALSE(round_trip_time(ReportBlock{}, 5));
}

TEST(Rfc3550_6_4_1, NtpConversionsAndRtpMapping) {
  EXPECT_EQ(ntp_from_duration(std::chrono::milliseconds(1500)), 0x0000000180000000ull);
  EXPECT_EQ(duration_from_ntp(0x0000000180000000ull), std::chrono::milliseconds(1500));
  EXPECT_EQ(compact_ntp(0x1234567890abcdefull), 0x567890abu);
  EXPECT_EQ(ntp_from_unix_nanos(0) >> 32, kNtpUnixEpochOffset);
  ManualClock clock;
  NtpClock ntp(clock.now(), 0x100000000ull);
  clock.advance(std::chrono::milliseconds(500));
  EXPECT_EQ(ntp.ntp(clock.now()), 0x180000000ull);

  RtpToNtpMapping map(90000);
  EXPECT_FALSE(map.ntp_of(0));
  map.update(SenderReport{1, 0x0000000a00000000ull, 0xfffff000u, 0, 0, {}});
  // 90000 ticks later (across the RTP timestamp wrap) is one second later.
  EXPECT_EQ(*map.ntp_of(0xfffff000u + 90000u), 0x0000000b00000000ull);
  EXPECT_EQ(*map.ntp_of(0xfffff000u - 45000u), 0x0000000980000000ull);
}

TEST(Rfc3550_A7, IntervalFormula) {
  // 2 members, 1 sender (us), 5 % of 1 Mbit/s = 6250 octets/s: senders get 25 %;
  // T = 128 * 1 / 1562.5 = 0.08 s < 5 s minimum → 5 s, × (0.5 + 0.5) / 1.21828.
  const Duration t = rtcp_interval(2, 1, 6250, true, 128, false, std::chrono::seconds(5), 0.5);
  EXPECT_NEAR(std::chrono::duration<double>(t).count(), 5 / 1.21828, 1e-6);
  // Initial: half the minimum.
  const Duration first = rtcp_interval(2, 1, 6250, true, 128, true, std::chrono::seconds(5), 0.5);
  EXPECT_NEAR(std::chrono::duration<double>(first).count(), 2.5 / 1.21828, 1e-6);
  // A large session: 1000 receivers share 75 % of 6250 octets/s → 128 * 999 / 4687.5 s.
  const Duration big =
      rtcp_interval(1000, 1, 6250, false, 128, false, std::chrono::seconds(5), 0.5);
  EXPECT_NEAR(std::chrono::duration<double>(big).count(), 128.0 * 999 / 4687.5 / 1.21828, 1e-6);
}

TEST(Rfc3550_6_3, TimerIsRandomisedAndReconsidered) {
  SeededRandom random(42);
  ManualClock clock;
  RtcpTransmissionTimer timer({}, clock.now(), random);
  const Duration first = timer.poll_timeout() - clock.now();
  // Initial interval: 2.5 s × [0.5, 1.5] / 1.21828.
  EXPECT_GE(first, std::chrono::milliseconds(1025));
  EXPECT_LE(first, std::chrono::milliseconds(3079));
  EXPECT_FALSE(timer.handle_timeout(clock.now()));
  // A.7 OnExpire recomputes the interval with a fresh random draw: the report may wait a
  // little longer, but it goes out within the initial bound.
  int expiries = 0;
  do {
    clock.set(timer.poll_timeout());
    ++expiries;
  } while (!timer.handle_timeout(clock.now()) && expiries < 10);
  ASSERT_LT(expiries, 10);
  timer.on_rtcp_sent(clock.now(), 100);
  const Duration second = timer.poll_timeout() - clock.now();
  EXPECT_GE(second, std::chrono::milliseconds(2052));  // 5 s minimum now
  EXPECT_LE(second, std::chrono::milliseconds(6157));
  // Reduced minimum (§6.2) at 2 Mbit/s: 360 / 2000 = 0.18 s.
  RtcpTransmissionTimer fast({.session_bandwidth_bps = 2e6, .reduced_minimum = true}, clock.now(),
                             random);
  EXPECT_LE(fast.poll_timeout() - clock.now(), std::chrono::milliseconds(250));
}

TEST(Ivf, WriteThenReadBack) {
  IvfHeader header;
  header.fourcc = {'V', 'P', '9', '0'};
  header.width = 640;
  header.height = 480;
  header.timebase_denominator = 30;
  IvfWriter writer(header);
  const Bytes f1 = test::hex("0102"), f2 = test::hex("030405");
  writer.add_frame(0, f1);
  writer.add_frame(1, f2);
  EXPECT_EQ(writer.bytes().size(), 32u + 12 + 2 + 12 + 3);
  auto reader = IvfReader::open(writer.bytes());
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->header().codec(), "VP90");
  EXPECT_EQ(reader->header().width, 640);
  EXPECT_EQ(reader->header().frame_count, 2u);
  auto a = reader->next_frame();
  ASSERT_TRUE(a && *a);
  EXPECT_EQ(Bytes((*a)->data.begin(), (*a)->data.end()), f1);
  auto b = reader->next_frame();
  ASSERT_TRUE(b && *b);
  EXPECT_EQ((*b)->timestamp, 1u);
  auto end = reader->next_frame();
  ASSERT_TRUE(end);
  EXPECT_FALSE(*end);
}

TEST(Ivf, TruncatedFilesAreErrors) {
  EXPECT_FALSE(IvfReader::open(test::hex("444b4946")));
  IvfWriter writer({});
  writer.add_frame(0, test::hex("01020304"));
  Bytes cut = writer.bytes();
  cut.pop_back();
  auto reader = IvfReader::open(cut);
  ASSERT_TRUE(reader);
  EXPECT_FALSE(reader->next_frame());
  Bytes bad = writer.bytes();
  bad[0] = 'X';
  EXPECT_FALSE(IvfReader::open(bad));
}

}  // namespace
}  // namespace rtc::rtp
