// The loop that drives one PeerConnection: asio sockets and one steady_timer.
#include "rtc/net/peer_runner.hpp"

#include <array>
#include <thread>

#include "asio_address.hpp"
#include "rtc/common/time.hpp"

namespace rtc::net {

struct PeerRunner::Impl : std::enable_shared_from_this<PeerRunner::Impl> {
  struct Socket {
    asio::ip::udp::socket socket;
    SocketAddress local;
    asio::ip::udp::endpoint from;
    std::array<std::uint8_t, 65536> buffer{};
  };

  Impl(peer::Configuration config, PeerRunnerOptions o)
      : options(std::move(o)), pc(std::move(config), random), timer(io) {}

  PeerRunnerOptions options;
  SecureRandom random;
  peer::PeerConnection pc;
  asio::io_context io;
  asio::steady_timer timer;
  std::vector<std::unique_ptr<Socket>> sockets;
  std::thread thread;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  bool running = false;
  std::optional<Timestamp> armed_for;  // the deadline the timer is set to, if any

  static Timestamp now() { return now_steady(); }

  void receive(Socket& s) {
    s.socket.async_receive_from(
        asio::buffer(s.buffer), s.from,
        [self = shared_from_this(), &s](const asio::error_code& ec, std::size_t n) {
          // Closed (stop()): no more reads, or a closed socket would fail at once, forever.
          if (ec == asio::error::operation_aborted || !s.socket.is_open()) return;
          if (!ec) {
            const SocketAddress from = from_endpoint(s.from);
            BytesView data(s.buffer.data(), n);
            if (self->options.pcap && self->options.pcap_received) {
              self->options.pcap->write_udp(std::chrono::system_clock::now(), from, s.local, data);
            }
            self->pc.handle_receive(now(), s.local, from, data);
            self->flush();
          }
          // ICMP errors (ECONNREFUSED from an earlier send) arrive here too: keep listening.
          self->receive(s);
        });
  }

  void flush() {
    // Events may make more to send (an echo), and sending never makes events: loop until both
    // queues are empty, then re-arm the timer.
    for (;;) {
      bool any = false;
      while (auto t = pc.poll_transmit()) {
        any = true;
        for (auto& s : sockets) {
          if (s->local != t->socket) continue;
          asio::error_code ec;
          s->socket.send_to(asio::buffer(t->data), to_endpoint(t->destination), 0, ec);
          if (!ec && options.pcap) {
            options.pcap->write_udp(std::chrono::system_clock::now(), s->local, t->destination,
                                    t->data);
          }
          break;
        }
      }
      while (auto e = pc.poll_event()) {
        any = true;
        if (options.on_event) options.on_event(pc, *e);
      }
      if (!any) break;
    }
    arm_timer();
  }

  void arm_timer() {
    auto next = pc.poll_timeout();
    // Re-arming a timer is a system call (timerfd); most flushes leave the deadline as it was.
    if (next == armed_for) return;
    armed_for = next;
    if (!next) {
      timer.cancel();
      return;
    }
    const auto delay = std::max(Duration{0}, *next - now());
    timer.expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(delay));
    timer.async_wait([self = shared_from_this()](const asio::error_code& ec) {
      if (ec) return;  // cancelled: re-armed elsewhere
      self->armed_for.reset();
      self->pc.handle_timeout(now());
      self->flush();
    });
  }
};

PeerRunner::PeerRunner(peer::Configuration config, PeerRunnerOptions options)
    : impl_(std::make_shared<Impl>(std::move(config), std::move(options))) {}

PeerRunner::~PeerRunner() {
  stop();
}

Result<std::vector<SocketAddress>> PeerRunner::start() {
  auto& s = *impl_;
  if (s.running) return fail(Errc::state, "already started");
  std::vector<SocketAddress> bind = s.options.bind;
  if (bind.empty()) {
    for (const auto& i : list_interfaces(s.options.interfaces)) bind.push_back(i.address);
  }
  if (bind.empty()) return fail(Errc::io, "no local address to bind (no interface is up?)");
  std::vector<SocketAddress> bound;
  for (const auto& address : bind) {
    auto sock =
        std::make_unique<Impl::Socket>(Impl::Socket{asio::ip::udp::socket(s.io), address, {}, {}});
    asio::error_code ec;
    const auto endpoint = to_endpoint(address);
    sock->socket.open(endpoint.protocol(), ec);
    if (!ec && address.is_ipv6()) sock->socket.set_option(asio::ip::v6_only(true), ec);
    if (!ec) sock->socket.bind(endpoint, ec);
    if (!ec) {
      // A burst of SCTP or video packets must not overflow the kernel's receive queue while
      // the loop thread is busy: a drop there is a loss SCTP's congestion control pays for
      // (RFC 9260 §7.2.3). Best effort: the kernel caps it at net.core.rmem_max.
      asio::error_code ignored;
      sock->socket.set_option(asio::socket_base::receive_buffer_size(s.options.socket_buffer),
                              ignored);
      sock->socket.set_option(asio::socket_base::send_buffer_size(s.options.socket_buffer),
                              ignored);
    }
    if (ec) return fail(Errc::io, "cannot bind " + address.to_string() + ": " + ec.message());
    sock->local = from_endpoint(sock->socket.local_endpoint());
    bound.push_back(sock->local);
    s.sockets.push_back(std::move(sock));
  }
  s.running = true;
  s.work.emplace(asio::make_work_guard(s.io));
  asio::post(s.io, [self = impl_, bound] {
    for (const auto& a : bound) self->pc.add_local_address(Impl::now(), a);
    for (auto& sock : self->sockets) self->receive(*sock);
    self->flush();
  });
  s.thread = std::thread([self = impl_] { self->io.run(); });
  return bound;
}

void PeerRunner::post(std::function<void(peer::PeerConnection&, Timestamp)> job) {
  if (!impl_->running) return;
  asio::post(impl_->io, [self = impl_, job = std::move(job)] {
    job(self->pc, Impl::now());
    self->flush();
  });
}

void PeerRunner::stop() {
  auto& s = *impl_;
  if (!s.running) return;
  s.running = false;
  asio::post(s.io, [self = impl_] {
    self->pc.close(Impl::now());
    self->flush();
    self->timer.cancel();
    for (auto& sock : self->sockets) {
      asio::error_code ec;
      sock->socket.close(ec);
    }
    self->work.reset();
  });
  if (s.thread.joinable()) s.thread.join();
}

}  // namespace rtc::net
