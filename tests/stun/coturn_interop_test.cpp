// Real peer: Debian's coturn (`turnserver`), started here on 127.0.0.1 with a temporary config
// (long-term credentials, one static user, a private relay port range, no TLS/DTLS, loopback
// peers allowed). The sans-IO STUN transactions and TURN client are driven over real UDP
// sockets against it:
//   - a Binding request: coturn's XOR-MAPPED-ADDRESS is our socket's address (RFC 8489 §14.2);
//   - Allocate with the 401 challenge, a permission created on demand, data to a local UDP echo
//     peer and back by Send/Data indications, then over a bound channel by ChannelData, a
//     Refresh, and the deallocation (RFC 8656 §7-§12);
//   - a wrong password: 401 twice and a clear error.
// Skipped (with the reason) only when turnserver is not installed (scripts/bootstrap.sh test).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/transaction.hpp"
#include "rtc/stun/turn_client.hpp"

namespace rtc::stun {
namespace {

constexpr const char* kTurnserver = "/usr/bin/turnserver";
constexpr const char* kUser = "alice";
constexpr const char* kPassword = "wonderland";
constexpr const char* kRealm = "rtc.test";

// A UDP socket on 127.0.0.1 (port 0: the kernel picks one).
class UdpSocket {
 public:
  UdpSocket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~UdpSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  SocketAddress local() const {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    return SocketAddress::ipv4({127, 0, 0, 1}, ntohs(a.sin_port));
  }
  void send_to(BytesView data, const SocketAddress& to) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(to.port());
    std::memcpy(&a.sin_addr, to.ip_bytes().data(), 4);
    ::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  }
  // One datagram if one is waiting.
  std::optional<std::pair<SocketAddress, Bytes>> receive() const {
    Bytes buf(65536);
    sockaddr_in a{};
    socklen_t len = sizeof a;
    const ssize_t n = ::recvfrom(fd_, buf.data(), buf.size(), MSG_DONTWAIT,
                                 reinterpret_cast<sockaddr*>(&a), &len);
    if (n < 0) return std::nullopt;
    buf.resize(static_cast<std::size_t>(n));
    std::array<std::uint8_t, 4> ip;
    std::memcpy(ip.data(), &a.sin_addr, 4);
    return std::make_pair(SocketAddress::ipv4(ip, ntohs(a.sin_port)), std::move(buf));
  }

