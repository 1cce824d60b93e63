#include "rtc/rtp/frame_assembler.hpp"

namespace rtc::rtp {

namespace {
// Signed distance a - b in sequence space (RFC 1982 style, 16 bits).
std::int32_t seq_diff(std::uint16_t a, std::uint16_t b) {
  return static_cast<std::int16_t>(static_cast<std::uint16_t>(a - b));
}
}  // namespace

FrameAssembler::FrameAssembler(const Depacketizer& depacketizer, FrameAssemblerConfig config)
    : depacketizer_(depacketizer),
      slots_(config.max_packets < 16 ? 16
                                     : (config.max_packets > 32768 ? 32768 : config.max_packets)) {}

Result<void> FrameAssembler::insert(const RtpPacketView& packet) {
  auto info = depacketizer_.inspect(packet.payload());
  if (!info) return std::unexpected(std::move(info.error()));
  const std::uint16_t seq = packet.sequence_number();
  if (!started_) {
    started_ = true;
    head_ = seq;
    newest_ = seq;
  }
  if (seq_diff(seq, head_) < 0) {
    // Late: its frame was emitted or given up. Before the first frame, though, the stream's
    // first packets may simply arrive out of order: move the head back to them.
    const bool fits = seq_diff(newest_, seq) < static_cast<std::int32_t>(slots_.size());
    if (emitted_ || gap_ || !fits) return {};
    head_ = seq;
  }
  // Too far ahead for the ring: push the oldest packets out (bounded memory).
  while (seq_diff(seq, head_) >= static_cast<std::int32_t>(slots_.size())) drop_head();
  Slot& s = slot(seq);
  if (s.used && s.seq == seq) return {};  // duplicate
  s.used = true;
  s.seq = seq;
  s.timestamp = packet.timestamp();
  s.payload_type = packet.payload_type();
  s.marker = packet.marker();
  s.info = *info;
  s.payload.assign(packet.payload().begin(), packet.payload().end());
  ++stored_;
  if (seq_diff(seq, newest_) > 0) newest_ = seq;
  assemble();
  return {};
}

void FrameAssembler::drop_head() {
  Slot& s = slot(head_);
  if (s.used && s.seq == head_) {
    s.used = false;
    --stored_;
    ++dropped_;
  }
  gap_ = true;
  head_ = static_cast<std::uint16_t>(head_ + 1);
  if (seq_diff(newest_, head_) < 0) newest_ = static_cast<std::uint16_t>(head_ - 1);
}

bool FrameAssembler::starts_frame(std::uint16_t seq) const {
  const Slot& s = slot(seq);
  if (s.info.frame_start) return true;
  if (!s.info.starts_after_frame_end) return false;
  const auto previous = static_cast<std::uint16_t>(seq - 1);
  if (has(previous)) {
    const Slot& p = slot(previous);
    return p.marker || p.timestamp != s.timestamp;
  }
  // The packet before it is no longer stored: it was the end of the frame emitted last (and
  // nothing was given up since), or it is unknown.
  return seq == head_ && emitted_ && !gap_;
}

std::optional<std::uint16_t> FrameAssembler::frame_end(std::uint16_t start) const {
  std::uint16_t end = start;
  for (std::size_t n = 0; n < slots_.size(); ++n) {
    const Slot& s = slot(end);
    if (s.marker || s.info.frame_end) return end;
    const std::uint16_t next = static_cast<std::uint16_t>(end + 1);
    if (!has(next)) return std::nullopt;  // not there yet
    // A new picture begins: this one ended without a marker we saw.
    if (slot(next).timestamp != s.timestamp || starts_frame(next)) return end;
    end = next;
  }
  return std::nullopt;
}

void FrameAssembler::assemble() {
  while (stored_ > 0) {
    if (!has(head_)) return;  // wait for the hole to fill (or skip_to_next_frame)
    if (!starts_frame(head_)) {
      if (emitted_ || gap_) {
        // The head is the middle of a frame whose start was given up: drop it.
        drop_head();
        continue;
      }
      // Before the first frame the start may still come (reordering); give up on it only if
      // a complete frame is already waiting behind.
      std::optional<std::uint16_t> next_start;
      for (std::uint16_t seq = static_cast<std::uint16_t>(head_ + 1); seq_diff(seq, newest_) <= 0;
           seq = static_cast<std::uint16_t>(seq + 1)) {
        if (has(seq) && starts_frame(seq) && frame_end(seq)) {
          next_start = seq;
          break;
        }
      }
      if (!next_start) return;
      while (head_ != *next_start) drop_head();
      continue;
    }
    const auto end = frame_end(head_);
    if (!end) return;
    AssembledFrame frame;
    const Slot& first = slot(head_);
    frame.timestamp = first.timestamp;
    frame.payload_type = first.payload_type;
    frame.first_sequence = head_;
    frame.last_sequence = *end;
    frame.after_gap = gap_;
    bool ok = true;
    for (std::uint16_t seq = head_;; seq = static_cast<std::uint16_t>(seq + 1)) {
      Slot& s = slot(seq);
      frame.keyframe |= s.info.keyframe;
      ok = ok && depacketizer_.append(s.payload, frame.data).has_value();
      s.used = false;
      --stored_;
      if (seq == *end) break;
    }
    head_ = static_cast<std::uint16_t>(*end + 1);
    if (!ok) {  // inspect() accepted every payload, so this does not happen; stay safe anyway
      gap_ = true;
      dropped_ += static_cast<std::uint64_t>(seq_diff(*end, frame.first_sequence) + 1);
      continue;
    }
    gap_ = false;
    emitted_ = true;
    ready_.push_back(std::move(frame));
  }
}

std::optional<AssembledFrame> FrameAssembler::poll_frame() {
  if (ready_.empty()) return std::nullopt;
  AssembledFrame f = std::move(ready_.front());
  ready_.pop_front();
  return f;
}

std::vector<std::uint16_t> FrameAssembler::missing() const {
  std::vector<std::uint16_t> out;
  if (!started_ || stored_ == 0) return out;
  for (std::uint16_t seq = head_; seq_diff(seq, newest_) < 0;
       seq = static_cast<std::uint16_t>(seq + 1)) {
    if (!has(seq)) out.push_back(seq);
  }
  return out;
}

std::size_t FrameAssembler::skip_to_next_frame() {
  const std::uint64_t before = dropped_;
  if (stored_ == 0) return 0;
  // Drop the head packet (present or not), then everything up to the next frame start.
  drop_head();
  while (stored_ > 0 && !(has(head_) && starts_frame(head_))) drop_head();
  assemble();
  return static_cast<std::size_t>(dropped_ - before);
}

}  // namespace rtc::rtp
