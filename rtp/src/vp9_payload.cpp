#include "rtc/rtp/vp9_payload.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rtc::rtp {

namespace {

// Descriptor bits of the first octet, RFC 9628 §4.2.
constexpr std::uint8_t kI = 0x80;
constexpr std::uint8_t kP = 0x40;
constexpr std::uint8_t kL = 0x20;
constexpr std::uint8_t kF = 0x10;
constexpr std::uint8_t kB = 0x08;
constexpr std::uint8_t kE = 0x04;
constexpr std::uint8_t kV = 0x02;
constexpr std::uint8_t kZ = 0x01;

// MSB-first bit reader over a span, for the VP9 uncompressed header (the bitstream spec reads
// every field with f(n), most significant bit first). Reads past the end report failure.
class BitReader {
 public:
  explicit BitReader(BytesView data) : data_(data) {}
  std::optional<std::uint32_t> bits(unsigned n) {
    if (n > 32 || data_.size() * 8 - pos_ < n) return std::nullopt;
    std::uint32_t v = 0;
    for (unsigned i = 0; i < n; ++i, ++pos_) {
      v = (v << 1) | ((data_[pos_ / 8] >> (7 - pos_ % 8)) & 1u);
    }
    return v;
  }

 private:
  BytesView data_;
  std::size_t pos_ = 0;
};

Result<std::uint8_t> read_u8(ByteReader& r, const char* what) {
  auto v = r.u8();
  if (!v) {
    return fail_at(Errc::truncated,
                   std::string("VP9 descriptor: ") + what + " cut short (RFC 9628 §4.2)",
                   r.offset());
  }
  return *v;
}

Result<Vp9ScalabilityStructure> parse_ss(ByteReader& r) {
  // RFC 9628 §4.2.1.
  auto head = r.u8();
  if (!head) {
    return fail_at(Errc::truncated, "VP9 descriptor: V set but no SS octet (RFC 9628 §4.2.1)",
                   r.offset());
  }
  Vp9ScalabilityStructure ss;
  ss.spatial_layers = static_cast<std::uint8_t>((*head >> 5) + 1);
  if (*head & 0x10) {  // Y: WIDTH and HEIGHT for each spatial layer
    for (unsigned i = 0; i < ss.spatial_layers; ++i) {
      auto w = r.u16();
      auto h = w ? r.u16() : w;
      if (!w || !h) {
        return fail_at(Errc::truncated,
                       "VP9 SS: resolution of spatial layer " + std::to_string(i) +
                           " cut short (RFC 9628 §4.2.1)",
                       r.offset());
      }
      ss.resolutions.push_back({*w, *h});
    }
  }
  if (*head & 0x08) {  // G: the picture group
    auto n_g = r.u8();
    if (!n_g) {
      return fail_at(Errc::truncated, "VP9 SS: G set but N_G missing (RFC 9628 §4.2.1)",
                     r.offset());
    }
    std::vector<Vp9PictureGroupEntry> group;
    group.reserve(*n_g);
    for (unsigned i = 0; i < *n_g; ++i) {
      auto entry = r.u8();
      if (!entry) {
        return fail_at(Errc::truncated,
                       "VP9 SS: picture group entry " + std::to_string(i) + " of " +
                           std::to_string(*n_g) + " missing (RFC 9628 §4.2.1)",
                       r.offset());
      }
      Vp9PictureGroupEntry e;
      e.temporal_id = static_cast<std::uint8_t>(*entry >> 5);
      e.switching_up = (*entry & 0x10) != 0;
      const unsigned refs = (*entry >> 2) & 3;  // R
      for (unsigned k = 0; k < refs; ++k) {
        auto diff = r.u8();
        if (!diff) {
          return fail_at(Errc::truncated,
                         "VP9 SS: P_DIFF of picture group entry " + std::to_string(i) +
                             " missing (RFC 9628 §4.2.1)",
                         r.offset());
        }
        e.p_diffs.push_back(*diff);
      }
      group.push_back(std::move(e));
    }
    ss.picture_group = std::move(group);
  }
  return ss;
}

void write_ss(ByteWriter& w, const Vp9ScalabilityStructure& ss) {
  const std::uint8_t n_s = static_cast<std::uint8_t>((ss.spatial_layers - 1) & 7);
  w.u8(static_cast<std::uint8_t>((n_s << 5) | (ss.resolutions.empty() ? 0 : 0x10) |
                                 (ss.picture_group ? 0x08 : 0)));
  for (const auto& res : ss.resolutions) {
    w.u16(res.width);
    w.u16(res.height);
  }
  if (ss.picture_group) {
    w.u8(static_cast<std::uint8_t>(ss.picture_group->size() & 0xff));
    for (const auto& e : *ss.picture_group) {
      const auto refs = static_cast<std::uint8_t>(e.p_diffs.size() & 3);
      w.u8(static_cast<std::uint8_t>(((e.temporal_id & 7) << 5) | (e.switching_up ? 0x10 : 0) |
                                     (refs << 2)));
      for (std::size_t k = 0; k < refs; ++k) w.u8(e.p_diffs[k]);
    }
  }
}

}  // namespace

