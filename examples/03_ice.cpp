// 03: two ICE agents (RFC 8445) in one process, on real UDP sockets on 127.0.0.1.
//
// The agents are sans-IO (ice/agent.hpp): they never touch a socket or a clock. This program is
// their "runtime": it owns one UDP socket per agent, sends what poll_transmit() asks for, feeds
// received datagrams to handle_receive(), and calls handle_timeout() when poll_timeout() says.
// Signaling (what SDP offer/answer and trickle ICE would carry) is two function calls here.
//
// What to watch in the output: each agent's host candidate as an a=candidate line, the checks
// and responses from the trace (with the RFC section that explains each), the nomination by
// the controlling agent (USE-CANDIDATE), the selected pair, then a datagram each way.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

#include "rtc/common/random.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/ice/agent.hpp"

namespace {

using namespace rtc;

// A UDP socket bound to 127.0.0.1 on a free port.
struct Socket {
  int fd = -1;
  SocketAddress address;
  Socket() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    address = SocketAddress::ipv4({127, 0, 0, 1}, ntohs(sa.sin_port));
  }
  ~Socket() { ::close(fd); }
  void send_to(const SocketAddress& to, BytesView data) const {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(to.port());
    std::memcpy(&sa.sin_addr, to.ip_bytes().data(), 4);
    ::sendto(fd, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  }
};

struct Side {
  const char* name;
  Socket socket;
  ice::Agent* agent = nullptr;
  ice::Agent* peer = nullptr;  // "signaling": where our candidates go
  bool selected = false;
};

// One turn of the runtime for one agent: transmit, report events, trickle candidates.
void flush(Side& side, Timestamp now) {
  while (auto t = side.agent->poll_transmit()) side.socket.send_to(t->destination, t->data);
  while (auto e = side.agent->poll_event()) {
    if (auto* c = std::get_if<ice::LocalCandidate>(&*e)) {
      // RFC 8838 §4: trickle each candidate as soon as it is gathered.
      std::printf("%s  a=candidate:%s\n", side.name, c->candidate.to_string().c_str());
      (void)side.peer->add_remote_candidate(now, c->candidate);
    } else if (auto* s = std::get_if<ice::ConnectionStateChanged>(&*e)) {
      std::printf("%s  state %s\n", side.name, ice::to_string(s->state));
    } else if (auto* p = std::get_if<ice::SelectedPairChanged>(&*e)) {
      std::printf("%s  selected %s -> %s\n", side.name, p->local.describe().c_str(),
                  p->remote.describe().c_str());
      side.selected = true;
    }
  }
}

}  // namespace

int main() {
  SecureRandom random;
  const Timestamp origin = now_steady();
  FunctionTraceSink trace_a(
      [&](const TraceEvent& e) { std::printf("A %s\n", format_trace(e, origin).c_str()); });
  FunctionTraceSink trace_b(
      [&](const TraceEvent& e) { std::printf("B %s\n", format_trace(e, origin).c_str()); });

  // A is the offerer and, in WebRTC, the controlling agent (RFC 8445 §6.1.1).
  ice::AgentConfig config_a, config_b;
  config_a.role = ice::Role::controlling;
  config_b.role = ice::Role::controlled;
  config_a.trace = &trace_a;
  config_b.trace = &trace_b;
  config_a.ta = config_b.ta = milliseconds(20);  // pacing between checks (§14.2)
  ice::Agent a(config_a, random);
  ice::Agent b(config_b, random);

  Side sa{"A", {}, &a, &b};
  Side sb{"B", {}, &b, &a};
  std::printf("A  a=ice-ufrag:%s\nA  a=ice-pwd:%s\n", a.local_ufrag().c_str(),
              a.local_pwd().c_str());
  std::printf("B  a=ice-ufrag:%s\nB  a=ice-pwd:%s\n\n", b.local_ufrag().c_str(),
              b.local_pwd().c_str());

  // Offer/answer: each side learns the other's ufrag and pwd (RFC 8839 §5.4).
  a.set_remote_credentials(b.local_ufrag(), b.local_pwd());
  b.set_remote_credentials(a.local_ufrag(), a.local_pwd());
  // Gathering: one host candidate each, the address of its socket (§5.1.1.1).
  Timestamp now = now_steady();
  a.add_local_address(now, sa.socket.address);
  b.add_local_address(now, sb.socket.address);
  a.end_of_local_addresses(now);
  b.end_of_local_addresses(now);

  // The runtime loop: until both sides have selected a pair, or 5 seconds.
  std::array<std::uint8_t, 1500> buf{};
  bool got_a = false, got_b = false;
  bool sent = false;
  while (now - origin < std::chrono::seconds(5) && !(got_a && got_b)) {
    flush(sa, now);
    flush(sb, now);
    if (sa.selected && sb.selected && !sent) {
      // The selected pair carries application data: DTLS and SRTP in WebRTC.
      const std::string hello = "hello over the selected pair";
      (void)a.send(now, as_bytes(hello));
      (void)b.send(now, as_bytes(hello));
      sent = true;
      continue;
    }
    Timestamp wake = now + std::chrono::seconds(1);
    for (auto* agent : {&a, &b}) {
      if (auto t = agent->poll_timeout(); t && *t < wake) wake = *t;
    }
    pollfd fds[2] = {{sa.socket.fd, POLLIN, 0}, {sb.socket.fd, POLLIN, 0}};
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
    ::poll(fds, 2, wait > 0 ? static_cast<int>(wait) : 0);
    now = now_steady();
    for (Side* side : {&sa, &sb}) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n;
      while ((n = ::recvfrom(side->socket.fd, buf.data(), buf.size(), MSG_DONTWAIT,
                             reinterpret_cast<sockaddr*>(&from), &len)) >= 0) {
        std::array<std::uint8_t, 4> ip{};
        std::memcpy(ip.data(), &from.sin_addr, 4);
        const auto source = SocketAddress::ipv4(ip, ntohs(from.sin_port));
        // STUN is consumed by the agent; anything else from the peer is handed back to us.
        if (auto app =
                side->agent->handle_receive(now, side->socket.address, source,
                                            BytesView(buf).first(static_cast<std::size_t>(n)))) {
          std::printf("%s  received \"%.*s\"\n", side->name, static_cast<int>(app->size()),
                      reinterpret_cast<const char*>(app->data()));
          (side == &sa ? got_a : got_b) = true;
        }
        len = sizeof from;
      }
      if (auto t = side->agent->poll_timeout(); t && *t <= now) side->agent->handle_timeout(now);
    }
  }
  std::printf("\n%s after %.1f ms\n", got_a && got_b ? "connected" : "FAILED",
              to_millis(now - origin));
  return got_a && got_b ? 0 : 1;
}
