// Payload formats: VP8 (RFC 7741), Opus (RFC 7587, RFC 6716 §3.1), H.264 (RFC 6184) and the
// Annex B byte stream.
#include <gtest/gtest.h>

#include "rtc/rtp/h264_annexb.hpp"
#include "rtc/rtp/h264_payload.hpp"
#include "rtc/rtp/opus_payload.hpp"
#include "rtc/rtp/vp8_payload.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;

Bytes frame_of(std::size_t size, std::uint8_t first = 0x10) {
  Bytes f(size);
  for (std::size_t i = 0; i < size; ++i) f[i] = static_cast<std::uint8_t>(i * 13 + 1);
  f[0] = first;
  return f;
}

TEST(Rfc7741_4_2, DescriptorWithAllExtensions) {
  // X=1 S=1 PID=0 | I L T K | M + 15-bit PictureID 0x1234 | TL0PICIDX 5 | TID 2 Y KEYIDX 3.
  const Bytes payload = hex("90 f0 9234 05 a3 ff");
  std::size_t size = 0;
  auto d = parse_vp8_descriptor(payload, size);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(size, 6u);
  EXPECT_TRUE(d->is_frame_start());
  EXPECT_EQ(*d->picture_id, 0x1234);
  EXPECT_TRUE(d->picture_id_15bit);
  EXPECT_EQ(*d->tl0_pic_idx, 5);
  EXPECT_EQ(*d->temporal_id, 2);
  EXPECT_TRUE(d->layer_sync);
  EXPECT_EQ(*d->key_idx, 3);
  ByteWriter w;
  write_vp8_descriptor(w, *d);
  EXPECT_EQ(Bytes(w.view().begin(), w.view().end()), hex("90 f0 9234 05 a3"));
  EXPECT_EQ(d->size(), 6u);
}

TEST(Rfc7741_4_2, SevenBitPictureIdAndMinimalDescriptor) {
  std::size_t size = 0;
  auto d = parse_vp8_descriptor(hex("80 80 7f 00"), size);
  ASSERT_TRUE(d);
  EXPECT_EQ(size, 3u);
  EXPECT_EQ(*d->picture_id, 0x7f);
  EXPECT_FALSE(d->picture_id_15bit);
  EXPECT_FALSE(d->is_frame_start());
  auto minimal = parse_vp8_descriptor(hex("10 9d"), size);
  ASSERT_TRUE(minimal);
  EXPECT_EQ(size, 1u);
  EXPECT_FALSE(minimal->picture_id);
}

TEST(Rfc7741_4_2, TruncatedDescriptorsAreErrors) {
  std::size_t size = 0;
  for (const char* h : {"", "80", "80 80", "80 80 92", "80 40", "80 20"}) {
    EXPECT_FALSE(parse_vp8_descriptor(hex(h), size)) << h;
  }
  Vp8Depacketizer depacketizer;
  EXPECT_FALSE(depacketizer.inspect(hex("90 80 92 34")));  // descriptor but no media
}

TEST(Rfc7741_4_3, KeyframeDetectionFromThePayloadHeader) {
  Vp8Depacketizer depacketizer;
  // S=1 PID=0, first media octet P bit 0 → key frame; P=1 → interframe.
  EXPECT_TRUE(depacketizer.inspect(hex("10 50 02 00 9d 01 2a"))->keyframe);
  EXPECT_FALSE(depacketizer.inspect(hex("10 31 01 00"))->keyframe);
  // Not the start of partition 0: never a key frame indication.
  EXPECT_FALSE(depacketizer.inspect(hex("00 50 02 00"))->keyframe);
  EXPECT_FALSE(depacketizer.inspect(hex("11 9d 01 2a"))->frame_start);
}

TEST(Rfc7741_4_1, PacketizeSplitsEvenlyAndRoundTrips) {
  Vp8Packetizer packetizer(
      {.max_payload_size = 100, .picture_id = true, .first_picture_id = 0x7fff});
  const Bytes frame = frame_of(450);
  auto payloads = packetizer.packetize(frame);
  ASSERT_TRUE(payloads);
  // 4-octet descriptor, 96 octets of room → 5 packets of 90.
  ASSERT_EQ(payloads->size(), 5u);
  Vp8Depacketizer depacketizer;
  Bytes out;
  for (std::size_t i = 0; i < payloads->size(); ++i) {
    const Bytes& p = (*payloads)[i];
    EXPECT_LE(p.size(), 100u);
    EXPECT_EQ(p.size(), 94u);
    std::size_t size = 0;
    auto d = parse_vp8_descriptor(p, size);
    ASSERT_TRUE(d);
    EXPECT_EQ(*d->picture_id, 0x7fff);
    EXPECT_EQ(d->start_of_partition, i == 0);
    ASSERT_TRUE(depacketizer.append(p, out));
  }
  EXPECT_EQ(out, frame);
  // PictureID wraps at 15 bits.
  EXPECT_EQ(packetizer.next_picture_id(), 0);
  EXPECT_FALSE(packetizer.packetize({}));
  Vp8Packetizer tiny({.max_payload_size = 4});
  EXPECT_FALSE(tiny.packetize(frame));
}

TEST(Rfc7587_4_2, OpusIsOnePacketPerFrame) {
  OpusPacketizer packetizer(10);
  EXPECT_EQ(packetizer.packetize(hex("fc0102"))->size(), 1u);
  EXPECT_FALSE(packetizer.packetize(Bytes(11, 1)));
  EXPECT_FALSE(packetizer.packetize({}));
  OpusDepacketizer depacketizer;
  auto info = depacketizer.inspect(hex("fc"));
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->frame_start && info->frame_end);
}

