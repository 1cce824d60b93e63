// rtc turn allocate: a TURN allocation (stun/turn_client.hpp, RFC 8656) on a real socket.
//
//   rtc turn allocate --server 127.0.0.1:3478 --user alice --password secret
//                     [--peer 127.0.0.1:9000 --send hello] [--tcp] [--verbose]
//
// Allocates (with the 401 challenge of the long-term credential mechanism), prints the relayed
// and mapped addresses, and with --peer/--send sends TEXT to the peer through the relay twice:
// once by Send indication (after CreatePermission), once by ChannelData (after ChannelBind),
// printing whatever the peer sends back each time. Then it deletes the allocation (Refresh with
// LIFETIME 0). --verbose prints every protocol step with its RFC section.
//
// --tcp talks to the server over a TCP connection (RFC 8656 §3.1; the relayed address stays
// UDP). The I/O loop is POSIX (one socket, poll(2) with the client's timeout); the client
// itself is sans-IO.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <variant>

#include "command.hpp"
#include "posix_address.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/stun/turn_client.hpp"

namespace {

using namespace rtc;

using cli::from_sockaddr;
using cli::resolve;
using cli::to_sockaddr;

struct AllocateOptions {
  std::string server;
  std::string user;
  std::string password;
  std::string peer;
  std::string send;
  double wait_s = 2;
  double timeout_s = 10;
  std::optional<std::uint32_t> lifetime;
  bool verbose = false;
  bool tcp = false;
};

std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(v));
  return buf;
}

// Owns the socket and pumps the sans-IO client until a condition on its events holds.
class Session {
 public:
  Session(int fd, stun::TurnClient& client, bool stream)
      : fd_(fd), client_(client), stream_(stream) {}

  // Runs until `done(event)` returns true for an event (which is returned) or `limit` passes.
  // Every event passes through `observe` first.
  std::optional<stun::TurnEvent> run(Duration limit,
                                     const std::function<bool(const stun::TurnEvent&)>& done,
                                     const std::function<void(const stun::TurnEvent&)>& observe) {
    const Timestamp deadline = now_steady() + limit;
    Bytes buf(65536);
    while (true) {
      while (auto t = client_.poll_transmit()) {
        if (stream_) {
          // A blocking socket: send() returns once all of it is queued (or the peer is gone).
          (void)::send(fd_, t->data.data(), t->data.size(), MSG_NOSIGNAL);
          continue;
        }
        sockaddr_storage to{};
        const socklen_t len = to_sockaddr(t->destination, to);
        ::sendto(fd_, t->data.data(), t->data.size(), 0, reinterpret_cast<sockaddr*>(&to), len);
      }
      while (auto e = client_.poll_event()) {
        observe(*e);
        if (done(*e)) return e;
      }
      const Timestamp now = now_steady();
      if (now >= deadline) return std::nullopt;
      Timestamp wake = deadline;
      if (auto t = client_.poll_timeout()) wake = std::min(wake, *t);
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(std::clamp<long long>(ms, 0, 1000))) > 0 && stream_) {
        const ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
        if (n <= 0) {
          std::cerr << "rtc turn allocate: the server closed the TCP connection\n";
          return std::nullopt;
        }
        if (auto r = client_.handle_stream(now_steady(),
                                           BytesView(buf.data(), static_cast<std::size_t>(n)));
            !r) {
          std::cerr << "rtc turn allocate: " << r.error().message << "\n";
          return std::nullopt;
        }
      } else if ((p.revents & POLLIN) != 0) {
        sockaddr_storage from{};
        socklen_t from_len = sizeof from;
        const ssize_t n = ::recvfrom(fd_, buf.data(), buf.size(), 0,
                                     reinterpret_cast<sockaddr*>(&from), &from_len);
        if (n > 0) {
          client_.handle_receive(now_steady(), from_sockaddr(from),
                                 BytesView(buf.data(), static_cast<std::size_t>(n)));
        }
      }
      if (auto t = client_.poll_timeout(); t && *t <= now_steady()) {
        client_.handle_timeout(now_steady());
      }
    }
  }

 private:
  int fd_;
  stun::TurnClient& client_;
  bool stream_;
};

