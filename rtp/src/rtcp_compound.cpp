#include "rtc/rtp/rtcp_compound.hpp"

#include <string>

#include "rtc/rtp/rtcp_common.hpp"

namespace rtc::rtp {

Result<std::size_t> validate_rtcp(BytesView datagram, RtcpMode mode) {
  // Lengths, versions and the padding rule are the same walk SRTCP uses (rtcp_header.cpp).
  auto count = validate_rtcp_compound(datagram);
  if (!count) [[unlikely]]
    return count;
  if (mode == RtcpMode::compound) {
    const std::uint8_t first = datagram[1];
    // RFC 3550 A.2: "the payload type field of the first RTCP packet in a compound packet
    // must be equal to SR or RR".
    if (first != static_cast<std::uint8_t>(RtcpType::sr) &&
        first != static_cast<std::uint8_t>(RtcpType::rr)) [[unlikely]] {
      return fail_at(Errc::malformed,
                     "compound RTCP packet starts with packet type " + std::to_string(first) +
                         ", not SR or RR (RFC 3550 A.2; only reduced-size RTCP, RFC 5506, may)",
                     1);
    }
  }
  return count;
}

Result<RtcpCompoundView> RtcpCompoundView::parse(BytesView datagram, RtcpMode mode) {
  auto count = validate_rtcp(datagram, mode);
  if (!count) [[unlikely]]
    return std::unexpected(std::move(count.error()));
  return RtcpCompoundView(datagram, *count);
}

RtcpHeaderView RtcpCompoundView::iterator::operator*() const {
  // parse() validated every packet of the datagram already: no checks again.
  return RtcpHeaderView(data_.subspan(offset_));
}

RtcpCompoundView::iterator& RtcpCompoundView::iterator::operator++() {
  offset_ += (std::size_t{load_be16(data_, offset_ + 2)} + 1) * 4;
  return *this;
}

namespace {
template <class T>
Result<RtcpPacket> wrap(Result<T> r) {
  if (!r) return std::unexpected(std::move(r.error()));
  return RtcpPacket(std::move(*r));
}
}  // namespace

Result<RtcpPacket> parse_rtcp_packet(BytesView packet) {
  auto body = rtcp_body(packet);
  if (!body) return std::unexpected(std::move(body.error()));
  switch (static_cast<RtcpType>(body->packet_type)) {
    case RtcpType::sr:
      return wrap(SenderReport::parse(packet));
    case RtcpType::rr:
      return wrap(ReceiverReport::parse(packet));
    case RtcpType::sdes:
      return wrap(Sdes::parse(packet));
    case RtcpType::bye:
      return wrap(Bye::parse(packet));
    case RtcpType::app:
      return wrap(App::parse(packet));
    case RtcpType::rtpfb:
      if (body->count == kFmtNack) return wrap(Nack::parse(packet));
      if (body->count == kFmtTransportFeedback) return wrap(TransportFeedback::parse(packet));
      break;
    case RtcpType::psfb:
      if (body->count == kFmtPli) return wrap(Pli::parse(packet));
      if (body->count == kFmtFir) return wrap(Fir::parse(packet));
      if (body->count == kFmtAfb && body->body.size() >= 12 && body->body[8] == 'R' &&
          body->body[9] == 'E' && body->body[10] == 'M' && body->body[11] == 'B') {
        return wrap(Remb::parse(packet));
      }
      break;
  }
  // Keep the body without its padding (RFC 3550 §6.4.1): padding is not content, and a body
  // re-serialized with P=0 must not turn into a packet of another kind (libFuzzer found an
  // AFB whose padding count hid a "REMB" identifier).
  return RtcpPacket(
      UnknownRtcp{body->packet_type, body->count, Bytes(body->body.begin(), body->body.end())});
}

Result<std::vector<RtcpPacket>> parse_rtcp(BytesView datagram, RtcpMode mode) {
  auto view = RtcpCompoundView::parse(datagram, mode);
  if (!view) return std::unexpected(std::move(view.error()));
  std::vector<RtcpPacket> out;
  out.reserve(view->size());
  std::size_t offset = 0;
  for (RtcpHeaderView header : *view) {
    auto packet = parse_rtcp_packet(header.packet());
    if (!packet) {
      Error error = std::move(packet.error());
      error.offset = offset + error.offset.value_or(0);
      error.message += " (packet " + std::to_string(out.size() + 1) + " of the compound)";
      return std::unexpected(std::move(error));
    }
    out.push_back(std::move(*packet));
    offset += header.packet_size();
  }
  return out;
}

void write_rtcp(ByteWriter& w, const RtcpPacket& packet) {
  std::visit(
      [&w](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, UnknownRtcp>) {
          const std::size_t start =
              begin_rtcp_packet(w, p.count, static_cast<RtcpType>(p.packet_type));
          w.bytes(p.body);
          finish_rtcp_packet(w, start);
        } else {
          p.write(w);
        }
      },
      packet);
}

Bytes serialize_rtcp(std::span<const RtcpPacket> packets) {
  ByteWriter w(256);
  for (const auto& p : packets) write_rtcp(w, p);
  return w.take();
}

const char* rtcp_packet_name(const RtcpPacket& packet) {
  static constexpr const char* kNames[] = {"SR",   "RR",  "SDES", "BYE",  "APP",    "NACK",
                                           "TWCC", "PLI", "FIR",  "REMB", "unknown"};
  return kNames[packet.index()];
}

}  // namespace rtc::rtp