 private:
  int fd_ = -1;
};

std::uint16_t free_udp_port() {
  UdpSocket s;
  return s.local().port();
}

// One turnserver process and its temporary directory, for the whole suite.
class Coturn {
 public:
  Coturn() = default;
  Coturn(const Coturn&) = delete;
  Coturn& operator=(const Coturn&) = delete;
  ~Coturn() { stop(); }  // a failed assertion never leaves a turnserver behind
  // `extra`: more turnserver.conf lines; `relay_slot`: which 10-port relay range to use.
  bool start(const std::string& extra = "", int relay_slot = 0) {
    dir_ = std::filesystem::temp_directory_path() /
           ("rtc-coturn-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    std::filesystem::create_directories(dir_);
    port_ = free_udp_port();
    // A relay range of its own, away from other tests' turnservers.
    // Below the ephemeral range (32768+), so no socket of another test takes these ports.
    const int min_port = 10000 + static_cast<int>(::getpid() % 1000) * 20 + relay_slot * 10;
    std::ofstream config(dir_ / "turnserver.conf");
    config << "listening-ip=127.0.0.1\n"
           << "relay-ip=127.0.0.1\n"
           << "listening-port=" << port_ << "\n"
           << "min-port=" << min_port << "\nmax-port=" << min_port + 9 << "\n"
           << "lt-cred-mech\n"
           << "user=" << kUser << ":" << kPassword << "\n"
           << "realm=" << kRealm << "\n"
           << "no-tls\nno-dtls\nno-cli\n"
           << "allow-loopback-peers\n"
           << "userdb=" << (dir_ / "turndb").string() << "\n"
           << "pidfile=" << (dir_ / "turnserver.pid").string() << "\n"
           << "log-file=" << (dir_ / "turnserver.log").string() << "\n"
           << "simple-log\n"
           << extra;
    config.close();
    const std::string out = (dir_ / "turnserver.out").string();
    const std::string conf = (dir_ / "turnserver.conf").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      ::execl(kTurnserver, kTurnserver, "-c", conf.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return pid_ > 0 && wait_until_answering();
  }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) ::usleep(100000);
      if (::waitpid(pid_, &status, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
      pid_ = -1;
    }
    if (!dir_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
      dir_.clear();
    }
  }

  SocketAddress address() const { return SocketAddress::ipv4({127, 0, 0, 1}, port_); }

  std::string log() const {
    std::stringstream s;
    for (const char* name : {"turnserver.out", "turnserver.log"}) {
      std::ifstream in(dir_ / name);
      s << in.rdbuf();
    }
    return s.str();
  }

  // Binding request (padded with SOFTWARE) -> its response, or nothing within `timeout`.
  std::optional<std::pair<SocketAddress, Bytes>> binding(UdpSocket& socket,
                                                         Duration timeout = seconds(2)) const {
    SeededRandom random(1);
    TransactionConfig fast;
    fast.initial_rto = milliseconds(100);
    TransactionManager manager(fast);
    MessageBuilder b(Method::binding, MessageClass::request, random_transaction_id(random));
    b.add_software("rtc coturn test").add_fingerprint();
    if (!manager.start(now_steady(), *b.take(), address())) return std::nullopt;
    const Timestamp deadline = now_steady() + timeout;
    while (now_steady() < deadline) {
      while (auto t = manager.poll_transmit()) socket.send_to(t->data, t->destination);
      pollfd p{socket.fd(), POLLIN, 0};
      ::poll(&p, 1, 20);
      while (auto in = socket.receive()) {
        manager.handle_receive(now_steady(), in->first, in->second);
      }
      manager.handle_timeout(now_steady());
      if (auto e = manager.poll_event()) {
        if (auto* r = std::get_if<TransactionResponse>(&*e)) {
          return std::make_pair(r->source, r->response);
        }
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

 private:
  bool wait_until_answering() {
    UdpSocket probe;
    for (int i = 0; i < 50; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;  // it exited: the log says why
        return false;
      }
      if (binding(probe, milliseconds(200))) return true;
    }
    return false;
  }

  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

class CoturnTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::access(kTurnserver, X_OK) != 0) return;
    server_ = new Coturn;
    started_ = server_->start();
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->stop();
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (server_ == nullptr) {
      GTEST_SKIP() << kTurnserver
                   << " is not installed (Debian package coturn; scripts/bootstrap.sh test)";
    }
    ASSERT_TRUE(started_) << "turnserver did not start:\n" << server_->log();
  }

  static inline Coturn* server_ = nullptr;
  static inline bool started_ = false;
};

// Drives one TurnClient over a real socket, with a UDP echo peer in the same loop.
struct Driver {
  UdpSocket socket;
  UdpSocket echo;
  SecureRandom random;
  TurnClient client;
  std::vector<TurnEvent> events;
  std::vector<SocketAddress> echo_sources;  // who wrote to the echo peer
  int channel_data_sent = 0;
  int send_indications_sent = 0;

  explicit Driver(const SocketAddress& server, std::string password = kPassword)
      : client(*TurnClient::create(config(server, std::move(password)), random)) {}
  Driver(const SocketAddress&, const std::string&, const TurnConfig& custom)
      : client(*TurnClient::create(custom, random)) {}

  static TurnConfig config(const SocketAddress& server, std::string password) {
    TurnConfig c;
    c.server = server;
    c.username = kUser;
    c.password = std::move(password);
    c.software = "rtc coturn test";
    return c;
  }

