// The association's data path: queuing user messages, fragmenting them into DATA chunks
// (§6.9), bundling chunks into packets (§6.10), SACK processing (§6.2.1), the T3-rtx timer
// (§6.3), fast retransmit and congestion control (§7.2), and partial reliability (RFC 3758).
//
// Costs per packet stay logarithmic: outstanding chunks sit in a deque indexed by
// TSN - cumulative ack (O(1) lookup), gap-acked TSNs in an interval set (a SACK that repeats
// old gap blocks costs O(blocks · log n)), chunks to retransmit in an ordered set.
#include <algorithm>
#include <map>

#include "rtc/sctp/association.hpp"

namespace rtc::sctp {

namespace {
// Never more TSNs in flight than a receiver's gap blocks can describe (16-bit offsets).
constexpr std::size_t kMaxOutstandingChunks = 32768;
}  // namespace

Result<void> Association::send(Timestamp now, std::uint16_t stream_id, std::uint32_t ppid,
                               Bytes message, const SendOptions& options) {
  if (state_ != State::established) return fail(Errc::state, "association not established");
  // §6.2: DATA chunks carry at least one byte; data channels send empty messages as one
  // byte with PPID 56/57 (RFC 8831 §6.6).
  if (message.empty()) return fail(Errc::invalid_argument, "empty message");
  if (message.size() > config_.max_message_size) {
    return fail(Errc::invalid_argument, "message larger than max-message-size");
  }
  if (stream_id >= outbound_streams_)
    return fail(Errc::invalid_argument, "no such outbound stream");
  OutStream& s = out_streams_[stream_id];
  if (s.resetting) return fail(Errc::state, "stream is being reset");
  if (queued_bytes_ + message.size() > config_.max_send_buffer) {
    return fail(Errc::state, "send buffer full");
  }
  OutMessage m;
  m.stream_id = stream_id;
  m.ppid = ppid;
  m.unordered = options.unordered;
  if (peer_forward_tsn_) {  // RFC 3758: only with a peer that can skip
    m.max_retransmits = options.max_retransmits;
    if (options.lifetime) m.expiry = now + *options.lifetime;
  }
  m.id = next_message_id_++;
  s.queued_bytes += message.size();
  s.queued_messages += 1;
  queued_bytes_ += message.size();
  m.data = std::make_shared<const Bytes>(std::move(message));
  send_queue_.push_back(std::move(m));
  return {};
}

std::size_t Association::buffered_amount(std::uint16_t stream_id) const {
  auto it = out_streams_.find(stream_id);
  return it == out_streams_.end() ? 0 : it->second.queued_bytes;
}

void Association::set_buffered_amount_low_threshold(std::uint16_t stream_id, std::size_t bytes) {
  out_streams_[stream_id].low_threshold = bytes;
}

void Association::on_sent_bytes(OutMessage& m, std::size_t n) {
  OutStream& s = out_streams_[m.stream_id];
  const std::size_t before = s.queued_bytes;
  s.queued_bytes -= n;
  queued_bytes_ -= n;
  if (before > s.low_threshold && s.queued_bytes <= s.low_threshold) {
    events_.emplace_back(std::in_place_type<event::BufferedAmountLow>,
                         event::BufferedAmountLow{m.stream_id});
  }
}

// ---------------------------------------------------------------- building packets

void Association::write_data_chunk(ByteWriter& w, const SentChunk& c, std::uint64_t tsn) {
  DataChunk d;
  d.flags = c.flags;
  d.tsn = TsnUnwrapper::wrap(tsn);
  d.stream_id = c.stream_id;
  d.ssn = c.ssn;
  d.ppid = c.ppid;
  d.payload = BytesView(*c.data).subspan(c.offset, c.length);
  d.write(w);
}

std::optional<Bytes> Association::build_packet(Timestamp now) {
  std::optional<PacketBuilder> b;
  // Control chunks first (§6.10: they precede DATA), grouped by verification tag.
  bool bundle_more = true;
  if (!control_.empty()) {
    const std::uint32_t vtag = control_.front().vtag;
    b.emplace(CommonHeader{config_.local_port, config_.remote_port, vtag}, config_.mtu);
    while (!control_.empty() && control_.front().vtag == vtag &&
           (!b->has_chunks() || b->size() + control_.front().chunk.size() <= config_.mtu)) {
      b->writer().bytes(control_.front().chunk);
      control_.pop_front();
    }
    bundle_more = control_.empty() && vtag == peer_tag_;
  }
  const bool tcb = receiver_.has_value() && state_ != State::closed &&
                   state_ != State::cookie_wait && state_ != State::cookie_echoed;
  if (tcb && bundle_more) {
    {
      if (!b)
        b.emplace(CommonHeader{config_.local_port, config_.remote_port, peer_tag_}, config_.mtu);
      if (sack_now_) {
        SackChunk sack = receiver_->make_sack(std::min(
            config_.max_gap_blocks,
            (config_.mtu - b->size() - 16 - 4 * DataReceiver::kMaxDuplicatesReported) / 4));
        if (b->size() + sack.wire_size() <= config_.mtu) {
          sack.write(b->writer());
          sack_now_ = false;
          delayed_ack_.reset();
          packets_since_sack_ = 0;
          ++stats_.sacks_sent;
        }
      }
      write_forward_tsn(now, *b);
      if (state_ == State::established || state_ == State::shutdown_pending ||
          state_ == State::shutdown_received) {
        build_data(now, *b);
        // Abandoning chunks while building may have moved the Advanced.Peer.Ack.Point.
        write_forward_tsn(now, *b);
      }
    }
  }
  if (!b || !b->has_chunks()) return std::nullopt;
  ++stats_.packets_sent;
  return b->finish();
}

// RFC 3758 §3.5 C4: FORWARD TSN up to the Advanced.Peer.Ack.Point, with the last abandoned
// SSN of every ordered stream involved.
void Association::write_forward_tsn(Timestamp now, PacketBuilder& b) {
  if (!forward_tsn_pending_ || !peer_forward_tsn_ || adv_peer_ack_ <= cum_ack_) return;
  std::map<std::uint16_t, std::uint16_t> last_ssn;
  for (std::uint64_t t = cum_ack_ + 1; t <= adv_peer_ack_; ++t) {
    const SentChunk& c = chunk_at(t);
    if ((c.flags & DataChunk::kUnordered) == 0) last_ssn[c.stream_id] = c.ssn;
  }
  const std::size_t needed = padded_chunk_size(4 + 4 * last_ssn.size());
  if (b.size() + needed > config_.mtu && b.has_chunks()) return;  // next packet
  ForwardTsnChunk f;
  f.new_cumulative_tsn = TsnUnwrapper::wrap(adv_peer_ack_);
  const std::size_t room = (config_.mtu - b.size() - 8) / 4;
  for (const auto& [sid, ssn] : last_ssn) {
    if (f.skipped.size() >= room) break;
    f.skipped.push_back({sid, ssn});
  }
  f.write(b.writer());
  forward_tsn_pending_ = false;
  ++stats_.forward_tsns_sent;
  if (!t3_) t3_ = now + rto_.rto();
}

// §6.1: retransmissions go first; new data only within cwnd and the peer's window.
bool Association::build_data(Timestamp now, PacketBuilder& b) {
  bool added = false;
  const std::size_t mtu = config_.mtu;
  const bool cwnd_exempt = fast_retransmit_now_;  // §7.2.4 (3): one packet regardless of cwnd
  fast_retransmit_now_ = false;
  while (!retransmit_.empty()) {
    const std::uint64_t tsn = *retransmit_.begin();
    SentChunk& c = chunk_at(tsn);
    if (c.abandoned || c.acked) {
      retransmit_.erase(retransmit_.begin());
      continue;
    }
    // RFC 3758 §3.5 A1-A3: a chunk past its retransmission limit or lifetime is abandoned
    // instead of retransmitted.
    if ((c.max_retransmits && c.transmissions > *c.max_retransmits) ||
        (c.expiry && now >= *c.expiry)) {
      abandon_message(now, tsn);
      continue;
    }
    if (b.size() + padded_chunk_size(12 + c.length) > mtu) break;
    if (!cwnd_exempt && flight_size_ >= cc_->cwnd()) break;
    write_data_chunk(b.writer(), c, tsn);
    retransmit_.erase(retransmit_.begin());
    ++c.transmissions;
    c.sent_at = now;
    c.misses = 0;
    c.in_flight = true;
    flight_size_ += c.length;
    ++stats_.retransmissions;
    if (rtt_probe_tsn_ && *rtt_probe_tsn_ == tsn)
      rtt_probe_tsn_.reset();  // Karn's rule (§6.3.1 C5)
    if (!t3_) t3_ = now + rto_.rto();
    added = true;
  }
  if (!retransmit_.empty()) return added;

  while (!send_queue_.empty()) {
    drop_expired_unsent(now);
    if (send_queue_.empty()) break;
    OutMessage& m = send_queue_.front();
    if (flight_size_ >= cc_->cwnd()) break;
    // §6.1 B: with a closed window, one probe may go when nothing is in flight.
    if (peer_rwnd_ == 0 && flight_size_ > 0) break;
    if (outstanding_.size() >= kMaxOutstandingChunks) break;
    if (b.size() + DataChunk::kHeaderSize + 4 > mtu) break;
    const std::size_t max_payload = mtu - b.size() - DataChunk::kHeaderSize;
    const std::size_t remaining = m.data->size() - m.offset;
    std::size_t len = std::min(remaining, max_payload);
    // §6.9: fragment only when the message does not fit; avoid tiny tail fragments by
    // starting a long message in a fresh packet.
    if (len < remaining && added && len < mtu / 4) break;
    if (len < remaining) len &= ~std::size_t{3};  // keep fragments 4-byte aligned
    if (len == 0) break;
    OutStream& s = out_streams_[m.stream_id];
    if (!m.started) {
      m.started = true;
      if (!m.unordered) m.ssn = s.next_ssn++;
    }
    SentChunk c;
    c.data = m.data;
    c.offset = static_cast<std::uint32_t>(m.offset);
    c.length = static_cast<std::uint32_t>(len);
    c.stream_id = m.stream_id;
    c.ssn = m.unordered ? 0 : m.ssn;
    c.ppid = m.ppid;
    c.flags = static_cast<std::uint8_t>((m.offset == 0 ? DataChunk::kBeginning : 0) |
                                        (len == remaining ? DataChunk::kEnd : 0) |
                                        (m.unordered ? DataChunk::kUnordered : 0));
    c.message_id = m.id;
    c.max_retransmits = m.max_retransmits;
    c.expiry = m.expiry;
    c.sent_at = now;
    c.transmissions = 1;
    c.in_flight = true;
    const std::uint64_t tsn = next_tsn_++;
    write_data_chunk(b.writer(), c, tsn);
    outstanding_.push_back(std::move(c));
    flight_size_ += len;
    peer_rwnd_ -= std::min(peer_rwnd_, len);
    ++stats_.data_chunks_sent;
    if (!rtt_probe_tsn_) {
      rtt_probe_tsn_ = tsn;
      rtt_probe_sent_ = now;
    }
    if (!t3_) t3_ = now + rto_.rto();  // §6.3.2 R1
    added = true;
    m.offset += len;
    on_sent_bytes(m, len);
    if (m.offset == m.data->size()) {
      --s.queued_messages;
      send_queue_.pop_front();
    }
  }
  return added;
}

// RFC 3758: a message whose lifetime ran out before it was completely sent.
void Association::drop_expired_unsent(Timestamp now) {
  while (!send_queue_.empty()) {
    OutMessage& m = send_queue_.front();
    if (!m.expiry || now < *m.expiry) return;
    if (m.started) {
      // Its first fragments have TSNs: abandon them too (they are the newest TSNs).
      abandon_message(now, next_tsn_ - 1);
    } else {
      on_sent_bytes(m, m.data->size() - m.offset);
      --out_streams_[m.stream_id].queued_messages;
      ++stats_.abandoned_messages;
      send_queue_.pop_front();
    }
  }
}

// RFC 3758 §3.5 A3: abandoning a chunk abandons every fragment of its message.
void Association::abandon_message(Timestamp, std::uint64_t tsn) {
  if (tsn <= cum_ack_ || tsn >= next_tsn_) return;
  const std::uint64_t id = chunk_at(tsn).message_id;
  auto abandon = [this](SentChunk& c, std::uint64_t t) {
    if (c.abandoned) return;
    c.abandoned = true;
    if (c.in_flight) {
      flight_size_ -= c.length;
      c.in_flight = false;
    }
    retransmit_.erase(t);
  };
  for (std::uint64_t t = tsn; t > cum_ack_ && chunk_at(t).message_id == id; --t)
    abandon(chunk_at(t), t);
  for (std::uint64_t t = tsn + 1; t < next_tsn_ && chunk_at(t).message_id == id; ++t)
    abandon(chunk_at(t), t);
  // The unsent rest of the message, if it is still at the head of the queue.
  if (!send_queue_.empty() && send_queue_.front().id == id) {
    OutMessage& m = send_queue_.front();
    on_sent_bytes(m, m.data->size() - m.offset);
    --out_streams_[m.stream_id].queued_messages;
    send_queue_.pop_front();
  }
  ++stats_.abandoned_messages;
  advance_peer_ack_point();
}

// RFC 3758 §3.5 C1-C2.
void Association::advance_peer_ack_point() {
  if (adv_peer_ack_ < cum_ack_) adv_peer_ack_ = cum_ack_;
  const std::uint64_t before = adv_peer_ack_;
  while (adv_peer_ack_ + 1 < next_tsn_ && chunk_at(adv_peer_ack_ + 1).abandoned) ++adv_peer_ack_;
  if (adv_peer_ack_ > before) forward_tsn_pending_ = true;
}

void Association::mark_for_retransmission(SentChunk& c, std::uint64_t tsn) {
  if (c.in_flight) {
    flight_size_ -= c.length;
    c.in_flight = false;
  }
  retransmit_.insert(tsn);
}

// ---------------------------------------------------------------- SACK (§6.2.1)

void Association::on_sack(Timestamp now, const SackChunk& sack) {
  if (!cc_) return;
  const auto delta =
      static_cast<std::int32_t>(sack.cumulative_tsn_ack - TsnUnwrapper::wrap(cum_ack_));
  const std::uint64_t cum = cum_ack_ + static_cast<std::uint64_t>(static_cast<std::int64_t>(delta));
  if (delta < 0) return;  // §6.2.1 D i: an old SACK, arrived out of order
  if (cum >= next_tsn_) {
    // A SACK for a TSN never sent: a protocol violation (§6.2.1 ... and §9.2 rules of thumb).
    send_abort_and_close(now, CauseCode::protocol_violation, "SACK acknowledges a TSN never sent");
    return;
  }
  const std::size_t flight_before = flight_size_;
  std::size_t bytes_acked = 0;
  const bool cum_advanced = cum > cum_ack_;
  std::uint64_t highest_newly_acked = 0;

  while (cum_ack_ < cum) {
    SentChunk& c = outstanding_.front();
    const std::uint64_t tsn = cum_ack_ + 1;
    if (!c.acked && !c.abandoned) bytes_acked += c.length;
    if (c.in_flight) flight_size_ -= c.length;
    if (!c.acked) highest_newly_acked = tsn;
    if (rtt_probe_tsn_ && *rtt_probe_tsn_ == tsn) {
      // §6.3.1 C5: measure only chunks sent once.
      if (c.transmissions == 1) rto_.add_measurement(now - rtt_probe_sent_);
      rtt_probe_tsn_.reset();
    }
    outstanding_.pop_front();
    ++cum_ack_;
  }
  if (cum_advanced) {
    retransmit_.erase(retransmit_.begin(), retransmit_.upper_bound(cum));
    gap_acked_.erase_up_to(cum);
    error_count_ = 0;  // §8.1
    if (rtt_probe_tsn_ && *rtt_probe_tsn_ <= cum) rtt_probe_tsn_.reset();
  }

  // Gap-ack blocks: only TSNs not acknowledged by an earlier SACK are visited.
  for (const auto& g : sack.gap_blocks) {
    if (g.start == 0 || g.start > g.end) continue;  // malformed block: ignore
    const std::uint64_t first = cum + g.start;
    const std::uint64_t last = std::min<std::uint64_t>(cum + g.end, next_tsn_ - 1);
    if (first > last) continue;  // beyond anything sent
    gap_acked_.insert(first, last, [&](std::uint64_t a, std::uint64_t b) {
      for (std::uint64_t t = a; t <= b; ++t) {
        SentChunk& c = chunk_at(t);
        c.acked = true;
        if (!c.abandoned) bytes_acked += c.length;
        if (c.in_flight) {
          flight_size_ -= c.length;
          c.in_flight = false;
        }
        retransmit_.erase(t);
        highest_newly_acked = std::max(highest_newly_acked, t);
      }
    });
  }

  // §7.2.4: every TSN reported missing below the highest newly acknowledged TSN gets a miss
  // indication; the third one triggers a fast retransmit. Only the holes are walked.
  bool fast = false;
  if (highest_newly_acked > cum) {
    std::uint64_t cursor = cum + 1;
    auto visit_hole = [&](std::uint64_t a, std::uint64_t b) {
      for (std::uint64_t t = a; t <= b; ++t) {
        SentChunk& c = chunk_at(t);
        if (c.acked || c.abandoned || c.fast_retransmitted || !c.in_flight) continue;
        if (++c.misses >= 3) {
          c.fast_retransmitted = true;  // each chunk is fast-retransmitted at most once
          mark_for_retransmission(c, t);
          fast = true;
        }
      }
    };
    for (const auto& [a, b] : gap_acked_.intervals()) {
      if (a > highest_newly_acked) break;
      if (a > cursor) visit_hole(cursor, a - 1);
      cursor = b + 1;
    }
  }
  if (fast) {
    ++stats_.fast_retransmits;
    cc_->on_fast_retransmit(next_tsn_ - 1);
    fast_retransmit_now_ = true;
    // §7.2.4 (4): restart T3 only if this SACK moved the cumulative ack or the earliest
    // outstanding chunk is among those retransmitted; otherwise a lost fast retransmission
    // would keep pushing the timer away and never be recovered.
    if (cum_advanced || retransmit_.contains(cum_ack_ + 1)) t3_ = now + rto_.rto();
  }
  cc_->on_ack(bytes_acked, cum_advanced, flight_before, cum_ack_);

  // §6.2.1: the peer's window minus what is still in flight.
  peer_rwnd_ = sack.a_rwnd > flight_size_ ? sack.a_rwnd - flight_size_ : 0;

  // §6.3.2 R2, R3.
  if (outstanding_.empty()) {
    t3_.reset();
  } else if (cum_advanced) {
    t3_ = now + rto_.rto();
  }
  if (peer_forward_tsn_) {
    // RFC 3758 §3.5 C3: while the peer lags behind the Advanced.Peer.Ack.Point, tell it.
    advance_peer_ack_point();
    if (adv_peer_ack_ > cum_ack_) forward_tsn_pending_ = true;
  }
  maybe_progress_shutdown(now);
}

// §6.3.3: the retransmission timer expired.
void Association::on_t3_expired(Timestamp now) {
  t3_.reset();
  if (outstanding_.empty()) return;
  ++stats_.t3_expirations;
  if (++error_count_ > config_.max_retransmissions) {
    // §8.1: the peer is unreachable.
    send_abort_and_close(now, CauseCode::user_initiated_abort, "too many retransmissions");
    return;
  }
  cc_->on_retransmission_timeout();  // E1
  rto_.back_off();                   // E2
  rtt_probe_tsn_.reset();
  // E3: everything outstanding is retransmitted, lowest TSN first, as cwnd allows.
  for (std::uint64_t t = cum_ack_ + 1; t < next_tsn_; ++t) {
    SentChunk& c = chunk_at(t);
    if (c.acked || c.abandoned) continue;
    mark_for_retransmission(c, t);
  }
  if (peer_forward_tsn_) {
    advance_peer_ack_point();
    if (adv_peer_ack_ > cum_ack_) forward_tsn_pending_ = true;  // RFC 3758 §3.5 C3
  }
  t3_ = now + rto_.rto();
}

// ---------------------------------------------------------------- receiving DATA

void Association::on_data(Timestamp, const DataChunk& d, bool& sack_now) {
  DataReceiver::Outcome outcome;
  if (d.stream_id >= inbound_streams_) {
    // §6.5: acknowledge the TSN, drop the data, report Invalid Stream Identifier.
    outcome = receiver_->accept_tsn_only(d.tsn);
    if (outcome == DataReceiver::Outcome::accepted) {
      ByteWriter info;
      info.u16(d.stream_id);
      info.u16(0);
      ByteWriter causes;
      write_error_cause(causes, CauseCode::invalid_stream_identifier, info.view());
      ByteWriter w;
      ErrorChunk{causes.view()}.write(w);
      queue_control(w.take(), peer_tag_);
    }
  } else {
    outcome = receiver_->on_data(d);
  }
  if (outcome == DataReceiver::Outcome::duplicate) {
    ++stats_.duplicate_tsns_received;
    sack_now = true;
  } else if (outcome == DataReceiver::Outcome::dropped) {
    sack_now = true;  // tell the sender about the window
  } else if (receiver_->has_gaps() || (d.flags & DataChunk::kImmediate) != 0) {
    sack_now = true;  // §6.7: out of order: report the gap at once
  }
}

void Association::on_forward_tsn(Timestamp, const RawChunk& c) {
  if (!receiver_ || !config_.partial_reliability) return;
  auto f = ForwardTsnChunk::parse(c);
  if (!f) return;
  receiver_->on_forward_tsn(*f);
  sack_now_ = true;  // RFC 3758 §3.6: acknowledge the new cumulative TSN at once
}

}  // namespace rtc::sctp
