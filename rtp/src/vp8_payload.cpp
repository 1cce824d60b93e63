#include "rtc/rtp/vp8_payload.hpp"

#include <string>

namespace rtc::rtp {

std::size_t Vp8Descriptor::size() const {
  const bool x = picture_id || tl0_pic_idx || temporal_id || key_idx;
  if (!x) return 1;
  std::size_t n = 2;
  if (picture_id) n += picture_id_15bit ? 2 : 1;
  if (tl0_pic_idx) n += 1;
  if (temporal_id || key_idx) n += 1;
  return n;
}

Result<Vp8Descriptor> parse_vp8_descriptor(BytesView payload, std::size_t& descriptor_size) {
  ByteReader r(payload);
  auto first = r.u8();
  if (!first) return fail_at(Errc::truncated, "empty VP8 payload (RFC 7741 §4.2)", 0);
  Vp8Descriptor d;
  d.non_reference = (*first & 0x20) != 0;
  d.start_of_partition = (*first & 0x10) != 0;
  d.partition_index = *first & 0x07;
  if (*first & 0x80) {
    auto x = r.u8();
    if (!x)
      return fail_at(Errc::truncated,
                     "VP8 descriptor: X set but no extension octet (RFC 7741 §4.2)", 1);
    if (*x & 0x80) {  // I
      auto pid = r.u8();
      if (!pid)
        return fail_at(Errc::truncated, "VP8 descriptor: PictureID missing (RFC 7741 §4.2)",
                       r.offset());
      if (*pid & 0x80) {  // M: 15-bit
        auto low = r.u8();
        if (!low)
          return fail_at(Errc::truncated, "VP8 descriptor: 15-bit PictureID cut short", r.offset());
        d.picture_id = static_cast<std::uint16_t>(((*pid & 0x7f) << 8) | *low);
        d.picture_id_15bit = true;
      } else {
        d.picture_id = *pid;
        d.picture_id_15bit = false;
      }
    }
    if (*x & 0x40) {  // L
      auto tl0 = r.u8();
      if (!tl0)
        return fail_at(Errc::truncated, "VP8 descriptor: TL0PICIDX missing (RFC 7741 §4.2)",
                       r.offset());
      d.tl0_pic_idx = *tl0;
    }
    if (*x & 0x30) {  // T or K: one shared octet
      auto tk = r.u8();
      if (!tk)
        return fail_at(Errc::truncated, "VP8 descriptor: TID/KEYIDX octet missing (RFC 7741 §4.2)",
                       r.offset());
      if (*x & 0x20) {
        d.temporal_id = static_cast<std::uint8_t>(*tk >> 6);
        d.layer_sync = (*tk & 0x20) != 0;
      }
      if (*x & 0x10) d.key_idx = static_cast<std::uint8_t>(*tk & 0x1f);
    }
  }
  descriptor_size = r.offset();
  return d;
}

void write_vp8_descriptor(ByteWriter& w, const Vp8Descriptor& d) {
  const bool x = d.picture_id || d.tl0_pic_idx || d.temporal_id || d.key_idx;
  w.u8(static_cast<std::uint8_t>((x ? 0x80 : 0) | (d.non_reference ? 0x20 : 0) |
                                 (d.start_of_partition ? 0x10 : 0) | (d.partition_index & 7)));
  if (!x) return;
  w.u8(static_cast<std::uint8_t>((d.picture_id ? 0x80 : 0) | (d.tl0_pic_idx ? 0x40 : 0) |
                                 (d.temporal_id ? 0x20 : 0) | (d.key_idx ? 0x10 : 0)));
  if (d.picture_id) {
    if (d.picture_id_15bit) {
      w.u16(static_cast<std::uint16_t>(0x8000 | (*d.picture_id & 0x7fff)));
    } else {
      w.u8(static_cast<std::uint8_t>(*d.picture_id & 0x7f));
    }
  }
  if (d.tl0_pic_idx) w.u8(*d.tl0_pic_idx);
  if (d.temporal_id || d.key_idx) {
    w.u8(static_cast<std::uint8_t>((d.temporal_id ? (*d.temporal_id & 3) << 6 : 0) |
                                   (d.layer_sync ? 0x20 : 0) |
                                   (d.key_idx ? *d.key_idx & 0x1f : 0)));
  }
}

Vp8Packetizer::Vp8Packetizer(Vp8PacketizerConfig config)
    : config_(config), picture_id_(config.first_picture_id & 0x7fff) {}

Result<Payloads> Vp8Packetizer::packetize(BytesView frame, const Vp8FrameInfo& info) {
  if (frame.empty()) return fail(Errc::invalid_argument, "empty VP8 frame");
  Vp8Descriptor d;
  d.non_reference = info.non_reference;
  if (config_.picture_id) d.picture_id = picture_id_;
  d.tl0_pic_idx = info.tl0_pic_idx;
  d.temporal_id = info.temporal_id;
  d.layer_sync = info.layer_sync;
  const std::size_t overhead = d.size();
  if (config_.max_payload_size <= overhead) {
    return fail(Errc::invalid_argument, "payload budget of " +
                                            std::to_string(config_.max_payload_size) +
                                            " octets leaves no room after the VP8 descriptor");
  }
  const std::size_t room = config_.max_payload_size - overhead;
  const std::size_t packets = (frame.size() + room - 1) / room;
  // Balanced split: sizes differ by at most one octet.
  const std::size_t base = frame.size() / packets;
  const std::size_t extra = frame.size() % packets;
  Payloads out;
  out.reserve(packets);
  std::size_t offset = 0;
  for (std::size_t i = 0; i < packets; ++i) {
    const std::size_t n = base + (i < extra ? 1 : 0);
    d.start_of_partition = i == 0;
    d.partition_index = 0;
    ByteWriter w(overhead + n);
    write_vp8_descriptor(w, d);
    w.bytes(frame.subspan(offset, n));
    offset += n;
    out.push_back(w.take());
  }
  picture_id_ = static_cast<std::uint16_t>((picture_id_ + 1) & 0x7fff);
  return out;
}

Result<PayloadInfo> Vp8Depacketizer::inspect(BytesView payload) const {
  std::size_t size = 0;
  auto d = parse_vp8_descriptor(payload, size);
  if (!d) return std::unexpected(std::move(d.error()));
  if (size >= payload.size()) {
    return fail_at(Errc::truncated, "VP8 payload has a descriptor but no media (RFC 7741 §4.2)",
                   size);
  }
  PayloadInfo info;
  info.frame_start = d->is_frame_start();
  info.keyframe = info.frame_start && vp8_is_keyframe(payload.subspan(size));
  return info;
}

Result<void> Vp8Depacketizer::append(BytesView payload, Bytes& frame) const {
  std::size_t size = 0;
  auto d = parse_vp8_descriptor(payload, size);
  if (!d) return std::unexpected(std::move(d.error()));
  frame.insert(frame.end(), payload.begin() + static_cast<std::ptrdiff_t>(size), payload.end());
  return {};
}

}  // namespace rtc::rtp
