// Hello extensions: codec (RFC 5246 §7.4.1.4 and the RFCs cited in extensions.hpp).
#include "rtc/dtls/extensions.hpp"

#include <algorithm>

namespace rtc::dtls {

namespace {

// A list of 16-bit values behind a 16-bit byte length.
Result<std::vector<std::uint16_t>> u16_list(BytesView body) {
  ByteReader r(body);
  auto len = r.u16();
  if (!len) return std::unexpected(len.error());
  if (*len % 2 != 0 || *len != r.remaining()) return fail(Errc::malformed, "bad list length");
  std::vector<std::uint16_t> out;
  while (!r.empty()) out.push_back(r.u16().value());
  return out;
}

}  // namespace

Result<Extensions> parse_extensions(ByteReader& reader) {
  Extensions ext;
  if (reader.empty()) return ext;  // extensions are optional in a hello (RFC 5246 §7.4.1.2)
  auto total = reader.u16();
  if (!total) return std::unexpected(total.error());
  auto block = reader.bytes(*total);
  if (!block) return fail(Errc::truncated, "extensions run past the hello");
  if (!reader.empty()) return fail(Errc::malformed, "bytes after the extensions");
  ByteReader r(*block);
  std::vector<std::uint16_t> seen;
  while (!r.empty()) {
    auto type = r.u16();
    auto len = type ? r.u16() : Result<std::uint16_t>(std::unexpected(type.error()));
    if (!len) return fail(Errc::truncated, "truncated extension header");
    auto body = r.bytes(*len);
    if (!body) return fail(Errc::truncated, "extension runs past the block");
    if (std::find(seen.begin(), seen.end(), *type) != seen.end()) {
      return fail(Errc::malformed, "duplicate extension " + std::to_string(*type));
    }
    seen.push_back(*type);
    switch (static_cast<ExtensionType>(*type)) {
      case ExtensionType::supported_groups: {  // NamedGroup named_group_list<2..2^16-1>
        auto list = u16_list(*body);
        if (!list || list->empty()) return fail(Errc::malformed, "bad supported_groups");
        ext.supported_groups = std::move(*list);
        break;
      }
      case ExtensionType::ec_point_formats: {  // ECPointFormat ec_point_format_list<1..2^8-1>
        ByteReader b(*body);
        auto n = b.u8();
        if (!n || *n == 0 || *n != b.remaining())
          return fail(Errc::malformed, "bad ec_point_formats");
        auto formats = b.bytes(*n).value();
        ext.ec_point_formats = std::vector<std::uint8_t>(formats.begin(), formats.end());
        break;
      }
      case ExtensionType::signature_algorithms: {  // supported_signature_algorithms<2..2^16-2>
        auto list = u16_list(*body);
        if (!list || list->empty()) return fail(Errc::malformed, "bad signature_algorithms");
        ext.signature_algorithms = std::move(*list);
        break;
      }
      case ExtensionType::use_srtp: {  // RFC 5764 §4.1.1
        ByteReader b(*body);
        auto n = b.u16();
        if (!n || *n % 2 != 0 || *n == 0) return fail(Errc::malformed, "bad use_srtp profiles");
        auto profiles = b.bytes(*n);
        if (!profiles) return fail(Errc::malformed, "use_srtp profiles run past the extension");
        auto mki_len = b.u8();
        if (!mki_len) return fail(Errc::malformed, "use_srtp without srtp_mki");
        auto mki = b.bytes(*mki_len);
        if (!mki || !b.empty()) return fail(Errc::malformed, "bad use_srtp srtp_mki");
        UseSrtp u;
        for (std::size_t i = 0; i < profiles->size(); i += 2)
          u.profiles.push_back(load_be16(*profiles, i));
        u.mki.assign(mki->begin(), mki->end());
        ext.use_srtp = std::move(u);
        break;
      }
      case ExtensionType::extended_master_secret:  // RFC 7627 §5.1: empty
        if (!body->empty()) return fail(Errc::malformed, "extended_master_secret must be empty");
        ext.extended_master_secret = true;
        break;
      case ExtensionType::renegotiation_info: {  // RFC 5746 §3.2
        ByteReader b(*body);
        auto n = b.u8();
        if (!n || *n != b.remaining()) return fail(Errc::malformed, "bad renegotiation_info");
        auto v = b.bytes(*n).value();
        ext.renegotiation_info = Bytes(v.begin(), v.end());
        break;
      }
      default:
        ext.others.push_back(*type);
        break;
    }
  }
  return ext;
}

void write_extensions(ByteWriter& out, const Extensions& ext) {
  ByteWriter w;
  auto header = [&](ExtensionType type, std::size_t length) {
    w.u16(static_cast<std::uint16_t>(type));
    w.u16(static_cast<std::uint16_t>(length));
  };
  if (ext.renegotiation_info) {
    header(ExtensionType::renegotiation_info, 1 + ext.renegotiation_info->size());
    w.u8(static_cast<std::uint8_t>(ext.renegotiation_info->size()));
    w.bytes(*ext.renegotiation_info);
  }
  if (ext.extended_master_secret) header(ExtensionType::extended_master_secret, 0);
  if (ext.supported_groups) {
    header(ExtensionType::supported_groups, 2 + 2 * ext.supported_groups->size());
    w.u16(static_cast<std::uint16_t>(2 * ext.supported_groups->size()));
    for (auto g : *ext.supported_groups) w.u16(g);
  }
  if (ext.ec_point_formats) {
    header(ExtensionType::ec_point_formats, 1 + ext.ec_point_formats->size());
    w.u8(static_cast<std::uint8_t>(ext.ec_point_formats->size()));
    w.bytes(*ext.ec_point_formats);
  }
  if (ext.signature_algorithms) {
    header(ExtensionType::signature_algorithms, 2 + 2 * ext.signature_algorithms->size());
    w.u16(static_cast<std::uint16_t>(2 * ext.signature_algorithms->size()));
    for (auto s : *ext.signature_algorithms) w.u16(s);
  }
  if (ext.use_srtp) {
    header(ExtensionType::use_srtp,
           2 + 2 * ext.use_srtp->profiles.size() + 1 + ext.use_srtp->mki.size());
    w.u16(static_cast<std::uint16_t>(2 * ext.use_srtp->profiles.size()));
    for (auto p : ext.use_srtp->profiles) w.u16(p);
    w.u8(static_cast<std::uint8_t>(ext.use_srtp->mki.size()));
    w.bytes(ext.use_srtp->mki);
  }
  if (w.size() == 0) return;
  out.u16(static_cast<std::uint16_t>(w.size()));
  out.bytes(w.view());
}

}  // namespace rtc::dtls
