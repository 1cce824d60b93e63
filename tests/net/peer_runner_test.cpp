// net/ on real sockets: two PeerConnections on loopback UDP, each on its own PeerRunner thread,
// connect through a real STUN server (server-reflexive candidates) and talk over a data
// channel; the pcapng file of it all is read back by tshark when it is installed.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "rtc/net/interfaces.hpp"
#include "rtc/net/pcap.hpp"
#include "rtc/net/peer_runner.hpp"
#include "rtc/net/stun_server.hpp"

namespace rtc::net {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<const dtls::Identity> identity() {
  static auto id = *dtls::Identity::generate(std::chrono::system_clock::now());
  return id;
}

// Collects what a runner's PeerConnection reports, for the test thread to wait on.
struct Observer {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> candidates;
  std::vector<std::string> messages;
  bool open = false;
  std::uint16_t channel = 0;
  peer::ConnectionState state = peer::ConnectionState::new_;

  PeerRunnerOptions options(PcapngWriter* pcap = nullptr) {
    PeerRunnerOptions o;
    o.bind = {*SocketAddress::parse("127.0.0.1:0")};
    o.pcap = pcap;
    o.on_event = [this](peer::PeerConnection&, const peer::Event& e) {
      std::lock_guard lock(mutex);
      if (auto* c = std::get_if<peer::event::LocalCandidate>(&e))
        candidates.push_back(c->candidate);
      if (auto* o = std::get_if<peer::event::DataChannelOpen>(&e)) {
        open = true;
        channel = o->id;
      }
      if (auto* m = std::get_if<peer::event::DataChannelMessage>(&e)) {
        messages.emplace_back(m->data.begin(), m->data.end());
      }
      if (auto* s = std::get_if<peer::event::ConnectionStateChanged>(&e)) state = s->state;
      cv.notify_all();
    };
    return o;
  }
  template <class P>
  bool wait(P predicate, Duration timeout = 10s) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, timeout, predicate);
  }
};

TEST(Interfaces, ListsLoopbackOnlyWhenAsked) {
  for (const auto& i : list_interfaces()) EXPECT_FALSE(i.address.is_loopback()) << i.name;
  InterfaceOptions o;
  o.loopback = true;
  bool found = false;
  for (const auto& i : list_interfaces(o)) found |= i.address.is_loopback();
  EXPECT_TRUE(found);
}

TEST(PeerRunner, TwoPeersOnLoopbackThroughStunServer) {
  StunServer stun({*SocketAddress::parse("127.0.0.1:0"), "test", nullptr});
  auto stun_address = stun.start();
  ASSERT_TRUE(stun_address) << stun_address.error().to_string();

  const auto pcap_path = std::filesystem::temp_directory_path() /
                         ("rtc-net-test-" + std::to_string(getpid()) + ".pcapng");
  auto pcap = PcapngWriter::open(pcap_path.string());
  ASSERT_TRUE(pcap);

  Observer oa, ob;
  peer::Configuration ca, cb;
  ca.identity = cb.identity = identity();
  ca.stun_servers = cb.stun_servers = {{*stun_address}};
  PeerRunner a(ca, oa.options(pcap->get()));
  PeerRunner b(cb, ob.options(pcap->get()));
  ASSERT_TRUE(a.start());
  ASSERT_TRUE(b.start());

  auto offer = a.call([](peer::PeerConnection& pc, Timestamp now) {
    (void)pc.create_data_channel(now, "chat");
    auto o = pc.create_offer();
    if (o) (void)pc.set_local_description(now, *o);
    return o;
  });
  ASSERT_TRUE(offer);
  auto answer = b.call([&](peer::PeerConnection& pc, Timestamp now) -> Result<peer::Description> {
    if (auto r = pc.set_remote_description(now, *offer); !r) return std::unexpected(r.error());
    auto ans = pc.create_answer();
    if (ans) (void)pc.set_local_description(now, *ans);
    return ans;
  });
  ASSERT_TRUE(answer) << answer.error().to_string();
  ASSERT_TRUE(a.call([&](peer::PeerConnection& pc, Timestamp now) {
    return pc.set_remote_description(now, *answer).has_value();
  }));
  // Trickle: each side's candidates to the other, as signaling would.
  auto trickle = [](Observer& from, PeerRunner& to, std::size_t& sent) {
    std::vector<std::string> fresh;
    {
      std::lock_guard lock(from.mutex);
      fresh.assign(from.candidates.begin() + static_cast<std::ptrdiff_t>(sent),
                   from.candidates.end());
      sent = from.candidates.size();
    }
    for (const auto& c : fresh) {
      to.post([c](peer::PeerConnection& pc, Timestamp now) { (void)pc.add_ice_candidate(now, c); });
    }
  };
  std::size_t sent_a = 0, sent_b = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    trickle(oa, b, sent_a);
    trickle(ob, a, sent_b);
    {
      std::lock_guard la(oa.mutex);
      std::lock_guard lb(ob.mutex);
      if (oa.open && ob.open) break;
    }
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_TRUE(oa.wait([&] { return oa.open; })) << "a never opened its data channel";
  ASSERT_TRUE(ob.wait([&] { return ob.open; }));
  // The STUN server answered each peer's Binding request. (On loopback the server-reflexive
  // address equals the host candidate, so ICE drops it as redundant, RFC 8445 §5.1.3.)
  EXPECT_GE(stun.requests_answered(), 2u);

  const std::uint16_t channel = oa.channel;
  a.post([channel](peer::PeerConnection& pc, Timestamp now) {
    (void)pc.send_text(now, channel, "over real UDP");
  });
  ASSERT_TRUE(ob.wait([&] { return !ob.messages.empty(); }));
  EXPECT_EQ(ob.messages[0], "over real UDP");

  a.stop();
  b.stop();
  stun.stop();
  const std::size_t packets = (*pcap)->packets();
  EXPECT_GT(packets, 10u);
  pcap->reset();

  // tshark, when present, must read every packet of the file and see STUN and DTLS in it.
  if (std::system("command -v tshark >/dev/null 2>&1") == 0) {
    const std::string out_path = pcap_path.string() + ".txt";
    const std::string command = "tshark -r " + pcap_path.string() + " > " + out_path + " 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::ifstream in(out_path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("STUN"), std::string::npos) << text.substr(0, 2000);
    EXPECT_NE(text.find("DTLS"), std::string::npos) << text.substr(0, 2000);
    std::filesystem::remove(out_path);
  }
  std::filesystem::remove(pcap_path);
}

TEST(Pcap, Ipv4HeaderChecksumAndUdpLength) {
  const auto from = *SocketAddress::parse("192.0.2.1:1000");
  const auto to = *SocketAddress::parse("192.0.2.2:2000");
  const Bytes payload{1, 2, 3};
  const Bytes p = make_ip_udp_packet(from, to, payload);
  ASSERT_EQ(p.size(), 20u + 8u + 3u);
  EXPECT_EQ(p[0], 0x45);
  // RFC 791 §3.1: the one's-complement sum over the header, checksum included, is 0xFFFF.
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < 20; i += 2) sum += load_be16(p, i);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  EXPECT_EQ(sum, 0xFFFFu);
  EXPECT_EQ(load_be16(p, 20), 1000);
  EXPECT_EQ(load_be16(p, 22), 2000);
  EXPECT_EQ(load_be16(p, 24), 11);
}

}  // namespace
}  // namespace rtc::net
