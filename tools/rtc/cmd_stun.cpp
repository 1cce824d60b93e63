// rtc stun decode|server|client: look inside STUN messages, answer Binding requests, ask for
// our mapped address (stun/, RFC 8489).
//
//   rtc stun decode FILE|- [--password P] [--json]
//   rtc stun server [--host 0.0.0.0] [--port 3478]     answers with answer_binding_request()
//   rtc stun client HOST:PORT                          one Binding transaction: mapped address, RTT
//
// The server and client do POSIX UDP I/O here, at the edge; what goes on the wire is decided by
// the sans-IO pieces (server.hpp, transaction.hpp).
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
#include <cstring>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <variant>

#include "command.hpp"
#include "posix_address.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/socket_address.hpp"
#include "rtc/common/time.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/describe.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/server.hpp"
#include "rtc/stun/transaction.hpp"

namespace {

struct DecodeOptions {
  std::string input = "-";
  std::string password;
  std::string username;
  bool json = false;
};

// Exit status: 0 well formed (and, with --password, integrity verified), 1 a broken message or a
// failed check, 2 unreadable input.
void add_decode(CLI::App* stun, rtc::cli::Context& context) {
  static DecodeOptions o;
  auto* decode = stun->add_subcommand(
      "decode",
      "Explain every field and attribute of a STUN message (hex or binary), with the RFC "
      "sections; check FINGERPRINT, and MESSAGE-INTEGRITY with --password");
  decode
      ->add_option("FILE", o.input,
                   "Message as hex text (RFC 5769 style, '#' comments) or raw "
                   "bytes; - for standard input")
      ->capture_default_str();
  decode->add_option("--password", o.password,
                     "Check MESSAGE-INTEGRITY(-SHA256): short-term key, or long-term when the "
                     "message has a REALM (RFC 8489 §9)");
  decode->add_option("--username", o.username,
                     "Long-term username, when the message carries USERHASH instead");
  decode->add_flag("--json", o.json, "Print JSON instead of text");
  decode->callback([&context] {
    std::string raw;
    if (!rtc::cli::read_input(o.input, raw)) {
      context.exit_code = 2;
      return;
    }
    const std::string name = o.input == "-" ? "<stdin>" : o.input;
    auto bytes = rtc::stun::read_message_input(raw);
    if (!bytes) {
      std::cerr << "rtc stun decode: " << name << ": " << bytes.error().message << "\n";
      context.exit_code = 2;
      return;
    }
    rtc::stun::DescribeOptions options;
    if (!o.password.empty()) options.password = o.password;
    if (!o.username.empty()) options.username = o.username;
    auto d = rtc::stun::describe(*bytes, options);
    std::cout << (o.json ? rtc::stun::to_json(d) : rtc::stun::to_text(d));
    if (!d.ok()) {
      std::cerr << "rtc stun decode: " << name << ": " << d.problems.front() << "\n";
      context.exit_code = 1;
    }
  });
}

// --- POSIX UDP at the edge: SocketAddress <-> sockaddr ----------------------------------------

using rtc::cli::from_sockaddr;
using rtc::cli::resolve;
using rtc::cli::to_sockaddr;

// --- rtc stun server ---------------------------------------------------------------------------

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 3478;
  std::string software = "rtc stun server";
  bool bare = false;
  int count = 0;
};

