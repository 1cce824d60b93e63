// SocketAddress <-> POSIX sockaddr, and "HOST:PORT" through the resolver: the edge where the
// CLI's socket loops (rtc stun, rtc turn, rtc ice) meet the operating system.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"

namespace rtc::cli {

socklen_t to_sockaddr(const SocketAddress& address, sockaddr_storage& out);
// A dual-stack socket sees IPv4 peers as ::ffff:a.b.c.d: those come back as IPv4.
SocketAddress from_sockaddr(const sockaddr_storage& in);
// "HOST:PORT" or "[V6]:PORT", HOST a name or a literal (getaddrinfo).
Result<SocketAddress> resolve(const std::string& host_port);

}  // namespace rtc::cli
