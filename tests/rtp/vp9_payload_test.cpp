// VP9 payload format (RFC 9628): the payload descriptor in both modes, the scalability
// structure, key frame detection, and the packetizer/depacketizer round trip.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "rtc/rtp/frame_assembler.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "rtc/rtp/vp9_payload.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;

// A VP9 key frame as an encoder writes it: the uncompressed header (VP9 spec §6.2) of a
// profile-0 key frame of width x height, then filler octets up to `size`.
Bytes vp9_keyframe(std::uint16_t width, std::uint16_t height, std::size_t size) {
  // frame_marker 10, profile 0 0, show_existing 0, KEY_FRAME 0, show_frame 1, error_res 0;
  // sync code; color_space 001 (BT.601), color_range 0; width-1, height-1 (16 bits each).
  const unsigned w = width - 1u;
  const unsigned h = height - 1u;
  Bytes f = {0x82,
             0x49,
             0x83,
             0x42,
             static_cast<std::uint8_t>(0x20 | (w >> 12)),
             static_cast<std::uint8_t>(w >> 4),
             static_cast<std::uint8_t>((w << 4) | (h >> 12)),
             static_cast<std::uint8_t>(h >> 4),
             static_cast<std::uint8_t>(h << 4)};
  for (std::size_t i = f.size(); i < size; ++i) f.push_back(static_cast<std::uint8_t>(i * 7 + 3));
  f.resize(size);
  return f;
}

// An inter frame: frame_type NON_KEY (0x86 = 10 0 0 0 1 1 0).
Bytes vp9_interframe(std::size_t size) {
  Bytes f(size);
  for (std::size_t i = 0; i < size; ++i) f[i] = static_cast<std::uint8_t>(i * 13 + 1);
  f[0] = 0x86;
  return f;
}

Bytes written(const Vp9Descriptor& d) {
  ByteWriter w;
  write_vp9_descriptor(w, d);
  return w.take();
}

TEST(Rfc9628_4_2, NonFlexibleDescriptorRoundTrip) {
  // I P L - B - - - | M + 15-bit PictureID 0x1234 | TID 2 U SID 0 D 0 | TL0PICIDX 7 | media.
  const Bytes payload = hex("e8 9234 50 07 aa");
  std::size_t size = 0;
  auto d = parse_vp9_descriptor(payload, size);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(size, 5u);
  EXPECT_TRUE(d->inter_predicted);
  EXPECT_FALSE(d->flexible);
  EXPECT_TRUE(d->begin_of_frame);
  EXPECT_FALSE(d->end_of_frame);
  EXPECT_FALSE(d->ss);
  EXPECT_EQ(*d->picture_id, 0x1234);
  EXPECT_TRUE(d->picture_id_15bit);
  ASSERT_TRUE(d->layers);
  EXPECT_EQ(d->layers->temporal_id, 2);
  EXPECT_TRUE(d->layers->switching_up);
  EXPECT_EQ(d->layers->spatial_id, 0);
  EXPECT_FALSE(d->layers->inter_layer_dependent);
  EXPECT_EQ(*d->tl0_pic_idx, 7);
  EXPECT_TRUE(d->p_diffs.empty());
  EXPECT_TRUE(validate_vp9_descriptor(*d));
  EXPECT_EQ(written(*d), hex("e8 9234 50 07"));
  EXPECT_EQ(d->size(), 5u);
  EXPECT_FALSE(vp9_is_keyframe(payload));  // P=1
}

TEST(Rfc9628_4_2, MinimalAndSevenBitPictureId) {
  std::size_t size = 0;
  // Only the first octet: B E, no PictureID.
  auto minimal = parse_vp9_descriptor(hex("0c 01"), size);
  ASSERT_TRUE(minimal);
  EXPECT_EQ(size, 1u);
  EXPECT_FALSE(minimal->picture_id);
  EXPECT_TRUE(minimal->begin_of_frame && minimal->end_of_frame);
  EXPECT_EQ(written(*minimal), hex("0c"));
  // 7-bit PictureID 0x7f, P=1, neither B nor E: a middle packet.
  auto seven = parse_vp9_descriptor(hex("c0 7f 00"), size);
  ASSERT_TRUE(seven);
  EXPECT_EQ(size, 2u);
  EXPECT_EQ(*seven->picture_id, 0x7f);
  EXPECT_FALSE(seven->picture_id_15bit);
  EXPECT_EQ(written(*seven), hex("c0 7f"));
}

