// Real UDP sockets on 127.0.0.1 for tests and benchmarks (POSIX; the protocol code never sees
// them). drive() runs agents until a predicate holds: it sends what they ask, reads what
// arrives, and calls handle_timeout when their timers say so.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "rtc/ice/agent.hpp"

namespace rtc::ice::testing {

class UdpSocket {
 public:
  UdpSocket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0) {
      socklen_t len = sizeof sa;
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
      address_ = SocketAddress::ipv4({127, 0, 0, 1}, ntohs(sa.sin_port));
    }
  }
  ~UdpSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  bool ok() const { return fd_ >= 0 && address_.port() != 0; }
  int fd() const { return fd_; }
  const SocketAddress& address() const { return address_; }

  void send_to(const SocketAddress& to, BytesView data) const {
    if (!to.is_ipv4()) return;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(to.port());
    std::memcpy(&sa.sin_addr, to.ip_bytes().data(), 4);
    ::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  }
  std::optional<std::pair<SocketAddress, std::size_t>> receive(std::span<std::uint8_t> buf) const {
    sockaddr_in sa{};
    socklen_t len = sizeof sa;
    const auto n = ::recvfrom(fd_, buf.data(), buf.size(), MSG_DONTWAIT,
                              reinterpret_cast<sockaddr*>(&sa), &len);
    if (n < 0) return std::nullopt;
    std::array<std::uint8_t, 4> ip{};
    std::memcpy(ip.data(), &sa.sin_addr, 4);
    return std::make_pair(SocketAddress::ipv4(ip, ntohs(sa.sin_port)), static_cast<std::size_t>(n));
  }

 private:
  int fd_ = -1;
  SocketAddress address_;
};

struct LoopbackPeer {
  Agent* agent = nullptr;
  UdpSocket* socket = nullptr;
  std::function<void(const Event&)> on_event;
  std::function<void(BytesView)> on_data;
};

// Runs until `done()` or `limit` of wall time. Returns done().
inline bool drive(std::vector<LoopbackPeer> peers, const std::function<bool()>& done,
                  Duration limit) {
  const Timestamp end = now_steady() + limit;
  std::array<std::uint8_t, 2048> buf{};
  while (true) {
    Timestamp now = now_steady();
    for (auto& p : peers) {
      while (auto t = p.agent->poll_transmit()) p.socket->send_to(t->destination, t->data);
      while (auto e = p.agent->poll_event()) {
        if (p.on_event) p.on_event(*e);
      }
    }
    if (done()) return true;
    if (now >= end) return false;
    Timestamp wake = end;
    for (auto& p : peers) {
      if (auto t = p.agent->poll_timeout(); t && *t < wake) wake = *t;
    }
    std::vector<pollfd> fds;
    for (auto& p : peers) fds.push_back(pollfd{p.socket->fd(), POLLIN, 0});
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now);
    ::poll(fds.data(), fds.size(), wait.count() > 0 ? static_cast<int>(wait.count()) : 0);
    now = now_steady();
    for (auto& p : peers) {
      while (auto got = p.socket->receive(buf)) {
        auto app = p.agent->handle_receive(now, p.socket->address(), got->first,
                                           BytesView(buf).first(got->second));
        if (app && p.on_data) p.on_data(*app);
      }
      if (auto t = p.agent->poll_timeout(); t && *t <= now) p.agent->handle_timeout(now);
    }
  }
}

}  // namespace rtc::ice::testing
