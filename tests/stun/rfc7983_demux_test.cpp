// Demultiplexing STUN, ZRTP, DTLS, TURN ChannelData and RTP/RTCP on one port by the first byte
// (RFC 7983 §7).
#include <gtest/gtest.h>

#include "rtc/stun/demux.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

TEST(Rfc7983_7, EveryFirstByteHasOneAnswer) {
  for (unsigned b = 0; b < 256; ++b) {
    PacketKind expected = PacketKind::unknown;
    if (b <= 3)
      expected = PacketKind::stun;
    else if (b >= 16 && b <= 19)
      expected = PacketKind::zrtp;
    else if (b >= 20 && b <= 63)
      expected = PacketKind::dtls;
    else if (b >= 64 && b <= 79)
      expected = PacketKind::turn_channel;
    else if (b >= 128 && b <= 191)
      expected = PacketKind::rtp_rtcp;
    const std::uint8_t datagram[] = {static_cast<std::uint8_t>(b), 0, 0, 0};
    EXPECT_EQ(classify_packet(datagram), expected) << b;
  }
}

TEST(Rfc7983_7, RealPackets) {
  EXPECT_EQ(classify_packet(test::sample_request()), PacketKind::stun);
  EXPECT_EQ(classify_packet(test::sample_ipv4_response()), PacketKind::stun);
  EXPECT_EQ(classify_packet(test::hex("16fefd000000000000000000")), PacketKind::dtls);  // handshake
  EXPECT_EQ(classify_packet(test::hex("17fefd")), PacketKind::dtls);  // application data
  EXPECT_EQ(classify_packet(test::hex("8060000100000000")), PacketKind::rtp_rtcp);  // RTP v2
  EXPECT_EQ(classify_packet(test::hex("80c80006")), PacketKind::rtp_rtcp);          // RTCP SR
  EXPECT_EQ(classify_packet(test::hex("40000000")), PacketKind::turn_channel);
  EXPECT_EQ(classify_packet({}), PacketKind::unknown);
  EXPECT_STREQ(to_string(PacketKind::turn_channel), "TURN ChannelData");
}

}  // namespace
}  // namespace rtc::stun
