// The host's IP addresses, for ICE host candidates (RFC 8445 §5.1.1.1): getifaddrs(3), with
// loopback and link-local addresses left out unless asked for (RFC 8445 §5.1.1.1 says not to
// use them; tests on one machine need loopback).
#pragma once

#include <string>
#include <vector>

#include "rtc/common/socket_address.hpp"

namespace rtc::net {

struct Interface {
  std::string name;       // "eth0"
  SocketAddress address;  // port 0
};

struct InterfaceOptions {
  bool ipv4 = true;
  bool ipv6 = true;
  bool loopback = false;    // 127.0.0.0/8 and ::1
  bool link_local = false;  // 169.254/16 and fe80::/10 (need a scope id to be useful)
};

// Up interfaces' addresses in the order the kernel lists them; IPv4 and IPv6 both.
std::vector<Interface> list_interfaces(const InterfaceOptions& options = {});

}  // namespace rtc::net
