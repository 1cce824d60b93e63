// FrameAssembler (RFC 3550 §5.1 ordering, RFC 4585 §6.2.1 NACK input), RetransmissionBuffer
// and RTX (RFC 4588 §4).
#include <gtest/gtest.h>

#include "rtc/rtp/frame_assembler.hpp"
#include "rtc/rtp/opus_payload.hpp"
#include "rtc/rtp/retransmission.hpp"
#include "rtc/rtp/vp8_payload.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;

struct Sent {
  std::vector<Bytes> packets;
  Bytes frame;
};

// Packetizes a VP8 frame of `size` octets into RTP packets starting at `seq`.
Sent send_vp8(Vp8Packetizer& packetizer, std::uint16_t& seq, std::uint32_t ts, std::size_t size,
              bool key) {
  Sent s;
  s.frame.resize(size);
  for (std::size_t i = 0; i < size; ++i) s.frame[i] = static_cast<std::uint8_t>(i + ts);
  s.frame[0] = key ? 0x10 : 0x11;
  auto payloads = packetizer.packetize(s.frame);
  for (std::size_t i = 0; i < payloads->size(); ++i) {
    RtpPacketBuilder b;
    b.payload_type(96).ssrc(5).timestamp(ts).sequence_number(seq++);
    b.marker(i + 1 == payloads->size()).payload((*payloads)[i]);
    s.packets.push_back(*b.build());
  }
  return s;
}

Result<void> feed(FrameAssembler& a, const Bytes& packet) {
  auto view = RtpPacketView::parse(packet);
  if (!view) return std::unexpected(view.error());
  return a.insert(*view);
}

TEST(Rfc3550_5_1, AssemblerReordersAndEmitsCompleteFrames) {
  Vp8Packetizer packetizer({.max_payload_size = 100});
  Vp8Depacketizer depacketizer;
  FrameAssembler assembler(depacketizer);
  std::uint16_t seq = 65534;  // across the wrap
  const Sent f1 = send_vp8(packetizer, seq, 1000, 250, true);
  const Sent f2 = send_vp8(packetizer, seq, 4000, 150, false);
  ASSERT_EQ(f1.packets.size(), 3u);
  // Arrival order: f1[2], f2[1], f1[0], f2[0], f1[1].
  ASSERT_TRUE(feed(assembler, f1.packets[2]));
  ASSERT_TRUE(feed(assembler, f2.packets[1]));
  ASSERT_TRUE(feed(assembler, f1.packets[0]));
  EXPECT_FALSE(assembler.poll_frame());
  EXPECT_EQ(assembler.missing(), (std::vector<std::uint16_t>{65535, 1}));
  ASSERT_TRUE(feed(assembler, f2.packets[0]));
  EXPECT_FALSE(assembler.poll_frame());
  ASSERT_TRUE(feed(assembler, f1.packets[1]));
  auto a = assembler.poll_frame();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->data, f1.frame);
  EXPECT_TRUE(a->keyframe);
  EXPECT_EQ(a->timestamp, 1000u);
  EXPECT_EQ(a->first_sequence, 65534);
  EXPECT_EQ(a->last_sequence, 0);
  auto b = assembler.poll_frame();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->data, f2.frame);
  EXPECT_FALSE(b->keyframe);
  EXPECT_FALSE(b->after_gap);
  EXPECT_FALSE(assembler.poll_frame());
  EXPECT_EQ(assembler.pending_packets(), 0u);
  // Duplicates and late packets are ignored.
  ASSERT_TRUE(feed(assembler, f1.packets[0]));
  EXPECT_FALSE(assembler.poll_frame());
}

