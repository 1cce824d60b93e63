#include "rtc/rtp/av1_obu.hpp"

#include <string>

namespace rtc::rtp {

Result<Leb128> read_leb128(BytesView data) {
  Leb128 out;
  for (std::size_t i = 0; i < kMaxLeb128Size; ++i) {
    if (i >= data.size()) {
      return fail_at(Errc::truncated, "LEB128 value runs past the end (AV1 spec §4.10.5)",
                     data.size());
    }
    out.value |= std::uint64_t{data[i] & 0x7Fu} << (7 * i);
    out.size = i + 1;
    if ((data[i] & 0x80) == 0) break;
    if (i + 1 == kMaxLeb128Size) {
      return fail_at(Errc::malformed, "LEB128 value longer than 8 octets (AV1 spec §4.10.5)", i);
    }
  }
  if (out.value > 0xFFFFFFFFu) {
    return fail_at(Errc::malformed, "LEB128 value above 2^32 - 1 (AV1 spec §4.10.5)", 0);
  }
  return out;
}

std::size_t leb128_size(std::uint64_t value) {
  std::size_t n = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++n;
  }
  return n;
}

void write_leb128(Bytes& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(0x80 | (value & 0x7F)));
    value >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(value));
}

void write_leb128_fixed(MutableBytesView out, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i) {
    const auto bits = static_cast<std::uint8_t>(value & 0x7F);
    out[i] = i + 1 < width ? static_cast<std::uint8_t>(0x80 | bits) : bits;
    value >>= 7;
  }
}

Result<std::vector<Obu>> split_obus(BytesView tu) {
  std::vector<Obu> obus;
  std::size_t pos = 0;
  while (pos < tu.size()) {
    Obu obu;
    obu.header = tu[pos];
    if ((obu.header & 0x80) != 0) {
      return fail_at(Errc::malformed, "OBU forbidden bit set (AV1 spec §6.2.2)", pos);
    }
    std::size_t at = pos + 1;
    if ((obu.header & kObuExtensionFlag) != 0) {
      if (at >= tu.size()) {
        return fail_at(Errc::truncated, "OBU extension header missing (AV1 spec §5.3.3)", pos);
      }
      obu.extension = tu[at++];
    }
    std::size_t size = tu.size() - at;  // without obu_size the OBU runs to the end
    if ((obu.header & kObuHasSizeFlag) != 0) {
      auto leb = read_leb128(tu.subspan(at));
      if (!leb) return fail_at(Errc::truncated, leb.error().message, at);
      at += leb->size;
      if (leb->value > tu.size() - at) {
        return fail_at(Errc::truncated,
                       "obu_size " + std::to_string(leb->value) +
                           " runs past the temporal unit (AV1 spec §5.3.1)",
                       pos);
      }
      size = static_cast<std::size_t>(leb->value);
    } else if (at + size != tu.size()) {
      return fail_at(Errc::malformed, "OBU without obu_size before the last (AV1 spec §5.2)", pos);
    }
    obu.payload = tu.subspan(at, size);
    obus.push_back(obu);
    pos = at + size;
  }
  return obus;
}

bool av1_is_key_frame(const std::vector<Obu>& obus) {
  std::optional<bool> reduced_still_picture_header;
  for (const Obu& obu : obus) {
    if (obu.type() == ObuType::sequence_header && !obu.payload.empty()) {
      // §5.5.1: seq_profile f(3), still_picture f(1), reduced_still_picture_header f(1).
      reduced_still_picture_header = (obu.payload[0] & 0x08) != 0;
    } else if (obu.type() == ObuType::frame || obu.type() == ObuType::frame_header) {
      if (!reduced_still_picture_header) return false;  // no sequence header before it
      if (*reduced_still_picture_header) return true;   // §5.9.2: frame_type = KEY_FRAME
      if (obu.payload.empty()) return false;
      // §5.9.2 uncompressed_header: show_existing_frame f(1), frame_type f(2); KEY_FRAME = 0.
      const std::uint8_t bits = obu.payload[0];
      return (bits & 0x80) == 0 && ((bits >> 5) & 0x03) == 0;
    }
  }
  return false;
}

}  // namespace rtc::rtp
