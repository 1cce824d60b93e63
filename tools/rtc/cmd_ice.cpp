// rtc ice: an ICE agent (ice/, RFC 8445 + RFC 8838 + RFC 7675) on real UDP, for a classroom:
// two terminals, copy and paste between them.
//
//   rtc ice --controlling [--stun HOST:PORT] [--turn HOST:PORT --user U --password P]
//   rtc ice               (the other side: controlled)
//
// Prints our a=ice-ufrag, a=ice-pwd and a=candidate lines (then a=end-of-candidates), and
// reads the remote's in the same attribute-line form from stdin (the form other agents'
// command-line demos use). Prints every check and state change as it happens, exchanges a few
// test datagrams on the selected pair, and ends with one line for scripts:
//   selected <local-type> <local-addr:port> <remote-type> <remote-addr:port>
//   failed <reason>
// Exit status 0 only when connected.
//
// The I/O loop is POSIX (one UDP socket per local address, stdin, poll(2) with the agent's
// timeout); the agent itself is sans-IO.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/ice/agent.hpp"
#include "rtc/net/interfaces.hpp"

namespace {

using namespace rtc;

struct IceOptions {
  bool controlling = false;
  std::vector<std::string> stun;
  std::string turn, user, password;
  std::vector<std::string> bind;  // local IPs; empty: every interface address
  bool loopback = false;          // keep loopback addresses (tests on one machine)
  bool ipv6 = true;
  double timeout_s = 30;
  int tests = 3;  // test datagrams each way
  bool quiet = false;
};

std::optional<SocketAddress> to_address(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    std::array<std::uint8_t, 4> ip{};
    std::memcpy(ip.data(), &in->sin_addr, 4);
    return SocketAddress::ipv4(ip, ntohs(in->sin_port));
  }
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    std::array<std::uint8_t, 16> ip{};
    std::memcpy(ip.data(), &in6->sin6_addr, 16);
    return SocketAddress::ipv6(ip, ntohs(in6->sin6_port));
  }
  return std::nullopt;
}

