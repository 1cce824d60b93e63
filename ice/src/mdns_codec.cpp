// mDNS query encoding and answer decoding (RFC 6762 §5.1, §6.7; RFC 1035 §4.1).
#include "mdns_codec.hpp"

#include <cctype>

namespace rtc::ice::mdns {

SocketAddress group_ipv4() {
  return SocketAddress::ipv4({224, 0, 0, 251}, kPort);
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.ends_with('.')) a.remove_suffix(1);
  if (b.ends_with('.')) b.remove_suffix(1);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

Result<Bytes> encode_query(std::uint16_t id, std::string_view name, std::uint16_t type) {
  if (name.ends_with('.')) name.remove_suffix(1);
  if (name.empty() || name.size() > 253) return fail(Errc::invalid_argument, "bad mDNS name");
  ByteWriter w(32 + name.size());
  // Header (RFC 1035 §4.1.1): ID, flags 0 (standard query), QDCOUNT 1.
  w.u16(id);
  w.u16(0);
  w.u16(1);
  w.u16(0);
  w.u16(0);
  w.u16(0);
  // QNAME: length-prefixed labels, then the root label.
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    const std::size_t len = dot - start;
    if (len == 0 || len > 63) return fail(Errc::invalid_argument, "bad mDNS label");
    w.u8(static_cast<std::uint8_t>(len));
    w.bytes(name.substr(start, len));
    start = dot + 1;
  }
  w.u8(0);
  w.u16(type);
  w.u16(1);  // class IN; the unicast-response bit is not needed for legacy unicast (§6.7)
  return w.take();
}

namespace {

// Reads a possibly compressed name starting at `at`; returns the offset just after it in the
// original position (not after a pointer's target).
Result<std::size_t> read_name(BytesView msg, std::size_t at, std::string& out) {
  std::size_t pos = at;
  std::optional<std::size_t> end;
  int jumps = 0;
  out.clear();
  while (true) {
    if (pos >= msg.size()) return fail_at(Errc::truncated, "DNS name runs past the end", pos);
    const std::uint8_t len = msg[pos];
    if ((len & 0xC0) == 0xC0) {
      if (pos + 1 >= msg.size()) return fail_at(Errc::truncated, "DNS pointer truncated", pos);
      if (++jumps > 16) return fail_at(Errc::malformed, "DNS name pointer loop", pos);
      if (!end) end = pos + 2;
      pos = static_cast<std::size_t>(((len & 0x3F) << 8) | msg[pos + 1]);
      continue;
    }
    if ((len & 0xC0) != 0) return fail_at(Errc::malformed, "DNS label type unsupported", pos);
    if (len == 0) {
      if (!end) end = pos + 1;
      return *end;
    }
    if (pos + 1 + len > msg.size()) return fail_at(Errc::truncated, "DNS label truncated", pos);
    if (!out.empty()) out += '.';
    for (std::size_t i = 0; i < len; ++i) {
      out += static_cast<char>(std::tolower(msg[pos + 1 + i]));
    }
    if (out.size() > 255) return fail_at(Errc::malformed, "DNS name too long", pos);
    pos += 1 + len;
  }
}

}  // namespace

Result<Response> parse_response(BytesView datagram) {
  ByteReader r(datagram);
  auto id = r.u16();
  auto flags = r.u16();
  auto qd = r.u16();
  auto an = r.u16();
  auto ns = r.u16();
  auto ar = r.u16();
  if (!ar) return fail(Errc::truncated, "DNS header needs 12 bytes");
  if ((*flags & 0x8000) == 0) return fail(Errc::malformed, "not a DNS response (QR = 0)");
  Response response;
  response.id = *id;
  std::size_t pos = 12;
  std::string name;
  for (unsigned i = 0; i < *qd; ++i) {
    auto next = read_name(datagram, pos, name);
    if (!next) return std::unexpected(next.error());
    pos = *next + 4;  // QTYPE, QCLASS
    if (pos > datagram.size()) return fail_at(Errc::truncated, "DNS question truncated", pos);
  }
  const unsigned records = unsigned{*an} + *ns + *ar;
  for (unsigned i = 0; i < records; ++i) {
    auto next = read_name(datagram, pos, name);
    if (!next) return std::unexpected(next.error());
    pos = *next;
    if (pos + 10 > datagram.size()) return fail_at(Errc::truncated, "DNS record truncated", pos);
    const std::uint16_t type = load_be16(datagram, pos);
    const std::uint16_t cls = load_be16(datagram, pos + 2) & 0x7FFF;  // top bit: cache-flush
    const std::uint16_t rdlength = load_be16(datagram, pos + 8);
    pos += 10;
    if (pos + rdlength > datagram.size()) {
      return fail_at(Errc::truncated, "DNS record data truncated", pos);
    }
    const BytesView rdata = datagram.subspan(pos, rdlength);
    pos += rdlength;
    if (cls != 1) continue;
    if ((type == kTypeA && rdlength == 4) || (type == kTypeAaaa && rdlength == 16)) {
      if (auto ip = SocketAddress::from_bytes(rdata, 0)) {
        response.answers.push_back({name, *ip});
        if (response.answers.size() >= 16) break;  // bounded
      }
    }
  }
  return response;
}

}  // namespace rtc::ice::mdns
