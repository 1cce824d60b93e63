// The whole stack between two PeerConnections: ICE (RFC 8445) finds the path, DTLS (RFC 6347)
// handshakes with the a=setup roles and the fingerprints from SDP (RFC 8842), SCTP (RFC 9260,
// RFC 8261) and DCEP (RFC 8832) open data channels, SRTP (RFC 5764) carries RTP.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "peer_harness.hpp"
#include "rtc/rtp/ivf.hpp"

namespace rtc::peer {
namespace {

using testing::Harness;
using testing::Side;

bool connected(const Side& s) {
  return s.pc->connection_state() == ConnectionState::connected;
}

TEST(PeerConnection, ConnectsAndOpensDataChannel) {
  Harness h;
  auto channel = h.a.pc->create_data_channel(h.clock.now(), "chat");
  ASSERT_TRUE(channel);
  h.negotiate();
  ASSERT_TRUE(h.run_until([&] {
    return connected(h.a) && connected(h.b) &&
           !Harness::events_of<event::DataChannelOpen>(h.b).empty() &&
           !Harness::events_of<event::DataChannelOpen>(h.a).empty();
  }));
  const auto opened = Harness::events_of<event::DataChannelOpen>(h.b);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened[0].label, "chat");
  EXPECT_TRUE(opened[0].remote);
  // The answerer is the DTLS client (a=setup:active), the offerer the server.
  auto dtls_a = Harness::events_of<event::DtlsConnected>(h.a);
  auto dtls_b = Harness::events_of<event::DtlsConnected>(h.b);
  ASSERT_EQ(dtls_a.size(), 1u);
  ASSERT_EQ(dtls_b.size(), 1u);
  EXPECT_EQ(dtls_a[0].role, dtls::Role::server);
  EXPECT_EQ(dtls_b[0].role, dtls::Role::client);

  // Messages both ways.
  ASSERT_TRUE(h.a.pc->send_text(h.clock.now(), *channel, "hello from a"));
  const std::uint16_t remote_handle = opened[0].id;
  ASSERT_TRUE(h.b.pc->send_binary(h.clock.now(), remote_handle, Bytes{1, 2, 3}));
  ASSERT_TRUE(h.run_until([&] {
    return !Harness::events_of<event::DataChannelMessage>(h.a).empty() &&
           !Harness::events_of<event::DataChannelMessage>(h.b).empty();
  }));
  const auto at_b = Harness::events_of<event::DataChannelMessage>(h.b);
  EXPECT_EQ(std::string(at_b[0].data.begin(), at_b[0].data.end()), "hello from a");
  EXPECT_FALSE(at_b[0].binary);
  const auto at_a = Harness::events_of<event::DataChannelMessage>(h.a);
  EXPECT_EQ(at_a[0].data, (Bytes{1, 2, 3}));
  EXPECT_TRUE(at_a[0].binary);
}

TEST(PeerConnection, LargeMessageAndManyMessages) {
  Harness h;
  auto channel = h.a.pc->create_data_channel(h.clock.now(), "bulk");
  h.negotiate();
  ASSERT_TRUE(
      h.run_until([&] { return !Harness::events_of<event::DataChannelOpen>(h.a).empty(); }));
  Bytes big(200 * 1024);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
  ASSERT_TRUE(h.a.pc->send_binary(h.clock.now(), *channel, big));
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(h.a.pc->send_text(h.clock.now(), *channel, std::to_string(i)));
  }
  ASSERT_TRUE(h.run_until(
      [&] { return Harness::events_of<event::DataChannelMessage>(h.b).size() == 101; }));
  const auto got = Harness::events_of<event::DataChannelMessage>(h.b);
  EXPECT_EQ(got[0].data, big);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(std::string(got[i + 1].data.begin(), got[i + 1].data.end()), std::to_string(i));
  }
}

TEST(PeerConnection, ConnectsUnderLoss) {
  Harness h;
  SeededRandom loss(7);
  h.drop = [&](const ice::Transmit&) { return loss.uniform(100) < 20; };  // 20% each way
  auto channel = h.a.pc->create_data_channel(h.clock.now(), "chat");
  h.negotiate();
  ASSERT_TRUE(h.run_until([&] { return !Harness::events_of<event::DataChannelOpen>(h.a).empty(); },
                          std::chrono::seconds(60)));
  ASSERT_TRUE(h.a.pc->send_text(h.clock.now(), *channel, "through the loss"));
  ASSERT_TRUE(
      h.run_until([&] { return !Harness::events_of<event::DataChannelMessage>(h.b).empty(); },
                  std::chrono::seconds(60)));
}