std::size_t Vp9ScalabilityStructure::size() const {
  std::size_t n = 1 + 4 * resolutions.size();
  if (picture_group) {
    n += 1;
    for (const auto& e : *picture_group) n += 1 + (e.p_diffs.size() & 3);
  }
  return n;
}

std::size_t Vp9Descriptor::size() const {
  std::size_t n = 1;
  if (picture_id) n += picture_id_15bit ? 2 : 1;
  if (layers) n += flexible ? 1 : 2;  // TL0PICIDX only in non-flexible mode
  if (flexible && inter_predicted) n += p_diffs.size();
  if (ss) n += ss->size();
  return n;
}

Result<Vp9Descriptor> parse_vp9_descriptor(BytesView payload, std::size_t& descriptor_size) {
  ByteReader r(payload);
  auto first = r.u8();
  if (!first) return fail_at(Errc::truncated, "empty VP9 payload (RFC 9628 §4.2)", 0);
  Vp9Descriptor d;
  d.inter_predicted = (*first & kP) != 0;
  d.flexible = (*first & kF) != 0;
  d.begin_of_frame = (*first & kB) != 0;
  d.end_of_frame = (*first & kE) != 0;
  d.not_upper_reference = (*first & kZ) != 0;
  if (d.flexible && !(*first & kI)) {
    // §4.2: in flexible mode the PictureID is REQUIRED, the P_DIFFs are relative to it.
    return fail_at(Errc::malformed, "VP9 descriptor: flexible mode (F=1) without a PictureID (I=0)",
                   0);
  }
  if (*first & kI) {
    auto pid = read_u8(r, "PictureID");
    if (!pid) return std::unexpected(std::move(pid.error()));
    if (*pid & 0x80) {  // M: 15-bit
      auto low = read_u8(r, "extended (15-bit) PictureID");
      if (!low) return std::unexpected(std::move(low.error()));
      d.picture_id = static_cast<std::uint16_t>(((*pid & 0x7f) << 8) | *low);
      d.picture_id_15bit = true;
    } else {
      d.picture_id = *pid;
      d.picture_id_15bit = false;
    }
  }
  if (*first & kL) {
    auto l = read_u8(r, "layer indices octet");
    if (!l) return std::unexpected(std::move(l.error()));
    d.layers = Vp9LayerIndices{static_cast<std::uint8_t>(*l >> 5), (*l & 0x10) != 0,
                               static_cast<std::uint8_t>((*l >> 1) & 7), (*l & 0x01) != 0};
    if (!d.flexible) {
      auto tl0 = read_u8(r, "TL0PICIDX");
      if (!tl0) return std::unexpected(std::move(tl0.error()));
      d.tl0_pic_idx = *tl0;
    }
  }
  if (d.flexible && d.inter_predicted) {
    // §4.2: P_DIFF|N, repeated while N is set, at most three references.
    for (;;) {
      if (d.p_diffs.size() == kVp9MaxPDiffs) {
        return fail_at(Errc::malformed,
                       "VP9 descriptor: N set on the third P_DIFF; at most 3 references "
                       "(RFC 9628 §4.2)",
                       r.offset() - 1);
      }
      auto diff = read_u8(r, "P_DIFF");
      if (!diff) return std::unexpected(std::move(diff.error()));
      d.p_diffs.push_back(static_cast<std::uint8_t>(*diff >> 1));
      if (!(*diff & 0x01)) break;
    }
  }
  if (*first & kV) {
    auto ss = parse_ss(r);
    if (!ss) return std::unexpected(std::move(ss.error()));
    d.ss = std::move(*ss);
  }
  descriptor_size = r.offset();
  return d;
}