void print_event(const stun::TurnEvent& e) {
  if (auto* a = std::get_if<stun::TurnAllocated>(&e)) {
    std::cout << "Relayed address: " << a->relayed.to_string() << "\n"
              << "Mapped address: " << (a->mapped ? a->mapped->to_string() : "(not given)") << "\n"
              << "Lifetime: " << std::chrono::duration_cast<seconds>(a->lifetime).count() << " s\n";
  } else if (auto* f = std::get_if<stun::TurnAllocationFailed>(&e)) {
    std::cerr << "rtc turn allocate: allocation failed: " << f->error.message << "\n";
  } else if (auto* p = std::get_if<stun::TurnPermissionCreated>(&e)) {
    std::cout << "Permission created for " << p->peer.ip_string() << " (RFC 8656 §9)\n";
  } else if (auto* pf = std::get_if<stun::TurnPermissionFailed>(&e)) {
    std::cerr << "rtc turn allocate: permission for " << pf->peer.ip_string()
              << " failed: " << pf->error.message << "\n";
  } else if (auto* c = std::get_if<stun::TurnChannelBound>(&e)) {
    std::cout << "Channel " << hex16(c->channel) << " bound to " << c->peer.to_string()
              << " (RFC 8656 §12)\n";
  } else if (auto* cf = std::get_if<stun::TurnChannelBindFailed>(&e)) {
    std::cerr << "rtc turn allocate: ChannelBind failed: " << cf->error.message << "\n";
  } else if (auto* d = std::get_if<stun::TurnData>(&e)) {
    std::cout << "Reply from " << d->peer.to_string() << " ("
              << (d->channel != 0 ? "ChannelData " + hex16(d->channel) : "Data indication")
              << "): " << as_string_view(d->data) << "\n";
  } else if (auto* r = std::get_if<stun::TurnRefreshed>(&e)) {
    std::cout << "Refreshed: lifetime " << std::chrono::duration_cast<seconds>(r->lifetime).count()
              << " s\n";
  } else if (auto* cl = std::get_if<stun::TurnClosed>(&e)) {
    if (cl->error) {
      std::cerr << "rtc turn allocate: allocation closed: " << cl->error->message << "\n";
    } else {
      std::cout << "Deallocated (Refresh with LIFETIME 0, RFC 8656 §8.1)\n";
    }
  }
  std::cout << std::flush;
}

void run_allocate(const AllocateOptions& o, cli::Context& context) {
  auto usage = [&](const std::string& message) {
    std::cerr << "rtc turn allocate: " << message << "\n";
    context.exit_code = 2;
  };
  auto server = resolve(o.server);
  if (!server) return usage("--server: " + server.error().message);
  std::optional<SocketAddress> peer;
  if (!o.peer.empty()) {
    auto p = resolve(o.peer);
    if (!p) return usage("--peer: " + p.error().message);
    peer = *p;
  }
  if (peer.has_value() != !o.send.empty()) return usage("--peer and --send go together");

  const Timestamp origin = now_steady();
  FunctionTraceSink trace([&](const TraceEvent& e) {
    std::cout << format_trace(e, origin) << "\n" << std::flush;
  });
  stun::TurnConfig config;
  config.server = *server;
  config.username = o.user;
  config.password = o.password;
  config.requested_lifetime = o.lifetime;
  config.software = "rtc turn";
  config.transport = o.tcp ? stun::TurnTransport::tcp : stun::TurnTransport::udp;
  if (o.verbose) config.trace = &trace;
  SecureRandom random;
  auto client = stun::TurnClient::create(config, random);
  if (!client) return usage(client.error().message);

  const int fd =
      ::socket(server->is_ipv4() ? AF_INET : AF_INET6, o.tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
  if (fd < 0) return usage("cannot create a socket");
  if (o.tcp) {
    sockaddr_storage to{};
    const socklen_t len = to_sockaddr(*server, to);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), len) != 0) {
      ::close(fd);
      std::cerr << "rtc turn allocate: cannot connect to " << server->to_string()
                << " over TCP: " << std::strerror(errno) << "\n";
      context.exit_code = 1;
      return;
    }
  }
  Session session(fd, *client, o.tcp);
  const auto limit = std::chrono::milliseconds(static_cast<long>(o.timeout_s * 1000));
  const auto wait = std::chrono::milliseconds(static_cast<long>(o.wait_s * 1000));
  auto is = [](auto tag) {
    return [](const stun::TurnEvent& e) { return std::holds_alternative<decltype(tag)>(e); };
  };

  if (auto r = client->allocate(now_steady()); !r) {
    ::close(fd);
    return usage(r.error().message);
  }
  auto allocated = session.run(
      limit,
      [](const stun::TurnEvent& e) {
        return std::holds_alternative<stun::TurnAllocated>(e) ||
               std::holds_alternative<stun::TurnAllocationFailed>(e);
      },
      print_event);
  if (!allocated || !std::holds_alternative<stun::TurnAllocated>(*allocated)) {
    if (!allocated) {
      std::cerr << "rtc turn allocate: no answer from " << server->to_string() << "\n";
    }
    context.exit_code = 1;
    ::close(fd);
    return;
  }

  if (peer) {
    const BytesView text = as_bytes(o.send);
    // 1. Send indication (§11.1); the client creates the permission first (§10).
    if (auto r = client->send_to(now_steady(), *peer, text); !r) {
      std::cerr << "rtc turn allocate: " << r.error().message << "\n";
      context.exit_code = 1;
    } else {
      std::cout << "Sending " << text.size() << " bytes to " << peer->to_string()
                << " by Send indication (RFC 8656 §11)\n"
                << std::flush;
      if (!session.run(wait, is(stun::TurnData{}), print_event)) {
        std::cout << "No reply from " << peer->to_string() << " within " << o.wait_s << " s\n";
      }
    }
    // 2. ChannelBind, then ChannelData (§12).
    if (auto channel = client->bind_channel(now_steady(), *peer); !channel) {
      std::cerr << "rtc turn allocate: " << channel.error().message << "\n";
      context.exit_code = 1;
    } else if (auto bound = session.run(
                   limit,
                   [](const stun::TurnEvent& e) {
                     return std::holds_alternative<stun::TurnChannelBound>(e) ||
                            std::holds_alternative<stun::TurnChannelBindFailed>(e);
                   },
                   print_event);
               bound && std::holds_alternative<stun::TurnChannelBound>(*bound)) {
      std::cout << "Sending " << text.size() << " bytes to " << peer->to_string()
                << " by ChannelData on channel " << hex16(*channel) << " (RFC 8656 §12.5)\n"
                << std::flush;
      (void)client->send_to(now_steady(), *peer, text);
      if (!session.run(wait, is(stun::TurnData{}), print_event)) {
        std::cout << "No reply from " << peer->to_string() << " within " << o.wait_s << " s\n";
      }
    } else {
      context.exit_code = 1;
    }
  }

  client->close(now_steady());
  auto closed = session.run(limit, is(stun::TurnClosed{}), print_event);
  if (!closed) {
    std::cerr << "rtc turn allocate: no answer to the deallocation\n";
    context.exit_code = 1;
  } else if (std::get<stun::TurnClosed>(*closed).error) {
    context.exit_code = 1;
  }
  ::close(fd);
}