TEST(Rfc9628_4_2, FlexibleModePDiffs) {
  // I P L F B E - Z | 7-bit PictureID 5 | TID 1 U0 SID 1 D1 | P_DIFF 1 N, 2 N, 4 | media.
  const Bytes payload = hex("fd 05 23 03 05 08 bb");
  std::size_t size = 0;
  auto d = parse_vp9_descriptor(payload, size);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(size, 6u);
  EXPECT_TRUE(d->flexible);
  EXPECT_TRUE(d->not_upper_reference);
  EXPECT_TRUE(d->end_of_frame);
  EXPECT_EQ(d->layers->temporal_id, 1);
  EXPECT_EQ(d->layers->spatial_id, 1);
  EXPECT_TRUE(d->layers->inter_layer_dependent);
  EXPECT_FALSE(d->tl0_pic_idx);  // no TL0PICIDX in flexible mode
  EXPECT_EQ(d->p_diffs, (std::vector<std::uint8_t>{1, 2, 4}));
  EXPECT_TRUE(validate_vp9_descriptor(*d));
  EXPECT_EQ(written(*d), hex("fd 05 23 03 05 08"));
  EXPECT_EQ(d->size(), 6u);

  // One reference, no layer indices.
  auto one = parse_vp9_descriptor(hex("d8 8001 02 00"), size);
  ASSERT_TRUE(one);
  EXPECT_EQ(size, 4u);
  EXPECT_EQ(one->p_diffs, (std::vector<std::uint8_t>{1}));
  // Flexible mode with P=0: no P_DIFF follows.
  auto intra = parse_vp9_descriptor(hex("98 8001 00"), size);
  ASSERT_TRUE(intra);
  EXPECT_EQ(size, 3u);
  EXPECT_TRUE(intra->p_diffs.empty());
}

TEST(Rfc9628_4_2, FlexibleModeAllowsAtMostThreeReferences) {
  std::size_t size = 0;
  auto four = parse_vp9_descriptor(hex("fd 05 23 03 05 09 02 bb"), size);
  ASSERT_FALSE(four);
  EXPECT_EQ(four.error().code, Errc::malformed);
  EXPECT_NE(four.error().message.find("3"), std::string::npos) << four.error().message;

  Vp9Descriptor d;
  d.flexible = true;
  d.inter_predicted = true;
  d.picture_id = 1;
  EXPECT_FALSE(validate_vp9_descriptor(d));  // P=1 but no P_DIFF
  d.p_diffs = {1, 2, 3, 4};
  EXPECT_FALSE(validate_vp9_descriptor(d));
  d.p_diffs = {0};
  EXPECT_FALSE(validate_vp9_descriptor(d));  // a picture cannot refer to itself
  d.p_diffs = {127};
  EXPECT_TRUE(validate_vp9_descriptor(d));
  d.p_diffs = {128};
  EXPECT_FALSE(validate_vp9_descriptor(d));
  d.p_diffs = {1};
  d.picture_id.reset();
  EXPECT_FALSE(validate_vp9_descriptor(d));  // flexible mode needs the PictureID
}

