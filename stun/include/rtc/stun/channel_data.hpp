// ChannelData messages (RFC 8656 §12.4): TURN's 4-byte framing for relayed data on a channel.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Channel Number        |            Length             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                                                               |
//   /                       Application Data                        /
//   |                                                               |
//   +-------------------------------+
//
// A Send indication costs 36+ bytes of STUN around each packet; once a channel is bound
// (ChannelBind, §12) the same packet travels with 4. The channel number's first byte 0x40-0x4F
// is what tells it apart from STUN, DTLS and RTP on the same port (demux.hpp, RFC 7983).
// Length counts the data only. Over TCP/TLS the message is padded to a multiple of 4 (§12.5);
// over UDP padding is optional, so a receiver accepts 0-3 trailing padding bytes.
#pragma once

#include <cstdint>
#include <optional>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::stun {

// RFC 8656 §12: channels 0x4000-0x4FFF; 0x5000-0x7FFF are reserved so that the first byte never
// enters the ranges RFC 7983 gives to other protocols.
inline constexpr std::uint16_t kMinChannelNumber = 0x4000;
inline constexpr std::uint16_t kMaxChannelNumber = 0x4FFF;
constexpr bool is_valid_channel_number(std::uint16_t channel) {
  return channel >= kMinChannelNumber && channel <= kMaxChannelNumber;
}

inline constexpr std::size_t kChannelDataHeaderSize = 4;

struct ChannelDataView {
  std::uint16_t channel = 0;
  BytesView data;  // points into the datagram

  // One ChannelData message in a UDP datagram (§12.6): a valid channel number, a length that
  // fits, and at most the padding to the next multiple of 4 after the data.
  static Result<ChannelDataView> parse(BytesView datagram);
  static Result<ChannelDataView> parse(Bytes&&) = delete;  // would dangle: keep the bytes
  // On a stream (§12.5): the size of the next message including its padding, or nullopt until
  // the 4-byte header arrived.
  static std::optional<std::size_t> framed_size(BytesView stream_prefix);
};

// Writes header + data, plus zero padding to a multiple of 4 when `pad` (required over TCP/TLS,
// optional over UDP).
Result<void> write_channel_data(ByteWriter& out, std::uint16_t channel, BytesView data,
                                bool pad = false);
Result<Bytes> encode_channel_data(std::uint16_t channel, BytesView data, bool pad = false);

}  // namespace rtc::stun