void write_vp9_descriptor(ByteWriter& w, const Vp9Descriptor& d) {
  w.u8(static_cast<std::uint8_t>((d.picture_id ? kI : 0) | (d.inter_predicted ? kP : 0) |
                                 (d.layers ? kL : 0) | (d.flexible ? kF : 0) |
                                 (d.begin_of_frame ? kB : 0) | (d.end_of_frame ? kE : 0) |
                                 (d.ss ? kV : 0) | (d.not_upper_reference ? kZ : 0)));
  if (d.picture_id) {
    if (d.picture_id_15bit) {
      w.u16(static_cast<std::uint16_t>(0x8000 | (*d.picture_id & 0x7fff)));
    } else {
      w.u8(static_cast<std::uint8_t>(*d.picture_id & 0x7f));
    }
  }
  if (d.layers) {
    const auto& l = *d.layers;
    w.u8(static_cast<std::uint8_t>(((l.temporal_id & 7) << 5) | (l.switching_up ? 0x10 : 0) |
                                   ((l.spatial_id & 7) << 1) | (l.inter_layer_dependent ? 1 : 0)));
    if (!d.flexible) w.u8(d.tl0_pic_idx.value_or(0));
  }
  if (d.flexible && d.inter_predicted) {
    for (std::size_t i = 0; i < d.p_diffs.size(); ++i) {
      const bool more = i + 1 < d.p_diffs.size();
      w.u8(static_cast<std::uint8_t>(((d.p_diffs[i] & 0x7f) << 1) | (more ? 1 : 0)));
    }
  }
  if (d.ss) write_ss(w, *d.ss);
}

Result<void> validate_vp9_descriptor(const Vp9Descriptor& d) {
  if (d.picture_id && *d.picture_id > (d.picture_id_15bit ? 0x7fff : 0x7f)) {
    return fail(Errc::invalid_argument, "VP9 PictureID " + std::to_string(*d.picture_id) +
                                            " does not fit its 7 or 15 bits (RFC 9628 §4.2)");
  }
  if (d.layers && (d.layers->temporal_id > 7 || d.layers->spatial_id > 7)) {
    return fail(Errc::invalid_argument, "VP9 TID and SID are 3-bit fields (RFC 9628 §4.2)");
  }
  if (d.flexible) {
    if (!d.picture_id) {
      return fail(Errc::invalid_argument, "VP9 flexible mode needs a PictureID (RFC 9628 §4.2)");
    }
    if (d.tl0_pic_idx) {
      return fail(Errc::invalid_argument,
                  "VP9 TL0PICIDX exists only in non-flexible mode (RFC 9628 §4.2)");
    }
    if (d.inter_predicted && (d.p_diffs.empty() || d.p_diffs.size() > kVp9MaxPDiffs)) {
      return fail(Errc::invalid_argument,
                  "VP9 flexible mode inter frame needs 1 to 3 P_DIFFs (RFC 9628 §4.2)");
    }
    if (!d.inter_predicted && !d.p_diffs.empty()) {
      return fail(Errc::invalid_argument, "VP9 P_DIFFs need P=1 (RFC 9628 §4.2)");
    }
    for (auto diff : d.p_diffs) {
      if (diff == 0 || diff > 0x7f) {
        return fail(Errc::invalid_argument,
                    "VP9 P_DIFF " + std::to_string(diff) + " is not in 1..127 (RFC 9628 §4.2)");
      }
    }
  } else {
    if (!d.p_diffs.empty()) {
      return fail(Errc::invalid_argument,
                  "VP9 P_DIFFs exist only in flexible mode (RFC 9628 §4.2)");
    }
    if (d.layers && !d.tl0_pic_idx) {
      return fail(Errc::invalid_argument,
                  "VP9 non-flexible mode with layer indices needs TL0PICIDX (RFC 9628 §4.2)");
    }
  }
  if (d.ss) {
    const auto& ss = *d.ss;
    if (ss.spatial_layers < 1 || ss.spatial_layers > 8) {
      return fail(Errc::invalid_argument, "VP9 SS: 1 to 8 spatial layers (N_S, RFC 9628 §4.2.1)");
    }
    if (!ss.resolutions.empty() && ss.resolutions.size() != ss.spatial_layers) {
      return fail(Errc::invalid_argument,
                  "VP9 SS: Y needs one resolution per spatial layer (RFC 9628 §4.2.1)");
    }
    if (ss.picture_group) {
      if (ss.picture_group->size() > 255) {
        return fail(Errc::invalid_argument, "VP9 SS: N_G is one octet (RFC 9628 §4.2.1)");
      }
      for (const auto& e : *ss.picture_group) {
        if (e.temporal_id > 7 || e.p_diffs.size() > 3) {
          return fail(Errc::invalid_argument,
                      "VP9 SS: picture group TID is 3 bits, R at most 3 (RFC 9628 §4.2.1)");
        }
      }
    }
  }
  return {};
}

