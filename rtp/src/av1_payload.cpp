#include "rtc/rtp/av1_payload.hpp"

#include <algorithm>
#include <string>

namespace rtc::rtp {

namespace {

constexpr std::uint8_t kZ = 0x80, kY = 0x40, kN = 0x08;
constexpr std::size_t kOpenSizeWidth = 5;  // no OBU this big (2^28 octets) needs 5 octets

// An element (AV1-RTP §4.5): the OBU header (with S cleared), its extension octet, the payload.
struct ElementSource {
  std::uint8_t header = 0;
  std::optional<std::uint8_t> extension;
  BytesView payload;
  std::size_t size() const { return 1 + (extension ? 1 : 0) + payload.size(); }
  std::uint8_t at(std::size_t i) const {
    if (i == 0) return static_cast<std::uint8_t>(header & ~kObuHasSizeFlag);
    if (extension) {
      if (i == 1) return *extension;
      return payload[i - 2];
    }
    return payload[i - 1];
  }
};

// A piece of an element placed in a packet.
struct Piece {
  const ElementSource* element;
  std::size_t offset;
  std::size_t size;
};

void write_piece(Bytes& out, const Piece& p) {
  // The one or two header octets byte by byte, then the payload part in one copy.
  const std::size_t header_size = p.element->size() - p.element->payload.size();
  std::size_t i = p.offset;
  const std::size_t end = p.offset + p.size;
  for (; i < end && i < header_size; ++i) out.push_back(p.element->at(i));
  if (i < end) {
    const BytesView part = p.element->payload.subspan(i - header_size, end - i);
    out.insert(out.end(), part.begin(), part.end());
  }
}

Bytes serialize_packet(const std::vector<Piece>& pieces, bool z, bool y, bool n) {
  Av1AggregationHeader h;
  h.z = z;
  h.y = y;
  h.n = n;
  // W = the count when it fits two bits: the last element then goes without its length.
  h.w = pieces.size() <= 3 ? static_cast<std::uint8_t>(pieces.size()) : 0;
  Bytes out;
  std::size_t size = 1;
  for (const Piece& p : pieces) size += kMaxLeb128Size + p.size;
  out.reserve(size);
  out.push_back(h.encode());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (h.w == 0 || i + 1 < pieces.size()) write_leb128(out, pieces[i].size);
    write_piece(out, pieces[i]);
  }
  return out;
}

}  // namespace

std::uint8_t Av1AggregationHeader::encode() const {
  return static_cast<std::uint8_t>((z ? kZ : 0) | (y ? kY : 0) | ((w & 0x03) << 4) | (n ? kN : 0));
}

Av1AggregationHeader Av1AggregationHeader::decode(std::uint8_t octet) {
  return {(octet & kZ) != 0, (octet & kY) != 0, static_cast<std::uint8_t>((octet >> 4) & 0x03),
          (octet & kN) != 0};
}

Result<std::vector<Av1Element>> parse_av1_payload(BytesView payload, Av1AggregationHeader* out) {
  if (payload.empty()) return fail(Errc::truncated, "empty AV1 payload (AV1-RTP §4.4)");
  const auto h = Av1AggregationHeader::decode(payload[0]);
  if (out) *out = h;
  std::vector<Av1Element> elements;
  std::size_t pos = 1;
  while (pos < payload.size()) {
    const bool last_by_w = h.w != 0 && elements.size() + 1 == h.w;
    std::size_t size = payload.size() - pos;
    if (!last_by_w) {
      auto leb = read_leb128(payload.subspan(pos));
      if (!leb) return fail_at(Errc::truncated, leb.error().message, pos);
      pos += leb->size;
      if (leb->value > payload.size() - pos) {
        return fail_at(Errc::truncated,
                       "OBU element of " + std::to_string(leb->value) +
                           " octets runs past the payload (AV1-RTP §4.5)",
                       pos);
      }
      size = static_cast<std::size_t>(leb->value);
    }
    if (size == 0) return fail_at(Errc::malformed, "empty OBU element (AV1-RTP §4.5)", pos);
    elements.push_back({payload.subspan(pos, size), false, false});
    pos += size;
    if (last_by_w) break;
  }
  if (pos != payload.size()) {
    return fail_at(Errc::malformed, "octets after the W elements (AV1-RTP §4.4)", pos);
  }
  if (elements.empty() || (h.w != 0 && elements.size() != h.w)) {
    return fail(Errc::malformed, "AV1 payload holds " + std::to_string(elements.size()) +
                                     " OBU elements, the W field says " + std::to_string(h.w) +
                                     " (AV1-RTP §4.4)");
  }
  elements.front().continues_previous = h.z;
  elements.back().continues_next = h.y;
  return elements;
}

