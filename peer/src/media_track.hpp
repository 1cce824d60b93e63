// One RTCRtpTransceiver: an audio or video m-section, what we send on it and what arrives.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "rtc/common/time.hpp"
#include "rtc/rtp/av1_payload.hpp"
#include "rtc/rtp/frame_assembler.hpp"
#include "rtc/rtp/h264_payload.hpp"
#include "rtc/rtp/opus_payload.hpp"
#include "rtc/rtp/receiver_stats.hpp"
#include "rtc/rtp/retransmission.hpp"
#include "rtc/rtp/vp8_payload.hpp"
#include "rtc/rtp/vp9_payload.hpp"
#include "rtc/sdp/codecs.hpp"
#include "rtc/sdp/jsep.hpp"

namespace rtc::peer {

struct Transceiver {
  std::string mid;
  sdp::MediaKind kind = sdp::MediaKind::audio;
  sdp::MediaDirection direction = sdp::MediaDirection::sendrecv;  // what we want
  // After negotiation: our direction as the answer has it (RFC 3264 §6.1), and the codecs with
  // the payload types both sides use (the offer's, RFC 9429 §5.3.1).
  sdp::MediaDirection negotiated = sdp::MediaDirection::inactive;
  std::vector<sdp::Codec> codecs;
  std::optional<sdp::Codec> send_codec;  // the first media codec (not rtx, red, ulpfec)
  bool rejected = false;

  // Sending (RFC 3550 §5.1): a random SSRC, initial sequence number and timestamp offset.
  std::uint32_t ssrc = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp_offset = 0;
  std::string track_id;

  // Receiving: which SSRCs and payload types belong to this m-section.
  std::vector<std::uint32_t> remote_ssrcs;
  std::vector<std::uint8_t> remote_payload_types;
  bool remote_sends = false;
  bool track_announced = false;

  // Media machinery, made when the codec is known (media_rtp.cpp).
  std::variant<std::monostate, rtp::Vp8Packetizer, rtp::Vp9Packetizer, rtp::OpusPacketizer,
               rtp::H264Packetizer, rtp::Av1Packetizer>
      packetizer;
  rtp::RetransmissionBuffer sent{512};   // answers NACKs (RFC 4585 §6.2.1)
  std::uint32_t last_rtp_timestamp = 0;  // of the last packet sent, for SR (RFC 3550 §6.4.1)
  Timestamp last_sent_at{};
  std::uint32_t payload_octets_sent = 0;
  struct Receiver {
    std::unique_ptr<rtp::Depacketizer> depacketizer;
    std::unique_ptr<rtp::FrameAssembler> assembler;
    std::unique_ptr<rtp::ReceiverStatistics> stats;
    std::string codec;
    Timestamp last_nack{};
    Timestamp gap_since{};
    bool in_gap = false;
  };
  std::map<std::uint32_t, Receiver> receivers;  // by remote SSRC
  std::optional<Duration> round_trip_time;      // from RR/SR report blocks about our SSRC
  std::uint64_t nacks_received = 0, retransmitted = 0, plis_received = 0;
  std::uint64_t frames_received = 0;

  // Counters for getStats().
  std::uint64_t packets_sent = 0, bytes_sent = 0;
  std::uint64_t packets_received = 0, bytes_received = 0;
  std::uint32_t last_remote_ssrc = 0;

  bool sends() const {
    return negotiated == sdp::MediaDirection::sendrecv ||
           negotiated == sdp::MediaDirection::sendonly;
  }
  bool receives() const {
    return negotiated == sdp::MediaDirection::sendrecv ||
           negotiated == sdp::MediaDirection::recvonly;
  }
};

// The codec to send with: the first that is not a retransmission or FEC format.
std::optional<sdp::Codec> choose_send_codec(const std::vector<sdp::Codec>& codecs);

}  // namespace rtc::peer
