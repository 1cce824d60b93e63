// rtc dtls server|client: a DTLS 1.2 endpoint (dtls/, RFC 6347 + RFC 5764) on real UDP, to
// watch the handshake flight by flight and to talk to other stacks (openssl s_server/s_client).
//
//   rtc dtls server --port 4444 --insecure
//   rtc dtls client 127.0.0.1:4444 --fingerprint "sha-256 AB:CD:..." --srtp SRTP_AEAD_AES_128_GCM
//
// Prints our fingerprint, each flight and message as it goes, the negotiated version, cipher
// suite and SRTP profile, and `Keying material: HEX` (EXTRACTOR-dtls_srtp, the profile's length:
// the line `openssl ... -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen N` prints). Then
// stdin lines go out as application data and what arrives is printed.
//
// The I/O loop is POSIX (one UDP socket, stdin, poll(2) with the endpoint's timeout); the
// endpoint itself is sans-IO.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "command.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/common/random.hpp"
#include "rtc/dtls/endpoint.hpp"

namespace {

struct DtlsOptions {
  int port = 0;
  std::string target;  // HOST:PORT for the client
  std::string fingerprint;
  bool insecure = false;
  std::string srtp =
      "SRTP_AEAD_AES_128_GCM:SRTP_AEAD_AES_256_GCM:SRTP_AES128_CM_SHA1_80:"
      "SRTP_AES128_CM_SHA1_32";
  std::size_t mtu = 1200;
  std::string keylog;
  bool records = false;
  double timeout_s = 30;
};

bool resolve(const std::string& host, int port, sockaddr_storage& out, socklen_t& len) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0) return false;
  std::memcpy(&out, res->ai_addr, res->ai_addrlen);
  len = res->ai_addrlen;
  ::freeaddrinfo(res);
  return true;
}

void run(const DtlsOptions& o, rtc::dtls::Role role, rtc::cli::Context& context) {
  using namespace rtc;
  const char* name = role == dtls::Role::client ? "client" : "server";
  auto usage = [&](const std::string& message) {
    std::cerr << "rtc dtls " << name << ": " << message << "\n";
    context.exit_code = 2;
  };
  dtls::Config config;
  config.role = role;
  auto identity = dtls::Identity::generate(std::chrono::system_clock::now());
  if (!identity) return usage(identity.error().to_string());
  config.identity = *identity;
  if (!o.fingerprint.empty()) {
    auto fp = dtls::Fingerprint::parse(o.fingerprint);
    if (!fp) return usage("--fingerprint: " + fp.error().to_string());
    config.remote_fingerprint = *fp;
  } else if (o.insecure) {
    config.insecure_accept_any_certificate = true;
  } else {
    return usage("give the peer's --fingerprint, or --insecure to accept any certificate");
  }
  if (o.srtp == "none") {
    config.srtp_profiles.clear();
  } else {
    auto profiles = dtls::parse_srtp_profile_list(o.srtp);
    if (!profiles) return usage("--srtp: unknown profile in '" + o.srtp + "'");
    config.srtp_profiles = *profiles;
  }
  config.mtu = o.mtu;
  config.handshake_timeout = std::chrono::milliseconds(static_cast<long>(o.timeout_s * 1000));
  std::ofstream keylog;
  if (!o.keylog.empty()) {
    keylog.open(o.keylog, std::ios::app);
    if (!keylog) return usage("cannot open --keylog " + o.keylog);
    config.keylog = [&keylog](std::string_view line) { keylog << line << "\n" << std::flush; };
  }
  const Timestamp origin = now_steady();
  FunctionTraceSink trace([&](const TraceEvent& e) {
    std::cout << format_trace(e, origin) << "\n" << std::flush;
  });
  config.trace = &trace;
  config.trace_records = o.records;

  // The socket: the client connects to HOST:PORT; the server binds PORT and connects to the
  // first peer that writes (one association per run).
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  bool peer_known = false;
  int fd = -1;
  if (role == dtls::Role::client) {
    const auto colon = o.target.rfind(':');
    if (colon == std::string::npos) return usage("expected HOST:PORT");
    std::string host = o.target.substr(0, colon);
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    if (!resolve(host, std::atoi(o.target.c_str() + colon + 1), addr, addr_len)) {
      return usage("cannot resolve " + o.target);
    }
    fd = ::socket(addr.ss_family, SOCK_DGRAM, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), addr_len) != 0) {
      return usage("cannot connect a UDP socket to " + o.target);
    }
    peer_known = true;
  } else {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(o.port));
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      return usage("cannot bind UDP port " + std::to_string(o.port));
    }
  }
  std::cout << "Local fingerprint: " << config.identity->certificate.to_sdp_fingerprint() << "\n";
  if (role == dtls::Role::server) {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    std::cout << "Listening on UDP port " << ntohs(a.sin_port) << "\n";
  }
  std::cout << std::flush;

  SecureRandom random;
  dtls::DtlsEndpoint endpoint(config, random);
  endpoint.start(now_steady());
  bool stdin_open = true, done = false;
  Bytes buf(65536);
  std::string pending_line;
  while (!done) {
    while (auto d = endpoint.poll_transmit()) {
      if (peer_known) ::send(fd, d->data(), d->size(), 0);
    }
    while (auto ev = endpoint.poll_event()) {
      if (auto* c = std::get_if<dtls::Connected>(&*ev)) {
        std::cout << "Connected: DTLS 1.2, " << dtls::to_string(c->cipher_suite) << " ("
                  << dtls::openssl_name(c->cipher_suite) << "), " << crypto::to_string(c->group)
                  << "\n";
        if (c->srtp_profile) {
          std::cout << "SRTP profile: " << dtls::srtp_profile_info(*c->srtp_profile).name << "\n";
          std::string hex = to_hex(c->keying_material);
          for (auto& ch : hex) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          std::cout << "Keying material: " << hex << "\n";
        } else {
          std::cout << "SRTP profile: none negotiated\n";
        }
        std::cout << std::flush;
      } else if (auto* a = std::get_if<dtls::ApplicationData>(&*ev)) {
        std::cout << "Received: " << as_string_view(a->data);
        if (a->data.empty() || a->data.back() != '\n') std::cout << "\n";
        std::cout << std::flush;
      } else if (std::holds_alternative<dtls::Closed>(*ev)) {
        std::cout << "Closed\n" << std::flush;
        done = true;
      } else if (auto* f = std::get_if<dtls::Failed>(&*ev)) {
        std::cerr << "rtc dtls " << name << ": failed: " << f->error.to_string() << "\n";
        context.exit_code = 1;
        done = true;
      }
    }
    if (done) break;
    int wait_ms = 1000;
    if (auto t = endpoint.poll_timeout()) {
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(*t - now_steady()).count();
      wait_ms = static_cast<int>(std::clamp<long long>(ms, 0, 1000));
    }
    pollfd fds[2] = {{fd, POLLIN, 0}, {0, POLLIN, 0}};
    const bool watch_stdin = stdin_open && endpoint.state() == dtls::State::connected;
    if (::poll(fds, watch_stdin ? 2 : 1, wait_ms) > 0) {
      if (fds[0].revents & POLLIN) {
        sockaddr_storage from{};
        socklen_t len = sizeof from;
        const ssize_t n =
            ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n > 0) {
          if (!peer_known) {
            ::connect(fd, reinterpret_cast<sockaddr*>(&from), len);
            peer_known = true;
          }
          endpoint.handle_receive(now_steady(), BytesView(buf.data(), static_cast<std::size_t>(n)));
        }
      }
      if (watch_stdin && (fds[1].revents & (POLLIN | POLLHUP))) {
        char line[4096];
        const ssize_t n = ::read(0, line, sizeof line);
        if (n <= 0) {
          stdin_open = false;  // EOF: say goodbye with close_notify
          endpoint.close(now_steady());
        } else if (auto sent = endpoint.send(BytesView(reinterpret_cast<std::uint8_t*>(line),
                                                       static_cast<std::size_t>(n)));
                   !sent) {
          std::cerr << "rtc dtls: " << sent.error().to_string() << "\n";
        }
      }
    }
    if (auto t = endpoint.poll_timeout(); t && *t <= now_steady()) {
      endpoint.handle_timeout(now_steady());
    }
  }
  while (auto d = endpoint.poll_transmit()) {
    if (peer_known) ::send(fd, d->data(), d->size(), 0);
  }
  ::close(fd);
}

