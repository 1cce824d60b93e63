// Fuzz target for the payload formats and what sits on them: the VP8 (RFC 7741), H.264 (RFC
// 6184) and Opus (RFC 7587) depacketizers, the FrameAssembler fed fuzzed sequence numbers,
// and the media file readers (IVF, H.264 Annex B).
//
// Input: one selector octet (bits 0-1 codec), then records of [seq low octet, flags, length,
// payload...]: each record becomes an RTP packet for the assembler.
#include <cstddef>
#include <cstdint>

#include "rtc/rtp/frame_assembler.hpp"
#include "rtc/rtp/h264_annexb.hpp"
#include "rtc/rtp/h264_payload.hpp"
#include "rtc/rtp/ivf.hpp"
#include "rtc/rtp/opus_payload.hpp"
#include "rtc/rtp/vp8_payload.hpp"

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
  const rtc::rtp::Depacketizer* codecs[] = {&vp8, &h264, &opus, &vp8};
  const rtc::rtp::Depacketizer& codec = *codecs[input[0] & 3];

  // The whole rest as one payload.
  rtc::Bytes frame;
  if (codec.inspect(rest)) {
    if (!codec.append(rest, frame)) __builtin_trap();  // inspect accepted it
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
