// 02: a STUN Binding transaction (RFC 8489), the first thing an ICE agent does: "what address
// do you see me at?". This program starts a STUN server on loopback (net/stun_server.hpp), then
// plays the client with the sans-IO pieces of stun/: it builds a Binding request, lets the
// TransactionManager decide when to (re)transmit it, moves the bytes over a real UDP socket, and
// reads the XOR-MAPPED-ADDRESS out of the response.
//
//   build/default/examples/example_02_stun_client [HOST:PORT]
//
// With HOST:PORT it asks that server instead (e.g. `rtc stun server` in another terminal).
// Read stun/README.md first.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <iostream>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/net/stun_server.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/transaction.hpp"

int main(int argc, char** argv) {
  // 1. A server to ask: ours, on an ephemeral loopback port, unless one is named.
  rtc::net::StunServer server({*rtc::SocketAddress::parse("127.0.0.1:0"), "example 02", nullptr});
  rtc::SocketAddress server_address;
  if (argc > 1) {
    auto a = rtc::SocketAddress::parse(argv[1]);
    if (!a || !a->is_ipv4()) {
      std::cerr << "usage: example_02_stun_client [IPv4:PORT]\n";
      return 2;
    }
    server_address = *a;
  } else {
    server_address = *server.start();
  }
  std::cout << "STUN server: " << server_address.to_string() << "\n";

  // 2. A UDP socket of our own (the client's transport address is what the server reports).
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
    std::cerr << "cannot bind a UDP socket\n";
    return 1;
  }
  socklen_t len = sizeof local;
  getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
  std::cout << "our socket:  127.0.0.1:" << ntohs(local.sin_port) << "\n";

  // 3. The request (§6.1): a header with a random 96-bit transaction id, SOFTWARE, FINGERPRINT.
  rtc::SecureRandom random;
  rtc::stun::MessageBuilder request(rtc::stun::Method::binding, rtc::stun::MessageClass::request,
                                    rtc::stun::random_transaction_id(random));
  request.add_software("rtc example 02").add_fingerprint();
  auto bytes = request.take();
  if (!bytes) return 1;

  // 4. The transaction: sent now, again after 500 ms, 1.5 s, ... until a response (§6.2.1).
  rtc::stun::TransactionManager transactions;
  (void)transactions.start(rtc::now_steady(), std::move(*bytes), server_address);
  const auto started = rtc::now_steady();
  for (;;) {
    while (auto t = transactions.poll_transmit()) {
      sockaddr_in to{};
      to.sin_family = AF_INET;
      std::memcpy(&to.sin_addr, t->destination.ip_bytes().data(), 4);
      to.sin_port = htons(t->destination.port());
      sendto(fd, t->data.data(), t->data.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
      std::cout << "-> Binding request (" << t->data.size() << " bytes)\n";
    }
    if (auto e = transactions.poll_event()) {
      if (auto* r = std::get_if<rtc::stun::TransactionResponse>(&*e)) {
        auto response = rtc::stun::MessageView::parse(r->response);
        auto mapped = response ? response->xor_mapped_address()
                               : rtc::Result<rtc::SocketAddress>(std::unexpected(response.error()));
        if (!mapped) {
          std::cerr << "bad response: " << mapped.error().to_string() << "\n";
          return 1;
        }
        std::cout << "<- Binding success response: XOR-MAPPED-ADDRESS " << mapped->to_string()
                  << " (RFC 8489 §14.2), round trip " << rtc::to_millis(rtc::now_steady() - started)
                  << " ms\n";
        close(fd);
        return 0;
      }
      std::cerr << "no answer: the transaction timed out (RFC 8489 §6.2.1)\n";
      close(fd);
      return 1;
    }
    // Wait for a datagram or the transaction's next timer, whichever comes first.
    const auto next = transactions.poll_timeout();
    const int wait_ms =
        next ? static_cast<int>(std::max<double>(0, rtc::to_millis(*next - rtc::now_steady())))
             : -1;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, wait_ms) > 0) {
      std::uint8_t buffer[1500];
      sockaddr_in from{};
      socklen_t from_len = sizeof from;
      const auto n =
          recvfrom(fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n > 0) {
        std::array<std::uint8_t, 4> ip{};
        std::memcpy(ip.data(), &from.sin_addr, 4);
        transactions.handle_receive(rtc::now_steady(),
                                    rtc::SocketAddress::ipv4(ip, ntohs(from.sin_port)),
                                    rtc::BytesView(buffer, static_cast<std::size_t>(n)));
      }
    } else {
      transactions.handle_timeout(rtc::now_steady());
    }
  }
}
