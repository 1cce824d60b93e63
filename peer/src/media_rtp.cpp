// What media packets mean to a PeerConnection:
//   out  frames packetized for the negotiated codec (RFC 7741 VP8, RFC 9628 VP9, RFC 7587
//        Opus, RFC 6184 H.264, AV1-RTP), kept for retransmission, sender reports on the RFC 3550
//        §6.3 interval
//   in   packets reassembled into frames (a small jitter buffer), receiver statistics
//        (RFC 3550 A.1, A.8), generic NACK for holes (RFC 4585 §6.2.1), PLI when a frame is
//        lost for good (RFC 4585 §6.3.1)
//   RTCP SR/RR report blocks give the round-trip time (§6.4.1); NACKs are answered from the
//        retransmission buffer; PLI and FIR become KeyframeRequest events.
#include <algorithm>

#include "impl.hpp"
#include "rtc/common/bytes.hpp"
#include "rtc/rtp/ntp_time.hpp"
#include "rtc/rtp/rtcp_compound.hpp"
#include "rtc/rtp/rtcp_feedback.hpp"
#include "rtc/rtp/rtcp_reports.hpp"
#include "rtc/rtp/rtcp_sdes_bye_app.hpp"
#include "rtc/rtp/rtp_packet.hpp"

namespace rtc::peer {
namespace {

constexpr Duration kNackInterval = milliseconds(30);  // at most one NACK per stream per this
constexpr Duration kGiveUpOnGap = milliseconds(400);  // then skip the frame and ask for a key

bool is(const sdp::Codec& c, std::string_view name) {
  return c.is(name);
}

std::unique_ptr<rtp::Depacketizer> depacketizer_for(const sdp::Codec& codec) {
  if (is(codec, "VP8")) return std::make_unique<rtp::Vp8Depacketizer>();
  if (is(codec, "VP9")) return std::make_unique<rtp::Vp9Depacketizer>();
  if (is(codec, "opus")) return std::make_unique<rtp::OpusDepacketizer>();
  if (is(codec, "H264")) return std::make_unique<rtp::H264Depacketizer>();
  if (is(codec, "AV1")) return std::make_unique<rtp::Av1Depacketizer>();
  return nullptr;
}

}  // namespace

std::uint64_t PeerConnection::Impl::ntp_now(Timestamp now) {
  if (!ntp_clock) {
    const std::uint64_t ntp =
        config.wall_clock_unix_nanos != 0
            ? rtp::ntp_from_unix_nanos(config.wall_clock_unix_nanos)
            : rtp::ntp_from_duration(now.time_since_epoch() +
                                     std::chrono::seconds(rtp::kNtpUnixEpochOffset));
    ntp_clock.emplace(now, ntp);
  }
  return ntp_clock->ntp(now);
}

// --- Receiving
// ------------------------------------------------------------------------------------

void PeerConnection::Impl::on_rtp(Timestamp now, Transceiver& t, Bytes packet) {
  auto view = rtp::RtpPacketView::parse(packet);
  if (!view) return;
  const std::uint8_t pt = view->payload_type();
  auto codec = std::find_if(t.codecs.begin(), t.codecs.end(),
                            [pt](const sdp::Codec& c) { return c.payload_type == pt; });
  auto& r = t.receivers[view->ssrc()];
  if (!r.stats) {
    const std::uint32_t rate = codec != t.codecs.end() ? codec->clock_rate : 90000;
    r.stats = std::make_unique<rtp::ReceiverStatistics>(view->ssrc(), rate);
  }
  r.stats->on_packet(now, view->sequence_number(), view->timestamp());
  if (config.rtp_packet_events) events.push_back(event::RtpPacket{t.mid, packet});
  if (codec == t.codecs.end() || !choose_send_codec({*codec})) return;  // RTX, FEC, padding
  if (!r.assembler) {
    r.depacketizer = depacketizer_for(*codec);
    if (!r.depacketizer) return;  // a codec we carry but do not reassemble
    r.assembler = std::make_unique<rtp::FrameAssembler>(*r.depacketizer);
    r.codec = codec->name;
  }
  if (!r.assembler->insert(*view)) return;
  while (auto frame = r.assembler->poll_frame()) {
    ++t.frames_received;
    r.in_gap = false;
    events.push_back(
        event::Frame{t.mid, r.codec, frame->timestamp, frame->keyframe, std::move(frame->data)});
  }
  // Holes: ask for them again (NACK), and if they stay, move on and ask for a keyframe.
  auto missing = r.assembler->missing();
  if (missing.empty()) {
    r.in_gap = false;
    return;
  }
  if (!r.in_gap) {
    r.in_gap = true;
    r.gap_since = now;
  }
  if (now - r.last_nack >= kNackInterval) {
    r.last_nack = now;
    rtp::Nack nack;
    nack.sender_ssrc = t.ssrc;
    nack.media_ssrc = view->ssrc();
    if (missing.size() > 64) missing.resize(64);
    nack.lost = std::move(missing);
    const rtp::RtcpPacket p = nack;
    (void)send_rtcp(now, rtp::serialize_rtcp(std::span(&p, 1)));
  }
  if (now - r.gap_since >= kGiveUpOnGap) {
    r.assembler->skip_to_next_frame();
    r.in_gap = false;
    if (t.kind == sdp::MediaKind::video) (void)request_keyframe(now, t);
  }
}

void PeerConnection::Impl::on_rtcp(Timestamp now, BytesView compound) {
  auto packets = rtp::parse_rtcp(compound);
  if (!packets) return;  // RFC 3550 A.2: an invalid compound is dropped whole
  if (rtcp_timer) rtcp_timer->on_rtcp_received(compound.size() + 28);
  const std::uint32_t arrival = rtp::compact_ntp(ntp_now(now));
  auto take_blocks = [&](const std::vector<rtp::ReportBlock>& blocks) {
    for (const auto& b : blocks) {
      if (auto* t = transceiver_by_local_ssrc(b.ssrc)) {
        if (auto rtt = rtp::round_trip_time(b, arrival)) t->round_trip_time = rtt;
      }
    }
  };
  for (const auto& packet : *packets) {
    if (auto* sr = std::get_if<rtp::SenderReport>(&packet)) {
      if (auto* t = transceiver_by_remote_ssrc(sr->sender_ssrc)) {
        auto it = t->receivers.find(sr->sender_ssrc);
        if (it != t->receivers.end() && it->second.stats) {
          it->second.stats->on_sender_report(now, sr->ntp_timestamp);
        }
      }
      take_blocks(sr->reports);
    } else if (auto* rr = std::get_if<rtp::ReceiverReport>(&packet)) {
      take_blocks(rr->reports);
    } else if (auto* nack = std::get_if<rtp::Nack>(&packet)) {
      if (auto* t = transceiver_by_local_ssrc(nack->media_ssrc)) {
        ++t->nacks_received;
        for (auto& resend : t->sent.answer(*nack)) {
          ++t->retransmitted;
          (void)send_rtp(now, std::move(resend));
        }
      }
    } else if (auto* pli = std::get_if<rtp::Pli>(&packet)) {
      if (auto* t = transceiver_by_local_ssrc(pli->media_ssrc)) {
        ++t->plis_received;
        events.push_back(event::KeyframeRequest{t->mid});
      }
    } else if (auto* fir = std::get_if<rtp::Fir>(&packet)) {
      for (const auto& entry : fir->entries) {
        if (auto* t = transceiver_by_local_ssrc(entry.ssrc)) {
          events.push_back(event::KeyframeRequest{t->mid});
        }
      }
    }
  }
}

Result<void> PeerConnection::Impl::request_keyframe(Timestamp now, Transceiver& t) {
  if (t.receivers.empty()) return fail(Errc::state, "nothing received on this track yet");
  std::vector<rtp::RtcpPacket> packets;
  for (const auto& [ssrc, r] : t.receivers) packets.push_back(rtp::Pli{t.ssrc, ssrc});
  return send_rtcp(now, rtp::serialize_rtcp(packets));
}

// --- Sending
// --------------------------------------------------------------------------------------

Result<void> PeerConnection::Impl::send_frame(Timestamp now, Transceiver& t, BytesView frame,
                                              std::uint32_t rtp_timestamp) {
  if (!t.sends() || !t.send_codec) return fail(Errc::state, "this transceiver does not send");
  if (!srtp_out) return fail(Errc::state, "SRTP is not keyed yet (not connected)");
  const sdp::Codec& codec = *t.send_codec;
  if (std::holds_alternative<std::monostate>(t.packetizer)) {
    if (is(codec, "VP8")) {
      rtp::Vp8PacketizerConfig c;
      c.first_picture_id = static_cast<std::uint16_t>(random.u16() & 0x7FFF);
      t.packetizer.emplace<rtp::Vp8Packetizer>(c);
    } else if (is(codec, "VP9")) {
      rtp::Vp9PacketizerConfig c;
      c.first_picture_id = static_cast<std::uint16_t>(random.u16() & 0x7FFF);
      t.packetizer.emplace<rtp::Vp9Packetizer>(c);
    } else if (is(codec, "opus")) {
      t.packetizer.emplace<rtp::OpusPacketizer>();
    } else if (is(codec, "H264")) {
      t.packetizer.emplace<rtp::H264Packetizer>();
    } else if (is(codec, "AV1")) {
      t.packetizer.emplace<rtp::Av1Packetizer>();
    } else {
      return fail(Errc::unsupported, "no packetizer for " + codec.name);
    }
  }
  Result<rtp::Payloads> payloads = std::visit(
      [&](auto& p) -> Result<rtp::Payloads> {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, std::monostate>) {
          return fail(Errc::unsupported, "no packetizer");
        } else {
          return p.packetize(frame);
        }
      },
      t.packetizer);
  if (!payloads) return std::unexpected(payloads.error());
  const std::uint32_t timestamp = t.timestamp_offset + rtp_timestamp;
  rtp::RtpPacketBuilder builder;
  builder.payload_type(codec.payload_type).ssrc(t.ssrc).timestamp(timestamp);
  for (std::size_t i = 0; i < payloads->size(); ++i) {
    builder.sequence_number(t.sequence++).marker(i + 1 == payloads->size()).payload((*payloads)[i]);
    auto packet = builder.build();
    if (!packet) return std::unexpected(packet.error());
    t.sent.store(*packet);
    ++t.packets_sent;
    t.bytes_sent += packet->size();
    t.payload_octets_sent += static_cast<std::uint32_t>((*payloads)[i].size());
    if (auto r = send_rtp(now, std::move(*packet)); !r) return r;
  }
  t.last_rtp_timestamp = timestamp;
  t.last_sent_at = now;
  if (!rtcp_timer) {
    rtp::RtcpIntervalConfig c;
    c.reduced_minimum = true;  // RFC 3550 §6.2: WebRTC reports more often than every 5 s
    rtcp_timer.emplace(c, now, random);
  }
  return {};
}