TEST(PeerConnection, SrtpKeyedAndRtpFlows) {
  Harness h;
  auto video = h.a.pc->add_transceiver(MediaKind::video);
  ASSERT_TRUE(video);
  h.negotiate();
  ASSERT_TRUE(h.run_until([&] { return connected(h.a) && connected(h.b); }));
  const auto dtls_a = Harness::events_of<event::DtlsConnected>(h.a);
  ASSERT_EQ(dtls_a.size(), 1u);
  ASSERT_TRUE(dtls_a[0].srtp_profile.has_value());
  // A frame sent on a's video track arrives at b as RTP on the same mid.
  Bytes frame(3000, 0x42);
  frame[0] = 0x10;  // a VP8 keyframe's first byte has P = 0 (RFC 6386 §9.1)
  auto r = h.a.pc->send_frame(h.clock.now(), *video, frame, 90000);
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_TRUE(h.run_until([&] { return !Harness::events_of<event::Frame>(h.b).empty(); }));
  const auto frames = Harness::events_of<event::Frame>(h.b);
  EXPECT_EQ(frames[0].mid, *video);
  EXPECT_EQ(frames[0].data, frame);
  EXPECT_EQ(Harness::events_of<event::Track>(h.b).size(), 1u);
  const auto stats = h.b.pc->stats();
  ASSERT_EQ(stats.inbound_rtp.size(), 1u);
  EXPECT_GE(stats.inbound_rtp[0].packets, 3u);
}

TEST(PeerConnection, CloseEndsEverything) {
  Harness h;
  auto channel = h.a.pc->create_data_channel(h.clock.now(), "chat");
  h.negotiate();
  ASSERT_TRUE(
      h.run_until([&] { return !Harness::events_of<event::DataChannelOpen>(h.b).empty(); }));
  h.a.pc->close(h.clock.now());
  EXPECT_EQ(h.a.pc->connection_state(), ConnectionState::closed);
  EXPECT_FALSE(h.a.pc->send_text(h.clock.now(), *channel, "late"));
  // b learns it from SCTP ABORT and the DTLS close_notify.
  ASSERT_TRUE(
      h.run_until([&] { return !Harness::events_of<event::DataChannelClosed>(h.b).empty(); }));
}

}  // namespace
}  // namespace rtc::peer

namespace rtc::peer {
namespace {

using testing::Harness;

// RFC 9429 §5.2.2 / W3C: a track added to a running data-channel call is negotiated with a new
// offer on the same transport (no ICE restart, no new DTLS handshake).
TEST(PeerConnection, Rfc9429_5_2_2_RenegotiationAddsVideo) {
  Harness h;
  ASSERT_TRUE(h.a.pc->create_data_channel(h.clock.now(), "chat"));
  h.negotiate();
  ASSERT_TRUE(
      h.run_until([&] { return !Harness::events_of<event::DataChannelOpen>(h.b).empty(); }));
  const std::size_t handshakes = Harness::events_of<event::DtlsConnected>(h.a).size();

  auto video = h.a.pc->add_transceiver(MediaKind::video);
  ASSERT_TRUE(video);
  h.negotiate();
  ASSERT_EQ(h.a.pc->signaling_state(), SignalingState::stable);
  ASSERT_TRUE(h.a.pc->send_codec(*video));
  Bytes frame(1500, 0x11);
  frame[0] = 0x10;
  auto r = h.a.pc->send_frame(h.clock.now(), *video, frame, 3000);
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_TRUE(h.run_until([&] { return !Harness::events_of<event::Frame>(h.b).empty(); }));
  EXPECT_EQ(Harness::events_of<event::Frame>(h.b)[0].data, frame);
  EXPECT_EQ(Harness::events_of<event::DtlsConnected>(h.a).size(), handshakes);
  // The data channel still works.
  ASSERT_TRUE(h.a.pc->send_text(h.clock.now(), 1, "still here"));
  ASSERT_TRUE(
      h.run_until([&] { return !Harness::events_of<event::DataChannelMessage>(h.b).empty(); }));
}

// RFC 4585 §6.2.1: a lost packet is asked for with a generic NACK and resent from the
// retransmission buffer, so the frame still arrives whole.
TEST(PeerConnection, Rfc4585_6_2_1_NackRecoversLostPacket) {
  Harness h;
  auto video = h.a.pc->add_transceiver(MediaKind::video);
  h.negotiate();
  ASSERT_TRUE(h.run_until([&] {
    return h.a.pc->connection_state() == ConnectionState::connected &&
           h.b.pc->connection_state() == ConnectionState::connected;
  }));
  // Drop the second RTP packet a sends, once.
  int rtp_seen = 0;
  h.drop = [&](const ice::Transmit& t) {
    const bool rtp = !t.data.empty() && t.data[0] >= 128 && t.data[0] <= 191 && t.data.size() > 1 &&
                     !(t.data[1] >= 192 && t.data[1] <= 223);
    return rtp && t.socket == h.a.address && ++rtp_seen == 2;
  };
  Bytes frame(4000, 0x22);
  frame[0] = 0x10;
  ASSERT_TRUE(h.a.pc->send_frame(h.clock.now(), *video, frame, 3000));
  // Another frame later makes the hole visible to the receiver, which NACKs it.
  h.run_until([] { return false; }, milliseconds(5));
  Bytes second(500, 0x33);
  second[0] = 0x11;
  ASSERT_TRUE(h.a.pc->send_frame(h.clock.now(), *video, second, 6000));
  ASSERT_TRUE(h.run_until([&] { return Harness::events_of<event::Frame>(h.b).size() >= 2; },
                          std::chrono::seconds(2)));
  const auto frames = Harness::events_of<event::Frame>(h.b);
  EXPECT_EQ(frames[0].data, frame);
  EXPECT_EQ(frames[1].data, second);
  EXPECT_EQ(rtp_seen >= 2, true);
  const auto stats = h.a.pc->stats();
  ASSERT_EQ(stats.outbound_rtp.size(), 1u);
  EXPECT_GE(stats.outbound_rtp[0].nacks, 1u);
  EXPECT_GE(stats.outbound_rtp[0].retransmitted, 1u);
}

}  // namespace
}  // namespace rtc::peer