Result<Vp9FrameHeader> parse_vp9_frame_header(BytesView frame) {
  // VP9 bitstream spec §6.2 uncompressed_header(), as far as frame_size().
  BitReader b(frame);
  auto truncated = [] {
    return fail(Errc::truncated, "VP9 uncompressed header cut short (VP9 spec §6.2)");
  };
  auto marker = b.bits(2);
  if (!marker) return truncated();
  if (*marker != 2) return fail_at(Errc::malformed, "VP9 frame_marker is not 2 (VP9 spec §6.2)", 0);
  auto low = b.bits(1);
  auto high = b.bits(1);
  if (!low || !high) return truncated();
  Vp9FrameHeader h;
  h.profile = static_cast<std::uint8_t>((*high << 1) | *low);
  if (h.profile == 3 && !b.bits(1)) return truncated();  // reserved_zero
  auto show_existing = b.bits(1);
  if (!show_existing) return truncated();
  h.show_existing_frame = *show_existing != 0;
  if (h.show_existing_frame) return h;
  auto frame_type = b.bits(1);
  auto show_frame = b.bits(1);
  auto error_resilient = b.bits(1);
  if (!frame_type || !show_frame || !error_resilient) return truncated();
  h.keyframe = *frame_type == 0;  // KEY_FRAME
  h.show_frame = *show_frame != 0;
  if (!h.keyframe) return h;
  auto sync = b.bits(24);
  if (!sync) return truncated();
  if (*sync != 0x498342) {
    return fail_at(Errc::malformed, "VP9 key frame without the sync code 49 83 42 (VP9 spec §6.2)",
                   1);
  }
  // color_config()
  if (h.profile >= 2 && !b.bits(1)) return truncated();  // ten_or_twelve_bit
  auto color_space = b.bits(3);
  if (!color_space) return truncated();
  const bool subsampling_bits = h.profile == 1 || h.profile == 3;
  if (*color_space != 7) {                                   // not CS_RGB
    if (!b.bits(1)) return truncated();                      // color_range
    if (subsampling_bits && !b.bits(3)) return truncated();  // subsampling_x/y, reserved
  } else if (subsampling_bits && !b.bits(1)) {
    return truncated();  // reserved_zero
  }
  // frame_size()
  auto w = b.bits(16);
  auto hgt = b.bits(16);
  if (!w || !hgt) return truncated();
  h.size = Vp9Resolution{static_cast<std::uint16_t>(*w + 1), static_cast<std::uint16_t>(*hgt + 1)};
  // 65536 wraps to 0: a legal header, but not one the SS's 16-bit WIDTH can state.
  if (h.size->width == 0 || h.size->height == 0) h.size.reset();
  return h;
}

bool vp9_is_keyframe(BytesView first_payload) {
  std::size_t size = 0;
  auto d = parse_vp9_descriptor(first_payload, size);
  if (!d || !d->is_keyframe_start()) return false;
  // P=0 also marks intra-only frames; the uncompressed header tells them apart when present.
  auto header = parse_vp9_frame_header(first_payload.subspan(size));
  return !header || header->keyframe;
}

Vp9Packetizer::Vp9Packetizer(Vp9PacketizerConfig config)
    : config_(config), picture_id_(config.first_picture_id & 0x7fff) {}

