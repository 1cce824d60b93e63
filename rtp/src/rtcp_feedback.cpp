#include "rtc/rtp/rtcp_feedback.hpp"

#include <string>

#include "rtc/rtp/rtcp_common.hpp"

namespace rtc::rtp {

namespace {

struct FeedbackBody {
  std::uint32_t sender_ssrc;
  std::uint32_t media_ssrc;
  BytesView fci;
};

// RFC 4585 §6.1: header, sender SSRC, media SSRC, FCI.
Result<FeedbackBody> feedback_body(BytesView packet, RtcpType type, std::uint8_t fmt,
                                   const char* name) {
  auto body = rtcp_body(packet);
  if (!body) return std::unexpected(std::move(body.error()));
  if (body->packet_type != static_cast<std::uint8_t>(type) || body->count != fmt) {
    return fail_at(Errc::invalid_argument, std::string("not an RTCP ") + name, 0);
  }
  if (body->body.size() < 8) {
    return fail_at(Errc::truncated,
                   std::string(name) + " shorter than its two SSRCs (RFC 4585 §6.1)", 4);
  }
  return FeedbackBody{load_be32(body->body, 0), load_be32(body->body, 4), body->body.subspan(8)};
}

void begin_feedback(ByteWriter& w, std::size_t& start, RtcpType type, std::uint8_t fmt,
                    std::uint32_t sender, std::uint32_t media) {
  start = begin_rtcp_packet(w, fmt, type);
  w.u32(sender);
  w.u32(media);
}

}  // namespace

Result<Nack> Nack::parse(BytesView packet) {
  auto fb = feedback_body(packet, RtcpType::rtpfb, kFmtNack, "generic NACK");
  if (!fb) return std::unexpected(std::move(fb.error()));
  if (fb->fci.empty() || fb->fci.size() % 4 != 0) {
    return fail_at(Errc::malformed,
                   "generic NACK needs one or more 4-octet FCI entries (RFC 4585 §6.2.1)", 12);
  }
  Nack nack{fb->sender_ssrc, fb->media_ssrc, {}};
  for (std::size_t at = 0; at < fb->fci.size(); at += 4) {
    const std::uint16_t pid = load_be16(fb->fci, at);
    const std::uint16_t blp = load_be16(fb->fci, at + 2);
    nack.lost.push_back(pid);
    // Bit i of BLP (least significant = 0) reports PID + i + 1 lost.
    for (int i = 0; i < 16; ++i) {
      if ((blp >> i) & 1) nack.lost.push_back(static_cast<std::uint16_t>(pid + i + 1));
    }
  }
  return nack;
}

void Nack::write(ByteWriter& w) const {
  std::size_t start = 0;
  begin_feedback(w, start, RtcpType::rtpfb, kFmtNack, sender_ssrc, media_ssrc);
  std::size_t i = 0;
  while (i < lost.size()) {
    const std::uint16_t pid = lost[i++];
    std::uint16_t blp = 0;
    while (i < lost.size()) {
      const std::uint16_t diff = static_cast<std::uint16_t>(lost[i] - pid);
      if (diff < 1 || diff > 16) break;
      blp = static_cast<std::uint16_t>(blp | (1u << (diff - 1)));
      ++i;
    }
    w.u16(pid);
    w.u16(blp);
  }
  finish_rtcp_packet(w, start);
}

Result<Pli> Pli::parse(BytesView packet) {
  auto fb = feedback_body(packet, RtcpType::psfb, kFmtPli, "PLI");
  if (!fb) return std::unexpected(std::move(fb.error()));
  return Pli{fb->sender_ssrc, fb->media_ssrc};
}

void Pli::write(ByteWriter& w) const {
  std::size_t start = 0;
  begin_feedback(w, start, RtcpType::psfb, kFmtPli, sender_ssrc, media_ssrc);
  finish_rtcp_packet(w, start);
}

Result<Fir> Fir::parse(BytesView packet) {
  auto fb = feedback_body(packet, RtcpType::psfb, kFmtFir, "FIR");
  if (!fb) return std::unexpected(std::move(fb.error()));
  if (fb->fci.empty() || fb->fci.size() % 8 != 0) {
    return fail_at(Errc::malformed, "FIR needs one or more 8-octet FCI entries (RFC 5104 §4.3.1.1)",
                   12);
  }
  Fir fir{fb->sender_ssrc, {}};
  for (std::size_t at = 0; at < fb->fci.size(); at += 8) {
    fir.entries.push_back({load_be32(fb->fci, at), fb->fci[at + 4]});
  }
  return fir;
}

void Fir::write(ByteWriter& w) const {
  std::size_t start = 0;
  begin_feedback(w, start, RtcpType::psfb, kFmtFir, sender_ssrc, 0);
  for (const auto& e : entries) {
    w.u32(e.ssrc);
    w.u8(e.sequence);
    w.u24(0);
  }
  finish_rtcp_packet(w, start);
}

Result<Remb> Remb::parse(BytesView packet) {
  auto fb = feedback_body(packet, RtcpType::psfb, kFmtAfb, "application-layer feedback");
  if (!fb) return std::unexpected(std::move(fb.error()));
  const BytesView fci = fb->fci;
  if (fci.size() < 8 || fci[0] != 'R' || fci[1] != 'E' || fci[2] != 'M' || fci[3] != 'B') {
    return fail_at(Errc::unsupported, "application-layer feedback is not REMB", 12);
  }
  const std::size_t count = fci[4];
  const std::uint32_t exp_mantissa = load_be24(fci, 5);
  const unsigned exponent = exp_mantissa >> 18;
  const std::uint64_t mantissa = exp_mantissa & 0x3ffff;
  if (fci.size() < 8 + 4 * count) {
    return fail_at(Errc::truncated, "REMB SSRC list runs past the packet", 16);
  }
  Remb remb{fb->sender_ssrc, 0, {}};
  // 18-bit mantissa shifted by up to 63: saturate rather than overflow.
  remb.bitrate_bps = exponent > 46 ? UINT64_MAX : mantissa << exponent;
  for (std::size_t i = 0; i < count; ++i) remb.ssrcs.push_back(load_be32(fci, 8 + 4 * i));
  return remb;
}

void Remb::write(ByteWriter& w) const {
  std::size_t start = 0;
  begin_feedback(w, start, RtcpType::psfb, kFmtAfb, sender_ssrc, 0);
  std::uint64_t mantissa = bitrate_bps;
  std::uint32_t exponent = 0;
  while (mantissa > 0x3ffff) {
    mantissa >>= 1;
    ++exponent;
  }
  const std::size_t count = ssrcs.size() > 255 ? 255 : ssrcs.size();
  w.bytes(std::string_view("REMB"));
  w.u8(static_cast<std::uint8_t>(count));
  w.u24((exponent << 18) | static_cast<std::uint32_t>(mantissa));
  for (std::size_t i = 0; i < count; ++i) w.u32(ssrcs[i]);
  finish_rtcp_packet(w, start);
}

}  // namespace rtc::rtp
