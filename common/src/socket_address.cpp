// Parsing and printing of IPv4/IPv6 socket addresses, written out (no inet_pton) so that the
// grammar is visible: RFC 791 dotted quads, RFC 4291 §2.2 IPv6 text, RFC 5952 canonical output.
#include "rtc/common/socket_address.hpp"

#include <charconv>
#include <cstdio>
#include <optional>

namespace rtc {

const char* to_string(AddressFamily family) {
  return family == AddressFamily::ipv4 ? "IPv4" : "IPv6";
}

SocketAddress SocketAddress::ipv4(std::array<std::uint8_t, 4> ip, std::uint16_t port) {
  SocketAddress a;
  a.family_ = AddressFamily::ipv4;
  for (std::size_t i = 0; i < 4; ++i) a.ip_[i] = ip[i];
  a.port_ = port;
  return a;
}

SocketAddress SocketAddress::ipv6(const std::array<std::uint8_t, 16>& ip, std::uint16_t port) {
  SocketAddress a;
  a.family_ = AddressFamily::ipv6;
  a.ip_ = ip;
  a.port_ = port;
  return a;
}

Result<SocketAddress> SocketAddress::from_bytes(BytesView ip, std::uint16_t port) {
  if (ip.size() == 4) return ipv4({ip[0], ip[1], ip[2], ip[3]}, port);
  if (ip.size() == 16) {
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < 16; ++i) bytes[i] = ip[i];
    return ipv6(bytes, port);
  }
  return fail(Errc::invalid_argument,
              "an IP address has 4 (IPv4) or 16 (IPv6) bytes, not " + std::to_string(ip.size()));
}

namespace {

// RFC 791 dotted quad: four decimal numbers 0-255. Leading zeros are refused because some
// parsers read them as octal ("010" = 8), so the same text would name two addresses.
std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s) {
  std::array<std::uint8_t, 4> out{};
  std::size_t part = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    unsigned value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
    }
    std::size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0')) return std::nullopt;
    out[part++] = static_cast<std::uint8_t>(value);
    if (part == 4) break;
    if (i >= s.size() || s[i] != '.') return std::nullopt;
    ++i;
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 4291 §2.2: eight groups of 1-4 hex digits, one "::" for a run of zero groups, and an
// optional dotted-quad tail for the last 32 bits ("::ffff:192.0.2.1").
Result<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s) {
  auto bad = [&](std::string why) {
    return fail(Errc::malformed, "'" + std::string(s) + "' is not an IPv6 address: " + why);
  };
  if (s.find('%') != std::string_view::npos) {
    return bad("zone identifiers (%...) are not supported");
  }
  std::array<std::uint16_t, 8> groups{};
  std::size_t count = 0;
  std::optional<std::size_t> gap;  // index in groups where "::" stands
  std::size_t i = 0;
  if (s.starts_with("::")) {
    gap = 0;
    i = 2;
  } else if (s.starts_with(":")) {
    return bad("a single ':' cannot start an address");
  }
  while (i < s.size()) {
    if (count == 8) return bad("more than eight groups");
    // A dotted-quad tail takes the last two groups.
    std::size_t next_colon = s.find(':', i);
    std::string_view token =
        s.substr(i, next_colon == std::string_view::npos ? s.size() - i : next_colon - i);
    if (token.find('.') != std::string_view::npos) {
      if (next_colon != std::string_view::npos) return bad("an IPv4 tail must come last");
      auto v4 = parse_ipv4(token);
      if (!v4) return bad("bad IPv4 tail '" + std::string(token) + "'");
      if (count > 6) return bad("too many groups before the IPv4 tail");
      groups[count++] = static_cast<std::uint16_t>(((*v4)[0] << 8) | (*v4)[1]);
      groups[count++] = static_cast<std::uint16_t>(((*v4)[2] << 8) | (*v4)[3]);
      i = s.size();
      break;
    }
    if (token.empty() || token.size() > 4) return bad("a group has 1 to 4 hex digits");
    unsigned value = 0;
    for (char c : token) {
      int h = hex_value(c);
      if (h < 0) return bad(std::string("unexpected character '") + c + "'");
      value = value * 16 + static_cast<unsigned>(h);
    }
    groups[count++] = static_cast<std::uint16_t>(value);
    i += token.size();
    if (i == s.size()) break;
    // Now at ':'. "::" marks the gap (only once); a trailing single ':' is an error.
    if (i + 1 < s.size() && s[i + 1] == ':') {
      if (gap) return bad("'::' may appear only once");
      gap = count;
      i += 2;
    } else {
      ++i;
      if (i == s.size()) return bad("an address cannot end with a single ':'");
    }
  }
  std::array<std::uint16_t, 8> full{};
  if (gap) {
    if (count > 7) return bad("'::' must stand for at least one zero group");
    std::size_t tail = count - *gap;
    for (std::size_t k = 0; k < *gap; ++k) full[k] = groups[k];
    for (std::size_t k = 0; k < tail; ++k) full[8 - tail + k] = groups[*gap + k];
  } else {
    if (count != 8) return bad("eight groups are needed without '::'");
    full = groups;
  }
  std::array<std::uint8_t, 16> out{};
  for (std::size_t k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<std::uint8_t>(full[k] >> 8);
    out[2 * k + 1] = static_cast<std::uint8_t>(full[k]);
  }
  return out;
}

