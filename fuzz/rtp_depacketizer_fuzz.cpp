// Fuzz target for the payload formats and what sits on them: the VP8 (RFC 7741), VP9 (RFC
// 9628), H.264 (RFC 6184), Opus (RFC 7587) and AV1 (AV1-RTP) depacketizers, the FrameAssembler
// fed fuzzed sequence numbers, and the media file readers (IVF, H.264 Annex B).
//
// Input: one selector octet (bits 0-1 codec: 0 VP8, 1 H.264, 2 Opus, 3 VP9; bits 0-2 = 4:
// AV1 instead of VP8), then records of
// [seq low octet, flags, length, payload...]: each record becomes an RTP packet for the
// assembler. With VP9 the selector's upper bits also pick a packetizer budget and mode for a
// packetize/depacketize round trip of the whole rest, and a parsed descriptor must survive
// write + re-parse unchanged. With AV1 the rest, if it splits into OBUs, is packetized at a
// budget from the upper bits and must come back as the same OBUs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "rtc/rtp/av1_payload.hpp"
#include "rtc/rtp/frame_assembler.hpp"
#include "rtc/rtp/h264_annexb.hpp"
#include "rtc/rtp/h264_payload.hpp"
#include "rtc/rtp/ivf.hpp"
#include "rtc/rtp/opus_payload.hpp"
#include "rtc/rtp/vp8_payload.hpp"
#include "rtc/rtp/vp9_payload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const rtc::BytesView input(data, size);
  const rtc::BytesView rest = input.subspan(1);

  // Media files.
  if (auto ivf = rtc::rtp::IvfReader::open(rest)) {
    for (int i = 0; i < 1000; ++i) {
      auto frame = ivf->next_frame();
      if (!frame || !*frame) break;
    }
  }
  rtc::rtp::AnnexBReader annexb(rest);
  while (auto au = annexb.next_access_unit()) {
    if (au->empty()) __builtin_trap();
  }

  static const rtc::rtp::Vp8Depacketizer vp8;
  static const rtc::rtp::H264Depacketizer h264;
  static const rtc::rtp::OpusDepacketizer opus;
  static const rtc::rtp::Vp9Depacketizer vp9;
  static const rtc::rtp::Av1Depacketizer av1;
  const rtc::rtp::Depacketizer* codecs[] = {&vp8, &h264, &opus, &vp9};
  const bool is_av1 = (input[0] & 7) == 4;
  const rtc::rtp::Depacketizer& codec = is_av1 ? av1 : *codecs[input[0] & 3];

  // The whole rest as one payload.
  rtc::Bytes frame;
  if (codec.inspect(rest)) {
    // AV1's append also checks what only the frame so far can tell (an open OBU for Z).
    if (!codec.append(rest, frame) && !is_av1) __builtin_trap();  // inspect accepted it
  }

  if (is_av1) {
    // Whatever splits into OBUs crosses RTP at any budget and comes back as the same OBUs
    // (minus temporal delimiters, tile lists and padding, which AV1-RTP §5 drops).
    const std::size_t budget = 4 + (input[0] >> 3);
    auto carried = [](rtc::BytesView tu) {
      std::vector<std::pair<std::uint8_t, rtc::Bytes>> out;
      if (auto obus = rtc::rtp::split_obus(tu)) {
        for (const auto& o : *obus) {
          const auto t = o.type();
          if (t == rtc::rtp::ObuType::temporal_delimiter || t == rtc::rtp::ObuType::tile_list ||
              t == rtc::rtp::ObuType::padding)
            continue;
          out.emplace_back(static_cast<std::uint8_t>(o.header & ~rtc::rtp::kObuHasSizeFlag),
                           rtc::Bytes(o.payload.begin(), o.payload.end()));
        }
      }
      return out;
    };
    rtc::rtp::Av1Packetizer packetizer({.max_payload_size = budget});
    if (auto payloads = packetizer.packetize(rest)) {
      rtc::Bytes whole;
      for (const auto& p : *payloads) {
        if (p.size() > budget || !av1.inspect(p)) __builtin_trap();
        if (!av1.append(p, whole)) __builtin_trap();
      }
      if (carried(whole) != carried(rest)) __builtin_trap();
    }
  }

  if ((input[0] & 3) == 3) {
    // RFC 9628 §4.2: whatever parses must be written back to the same fields.
    std::size_t descriptor_size = 0;
    if (auto d = rtc::rtp::parse_vp9_descriptor(rest, descriptor_size)) {
      if (descriptor_size > rest.size()) __builtin_trap();
      rtc::ByteWriter w;
      rtc::rtp::write_vp9_descriptor(w, *d);
      if (w.size() != d->size()) __builtin_trap();
      std::size_t again_size = 0;
      auto again = rtc::rtp::parse_vp9_descriptor(w.view(), again_size);
      if (!again || again_size != w.size() || !(*again == *d)) __builtin_trap();
      (void)rtc::rtp::validate_vp9_descriptor(*d);
      (void)rtc::rtp::parse_vp9_frame_header(rest.subspan(descriptor_size));
    }
    (void)rtc::rtp::vp9_is_keyframe(rest);
    // §4.3: any frame cut at any budget comes back whole.
    rtc::rtp::Vp9Packetizer packetizer(
        {.max_payload_size = 12 + (input[0] >> 3) * 4u, .flexible_mode = (input[0] & 4) != 0});
    if (auto payloads = packetizer.packetize(rest)) {
      rtc::Bytes whole;
      for (std::size_t i = 0; i < payloads->size(); ++i) {
        const auto& p = (*payloads)[i];
        auto info = vp9.inspect(p);
        if (!info || info->frame_start != (i == 0) ||
            info->frame_end != (i + 1 == payloads->size()))
          __builtin_trap();
        if (p.size() > 12 + (input[0] >> 3) * 4u) __builtin_trap();
        if (!vp9.append(p, whole)) __builtin_trap();
      }
      if (!std::equal(whole.begin(), whole.end(), rest.begin(), rest.end())) __builtin_trap();
    } else if (!rest.empty()) {
      __builtin_trap();  // 12 octets always leave room after the largest single-layer descriptor
    }
  }

  rtc::rtp::FrameAssembler assembler(codec, {.max_packets = 32});
  std::size_t pos = 0;
  std::uint32_t timestamp = 0;
  while (pos + 3 <= rest.size()) {
    const std::uint8_t seq = rest[pos];
    const std::uint8_t flags = rest[pos + 1];
    const std::size_t length = rest[pos + 2];
    pos += 3;
    if (rest.size() - pos < length) break;
    if (flags & 0x02) timestamp += 3000;
    rtc::rtp::RtpPacketBuilder b;
    b.sequence_number(static_cast<std::uint16_t>(0xff00 + seq))
        .timestamp(timestamp)
        .marker((flags & 0x01) != 0)
        .payload(rest.subspan(pos, length));
    pos += length;
    auto packet = b.build();
    if (!packet) __builtin_trap();
    auto view = rtc::rtp::RtpPacketView::parse(*packet);
    if (!view) __builtin_trap();
    (void)assembler.insert(*view);
    if (flags & 0x04) (void)assembler.skip_to_next_frame();
    (void)assembler.missing();
    while (assembler.poll_frame()) {
    }
    if (assembler.pending_packets() > 32) __builtin_trap();
  }
  return 0;
}
