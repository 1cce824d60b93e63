#include "rtc/rtp/h264_payload.hpp"

#include <algorithm>
#include <string>

#include "rtc/rtp/h264_annexb.hpp"

namespace rtc::rtp {

namespace {

constexpr std::uint8_t kStapA = 24;
constexpr std::uint8_t kFuA = 28;

void note_type(H264PayloadInfo& info, std::uint8_t type) {
  info.has_sps |= type == 7;
  info.has_pps |= type == 8;
  info.has_idr |= type == 5;
}

// Does a NAL unit begin a new picture? (parameter sets, AUD, SEI, or a first slice)
bool starts_picture(std::uint8_t type, BytesView after_header) {
  if (type >= 6 && type <= 9) return true;
  if (type >= 1 && type <= 5) return !after_header.empty() && (after_header[0] & 0x80) != 0;
  return false;
}

// Calls f(nal) for each NAL unit aggregated in a STAP-A payload (after its header octet).
template <class F>
Result<void> for_each_stap_nal(BytesView payload, F&& f) {
  ByteReader r(payload.subspan(1));
  if (r.empty()) return fail_at(Errc::truncated, "STAP-A with no NAL unit (RFC 6184 §5.7.1)", 1);
  while (!r.empty()) {
    auto size = r.u16();
    if (!size || *size == 0) {
      return fail_at(Errc::malformed, "STAP-A NAL unit size missing or zero (RFC 6184 §5.7.1)",
                     1 + r.offset());
    }
    auto nal = r.bytes(*size);
    if (!nal) {
      return fail_at(Errc::truncated, "STAP-A NAL unit runs past the payload (RFC 6184 §5.7.1)",
                     1 + r.offset());
    }
    f(*nal);
  }
  return {};
}

}  // namespace

Result<Payloads> H264Packetizer::packetize(BytesView access_unit) {
  return packetize_nals(split_annexb(access_unit));
}

Result<Payloads> H264Packetizer::packetize_nals(const std::vector<BytesView>& input) {
  if (max_payload_size_ < 3) return fail(Errc::invalid_argument, "payload budget below 3 octets");
  // SPS/PPS bookkeeping first.
  std::vector<BytesView> nals;
  bool has_sps = false;
  bool has_pps = false;
  bool has_idr = false;
  for (BytesView nal : input) {
    if (nal.empty()) continue;
    const std::uint8_t type = h264_nal_type(nal[0]);
    if (type == 9) continue;  // AUD
    if (type == 7) sps_.assign(nal.begin(), nal.end()), has_sps = true;
    if (type == 8) pps_.assign(nal.begin(), nal.end()), has_pps = true;
    if (type == 5) has_idr = true;
    nals.push_back(nal);
  }
  if (has_idr && !(has_sps && has_pps) && !sps_.empty() && !pps_.empty()) {
    std::vector<BytesView> with_sets;
    if (!has_sps) with_sets.push_back(sps_);
    if (!has_pps) with_sets.push_back(pps_);
    with_sets.insert(with_sets.end(), nals.begin(), nals.end());
    nals = std::move(with_sets);
  }
  if (nals.empty()) return fail(Errc::invalid_argument, "access unit without NAL units");

  Payloads out;
  std::size_t i = 0;
  while (i < nals.size()) {
    const BytesView nal = nals[i];
    if (nal.size() > max_payload_size_) {
      // FU-A (§5.8): indicator = F|NRI|28, header = S|E|R|type; the NAL header octet itself
      // is not sent, it is rebuilt from these two.
      const std::size_t room = max_payload_size_ - 2;
      const BytesView body = nal.subspan(1);
      const std::size_t count = (body.size() + room - 1) / room;
      const std::size_t base = body.size() / count;
      const std::size_t extra = body.size() % count;
      std::size_t offset = 0;
      for (std::size_t k = 0; k < count; ++k) {
        const std::size_t n = base + (k < extra ? 1 : 0);
        Bytes p;
        p.reserve(2 + n);
        p.push_back(static_cast<std::uint8_t>((nal[0] & 0xe0) | kFuA));
        p.push_back(static_cast<std::uint8_t>((k == 0 ? 0x80 : 0) | (k + 1 == count ? 0x40 : 0) |
                                              h264_nal_type(nal[0])));
        const BytesView part = body.subspan(offset, n);
        p.insert(p.end(), part.begin(), part.end());
        offset += n;
        out.push_back(std::move(p));
      }
      ++i;
      continue;
    }
    // Aggregate as many following NAL units as fit into one STAP-A (§5.7.1).
    std::size_t j = i;
    std::size_t size = 1;
    while (j < nals.size() && nals[j].size() <= 0xffff &&
           size + 2 + nals[j].size() <= max_payload_size_) {
      size += 2 + nals[j].size();
      ++j;
    }
    if (j - i <= 1) {  // single NAL unit packet (§5.6)
      out.emplace_back(nal.begin(), nal.end());
      ++i;
      continue;
    }
    Bytes p;
    p.reserve(size);
    std::uint8_t nri = 0;
    std::uint8_t f = 0;
    for (std::size_t k = i; k < j; ++k) {
      nri = std::max<std::uint8_t>(nri, nals[k][0] & 0x60);
      f |= nals[k][0] & 0x80;
    }
    p.push_back(static_cast<std::uint8_t>(f | nri | kStapA));
    for (std::size_t k = i; k < j; ++k) {
      p.push_back(static_cast<std::uint8_t>(nals[k].size() >> 8));
      p.push_back(static_cast<std::uint8_t>(nals[k].size()));
      p.insert(p.end(), nals[k].begin(), nals[k].end());
    }
    out.push_back(std::move(p));
    i = j;
  }
  return out;
}

Result<H264PayloadInfo> inspect_h264_payload(BytesView payload) {
  if (payload.empty()) return fail_at(Errc::truncated, "empty H.264 payload (RFC 6184 §5.2)", 0);
  H264PayloadInfo info;
  info.packet_type = h264_nal_type(payload[0]);
  info.fragment_start = info.fragment_end = true;
  if (payload[0] & 0x80) {
    return fail_at(Errc::malformed,
                   "H.264 NAL unit with the forbidden_zero_bit set (RFC 6184 §5.3)", 0);
  }
  if (info.packet_type >= 1 && info.packet_type <= 23) {
    note_type(info, info.packet_type);
    return info;
  }
  if (info.packet_type == kStapA) {
    auto ok =
        for_each_stap_nal(payload, [&](BytesView nal) { note_type(info, h264_nal_type(nal[0])); });
    if (!ok) return std::unexpected(std::move(ok.error()));
    return info;
  }
  if (info.packet_type == kFuA) {
    if (payload.size() < 3) {
      return fail_at(Errc::truncated,
                     "FU-A shorter than indicator + header + one octet (RFC 6184 §5.8)", 0);
    }
    const std::uint8_t fu = payload[1];
    info.fragment_start = (fu & 0x80) != 0;
    info.fragment_end = (fu & 0x40) != 0;
    if (info.fragment_start && info.fragment_end) {
      return fail_at(Errc::malformed, "FU-A with both Start and End bits (RFC 6184 §5.8)", 1);
    }
    note_type(info, h264_nal_type(fu));
    return info;
  }
  return fail_at(Errc::unsupported,
                 "H.264 packet type " + std::to_string(info.packet_type) +
                     " is not allowed in packetization-mode 1 (RFC 6184 §6.3)",
                 0);
}

Result<PayloadInfo> H264Depacketizer::inspect(BytesView payload) const {
  auto h = inspect_h264_payload(payload);
  if (!h) return std::unexpected(std::move(h.error()));
  PayloadInfo info;
  info.keyframe = h->has_idr;
  if (h->packet_type == kStapA) {
    bool first = true;
    (void)for_each_stap_nal(payload, [&](BytesView nal) {
      if (first) info.frame_start = starts_picture(h264_nal_type(nal[0]), nal.subspan(1));
      first = false;
    });
  } else if (h->packet_type == kFuA) {
    info.frame_start =
        h->fragment_start && starts_picture(h264_nal_type(payload[1]), payload.subspan(2));
  } else {
    info.frame_start = starts_picture(h->packet_type, payload.subspan(1));
  }
  return info;
}

Result<void> H264Depacketizer::append(BytesView payload, Bytes& frame) const {
  auto h = inspect_h264_payload(payload);
  if (!h) return std::unexpected(std::move(h.error()));
  if (h->packet_type == kStapA) {
    return for_each_stap_nal(payload, [&](BytesView nal) { append_annexb(frame, nal); });
  }
  if (h->packet_type == kFuA) {
    if (h->fragment_start) {
      // Rebuild the NAL header: F and NRI from the indicator, type from the FU header.
      const std::uint8_t header =
          static_cast<std::uint8_t>((payload[0] & 0xe0) | (payload[1] & 0x1f));
      const std::uint8_t one[] = {header};
      append_annexb(frame, one);
    }
    frame.insert(frame.end(), payload.begin() + 2, payload.end());
    return {};
  }
  append_annexb(frame, payload);
  return {};
}

}  // namespace rtc::rtp
