#include "rtc/rtp/opus_payload.hpp"

#include <string>

namespace rtc::rtp {

std::uint32_t OpusToc::frame_samples() const {
  // RFC 6716 §3.1 Table 2, in 48 kHz samples.
  if (config < 12) {  // SILK-only: 10, 20, 40, 60 ms
    static constexpr std::uint32_t kSilk[] = {480, 960, 1920, 2880};
    return kSilk[config % 4];
  }
  if (config < 16) {  // Hybrid: 10, 20 ms
    return config % 2 == 0 ? 480 : 960;
  }
  static constexpr std::uint32_t kCelt[] = {120, 240, 480, 960};  // CELT: 2.5, 5, 10, 20 ms
  return kCelt[config % 4];
}

OpusToc parse_opus_toc(std::uint8_t toc) {
  return OpusToc{static_cast<std::uint8_t>(toc >> 3), (toc & 0x04) != 0,
                 static_cast<std::uint8_t>(toc & 0x03)};
}

Result<std::uint32_t> opus_packet_samples(BytesView packet) {
  if (packet.empty()) return fail(Errc::truncated, "empty Opus packet (RFC 6716 §3.1)");
  const OpusToc toc = parse_opus_toc(packet[0]);
  std::uint32_t frames = 1;
  if (toc.frame_count_code == 1 || toc.frame_count_code == 2) frames = 2;
  if (toc.frame_count_code == 3) {
    if (packet.size() < 2) {
      return fail_at(Errc::truncated,
                     "code 3 Opus packet without its frame count (RFC 6716 §3.2.5)", 1);
    }
    frames = packet[1] & 0x3f;
  }
  return frames * toc.frame_samples();
}

Result<Payloads> OpusPacketizer::packetize(BytesView opus_packet) const {
  if (opus_packet.empty()) return fail(Errc::invalid_argument, "empty Opus packet");
  if (opus_packet.size() > max_payload_size_) {
    return fail(Errc::invalid_argument, "Opus packet of " + std::to_string(opus_packet.size()) +
                                            " octets exceeds the payload budget of " +
                                            std::to_string(max_payload_size_) +
                                            "; RFC 7587 §4.2 does not fragment");
  }
  return Payloads{Bytes(opus_packet.begin(), opus_packet.end())};
}

Result<PayloadInfo> OpusDepacketizer::inspect(BytesView payload) const {
  if (payload.empty()) return fail(Errc::truncated, "empty Opus payload (RFC 7587 §4.2)");
  return PayloadInfo{true, true, true};
}

Result<void> OpusDepacketizer::append(BytesView payload, Bytes& frame) const {
  if (payload.empty()) return fail(Errc::truncated, "empty Opus payload (RFC 7587 §4.2)");
  frame.insert(frame.end(), payload.begin(), payload.end());
  return {};
}

}  // namespace rtc::rtp