TEST(Rfc4585_6_2_1, AssemblerSkipsAnUnrecoverableFrame) {
  Vp8Packetizer packetizer({.max_payload_size = 100});
  Vp8Depacketizer depacketizer;
  FrameAssembler assembler(depacketizer);
  std::uint16_t seq = 10;
  const Sent f1 = send_vp8(packetizer, seq, 0, 250, true);
  const Sent f2 = send_vp8(packetizer, seq, 3000, 50, false);
  ASSERT_TRUE(feed(assembler, f1.packets[0]));
  ASSERT_TRUE(feed(assembler, f1.packets[2]));  // f1.packets[1] (seq 11) never comes
  ASSERT_TRUE(feed(assembler, f2.packets[0]));
  EXPECT_EQ(assembler.missing(), std::vector<std::uint16_t>{11});
  EXPECT_FALSE(assembler.poll_frame());
  EXPECT_EQ(assembler.skip_to_next_frame(), 2u);
  auto f = assembler.poll_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->data, f2.frame);
  EXPECT_TRUE(f->after_gap);
}

TEST(Rfc3550_5_1, AssemblerMemoryIsBounded) {
  OpusDepacketizer depacketizer;
  FrameAssembler assembler(depacketizer, {.max_packets = 16});
  // Packet 0 is lost; 1..40 arrive: the ring holds 16, older ones are pushed out as a gap.
  for (std::uint16_t seq = 1; seq <= 40; ++seq) {
    RtpPacketBuilder b;
    const Bytes payload = {0xfc, static_cast<std::uint8_t>(seq)};
    b.sequence_number(seq).timestamp(seq * 960u).payload(payload);
    ASSERT_TRUE(feed(assembler, *b.build()));
  }
  EXPECT_LE(assembler.pending_packets(), 16u);
  std::size_t frames = 0;
  while (auto f = assembler.poll_frame()) ++frames;
  EXPECT_EQ(frames, 40u);  // audio: each packet is a frame; waiting on 0 ended at the overflow
  EXPECT_TRUE(assembler.missing().empty());
}

TEST(Rfc4588_4, RtxWrapAndUnwrap) {
  RtpPacketBuilder b;
  const Bytes payload = hex("0102030405");
  const Bytes ext = {0x42};
  b.marker(true).payload_type(96).sequence_number(1234).timestamp(99).ssrc(0x1111);
  b.add_extension(1, ext).payload(payload).padding(4);
  const Bytes original = *b.build();
  auto rtx = wrap_rtx(original, 97, 0x2222, 7);
  ASSERT_TRUE(rtx);
  auto view = RtpPacketView::parse(*rtx);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->payload_type(), 97);
  EXPECT_EQ(view->ssrc(), 0x2222u);
  EXPECT_EQ(view->sequence_number(), 7);
  EXPECT_TRUE(view->marker());
  EXPECT_FALSE(view->has_padding());
  EXPECT_EQ(Bytes(view->extension(1)->begin(), view->extension(1)->end()), ext);
  EXPECT_EQ(Bytes(view->payload().begin(), view->payload().end()), hex("04d2 0102030405"));
  auto back = unwrap_rtx(*rtx, 96, 0x1111);
  ASSERT_TRUE(back);
  b.padding(0);
  EXPECT_EQ(*back, *b.build());
  EXPECT_FALSE(unwrap_rtx(hex("80610001 00000000 00000001 04"), 96, 1));
}

TEST(Rfc4585_6_2_1, RetransmissionBufferAnswersNacks) {
  RetransmissionBuffer buffer(8);
  for (std::uint16_t seq = 100; seq < 120; ++seq) buffer.store(test::make_rtp(5, seq, 10, 96));
  EXPECT_FALSE(buffer.find(105));  // pushed out of the 8-packet ring
  ASSERT_TRUE(buffer.find(115));
  auto plain = buffer.answer(Nack{1, 5, {105, 115, 119}});
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[0], test::make_rtp(5, 115, 10, 96));
  buffer.enable_rtx({.payload_type = 97, .ssrc = 6, .first_sequence = 500});
  auto rtx = buffer.answer(Nack{1, 5, {118, 119}});
  ASSERT_EQ(rtx.size(), 2u);
  EXPECT_EQ(RtpPacketView::parse(rtx[1])->sequence_number(), 501);
  EXPECT_EQ(*unwrap_rtx(rtx[0], 96, 5), test::make_rtp(5, 118, 10, 96));
}

}  // namespace
}  // namespace rtc::rtp
