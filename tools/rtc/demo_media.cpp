// DemoMedia: pacing real encoded frames into PeerConnection::send_frame.
#include "demo_media.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>

#include "media_files.hpp"
#include "rtc/rtp/ogg_opus.hpp"

namespace rtc::cli {

std::string assets_dir() {
  if (std::filesystem::exists(RTC_ASSETS_INSTALL_DIR "/clip.ivf")) return RTC_ASSETS_INSTALL_DIR;
  return RTC_ASSETS_SOURCE_DIR;
}

namespace {

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

struct DemoMedia::Impl {
  std::string name;
  std::optional<IvfSender> video;  // the VP8 clip, paced at its own frame rate
  std::vector<Bytes> audio_packets;
  std::uint64_t audio_sent = 0;
  std::optional<Timestamp> start;
  std::atomic<std::uint64_t> video_received{0}, audio_received{0}, keyframe_requests{0};
  std::atomic<std::uint64_t> video_bytes{0};
  bool expects_video = false, expects_audio = false;
  bool announced_video = false, announced_audio = false;
};

DemoMedia::DemoMedia(std::string name) : impl_(std::make_shared<Impl>()) {
  auto& s = *impl_;
  s.name = std::move(name);
  if (auto video = IvfSender::open(assets_dir() + "/clip.ivf")) s.video.emplace(std::move(*video));
  const Bytes opus = read_file(assets_dir() + "/tone.opus");
  if (auto stream = rtp::read_ogg_opus(opus)) s.audio_packets = std::move(stream->packets);
}

void DemoMedia::on_event(peer::PeerConnection&, const peer::Event& e, Timeline& timeline) {
  auto& s = *impl_;
  if (auto* t = std::get_if<peer::event::Track>(&e)) {
    (t->kind == peer::MediaKind::video ? s.expects_video : s.expects_audio) = true;
  } else if (auto* f = std::get_if<peer::event::Frame>(&e)) {
    const bool video = f->codec != "opus";
    if (video) {
      ++s.video_received;
      s.video_bytes += f->data.size();
      if (!s.announced_video) {
        s.announced_video = true;
        timeline.print(s.name, "first " + f->codec + " frame reassembled from RTP: " +
                                   std::to_string(f->data.size()) + " bytes" +
                                   (f->keyframe ? ", a keyframe (RFC 7741 §4.3)" : ""));
      }
    } else {
      ++s.audio_received;
      if (!s.announced_audio) {
        s.announced_audio = true;
        timeline.print(s.name, "first Opus packet received: " + std::to_string(f->data.size()) +
                                   " bytes (RFC 7587)");
      }
    }
  } else if (std::get_if<peer::event::KeyframeRequest>(&e)) {
    ++s.keyframe_requests;
  }
}

void DemoMedia::tick(peer::PeerConnection& pc, Timestamp now, Timeline& timeline) {
  auto& s = *impl_;
  if (pc.connection_state() != peer::ConnectionState::connected) return;
  if (!s.start) {
    s.start = now;
    timeline.print(s.name,
                   "sending media: " + std::to_string(s.video ? s.video->frame_count() : 0) +
                       " VP8 frames at 30 fps and " + std::to_string(s.audio_packets.size()) +
                       " Opus packets every 20 ms, looped");
  }
  if (s.video) s.video->tick(pc, now);
  const auto elapsed = now - *s.start;
  for (const auto& t : pc.transceivers()) {
    if (!t.send_codec || (t.direction != peer::MediaDirection::sendrecv &&
                          t.direction != peer::MediaDirection::sendonly)) {
      continue;
    }
    if (t.kind == peer::MediaKind::audio && !s.audio_packets.empty()) {
      // 20 ms Opus packets on the 48 kHz clock (RFC 7587 §4.1): 960 ticks each.
      const auto due = static_cast<std::uint64_t>(elapsed / milliseconds(20)) + 1;
      while (s.audio_sent < due) {
        const auto& packet = s.audio_packets[s.audio_sent % s.audio_packets.size()];
        (void)pc.send_frame(now, t.mid, packet, static_cast<std::uint32_t>(s.audio_sent * 960));
        ++s.audio_sent;
      }
    }
  }
}

std::string DemoMedia::stats_line(const peer::Stats& stats) {
  std::string line = "stats:";
  for (const auto& o : stats.outbound_rtp) {
    line += " out[mid " + o.mid + "] " + std::to_string(o.packets) + " pkts";
    if (o.round_trip_time) {
      line += " rtt " + std::to_string(to_millis(*o.round_trip_time)).substr(0, 5) + " ms";
    }
  }
  for (const auto& i : stats.inbound_rtp) {
    line += " in[mid " + i.mid + "] " + std::to_string(i.packets) + " pkts " +
            std::to_string(i.frames) + " frames lost " + std::to_string(i.packets_lost) +
            " jitter " + std::to_string(i.jitter_seconds * 1000).substr(0, 4) + " ms";
  }
  for (const auto& d : stats.data_channels) {
    line += " dc[" + d.label + "] " + std::to_string(d.messages_sent) + "/" +
            std::to_string(d.messages_received) + " msgs";
  }
  return line;
}

std::string DemoMedia::summary() const {
  const auto& s = *impl_;
  return s.name + " sent " + std::to_string(s.video ? s.video->frames_sent() : 0) +
         " VP8 frames and " + std::to_string(s.audio_sent) + " Opus packets; received " +
         std::to_string(s.video_received) + " video frames (" + std::to_string(s.video_bytes) +
         " bytes) and " + std::to_string(s.audio_received) + " audio packets";
}

bool DemoMedia::ok() const {
  const auto& s = *impl_;
  return (!s.expects_video || s.video_received > 0) && (!s.expects_audio || s.audio_received > 0);
}

}  // namespace rtc::cli