TEST(Rfc9628_4_2_1, ScalabilityStructureWithResolutionsAndPictureGroup) {
  // I - - - B - V - | 15-bit PictureID 1 | N_S=1 Y G | 320x180, 640x360 |
  // N_G=2 | TID0 U0 R1, P_DIFF 2 | TID1 U1 R1, P_DIFF 1 | media.
  const Bytes payload = hex("8a 8001 38 0140 00b4 0280 0168 02 04 02 34 01 cc");
  std::size_t size = 0;
  auto d = parse_vp9_descriptor(payload, size);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(size, 17u);
  ASSERT_TRUE(d->ss);
  const auto& ss = *d->ss;
  EXPECT_EQ(ss.spatial_layers, 2);
  ASSERT_EQ(ss.resolutions.size(), 2u);
  EXPECT_EQ(ss.resolutions[0], (Vp9Resolution{320, 180}));
  EXPECT_EQ(ss.resolutions[1], (Vp9Resolution{640, 360}));
  ASSERT_TRUE(ss.picture_group);
  ASSERT_EQ(ss.picture_group->size(), 2u);
  EXPECT_EQ((*ss.picture_group)[0], (Vp9PictureGroupEntry{0, false, {2}}));
  EXPECT_EQ((*ss.picture_group)[1], (Vp9PictureGroupEntry{1, true, {1}}));
  EXPECT_EQ(ss.size(), 14u);
  EXPECT_TRUE(validate_vp9_descriptor(*d));
  EXPECT_EQ(written(*d), hex("8a 8001 38 0140 00b4 0280 0168 02 04 02 34 01"));
  // P=0, B=1, no L (so SID 0): a key frame by the descriptor; the media ("cc") is not a VP9
  // header, so the descriptor alone decides.
  EXPECT_TRUE(vp9_is_keyframe(payload));

  // SS without Y and G: just the number of spatial layers. And G with N_G = 0.
  auto bare = parse_vp9_descriptor(hex("0a e0 00"), size);
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->ss->spatial_layers, 8);
  EXPECT_TRUE(bare->ss->resolutions.empty());
  EXPECT_FALSE(bare->ss->picture_group);
  auto empty_group = parse_vp9_descriptor(hex("0a 08 00 00"), size);
  ASSERT_TRUE(empty_group);
  EXPECT_EQ(size, 3u);
  EXPECT_TRUE(empty_group->ss->picture_group->empty());
  EXPECT_EQ(written(*empty_group), hex("0a 08 00"));

  Vp9Descriptor bad;
  bad.ss = Vp9ScalabilityStructure{2, {{320, 180}}, std::nullopt};  // Y needs one per layer
  EXPECT_FALSE(validate_vp9_descriptor(bad));
  bad.ss = Vp9ScalabilityStructure{9, {}, std::nullopt};
  EXPECT_FALSE(validate_vp9_descriptor(bad));
}

TEST(Rfc9628_4_2, TruncatedDescriptorsAreErrors) {
  std::size_t size = 0;
  for (const char* h : {
           "",                   // nothing
           "80",                 // I without PictureID
           "80 80",              // M without the extended PictureID
           "20",                 // L without the layer octet
           "20 00",              // non-flexible L without TL0PICIDX
           "d0 05",              // flexible P without P_DIFF
           "d0 05 03",           // N set, next P_DIFF missing
           "02",                 // V without SS
           "02 10 01 40 00",     // Y: height missing
           "02 30 0140 00b4",    // Y: second layer missing
           "02 08",              // G without N_G
           "02 08 02 04 02",     // G: second entry missing
           "02 08 01 0c 01 02",  // G: R=3, third P_DIFF missing
       }) {
    auto d = parse_vp9_descriptor(hex(h), size);
    ASSERT_FALSE(d) << h;
    EXPECT_EQ(d.error().code, Errc::truncated) << h;
    EXPECT_TRUE(d.error().offset) << h;
    EXPECT_NE(d.error().message.find("RFC 9628"), std::string::npos) << d.error().message;
  }
  auto no_pid = parse_vp9_descriptor(hex("18 00"), size);  // F=1, I=0
  ASSERT_FALSE(no_pid);
  EXPECT_EQ(no_pid.error().code, Errc::malformed);

  Vp9Depacketizer depacketizer;
  EXPECT_FALSE(depacketizer.inspect(hex("88 8001")));  // descriptor but no media
  EXPECT_FALSE(depacketizer.inspect(hex("02 10")));
  Bytes frame;
  EXPECT_FALSE(depacketizer.append(hex("80"), frame));
  EXPECT_TRUE(frame.empty());
  EXPECT_FALSE(vp9_is_keyframe(hex("")));
}

TEST(Rfc9628_4_2, EveryPrefixOfAValidDescriptorIsAnErrorNotACrash) {
  for (const char* h :
       {"8a 8001 38 0140 00b4 0280 0168 02 04 02 34 01", "fd 05 23 03 05 08", "e8 9234 50 07"}) {
    const Bytes full = hex(h);
    for (std::size_t n = 0; n < full.size(); ++n) {
      std::size_t size = 0;
      EXPECT_FALSE(parse_vp9_descriptor(BytesView(full).first(n), size)) << h << " / " << n;
    }
  }
}

