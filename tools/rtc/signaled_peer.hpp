// A PeerConnection on real sockets that finds its peer through the signaling server: what
// `rtc peer` runs and what `rtc demo` runs twice. It joins a room, offers to the first other
// peer (with `offer`) or answers whoever offers, trickles candidates both ways
// (signaling/PROTOCOL.md), and can echo: data-channel messages go back on their channel, RTP
// comes back on the same m-section with our SSRC, and keyframe requests are passed on to the
// sender (the "reflect" demo of issue 9).
//
// A new offer from another peer, or a `bye`/`peer-left` from the current one, starts over with
// a fresh PeerConnection, so one echo peer serves any number of browser sessions in turn.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "rtc/common/trace.hpp"
#include "rtc/net/peer_runner.hpp"
#include "rtc/signaling/client.hpp"

namespace rtc::cli {

struct SignaledPeerOptions {
  std::string name = "peer";  // prefix of its log lines
  std::string signal_host = "127.0.0.1";
  std::uint16_t signal_port = 8080;
  std::string signal_path = "/ws";
  std::string room = "demo";
  bool offer = false;  // offer to the first other peer (else wait for an offer)
  bool echo = false;
  // What an offer contains (with `offer`).
  bool data_channel = true;
  bool audio = false;
  bool video = false;
  std::string video_codec;  // with `video`: offer this codec first ("VP8", "VP9", "AV1", ...)
  std::vector<SocketAddress> bind;  // empty: every non-loopback interface, else loopback
  std::vector<ice::StunServer> stun_servers;
  std::vector<ice::TurnServer> turn_servers;
  net::PcapngWriter* pcap = nullptr;
  bool pcap_received = true;  // false when the other peer writes the same file
  TraceSink* trace = nullptr;
  std::function<void(std::string_view line)> keylog;
  // Called on the peer's loop thread for every PeerConnection event, after the built-in
  // handling (echo, trickle).
  std::function<void(peer::PeerConnection&, const peer::Event&)> on_event;
  std::function<void(std::string_view line)> log;  // human-readable progress
};

class SignaledPeer {
 public:
  explicit SignaledPeer(SignaledPeerOptions options);
  ~SignaledPeer();  // stop()

  void start();
  void stop();

  // Runs on the current PeerConnection's loop thread (no-op before one exists).
  void post(std::function<void(peer::PeerConnection&, Timestamp)> job);
  // Blocks until the data channel we offered (or the first remote one) is open, or timeout.
  bool wait_connected(Duration timeout);
  // The data channel handle to talk on (ours, or the first remote one).
  std::optional<std::uint16_t> channel() const;
  std::string remote_id() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rtc::cli
