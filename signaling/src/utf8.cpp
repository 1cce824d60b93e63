// RFC 3629 §4: the well-formed byte sequences, written as the table of ranges below.
//
//   Code points          1st byte  2nd byte  3rd byte  4th byte
//   U+0000..U+007F       00..7F
//   U+0080..U+07FF       C2..DF    80..BF
//   U+0800..U+0FFF       E0        A0..BF    80..BF            (E0 80..9F would be overlong)
//   U+1000..U+CFFF       E1..EC    80..BF    80..BF
//   U+D000..U+D7FF       ED        80..9F    80..BF            (ED A0..BF are surrogates)
//   U+E000..U+FFFF       EE..EF    80..BF    80..BF
//   U+10000..U+3FFFF     F0        90..BF    80..BF    80..BF  (F0 80..8F would be overlong)
//   U+40000..U+FFFFF     F1..F3    80..BF    80..BF    80..BF
//   U+100000..U+10FFFF   F4        80..8F    80..BF    80..BF  (F4 90.. is above U+10FFFF)
#include "rtc/signaling/utf8.hpp"

namespace rtc::signaling {

bool Utf8Validator::feed(BytesView bytes) {
  if (failed_) return false;
  for (std::uint8_t b : bytes) {
    if (needed_ > 0) {
      if (b < lower_ || b > upper_) return !(failed_ = true);
      --needed_;
      lower_ = 0x80;  // only the second byte of a sequence has narrowed bounds
      upper_ = 0xBF;
      continue;
    }
    if (b < 0x80) continue;
    if (b >= 0xC2 && b <= 0xDF) {
      needed_ = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      needed_ = 2;
      if (b == 0xE0) lower_ = 0xA0;
      if (b == 0xED) upper_ = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      needed_ = 3;
      if (b == 0xF0) lower_ = 0x90;
      if (b == 0xF4) upper_ = 0x8F;
    } else {
      // 80..BF without a lead byte, C0/C1 (always overlong), F5..FF (beyond U+10FFFF).
      return !(failed_ = true);
    }
  }
  return true;
}

bool is_valid_utf8(std::string_view text) {
  Utf8Validator v;
  return v.feed(text) && v.complete();
}

}  // namespace rtc::signaling