TEST(Rfc9628_4_2, KeyframeDetection) {
  Vp9Depacketizer depacketizer;
  const Bytes key = vp9_keyframe(640, 480, 20);
  EXPECT_EQ(Bytes(key.begin(), key.begin() + 9), hex("82 49 83 42 20 27 f0 1d f0"));
  auto with = [](const char* descriptor, const Bytes& media) {
    Bytes p = hex(descriptor);
    p.insert(p.end(), media.begin(), media.end());
    return p;
  };
  // B=1 P=0, no L: key frame, and the header agrees.
  auto info = depacketizer.inspect(with("8c 8001", key));
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->keyframe);
  EXPECT_TRUE(info->frame_start);
  EXPECT_TRUE(info->frame_end);
  // P=1: not a key frame.
  EXPECT_FALSE(depacketizer.inspect(with("cc 8001", vp9_interframe(10)))->keyframe);
  // B=0: not the first packet, so it cannot say.
  EXPECT_FALSE(depacketizer.inspect(with("84 8001", key))->keyframe);
  // P=0 in spatial layer 1 (SID 1): not a key frame of the stream.
  EXPECT_FALSE(depacketizer.inspect(with("a8 8001 02 00", key))->keyframe);
  EXPECT_TRUE(depacketizer.inspect(with("a8 8001 00 00", key))->keyframe);
  // P=0 but the header says NON_KEY: an intra-only frame, not a key frame.
  EXPECT_FALSE(depacketizer.inspect(with("8c 8001", vp9_interframe(10)))->keyframe);
}

TEST(Rfc9628_4_2, UncompressedHeaderFrameTypeAndSize) {
  auto key = parse_vp9_frame_header(vp9_keyframe(1280, 720, 12));
  ASSERT_TRUE(key) << key.error().to_string();
  EXPECT_TRUE(key->keyframe);
  EXPECT_EQ(key->profile, 0);
  EXPECT_EQ(key->size, (Vp9Resolution{1280, 720}));
  auto inter = parse_vp9_frame_header(vp9_interframe(4));
  ASSERT_TRUE(inter);
  EXPECT_FALSE(inter->keyframe);
  EXPECT_FALSE(inter->size);
  auto existing = parse_vp9_frame_header(hex("88"));  // show_existing_frame
  ASSERT_TRUE(existing);
  EXPECT_TRUE(existing->show_existing_frame);
  // Profile 1 key frame (subsampling bits), 16x16: 10 1 0 0 0 1 0, sync, cs 001 range 0
  // ss_x 1 ss_y 0 reserved 0 (7 bits), then width-1 = 15, height-1 = 15.
  auto p1 = parse_vp9_frame_header(hex("a2 49 83 42 28 00 1e 00 1e"));
  ASSERT_TRUE(p1) << p1.error().to_string();
  EXPECT_EQ(p1->profile, 1);
  EXPECT_EQ(p1->size, (Vp9Resolution{16, 16}));
  EXPECT_FALSE(parse_vp9_frame_header(hex("")));
  EXPECT_FALSE(parse_vp9_frame_header(hex("42")));                 // frame_marker 01
  EXPECT_FALSE(parse_vp9_frame_header(hex("82 49 83 43 20 27")));  // bad sync code
  EXPECT_FALSE(parse_vp9_frame_header(hex("82 49 83 42 20 27")));  // size cut short
}

// Checks one frame's payloads: budget, B/E, one PictureID, SS only first (on key frames), and
// that the depacketizer gives the frame back.
void check_round_trip(const Payloads& payloads, const Bytes& frame, std::size_t budget,
                      bool keyframe, std::uint16_t picture_id, bool flexible) {
  ASSERT_FALSE(payloads.empty());
  Vp9Depacketizer depacketizer;
  Bytes out;
  std::size_t min_rest = SIZE_MAX, max_rest = 0;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const Bytes& p = payloads[i];
    EXPECT_LE(p.size(), budget);
    std::size_t size = 0;
    auto d = parse_vp9_descriptor(p, size);
    ASSERT_TRUE(d) << d.error().to_string();
    ASSERT_LT(size, p.size()) << "every payload carries media";
    EXPECT_EQ(d->begin_of_frame, i == 0);
    EXPECT_EQ(d->end_of_frame, i + 1 == payloads.size());
    EXPECT_EQ(d->inter_predicted, !keyframe);
    EXPECT_EQ(d->flexible, flexible);
    EXPECT_EQ(*d->picture_id, picture_id);
    EXPECT_EQ(d->ss.has_value(), i == 0 && keyframe);
    auto info = depacketizer.inspect(p);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->frame_start, i == 0);
    EXPECT_EQ(info->frame_end, i + 1 == payloads.size());
    EXPECT_EQ(info->keyframe, i == 0 && keyframe);
    if (i > 0) {
      min_rest = std::min(min_rest, p.size() - size);
      max_rest = std::max(max_rest, p.size() - size);
    }
    ASSERT_TRUE(depacketizer.append(p, out));
  }
  if (payloads.size() > 1) {
    EXPECT_LE(max_rest - min_rest, 1u) << "balanced split";
  }
  EXPECT_EQ(out, frame);
}