// --- RTCP reports on the RFC 3550 §6.3 interval
// ---------------------------------------------------

std::optional<Timestamp> PeerConnection::Impl::media_next_timeout() const {
  if (!rtcp_timer || !srtp_out) return std::nullopt;
  return rtcp_timer->poll_timeout();
}

void PeerConnection::Impl::media_timeout(Timestamp now) {
  if (!rtcp_timer || !rtcp_timer->handle_timeout(now)) return;
  // One compound: an SR per stream we send (RR if we send nothing), report blocks for every
  // stream we receive, then SDES with our CNAME (RFC 3550 §6.1).
  std::vector<rtp::ReportBlock> blocks;
  std::size_t senders = 0, members = 1;
  for (auto& t : transceivers) {
    for (auto& [ssrc, r] : t.receivers) {
      ++members;
      ++senders;
      if (r.stats && blocks.size() < 31) blocks.push_back(r.stats->report_block(now));
    }
  }
  std::vector<rtp::RtcpPacket> packets;
  bool first = true;
  const std::uint64_t ntp = ntp_now(now);
  std::uint32_t our_ssrc = 0;
  for (const auto& t : transceivers) {
    if (t.packets_sent == 0) continue;
    ++senders;
    rtp::SenderReport sr;
    sr.sender_ssrc = t.ssrc;
    our_ssrc = our_ssrc ? our_ssrc : t.ssrc;
    sr.ntp_timestamp = ntp;
    // The RTP time of "now": the last timestamp sent plus the time since, at the clock rate.
    const std::uint32_t rate = t.send_codec ? t.send_codec->clock_rate : 90000;
    const auto since = std::chrono::duration_cast<std::chrono::microseconds>(now - t.last_sent_at);
    sr.rtp_timestamp = t.last_rtp_timestamp +
                       static_cast<std::uint32_t>(since.count() * std::int64_t{rate} / 1000000);
    sr.packet_count = static_cast<std::uint32_t>(t.packets_sent);
    sr.octet_count = t.payload_octets_sent;
    if (first) sr.reports = blocks;
    first = false;
    packets.push_back(std::move(sr));
  }
  if (packets.empty()) {
    rtp::ReceiverReport rr;
    rr.sender_ssrc = transceivers.empty() ? 1 : transceivers.front().ssrc;
    our_ssrc = rr.sender_ssrc;
    rr.reports = blocks;
    packets.push_back(std::move(rr));
  }
  packets.push_back(rtp::Sdes::with_cname(our_ssrc, cname));
  const Bytes compound = rtp::serialize_rtcp(packets);
  rtcp_timer->set_members(members, senders, senders > 0);
  rtcp_timer->on_rtcp_sent(now, compound.size() + 28);
  (void)send_rtcp(now, compound);
}

}  // namespace rtc::peer