TEST(Rfc6716_3_1, OpusTocFrameSizes) {
  // config 31 (CELT FB 20 ms), stereo, code 0 → 960 samples.
  EXPECT_EQ(*opus_packet_samples(hex("fc")), 960u);
  // config 3 (SILK NB 60 ms), code 1 (two frames) → 5760.
  EXPECT_EQ(*opus_packet_samples(hex("19")), 5760u);
  // code 3 with 3 frames of CELT 2.5 ms (config 16).
  EXPECT_EQ(*opus_packet_samples(hex("83 03")), 360u);
  EXPECT_FALSE(opus_packet_samples(hex("83")));
  EXPECT_EQ(parse_opus_toc(0xfc).stereo, true);
}

TEST(H264AnnexB, SplitsOnThreeAndFourOctetStartCodes) {
  const Bytes stream = hex("000000016742 00000168ce 0000016588 00 00000141 9a");
  const auto nals = split_annexb(stream);
  ASSERT_EQ(nals.size(), 4u);
  EXPECT_EQ(Bytes(nals[0].begin(), nals[0].end()), hex("6742"));
  EXPECT_EQ(Bytes(nals[2].begin(), nals[2].end()), hex("6588"));
  EXPECT_TRUE(split_annexb(hex("0102")).empty());
}

TEST(H264AnnexB, AccessUnits) {
  // SPS PPS IDR(first_mb=0) IDR(first_mb!=0) | slice(first_mb=0) | AUD slice.
  const Bytes stream =
      hex("00000001 6742 00000001 68ce 00000001 6588 00000001 6540"
          "00000001 4188 00000001 09f0 00000001 4190");
  AnnexBReader reader(stream);
  auto au1 = reader.next_access_unit();
  ASSERT_TRUE(au1);
  EXPECT_EQ(au1->size(), 4u);
  EXPECT_EQ(reader.next_access_unit()->size(), 1u);
  EXPECT_EQ(reader.next_access_unit()->size(), 2u);
  EXPECT_FALSE(reader.next_access_unit());
}

TEST(Rfc6184_5_7_1, SmallNalsAreAggregatedIntoStapA) {
  H264Packetizer packetizer(1200);
  auto payloads = packetizer.packetize(hex("00000001 674201 00000001 68ce3c80 00000001 65888421"));
  ASSERT_TRUE(payloads);
  ASSERT_EQ(payloads->size(), 1u);
  // STAP-A header keeps the highest NRI (0x60): 0x78; then size + NAL for each.
  EXPECT_EQ((*payloads)[0], hex("78 0003 674201 0004 68ce3c80 0004 65888421"));
  H264Depacketizer depacketizer;
  auto info = inspect_h264_payload((*payloads)[0]);
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->has_sps && info->has_pps && info->has_idr);
  EXPECT_TRUE(depacketizer.inspect((*payloads)[0])->keyframe);
  EXPECT_TRUE(depacketizer.inspect((*payloads)[0])->frame_start);
  Bytes out;
  ASSERT_TRUE(depacketizer.append((*payloads)[0], out));
  EXPECT_EQ(out, hex("00000001 674201 00000001 68ce3c80 00000001 65888421"));
}

TEST(Rfc6184_5_8, LargeNalsAreFragmentedIntoFuA) {
  Bytes idr = frame_of(3000, 0x65);
  idr[1] = 0x88;  // first_mb_in_slice = 0
  Bytes au = hex("00000001");
  au.insert(au.end(), idr.begin(), idr.end());
  H264Packetizer packetizer(1000);
  auto payloads = packetizer.packetize(au);
  ASSERT_TRUE(payloads);
  ASSERT_EQ(payloads->size(), 4u);
  H264Depacketizer depacketizer;
  Bytes out;
  for (std::size_t i = 0; i < payloads->size(); ++i) {
    const Bytes& p = (*payloads)[i];
    EXPECT_LE(p.size(), 1000u);
    EXPECT_EQ(p[0], 0x7c);  // F=0, NRI=3, type 28
    auto info = inspect_h264_payload(p);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->fragment_start, i == 0);
    EXPECT_EQ(info->fragment_end, i + 1 == payloads->size());
    EXPECT_EQ(depacketizer.inspect(p)->frame_start, i == 0);
    ASSERT_TRUE(depacketizer.append(p, out));
  }
  EXPECT_EQ(out, au);
}

TEST(Rfc6184_8_4, ParameterSetsAreRepeatedBeforeAnIdr) {
  H264Packetizer packetizer(1200);
  ASSERT_TRUE(packetizer.packetize(hex("00000001 674201 00000001 68ce 00000001 658801")));
  ASSERT_TRUE(packetizer.packetize(hex("00000001 419a01")));
  // An IDR alone: SPS and PPS go in front of it again.
  auto payloads = packetizer.packetize(hex("00000001 09f0 00000001 65b801"));
  ASSERT_TRUE(payloads);
  ASSERT_EQ(payloads->size(), 1u);
  EXPECT_EQ((*payloads)[0], hex("78 0003 674201 0002 68ce 0003 65b801"));
}

TEST(Rfc6184_5_2, BadPayloadsAreErrors) {
  H264Depacketizer depacketizer;
  for (const char* h :
       {"", "e5", "7c", "7c85", "7cc5 00", "78", "78 0005 6742", "78 0000", "7e 00", "60 00"}) {
    EXPECT_FALSE(depacketizer.inspect(hex(h))) << h;
  }
}

}  // namespace
}  // namespace rtc::rtp
