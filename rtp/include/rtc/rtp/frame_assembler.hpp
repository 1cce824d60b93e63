// A small jitter buffer: RTP packets in, complete frames out, in sequence-number order.
//
// Packets arrive late, twice, or never. The assembler keeps up to `max_packets` payloads in a
// ring indexed by sequence number (RFC 3550 §5.1: the sequence number exists "to detect packet
// loss and to restore packet sequence"), and emits a frame once every packet from its first
// (the depacketizer's frame_start) to its last (RTP marker bit, RFC 3550 §5.1 / RFC 7741 §4.1 /
// RFC 6184 §5.1, or a payload that ends a frame by itself, or the next packet carrying a new
// timestamp) is there. Holes are reported by missing() so the caller can send a generic NACK
// (RFC 4585 §6.2.1); a hole that does not fill is left behind with skip_to_next_frame() (and
// the next keyframe requested with a PLI). Memory is bounded: a packet too far ahead pushes
// the oldest packets out, which counts as a gap.
//
// Sans-IO and codec-blind: the caller feeds packets and polls frames; the codec is a
// Depacketizer (packetizer.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/packetizer.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace rtc::rtp {

struct AssembledFrame {
  std::uint32_t timestamp = 0;
  std::uint8_t payload_type = 0;
  std::uint16_t first_sequence = 0;
  std::uint16_t last_sequence = 0;
  bool keyframe = false;
  bool after_gap = false;  // packets were given up before this frame: a decoder needs a keyframe
  Bytes data;
};

struct FrameAssemblerConfig {
  std::size_t max_packets = 512;  // ring size: about 0.5 s of 8 Mbit/s video
};

class FrameAssembler {
 public:
  // `depacketizer` must outlive the assembler.
  explicit FrameAssembler(const Depacketizer& depacketizer, FrameAssemblerConfig config = {});

  // Duplicates and packets older than the last emitted frame are ignored (Ok); a payload the
  // depacketizer rejects is an error and is not stored.
  Result<void> insert(const RtpPacketView& packet);
  std::optional<AssembledFrame> poll_frame();

  // Sequence numbers between the oldest pending packet and the newest received that have not
  // arrived: what a generic NACK should ask for.
  std::vector<std::uint16_t> missing() const;
  // Give up on the frame at the head: drop packets up to the next frame start that is in the
  // buffer (or all of them). Returns the number of packets dropped.
  std::size_t skip_to_next_frame();

  std::size_t pending_packets() const { return stored_; }
  std::uint64_t dropped_packets() const { return dropped_; }

 private:
  struct Slot {
    bool used = false;
    std::uint16_t seq = 0;
    std::uint32_t timestamp = 0;
    std::uint8_t payload_type = 0;
    bool marker = false;
    PayloadInfo info;
    Bytes payload;
  };
  Slot& slot(std::uint16_t seq) { return slots_[seq % slots_.size()]; }
  const Slot& slot(std::uint16_t seq) const { return slots_[seq % slots_.size()]; }
  bool has(std::uint16_t seq) const { return slot(seq).used && slot(seq).seq == seq; }
  void drop_head();
  void assemble();
  std::optional<std::uint16_t> frame_end(std::uint16_t start) const;
  // The packet (present) starts a frame: its payload says so, or (starts_after_frame_end) the
  // packet before it ended a frame.
  bool starts_frame(std::uint16_t seq) const;

  const Depacketizer& depacketizer_;
  std::vector<Slot> slots_;
  bool started_ = false;
  std::uint16_t head_ = 0;    // the oldest sequence number not yet emitted or dropped
  std::uint16_t newest_ = 0;  // the highest sequence number received
  std::size_t stored_ = 0;
  std::uint64_t dropped_ = 0;
  bool gap_ = false;
  bool emitted_ = false;
  std::deque<AssembledFrame> ready_;
};

}  // namespace rtc::rtp
