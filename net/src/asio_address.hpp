// SocketAddress <-> asio endpoints, at the one place where the two meet.
#pragma once

#include <asio.hpp>

#include "rtc/common/socket_address.hpp"

namespace rtc::net {

inline asio::ip::udp::endpoint to_endpoint(const SocketAddress& a) {
  if (a.is_ipv4()) {
    asio::ip::address_v4::bytes_type b{};
    std::copy(a.ip_bytes().begin(), a.ip_bytes().end(), b.begin());
    return {asio::ip::address_v4(b), a.port()};
  }
  asio::ip::address_v6::bytes_type b{};
  std::copy(a.ip_bytes().begin(), a.ip_bytes().end(), b.begin());
  return {asio::ip::address_v6(b), a.port()};
}

inline SocketAddress from_endpoint(const asio::ip::udp::endpoint& e) {
  const auto ip = e.address();
  if (ip.is_v4()) return SocketAddress::ipv4(ip.to_v4().to_bytes(), e.port());
  if (ip.to_v6().is_v4_mapped()) {
    return SocketAddress::ipv4(
        asio::ip::make_address_v4(asio::ip::v4_mapped, ip.to_v6()).to_bytes(), e.port());
  }
  const auto b = ip.to_v6().to_bytes();
  std::array<std::uint8_t, 16> a{};
  std::copy(b.begin(), b.end(), a.begin());
  return SocketAddress::ipv6(a, e.port());
}

}  // namespace rtc::net
