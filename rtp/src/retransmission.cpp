#include "rtc/rtp/retransmission.hpp"

#include "rtc/rtp/rtp_header.hpp"

namespace rtc::rtp {

Result<Bytes> wrap_rtx(BytesView original, std::uint8_t rtx_payload_type, std::uint32_t rtx_ssrc,
                       std::uint16_t rtx_sequence) {
  auto view = RtpHeaderView::parse(original);
  if (!view) return std::unexpected(std::move(view.error()));
  Bytes out;
  out.reserve(view->header_size() + 2 + view->payload().size());
  const BytesView header = view->header();
  out.insert(out.end(), header.begin(), header.end());
  out[0] = static_cast<std::uint8_t>(out[0] & ~0x20);  // no padding
  out[1] = static_cast<std::uint8_t>((out[1] & 0x80) | (rtx_payload_type & 0x7f));
  store_be16(out, 2, rtx_sequence);
  store_be32(out, 8, rtx_ssrc);
  out.push_back(static_cast<std::uint8_t>(view->sequence_number() >> 8));  // OSN
  out.push_back(static_cast<std::uint8_t>(view->sequence_number()));
  out.insert(out.end(), view->payload().begin(), view->payload().end());
  return out;
}

Result<Bytes> unwrap_rtx(BytesView rtx_packet, std::uint8_t original_payload_type,
                         std::uint32_t original_ssrc) {
  auto view = RtpHeaderView::parse(rtx_packet);
  if (!view) return std::unexpected(std::move(view.error()));
  const BytesView payload = view->payload();
  if (payload.size() < 2) {
    return fail_at(Errc::truncated,
                   "RTX payload without its original sequence number (RFC 4588 §4)",
                   view->header_size());
  }
  Bytes out;
  out.reserve(view->header_size() + payload.size() - 2);
  const BytesView header = view->header();
  out.insert(out.end(), header.begin(), header.end());
  out[0] = static_cast<std::uint8_t>(out[0] & ~0x20);
  out[1] = static_cast<std::uint8_t>((out[1] & 0x80) | (original_payload_type & 0x7f));
  store_be16(out, 2, load_be16(payload, 0));
  store_be32(out, 8, original_ssrc);
  out.insert(out.end(), payload.begin() + 2, payload.end());
  return out;
}

RetransmissionBuffer::RetransmissionBuffer(std::size_t capacity)
    : slots_(capacity == 0 ? 1 : (capacity > 32768 ? 32768 : capacity)) {}

void RetransmissionBuffer::store(BytesView rtp_packet) {
  auto view = RtpHeaderView::parse_header(rtp_packet);
  if (!view) return;
  Slot& s = slots_[view->sequence_number() % slots_.size()];
  s.used = true;
  s.seq = view->sequence_number();
  s.packet.assign(rtp_packet.begin(), rtp_packet.end());
}

std::optional<BytesView> RetransmissionBuffer::find(std::uint16_t sequence) const {
  const Slot& s = slots_[sequence % slots_.size()];
  if (!s.used || s.seq != sequence) return std::nullopt;
  return BytesView(s.packet);
}

std::vector<Bytes> RetransmissionBuffer::answer(const Nack& nack) {
  std::vector<Bytes> out;
  for (std::uint16_t seq : nack.lost) {
    auto packet = find(seq);
    if (!packet) continue;
    if (!rtx_) {
      out.emplace_back(packet->begin(), packet->end());
      continue;
    }
    auto wrapped = wrap_rtx(*packet, rtx_->payload_type, rtx_->ssrc, rtx_->first_sequence);
    if (!wrapped) continue;
    rtx_->first_sequence = static_cast<std::uint16_t>(rtx_->first_sequence + 1);
    out.push_back(std::move(*wrapped));
  }
  return out;
}

}  // namespace rtc::rtp
