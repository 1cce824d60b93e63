// getifaddrs(3) to SocketAddress.
#include "rtc/net/interfaces.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <cstring>

namespace rtc::net {

std::vector<Interface> list_interfaces(const InterfaceOptions& options) {
  std::vector<Interface> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (!i->ifa_addr || !(i->ifa_flags & IFF_UP)) continue;
    SocketAddress address;
    if (i->ifa_addr->sa_family == AF_INET && options.ipv4) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
      std::array<std::uint8_t, 4> ip{};
      std::memcpy(ip.data(), &in->sin_addr, 4);
      address = SocketAddress::ipv4(ip, 0);
    } else if (i->ifa_addr->sa_family == AF_INET6 && options.ipv6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
      std::array<std::uint8_t, 16> ip{};
      std::memcpy(ip.data(), &in6->sin6_addr, 16);
      address = SocketAddress::ipv6(ip, 0);
    } else {
      continue;
    }
    if (address.is_loopback() && !options.loopback) continue;
    if (address.is_link_local() && !options.link_local) continue;
    if (address.is_unspecified()) continue;
    out.push_back({i->ifa_name ? i->ifa_name : "", address});
  }
  freeifaddrs(list);
  return out;
}

}  // namespace rtc::net
