// The media `rtc demo` sends and counts: a real VP8 clip (assets/demo/clip.ivf, made by libvpx,
// see scripts/make-demo-media.sh) at its 30 frames per second (media_files.hpp's IvfSender,
// as `rtc peer --send-video`) and real Opus packets
// (assets/demo/tone.opus) every 20 ms, looped, on whatever audio and video m-sections were
// negotiated; and the frames that arrive.
#pragma once

#include <cstdint>
#include <string>

#include "rtc/peer/peer_connection.hpp"
#include "timeline.hpp"

namespace rtc::cli {

// Where the demo's media clips are: the installed copy, else the source tree's.
std::string assets_dir();

class DemoMedia {
 public:
  explicit DemoMedia(std::string name);
  // Call for every PeerConnection event (on the peer's loop thread).
  void on_event(peer::PeerConnection& pc, const peer::Event& e, Timeline& timeline);
  // Sends whatever frames are due by `now` (on the loop thread).
  void tick(peer::PeerConnection& pc, Timestamp now, Timeline& timeline);
  static std::string stats_line(const peer::Stats& stats);
  std::string summary() const;
  bool ok() const;  // frames were received on every track the peer offered to send us

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace rtc::cli
