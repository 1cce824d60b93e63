// WebRTC data channels over one SCTP association (RFC 8831) with the Data Channel
// Establishment Protocol, DCEP (RFC 8832), behind a W3C-like API: create_channel, send,
// close, bufferedAmount, and the states connecting, open, closing, closed.
//
// DataChannelManager owns the Association and has the same sans-IO shape; its events are
// channel events instead of raw SCTP messages.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "rtc/sctp/association.hpp"

namespace rtc::sctp {

// RFC 8831 §8: Payload Protocol Identifiers.
enum class Ppid : std::uint32_t {
  dcep = 50,
  string = 51,
  binary = 53,
  string_empty = 56,
  binary_empty = 57,
};

// RFC 8832 §5.1: Channel Type.
enum class ChannelType : std::uint8_t {
  reliable = 0x00,
  partial_reliable_rexmit = 0x01,
  partial_reliable_timed = 0x02,
  reliable_unordered = 0x80,
  partial_reliable_rexmit_unordered = 0x81,
  partial_reliable_timed_unordered = 0x82,
};

// RFC 8832 §5.1 DATA_CHANNEL_OPEN and §5.2 DATA_CHANNEL_ACK.
struct DataChannelOpen {
  static constexpr std::uint8_t kMessageType = 0x03;
  ChannelType channel_type = ChannelType::reliable;
  std::uint16_t priority = 256;             // RFC 8831 §6.4 / W3C "low" = 128, normal 256, ...
  std::uint32_t reliability_parameter = 0;  // retransmissions or lifetime in ms
  std::string label;
  std::string protocol;

  static Result<DataChannelOpen> parse(BytesView data);
  Bytes serialize() const;
};
inline constexpr std::uint8_t kDataChannelAck = 0x02;

enum class DtlsRole : std::uint8_t { client, server };  // RFC 8832 §6: client even, server odd

enum class ChannelState : std::uint8_t { connecting, open, closing, closed };
const char* to_string(ChannelState s);

// W3C RTCDataChannelInit.
struct DataChannelInit {
  bool ordered = true;
  std::optional<std::uint16_t> max_retransmits;
  std::optional<std::chrono::milliseconds> max_packet_life_time;
  std::string protocol;
  bool negotiated = false;          // RFC 8831 §6.5: id agreed out of band, no DCEP
  std::optional<std::uint16_t> id;  // required when negotiated
  std::uint16_t priority = 256;
};

namespace channel_event {
struct TransportConnected {};
struct TransportClosed {
  bool aborted = false;
  std::string reason;
};
struct Open {  // our channel is open, or the peer opened one (`remote`: W3C ondatachannel)
  std::uint16_t id = 0;
  bool remote = false;
};
struct Message {
  std::uint16_t id = 0;
  bool binary = false;
  Bytes data;  // empty messages arrive empty (RFC 8831 §6.6)
};
struct Closing {
  std::uint16_t id = 0;
};
struct Closed {
  std::uint16_t id = 0;
};
struct BufferedAmountLow {
  std::uint16_t id = 0;
};
}  // namespace channel_event
using ChannelEvent =
    std::variant<channel_event::TransportConnected, channel_event::TransportClosed,
                 channel_event::Open, channel_event::Message, channel_event::Closing,
                 channel_event::Closed, channel_event::BufferedAmountLow>;

struct ChannelInfo {
  std::uint16_t id = 0;
  std::string label;
  std::string protocol;
  ChannelType type = ChannelType::reliable;
  std::uint32_t reliability_parameter = 0;
  std::uint16_t priority = 256;
  bool negotiated = false;
  ChannelState state = ChannelState::connecting;
};

class DataChannelManager {
 public:
  DataChannelManager(const AssociationConfig& config, DtlsRole role, Random& random,
                     TraceSink* trace = nullptr);

  Association& association() { return association_; }
  const Association& association() const { return association_; }

  // Starts the SCTP association (both WebRTC peers call this once DTLS is up).
  void connect(Timestamp now) { association_.connect(now); }

  // W3C createDataChannel: picks a stream id of our parity (or uses init.id), sends
  // DATA_CHANNEL_OPEN once the association is up (unless negotiated).
  Result<std::uint16_t> create_channel(Timestamp now, std::string label,
                                       const DataChannelInit& init = {});
  Result<void> send_binary(Timestamp now, std::uint16_t id, BytesView data);
  Result<void> send_text(Timestamp now, std::uint16_t id, std::string_view text);
  // RFC 8831 §6.7: closing resets the stream in both directions.
  void close(Timestamp now, std::uint16_t id);

  std::optional<ChannelInfo> channel(std::uint16_t id) const;
  ChannelState state(std::uint16_t id) const;
  std::size_t buffered_amount(std::uint16_t id) const { return association_.buffered_amount(id); }
  void set_buffered_amount_low_threshold(std::uint16_t id, std::size_t bytes) {
    association_.set_buffered_amount_low_threshold(id, bytes);
  }
  std::size_t channel_count() const { return channels_.size(); }

  void handle_receive(Timestamp now, BytesView packet);
  void handle_timeout(Timestamp now);
  std::optional<Bytes> poll_transmit(Timestamp now);
  std::optional<ChannelEvent> poll_event();
  std::optional<Timestamp> poll_timeout() const { return association_.poll_timeout(); }

 private:
  struct Channel {
    ChannelInfo info;
    bool acked = false;  // DATA_CHANNEL_ACK received (or negotiated / remote)
    bool open_sent = false;
    bool outgoing_reset = false;  // our direction of the stream has been reset
    bool incoming_reset = false;
  };
  void pump(Timestamp now);
  void on_transport_connected(Timestamp now);
  void send_open(Timestamp now, Channel& c);
  void on_dcep(Timestamp now, std::uint16_t id, BytesView data);
  void maybe_closed(std::uint16_t id);
  Result<void> send(Timestamp now, std::uint16_t id, Ppid ppid, BytesView data);
  SendOptions options_for(const Channel& c) const;
  std::optional<std::uint16_t> allocate_id() const;

  Association association_;
  DtlsRole role_;
  std::map<std::uint16_t, Channel> channels_;
  std::deque<ChannelEvent> events_;
};

}  // namespace rtc::sctp
