// Opus packets out of an Ogg file (RFC 7845, Ogg framing RFC 3533), so that examples and the
// demo can send real encoded audio (`opusenc` writes .opus files in this format).
//
// An Ogg page: "OggS", version 0, header type (bit 0: the page continues a packet), granule
// position (u64), stream serial, page sequence, CRC (all little-endian), the number of
// segments and a table of segment lengths, then the data. A packet is a run of segments that
// ends with one shorter than 255 octets (RFC 3533 §6). The first packet of an Opus stream is
// "OpusHead" (RFC 7845 §5.1), the second "OpusTags" (§5.2); every later one is an Opus packet.
//
// The CRC is not checked: the file comes from our own disk, and a bad page only gives a bad
// packet, which the decoder at the other end copes with.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

struct OggOpusStream {
  std::uint8_t channels = 1;   // OpusHead channel count
  std::uint16_t pre_skip = 0;  // samples to drop at the start (RFC 7845 §4.2)
  std::uint32_t input_sample_rate = 0;
  std::vector<Bytes> packets;  // the audio packets, in order
};

// Reads a whole .opus file. Errors: not Ogg, a page cut short, no OpusHead, more than one
// logical stream interleaved (chained or multiplexed files are not needed here).
Result<OggOpusStream> read_ogg_opus(BytesView file);

}  // namespace rtc::rtp
