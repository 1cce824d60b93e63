// The receiving half of an association: which TSNs arrived (RFC 9260 §6.2), duplicates,
// the advertised receiver window, reassembly of fragmented user messages (§6.9), ordered
// delivery per stream by SSN and unordered delivery (§6.6), and the receiver's part of
// partial reliability (RFC 3758 §3.6) and stream reset (RFC 6525 §5.2.2).
//
// Memory is bounded: data is accepted only inside the advertised window (plus the one chunk
// that advances the cumulative TSN, so a full buffer can always drain), and only TSNs less
// than 2^16 above the cumulative TSN, which is also what SACK gap offsets can express.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

#include "rtc/sctp/chunks.hpp"
#include "rtc/sctp/interval_set.hpp"
#include "rtc/sctp/tsn.hpp"

namespace rtc::sctp {

struct ReceivedMessage {
  std::uint16_t stream_id = 0;
  std::uint32_t ppid = 0;
  bool unordered = false;
  Bytes data;
};

class DataReceiver {
 public:
  static constexpr std::uint64_t kMaxTsnWindow = 0xFFFF;
  static constexpr std::size_t kMaxDuplicatesReported = 16;

  DataReceiver(std::uint32_t peer_initial_tsn, std::size_t buffer_size);

  enum class Outcome { accepted, duplicate, dropped };
  // Copies the payload once (into the fragment store or the delivered message).
  Outcome on_data(const DataChunk& data);
  // RFC 9260 §6.5: DATA for a stream that does not exist is acknowledged but not delivered.
  Outcome accept_tsn_only(std::uint32_t tsn);
  // RFC 3758 §3.6. Returns false if the new cumulative TSN is not ahead (nothing to do).
  bool on_forward_tsn(const ForwardTsnChunk& fwd);
  // RFC 6525 §5.2.2: the peer reset these outgoing streams (empty = all): SSNs restart at 0.
  void reset_streams(const std::vector<std::uint16_t>& streams);

  // The SACK to send now (§6.2); takes the duplicate list.
  SackChunk make_sack(std::size_t max_gap_blocks);
  bool has_gaps() const { return !above_.empty(); }
  std::uint32_t cumulative_tsn() const { return TsnUnwrapper::wrap(cum_); }
  std::uint64_t cumulative_unwrapped() const { return cum_; }
  std::uint64_t unwrap(std::uint32_t tsn) const { return unwrapper_.unwrap(tsn); }
  std::uint32_t a_rwnd() const {
    return buffered_ >= capacity_ ? 0 : static_cast<std::uint32_t>(capacity_ - buffered_);
  }
  std::size_t buffered_bytes() const { return buffered_; }

  // Complete messages in delivery order; the association moves them into events.
  std::deque<ReceivedMessage>& ready() { return ready_; }

 private:
  struct Fragment {
    std::uint16_t stream_id;
    std::uint16_t ssn;
    std::uint32_t ppid;
    std::uint8_t flags;
    Bytes data;
  };
  struct InStream {
    std::uint64_t next_ssn = 0x10000;                  // unwrapped: 2^16 + SSN
    std::map<std::uint64_t, ReceivedMessage> pending;  // ordered messages waiting for a gap
  };

  void mark_received(std::uint64_t tsn);
  void try_reassemble(std::map<std::uint64_t, Fragment>::iterator it);
  void deliver(std::uint16_t ssn, ReceivedMessage&& m);
  void drain_stream(InStream& s);
  std::uint64_t unwrap_ssn(const InStream& s, std::uint16_t ssn) const {
    return s.next_ssn + static_cast<std::int16_t>(ssn - static_cast<std::uint16_t>(s.next_ssn));
  }

  TsnUnwrapper unwrapper_;
  std::uint64_t cum_;  // highest TSN with every TSN up to it received (or skipped)
  IntervalSet above_;  // TSNs received above cum_
  std::vector<std::uint32_t> duplicates_;
  std::map<std::uint64_t, Fragment> fragments_;  // by TSN, incomplete messages
  std::unordered_map<std::uint16_t, InStream> streams_;
  std::deque<ReceivedMessage> ready_;
  std::size_t capacity_;
  std::size_t buffered_ = 0;  // bytes in fragments_ and in streams' pending maps
};

}  // namespace rtc::sctp