void run_server(const ServerOptions& o, rtc::cli::Context& context) {
  auto fail = [&](const std::string& message) {
    std::cerr << "rtc stun server: " << message << "\n";
    context.exit_code = 2;
  };
  auto local = rtc::SocketAddress::from_ip(o.host, static_cast<std::uint16_t>(o.port));
  if (!local || o.port < 0 || o.port > 65535) {
    return fail("--host must be an IP address and --port 0-65535");
  }
  const int fd = ::socket(local->is_ipv4() ? AF_INET : AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) return fail("cannot create a UDP socket");
  if (local->is_ipv6()) {
    const int off = 0;  // "::" also takes IPv4 clients (RFC 3493 §5.3)
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  }
  sockaddr_storage addr{};
  socklen_t len = to_sockaddr(*local, addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    ::close(fd);
    return fail("cannot bind UDP " + local->to_string() + ": " + std::strerror(errno));
  }
  len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::cout << "Listening on " << from_sockaddr(addr).to_string()
            << " (UDP): answering Binding requests (RFC 8489 §6.3)" << std::endl;

  rtc::stun::BindingServerOptions options;
  options.software = o.software;
  // A bare 20-byte request needs up to 32 more bytes for its answer (IPv6 + FINGERPRINT).
  if (o.bare) options.amplification_allowance = 32;
  const rtc::Timestamp origin = rtc::now_steady();
  rtc::Bytes buf(65536);
  int answered = 0;
  while (o.count == 0 || answered < o.count) {
    sockaddr_storage from{};
    socklen_t from_len = sizeof from;
    const ssize_t n =
        ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    const rtc::BytesView datagram(buf.data(), static_cast<std::size_t>(n));
    const rtc::SocketAddress peer = from_sockaddr(from);
    std::ostringstream line;
    line << std::fixed << std::setprecision(3)
         << std::chrono::duration<double>(rtc::now_steady() - origin).count() << " s  ";
    auto request = rtc::stun::MessageView::parse(datagram);
    if (request) {
      const char* method = rtc::stun::to_string(request->method());
      line << (method != nullptr ? method : "unknown method") << " "
           << rtc::stun::to_string(request->message_class());
    } else {
      line << "not STUN (" << request.error().message << ")";
    }
    line << " from " << peer.to_string() << ", " << n << " bytes";
    auto answer = rtc::stun::answer_binding_request(datagram, peer, options);
    if (answer) {
      ::sendto(fd, answer->data(), answer->size(), 0, reinterpret_cast<sockaddr*>(&from), from_len);
      auto response = rtc::stun::MessageView::parse(*answer);
      line << " -> " << rtc::stun::to_string(response->message_class()) << ", " << answer->size()
           << " bytes";
      if (response->is_success_response()) {
        line << ", XOR-MAPPED-ADDRESS " << peer.to_string();
      } else if (auto code = response->error_code()) {
        line << ", " << code->code;
      }
      ++answered;
    } else {
      line << " -> no answer";
      if (request && request->is_request() && request->method() == rtc::stun::Method::binding) {
        line << " (the answer would be larger than the request: no amplification; see "
                "--answer-bare-requests)";
      }
    }
    std::cout << line.str() << std::endl;
  }
  ::close(fd);
}

void add_server(CLI::App* stun, rtc::cli::Context& context) {
  static ServerOptions o;
  auto* server = stun->add_subcommand(
      "server",
      "Answer STUN Binding requests on UDP (RFC 8489 §6.3) and print each one.\n"
      "Responses carry XOR-MAPPED-ADDRESS, SOFTWARE and FINGERPRINT, but are never larger than\n"
      "the request (no amplification): a bare 20-byte request gets no answer unless\n"
      "--answer-bare-requests is given.\n"
      "Example: rtc stun server --port 3478   then   rtc stun client 127.0.0.1:3478");
  server->add_option("--host", o.host, "Local IP address to listen on (:: for IPv6 and IPv4)")
      ->capture_default_str();
  server->add_option("--port", o.port, "UDP port (0: any free port, printed)")
      ->capture_default_str();
  server->add_option("--software", o.software, "SOFTWARE attribute (empty: none)")
      ->capture_default_str();
  server->add_flag("--answer-bare-requests", o.bare,
                   "Answer requests without attributes too (RFC 5389-era clients such as "
                   "turnutils_stunclient), allowing responses up to 32 bytes larger");
  server->add_option("--count", o.count, "Exit after answering N requests (0: never)")
      ->capture_default_str();
  server->callback([&context] { run_server(o, context); });
}

// --- rtc stun client ---------------------------------------------------------------------------

struct ClientOptions {
  std::string target;
  std::string software = "rtc stun client";
  double timeout_s = 10;
};

