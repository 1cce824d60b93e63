// Handshake message reassembly (RFC 6347 §4.2.2, §4.2.3): handshake messages arrive as
// fragments, possibly out of order, duplicated or overlapping, possibly spread over several
// datagrams (Chromium's 1413-byte ClientHello arrives in two). The reassembler collects them
// per message_seq and hands out complete messages strictly in message_seq order.
//
// Memory is bounded: only messages within a small window after the next expected sequence are
// kept, each at most max_message_size bytes, and all of them together at most max_total bytes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/dtls/handshake_messages.hpp"

namespace rtc::dtls {

struct HandshakeMessage {
  HandshakeType type;
  std::uint16_t message_seq;
  Bytes body;
};

class HandshakeReassembler {
 public:
  static constexpr std::uint16_t kWindow = 8;
  static constexpr std::size_t kMaxMessageSize = 32 * 1024;
  static constexpr std::size_t kMaxTotal = 64 * 1024;

  enum class Outcome {
    accepted,  // stored (or already had these bytes)
    old,       // message_seq < next: the peer is retransmitting a flight we already have
    dropped,   // too far ahead, too large, over the memory limit, or inconsistent: ignored
  };

  Outcome add(const HandshakeFragment& fragment);
  // The next message, if it is complete; advances next_seq().
  std::optional<HandshakeMessage> pop();

  std::uint16_t next_seq() const { return next_seq_; }
  // Forget everything and expect `seq` next (the stateless server adopts the ClientHello's).
  void reset(std::uint16_t seq);

 private:
  struct Partial {
    HandshakeType type;
    Bytes body;
    std::vector<bool> have;  // one flag per byte: simple, and bounded by kMaxMessageSize
    std::size_t missing;
  };
  std::uint16_t next_seq_ = 0;
  std::map<std::uint16_t, Partial> partial_;
  std::size_t total_ = 0;
};

}  // namespace rtc::dtls