TEST(Rfc9628_4_3, PacketizeRoundTripsAcrossFrameSizesAndBudgets) {
  for (bool flexible : {false, true}) {
    for (std::size_t budget : {12u, 13u, 20u, 100u, 1100u, 1200u}) {
      Vp9Packetizer packetizer({.max_payload_size = budget,
                                .picture_id = true,
                                .first_picture_id = 0x7ffe,
                                .flexible_mode = flexible});
      std::uint16_t pid = 0x7ffe;
      for (std::size_t size : {9u, 10u, 99u, 100u, 101u, 1000u, 1199u, 1200u, 5000u, 70000u}) {
        SCOPED_TRACE("flexible " + std::to_string(flexible) + " budget " + std::to_string(budget) +
                     " size " + std::to_string(size));
        for (bool keyframe : {true, false}) {
          const Bytes frame = keyframe ? vp9_keyframe(640, 360, size) : vp9_interframe(size);
          auto payloads = packetizer.packetize(frame);
          ASSERT_TRUE(payloads) << payloads.error().to_string();
          check_round_trip(*payloads, frame, budget, keyframe, pid, flexible);
          pid = static_cast<std::uint16_t>((pid + 1) & 0x7fff);
          EXPECT_EQ(packetizer.next_picture_id(), pid);
        }
      }
    }
  }
}

TEST(Rfc9628_4_3, PacketizerWritesTheSingleLayerDescriptors) {
  Vp9Packetizer packetizer({.max_payload_size = 1200, .first_picture_id = 0x1234});
  auto key = packetizer.packetize(vp9_keyframe(1280, 720, 100));
  ASSERT_TRUE(key);
  ASSERT_EQ(key->size(), 1u);
  // I B E V | 15-bit PictureID | SS: N_S 0 Y G | 1280x720 | N_G 1 | TID 0 U 0 R 1, P_DIFF 1.
  EXPECT_EQ(Bytes((*key)[0].begin(), (*key)[0].begin() + 15),
            hex("8e 9234 18 0500 02d0 01 04 01 82 49 83 42"));
  auto inter = packetizer.packetize(vp9_interframe(100));
  ASSERT_TRUE(inter);
  EXPECT_EQ(Bytes((*inter)[0].begin(), (*inter)[0].begin() + 4), hex("cc 9235 86"));

  // A key frame whose header cannot be read: the caller says it is one; SS without Y.
  auto opaque = packetizer.packetize(hex("00 01 02"), {.keyframe = true});
  ASSERT_TRUE(opaque);
  EXPECT_EQ((*opaque)[0], hex("8e 9236 08 01 04 01 00 01 02"));

  // Flexible mode: a key frame has no P_DIFF and no picture group; inter frames refer to the
  // previous picture unless told otherwise.
  Vp9Packetizer flexible({.first_picture_id = 5, .flexible_mode = true});
  auto fkey = flexible.packetize(vp9_keyframe(320, 240, 40));
  ASSERT_TRUE(fkey);
  EXPECT_EQ(Bytes((*fkey)[0].begin(), (*fkey)[0].begin() + 9), hex("9e 8005 10 0140 00f0 82"));
  auto f1 = flexible.packetize(vp9_interframe(40));
  EXPECT_EQ(Bytes((*f1)[0].begin(), (*f1)[0].begin() + 5), hex("dc 8006 02 86"));
  auto f2 = flexible.packetize(vp9_interframe(40), {.p_diffs = {1, 3}});
  EXPECT_EQ(Bytes((*f2)[0].begin(), (*f2)[0].begin() + 6), hex("dc 8007 03 06 86"));
  EXPECT_FALSE(flexible.packetize(vp9_interframe(40), {.p_diffs = {1, 2, 3, 4}}));
  EXPECT_FALSE(flexible.packetize(vp9_interframe(40), {.p_diffs = {0}}));

  // No SS when asked not to; no PictureID when asked not to.
  Vp9Packetizer plain({.picture_id = false, .scalability_structure = false});
  EXPECT_EQ((*plain.packetize(hex("86 00")))[0], hex("4c 86 00"));
  EXPECT_EQ((*plain.packetize(vp9_keyframe(64, 64, 10)))[0][0], 0x0c);

  EXPECT_FALSE(packetizer.packetize({}));
  Vp9Packetizer tiny({.max_payload_size = 3});
  EXPECT_FALSE(tiny.packetize(vp9_interframe(10)));  // descriptor alone is 3 octets
  Vp9Packetizer key_tiny({.max_payload_size = 11});
  EXPECT_FALSE(key_tiny.packetize(vp9_keyframe(64, 64, 10)));  // 11-octet descriptor with SS
  EXPECT_TRUE(key_tiny.packetize(vp9_interframe(10)));
}

