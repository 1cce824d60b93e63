// AV1 RTP payload format (AOMedia "RTP Payload Format For AV1" v1.0, "AV1-RTP"): LEB128 and
// OBU splitting (AV1 spec §4.10.5, §5.3), the aggregation header (AV1-RTP §4.4), and the
// packetizer/depacketizer/frame assembler round trip on a real aomenc clip
// (assets/demo/clip_av1.ivf, scripts/make-demo-media.sh).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "rtc/rtp/av1_payload.hpp"
#include "rtc/rtp/frame_assembler.hpp"
#include "rtc/rtp/ivf.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "srtp_test_util.hpp"

namespace rtc::rtp {
namespace {

using test::hex;

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

std::vector<Bytes> clip_frames() {
  static const Bytes file = read_file(std::string(RTC_SOURCE_DIR) + "/assets/demo/clip_av1.ivf");
  auto reader = IvfReader::open(file);
  EXPECT_TRUE(reader.has_value());
  EXPECT_EQ(reader->header().codec(), "AV01");
  std::vector<Bytes> frames;
  while (auto f = reader->next_frame()) {
    if (!*f) break;
    frames.emplace_back((*f)->data.begin(), (*f)->data.end());
  }
  return frames;
}

// The OBUs of a TU other than temporal delimiters, with obu_size removed: what the payload
// format carries, to compare a TU before and after RTP.
std::vector<std::pair<std::uint8_t, Bytes>> carried_obus(BytesView tu) {
  std::vector<std::pair<std::uint8_t, Bytes>> out;
  const auto obus = split_obus(tu);
  EXPECT_TRUE(obus.has_value());
  if (!obus) return out;
  for (const Obu& o : *obus) {
    if (o.type() == ObuType::temporal_delimiter || o.type() == ObuType::padding) continue;
    out.emplace_back(static_cast<std::uint8_t>(o.header & ~kObuHasSizeFlag),
                     Bytes(o.payload.begin(), o.payload.end()));
  }
  return out;
}

TEST(Av1Obu, Leb128_Spec4_10_5) {
  EXPECT_EQ(read_leb128(hex("00"))->value, 0u);
  EXPECT_EQ(read_leb128(hex("7f"))->value, 127u);
  auto two = read_leb128(hex("8001"));
  EXPECT_EQ(two->value, 128u);
  EXPECT_EQ(two->size, 2u);
  // Non-minimal encodings are valid: 5 octets for 3.
  auto padded = read_leb128(hex("8380808000"));
  EXPECT_EQ(padded->value, 3u);
  EXPECT_EQ(padded->size, 5u);
  EXPECT_FALSE(read_leb128(hex("80")));                // runs past the end
  EXPECT_FALSE(read_leb128(hex("8080808080808080")));  // more than 8 octets
  EXPECT_FALSE(read_leb128(hex("8080808010")));        // 2^32: above the limit
  Bytes out;
  write_leb128(out, 300);
  EXPECT_EQ(out, hex("ac02"));
  EXPECT_EQ(leb128_size(127), 1u);
  EXPECT_EQ(leb128_size(128), 2u);
  Bytes fixed(5);
  write_leb128_fixed(fixed, 3, 5);
  EXPECT_EQ(fixed, hex("8380808000"));
}

TEST(Av1Obu, SplitsATemporalUnitAndFindsKeyFrames_Spec5_2) {
  const auto frames = clip_frames();
  ASSERT_EQ(frames.size(), 60u);
  auto first = split_obus(frames[0]);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  // aomenc writes a temporal delimiter, then the sequence header, then the frame.
  ASSERT_GE(first->size(), 3u);
  EXPECT_EQ((*first)[0].type(), ObuType::temporal_delimiter);
  EXPECT_EQ((*first)[1].type(), ObuType::sequence_header);
  EXPECT_TRUE(av1_is_key_frame(*first));
  EXPECT_FALSE(av1_is_key_frame(*split_obus(frames[1])));
  // --kf-max-dist=30: the key frames are 0 and 30 (or earlier).
  int keys = 0;
  for (const auto& f : frames) keys += av1_is_key_frame(*split_obus(f)) ? 1 : 0;
  EXPECT_GE(keys, 2);

  EXPECT_FALSE(split_obus(hex("12")));        // obu_size missing
  EXPECT_FALSE(split_obus(hex("1205aabb")));  // obu_size past the end
  EXPECT_FALSE(split_obus(hex("1200b2")));    // forbidden bit (0xb2 = 1011 0010)
  // Without obu_size an OBU runs to the end: only the last may omit it.
  EXPECT_EQ(split_obus(hex("1200"
                           "30aabb"))
                ->size(),
            2u);
}

TEST(Av1Payload, AggregationHeader_Section4_4) {
  Av1AggregationHeader h{true, false, 2, false};
  EXPECT_EQ(h.encode(), 0xA0);
  EXPECT_EQ(Av1AggregationHeader::decode(0x58), (Av1AggregationHeader{false, true, 1, true}));
  // W=2: the first element has a length, the second runs to the end.
  Av1AggregationHeader read;
  const Bytes payload =
      hex("20"
          "020a0b"
          "30ccdd");
  auto elements = parse_av1_payload(payload, &read);
  ASSERT_TRUE(elements.has_value()) << elements.error().message;
  ASSERT_EQ(elements->size(), 2u);
  EXPECT_EQ(Bytes((*elements)[1].data.begin(), (*elements)[1].data.end()), hex("30ccdd"));
  // W=0: every element has a length.
  EXPECT_EQ(parse_av1_payload(hex("00"
                                  "01 0a"
                                  "02 0b0c"),
                              nullptr)
                ->size(),
            2u);
  EXPECT_FALSE(parse_av1_payload(hex(""), nullptr));
  EXPECT_FALSE(parse_av1_payload(hex("00"
                                     "05 0a"),
                                 nullptr));  // length past the end
  EXPECT_FALSE(parse_av1_payload(hex("00"
                                     "00"),
                                 nullptr));  // empty element
  EXPECT_FALSE(parse_av1_payload(hex("30"
                                     "01 0a"),
                                 nullptr));             // W=3, one element
  EXPECT_FALSE(parse_av1_payload(hex("00"), nullptr));  // no element at all
}

TEST(Av1Payload, PacketizerDropsDelimitersAndSizesAndSetsN_Section5) {
  const auto frames = clip_frames();
  Av1Packetizer packetizer({.max_payload_size = 1100});
  auto payloads = packetizer.packetize(frames[0]);
  ASSERT_TRUE(payloads.has_value()) << payloads.error().message;
  ASSERT_GE(payloads->size(), 2u);  // the key frame does not fit one payload
  for (std::size_t i = 0; i < payloads->size(); ++i) {
    const Bytes& p = (*payloads)[i];
    EXPECT_LE(p.size(), 1100u);
    Av1AggregationHeader h;
    auto elements = parse_av1_payload(p, &h);
    ASSERT_TRUE(elements.has_value()) << elements.error().message;
    EXPECT_EQ(h.n, i == 0);                    // key frame: N on the first payload
    EXPECT_EQ(h.z, i > 0);                     // the frame OBU is fragmented ...
    EXPECT_EQ(h.y, i + 1 < payloads->size());  // ... over every payload
    for (const auto& e : *elements) {
      if (e.continues_previous) continue;
      EXPECT_EQ(e.data[0] & kObuHasSizeFlag, 0);                    // §4.5: obu_size removed
      EXPECT_NE(obu_type(e.data[0]), ObuType::temporal_delimiter);  // §5: not sent
    }
  }
  // A delta frame fits one payload, without N.
  auto delta = packetizer.packetize(frames[1]);
  ASSERT_TRUE(delta.has_value());
  EXPECT_EQ(Av1AggregationHeader::decode((*delta)[0][0]).n, false);
  EXPECT_FALSE(packetizer.packetize(hex("1200")));  // only a temporal delimiter
  EXPECT_FALSE(Av1Packetizer({.max_payload_size = 3}).packetize(frames[1]));
}

// Every frame of the clip through packetizer -> RTP packets -> frame assembler (with the
// packets of each frame delivered in reverse order) -> the same OBUs, with a temporal
// delimiter and obu_size restored, for several budgets (tiny ones fragment every OBU).
TEST(Av1Payload, RoundTripThroughTheFrameAssembler) {
  const auto frames = clip_frames();
  for (std::size_t budget : {40u, 300u, 1100u}) {
    Av1Packetizer packetizer({.max_payload_size = budget});
    Av1Depacketizer depacketizer;
    FrameAssembler assembler(depacketizer);
    std::uint16_t seq = 65000;  // wraps during the clip
    std::size_t out = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
      auto payloads = packetizer.packetize(frames[i]);
      ASSERT_TRUE(payloads.has_value()) << payloads.error().message;
      std::vector<Bytes> packets;
      for (std::size_t k = 0; k < payloads->size(); ++k) {
        RtpPacketBuilder b;
        b.payload_type(45).ssrc(1).timestamp(static_cast<std::uint32_t>(3000 * i));
        b.sequence_number(seq++).marker(k + 1 == payloads->size()).payload((*payloads)[k]);
        packets.push_back(*b.build());
      }
      for (auto it = packets.rbegin(); it != packets.rend(); ++it) {
        ASSERT_TRUE(assembler.insert(*RtpPacketView::parse(*it)));
      }
      while (auto f = assembler.poll_frame()) {
        ASSERT_LT(out, frames.size());
        EXPECT_EQ(f->keyframe, av1_is_key_frame(*split_obus(frames[out]))) << out;
        auto obus = split_obus(f->data);
        ASSERT_TRUE(obus.has_value()) << obus.error().message;
        EXPECT_EQ((*obus)[0].type(), ObuType::temporal_delimiter);
        EXPECT_EQ(carried_obus(f->data), carried_obus(frames[out])) << "frame " << out;
        ++out;
      }
    }
    EXPECT_EQ(out, frames.size()) << "budget " << budget;
  }
}

TEST(Av1Payload, DepacketizerRejectsAContinuationWithNothingOpen) {
  Av1Depacketizer d;
  Bytes frame;
  // Z=1 on the first payload of a frame: no OBU fragment to continue.
  EXPECT_FALSE(d.append(hex("90"
                            "aabb"),
                        frame));
  // A sender that kept obu_size: honoured (and the trailing octet beyond it ignored).
  frame.clear();
  ASSERT_TRUE(d.append(hex("10"
                           "3202aabbcc"),
                       frame));
  EXPECT_EQ(frame, hex("1200"
                       "3202aabb"));
  // The forbidden bit.
  frame.clear();
  EXPECT_FALSE(d.append(hex("10"
                            "b0aa"),
                        frame));
}

}  // namespace
}  // namespace rtc::rtp