void setup(CLI::App& app, cli::Context& context) {
  auto* turn = app.add_subcommand(
      "turn", "TURN (RFC 8656): allocate a relayed address and send data through it");
  turn->require_subcommand(1);
  static AllocateOptions o;
  auto* allocate = turn->add_subcommand(
      "allocate",
      "Allocate a relayed address on a TURN server (UDP or --tcp to the server, long-term\n"
      "credentials), print it and\n"
      "the mapped address; with --peer and --send, send TEXT to the peer through the relay by\n"
      "Send indication and then by ChannelData, printing each reply; then deallocate.\n"
      "Example (coturn with user=alice:secret, realm=example.org):\n"
      "  rtc turn allocate --server 127.0.0.1:3478 --user alice --password secret \\\n"
      "      --peer 127.0.0.1:9000 --send hello --verbose");
  allocate->add_option("--server", o.server, "TURN server HOST:PORT")->required();
  allocate->add_option("--user", o.user, "Username (long-term credential, RFC 8489 §9.2)")
      ->required();
  allocate->add_option("--password", o.password, "Password")->required();
  allocate->add_option("--peer", o.peer, "Peer HOST:PORT to send --send TEXT to via the relay");
  allocate->add_option("--send", o.send, "TEXT to send to --peer");
  allocate->add_option("--wait", o.wait_s, "Seconds to wait for each reply from the peer")
      ->capture_default_str();
  allocate->add_option("--timeout", o.timeout_s, "Seconds to wait for each server answer")
      ->capture_default_str();
  allocate->add_option("--lifetime", o.lifetime, "LIFETIME to ask for, in seconds (RFC 8656 §7.1)");
  allocate->add_flag("--tcp", o.tcp,
                     "Talk to the server over TCP (RFC 8656 §3.1); the relayed address stays UDP");
  allocate->add_flag("--verbose", o.verbose, "Print every protocol step with its RFC section");
  allocate->callback([&context] { run_allocate(o, context); });
}

}  // namespace

RTC_COMMAND(25, setup);