socklen_t to_sockaddr(const SocketAddress& a, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  if (a.is_ipv4()) {
    auto* in = reinterpret_cast<sockaddr_in*>(&out);
    in->sin_family = AF_INET;
    in->sin_port = htons(a.port());
    std::memcpy(&in->sin_addr, a.ip_bytes().data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(a.port());
  std::memcpy(&in6->sin6_addr, a.ip_bytes().data(), 16);
  return sizeof(sockaddr_in6);
}

// "HOST:PORT" or "[V6]:PORT" through the resolver.
std::optional<SocketAddress> resolve(const std::string& text) {
  if (auto direct = SocketAddress::parse(text)) return *direct;
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(text.substr(0, colon).c_str(), text.substr(colon + 1).c_str(), &hints, &res) !=
      0) {
    return std::nullopt;
  }
  auto out = to_address(res->ai_addr);
  ::freeaddrinfo(res);
  return out;
}

// Interface addresses (net/interfaces.hpp), loopback kept only when asked.
std::vector<SocketAddress> interface_addresses(const IceOptions& o) {
  net::InterfaceOptions io;
  io.ipv6 = o.ipv6;
  io.loopback = o.loopback;
  std::vector<SocketAddress> out;
  for (const auto& i : net::list_interfaces(io)) {
    if (std::find(out.begin(), out.end(), i.address) == out.end()) out.push_back(i.address);
  }
  return out;
}

struct Socket {
  int fd = -1;
  SocketAddress address;
};

std::optional<Socket> open_socket(SocketAddress ip) {
  ip.set_port(0);
  sockaddr_storage ss{};
  socklen_t len = to_sockaddr(ip, ss);
  int fd = ::socket(ip.is_ipv4() ? AF_INET : AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) return std::nullopt;
  if (ip.is_ipv6()) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  auto bound = to_address(reinterpret_cast<sockaddr*>(&ss));
  if (!bound) {
    ::close(fd);
    return std::nullopt;
  }
  return Socket{fd, *bound};
}

void line(const std::string& text) {
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
}

int fail_with(const std::string& reason) {
  line("failed " + reason);
  return 1;
}

int run(const IceOptions& o) {
  SecureRandom random;
  const Timestamp origin = now_steady();
  FunctionTraceSink trace([&](const TraceEvent& e) {
    if (!o.quiet) line("# " + format_trace(e, origin));
  });
  ice::AgentConfig config;
  config.role = o.controlling ? ice::Role::controlling : ice::Role::controlled;
  config.trace = &trace;
  for (const auto& s : o.stun) {
    auto a = resolve(s);
    if (!a) return fail_with("cannot resolve STUN server " + s);
    config.stun_servers.push_back({*a});
  }
  if (!o.turn.empty()) {
    auto a = resolve(o.turn);
    if (!a) return fail_with("cannot resolve TURN server " + o.turn);
    config.turn_servers.push_back({*a, o.user, o.password});
  }

  std::vector<SocketAddress> ips;
  for (const auto& b : o.bind) {
    auto a = SocketAddress::from_ip(b, 0);
    if (!a) return fail_with("bad --bind address " + b);
    ips.push_back(*a);
  }
  if (ips.empty()) ips = interface_addresses(o);
  std::vector<Socket> sockets;
  for (const auto& ip : ips) {
    if (auto s = open_socket(ip)) sockets.push_back(*s);
  }
  if (sockets.empty()) return fail_with("no usable local address (try --loopback or --bind)");

  ice::Agent agent(config, random);
  line("a=ice-ufrag:" + agent.local_ufrag());
  line("a=ice-pwd:" + agent.local_pwd());
  Timestamp now = now_steady();
  for (const auto& s : sockets) agent.add_local_address(now, s.address);
  agent.end_of_local_addresses(now);

  std::string remote_ufrag, remote_pwd, stdin_buffer;
  bool stdin_open = true, credentials_set = false;
  int sent_tests = 0, received_tests = 0;
  std::optional<Timestamp> selected_at;
  std::optional<std::string> outcome;
  const Timestamp deadline =
      origin + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.timeout_s));
  std::array<std::uint8_t, 2048> buf{};

  auto handle_line = [&](std::string l) {
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
    if (l.starts_with("a=ice-ufrag:")) remote_ufrag = l.substr(12);
    if (l.starts_with("a=ice-pwd:")) remote_pwd = l.substr(10);
    if (l == "a=ice-lite") agent.set_remote_lite(true);
    if (!credentials_set && !remote_ufrag.empty() && !remote_pwd.empty()) {
      agent.set_remote_credentials(remote_ufrag, remote_pwd);
      credentials_set = true;
    }
    if (l.starts_with("a=candidate:") || l.starts_with("candidate:")) {
      auto c = ice::Candidate::parse(l);
      if (!c) {
        if (c.error().code != Errc::unsupported) line("# ignored: " + c.error().to_string());
        return;
      }
      if (auto r = agent.add_remote_candidate(now_steady(), *c); !r) {
        line("# ignored: " + r.error().message);
      }
    }
    if (l == "a=end-of-candidates") agent.end_of_remote_candidates(now_steady());
  };

  while (!outcome) {
    now = now_steady();
    while (auto t = agent.poll_transmit()) {
      for (const auto& s : sockets) {
        if (s.address != t->socket) continue;
        sockaddr_storage ss{};
        socklen_t len = to_sockaddr(t->destination, ss);
        ::sendto(s.fd, t->data.data(), t->data.size(), 0, reinterpret_cast<sockaddr*>(&ss), len);
      }
    }
    while (auto e = agent.poll_event()) {
      if (auto* c = std::get_if<ice::LocalCandidate>(&*e)) {
        line("a=candidate:" + c->candidate.to_string());
      } else if (auto* g = std::get_if<ice::GatheringStateChanged>(&*e)) {
        if (g->state == ice::GatheringState::complete) line("a=end-of-candidates");
      } else if (auto* s = std::get_if<ice::ConnectionStateChanged>(&*e)) {
        line(std::string("# state ") + ice::to_string(s->state));
        if (s->state == ice::ConnectionState::failed) outcome = "failed ICE failed";
      } else if (auto* p = std::get_if<ice::SelectedPairChanged>(&*e)) {
        line("# selected pair " + p->local.describe() + " -> " + p->remote.describe());
        if (!selected_at) selected_at = now;
      } else if (auto* r = std::get_if<ice::RoleChanged>(&*e)) {
        line(std::string("# role is now ") + ice::to_string(r->role));
      }
    }
    // Test datagrams on the selected pair, then the verdict: once both directions worked, or
    // two seconds after selection (the peer may still need our answers until then).
    if (selected_at && sent_tests < o.tests &&
        now - *selected_at >= milliseconds(200) * sent_tests) {
      const std::string msg = "rtc-ice test " + std::to_string(++sent_tests);
      (void)agent.send(now, as_bytes(msg));
      continue;
    }
    if (selected_at && ((received_tests >= o.tests && sent_tests >= o.tests &&
                         now - *selected_at >= milliseconds(500)) ||
                        now - *selected_at >= std::chrono::seconds(3))) {
      if (auto p = agent.selected_pair()) {
        outcome = "selected " + std::string(ice::to_string(p->first.type)) + " " +
                  p->first.address.to_string() + " " + ice::to_string(p->second.type) + " " +
                  p->second.address.to_string();
      } else {
        outcome = "failed selected pair lost";
      }
      break;
    }
    if (now >= deadline) {
      outcome = credentials_set ? "failed timeout" : "failed no remote credentials on stdin";
      break;
    }
    Timestamp wake = std::min(deadline, now + milliseconds(200));
    if (auto t = agent.poll_timeout(); t && *t < wake) wake = *t;
    std::vector<pollfd> fds;
    for (const auto& s : sockets) fds.push_back({s.fd, POLLIN, 0});
    if (stdin_open) fds.push_back({0, POLLIN, 0});
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
    ::poll(fds.data(), fds.size(), wait > 0 ? static_cast<int>(wait) : 0);
    now = now_steady();
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      if ((fds[i].revents & POLLIN) == 0) continue;
      sockaddr_storage from{};
      socklen_t len = sizeof from;
      const auto n = ::recvfrom(sockets[i].fd, buf.data(), buf.size(), MSG_DONTWAIT,
                                reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 0) continue;
      auto source = to_address(reinterpret_cast<sockaddr*>(&from));
      if (!source) continue;
      auto app = agent.handle_receive(now, sockets[i].address, *source,
                                      BytesView(buf).first(static_cast<std::size_t>(n)));
      if (app) {
        const std::string text(reinterpret_cast<const char*>(app->data()), app->size());
        line("# received \"" + text + "\" from " + source->to_string());
        if (text.starts_with("rtc-ice test")) ++received_tests;
      }
    }
    if (stdin_open && (fds.back().revents & (POLLIN | POLLHUP)) != 0) {
      char chunk[4096];
      const auto n = ::read(0, chunk, sizeof chunk);
      if (n <= 0) {
        stdin_open = false;
      } else {
        stdin_buffer.append(chunk, static_cast<std::size_t>(n));
        std::size_t nl;
        while ((nl = stdin_buffer.find('\n')) != std::string::npos) {
          handle_line(stdin_buffer.substr(0, nl));
          stdin_buffer.erase(0, nl + 1);
        }
      }
    }
    if (auto t = agent.poll_timeout(); t && *t <= now) agent.handle_timeout(now);
  }
  agent.close(now_steady());
  while (auto t = agent.poll_transmit()) {
    for (const auto& s : sockets) {
      if (s.address != t->socket) continue;
      sockaddr_storage ss{};
      socklen_t len = to_sockaddr(t->destination, ss);
      ::sendto(s.fd, t->data.data(), t->data.size(), 0, reinterpret_cast<sockaddr*>(&ss), len);
    }
  }
  for (const auto& s : sockets) ::close(s.fd);
  line(*outcome);
  return outcome->starts_with("selected") ? 0 : 1;
}

