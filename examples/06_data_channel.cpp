// 06_data_channel: two WebRTC data-channel endpoints in one process, connected by a function
// call instead of a network, open a channel and talk. Read it top to bottom; every step prints
// what happened and the RFC section that explains it.
//
// In a real PeerConnection the bytes would travel inside DTLS records over UDP (RFC 8261);
// here poll_transmit() on one side feeds handle_receive() on the other directly.
#include <cstdio>
#include <string>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/sctp/data_channel.hpp"

using namespace rtc;
using namespace rtc::sctp;

namespace {

// Prints each SCTP protocol step (INIT, COOKIE ECHO, ...) as the associations report it.
class Printer final : public TraceSink {
 public:
  explicit Printer(const char* who) : who_(who) {}
  void on_trace(const TraceEvent& e) override {
    std::printf("  [%s] %-3s %s   (%s)\n", who_,
                e.direction == Direction::outbound  ? "->"
                : e.direction == Direction::inbound ? "<-"
                                                    : "..",
                e.summary.c_str(), e.rfc.c_str());
  }

 private:
  const char* who_;
};

void print_events(const char* who, DataChannelManager& dc) {
  while (auto e = dc.poll_event()) {
    if (std::holds_alternative<channel_event::TransportConnected>(*e)) {
      std::printf("  [%s] SCTP association is up\n", who);
    } else if (auto* o = std::get_if<channel_event::Open>(&*e)) {
      auto info = dc.channel(o->id);
      std::printf("  [%s] channel %u '%s' is open%s   (RFC 8832 §6)\n", who, o->id,
                  info ? info->label.c_str() : "?", o->remote ? " (opened by the peer)" : "");
    } else if (auto* m = std::get_if<channel_event::Message>(&*e)) {
      if (m->binary) {
        std::printf("  [%s] binary message on channel %u: %zu bytes\n", who, m->id, m->data.size());
      } else {
        std::printf("  [%s] text message on channel %u: \"%.*s\"\n", who, m->id,
                    static_cast<int>(m->data.size()),
                    reinterpret_cast<const char*>(m->data.data()));
      }
    } else if (auto* c = std::get_if<channel_event::Closing>(&*e)) {
      std::printf("  [%s] channel %u is closing   (RFC 8831 §6.7)\n", who, c->id);
    } else if (auto* c = std::get_if<channel_event::Closed>(&*e)) {
      std::printf("  [%s] channel %u is closed\n", who, c->id);
    } else if (auto* t = std::get_if<channel_event::TransportClosed>(&*e)) {
      std::printf("  [%s] SCTP association closed: %s\n", who, t->reason.c_str());
    }
  }
}

// Carries packets both ways until neither side has anything to say; when both are quiet and a
// timer is due soon (a delayed SACK, a retransmission), jumps the virtual clock to it.
// Returns the number of packets.
int exchange(DataChannelManager& a, DataChannelManager& b, ManualClock& clock) {
  int packets = 0;
  for (int round = 0; round < 1000; ++round) {
    bool moved = false;
    while (auto p = a.poll_transmit(clock.now())) {
      b.handle_receive(clock.now(), *p);
      ++packets;
      moved = true;
    }
    while (auto p = b.poll_transmit(clock.now())) {
      a.handle_receive(clock.now(), *p);
      ++packets;
      moved = true;
    }
    print_events("alice", a);
    print_events("bob  ", b);
    if (moved) continue;
    auto next = a.poll_timeout();
    if (auto tb = b.poll_timeout(); tb && (!next || *tb < *next)) next = tb;
    if (!next || *next - clock.now() > std::chrono::seconds(2)) break;  // only idle timers left
    clock.set(std::max(clock.now(), *next));
    a.handle_timeout(clock.now());
    b.handle_timeout(clock.now());
  }
  return packets;
}

}  // namespace

