#include "rtc/rtp/rtp_packet.hpp"

#include <algorithm>
#include <string>

#include "rtp_extension_walk.hpp"
#include "rtp_header_scan.hpp"

namespace rtc::rtp {

namespace {

// Why a packet was refused, found again on this cold path by the parsers that explain: the
// accepting path never builds an Error (issue 6: header parse, extensions indexed, < 10 ns).
[[gnu::cold, gnu::noinline]] Error explain_refusal(BytesView packet) {
  auto header = RtpHeaderView::parse(packet);
  if (!header) return std::move(header.error());
  const BytesView block = header->extension_data();
  auto list = HeaderExtensionList::parse(header->extension_profile(), block,
                                         header->header_size() - block.size());
  if (!list) return std::move(list.error());
  return Error{Errc::malformed, "RTP packet refused", 0, std::nullopt, std::nullopt};
}

}  // namespace

Result<RtpPacketView> RtpPacketView::parse(BytesView packet) {
  // One Result, built in the return slot and filled in place (every path returns it, so the
  // compiler elides the copy of the extension index).
  Result<RtpPacketView> result{std::in_place, Token{}};
  if (!result->fill(packet)) [[unlikely]]
    result = std::unexpected(explain_refusal(packet));
  return result;
}

[[gnu::always_inline]] inline bool RtpPacketView::fill(BytesView packet) {
  const HeaderScan scan = scan_header(packet);
  if (scan.fault != HeaderFault::none) [[unlikely]]
    return false;
  std::size_t padding = 0;
  if ((packet[0] & 0x20) != 0) {
    const BytesView run = packet.subspan(scan.size);
    if (!padding_ok(run)) [[unlikely]]
      return false;
    padding = run.back();
  }
  header_ = RtpHeaderView(packet, scan.size, padding);
  if (!header_.has_extension()) return true;
  return extensions_.walk(header_.extension_profile(), header_.extension_data()).fault ==
         HeaderExtensionList::WalkFault::none;
}

RtpPacketBuilder& RtpPacketBuilder::add_extension(std::uint8_t id, BytesView data) {
  extensions_.push_back({id, static_cast<std::uint32_t>(extension_data_.size()),
                         static_cast<std::uint32_t>(data.size())});
  extension_data_.insert(extension_data_.end(), data.begin(), data.end());
  return *this;
}

void RtpPacketBuilder::clear_body() {
  csrcs_.clear();
  extensions_.clear();
  extension_data_.clear();
  payload_ = {};
  padding_ = 0;
}

Result<Bytes> RtpPacketBuilder::build() const {
  Bytes out;
  auto ok = build_into(out);
  if (!ok) return std::unexpected(std::move(ok.error()));
  return out;
}

Result<void> RtpPacketBuilder::build_into(Bytes& out) const {
  if (csrcs_.size() > 15) {
    return fail(Errc::invalid_argument, "at most 15 CSRCs fit the CC field (RFC 3550 §5.1)");
  }
  if (payload_type_ > 127) {
    return fail(Errc::invalid_argument, "payload type must be 0..127 (RFC 3550 §5.1)");
  }
  // Choose the form: one-byte unless some element cannot be written in it (RFC 8285 §4.1).
  bool two_byte = false;
  std::size_t body = 0;
  for (const auto& e : extensions_) {
    if (e.id == 0) return fail(Errc::invalid_argument, "header extension ID 0 is reserved");
    if (e.length > kTwoByteMaxLength) {
      return fail(Errc::invalid_argument, "header extension element longer than 255 octets");
    }
    if (required_extension_form(e.id, e.length) == ExtensionForm::two_byte) two_byte = true;
  }
  if (two_byte && !allow_two_byte_) {
    return fail(Errc::invalid_argument,
                "a header extension needs the two-byte form (ID > 14 or length 0 or > 16), "
                "which needs a=extmap-allow-mixed (RFC 8285 §6)");
  }
  for (const auto& e : extensions_) body += (two_byte ? 2 : 1) + e.length;
  const std::size_t padded_body = (body + 3) / 4 * 4;
  if (padded_body / 4 > 0xffff) {
    return fail(Errc::invalid_argument, "header extension block too long (RFC 3550 §5.3.1)");
  }
  const bool has_ext = !extensions_.empty();
  const std::size_t size = kRtpFixedHeaderSize + 4 * csrcs_.size() +
                           (has_ext ? 4 + padded_body : 0) + payload_.size() + padding_;
  out.clear();
  out.resize(size);
  MutableBytesView p(out);
  p[0] = static_cast<std::uint8_t>(0x80 | (padding_ ? 0x20 : 0) | (has_ext ? 0x10 : 0) |
                                   csrcs_.size());
  p[1] = static_cast<std::uint8_t>((marker_ ? 0x80 : 0) | payload_type_);
  store_be16(p, 2, seq_);
  store_be32(p, 4, timestamp_);
  store_be32(p, 8, ssrc_);
  std::size_t pos = kRtpFixedHeaderSize;
  for (std::uint32_t csrc : csrcs_) {
    store_be32(p, pos, csrc);
    pos += 4;
  }
  if (has_ext) {
    store_be16(p, pos, two_byte ? kTwoByteExtensionProfile : kOneByteExtensionProfile);
    store_be16(p, pos + 2, static_cast<std::uint16_t>(padded_body / 4));
    pos += 4;
    const std::size_t end = pos + padded_body;
    for (const auto& e : extensions_) {
      if (two_byte) {
        p[pos++] = e.id;
        p[pos++] = static_cast<std::uint8_t>(e.length);
      } else {
        p[pos++] = static_cast<std::uint8_t>((e.id << 4) | (e.length - 1));
      }
      const auto data = BytesView(extension_data_).subspan(e.offset, e.length);
      std::copy(data.begin(), data.end(), p.subspan(pos).begin());
      pos += e.length;
    }
    pos = end;  // the rest of the last word is zero padding (ID 0), already zeroed
  }
  std::copy(payload_.begin(), payload_.end(), p.subspan(pos).begin());
  if (padding_) p[size - 1] = padding_;
  return {};
}

}  // namespace rtc::rtp
