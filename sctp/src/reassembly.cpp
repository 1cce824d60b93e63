#include "rtc/sctp/reassembly.hpp"

#include <algorithm>

namespace rtc::sctp {

DataReceiver::DataReceiver(std::uint32_t peer_initial_tsn, std::size_t buffer_size)
    : unwrapper_(peer_initial_tsn), capacity_(buffer_size) {
  // The cumulative TSN starts one below the peer's Initial TSN (RFC 9260 §6.1).
  cum_ = unwrapper_.unwrap(peer_initial_tsn) - 1;
}

void DataReceiver::mark_received(std::uint64_t tsn) {
  if (tsn == cum_ + 1) {
    cum_ = tsn;
    std::uint64_t last = 0;
    if (above_.pop_front_if_starts_at(cum_ + 1, last)) cum_ = last;
  } else {
    above_.insert(tsn, tsn);
  }
}

DataReceiver::Outcome DataReceiver::on_data(const DataChunk& d) {
  const std::uint64_t tsn = unwrapper_.unwrap(d.tsn);
  // §6.2: a TSN at or below the cumulative point, or already held, is a duplicate; it is
  // reported in the next SACK.
  if (tsn <= cum_ || above_.contains(tsn)) {
    if (duplicates_.size() < kMaxDuplicatesReported) duplicates_.push_back(d.tsn);
    return Outcome::duplicate;
  }
  if (tsn > cum_ + kMaxTsnWindow) return Outcome::dropped;
  // §6.2: with the receive buffer full, drop what does not advance the cumulative TSN.
  if (tsn != cum_ + 1 && buffered_ + d.payload.size() > capacity_) return Outcome::dropped;
  unwrapper_.unwrap_and_update(d.tsn);  // keep the unwrapper centred on the latest TSN
  mark_received(tsn);

  if (d.beginning() && d.end()) {
    deliver(d.ssn, ReceivedMessage{d.stream_id, d.ppid, d.unordered(),
                                   Bytes(d.payload.begin(), d.payload.end())});
    return Outcome::accepted;
  }
  auto [it, inserted] = fragments_.emplace(
      tsn,
      Fragment{d.stream_id, d.ssn, d.ppid, d.flags, Bytes(d.payload.begin(), d.payload.end())});
  buffered_ += it->second.data.size();
  try_reassemble(it);
  return Outcome::accepted;
}

DataReceiver::Outcome DataReceiver::accept_tsn_only(std::uint32_t wire_tsn) {
  const std::uint64_t tsn = unwrapper_.unwrap(wire_tsn);
  if (tsn <= cum_ || above_.contains(tsn)) return Outcome::duplicate;
  if (tsn > cum_ + kMaxTsnWindow) return Outcome::dropped;
  unwrapper_.unwrap_and_update(wire_tsn);
  mark_received(tsn);
  return Outcome::accepted;
}

// §6.9: fragments of one message carry consecutive TSNs, B on the first and E on the last.
// Starting at the fragment that just arrived, look backwards for B and forwards for E.
void DataReceiver::try_reassemble(std::map<std::uint64_t, Fragment>::iterator it) {
  const Fragment& f = it->second;
  auto same_message = [&f](const Fragment& g) {
    const bool unordered = (f.flags & DataChunk::kUnordered) != 0;
    if (g.stream_id != f.stream_id || ((g.flags & DataChunk::kUnordered) != 0) != unordered)
      return false;
    return unordered || g.ssn == f.ssn;
  };
  // Walking is only worthwhile if this fragment ends the message or fills a hole before one.
  auto next = std::next(it);
  const bool may_complete = (f.flags & DataChunk::kEnd) != 0 ||
                            (next != fragments_.end() && next->first == it->first + 1);
  if (!may_complete) return;
  auto first = it;
  while ((first->second.flags & DataChunk::kBeginning) == 0) {
    if (first == fragments_.begin()) return;
    auto prev = std::prev(first);
    if (prev->first + 1 != first->first || !same_message(prev->second)) return;
    first = prev;
  }
  auto last = it;
  while ((last->second.flags & DataChunk::kEnd) == 0) {
    auto nxt = std::next(last);
    if (nxt == fragments_.end() || nxt->first != last->first + 1 || !same_message(nxt->second))
      return;
    if ((nxt->second.flags & DataChunk::kBeginning) != 0) return;
    last = nxt;
  }
  std::size_t total = 0;
  for (auto i = first;; ++i) {
    total += i->second.data.size();
    if (i == last) break;
  }
  ReceivedMessage m{f.stream_id, first->second.ppid, (f.flags & DataChunk::kUnordered) != 0, {}};
  m.data.reserve(total);
  const std::uint16_t ssn = f.ssn;
  auto end = std::next(last);
  for (auto i = first; i != end; ++i)
    m.data.insert(m.data.end(), i->second.data.begin(), i->second.data.end());
  fragments_.erase(first, end);
  buffered_ -= total;
  deliver(ssn, std::move(m));
}

void DataReceiver::deliver(std::uint16_t ssn, ReceivedMessage&& m) {
  // §6.6: unordered messages go to the user at once; ordered ones in SSN order per stream.
  if (m.unordered) {
    ready_.push_back(std::move(m));
    return;
  }
  InStream& s = streams_[m.stream_id];
  const std::uint64_t key = unwrap_ssn(s, ssn);
  if (key < s.next_ssn) return;  // an old SSN (after a FORWARD TSN skipped it): drop
  if (key == s.next_ssn) {
    ++s.next_ssn;
    ready_.push_back(std::move(m));
    drain_stream(s);
    return;
  }
  const std::size_t size = m.data.size();
  // try_emplace leaves m untouched if a (forged) duplicate SSN is already waiting.
  if (s.pending.try_emplace(key, std::move(m)).second) buffered_ += size;
}

void DataReceiver::drain_stream(InStream& s) {
  while (!s.pending.empty() && s.pending.begin()->first <= s.next_ssn) {
    auto node = s.pending.extract(s.pending.begin());
    buffered_ -= node.mapped().data.size();
    if (node.key() == s.next_ssn) {
      ++s.next_ssn;
      ready_.push_back(std::move(node.mapped()));
    }
  }
}

bool DataReceiver::on_forward_tsn(const ForwardTsnChunk& fwd) {
  const std::uint64_t new_cum = unwrapper_.unwrap(fwd.new_cumulative_tsn);
  if (new_cum <= cum_ || new_cum > cum_ + kMaxTsnWindow) return false;
  // RFC 3758 §3.6: treat every TSN up to the new cumulative TSN as received...
  cum_ = new_cum;
  above_.erase_up_to(cum_);
  std::uint64_t last = 0;
  if (above_.pop_front_if_starts_at(cum_ + 1, last)) cum_ = last;
  // ...drop the fragments of abandoned messages...
  for (auto it = fragments_.begin(); it != fragments_.end() && it->first <= new_cum;) {
    buffered_ -= it->second.data.size();
    it = fragments_.erase(it);
  }
  // ...and let ordered streams skip the abandoned SSNs.
  for (const auto& skip : fwd.skipped) {
    InStream& s = streams_[skip.stream_id];
    const std::uint64_t key = unwrap_ssn(s, skip.ssn);
    if (key >= s.next_ssn) s.next_ssn = key + 1;
    drain_stream(s);
  }
  return true;
}

void DataReceiver::reset_streams(const std::vector<std::uint16_t>& streams) {
  auto reset = [this](InStream& s) {
    for (auto& [k, m] : s.pending) buffered_ -= m.data.size();
    s.pending.clear();
    s.next_ssn = 0x10000;
  };
  if (streams.empty()) {
    for (auto& [id, s] : streams_) reset(s);
  } else {
    for (auto id : streams) reset(streams_[id]);
  }
}

SackChunk DataReceiver::make_sack(std::size_t max_gap_blocks) {
  SackChunk s;
  s.cumulative_tsn_ack = TsnUnwrapper::wrap(cum_);
  s.a_rwnd = a_rwnd();
  for (const auto& [first, last] : above_.intervals()) {
    if (s.gap_blocks.size() >= max_gap_blocks) break;
    s.gap_blocks.push_back(
        {static_cast<std::uint16_t>(first - cum_), static_cast<std::uint16_t>(last - cum_)});
  }
  s.duplicate_tsns = std::move(duplicates_);
  duplicates_.clear();
  return s;
}

}  // namespace rtc::sctp