namespace rtc::peer {
namespace {

using testing::Harness;

// RFC 9628: with VP9 preferred (W3C setCodecPreferences), frames go out in VP9 payloads,
// split over several packets, and come back whole.
TEST(PeerConnection, Rfc9628_Vp9FramesEndToEnd) {
  Harness h;
  auto video = h.a.pc->add_transceiver(MediaKind::video);
  ASSERT_TRUE(h.a.pc->set_codec_preferences(*video, {"VP9"}));
  EXPECT_FALSE(h.a.pc->set_codec_preferences(*video, {"no-such-codec"}));
  h.negotiate();
  ASSERT_TRUE(h.run_until([&] {
    return h.a.pc->connection_state() == ConnectionState::connected &&
           h.b.pc->connection_state() == ConnectionState::connected;
  }));
  ASSERT_TRUE(h.a.pc->send_codec(*video));
  ASSERT_TRUE(h.a.pc->send_codec(*video)->is("VP9"));
  // A VP9 key frame: the uncompressed header starts with frame marker 2, profile 0,
  // show_existing_frame 0, frame_type 0 (key), then the sync code 0x49 0x83 0x42.
  Bytes frame(5000, 0x5A);
  frame[0] = 0x82;
  frame[1] = 0x49;
  frame[2] = 0x83;
  frame[3] = 0x42;
  ASSERT_TRUE(h.a.pc->send_frame(h.clock.now(), *video, frame, 3000));
  ASSERT_TRUE(h.run_until([&] { return !Harness::events_of<event::Frame>(h.b).empty(); }));
  const auto frames = Harness::events_of<event::Frame>(h.b);
  EXPECT_EQ(frames[0].codec, "VP9");
  EXPECT_EQ(frames[0].data, frame);
}

// AV1-RTP: the aomenc clip's temporal units cross the call and come back as the same bytes
// (aomenc writes a temporal delimiter and minimal obu_size fields, as the depacketizer does).
TEST(PeerConnection, Av1TemporalUnitsEndToEnd) {
  std::ifstream in(std::string(RTC_SOURCE_DIR) + "/assets/demo/clip_av1.ivf", std::ios::binary);
  const Bytes file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto reader = rtp::IvfReader::open(file);
  ASSERT_TRUE(reader.has_value());
  std::vector<Bytes> units;
  for (int i = 0; i < 5; ++i) {
    auto f = reader->next_frame();
    ASSERT_TRUE(f && *f);
    units.emplace_back((*f)->data.begin(), (*f)->data.end());
  }
  Harness h;
  auto video = h.a.pc->add_transceiver(MediaKind::video);
  ASSERT_TRUE(h.a.pc->set_codec_preferences(*video, {"AV1"}));
  h.negotiate();
  ASSERT_TRUE(h.run_until([&] {
    return h.a.pc->connection_state() == ConnectionState::connected &&
           h.b.pc->connection_state() == ConnectionState::connected;
  }));
  ASSERT_TRUE(h.a.pc->send_codec(*video)->is("AV1"));
  for (std::size_t i = 0; i < units.size(); ++i) {
    ASSERT_TRUE(
        h.a.pc->send_frame(h.clock.now(), *video, units[i], static_cast<std::uint32_t>(3000 * i)));
  }
  ASSERT_TRUE(
      h.run_until([&] { return Harness::events_of<event::Frame>(h.b).size() == units.size(); }));
  const auto frames = Harness::events_of<event::Frame>(h.b);
  for (std::size_t i = 0; i < units.size(); ++i) {
    EXPECT_EQ(frames[i].codec, "AV1");
    EXPECT_EQ(frames[i].keyframe, i == 0);
    EXPECT_EQ(frames[i].data, units[i]) << "temporal unit " << i;
  }
}

}  // namespace
}  // namespace rtc::peer
