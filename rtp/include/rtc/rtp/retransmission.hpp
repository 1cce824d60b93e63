// Answering NACKs: the sender keeps what it sent, and RTX (RFC 4588) wraps resent packets.
//
// A generic NACK (RFC 4585 §6.2.1) names lost sequence numbers; the sender looks them up in a
// ring of recently sent packets and sends them again. Sent as-is they would confuse receiver
// statistics (duplicates) and SRTP (replays of the same index, RFC 3711 §3.3.2), so WebRTC
// sends them on an RTX stream instead (RFC 4588 §4): its own SSRC, payload type and sequence
// numbers, with the original sequence number (OSN) as the first two payload octets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/rtcp_feedback.hpp"

namespace rtc::rtp {

// RFC 4588 §4: same timestamp, marker, CSRCs and header extensions as the original; PT, SSRC
// and sequence number of the RTX stream; payload = OSN + original payload (padding dropped).
Result<Bytes> wrap_rtx(BytesView original, std::uint8_t rtx_payload_type, std::uint32_t rtx_ssrc,
                       std::uint16_t rtx_sequence);
// The inverse, on the receiver: the original packet, given the payload type and SSRC that the
// RTX stream repairs (a=fmtp:RTX apt=..., a=ssrc-group:FID).
Result<Bytes> unwrap_rtx(BytesView rtx_packet, std::uint8_t original_payload_type,
                         std::uint32_t original_ssrc);

struct RtxConfig {
  std::uint8_t payload_type = 0;
  std::uint32_t ssrc = 0;
  std::uint16_t first_sequence = 0;  // random for a new stream (RFC 3550 §5.1)
};

class RetransmissionBuffer {
 public:
  // Keeps the last `capacity` packets (bounded memory; one second of video is a few hundred).
  explicit RetransmissionBuffer(std::size_t capacity = 1024);

  // A plaintext RTP packet as it was sent (before SRTP). Ignored if it does not parse.
  void store(BytesView rtp_packet);
  std::optional<BytesView> find(std::uint16_t sequence) const;

  // With RTX enabled, answers are RTX packets numbered on from config.first_sequence.
  void enable_rtx(RtxConfig config) { rtx_ = config; }
  // The packets to resend for a NACK (those still held), in NACK order.
  std::vector<Bytes> answer(const Nack& nack);

 private:
  struct Slot {
    bool used = false;
    std::uint16_t seq = 0;
    Bytes packet;
  };
  std::vector<Slot> slots_;
  std::optional<RtxConfig> rtx_;
};

}  // namespace rtc::rtp