  // Runs the loop until `done` holds for an event, or `timeout` passes.
  template <class T>
  const T* wait_for(std::function<bool(const T&)> done = nullptr, Duration timeout = seconds(5)) {
    const Timestamp deadline = now_steady() + timeout;
    std::size_t seen = events.size();
    while (now_steady() < deadline) {
      while (auto t = client.poll_transmit()) {
        if (!t->data.empty() && t->data[0] >= 0x40 && t->data[0] <= 0x4F) ++channel_data_sent;
        if (t->data.size() > 1 && t->data[0] == 0x00 && t->data[1] == 0x16) {
          ++send_indications_sent;
        }
        socket.send_to(t->data, t->destination);
      }
      while (auto e = client.poll_event()) events.push_back(std::move(*e));
      for (; seen < events.size(); ++seen) {
        if (auto* e = std::get_if<T>(&events[seen]); e != nullptr && (!done || done(*e))) {
          return e;
        }
      }
      pollfd fds[2] = {{socket.fd(), POLLIN, 0}, {echo.fd(), POLLIN, 0}};
      ::poll(fds, 2, 20);
      while (auto in = socket.receive()) {
        client.handle_receive(now_steady(), in->first, in->second);
      }
      while (auto in = echo.receive()) {  // the peer echoes whatever reaches it
        echo_sources.push_back(in->first);
        echo.send_to(in->second, in->first);
      }
      if (auto t = client.poll_timeout(); t && *t <= now_steady()) {
        client.handle_timeout(now_steady());
      }
    }
    return nullptr;
  }
};

std::string text(const Bytes& b) {
  return std::string(as_string_view(b));
}

// RFC 8489 §14.2: coturn reports the address our socket has.
TEST_F(CoturnTest, BindingReportsOurAddress) {
  UdpSocket socket;
  auto response = server_->binding(socket);
  ASSERT_TRUE(response) << server_->log();
  auto m = MessageView::parse(response->second);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->is_success_response());
  auto mapped = m->xor_mapped_address();
  ASSERT_TRUE(mapped) << mapped.error().message;
  EXPECT_EQ(*mapped, socket.local());
  EXPECT_EQ(response->first, server_->address());
}

// RFC 8656 §7-§12 end to end: allocation, both data paths through the relay, refresh, delete.
TEST_F(CoturnTest, AllocateRelayBothWaysRefreshAndDeallocate) {
  Driver d(server_->address());
  ASSERT_TRUE(d.client.allocate(now_steady()));
  auto* allocated = d.wait_for<TurnAllocated>();
  ASSERT_NE(allocated, nullptr) << server_->log();
  EXPECT_EQ(allocated->relayed.ip_string(), "127.0.0.1");
  ASSERT_TRUE(allocated->mapped);
  EXPECT_EQ(*allocated->mapped, d.socket.local());
  EXPECT_GT(allocated->lifetime, seconds(0));
  const SocketAddress relayed = allocated->relayed;
  const SocketAddress peer = d.echo.local();

  // Send indication out, Data indication back (§11); the permission is created on demand.
  ASSERT_TRUE(d.client.send_to(now_steady(), peer, as_bytes("by Send indication")));
  auto* back = d.wait_for<TurnData>();
  ASSERT_NE(back, nullptr) << server_->log();
  EXPECT_EQ(back->peer, peer);
  EXPECT_EQ(text(back->data), "by Send indication");
  EXPECT_EQ(back->channel, 0);
  ASSERT_FALSE(d.echo_sources.empty());
  EXPECT_EQ(d.echo_sources.back(), relayed);  // the peer saw the relayed address
  EXPECT_GE(d.send_indications_sent, 1);
  EXPECT_TRUE(d.client.has_permission(peer));

  // ChannelBind, then ChannelData both ways (§12).
  auto channel = d.client.bind_channel(now_steady(), peer);
  ASSERT_TRUE(channel);
  auto* bound = d.wait_for<TurnChannelBound>();
  ASSERT_NE(bound, nullptr) << server_->log();
  EXPECT_EQ(bound->channel, *channel);
  ASSERT_TRUE(d.client.send_to(now_steady(), peer, as_bytes("by ChannelData")));
  back = d.wait_for<TurnData>([](const TurnData& e) { return text(e.data) == "by ChannelData"; });
  ASSERT_NE(back, nullptr) << server_->log();
  EXPECT_EQ(back->peer, peer);
  EXPECT_EQ(back->channel, *channel);  // coturn answered on the channel too
  EXPECT_EQ(d.channel_data_sent, 1);
  EXPECT_EQ(d.echo_sources.back(), relayed);

  // Refresh (§8) and delete (§8.1, LIFETIME 0).
  ASSERT_TRUE(d.client.refresh(now_steady()));
  auto* refreshed = d.wait_for<TurnRefreshed>();
  ASSERT_NE(refreshed, nullptr) << server_->log();
  EXPECT_GT(refreshed->lifetime, seconds(0));
  d.client.close(now_steady());
  auto* closed = d.wait_for<TurnClosed>();
  ASSERT_NE(closed, nullptr) << server_->log();
  EXPECT_FALSE(closed->error) << closed->error->message;

  // The relay is gone: what the peer sends to it reaches nobody.
  d.echo.send_to(as_bytes("anyone?"), relayed);
  EXPECT_EQ(d.wait_for<TurnData>(nullptr, milliseconds(300)), nullptr);
}

// RFC 8656 §7.1-§7.3, §18.7, §18.10: EVEN-PORT with R gets an even relayed port and a
// RESERVATION-TOKEN; a second allocation presenting the token gets the port after it.
TEST_F(CoturnTest, EvenPortReservesTheNextPortForAReservationToken) {
  TurnConfig first = Driver::config(server_->address(), kPassword);
  first.even_port = true;
  Driver a(server_->address(), kPassword, first);
  ASSERT_TRUE(a.client.allocate(now_steady()));
  auto* even = a.wait_for<TurnAllocated>();
  ASSERT_NE(even, nullptr) << server_->log();
  EXPECT_EQ(even->relayed.port() % 2, 0) << even->relayed.to_string();
  ASSERT_TRUE(even->reservation_token) << "coturn sent no RESERVATION-TOKEN";

  TurnConfig second = Driver::config(server_->address(), kPassword);
  second.reservation_token = even->reservation_token;
  Driver b(server_->address(), kPassword, second);
  ASSERT_TRUE(b.client.allocate(now_steady()));
  auto* next = b.wait_for<TurnAllocated>();
  ASSERT_NE(next, nullptr) << server_->log();
  EXPECT_EQ(next->relayed.port(), even->relayed.port() + 1);
  EXPECT_FALSE(next->reservation_token);

  TurnConfig both = first;
  both.reservation_token = 1;
  SecureRandom random;
  EXPECT_FALSE(TurnClient::create(both, random));  // §7.1: not both
  a.client.close(now_steady());
  b.client.close(now_steady());
  EXPECT_NE(a.wait_for<TurnClosed>(), nullptr);
  EXPECT_NE(b.wait_for<TurnClosed>(), nullptr);
}

// RFC 8656 §3.1, §12.5 / RFC 8489 §6.2.2: the same allocation with TCP to the server: one
// stream carries STUN messages and (padded) ChannelData, framed by their own lengths; the
// relayed address is still UDP.
TEST_F(CoturnTest, AllocateAndRelayOverTcpToTheServer) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(server_->address().port());
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0) << server_->log();
  UdpSocket echo;
  SecureRandom random;
  TurnConfig config = Driver::config(server_->address(), kPassword);
  config.transport = TurnTransport::tcp;
  auto client = TurnClient::create(config, random);
  ASSERT_TRUE(client);
  std::vector<TurnEvent> events;
  // Pumps the stream and the echo peer until an event of type T arrives (or 5 s pass).
  auto wait = [&]<class T>(std::function<bool(const T&)> done) -> const T* {
    const Timestamp deadline = now_steady() + seconds(5);
    std::size_t seen = events.size();
    while (now_steady() < deadline) {
      while (auto t = client->poll_transmit()) {
        EXPECT_EQ(t->data.size() % 4, 0u);  // STUN is, and ChannelData is padded (§12.5)
        EXPECT_EQ(::send(fd, t->data.data(), t->data.size(), MSG_NOSIGNAL),
                  static_cast<ssize_t>(t->data.size()));
      }
      while (auto e = client->poll_event()) events.push_back(std::move(*e));
      for (; seen < events.size(); ++seen) {
        if (auto* e = std::get_if<T>(&events[seen]); e && (!done || done(*e))) return e;
      }
      pollfd fds[2] = {{fd, POLLIN, 0}, {echo.fd(), POLLIN, 0}};
      ::poll(fds, 2, 20);
      if (fds[0].revents & POLLIN) {
        // Read in small pieces so that messages arrive cut at arbitrary points.
        std::array<std::uint8_t, 7> piece{};
        const ssize_t n = ::recv(fd, piece.data(), piece.size(), MSG_DONTWAIT);
        if (n > 0) {
          EXPECT_TRUE(client->handle_stream(now_steady(),
                                            BytesView(piece.data(), static_cast<std::size_t>(n))));
        }
      }
      while (auto in = echo.receive()) echo.send_to(in->second, in->first);
      if (auto t = client->poll_timeout(); t && *t <= now_steady()) {
        client->handle_timeout(now_steady());
      }
    }
    return nullptr;
  };
  ASSERT_TRUE(client->allocate(now_steady()));
  auto* allocated = wait.operator()<TurnAllocated>(nullptr);
  ASSERT_NE(allocated, nullptr) << server_->log();
  EXPECT_EQ(allocated->relayed.ip_string(), "127.0.0.1");
  const SocketAddress peer = echo.local();
  ASSERT_TRUE(client->send_to(now_steady(), peer, as_bytes("over TCP by Send indication")));
  auto* back = wait.operator()<TurnData>(nullptr);
  ASSERT_NE(back, nullptr) << server_->log();
  EXPECT_EQ(text(back->data), "over TCP by Send indication");
  ASSERT_TRUE(client->bind_channel(now_steady(), peer));
  ASSERT_NE(wait.operator()<TurnChannelBound>(nullptr), nullptr) << server_->log();
  // 5 octets: the ChannelData goes out padded to 12, and comes back padded too.
  ASSERT_TRUE(client->send_to(now_steady(), peer, as_bytes("hello")));
  back = wait.operator()<TurnData>([](const TurnData& d) { return d.channel != 0; });
  ASSERT_NE(back, nullptr) << server_->log();
  EXPECT_EQ(text(back->data), "hello");
  client->close(now_steady());
  auto* closed = wait.operator()<TurnClosed>(nullptr);
  ASSERT_NE(closed, nullptr);
  EXPECT_FALSE(closed->error);
  // A stream that is not TURN is refused.
  const Bytes tls_hello = {0x16, 0x03, 0x01, 0x02, 0x00};  // RFC 7983: DTLS/TLS, not TURN
  EXPECT_FALSE(client->handle_stream(now_steady(), tls_hello));
  ::close(fd);
}

