// Helpers shared by the rtp/ tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "rtc/common/bytes.hpp"
#include "rtc/common/encoding.hpp"

namespace rtc::rtp::test {

// Hex with optional spaces, as the RFCs print it.
inline Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
  return bytes.value_or(Bytes{});
}

// A well-formed RTP packet: V=2, the given SSRC and sequence number, `payload_size` octets
// of a recognizable payload.
inline Bytes make_rtp(std::uint32_t ssrc, std::uint16_t seq, std::size_t payload_size = 160,
                      std::uint8_t payload_type = 111) {
  Bytes packet(12 + payload_size);
  packet[0] = 0x80;
  packet[1] = payload_type;
  store_be16(packet, 2, seq);
  store_be32(packet, 4, 0x01020304u + seq * 960u);
  store_be32(packet, 8, ssrc);
  for (std::size_t i = 0; i < payload_size; ++i) {
    packet[12 + i] = static_cast<std::uint8_t>(i * 7 + seq);
  }
  return packet;
}

// A receiver report with no report blocks (8 octets) and an SDES packet with one CNAME
// chunk (16 octets): a small but real compound packet (RFC 3550 §6.1, §6.4.2, §6.5).
inline Bytes make_rtcp(std::uint32_t ssrc) {
  Bytes packet = hex("80c90001 00000000 81ca0003 00000000 01037274 63000000");
  store_be32(packet, 4, ssrc);
  store_be32(packet, 12, ssrc);
  return packet;
}

}  // namespace rtc::rtp::test
