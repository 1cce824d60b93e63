// PeerRunner: a PeerConnection on real UDP sockets, one per local address, with its timers, on a
// thread of its own (ARCHITECTURE.md: asio only at the edges; this header does not mention it).
//
//   net::PeerRunner runner(config, {.bind = {127.0.0.1:0}, .on_event = ...});
//   runner.start();                                      // binds, starts the loop thread
//   runner.post([](peer::PeerConnection& pc, Timestamp now) { pc.create_data_channel(now, "x"); });
//
// Everything that touches the PeerConnection runs on the loop thread: post() hands work to it,
// and on_event is called there, so neither needs a lock. After each receive, timer or posted
// job the runner sends what the connection queued (poll_transmit), delivers its events
// (poll_event) and re-arms the one timer at poll_timeout(): the whole sans-IO contract.
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <type_traits>
#include <vector>

#include "rtc/common/error.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/net/interfaces.hpp"
#include "rtc/net/pcap.hpp"
#include "rtc/peer/peer_connection.hpp"

namespace rtc::net {

struct PeerRunnerOptions {
  // Addresses to bind one UDP socket each (port 0: any free port). Empty: every address
  // list_interfaces(interfaces) returns.
  std::vector<SocketAddress> bind;
  InterfaceOptions interfaces;
  PcapngWriter* pcap = nullptr;  // every datagram sent and received, when set
  // Also record received datagrams. Off when every peer on the wire writes to the same file
  // (rtc demo), or each datagram would appear twice.
  bool pcap_received = true;
  // SO_RCVBUF / SO_SNDBUF of each socket (the kernel caps them at net.core.rmem_max/wmem_max).
  int socket_buffer = 4 * 1024 * 1024;
  // Called on the loop thread for every event; may call into the PeerConnection.
  std::function<void(peer::PeerConnection&, const peer::Event&)> on_event;
};

class PeerRunner {
 public:
  PeerRunner(peer::Configuration config, PeerRunnerOptions options);
  ~PeerRunner();  // stop()
  PeerRunner(const PeerRunner&) = delete;
  PeerRunner& operator=(const PeerRunner&) = delete;

  // Binds the sockets, tells the PeerConnection their addresses and starts the loop thread.
  // Returns the bound addresses.
  Result<std::vector<SocketAddress>> start();
  // Closes the PeerConnection (its last datagrams go out), stops the loop and joins it.
  void stop();

  // Runs `job` on the loop thread. Thread-safe.
  void post(std::function<void(peer::PeerConnection&, Timestamp)> job);
  // Runs `job` on the loop thread and waits for its result. Not from the loop thread.
  template <class F>
  auto call(F&& job) -> std::invoke_result_t<F, peer::PeerConnection&, Timestamp> {
    using R = std::invoke_result_t<F, peer::PeerConnection&, Timestamp>;
    auto promise = std::make_shared<std::promise<R>>();
    auto future = promise->get_future();
    post([promise, job = std::forward<F>(job)](peer::PeerConnection& pc, Timestamp now) mutable {
      if constexpr (std::is_void_v<R>) {
        job(pc, now);
        promise->set_value();
      } else {
        promise->set_value(job(pc, now));
      }
    });
    return future.get();
  }

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rtc::net
