// Handshake reassembly (RFC 6347 §4.2.3).
#include "rtc/dtls/reassembly.hpp"

namespace rtc::dtls {

void HandshakeReassembler::reset(std::uint16_t seq) {
  next_seq_ = seq;
  partial_.clear();
  total_ = 0;
}

HandshakeReassembler::Outcome HandshakeReassembler::add(const HandshakeFragment& f) {
  const auto& h = f.header;
  if (h.message_seq < next_seq_) return Outcome::old;
  if (h.message_seq - next_seq_ >= kWindow) return Outcome::dropped;
  if (h.length > kMaxMessageSize) return Outcome::dropped;
  auto it = partial_.find(h.message_seq);
  if (it == partial_.end()) {
    if (total_ + h.length > kMaxTotal) return Outcome::dropped;
    total_ += h.length;
    it = partial_
             .emplace(h.message_seq, Partial{h.type, Bytes(h.length),
                                             std::vector<bool>(h.length, false), h.length})
             .first;
  }
  Partial& p = it->second;
  // Every fragment of one message must agree on its type and total length (§4.2.3).
  if (p.type != h.type || p.body.size() != h.length) return Outcome::dropped;
  for (std::uint32_t i = 0; i < h.fragment_length; ++i) {
    const std::size_t at = h.fragment_offset + i;
    if (!p.have[at]) {
      p.have[at] = true;
      p.body[at] = f.body[i];
      --p.missing;
    }
  }
  return Outcome::accepted;
}

std::optional<HandshakeMessage> HandshakeReassembler::pop() {
  auto it = partial_.find(next_seq_);
  if (it == partial_.end() || it->second.missing != 0) return std::nullopt;
  HandshakeMessage m{it->second.type, next_seq_, std::move(it->second.body)};
  total_ -= m.body.size();
  partial_.erase(it);
  ++next_seq_;
  return m;
}

}  // namespace rtc::dtls
