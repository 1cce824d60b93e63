// Media files for `rtc peer`: --send-video plays an IVF file (VP8) into the call at the file's
// own frame rate, looped; --record writes the VP8 frames that arrive to DIR/video-<mid>.ivf,
// which any player that reads IVF (ffplay, vlc, vpxdec) shows.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "rtc/peer/peer_connection.hpp"
#include "rtc/rtp/ivf.hpp"

namespace rtc::cli {

class IvfSender {
 public:
  // Errors: unreadable file, not IVF, not VP8, no frames.
  static Result<IvfSender> open(const std::string& path);
  // Sends every frame due by `now` on the first video transceiver that sends (on the loop
  // thread). Frame i goes out at its IVF timestamp; the RTP clock is 90 kHz (RFC 7741 §4.1).
  void tick(peer::PeerConnection& pc, Timestamp now);
  std::uint64_t frames_sent() const { return sent_; }
  std::size_t frame_count() const { return frames_.size(); }  // in the file

 private:
  struct Frame {
    double seconds;  // presentation time in the file
    Bytes data;
  };
  std::vector<Frame> frames_;
  double loop_seconds_ = 0;  // the file's length, for looping
  std::optional<Timestamp> start_;
  std::uint64_t sent_ = 0;
};

class FrameRecorder {
 public:
  explicit FrameRecorder(std::string directory) : directory_(std::move(directory)) {}
  ~FrameRecorder() { flush(); }
  // Keeps VP8 frames (other codecs are counted but not written).
  void on_frame(const peer::event::Frame& frame);
  // Writes the files; returns what it wrote, one line per file.
  std::string flush();

 private:
  std::string directory_;
  std::map<std::string, std::unique_ptr<rtp::IvfWriter>> writers_;  // by mid
  std::map<std::string, std::uint32_t> first_timestamp_;
  bool flushed_ = false;
};

}  // namespace rtc::cli