// RFC 8489 §14.8: a client MUST validate a 300's MESSAGE-INTEGRITY before redirecting.
// coturn's alternate-server answers the first, credential-less Allocate with an unauthenticated
// 300: the allocation fails with code 300, and the error names the alternate and why it was
// not followed.
TEST_F(CoturnTest, UnauthenticatedTryAlternateIsNotFollowed) {
  Coturn redirecting;
  ASSERT_TRUE(redirecting.start("alternate-server=" + server_->address().to_string() + "\n", 1))
      << redirecting.log();
  Driver d(redirecting.address());
  ASSERT_TRUE(d.client.allocate(now_steady()));
  auto* failed = d.wait_for<TurnAllocationFailed>();
  ASSERT_NE(failed, nullptr) << redirecting.log();
  EXPECT_EQ(failed->code, 300);
  EXPECT_NE(failed->error.message.find("ALTERNATE-SERVER " + server_->address().to_string()),
            std::string::npos)
      << failed->error.message;
  EXPECT_NE(failed->error.message.find("not followed"), std::string::npos) << failed->error.message;
  redirecting.stop();
}

// RFC 8656 §7.4 / RFC 8489 §9.2.5: a wrong password gets 401 again, and a clear error.
TEST_F(CoturnTest, WrongPasswordGets401AndAClearError) {
  Driver d(server_->address(), "not-the-password");
  ASSERT_TRUE(d.client.allocate(now_steady()));
  auto* failed = d.wait_for<TurnAllocationFailed>();
  ASSERT_NE(failed, nullptr) << server_->log();
  EXPECT_EQ(failed->code, 401);
  EXPECT_NE(failed->error.message.find("wrong username or password"), std::string::npos)
      << failed->error.message;
  EXPECT_EQ(d.client.state(), TurnClient::State::failed);
}

}  // namespace
}  // namespace rtc::stun
