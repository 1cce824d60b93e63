// SocketAddress <-> sockaddr and the resolver, for the CLI's POSIX socket loops.
#include "posix_address.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <array>
#include <cstring>

namespace rtc::cli {

socklen_t to_sockaddr(const SocketAddress& a, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  if (a.is_ipv4()) {
    auto* s = reinterpret_cast<sockaddr_in*>(&out);
    s->sin_family = AF_INET;
    s->sin_port = htons(a.port());
    std::memcpy(&s->sin_addr, a.ip_bytes().data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* s = reinterpret_cast<sockaddr_in6*>(&out);
  s->sin6_family = AF_INET6;
  s->sin6_port = htons(a.port());
  std::memcpy(&s->sin6_addr, a.ip_bytes().data(), 16);
  return sizeof(sockaddr_in6);
}

SocketAddress from_sockaddr(const sockaddr_storage& in) {
  if (in.ss_family == AF_INET) {
    const auto* s = reinterpret_cast<const sockaddr_in*>(&in);
    std::array<std::uint8_t, 4> ip;
    std::memcpy(ip.data(), &s->sin_addr, 4);
    return SocketAddress::ipv4(ip, ntohs(s->sin_port));
  }
  const auto* s = reinterpret_cast<const sockaddr_in6*>(&in);
  std::array<std::uint8_t, 16> ip;
  std::memcpy(ip.data(), &s->sin6_addr, 16);
  // A dual-stack socket sees IPv4 clients as ::ffff:a.b.c.d: report them as IPv4.
  if (IN6_IS_ADDR_V4MAPPED(&s->sin6_addr)) {
    return SocketAddress::ipv4({ip[12], ip[13], ip[14], ip[15]}, ntohs(s->sin6_port));
  }
  return SocketAddress::ipv6(ip, ntohs(s->sin6_port));
}

// "HOST:PORT" or "[V6]:PORT", HOST a name or a literal.
Result<SocketAddress> resolve(const std::string& host_port) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos || colon + 1 == host_port.size()) {
    return fail(Errc::invalid_argument, "expected HOST:PORT, got '" + host_port + "'");
  }
  std::string host = host_port.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), host_port.substr(colon + 1).c_str(), &hints, &res) != 0 ||
      res == nullptr) {
    return fail(Errc::io, "cannot resolve " + host_port);
  }
  sockaddr_storage storage{};
  std::memcpy(&storage, res->ai_addr, res->ai_addrlen);
  ::freeaddrinfo(res);
  return from_sockaddr(storage);
}

}  // namespace rtc::cli
