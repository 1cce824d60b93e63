// The STUN server's socket loop.
#include "rtc/net/stun_server.hpp"

#include <array>
#include <atomic>
#include <thread>

#include "asio_address.hpp"
#include "rtc/stun/server.hpp"

namespace rtc::net {

struct StunServer::Impl : std::enable_shared_from_this<StunServer::Impl> {
  explicit Impl(StunServerOptions o) : options(std::move(o)), socket(io) {}
  StunServerOptions options;
  asio::io_context io;
  asio::ip::udp::socket socket;
  asio::ip::udp::endpoint from;
  std::array<std::uint8_t, 2048> buffer{};
  std::thread thread;
  std::atomic<std::uint64_t> answered{0};
  bool running = false;

  void receive() {
    socket.async_receive_from(
        asio::buffer(buffer), from,
        [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
          if (ec == asio::error::operation_aborted || !self->socket.is_open()) return;
          if (!ec) {
            const SocketAddress client = from_endpoint(self->from);
            stun::BindingServerOptions o;
            o.software = self->options.software;
            if (auto answer =
                    stun::answer_binding_request(BytesView(self->buffer.data(), n), client, o)) {
              asio::error_code send_ec;
              self->socket.send_to(asio::buffer(*answer), self->from, 0, send_ec);
              ++self->answered;
              if (self->options.log) self->options.log(client, "Binding success response");
            }
          }
          self->receive();
        });
  }
};

StunServer::StunServer(StunServerOptions options)
    : impl_(std::make_shared<Impl>(std::move(options))) {}
StunServer::~StunServer() {
  stop();
}

Result<SocketAddress> StunServer::start() {
  auto& s = *impl_;
  if (s.running) return fail(Errc::state, "already started");
  asio::error_code ec;
  const auto endpoint = to_endpoint(s.options.bind);
  s.socket.open(endpoint.protocol(), ec);
  if (!ec) s.socket.bind(endpoint, ec);
  if (ec) return fail(Errc::io, "cannot bind " + s.options.bind.to_string() + ": " + ec.message());
  s.running = true;
  s.receive();
  s.thread = std::thread([self = impl_] { self->io.run(); });
  return from_endpoint(s.socket.local_endpoint());
}

void StunServer::stop() {
  auto& s = *impl_;
  if (!s.running) return;
  s.running = false;
  asio::post(s.io, [self = impl_] {
    asio::error_code ec;
    self->socket.close(ec);
  });
  if (s.thread.joinable()) s.thread.join();
}

std::uint64_t StunServer::requests_answered() const {
  return impl_->answered;
}

}  // namespace rtc::net
