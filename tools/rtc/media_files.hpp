// Media files for `rtc peer`: --send-video plays an IVF file (VP8, VP9 or AV1) into the call at
// the file's own frame rate, looped; --record writes the VP8, VP9 and AV1 frames that arrive to
// DIR/video-<mid>.ivf, which any player that reads IVF (ffplay, vlc, vpxdec, dav1d) shows.
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
  // Errors: unreadable file, not IVF, not VP8/VP9/AV1, no frames.
  static Result<IvfSender> open(const std::string& path);
  // Sends every frame due by `now` on the first video transceiver that sends the file's codec
  // (on the loop thread). Frame i goes out at its IVF timestamp; the RTP clock is 90 kHz
  // (RFC 7741 §4.1, RFC 9628 §4.1, AV1-RTP §7.1).
  void tick(peer::PeerConnection& pc, Timestamp now);
  std::uint64_t frames_sent() const { return sent_; }
  std::size_t frame_count() const { return frames_.size(); }  // in the file
  const std::string& codec() const { return codec_; }         // "VP8", "VP9" or "AV1"

 private:
  struct Frame {
    double seconds;  // presentation time in the file
    Bytes data;
  };
  std::string codec_;
  std::vector<Frame> frames_;
  double loop_seconds_ = 0;  // the file's length, for looping
  std::optional<Timestamp> start_;
  std::uint64_t sent_ = 0;
};

class FrameRecorder {
 public:
  explicit FrameRecorder(std::string directory) : directory_(std::move(directory)) {}
  ~FrameRecorder() { flush(); }
  // Keeps VP8, VP9 and AV1 frames (others, such as H.264, are not written).
  void on_frame(const peer::event::Frame& frame);
  // Writes the files; returns what it wrote, one line per file.
  std::string flush();

 private:
  std::string directory_;
  std::map<std::string, std::unique_ptr<rtp::IvfWriter>> writers_;  // by mid
  std::map<std::string, std::uint32_t> first_timestamp_;
  std::map<std::string, std::string> codec_;  // by mid
  bool flushed_ = false;
};

}  // namespace rtc::cli