int main() {
  ManualClock clock;                      // sans-IO: we decide what time it is
  SeededRandom random_a(1), random_b(2);  // production code would use SecureRandom
  Printer trace_a("alice"), trace_b("bob  ");
  AssociationConfig config;  // RFC 9260 defaults, MTU 1200, port 5000

  // Alice was the DTLS client, so her channels get even stream ids; Bob's odd (RFC 8832 §6).
  DataChannelManager alice(config, DtlsRole::client, random_a, &trace_a);
  DataChannelManager bob(config, DtlsRole::server, random_b, &trace_b);

  std::puts("1. Alice creates a channel before anything is connected: it waits in 'connecting'.");
  auto chat = alice.create_channel(clock.now(), "chat");
  std::printf("   channel id %u, state %s\n", *chat, to_string(alice.state(*chat)));

  std::puts(
      "\n2. Both sides start SCTP at once, as WebRTC does (RFC 9260 §5.2.1, simultaneous open).");
  alice.connect(clock.now());
  bob.connect(clock.now());
  int n = exchange(alice, bob, clock);
  std::printf(
      "   %d packets: INITs, INIT ACKs with signed cookies, COOKIE ECHOs, COOKIE ACKs, DCEP\n", n);

  std::puts("\n3. Messages both ways: text (PPID 51) and binary (PPID 53) (RFC 8831 §6.6).");
  (void)alice.send_text(clock.now(), *chat, "hello Bob");
  (void)bob.send_text(clock.now(), *chat, "hi Alice");
  (void)alice.send_binary(clock.now(), *chat, as_bytes("\x01\x02\x03"));
  n = exchange(alice, bob, clock);
  std::printf("   %d packets (DATA and SACK chunks)\n", n);

  std::puts(
      "\n4. A 100 KiB message is split into ~90 DATA chunks and reassembled (RFC 9260 §6.9).");
  std::string big(100 * 1024, 'x');
  (void)alice.send_text(clock.now(), *chat, big);
  std::printf("   bufferedAmount right after send: %zu bytes\n", alice.buffered_amount(*chat));
  int total = 0;
  while (bob.association().receive_buffered() > 0 || alice.buffered_amount(*chat) > 0 ||
         total == 0) {
    // Quiet the printer for the big one: count instead.
    while (auto p = alice.poll_transmit(clock.now())) {
      bob.handle_receive(clock.now(), *p);
      ++total;
    }
    while (auto p = bob.poll_transmit(clock.now())) {
      alice.handle_receive(clock.now(), *p);
      ++total;
    }
    if (auto e = bob.poll_event(); e && std::holds_alternative<channel_event::Message>(*e)) {
      std::printf("  [bob  ] got %zu bytes in one message\n",
                  std::get<channel_event::Message>(*e).data.size());
      break;
    }
  }
  std::printf("   %d packets, cwnd now %zu bytes (slow start, RFC 9260 §7.2.1)\n", total,
              alice.association().cwnd());

  std::puts("\n5. Bob opens a second channel of his own: unordered, no retransmissions.");
  DataChannelInit lossy;
  lossy.ordered = false;
  lossy.max_retransmits = 0;  // partial reliability via FORWARD TSN (RFC 3758)
  auto game = bob.create_channel(clock.now(), "game-state", lossy);
  exchange(alice, bob, clock);
  (void)bob.send_text(clock.now(), *game, "player at (3,4)");
  exchange(alice, bob, clock);

  std::puts(
      "\n6. Alice closes 'chat': both directions of its stream are reset (RFC 6525, RFC 8831 "
      "§6.7).");
  alice.close(clock.now(), *chat);
  exchange(alice, bob, clock);

  std::puts("\n7. Graceful shutdown of the association (RFC 9260 §9.2).");
  alice.association().shutdown(clock.now());
  exchange(alice, bob, clock);
  std::printf("   alice: %s, bob: %s\n", to_string(alice.association().state()),
              to_string(bob.association().state()));
  return 0;
}
