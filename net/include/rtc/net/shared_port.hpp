// SharedPortServer: many PeerConnections on ONE UDP port, as a server runs them (one port to
// open in a firewall, one socket for the kernel). Datagrams are routed to their connection by
// UfragDemux (ICE ufrag first, then the remote address it taught); each connection has its own
// timer; all run on the server's one loop thread. Like PeerRunner, the header hides asio.
//
//   net::SharedPortServer server({.bind = 0.0.0.0:3478, .on_event = ...});
//   server.start();
//   auto id = server.add(config);                      // a new PeerConnection on the port
//   server.post(id, [](peer::PeerConnection& pc, Timestamp now) { ...set_remote_description... });
//
// ICE restarts change the ufrag: the demultiplexer keeps routing by the learned addresses but
// new remote addresses after a restart are not learned (not needed by the demo or the tests).
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>

#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/net/pcap.hpp"
#include "rtc/peer/peer_connection.hpp"

namespace rtc::net {

struct SharedPortOptions {
  SocketAddress bind;  // one address and port for every connection (port 0: any free one)
  PcapngWriter* pcap = nullptr;
  int socket_buffer = 8 * 1024 * 1024;
  // Called on the loop thread with the connection's id.
  std::function<void(std::uint64_t id, peer::PeerConnection&, const peer::Event&)> on_event;
};

class SharedPortServer {
 public:
  explicit SharedPortServer(SharedPortOptions options);
  ~SharedPortServer();  // stop()
  SharedPortServer(const SharedPortServer&) = delete;
  SharedPortServer& operator=(const SharedPortServer&) = delete;

  Result<SocketAddress> start();
  void stop();  // closes every connection, then the socket

  // A new PeerConnection whose only local address is the shared socket. Thread-safe.
  std::uint64_t add(peer::Configuration config);
  void remove(std::uint64_t id);  // closes it
  void post(std::uint64_t id, std::function<void(peer::PeerConnection&, Timestamp)> job);
  template <class F>
  auto call(std::uint64_t id, F&& job)
      -> std::invoke_result_t<F, peer::PeerConnection&, Timestamp> {
    using R = std::invoke_result_t<F, peer::PeerConnection&, Timestamp>;
    auto promise = std::make_shared<std::promise<R>>();
    auto future = promise->get_future();
    post(id,
         [promise, job = std::forward<F>(job)](peer::PeerConnection& pc, Timestamp now) mutable {
           if constexpr (std::is_void_v<R>) {
             job(pc, now);
             promise->set_value();
           } else {
             promise->set_value(job(pc, now));
           }
         });
    return future.get();
  }
  std::size_t connections() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rtc::net
