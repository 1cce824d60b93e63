// Example 05: a video frame's trip through the media plane, and back.
//
// What a WebRTC sender does with each encoded frame, and what the receiver undoes:
//   1. packetize: cut a VP8 frame into RTP payloads that fit the path MTU (RFC 7741),
//   2. wrap each payload in an RTP header (RFC 3550 §5.1) with a header extension (RFC 8285),
//   3. protect each packet with SRTP (RFC 3711; AEAD_AES_128_GCM, RFC 7714),
//   -- the network: here the packets arrive in reverse order --
//   4. unprotect, 5. parse, 6. reassemble the frame in a FrameAssembler (a tiny jitter
//      buffer), and check it is the frame we sent.
//
//   build/default/examples/example_05_rtp_srtp
#include <algorithm>
#include <iostream>
#include <vector>

#include "rtc/common/encoding.hpp"
#include "rtc/rtp/frame_assembler.hpp"
#include "rtc/rtp/rtp_packet.hpp"
#include "rtc/rtp/srtp_session.hpp"
#include "rtc/rtp/vp8_payload.hpp"

int main() {
  using namespace rtc::rtp;

  // A fake 3000-octet VP8 key frame: the first octet's low bit 0 marks a key frame (RFC 7741
  // §4.3). A real one comes from an encoder or an IVF file (ivf.hpp).
  rtc::Bytes frame(3000);
  for (std::size_t i = 0; i < frame.size(); ++i) frame[i] = static_cast<std::uint8_t>(i * 7);
  frame[0] = 0x10;

  // 1. Packetize. 1100 octets of payload leave room for IP, UDP, RTP, extensions and the tag.
  Vp8Packetizer packetizer({.max_payload_size = 1100, .picture_id = true, .first_picture_id = 42});
  auto payloads = packetizer.packetize(frame);
  if (!payloads) return std::cerr << payloads.error().to_string() << "\n", 1;
  std::cout << "VP8 frame of " << frame.size() << " octets -> " << payloads->size()
            << " RTP payloads\n";

  // 3. (set up first) The same keys on both ends; DTLS-SRTP would supply them (RFC 5764 §4.2).
  SrtpConfig config;
  config.profile = SrtpProfile::aead_aes_128_gcm;
  config.master_key.assign(16, 0x01);
  config.master_salt.assign(12, 0x02);
  auto sender = SrtpSession::create(config);
  auto receiver = SrtpSession::create(config);
  if (!sender || !receiver) return 1;

  // 2. + 3. Header, then protection. The marker bit flags the frame's last packet; every
  // packet of one frame shares the timestamp (90 kHz clock for video).
  std::vector<rtc::Bytes> wire;
  const std::uint8_t mid[] = {'0'};  // a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid
  for (std::size_t i = 0; i < payloads->size(); ++i) {
    RtpPacketBuilder b;
    b.payload_type(96)
        .ssrc(0x1234abcd)
        .timestamp(3000)
        .sequence_number(static_cast<std::uint16_t>(100 + i));
    b.marker(i + 1 == payloads->size()).add_extension(1, mid).payload((*payloads)[i]);
    auto packet = b.build();
    if (!packet) return 1;
    if (auto ok = sender->protect_rtp(*packet); !ok) return std::cerr << ok.error().to_string(), 1;
    wire.push_back(std::move(*packet));
  }
  std::cout << "first SRTP packet: " << rtc::to_hex(rtc::BytesView(wire[0]).first(32)) << "...\n";

  // The network reorders.
  std::reverse(wire.begin(), wire.end());

  // 4.-6. Receiver: unprotect (authenticates, then decrypts), parse, feed the assembler.
  Vp8Depacketizer depacketizer;
  FrameAssembler assembler(depacketizer);
  for (auto& packet : wire) {
    if (auto ok = receiver->unprotect_rtp(packet); !ok) {
      return std::cerr << "unprotect: " << ok.error().to_string() << "\n", 1;
    }
    auto view = RtpPacketView::parse(packet);
    if (!view) return 1;
    std::cout << "received seq " << view->sequence_number() << (view->marker() ? " (marker)" : "")
              << ", mid " << std::string(rtc::as_string_view(*view->extension(1))) << "\n";
    if (auto ok = assembler.insert(*view); !ok) return 1;
  }
  auto out = assembler.poll_frame();
  if (!out) return std::cerr << "no frame\n", 1;
  std::cout << "reassembled " << out->data.size()
            << " octets, key frame: " << (out->keyframe ? "yes" : "no")
            << ", identical: " << (out->data == frame ? "yes" : "no") << "\n";
  return out->data == frame ? 0 : 1;
}
