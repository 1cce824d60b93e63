// 07: a whole WebRTC call in one program. Two PeerConnections, each on its own UDP socket and
// thread (net::PeerRunner), exchange an offer and an answer and their ICE candidates by hand (a
// signaling server would carry them; here they are just strings), connect, open a data channel
// and say hello. Every protocol step prints as it happens.
//
//   build/default/examples/example_07_peer
//
// Read peer/README.md first; then this file top to bottom.
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "rtc/common/trace.hpp"
#include "rtc/net/peer_runner.hpp"

using namespace std::chrono_literals;

namespace {

// What each side's PeerConnection reports, kept for main() to read.
struct Side {
  std::string name;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> candidates;  // to trickle to the other side (RFC 8838)
  bool open = false;
  std::string received;
};

rtc::net::PeerRunnerOptions runner_options(Side& side) {
  rtc::net::PeerRunnerOptions o;
  o.bind = {*rtc::SocketAddress::parse("127.0.0.1:0")};  // one socket on loopback
  o.on_event = [&side](rtc::peer::PeerConnection&, const rtc::peer::Event& e) {
    std::lock_guard lock(side.mutex);
    if (auto* c = std::get_if<rtc::peer::event::LocalCandidate>(&e)) {
      side.candidates.push_back(c->candidate);
    } else if (std::get_if<rtc::peer::event::DataChannelOpen>(&e)) {
      side.open = true;
    } else if (auto* m = std::get_if<rtc::peer::event::DataChannelMessage>(&e)) {
      side.received.assign(m->data.begin(), m->data.end());
    }
    side.changed.notify_all();
  };
  return o;
}

}  // namespace

int main() {
  // Both sides print their protocol steps through one trace sink.
  std::mutex print_mutex;
  const auto origin = rtc::now_steady();
  rtc::FunctionTraceSink trace([&](const rtc::TraceEvent& e) {
    std::lock_guard lock(print_mutex);
    std::cout << rtc::format_trace(e, origin) << "\n";
  });

  // 1. Configuration: a certificate each (its fingerprint goes into the SDP, RFC 8122).
  rtc::peer::Configuration config;
  config.identity = *rtc::dtls::Identity::generate(std::chrono::system_clock::now());
  config.trace = &trace;

  Side alice, bob;
  alice.name = "alice";
  bob.name = "bob";
  rtc::net::PeerRunner a(config, runner_options(alice));
  rtc::net::PeerRunner b(config, runner_options(bob));
  if (!a.start() || !b.start()) {
    std::cerr << "cannot bind UDP sockets on 127.0.0.1\n";
    return 1;
  }

  // 2. Alice offers a data channel (JSEP, RFC 9429 §5.2.1) ...
  auto offer = a.call([](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
    (void)pc.create_data_channel(now, "chat");
    auto o = pc.create_offer();
    (void)pc.set_local_description(now, *o);
    return *o;
  });
  std::cout << "\n--- alice's offer ---\n" << offer.sdp << "---\n\n";

  // 3. ... Bob answers (§5.3.1) ...
  auto answer = b.call([&](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
    (void)pc.set_remote_description(now, offer);
    auto ans = pc.create_answer();
    (void)pc.set_local_description(now, *ans);
    return *ans;
  });
  a.post([answer](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
    (void)pc.set_remote_description(now, answer);
  });

  // 4. ... and their candidates cross over as they are gathered (trickle ICE, RFC 8838).
  std::size_t from_alice = 0, from_bob = 0;
  auto trickle = [](Side& from, rtc::net::PeerRunner& to, std::size_t& sent) {
    std::lock_guard lock(from.mutex);
    for (; sent < from.candidates.size(); ++sent) {
      to.post([c = from.candidates[sent]](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
        (void)pc.add_ice_candidate(now, c);
      });
    }
  };
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    trickle(alice, b, from_alice);
    trickle(bob, a, from_bob);
    {
      std::lock_guard la(alice.mutex), lb(bob.mutex);
      if (alice.open && bob.open) break;
    }
    std::this_thread::sleep_for(5ms);
  }

  // 5. The data channel is open on both sides: ICE, DTLS, SCTP and DCEP have all run.
  a.post([](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
    (void)pc.send_text(now, 1, "hello, bob");  // 1: the handle create_data_channel returned
  });
  {
    std::unique_lock lock(bob.mutex);
    bob.changed.wait_for(lock, 5s, [&] { return !bob.received.empty(); });
    std::cout << "\nbob received: \"" << bob.received << "\"\n\n";
  }
  a.stop();
  b.stop();
  return bob.received == "hello, bob" ? 0 : 1;
}
