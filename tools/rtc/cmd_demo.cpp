// rtc demo: the whole stack in one command, on loopback, with no set-up. A signaling server, a
// STUN server and two C++ peers, alice and bob, that find each other through the room, connect
// (ICE, DTLS, SCTP, SRTP), exchange data-channel messages and media, and print every step.
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include "command.hpp"
#include "demo_media.hpp"
#include "rtc/net/stun_server.hpp"
#include "rtc/signaling/server.hpp"
#include "signaled_peer.hpp"
#include "timeline.hpp"

namespace {

struct DemoOptions {
  std::string pcap;
  std::string keylog;
  bool browser = false;
  std::uint16_t port = 0;
  int messages = 5;
  double media_seconds = 2;
  bool verbose = false;
  bool quiet = false;
};

std::atomic<bool> interrupted{false};

// The per-packet lines (every SCTP DATA/SACK, every consent check) drown the story; --verbose
// shows them.
bool interesting(const rtc::TraceEvent& e) {
  const std::string& s = e.summary;
  if (e.module == "sctp" && (s.rfind("DATA", 0) == 0 || s.rfind("SACK", 0) == 0)) return false;
  if (e.module == "dtls" && s.rfind("record", 0) == 0) return false;
  return true;
}

int run_browser_mode(const DemoOptions& o) {
  rtc::signaling::ServerOptions so;
  so.port = o.port ? o.port : 8080;
  so.web_root = rtc::signaling::default_web_root();
  rtc::signaling::Server server(so);
  auto port = server.listen();
  if (!port) {
    std::cerr << "rtc demo: " << port.error().to_string() << "\n";
    return 1;
  }
  server.start();
  rtc::cli::Timeline timeline(std::cout);
  rtc::cli::SignaledPeerOptions p;
  p.name = "echo";
  p.signal_port = *port;
  p.room = "demo";
  p.echo = true;
  p.log = [&timeline](std::string_view line) { timeline.print("echo", line); };
  rtc::cli::SignaledPeer echo(p);
  echo.start();
  std::cout << "\nOpen http://127.0.0.1:" << *port << "/peer.html in a browser on this machine.\n"
            << "It joins room \"demo\" and calls the C++ echo peer: your camera comes back to you\n"
            << "through it, and the chat box talks over a data channel. ^C to stop.\n\n";
  std::signal(SIGINT, [](int) { interrupted = true; });
  std::signal(SIGTERM, [](int) { interrupted = true; });
  while (!interrupted) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  echo.stop();
  server.stop();
  return 0;
}

int run_demo(const DemoOptions& o) {
  using namespace std::chrono_literals;
  rtc::cli::Timeline timeline(std::cout);
  if (!o.verbose) timeline.set_filter(interesting);
  auto say = [&](std::string_view who, std::string_view text) { timeline.print(who, text); };

  std::cout << "rtc demo: two WebRTC peers on loopback, every protocol step on one timeline.\n"
            << "Columns: time since start, who, protocol layer, direction (-> sent, <- received),"
            << " what, and the RFC section.\n\n";

  // 1. Signaling: the rooms server peers meet through (signaling/PROTOCOL.md).
  rtc::signaling::ServerOptions so;
  so.port = o.port;
  rtc::signaling::Server server(so);
  auto port = server.listen();
  if (!port) {
    std::cerr << "rtc demo: signaling server: " << port.error().to_string() << "\n";
    return 1;
  }
  server.start();
  say("demo", "signaling server on ws://127.0.0.1:" + std::to_string(*port) + "/ws");

  // 2. A STUN server, so each peer also learns its server-reflexive address (RFC 8489 §6.3).
  rtc::net::StunServer stun({*rtc::SocketAddress::parse("127.0.0.1:0"), "rtc demo", nullptr});
  auto stun_address = stun.start();
  if (!stun_address) {
    std::cerr << "rtc demo: STUN server: " << stun_address.error().to_string() << "\n";
    return 1;
  }
  say("demo", "STUN server on " + stun_address->to_string());

  std::unique_ptr<rtc::net::PcapngWriter> pcap;
  if (!o.pcap.empty()) {
    auto w = rtc::net::PcapngWriter::open(o.pcap);
    if (!w) {
      std::cerr << "rtc demo: " << w.error().to_string() << "\n";
      return 1;
    }
    pcap = std::move(*w);
  }
  std::ofstream keylog_file;
  std::mutex keylog_mutex;
  if (!o.keylog.empty()) keylog_file.open(o.keylog, std::ios::trunc);

  rtc::cli::DemoMedia media_alice("alice"), media_bob("bob");
  std::atomic<int> replies{0};
  std::mutex stats_mutex;

  auto make = [&](const std::string& name, bool offer, rtc::cli::DemoMedia& media,
                  rtc::TraceSink* sink) {
    rtc::cli::SignaledPeerOptions p;
    p.name = name;
    p.signal_port = *port;
    p.room = "demo";
    p.offer = offer;
    p.audio = offer;
    p.video = offer;
    p.bind = {*rtc::SocketAddress::parse("127.0.0.1:0")};
    p.stun_servers = {{*stun_address}};
    p.pcap = pcap.get();
    p.pcap_received = false;  // both peers write to the file: each records what it sends
    p.trace = o.quiet ? nullptr : sink;
    if (!o.keylog.empty()) {
      p.keylog = [&](std::string_view line) {
        std::lock_guard lock(keylog_mutex);
        keylog_file << line << "\n" << std::flush;
      };
    }
    p.log = [&timeline, name](std::string_view line) { timeline.print(name, line); };
    p.on_event = [&, name, offer](rtc::peer::PeerConnection& pc, const rtc::peer::Event& e) {
      using namespace rtc::peer;
      if (auto* m = std::get_if<event::DataChannelMessage>(&e)) {
        const std::string text(m->data.begin(), m->data.end());
        say(name, "data channel message: \"" + text + "\"");
        if (!offer) {
          (void)pc.send_text(rtc::now_steady(), m->id, "re: " + text);
        } else {
          ++replies;
        }
      }
      media.on_event(pc, e, timeline);
    };
    return p;
  };
  auto alice_sink = timeline.sink("alice");
  auto bob_sink = timeline.sink("bob");
  rtc::cli::SignaledPeer bob(make("bob", false, media_bob, bob_sink.get()));
  bob.start();
  std::this_thread::sleep_for(100ms);  // bob is in the room before alice arrives and offers
  rtc::cli::SignaledPeer alice(make("alice", true, media_alice, alice_sink.get()));
  const auto started = rtc::now_steady();
  alice.start();

  int status = 0;
  if (!alice.wait_connected(15s) || !bob.wait_connected(5s)) {
    say("demo", "FAILED: the peers did not connect within 15 s");
    status = 1;
  } else {
    const auto connected_after = rtc::now_steady() - started;
    say("demo", "connected: the data channel is open on both sides after " +
                    std::to_string(static_cast<int>(rtc::to_millis(connected_after))) + " ms");
    // 3. Messages over the data channel (SCTP DATA chunks inside DTLS records).
    const auto channel = alice.channel();
    for (int i = 1; i <= o.messages; ++i) {
      alice.post([channel, i](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
        if (channel) (void)pc.send_text(now, *channel, "hello #" + std::to_string(i));
      });
    }
    // 4. Media both ways for a while, with a line of statistics per second.
    alice.post([&](rtc::peer::PeerConnection&, rtc::Timestamp) {});
    const auto media_end = rtc::now_steady() + std::chrono::duration_cast<rtc::Duration>(
                                                   std::chrono::duration<double>(o.media_seconds));
    auto next_stats = rtc::now_steady() + 1s;
    while (rtc::now_steady() < media_end && !interrupted) {
      alice.post([&](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
        media_alice.tick(pc, now, timeline);
      });
      bob.post([&](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
        media_bob.tick(pc, now, timeline);
      });
      std::this_thread::sleep_for(10ms);
      if (rtc::now_steady() >= next_stats) {
        next_stats += 1s;
        alice.post([&](rtc::peer::PeerConnection& pc, rtc::Timestamp) {
          say("alice", rtc::cli::DemoMedia::stats_line(pc.stats()));
        });
        bob.post([&](rtc::peer::PeerConnection& pc, rtc::Timestamp) {
          say("bob", rtc::cli::DemoMedia::stats_line(pc.stats()));
        });
      }
    }
    // Wait briefly for the last replies.
    for (int i = 0; i < 100 && replies < o.messages; ++i) std::this_thread::sleep_for(10ms);

    std::cout << "\nsummary\n";
    std::cout << "  connected after       " << static_cast<int>(rtc::to_millis(connected_after))
              << " ms (offer to open data channel: ICE + DTLS + SCTP + DCEP)\n";
    std::cout << "  data channel          " << replies << "/" << o.messages
              << " messages answered\n";
    std::cout << "  media                 " << media_alice.summary() << "\n"
              << "                        " << media_bob.summary() << "\n";
    if (pcap) {
      std::cout << "  pcap                  " << o.pcap << " (" << pcap->packets()
                << " datagrams; open it in Wireshark"
                << (o.keylog.empty() ? ")" : ", with the DTLS keys of " + o.keylog + ")") << "\n";
    }
    if (replies < o.messages) status = 1;
    if (!media_alice.ok() || !media_bob.ok()) status = 1;
    std::cout << (status == 0 ? "  result                ok\n"
                              : "  result                FAILED\n");
  }
  alice.stop();
  bob.stop();
  stun.stop();
  server.stop();
  return status;
}

void setup(CLI::App& app, rtc::cli::Context& context) {
  static DemoOptions o;
  auto* cmd = app.add_subcommand(
      "demo",
      "The whole stack on loopback: a signaling server, a STUN server and two peers that connect "
      "(ICE, DTLS, SCTP, SRTP), exchange data-channel messages and media, and print an annotated "
      "timeline of every protocol step");
  cmd->add_option("--pcap", o.pcap, "Write every UDP datagram to FILE (pcapng, for Wireshark)");
  cmd->add_option("--keylog", o.keylog,
                  "Write the DTLS keys to FILE (NSS key log) so Wireshark can decrypt --pcap");
  cmd->add_flag("--browser", o.browser,
                "Keep a signaling server and a C++ echo peer running and open the demo page in "
                "your browser (camera loopback and chat)");
  cmd->add_option("--port", o.port, "Signaling port (default: any free one; 8080 with --browser)");
  cmd->add_option("--messages", o.messages, "Data-channel messages to exchange")
      ->capture_default_str();
  cmd->add_option("--media-seconds", o.media_seconds, "Seconds of audio and video to send")
      ->capture_default_str();
  cmd->add_flag("--verbose", o.verbose, "Also print every SCTP DATA/SACK and DTLS record");
  cmd->add_flag("--quiet", o.quiet, "Only the milestones and the summary");
  cmd->callback([&context] { context.exit_code = o.browser ? run_browser_mode(o) : run_demo(o); });
}

}  // namespace

RTC_COMMAND(90, setup);
