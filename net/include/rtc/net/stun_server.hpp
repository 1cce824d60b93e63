// A STUN Binding server (RFC 8489 §6.3) on a UDP socket and a thread of its own: the server
// `rtc demo` starts so its peers gather server-reflexive candidates, and that tests run. Each
// datagram goes through stun::answer_binding_request (stun/server.hpp), which decides what, if
// anything, to answer.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"

namespace rtc::net {

struct StunServerOptions {
  SocketAddress bind;  // e.g. 127.0.0.1:3478; port 0 picks a free one
  std::string software = "rtc";
  // Called on the server's thread for each request answered: (client address, summary).
  std::function<void(const SocketAddress&, std::string_view)> log;
};

class StunServer {
 public:
  explicit StunServer(StunServerOptions options);
  ~StunServer();  // stop()
  StunServer(const StunServer&) = delete;
  StunServer& operator=(const StunServer&) = delete;

  // Binds and starts the thread; returns the bound address.
  Result<SocketAddress> start();
  void stop();
  std::uint64_t requests_answered() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rtc::net