Result<Payloads> Vp9Packetizer::packetize(BytesView frame, const Vp9FrameInfo& info) {
  if (frame.empty()) return fail(Errc::invalid_argument, "empty VP9 frame");
  const auto header = parse_vp9_frame_header(frame);
  const bool keyframe = info.keyframe ? *info.keyframe : (header && header->keyframe);

  Vp9Descriptor d;
  d.inter_predicted = !keyframe;
  d.flexible = config_.flexible_mode;
  d.not_upper_reference = info.not_upper_reference;
  if (config_.picture_id || config_.flexible_mode) d.picture_id = picture_id_;
  std::uint8_t tl0 = tl0_pic_idx_;
  if (info.temporal_id) {
    d.layers = Vp9LayerIndices{*info.temporal_id, info.switching_up, 0, false};
    if (!d.flexible) {
      // §4.2: TL0PICIDX counts temporal-layer-0 pictures; higher layers repeat the last one.
      if (info.tl0_pic_idx) {
        tl0 = *info.tl0_pic_idx;
      } else if (*info.temporal_id == 0) {
        tl0 = static_cast<std::uint8_t>(tl0_pic_idx_ + 1);
      }
      d.tl0_pic_idx = tl0;
    }
  }
  if (d.flexible && d.inter_predicted) {
    d.p_diffs = info.p_diffs.empty() ? std::vector<std::uint8_t>{1} : info.p_diffs;
  }
  if (auto ok = validate_vp9_descriptor(d); !ok) return std::unexpected(std::move(ok.error()));

  // §4.2.1: the SS goes in the first packet of a key frame. One spatial layer; its size if the
  // uncompressed header gave one; in non-flexible mode a picture group of one picture that
  // refers to the one before (what a single-layer stream is).
  Vp9Descriptor first = d;
  if (keyframe && config_.scalability_structure) {
    Vp9ScalabilityStructure ss;
    if (header && header->size) ss.resolutions.push_back(*header->size);
    if (!d.flexible && !info.temporal_id) {
      ss.picture_group = std::vector<Vp9PictureGroupEntry>{{0, false, {1}}};
    }
    first.ss = std::move(ss);
  }
  const std::size_t budget = config_.max_payload_size;
  const std::size_t head_first = first.size();
  const std::size_t head_rest = d.size();
  if (budget <= head_first) {
    return fail(Errc::invalid_argument, "payload budget of " + std::to_string(budget) +
                                            " octets leaves no room after the VP9 descriptor");
  }
  const std::size_t room_first = budget - head_first;
  const std::size_t room_rest = budget - head_rest;

  // Fewest packets, then balance: every packet carries about the same number of octets with
  // its descriptor, so the last one is not a runt (§4.3 leaves the split to the sender).
  std::size_t packets = 1;
  if (frame.size() > room_first) {
    packets += (frame.size() - room_first + room_rest - 1) / room_rest;
  }
  std::vector<std::size_t> sizes(packets, frame.size());
  if (packets > 1) {
    const std::size_t total = frame.size() + head_first + (packets - 1) * head_rest;
    const std::size_t target = (total + packets - 1) / packets;
    const std::size_t first_media = target > head_first ? target - head_first : 1;
    sizes[0] = std::min(first_media, room_first);
    const std::size_t rest = frame.size() - sizes[0];
    const std::size_t base = rest / (packets - 1);
    const std::size_t extra = rest % (packets - 1);
    for (std::size_t i = 1; i < packets; ++i) sizes[i] = base + (i - 1 < extra ? 1 : 0);
  }

  Payloads out;
  out.reserve(packets);
  std::size_t offset = 0;
  for (std::size_t i = 0; i < packets; ++i) {
    Vp9Descriptor& desc = i == 0 ? first : d;
    desc.begin_of_frame = i == 0;
    desc.end_of_frame = i + 1 == packets;
    ByteWriter w(desc.size() + sizes[i]);
    write_vp9_descriptor(w, desc);
    w.bytes(frame.subspan(offset, sizes[i]));
    offset += sizes[i];
    out.push_back(w.take());
  }
  picture_id_ = static_cast<std::uint16_t>((picture_id_ + 1) & 0x7fff);
  if (d.tl0_pic_idx) tl0_pic_idx_ = *d.tl0_pic_idx;
  return out;
}

Result<PayloadInfo> Vp9Depacketizer::inspect(BytesView payload) const {
  std::size_t size = 0;
  auto d = parse_vp9_descriptor(payload, size);
  if (!d) return std::unexpected(std::move(d.error()));
  if (size >= payload.size()) {
    return fail_at(Errc::truncated, "VP9 payload has a descriptor but no media (RFC 9628 §4.2)",
                   size);
  }
  PayloadInfo info;
  info.frame_start = d->begin_of_frame;
  info.frame_end = d->end_of_frame;
  info.keyframe = vp9_is_keyframe(payload);
  return info;
}

Result<void> Vp9Depacketizer::append(BytesView payload, Bytes& frame) const {
  std::size_t size = 0;
  auto d = parse_vp9_descriptor(payload, size);
  if (!d) return std::unexpected(std::move(d.error()));
  frame.insert(frame.end(), payload.begin() + static_cast<std::ptrdiff_t>(size), payload.end());
  return {};
}

}  // namespace rtc::rtp
