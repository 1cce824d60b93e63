#include "rtc/rtp/rtcp_reports.hpp"

#include <string>

#include "rtc/rtp/rtcp_common.hpp"

namespace rtc::rtp {

namespace {

Result<RtcpBody> typed_body(BytesView packet, RtcpType type, const char* name) {
  auto body = rtcp_body(packet);
  if (!body) return body;
  if (body->packet_type != static_cast<std::uint8_t>(type)) {
    return fail_at(Errc::invalid_argument,
                   std::string("not an RTCP ") + name + " (packet type " +
                       std::to_string(body->packet_type) + ")",
                   1);
  }
  return body;
}

Result<std::vector<ReportBlock>> read_blocks(ByteReader& r, std::size_t count,
                                             std::size_t base_offset) {
  // RFC 3550 §6.4.1: RC report blocks follow; anything after them is a profile-specific
  // extension, which we skip.
  if (r.remaining() < count * kReportBlockSize) {
    return fail_at(Errc::truncated,
                   "report count " + std::to_string(count) +
                       " needs more octets than the packet holds (RFC 3550 §6.4.1)",
                   base_offset + r.offset());
  }
  std::vector<ReportBlock> blocks;
  blocks.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto block = read_report_block(r);
    if (!block) return std::unexpected(std::move(block.error()));
    blocks.push_back(*block);
  }
  return blocks;
}

}  // namespace

Result<ReportBlock> read_report_block(ByteReader& r) {
  ReportBlock b;
  auto ssrc = r.u32();
  auto lost = r.u32();
  auto highest = r.u32();
  auto jitter = r.u32();
  auto lsr = r.u32();
  auto dlsr = r.u32();
  if (!dlsr) return std::unexpected(std::move(dlsr.error()));
  b.ssrc = *ssrc;
  b.fraction_lost = static_cast<std::uint8_t>(*lost >> 24);
  // 24-bit two's complement: shift into the top of an int32 and back.
  b.cumulative_lost = static_cast<std::int32_t>(*lost << 8) >> 8;
  b.extended_highest_seq = *highest;
  b.jitter = *jitter;
  b.last_sr = *lsr;
  b.delay_since_last_sr = *dlsr;
  return b;
}

void write_report_block(ByteWriter& w, const ReportBlock& b) {
  // Clamp the cumulative loss to what 24 signed bits hold (RFC 3550 A.3).
  std::int32_t lost = b.cumulative_lost;
  if (lost > 0x7fffff) lost = 0x7fffff;
  if (lost < -0x800000) lost = -0x800000;
  w.u32(b.ssrc);
  w.u32((std::uint32_t{b.fraction_lost} << 24) | (static_cast<std::uint32_t>(lost) & 0xffffff));
  w.u32(b.extended_highest_seq);
  w.u32(b.jitter);
  w.u32(b.last_sr);
  w.u32(b.delay_since_last_sr);
}

Result<SenderReport> SenderReport::parse(BytesView packet) {
  auto body = typed_body(packet, RtcpType::sr, "SR");
  if (!body) return std::unexpected(std::move(body.error()));
  ByteReader r(body->body);
  if (r.remaining() < 24) {
    return fail_at(Errc::truncated, "SR shorter than its 24-octet sender info (RFC 3550 §6.4.1)",
                   4);
  }
  SenderReport sr;
  sr.sender_ssrc = *r.u32();
  sr.ntp_timestamp = *r.u64();
  sr.rtp_timestamp = *r.u32();
  sr.packet_count = *r.u32();
  sr.octet_count = *r.u32();
  auto blocks = read_blocks(r, body->count, 4);
  if (!blocks) return std::unexpected(std::move(blocks.error()));
  sr.reports = std::move(*blocks);
  return sr;
}

void SenderReport::write(ByteWriter& w) const {
  const std::size_t n = reports.size() > 31 ? 31 : reports.size();
  const std::size_t start = begin_rtcp_packet(w, static_cast<std::uint8_t>(n), RtcpType::sr);
  w.u32(sender_ssrc);
  w.u64(ntp_timestamp);
  w.u32(rtp_timestamp);
  w.u32(packet_count);
  w.u32(octet_count);
  for (std::size_t i = 0; i < n; ++i) write_report_block(w, reports[i]);
  finish_rtcp_packet(w, start);
}

Result<ReceiverReport> ReceiverReport::parse(BytesView packet) {
  auto body = typed_body(packet, RtcpType::rr, "RR");
  if (!body) return std::unexpected(std::move(body.error()));
  ByteReader r(body->body);
  auto ssrc = r.u32();
  if (!ssrc) {
    return fail_at(Errc::truncated, "RR without its sender SSRC (RFC 3550 §6.4.2)", 4);
  }
  ReceiverReport rr;
  rr.sender_ssrc = *ssrc;
  auto blocks = read_blocks(r, body->count, 4);
  if (!blocks) return std::unexpected(std::move(blocks.error()));
  rr.reports = std::move(*blocks);
  return rr;
}

void ReceiverReport::write(ByteWriter& w) const {
  const std::size_t n = reports.size() > 31 ? 31 : reports.size();
  const std::size_t start = begin_rtcp_packet(w, static_cast<std::uint8_t>(n), RtcpType::rr);
  w.u32(sender_ssrc);
  for (std::size_t i = 0; i < n; ++i) write_report_block(w, reports[i]);
  finish_rtcp_packet(w, start);
}

}  // namespace rtc::rtp
