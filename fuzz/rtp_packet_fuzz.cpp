// Fuzz target for RtpPacketView (RFC 3550 §5.1, RFC 8285 header extensions) and the typed
// extension decoders. Every input is parsed; a packet that parses is rebuilt field by field
// with RtpPacketBuilder and must parse again to the same fields and extension elements
// (otherwise the target traps).
#include <cstddef>
#include <cstdint>

#include "rtc/rtp/rtp_extensions.hpp"
#include "rtc/rtp/rtp_packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const rtc::BytesView input(data, size);
  auto packet = rtc::rtp::RtpPacketView::parse(input);
  if (!packet) return 0;
  const auto& ext = packet->extensions();
  for (std::size_t i = 0; i < ext.size(); ++i) {
    (void)rtc::rtp::decode_abs_send_time(ext[i].data);
    (void)rtc::rtp::decode_transport_sequence(ext[i].data);
    (void)rtc::rtp::decode_audio_level(ext[i].data);
    (void)rtc::rtp::decode_video_orientation(ext[i].data);
    (void)rtc::rtp::decode_sdes_text(ext[i].data);
  }
  rtc::rtp::RtpPacketBuilder b;
  b.marker(packet->marker())
      .payload_type(packet->payload_type())
      .sequence_number(packet->sequence_number())
      .timestamp(packet->timestamp())
      .ssrc(packet->ssrc())
      .payload(packet->payload())
      .padding(static_cast<std::uint8_t>(packet->padding_size()))
      .allow_two_byte_extensions(true);
  for (std::size_t i = 0; i < packet->csrc_count(); ++i) b.add_csrc(packet->csrc(i));
  bool ids_ok = true;
  for (std::size_t i = 0; i < ext.size(); ++i) {
    b.add_extension(ext[i].id, ext[i].data);
    ids_ok &= ext[i].id != 0;
  }
  auto rebuilt = b.build();
  if (!rebuilt) {
    if (ids_ok && packet->padding_size() < 256) __builtin_trap();
    return 0;
  }
  auto again = rtc::rtp::RtpPacketView::parse(*rebuilt);
  if (!again) __builtin_trap();
  if (again->sequence_number() != packet->sequence_number() || again->ssrc() != packet->ssrc() ||
      again->timestamp() != packet->timestamp() || again->marker() != packet->marker() ||
      again->payload_type() != packet->payload_type() ||
      again->payload().size() != packet->payload().size() ||
      again->csrc_count() != packet->csrc_count()) {
    __builtin_trap();
  }
  if (again->extensions().size() != ext.size()) __builtin_trap();
  for (std::size_t i = 0; i < ext.size(); ++i) {
    const auto a = again->extensions()[i];
    if (a.id != ext[i].id || a.data.size() != ext[i].data.size()) __builtin_trap();
    for (std::size_t k = 0; k < a.data.size(); ++k) {
      if (a.data[k] != ext[i].data[k]) __builtin_trap();
    }
  }
  return 0;
}