Result<std::uint16_t> parse_port(std::string_view s, std::string_view whole) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value > 65535 ||
      (s.size() > 1 && s[0] == '0')) {
    return fail(Errc::malformed, "'" + std::string(whole) +
                                     "': port must be a number 0-65535, not '" + std::string(s) +
                                     "'");
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

Result<SocketAddress> SocketAddress::from_ip(std::string_view ip, std::uint16_t port) {
  if (ip.find(':') == std::string_view::npos) {
    auto v4 = parse_ipv4(ip);
    if (!v4) return fail(Errc::malformed, "'" + std::string(ip) + "' is not an IPv4 address");
    return ipv4(*v4, port);
  }
  auto v6 = parse_ipv6(ip);
  if (!v6) return std::unexpected(v6.error());
  return ipv6(*v6, port);
}

Result<SocketAddress> SocketAddress::parse(std::string_view text) {
  if (text.starts_with("[")) {
    auto close = text.find(']');
    if (close == std::string_view::npos) {
      return fail(Errc::malformed, "'" + std::string(text) + "': missing ']'");
    }
    if (close + 1 >= text.size() || text[close + 1] != ':') {
      return fail(Errc::malformed, "'" + std::string(text) + "': expected ':port' after ']'");
    }
    auto port = parse_port(text.substr(close + 2), text);
    if (!port) return std::unexpected(port.error());
    auto v6 = parse_ipv6(text.substr(1, close - 1));
    if (!v6) return std::unexpected(v6.error());
    return ipv6(*v6, *port);
  }
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return fail(Errc::malformed,
                "'" + std::string(text) + "': expected ADDRESS:PORT (\"192.0.2.1:3478\")");
  }
  if (text.find(':') != colon) {
    return fail(Errc::malformed, "'" + std::string(text) +
                                     "': an IPv6 address with a port needs brackets, "
                                     "\"[2001:db8::1]:3478\"");
  }
  auto port = parse_port(text.substr(colon + 1), text);
  if (!port) return std::unexpected(port.error());
  auto v4 = parse_ipv4(text.substr(0, colon));
  if (!v4) {
    return fail(Errc::malformed,
                "'" + std::string(text.substr(0, colon)) + "' is not an IPv4 address");
  }
  return ipv4(*v4, *port);
}

bool SocketAddress::is_unspecified() const {
  for (auto b : ip_bytes()) {
    if (b != 0) return false;
  }
  return true;
}

bool SocketAddress::is_loopback() const {
  if (is_ipv4()) return ip_[0] == 127;
  for (std::size_t i = 0; i < 15; ++i) {
    if (ip_[i] != 0) return false;
  }
  return ip_[15] == 1;
}

bool SocketAddress::is_link_local() const {
  if (is_ipv4()) return ip_[0] == 169 && ip_[1] == 254;
  return ip_[0] == 0xfe && (ip_[1] & 0xc0) == 0x80;
}

bool SocketAddress::is_private() const {
  if (is_ipv4()) {
    return ip_[0] == 10 || (ip_[0] == 172 && (ip_[1] & 0xf0) == 16) ||
           (ip_[0] == 192 && ip_[1] == 168);
  }
  return (ip_[0] & 0xfe) == 0xfc;
}

std::string SocketAddress::ip_string() const {
  char buf[64];
  if (is_ipv4()) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip_[0], ip_[1], ip_[2], ip_[3]);
    return buf;
  }
  std::array<unsigned, 8> g{};
  for (std::size_t k = 0; k < 8; ++k) g[k] = (unsigned{ip_[2 * k]} << 8) | ip_[2 * k + 1];

  // RFC 5952 §5: IPv4-mapped addresses keep the dotted tail.
  bool mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
  std::size_t groups = mapped ? 6 : 8;

  // RFC 5952 §4.2: "::" replaces the longest run of two or more zero groups, the first one
  // when two runs are equally long.
  std::size_t best_start = groups, best_len = 0;
  for (std::size_t k = 0; k < groups;) {
    if (g[k] != 0) {
      ++k;
      continue;
    }
    std::size_t start = k;
    while (k < groups && g[k] == 0) ++k;
    if (k - start > best_len) {
      best_start = start;
      best_len = k - start;
    }
  }
  if (best_len < 2) best_start = groups;

  std::string out;
  for (std::size_t k = 0; k < groups;) {
    if (k == best_start) {
      out += "::";
      k += best_len;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[k]);  // RFC 5952 §4.3: lower case, no leading zeros
    out += buf;
    ++k;
  }
  if (mapped) {
    if (out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip_[12], ip_[13], ip_[14], ip_[15]);
    out += buf;
  }
  return out;
}

std::string SocketAddress::to_string() const {
  std::string port = std::to_string(port_);
  if (is_ipv4()) return ip_string() + ":" + port;
  return "[" + ip_string() + "]:" + port;
}

}  // namespace rtc
