#include "rtc/rtp/rtcp_sdes_bye_app.hpp"

#include <algorithm>

#include "rtc/rtp/rtcp_common.hpp"

namespace rtc::rtp {

namespace {

Result<RtcpBody> typed_body(BytesView packet, RtcpType type, const char* name) {
  auto body = rtcp_body(packet);
  if (!body) return body;
  if (body->packet_type != static_cast<std::uint8_t>(type)) {
    return fail_at(Errc::invalid_argument, std::string("not an RTCP ") + name + " packet", 1);
  }
  return body;
}

}  // namespace

Sdes Sdes::with_cname(std::uint32_t ssrc, std::string cname) {
  Sdes sdes;
  sdes.chunks.push_back(
      {ssrc, {SdesItem{static_cast<std::uint8_t>(SdesType::cname), std::move(cname)}}});
  return sdes;
}

std::optional<std::string_view> Sdes::cname(std::uint32_t ssrc) const {
  for (const auto& chunk : chunks) {
    if (chunk.ssrc != ssrc) continue;
    for (const auto& item : chunk.items) {
      if (item.type == static_cast<std::uint8_t>(SdesType::cname)) return item.value;
    }
  }
  return std::nullopt;
}

Result<Sdes> Sdes::parse(BytesView packet) {
  auto body = typed_body(packet, RtcpType::sdes, "SDES");
  if (!body) return std::unexpected(std::move(body.error()));
  ByteReader r(body->body);
  Sdes sdes;
  for (std::size_t c = 0; c < body->count; ++c) {
    // RFC 3550 §6.5: each chunk starts on a 32-bit boundary.
    const std::size_t chunk_start = 4 + r.offset();
    auto ssrc = r.u32();
    if (!ssrc)
      return fail_at(Errc::truncated, "SDES chunk runs past the packet (RFC 3550 §6.5)",
                     chunk_start);
    SdesChunk chunk{*ssrc, {}};
    while (true) {
      auto type = r.u8();
      if (!type) {
        return fail_at(Errc::truncated, "SDES chunk has no terminating null item (RFC 3550 §6.5)",
                       4 + r.offset());
      }
      if (*type == 0) break;
      auto length = r.u8();
      if (!length) return fail_at(Errc::truncated, "SDES item without length", 4 + r.offset());
      auto text = r.bytes(*length);
      if (!text) {
        return fail_at(Errc::truncated, "SDES item text runs past the packet (RFC 3550 §6.5)",
                       4 + r.offset());
      }
      chunk.items.push_back({*type, std::string(as_string_view(*text))});
    }
    // Skip the null padding up to the next 32-bit boundary.
    while (r.offset() % 4 != 0) {
      auto pad = r.u8();
      if (!pad) break;  // the packet ended exactly at the chunk end: tolerated
    }
    sdes.chunks.push_back(std::move(chunk));
  }
  return sdes;
}

void Sdes::write(ByteWriter& w) const {
  const std::size_t n = std::min<std::size_t>(chunks.size(), 31);
  const std::size_t start = begin_rtcp_packet(w, static_cast<std::uint8_t>(n), RtcpType::sdes);
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t chunk_start = w.size();
    w.u32(chunks[c].ssrc);
    for (const auto& item : chunks[c].items) {
      const std::size_t length = std::min<std::size_t>(item.value.size(), 255);
      w.u8(item.type);
      w.u8(static_cast<std::uint8_t>(length));
      w.bytes(std::string_view(item.value).substr(0, length));
    }
    // The null item, then zeros to a 32-bit boundary: at least one zero octet (§6.5).
    w.u8(0);
    while ((w.size() - chunk_start) % 4 != 0) w.u8(0);
  }
  finish_rtcp_packet(w, start);
}

Result<Bye> Bye::parse(BytesView packet) {
  auto body = typed_body(packet, RtcpType::bye, "BYE");
  if (!body) return std::unexpected(std::move(body.error()));
  ByteReader r(body->body);
  Bye bye;
  for (std::size_t i = 0; i < body->count; ++i) {
    auto ssrc = r.u32();
    if (!ssrc) {
      return fail_at(Errc::truncated, "BYE source count runs past the packet (RFC 3550 §6.6)",
                     4 + r.offset());
    }
    bye.ssrcs.push_back(*ssrc);
  }
  if (!r.empty()) {
    const std::uint8_t length = *r.u8();
    auto text = r.bytes(length);
    if (!text) {
      return fail_at(Errc::truncated, "BYE reason runs past the packet (RFC 3550 §6.6)",
                     4 + r.offset());
    }
    bye.reason = std::string(as_string_view(*text));
  }
  return bye;
}

void Bye::write(ByteWriter& w) const {
  const std::size_t n = std::min<std::size_t>(ssrcs.size(), 31);
  const std::size_t start = begin_rtcp_packet(w, static_cast<std::uint8_t>(n), RtcpType::bye);
  for (std::size_t i = 0; i < n; ++i) w.u32(ssrcs[i]);
  // With no SSRC (legal but useless, §6.6) the reason length octet is written even when
  // empty, so the packet keeps the 8 octets every RTCP walk here (and SRTCP) expects.
  if (!reason.empty() || n == 0) {
    const std::size_t length = std::min<std::size_t>(reason.size(), 255);
    w.u8(static_cast<std::uint8_t>(length));
    w.bytes(std::string_view(reason).substr(0, length));
  }
  finish_rtcp_packet(w, start);
}

Result<App> App::parse(BytesView packet) {
  auto body = typed_body(packet, RtcpType::app, "APP");
  if (!body) return std::unexpected(std::move(body.error()));
  ByteReader r(body->body);
  auto ssrc = r.u32();
  auto name = r.bytes(4);
  if (!name) return fail_at(Errc::truncated, "APP shorter than SSRC + name (RFC 3550 §6.7)", 4);
  App app;
  app.subtype = body->count;
  app.ssrc = *ssrc;
  std::copy(name->begin(), name->end(), app.name.begin());
  app.data.assign(r.rest().begin(), r.rest().end());
  return app;
}

void App::write(ByteWriter& w) const {
  const std::size_t start = begin_rtcp_packet(w, subtype & 0x1f, RtcpType::app);
  w.u32(ssrc);
  w.bytes(std::string_view(name.data(), name.size()));
  w.bytes(data);
  finish_rtcp_packet(w, start);
}

}  // namespace rtc::rtp
