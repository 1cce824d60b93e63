// A minimal real-UDP driver for the interop tests: one socket on 127.0.0.1, poll(2) with the
// endpoint's timeout, the steady clock. (The CLI has its own, with stdin; net/ will own the
// reusable one.)
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>

#include "dtls_test_support.hpp"

namespace rtc::dtls::test {

struct UdpSocket {
  int fd = -1;
  bool peer_known = false;  // connected to the peer (a server learns it from the first datagram)
  UdpSocket() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  ~UdpSocket() {
    if (fd >= 0) ::close(fd);
  }
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;
  int port() const {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    return ntohs(a.sin_port);
  }
  void connect_to(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    peer_known = true;
  }
};

// A free UDP port on 127.0.0.1 (bound, read, released: good enough on loopback for tests).
inline int free_udp_port() {
  UdpSocket s;
  return s.port();
}

// Drives `e` over `sock` until `done()` or `limit` of real time. A server socket that is not
// yet connected connects to the first sender.
inline void drive(DtlsEndpoint& e, UdpSocket& sock, Collected& events,
                  const std::function<bool()>& done, Duration limit,
                  const std::function<void()>& each_round = {}) {
  bool& connected = sock.peer_known;
  const Timestamp end = now_steady() + limit;
  Bytes buf(65536);
  while (!done() && now_steady() < end) {
    while (auto d = e.poll_transmit()) {
      if (connected) ::send(sock.fd, d->data(), d->size(), 0);
    }
    drain_events(e, events);
    if (each_round) each_round();
    if (done()) break;
    int wait_ms = 50;
    if (auto t = e.poll_timeout()) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*t - now_steady()).count();
      wait_ms = static_cast<int>(std::clamp<long long>(ms, 0, 50));
    }
    pollfd p{sock.fd, POLLIN, 0};
    if (::poll(&p, 1, wait_ms) > 0) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      const ssize_t n =
          ::recvfrom(sock.fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n > 0) {
        if (!connected) {
          ::connect(sock.fd, reinterpret_cast<sockaddr*>(&from), len);
          connected = true;
        }
        e.handle_receive(now_steady(), BytesView(buf.data(), static_cast<std::size_t>(n)));
      }
    }
    if (auto t = e.poll_timeout(); t && *t <= now_steady()) e.handle_timeout(now_steady());
  }
  while (auto d = e.poll_transmit()) {
    if (connected) ::send(sock.fd, d->data(), d->size(), 0);
  }
  drain_events(e, events);
}

}  // namespace rtc::dtls::test
