// SharedPortServer: one socket, one loop thread, a timer and a PeerConnection per connection.
#include "rtc/net/shared_port.hpp"

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "asio_address.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/net/ufrag_demux.hpp"

namespace rtc::net {

struct SharedPortServer::Impl : std::enable_shared_from_this<SharedPortServer::Impl> {
  struct Connection {
    Connection(peer::Configuration c, asio::io_context& io) : pc(std::move(c), random), timer(io) {}
    SecureRandom random;
    peer::PeerConnection pc;
    asio::steady_timer timer;
    std::optional<Timestamp> armed_for;
  };

  explicit Impl(SharedPortOptions o) : options(std::move(o)), socket(io) {}

  SharedPortOptions options;
  asio::io_context io;
  asio::ip::udp::socket socket;
  SocketAddress local;
  asio::ip::udp::endpoint from;
  std::array<std::uint8_t, 65536> buffer{};
  std::map<std::uint64_t, std::unique_ptr<Connection>> connections;  // loop thread only
  UfragDemux demux;
  std::atomic<std::uint64_t> next_id{1};
  std::atomic<std::size_t> count{0};
  std::thread thread;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  bool running = false;

  void receive() {
    socket.async_receive_from(
        asio::buffer(buffer), from,
        [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
          if (ec == asio::error::operation_aborted || !self->socket.is_open()) return;
          if (!ec) {
            const SocketAddress remote = from_endpoint(self->from);
            const BytesView data(self->buffer.data(), n);
            if (self->options.pcap) {
              self->options.pcap->write_udp(std::chrono::system_clock::now(), remote, self->local,
                                            data);
            }
            if (auto id = self->demux.route(remote, data)) {
              auto it = self->connections.find(*id);
              if (it != self->connections.end()) {
                it->second->pc.handle_receive(now_steady(), self->local, remote, data);
                self->flush(*id, *it->second);
              }
            }
          }
          self->receive();
        });
  }

  void flush(std::uint64_t id, Connection& c) {
    for (;;) {
      bool any = false;
      while (auto t = c.pc.poll_transmit()) {
        any = true;
        asio::error_code ec;
        socket.send_to(asio::buffer(t->data), to_endpoint(t->destination), 0, ec);
        if (!ec && options.pcap) {
          options.pcap->write_udp(std::chrono::system_clock::now(), local, t->destination, t->data);
        }
      }
      while (auto e = c.pc.poll_event()) {
        any = true;
        if (options.on_event) options.on_event(id, c.pc, *e);
      }
      if (!any) break;
    }
    arm(id, c);
  }

  void arm(std::uint64_t id, Connection& c) {
    auto next = c.pc.poll_timeout();
    if (next == c.armed_for) return;
    c.armed_for = next;
    if (!next) {
      c.timer.cancel();
      return;
    }
    c.timer.expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(
        std::max(Duration{0}, *next - now_steady())));
    c.timer.async_wait([self = shared_from_this(), id](const asio::error_code& ec) {
      if (ec) return;
      auto it = self->connections.find(id);
      if (it == self->connections.end()) return;
      it->second->armed_for.reset();
      it->second->pc.handle_timeout(now_steady());
      self->flush(id, *it->second);
    });
  }

  void close(std::uint64_t id) {
    auto it = connections.find(id);
    if (it == connections.end()) return;
    it->second->pc.close(now_steady());
    flush(id, *it->second);
    it->second->timer.cancel();
    demux.remove(id);
    connections.erase(it);
    --count;
  }
};

SharedPortServer::SharedPortServer(SharedPortOptions options)
    : impl_(std::make_shared<Impl>(std::move(options))) {}

SharedPortServer::~SharedPortServer() {
  stop();
}

Result<SocketAddress> SharedPortServer::start() {
  auto& s = *impl_;
  if (s.running) return fail(Errc::state, "already started");
  asio::error_code ec;
  const auto endpoint = to_endpoint(s.options.bind);
  s.socket.open(endpoint.protocol(), ec);
  if (!ec) s.socket.bind(endpoint, ec);
  if (ec) return fail(Errc::io, "cannot bind " + s.options.bind.to_string() + ": " + ec.message());
  asio::error_code ignored;
  s.socket.set_option(asio::socket_base::receive_buffer_size(s.options.socket_buffer), ignored);
  s.socket.set_option(asio::socket_base::send_buffer_size(s.options.socket_buffer), ignored);
  s.local = from_endpoint(s.socket.local_endpoint());
  s.running = true;
  s.work.emplace(asio::make_work_guard(s.io));
  s.receive();
  s.thread = std::thread([self = impl_] { self->io.run(); });
  return s.local;
}

void SharedPortServer::stop() {
  auto& s = *impl_;
  if (!s.running) return;
  s.running = false;
  asio::post(s.io, [self = impl_] {
    while (!self->connections.empty()) self->close(self->connections.begin()->first);
    asio::error_code ec;
    self->socket.close(ec);
    self->work.reset();
  });
  if (s.thread.joinable()) s.thread.join();
}

std::uint64_t SharedPortServer::add(peer::Configuration config) {
  const std::uint64_t id = impl_->next_id++;
  if (!impl_->running) return id;
  ++impl_->count;
  asio::post(impl_->io, [self = impl_, id, config = std::move(config)]() mutable {
    auto c = std::make_unique<Impl::Connection>(std::move(config), self->io);
    c->pc.add_local_address(now_steady(), self->local);
    self->demux.add(id, c->pc.local_ice_ufrag());
    auto& ref = *c;
    self->connections.emplace(id, std::move(c));
    self->flush(id, ref);
  });
  return id;
}

void SharedPortServer::remove(std::uint64_t id) {
  if (!impl_->running) return;
  asio::post(impl_->io, [self = impl_, id] { self->close(id); });
}

void SharedPortServer::post(std::uint64_t id,
                            std::function<void(peer::PeerConnection&, Timestamp)> job) {
  if (!impl_->running) return;
  asio::post(impl_->io, [self = impl_, id, job = std::move(job)] {
    auto it = self->connections.find(id);
    if (it == self->connections.end()) return;
    job(it->second->pc, now_steady());
    self->flush(id, *it->second);
  });
}

std::size_t SharedPortServer::connections() const {
  return impl_->count;
}

}  // namespace rtc::net