void run_client(const ClientOptions& o, rtc::cli::Context& context) {
  using namespace rtc;
  auto server = resolve(o.target);
  if (!server) {
    std::cerr << "rtc stun client: " << server.error().message << "\n";
    context.exit_code = 2;
    return;
  }
  const int fd = ::socket(server->is_ipv4() ? AF_INET : AF_INET6, SOCK_DGRAM, 0);
  sockaddr_storage to{};
  const socklen_t to_len = to_sockaddr(*server, to);
  // connect() picks the local address the kernel would use, so we can print it.
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&to), to_len) != 0) {
    std::cerr << "rtc stun client: cannot open a UDP socket to " << server->to_string() << "\n";
    context.exit_code = 2;
    if (fd >= 0) ::close(fd);
    return;
  }
  sockaddr_storage local{};
  socklen_t local_len = sizeof local;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len);

  SecureRandom random;
  stun::MessageBuilder b(stun::Method::binding, stun::MessageClass::request,
                         stun::random_transaction_id(random));
  // SOFTWARE also pads the request, so that a server that never amplifies can answer it.
  if (!o.software.empty()) b.add_software(o.software);
  b.add_fingerprint();
  auto request = b.take();
  stun::TransactionConfig config;
  config.max_transmissions = 7;
  stun::TransactionManager manager(config);
  if (!request || !manager.start(now_steady(), std::move(*request), *server)) {
    std::cerr << "rtc stun client: cannot build the request\n";
    context.exit_code = 2;
    ::close(fd);
    return;
  }
  std::cout << "Binding request to " << server->to_string() << " from "
            << from_sockaddr(local).to_string() << std::endl;
  const Timestamp deadline =
      now_steady() + std::chrono::milliseconds(static_cast<long>(o.timeout_s * 1000));
  Bytes buf(65536);
  while (true) {
    while (auto t = manager.poll_transmit()) ::send(fd, t->data.data(), t->data.size(), 0);
    if (auto event = manager.poll_event()) {
      if (auto* r = std::get_if<stun::TransactionResponse>(&*event)) {
        auto m = stun::MessageView::parse(r->response);
        if (m && m->is_success_response()) {
          auto mapped = m->xor_mapped_address();
          if (!mapped) mapped = m->mapped_address();
          std::cout << "Mapped address: "
                    << (mapped ? mapped->to_string() : "(none: " + mapped.error().message + ")")
                    << "\n";
          if (auto software = m->software()) std::cout << "Server software: " << *software << "\n";
          std::cout << std::fixed << std::setprecision(3) << "RTT: " << to_millis(r->elapsed)
                    << " ms (" << r->transmissions << " transmission"
                    << (r->transmissions == 1 ? "" : "s") << ")" << std::endl;
          context.exit_code = mapped ? 0 : 1;
        } else {
          auto code = m ? m->error_code() : Result<stun::ErrorCode>(std::unexpected(m.error()));
          std::cerr << "rtc stun client: error response"
                    << (code ? ": " + std::to_string(code->code) + " " + std::string(code->reason)
                             : std::string())
                    << "\n";
          context.exit_code = 1;
        }
      } else {
        std::cerr << "rtc stun client: no answer from " << server->to_string()
                  << " (RFC 8489 §6.2.1 timeout)\n";
        context.exit_code = 1;
      }
      break;
    }
    if (now_steady() >= deadline) {
      std::cerr << "rtc stun client: no answer from " << server->to_string() << " within "
                << o.timeout_s << " s\n";
      context.exit_code = 1;
      break;
    }
    int wait_ms = 100;
    if (auto t = manager.poll_timeout()) {
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(*t - now_steady()).count();
      wait_ms = static_cast<int>(std::clamp<long long>(ms, 0, 100));
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, wait_ms) > 0 && (p.revents & POLLIN)) {
      const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
      if (n > 0) {
        manager.handle_receive(now_steady(), *server,
                               BytesView(buf.data(), static_cast<std::size_t>(n)));
      }
    }
    manager.handle_timeout(now_steady());
  }
  ::close(fd);
}

void add_client(CLI::App* stun, rtc::cli::Context& context) {
  static ClientOptions o;
  auto* client = stun->add_subcommand(
      "client",
      "Send one Binding request (RFC 8489 §6.2, retransmitted over UDP) and print the mapped\n"
      "address the server saw (XOR-MAPPED-ADDRESS, §14.2) and the round-trip time.\n"
      "Example: rtc stun client stun.l.google.com:19302");
  client->add_option("SERVER", o.target, "HOST:PORT ([V6]:PORT for IPv6)")->required();
  client->add_option("--software", o.software, "SOFTWARE attribute (empty: none)")
      ->capture_default_str();
  client->add_option("--timeout", o.timeout_s, "Give up after this many seconds")
      ->capture_default_str();
  client->callback([&context] { run_client(o, context); });
}

void setup(CLI::App& app, rtc::cli::Context& context) {
  auto* stun = app.add_subcommand(
      "stun",
      "STUN (RFC 8489): decode messages, run a Binding server, ask a server for our address");
  stun->require_subcommand(1);
  add_decode(stun, context);
  add_server(stun, context);
  add_client(stun, context);
}

}  // namespace

RTC_COMMAND(20, setup);
