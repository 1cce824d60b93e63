// How typed attributes are read and written (private to sdp/src).
//
// The promise of this module is that parse() then serialize() gives back the input byte for
// byte. For typed attributes that works because every typed parser accepts only the exact
// text its serializer writes back (single spaces, numbers without leading zeros, ...). When a
// value is valid but written some other way, the parser says so (Verdict::verbatim) and the
// caller keeps the line as a GenericAttribute instead, so no byte is lost. When a value breaks
// its attribute's grammar (Verdict::malformed), strict parsing reports it with the offset and
// the reason; lenient parsing also keeps it verbatim.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/sdp/attributes.hpp"
#include "text.hpp"
#include "writer.hpp"

namespace rtc::sdp::detail {

enum class Verdict : std::uint8_t {
  typed,      // the typed model reproduces the text exactly
  verbatim,   // valid, but the typed model would write it differently: keep it as text
  malformed,  // breaks the attribute's grammar
};

// Collects what a typed parser found. The worst finding wins (malformed > verbatim > typed);
// only the first grammar error is kept, since that is where a person should look.
class Check {
 public:
  Verdict verdict() const { return verdict_; }
  std::size_t offset() const { return offset_; }
  const char* reason() const { return reason_; }

  void keep_verbatim() {
    if (verdict_ == Verdict::typed) verdict_ = Verdict::verbatim;
  }
  // Always returns false, so that parsers can write `return check.fail(...)` or
  // `if (!x) return check.fail(...)`.
  bool fail(std::size_t offset, const char* reason) {
    if (verdict_ != Verdict::malformed) {
      verdict_ = Verdict::malformed;
      offset_ = offset;
      reason_ = reason;
    }
    return false;
  }
  bool ok() const { return verdict_ != Verdict::malformed; }

  // A decimal field of a typed attribute. Leading zeros are valid (1*DIGIT) but would not be
  // written back: keep the line verbatim. Not-a-number and out-of-range are grammar errors.
  template <class T>
  RTC_SDP_INLINE bool number(std::string_view field, std::size_t offset, T& out,
                             const char* reason) {
    switch (parse_number(field, out)) {
      case Number::ok:
        return true;
      case Number::leading_zero:
        keep_verbatim();
        return true;
      case Number::invalid:
      case Number::too_big:
        break;
    }
    return fail(offset, reason);
  }

 private:
  Verdict verdict_ = Verdict::typed;
  std::size_t offset_ = 0;
  const char* reason_ = "";
};

// Parses the attribute written as `text` (what follows "a=") into `slot`: typed when the typed
// model reproduces it exactly, a GenericAttribute otherwise. Lenient parsing never fails;
// strict parsing returns the problem (offset into `text`) when the value breaks its grammar.
// `slot` may hold anything; if it already holds an attribute of the type being parsed, that
// attribute is reused with its strings' and vectors' memory (parse_into).
std::optional<Problem> parse_attribute_into(std::string_view text, bool strict, Attribute& slot);

// The typed value parsers: `in` is positioned after "<name>:". Offsets given to Check are
// relative to the start of the value. Overloads share one name so that the dispatcher in
// parse_attribute.cpp can call them from one template.
void parse_value(Cursor& in, Rtpmap& out, Check& check, bool strict);     // rtp_attributes.cpp
void parse_value(Cursor& in, Fmtp& out, Check& check, bool strict);       // rtp_attributes.cpp
void parse_value(Cursor& in, RtcpFb& out, Check& check, bool strict);     // rtp_attributes.cpp
void parse_value(Cursor& in, Rtcp& out, Check& check, bool strict);       // rtp_attributes.cpp
void parse_value(Cursor& in, Extmap& out, Check& check, bool strict);     // rtp_attributes.cpp
void parse_value(Cursor& in, Msid& out, Check& check, bool strict);       // rtp_attributes.cpp
void parse_value(Cursor& in, Ssrc& out, Check& check, bool strict);       // rtp_attributes.cpp
void parse_value(Cursor& in, SsrcGroup& out, Check& check, bool strict);  // rtp_attributes.cpp
void parse_value(Cursor& in, Rid& out, Check& check, bool strict);        // rtp_attributes.cpp
void parse_value(Cursor& in, Simulcast& out, Check& check, bool strict);  // rtp_attributes.cpp
void parse_value(Cursor& in, Candidate& out, Check& check, bool strict);  // candidate.cpp
void parse_value(Cursor& in, Mid& out, Check& check, bool strict);        // session_attributes.cpp
void parse_value(Cursor& in, Group& out, Check& check, bool strict);      // session_attributes.cpp
void parse_value(Cursor& in, MsidSemantic& out, Check& check, bool strict);
void parse_value(Cursor& in, IceUfrag& out, Check& check, bool strict);
void parse_value(Cursor& in, IcePwd& out, Check& check, bool strict);
void parse_value(Cursor& in, IceOptions& out, Check& check, bool strict);
void parse_value(Cursor& in, Fingerprint& out, Check& check, bool strict);
void parse_value(Cursor& in, Setup& out, Check& check, bool strict);
void parse_value(Cursor& in, SctpPort& out, Check& check, bool strict);
void parse_value(Cursor& in, MaxMessageSize& out, Check& check, bool strict);
void parse_value(Cursor& in, TlsId& out, Check& check, bool strict);
void parse_value(Cursor& in, Identity& out, Check& check, bool strict);

// Writes one attribute as it follows "a=" (serializer.cpp).
void write_attribute(const Attribute& attribute, TextWriter& out);
// Writes a candidate as it follows "a=candidate:" (candidate.cpp).
void write_candidate_value(const Candidate& candidate, TextWriter& out);

}  // namespace rtc::sdp::detail