TEST(Rfc9628_4_2, TemporalLayersCountTl0PicIdx) {
  Vp9Packetizer packetizer;
  const std::uint8_t tids[] = {0, 2, 1, 2, 0, 2};
  const std::uint8_t expect[] = {1, 1, 1, 1, 2, 2};
  for (std::size_t i = 0; i < 6; ++i) {
    auto p = packetizer.packetize(vp9_interframe(30),
                                  {.temporal_id = tids[i], .switching_up = tids[i] > 0});
    ASSERT_TRUE(p);
    std::size_t size = 0;
    auto d = parse_vp9_descriptor((*p)[0], size);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->layers->temporal_id, tids[i]);
    EXPECT_EQ(d->layers->switching_up, tids[i] > 0);
    EXPECT_EQ(*d->tl0_pic_idx, expect[i]) << i;
  }
  // An explicit TL0PICIDX wins and the count carries on from it.
  auto p = packetizer.packetize(vp9_interframe(30), {.temporal_id = 0, .tl0_pic_idx = 200});
  std::size_t size = 0;
  EXPECT_EQ(*parse_vp9_descriptor((*p)[0], size)->tl0_pic_idx, 200);
  p = packetizer.packetize(vp9_interframe(30), {.temporal_id = 0});
  EXPECT_EQ(*parse_vp9_descriptor((*p)[0], size)->tl0_pic_idx, 201);
  EXPECT_FALSE(packetizer.packetize(vp9_interframe(30), {.temporal_id = 8}));
}

TEST(Rfc9628_4_3, FrameAssemblerRebuildsVp9FramesOutOfOrder) {
  Vp9Packetizer packetizer({.max_payload_size = 200});
  const Bytes key = vp9_keyframe(640, 480, 900);
  const Bytes inter = vp9_interframe(450);
  std::vector<Bytes> packets;
  std::size_t key_packets = 0;
  std::uint16_t seq = 100;
  std::uint32_t ts = 9000;
  for (const Bytes* frame : {&key, &inter}) {
    auto payloads = packetizer.packetize(*frame);
    ASSERT_TRUE(payloads);
    for (std::size_t i = 0; i < payloads->size(); ++i) {
      RtpPacketBuilder b;
      b.payload_type(98).ssrc(1).sequence_number(seq++).timestamp(ts).marker(i + 1 ==
                                                                             payloads->size());
      b.payload((*payloads)[i]);
      packets.push_back(*b.build());
    }
    if (key_packets == 0) key_packets = packets.size();
    ts += 3000;
  }
  Vp9Depacketizer depacketizer;
  FrameAssembler assembler(depacketizer);
  ASSERT_GT(key_packets, 2u);
  ASSERT_GT(packets.size(), key_packets + 1);
  // Arrival: each frame's packets newest first, the key frame's first packet (B=1) late.
  auto feed = [&](std::size_t i) {
    auto view = RtpPacketView::parse(packets[i]);
    ASSERT_TRUE(view);
    ASSERT_TRUE(assembler.insert(*view));
  };
  for (std::size_t i = key_packets - 1; i > 0; --i) feed(i);
  for (std::size_t i = packets.size() - 1; i > key_packets; --i) feed(i);
  EXPECT_FALSE(assembler.poll_frame());
  feed(0);
  auto first = assembler.poll_frame();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->keyframe);
  EXPECT_EQ(first->data, key);
  EXPECT_FALSE(assembler.poll_frame());  // the inter frame still lacks its B packet
  feed(key_packets);
  auto second = assembler.poll_frame();
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->keyframe);
  EXPECT_FALSE(second->after_gap);
  EXPECT_EQ(second->data, inter);
  EXPECT_FALSE(assembler.poll_frame());
}

}  // namespace
}  // namespace rtc::rtp
