// rtc peer: a C++ WebRTC peer that joins a signaling room (rtc signal) and connects to whoever
// is there: a browser on the demo page, or another `rtc peer`.
#include <csignal>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "command.hpp"
#include "media_files.hpp"
#include "signaled_peer.hpp"
#include "timeline.hpp"

namespace {

struct PeerOptions {
  std::string signal = "ws://127.0.0.1:8080/ws";
  std::string room = "demo";
  bool echo = false;
  bool offer = false;
  bool video = false;
  bool audio = false;
  std::vector<std::string> hosts;
  std::vector<std::string> stun;
  std::string keylog;
  std::string pcap;
  bool trace = false;
  double seconds = 0;
  std::vector<std::string> messages;
  std::string send_video;
  std::string record;
};

std::atomic<bool> interrupted{false};

}  // namespace

namespace rtc::cli {

bool parse_ws_url(const std::string& url, std::string& host, std::uint16_t& port,
                  std::string& path) {
  // ws://HOST:PORT/PATH (RFC 6455 §3); no wss: the signaling server speaks plain WebSocket.
  const std::string prefix = "ws://";
  if (url.rfind(prefix, 0) != 0) return false;
  const std::string rest = url.substr(prefix.size());
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  path = slash == std::string::npos ? "/ws" : rest.substr(slash);
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos) {
    host = authority;
    port = 80;
    return !host.empty();
  }
  host = authority.substr(0, colon);
  try {
    const int p = std::stoi(authority.substr(colon + 1));
    if (p <= 0 || p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (...) {
    return false;
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return !host.empty();
}

}  // namespace rtc::cli

namespace {

void setup(CLI::App& app, rtc::cli::Context& context) {
  static PeerOptions o;
  auto* cmd = app.add_subcommand(
      "peer",
      "A C++ WebRTC peer: joins a room of `rtc signal`, then offers or answers (JSEP), connects "
      "with ICE, DTLS, SCTP and SRTP, and with --echo reflects data-channel messages and media");
  cmd->add_option("--signal", o.signal, "Signaling server WebSocket URL")->capture_default_str();
  cmd->add_option("--room", o.room, "Room to join")->capture_default_str();
  cmd->add_flag("--echo", o.echo,
                "Answer any offer; echo data-channel messages and loop audio/video back");
  cmd->add_flag("--offer", o.offer, "Offer to the first other peer in the room");
  cmd->add_flag("--video", o.video, "With --offer: offer a video m-section (VP8 first)");
  cmd->add_flag("--audio", o.audio, "With --offer: offer an audio m-section (Opus)");
  cmd->add_option("--send", o.messages, "With --offer: data-channel messages to send (repeatable)");
  cmd->add_option("--send-video", o.send_video,
                  "Play this IVF file (VP8, VP9 or AV1) into the call at its frame rate, looped "
                  "(with --offer, a video m-section is offered with the file's codec)");
  cmd->add_option("--record", o.record,
                  "Write the VP8, VP9 or AV1 frames that arrive to DIR/video-<mid>.ivf when the "
                  "call ends");
  cmd->add_option("--host", o.hosts,
                  "Local address to bind a UDP socket to (repeatable; default: every interface "
                  "including loopback)");
  cmd->add_option("--stun", o.stun, "STUN server HOST:PORT for server-reflexive candidates");
  cmd->add_option("--keylog", o.keylog, "Append DTLS keys (NSS key log format) to FILE");
  cmd->add_option("--pcap", o.pcap, "Write every UDP datagram to FILE (pcapng)");
  cmd->add_flag("--trace", o.trace, "Print every protocol step (ICE checks, DTLS flights, ...)");
  cmd->add_option("--seconds", o.seconds, "Exit after this many seconds (default: run until ^C)");
  cmd->callback([&context] {
    rtc::cli::SignaledPeerOptions p;
    p.name = "peer";
    if (!rtc::cli::parse_ws_url(o.signal, p.signal_host, p.signal_port, p.signal_path)) {
      std::cerr << "rtc peer: --signal must look like ws://HOST:PORT/ws\n";
      context.exit_code = 2;
      return;
    }
    p.room = o.room;
    p.echo = o.echo;
    p.offer = o.offer;
    p.video = o.video || !o.send_video.empty();
    std::optional<rtc::cli::IvfSender> sender;
    if (!o.send_video.empty()) {
      auto s = rtc::cli::IvfSender::open(o.send_video);
      if (!s) {
        std::cerr << "rtc peer: --send-video: " << s.error().to_string() << "\n";
        context.exit_code = 2;
        return;
      }
      sender.emplace(std::move(*s));
      p.video_codec = sender->codec();  // an offer leads with the file's codec
    }
    std::optional<rtc::cli::FrameRecorder> recorder;
    if (!o.record.empty()) recorder.emplace(o.record);
    p.audio = o.audio;
    for (const auto& h : o.hosts) {
      auto a = rtc::SocketAddress::from_ip(h, 0);
      if (!a) {
        std::cerr << "rtc peer: --host " << h << ": " << a.error().to_string() << "\n";
        context.exit_code = 2;
        return;
      }
      p.bind.push_back(*a);
    }
    for (const auto& s : o.stun) {
      auto a = rtc::SocketAddress::parse(s);
      if (!a) {
        std::cerr << "rtc peer: --stun " << s << ": " << a.error().to_string() << "\n";
        context.exit_code = 2;
        return;
      }
      p.stun_servers.push_back({*a});
    }
    std::unique_ptr<rtc::net::PcapngWriter> pcap;
    if (!o.pcap.empty()) {
      auto w = rtc::net::PcapngWriter::open(o.pcap);
      if (!w) {
        std::cerr << "rtc peer: " << w.error().to_string() << "\n";
        context.exit_code = 1;
        return;
      }
      pcap = std::move(*w);
      p.pcap = pcap.get();
    }
    auto keylog = std::make_shared<std::ofstream>();
    auto keylog_mutex = std::make_shared<std::mutex>();
    if (!o.keylog.empty()) {
      keylog->open(o.keylog, std::ios::app);
      p.keylog = [keylog, keylog_mutex](std::string_view line) {
        std::lock_guard lock(*keylog_mutex);
        *keylog << line << "\n" << std::flush;
      };
    }
    rtc::cli::Timeline timeline(std::cout);
    auto sink = timeline.sink("peer");
    if (o.trace) p.trace = sink.get();
    p.log = [&timeline](std::string_view line) { timeline.print("peer", line); };
    std::atomic<bool> open{false};
    p.on_event = [&](rtc::peer::PeerConnection&, const rtc::peer::Event& e) {
      if (auto* m = std::get_if<rtc::peer::event::DataChannelMessage>(&e)) {
        timeline.print(
            "peer",
            "message (" + std::to_string(m->data.size()) + " bytes)" +
                (m->binary ? ""
                           : ": " + std::string(m->data.begin(),
                                                m->data.begin() +
                                                    std::min<std::size_t>(m->data.size(), 60))));
      }
      if (std::get_if<rtc::peer::event::DataChannelOpen>(&e)) open = true;
      if (auto* f = std::get_if<rtc::peer::event::Frame>(&e)) {
        if (f->codec != "opus") open = true;  // a video-only call counts as connected too
        if (recorder) recorder->on_frame(*f);
      }
    };
    rtc::cli::SignaledPeer peer(p);
    std::signal(SIGINT, [](int) { interrupted = true; });
    std::signal(SIGTERM, [](int) { interrupted = true; });
    peer.start();
    bool sent = false;
    const auto start = std::chrono::steady_clock::now();
    while (!interrupted) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (open && !sent && !o.messages.empty()) {
        sent = true;
        auto channel = peer.channel();
        for (const auto& m : o.messages) {
          peer.post([channel, m](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
            if (channel) (void)pc.send_text(now, *channel, m);
          });
        }
      }
      if (sender) {
        peer.post([&sender](rtc::peer::PeerConnection& pc, rtc::Timestamp now) {
          sender->tick(pc, now);
        });
      }
      if (o.seconds > 0 &&
          std::chrono::steady_clock::now() - start > std::chrono::duration<double>(o.seconds)) {
        break;
      }
    }
    peer.stop();
    if (sender)
      std::cout << "sent " << sender->frames_sent() << " " << sender->codec() << " frames\n";
    if (recorder) std::cout << recorder->flush();
    context.exit_code = open ? 0 : 1;
  });
}

}  // namespace

RTC_COMMAND(80, setup);