namespace rtc::peer {

Result<void> PeerConnection::send_frame(Timestamp now, std::string_view mid, BytesView frame,
                                        std::uint32_t rtp_timestamp) {
  auto* t = impl_->transceiver_by_mid(mid);
  if (!t) return fail(Errc::invalid_argument, "no transceiver with that mid");
  auto r = impl_->send_frame(now, *t, frame, rtp_timestamp);
  impl_->pump(now);
  return r;
}

Result<void> PeerConnection::send_rtp(Timestamp now, std::string_view mid, BytesView packet) {
  auto* t = impl_->transceiver_by_mid(mid);
  if (!t) return fail(Errc::invalid_argument, "no transceiver with that mid");
  if (!t->sends()) return fail(Errc::state, "the transceiver does not send");
  if (packet.size() < 12 || (packet[0] >> 6) != 2) return fail(Errc::malformed, "not RTP");
  const std::uint8_t pt = packet[1] & 0x7F;
  const auto codec = std::find_if(t->codecs.begin(), t->codecs.end(),
                                  [pt](const sdp::Codec& c) { return c.payload_type == pt; });
  if (codec == t->codecs.end() || !choose_send_codec({*codec})) {
    return fail(Errc::unsupported, "not a media payload type of this transceiver");
  }
  Bytes out(packet.begin(), packet.end());
  store_be16(out, 2, t->sequence++);
  store_be32(out, 8, t->ssrc);
  t->sent.store(out);
  ++t->packets_sent;
  t->bytes_sent += out.size();
  t->last_rtp_timestamp = load_be32(out, 4);
  t->last_sent_at = now;
  auto r = impl_->send_rtp(now, std::move(out));
  if (!impl_->rtcp_timer) {
    rtp::RtcpIntervalConfig c;
    c.reduced_minimum = true;
    impl_->rtcp_timer.emplace(c, now, impl_->random);
  }
  impl_->pump(now);
  return r;
}

Result<void> PeerConnection::request_keyframe(Timestamp now, std::string_view mid) {
  auto* t = impl_->transceiver_by_mid(mid);
  if (!t) return fail(Errc::invalid_argument, "no transceiver with that mid");
  auto r = impl_->request_keyframe(now, *t);
  impl_->pump(now);
  return r;
}

}  // namespace rtc::peer
