// RTCP feedback messages (RFC 4585 §6) that WebRTC video depends on.
//
// Every feedback packet has the same start (§6.1): common header with FMT in the count field,
// the SSRC of the packet sender and the SSRC of the media source, then the feedback control
// information (FCI).
//   RTPFB (205) FMT 1   generic NACK (RFC 4585 §6.2.1): lost packets as PID + 16-bit bitmask
//   PSFB  (206) FMT 1   PLI, picture loss indication (§6.3.1): "send me a keyframe", no FCI
//   PSFB  (206) FMT 4   FIR, full intra request (RFC 5104 §4.3.1): SSRC + command seq nr
//   PSFB  (206) FMT 15  REMB, receiver estimated max bitrate (draft-alvestrand-rmcat-remb-03)
// Transport-wide CC feedback (RTPFB FMT 15) has its own file, rtcp_transport_feedback.hpp.
#pragma once

#include <cstdint>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

inline constexpr std::uint8_t kFmtNack = 1;                // RTPFB
inline constexpr std::uint8_t kFmtTransportFeedback = 15;  // RTPFB
inline constexpr std::uint8_t kFmtPli = 1;                 // PSFB
inline constexpr std::uint8_t kFmtFir = 4;                 // PSFB
inline constexpr std::uint8_t kFmtAfb = 15;                // PSFB application layer (REMB)

struct Nack {
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  // The lost packets, in the order they appear. Written as (PID, BLP) pairs: each pair covers
  // PID and the 16 sequence numbers after it (§6.2.1), so a burst of 17 costs 4 octets.
  std::vector<std::uint16_t> lost;
  bool operator==(const Nack&) const = default;

  static Result<Nack> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

struct Pli {
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  bool operator==(const Pli&) const = default;

  static Result<Pli> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

struct FirEntry {
  std::uint32_t ssrc = 0;     // the media sender asked for a keyframe
  std::uint8_t sequence = 0;  // command sequence number, +1 per new request (§4.3.1.2)
  bool operator==(const FirEntry&) const = default;
};

struct Fir {
  std::uint32_t sender_ssrc = 0;
  std::vector<FirEntry> entries;  // the media source SSRC field is 0 (RFC 5104 §4.3.1.2)
  bool operator==(const Fir&) const = default;

  static Result<Fir> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

struct Remb {
  std::uint32_t sender_ssrc = 0;
  std::uint64_t bitrate_bps = 0;  // mantissa (18 bits) << exponent (6 bits): rounded down
  std::vector<std::uint32_t> ssrcs;
  bool operator==(const Remb&) const = default;

  static Result<Remb> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

}  // namespace rtc::rtp