void add_common(CLI::App* cmd, DtlsOptions& o) {
  cmd->add_option("--fingerprint", o.fingerprint,
                  "The peer's certificate fingerprint as in SDP: \"sha-256 AB:CD:...\"");
  cmd->add_flag("--insecure", o.insecure,
                "Accept any peer certificate (to talk to openssl; never in WebRTC)");
  cmd->add_option("--srtp", o.srtp,
                  "SRTP profiles in preference order, ':'-separated, or 'none' (RFC 5764 §4.1.1)")
      ->capture_default_str();
  cmd->add_option("--mtu", o.mtu, "Largest datagram to send (handshake fragmentation)")
      ->capture_default_str();
  cmd->add_option("--keylog", o.keylog, "Append NSS key log lines (CLIENT_RANDOM ...) to FILE");
  cmd->add_flag("--records", o.records, "Also print every record received");
  cmd->add_option("--timeout", o.timeout_s, "Handshake timeout in seconds")->capture_default_str();
}

void setup(CLI::App& app, rtc::cli::Context& context) {
  auto* dtls = app.add_subcommand(
      "dtls", "DTLS 1.2 (RFC 6347) with DTLS-SRTP (RFC 5764) on UDP: watch a handshake");
  dtls->require_subcommand(1);
  static DtlsOptions o;
  auto* server = dtls->add_subcommand("server", "Wait for one DTLS client on --port");
  server->add_option("--port", o.port, "UDP port (0: any)")->capture_default_str();
  add_common(server, o);
  server->callback([&context] { run(o, rtc::dtls::Role::server, context); });
  auto* client = dtls->add_subcommand("client", "Handshake with a DTLS server at HOST:PORT");
  client->add_option("TARGET", o.target, "HOST:PORT")->required();
  add_common(client, o);
  client->callback([&context] { run(o, rtc::dtls::Role::client, context); });
}

}  // namespace

RTC_COMMAND(40, setup);
