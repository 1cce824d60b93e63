// IvfSender and FrameRecorder.
#include "media_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace rtc::cli {

namespace {

// The codecs IVF carries here, by FourCC: the encoding name in SDP and the FourCC of a file.
struct IvfCodec {
  const char* fourcc;
  const char* name;
};
constexpr IvfCodec kIvfCodecs[] = {{"VP80", "VP8"}, {"VP90", "VP9"}, {"AV01", "AV1"}};

const char* codec_of_fourcc(const std::string& fourcc) {
  for (const auto& c : kIvfCodecs) {
    if (fourcc == c.fourcc) return c.name;
  }
  return nullptr;
}

const char* fourcc_of_codec(const std::string& name) {
  for (const auto& c : kIvfCodecs) {
    if (name == c.name) return c.fourcc;
  }
  return nullptr;
}

}  // namespace

Result<IvfSender> IvfSender::open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::io, "cannot read " + path);
  const Bytes file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto reader = rtp::IvfReader::open(file);
  if (!reader) return std::unexpected(reader.error());
  const char* codec = codec_of_fourcc(reader->header().codec());
  if (!codec) {
    return fail(Errc::unsupported,
                path + " holds " + reader->header().codec() + ", not VP8, VP9 or AV1");
  }
  const double unit = reader->header().timebase_denominator == 0
                          ? 1.0 / 30
                          : static_cast<double>(reader->header().timebase_numerator) /
                                reader->header().timebase_denominator;
  IvfSender s;
  s.codec_ = codec;
  while (true) {
    auto frame = reader->next_frame();
    if (!frame) return std::unexpected(frame.error());
    if (!*frame) break;
    s.frames_.push_back({static_cast<double>((*frame)->timestamp) * unit,
                         Bytes((*frame)->data.begin(), (*frame)->data.end())});
  }
  if (s.frames_.empty()) return fail(Errc::malformed, path + " has no frames");
  const double step = s.frames_.size() > 1 ? s.frames_[1].seconds - s.frames_[0].seconds : 1.0 / 30;
  s.loop_seconds_ = s.frames_.back().seconds - s.frames_.front().seconds + step;
  return s;
}

void IvfSender::tick(peer::PeerConnection& pc, Timestamp now) {
  if (pc.connection_state() != peer::ConnectionState::connected) return;
  std::string mid;
  for (const auto& t : pc.transceivers()) {
    if (t.kind == peer::MediaKind::video && t.send_codec && t.send_codec->is(codec_) &&
        (t.direction == peer::MediaDirection::sendrecv ||
         t.direction == peer::MediaDirection::sendonly)) {
      mid = t.mid;
      break;
    }
  }
  if (mid.empty()) return;
  if (!start_) start_ = now;
  const double elapsed = std::chrono::duration<double>(now - *start_).count();
  for (;;) {
    const auto& f = frames_[sent_ % frames_.size()];
    const double due = static_cast<double>(sent_ / frames_.size()) * loop_seconds_ + f.seconds -
                       frames_.front().seconds;
    if (due > elapsed) break;
    (void)pc.send_frame(now, mid, f.data, static_cast<std::uint32_t>(due * 90000));
    ++sent_;
  }
}

void FrameRecorder::on_frame(const peer::event::Frame& frame) {
  const char* fourcc = fourcc_of_codec(frame.codec);
  if (!fourcc) return;
  auto& w = writers_[frame.mid];
  if (!w) {
    rtp::IvfHeader h;
    std::copy(fourcc, fourcc + 4, h.fourcc.begin());
    h.timebase_denominator = 90000;  // the RTP clock: timestamps go in as they came
    h.timebase_numerator = 1;
    // VP8 keyframes carry the picture size (RFC 6386 §9.1): 3-byte tag, start code, 14-bit
    // width and height, little-endian. (Players take VP9's and AV1's from the bitstream.)
    if (frame.codec == "VP8" && frame.keyframe && frame.data.size() >= 10) {
      h.width = static_cast<std::uint16_t>((frame.data[6] | frame.data[7] << 8) & 0x3FFF);
      h.height = static_cast<std::uint16_t>((frame.data[8] | frame.data[9] << 8) & 0x3FFF);
    }
    w = std::make_unique<rtp::IvfWriter>(h);
    first_timestamp_[frame.mid] = frame.rtp_timestamp;
    codec_[frame.mid] = frame.codec;
  }
  w->add_frame(frame.rtp_timestamp - first_timestamp_[frame.mid], frame.data);
}

std::string FrameRecorder::flush() {
  if (flushed_) return {};
  flushed_ = true;
  std::string report;
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  for (const auto& [mid, w] : writers_) {
    const std::string path = directory_ + "/video-" + mid + ".ivf";
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(w->bytes().data()),
              static_cast<std::streamsize>(w->bytes().size()));
    report += "recorded " + std::to_string(w->frame_count()) + " " + codec_[mid] + " frames to " +
              path + "\n";
  }
  return report;
}

}  // namespace rtc::cli
