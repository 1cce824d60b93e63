// SocketAddress: an IP address (IPv4 or IPv6) and a UDP/TCP port, as a plain value.
//
// Every module that names a network endpoint uses this type: STUN's MAPPED-ADDRESS and
// XOR-MAPPED-ADDRESS (RFC 8489 §14.1, §14.2), TURN's relayed and peer addresses (RFC 8656),
// ICE candidates (RFC 8445 §5.1), the simulated network in tests and the asio runtime in net/.
// It holds bytes in network order, never a sockaddr, so the protocol modules stay free of socket
// headers (ARCHITECTURE.md, sans-IO); net/ converts at the edge.
//
// Text forms (RFC 5952 for IPv6, RFC 3986 §3.2.2 brackets when a port follows):
//   "192.0.2.1:3478"   "[2001:db8::1]:3478"   "[::ffff:192.0.2.1]:5"
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc {

enum class AddressFamily : std::uint8_t { ipv4, ipv6 };
const char* to_string(AddressFamily family);  // "IPv4" / "IPv6"

class SocketAddress {
 public:
  // 0.0.0.0:0, the IPv4 "unspecified" address.
  SocketAddress() = default;

  static SocketAddress ipv4(std::array<std::uint8_t, 4> ip, std::uint16_t port);
  static SocketAddress ipv6(const std::array<std::uint8_t, 16>& ip, std::uint16_t port);
  // From 4 (IPv4) or 16 (IPv6) address bytes in network order.
  static Result<SocketAddress> from_bytes(BytesView ip, std::uint16_t port);

  // "1.2.3.4:5" or "[::1]:5". The error says which character was wrong.
  static Result<SocketAddress> parse(std::string_view text);
  // An address without a port, as SDP candidates write it ("1.2.3.4", "::1"; no brackets).
  static Result<SocketAddress> from_ip(std::string_view ip, std::uint16_t port);

  AddressFamily family() const { return family_; }
  bool is_ipv4() const { return family_ == AddressFamily::ipv4; }
  bool is_ipv6() const { return family_ == AddressFamily::ipv6; }
  // The address bytes in network order: 4 for IPv4, 16 for IPv6.
  BytesView ip_bytes() const { return BytesView(ip_).first(is_ipv4() ? 4 : 16); }
  std::uint16_t port() const { return port_; }
  void set_port(std::uint16_t port) { port_ = port; }

  bool is_unspecified() const;  // 0.0.0.0 or ::
  bool is_loopback() const;     // 127.0.0.0/8 or ::1
  bool is_link_local() const;   // 169.254.0.0/16 or fe80::/10
  bool is_private() const;      // RFC 1918 10/8, 172.16/12, 192.168/16, or RFC 4193 fc00::/7

  // The address alone: "192.0.2.1", "2001:db8::1" (RFC 5952 canonical form).
  std::string ip_string() const;
  // With the port: "192.0.2.1:3478", "[2001:db8::1]:3478".
  std::string to_string() const;

  friend bool operator==(const SocketAddress&, const SocketAddress&) = default;
  friend auto operator<=>(const SocketAddress&, const SocketAddress&) = default;

 private:
  AddressFamily family_ = AddressFamily::ipv4;
  std::array<std::uint8_t, 16> ip_{};  // IPv4 uses the first 4 bytes; the rest stay zero
  std::uint16_t port_ = 0;
};

}  // namespace rtc

template <>
struct std::hash<rtc::SocketAddress> {
  std::size_t operator()(const rtc::SocketAddress& a) const noexcept {
    // FNV-1a over family, address bytes and port: small, deterministic, good enough for maps.
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint8_t b) { h = (h ^ b) * 1099511628211ull; };
    mix(static_cast<std::uint8_t>(a.family()));
    for (auto b : a.ip_bytes()) mix(b);
    mix(static_cast<std::uint8_t>(a.port() >> 8));
    mix(static_cast<std::uint8_t>(a.port()));
    return static_cast<std::size_t>(h);
  }
};