void setup(CLI::App& app, rtc::cli::Context& context) {
  auto* cmd = app.add_subcommand(
      "ice", "An ICE agent (RFC 8445) on UDP: paste the other side's a= lines into stdin");
  static IceOptions o;
  cmd->add_flag("--controlling", o.controlling, "Be the controlling agent (the offerer)");
  cmd->add_option("--stun", o.stun, "STUN server HOST:PORT (server-reflexive candidates)");
  cmd->add_option("--turn", o.turn, "TURN server HOST:PORT (relayed candidates, RFC 8656)");
  cmd->add_option("--user", o.user, "TURN username");
  cmd->add_option("--password", o.password, "TURN password");
  cmd->add_option("--bind", o.bind, "Local IP to use (repeatable; default: every interface)");
  cmd->add_flag("--loopback", o.loopback, "Also use loopback addresses");
  cmd->add_option("--timeout", o.timeout_s, "Give up after this many seconds")
      ->capture_default_str();
  cmd->add_option("--tests", o.tests, "Test datagrams to send on the selected pair")
      ->capture_default_str();
  cmd->add_flag("--quiet", o.quiet, "Do not print the trace (# lines)");
  cmd->callback([&context] { context.exit_code = run(o); });
}

}  // namespace

RTC_COMMAND(30, setup);