Result<Payloads> Av1Packetizer::packetize(BytesView tu) {
  // Room for the aggregation header, a length octet and an OBU header with its extension
  // octet: an OBU is never cut inside its header, so a receiver always learns the whole header
  // from the OBU's first fragment.
  if (config_.max_payload_size < 4) {
    return fail(Errc::invalid_argument, "payload budget too small for AV1 (4 octets at least)");
  }
  auto obus = split_obus(tu);
  if (!obus) return std::unexpected(obus.error());
  std::vector<ElementSource> elements;
  for (const Obu& o : *obus) {
    // AV1-RTP §5: temporal delimiters SHOULD be removed, tile list OBUs MUST be; padding OBUs
    // carry nothing a receiver needs.
    if (o.type() == ObuType::temporal_delimiter || o.type() == ObuType::tile_list ||
        o.type() == ObuType::padding) {
      continue;
    }
    elements.push_back({o.header, o.extension, o.payload});
  }
  if (elements.empty()) return fail(Errc::invalid_argument, "temporal unit with nothing to send");
  const bool key = av1_is_key_frame(*obus);

  // Greedy packing: fill each payload up to the budget, counting a length field for every
  // element (serialize_packet drops the last one's when W can count them, which only saves).
  Payloads payloads;
  std::vector<Piece> pieces;
  std::size_t used = 1;  // the aggregation header
  bool z = false;
  auto close = [&](bool y) {
    payloads.push_back(serialize_packet(pieces, z, y, key && payloads.empty()));
    pieces.clear();
    used = 1;
    z = y;
  };
  for (const ElementSource& e : elements) {
    std::size_t offset = 0;
    while (offset < e.size()) {
      const std::size_t room = config_.max_payload_size - used;
      const std::size_t rest = e.size() - offset;
      if (leb128_size(rest) + rest <= room) {  // the rest fits whole
        pieces.push_back({&e, offset, rest});
        used += leb128_size(rest) + rest;
        break;
      }
      // Fragment: the most octets that fit with their length field. The first fragment holds
      // the whole OBU header (1 or 2 octets); if it cannot, the OBU starts in the next payload.
      const std::size_t at_least = offset == 0 ? e.size() - e.payload.size() : 1;
      if (room < 1 + at_least) {
        close(false);
        continue;
      }
      std::size_t n = room - leb128_size(room);
      while (leb128_size(n) + n > room) --n;
      if (n < at_least) {
        close(false);
        continue;
      }
      pieces.push_back({&e, offset, n});
      offset += n;
      close(true);  // Y: this element continues in the next payload, which starts with Z
    }
  }
  if (!pieces.empty()) close(false);
  return payloads;
}

Result<PayloadInfo> Av1Depacketizer::inspect(BytesView payload) const {
  Av1AggregationHeader h;
  auto elements = parse_av1_payload(payload, &h);
  if (!elements) return std::unexpected(elements.error());
  PayloadInfo info;
  info.frame_start = h.n;
  info.keyframe = h.n;
  info.starts_after_frame_end = !h.z;
  return info;
}

