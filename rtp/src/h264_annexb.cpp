#include "rtc/rtp/h264_annexb.hpp"

namespace rtc::rtp {

namespace {
// Offset of the first octet after the next start code at or after `from`, or npos.
std::size_t next_start(BytesView s, std::size_t from, std::size_t& code_at) {
  for (std::size_t i = from; i + 3 <= s.size(); ++i) {
    if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
      code_at = i;
      return i + 3;
    }
  }
  code_at = s.size();
  return BytesView::extent;
}
}  // namespace

std::vector<BytesView> split_annexb(BytesView s) {
  std::vector<BytesView> nals;
  std::size_t code_at = 0;
  std::size_t start = next_start(s, 0, code_at);
  while (start != BytesView::extent) {
    std::size_t next_code = 0;
    const std::size_t next = next_start(s, start, next_code);
    std::size_t end = next_code;
    // The zero before a 4-octet start code and trailing_zero_8bits belong to no NAL.
    while (end > start && s[end - 1] == 0) --end;
    if (end > start) nals.push_back(s.subspan(start, end - start));
    start = next;
  }
  return nals;
}

void append_annexb(Bytes& out, BytesView nal) {
  static constexpr std::uint8_t kStartCode[] = {0, 0, 0, 1};
  out.insert(out.end(), std::begin(kStartCode), std::end(kStartCode));
  out.insert(out.end(), nal.begin(), nal.end());
}

namespace {
bool is_vcl(std::uint8_t type) {
  return type >= 1 && type <= 5;
}
bool first_slice_of_picture(BytesView nal) {
  // first_mb_in_slice is ue(v); it is 0 exactly when the first bit is 1.
  return nal.size() > 1 && (nal[1] & 0x80) != 0;
}
}  // namespace

std::optional<std::vector<BytesView>> AnnexBReader::next_access_unit() {
  if (next_ >= nals_.size()) return std::nullopt;
  std::vector<BytesView> au;
  bool seen_vcl = false;
  while (next_ < nals_.size()) {
    const BytesView nal = nals_[next_];
    const std::uint8_t type = h264_nal_type(nal[0]);
    if (seen_vcl) {
      const bool starts_new =
          (type >= 6 && type <= 9) || (is_vcl(type) && first_slice_of_picture(nal));
      if (starts_new) break;
    }
    if (is_vcl(type)) seen_vcl = true;
    au.push_back(nal);
    ++next_;
  }
  return au;
}

}  // namespace rtc::rtp