namespace {

// Where the last OBU of a low overhead frame starts and how wide its obu_size is.
struct LastObu {
  std::size_t size_field = 0;  // offset of obu_size
  std::size_t size_width = 0;
  std::size_t payload = 0;  // offset of the payload
};

std::optional<LastObu> last_obu(const Bytes& frame) {
  std::optional<LastObu> last;
  std::size_t pos = 0;
  while (pos < frame.size()) {
    std::size_t at = pos + 1 + ((frame[pos] & kObuExtensionFlag) != 0 ? 1 : 0);
    auto leb = read_leb128(BytesView(frame).subspan(std::min(at, frame.size())));
    if (!leb) return std::nullopt;  // we wrote the frame: does not happen
    last = LastObu{at, leb->size, at + leb->size};
    pos = at + leb->size + static_cast<std::size_t>(leb->value);
  }
  return last;
}

// Rewrites an open OBU's 5-octet obu_size with the shortest form now that its size is known.
void close_obu(Bytes& frame, const LastObu& obu) {
  const std::size_t size = frame.size() - obu.payload;
  const std::size_t width = leb128_size(size);
  auto field = MutableBytesView(frame).subspan(obu.size_field, obu.size_width);
  write_leb128_fixed(field.first(width), size, width);
  frame.erase(frame.begin() + static_cast<std::ptrdiff_t>(obu.size_field + width),
              frame.begin() + static_cast<std::ptrdiff_t>(obu.payload));
}

}  // namespace

Result<void> Av1Depacketizer::append(BytesView payload, Bytes& frame) const {
  auto elements = parse_av1_payload(payload, nullptr);
  if (!elements) return std::unexpected(elements.error());
  if (frame.empty()) {
    // §7.5: a temporal unit starts with a temporal delimiter (header only, obu_size 0).
    frame.push_back(static_cast<std::uint8_t>(2 << 3) | kObuHasSizeFlag);
    frame.push_back(0);
  }
  for (const Av1Element& e : *elements) {
    BytesView data = e.data;
    if (e.continues_previous) {
      auto open = last_obu(frame);
      if (!open || open->size_width != kOpenSizeWidth) {
        return fail(Errc::malformed, "Z set but no OBU fragment is open (AV1-RTP §4.4)");
      }
      frame.insert(frame.end(), data.begin(), data.end());
      if (!e.continues_next) {
        close_obu(frame, *open);
      } else {
        write_leb128_fixed(MutableBytesView(frame).subspan(open->size_field, kOpenSizeWidth),
                           frame.size() - open->payload, kOpenSizeWidth);
      }
      continue;
    }
    // A new OBU: header (S set), extension octet, obu_size, payload.
    const std::uint8_t header = data[0];
    if ((header & 0x80) != 0) {
      return fail(Errc::malformed, "OBU forbidden bit set (AV1 spec §6.2.2)");
    }
    std::size_t at = 1;
    const bool extended = (header & kObuExtensionFlag) != 0;
    if (extended && data.size() < 2) {
      return fail(Errc::truncated, "OBU extension header missing (AV1 spec §5.3.3)");
    }
    at += extended ? 1 : 0;
    if ((header & kObuHasSizeFlag) != 0) {
      // The sender kept obu_size (AV1-RTP §4.5 says SHOULD clear it): honour it, drop it.
      auto leb = read_leb128(data.subspan(at));
      if (!leb) return std::unexpected(leb.error());
      at += leb->size;
      if (!e.continues_next) {
        if (leb->value > data.size() - at) {
          return fail(Errc::truncated, "obu_size runs past the OBU element (AV1 spec §5.3.1)");
        }
        data = data.first(at + static_cast<std::size_t>(leb->value));
      }
    }
    const ObuType type = obu_type(header);
    if (type == ObuType::temporal_delimiter || type == ObuType::tile_list) continue;  // §5
    frame.push_back(header | kObuHasSizeFlag);
    if (extended) frame.push_back(data[1]);
    const BytesView body = data.subspan(at);
    if (e.continues_next) {
      const std::size_t field = frame.size();
      frame.resize(frame.size() + kOpenSizeWidth);
      write_leb128_fixed(MutableBytesView(frame).subspan(field, kOpenSizeWidth), body.size(),
                         kOpenSizeWidth);
    } else {
      write_leb128(frame, body.size());
    }
    frame.insert(frame.end(), body.begin(), body.end());
  }
  return {};
}

}  // namespace rtc::rtp
