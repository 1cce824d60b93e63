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
  [[gnu::cold]] bool fail(std::size_t offset, const char* reason) {
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
    return number(parse_number(field, out), offset, reason);
  }
  // The same for the field at the cursor, which ends at `delimiter`, `other` or the end.
  template <class T>
  RTC_SDP_INLINE bool number(Cursor& in, T& out, const char* reason, char delimiter = ' ',
                             char other = ' ') {
    const std::size_t offset = in.offset();
    return number(in.number(out, delimiter, other), offset, reason);
  }
  RTC_SDP_INLINE bool number(Number result, std::size_t offset, const char* reason) {
    switch (result) {
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

// Where an attribute is parsed to: element `index` of `list`, with index <= list.size().
// get<T>() gives the T to fill in. At the end of the list it is constructed there directly as a
// T (for a new description the parser reserved the room, so nothing moves). An element an
// earlier parse left there (parse_into) is reused when it already is a T, with its strings' and
// vectors' memory, and replaced by a new T otherwise.
struct AttributeSlot {
  std::vector<Attribute>& list;
  std::size_t index;

  template <class T>
  RTC_SDP_INLINE T& get() {
    Attribute* slot = list.data() + index;
    if (slot == list.data() + list.size()) {
      return *std::get_if<T>(&list.emplace_back(std::in_place_type<T>));
    }
    if (T* t = std::get_if<T>(slot)) return *t;
    return slot->emplace<T>();
  }
};

// An attribute's text split at the first ':' (RFC 8866 §5.13: name ":" value, or a name alone).
struct Split {
  std::string_view name;
  std::optional<std::string_view> value;  // nullopt for "a=name", "" for "a=name:"
};

// Makes `slot` the GenericAttribute that keeps the text as it is (parse_attribute.cpp).
[[gnu::cold]] void keep_generic(AttributeSlot slot, const Split& s);

// `text` split after a name of `length` bytes, followed by ':' or nothing.
RTC_SDP_INLINE Split split_after(std::string_view text, std::size_t length) {
  if (text.size() == length) return {text, std::nullopt};
  // (Not substr(): its range check, never needed here, keeps it from being inlined.)
  return {std::string_view(text.data(), length),
          std::string_view(text.data() + length + 1, text.size() - length - 1)};
}

// Makes `slot` a T parsed from `text`, the whole attribute ("rtpmap:111 opus/48000/2", whose
// name the caller has matched to T::kName, followed by ':' or nothing), or a GenericAttribute
// when the typed form would not give the same bytes back (typed_attribute.hpp). The arguments
// travel in registers: this runs for every a= line. One instance per attribute type, compiled
// next to that type's value parser, parse_value(Cursor& in, T& out, Check&, bool strict), so
// that the value parser is inlined into it: rtp_attributes.cpp (rtpmap, fmtp, rtcp-fb, rtcp,
// extmap, msid, ssrc, ssrc-group, rid, simulcast), session_attributes.cpp (mid, group,
// msid-semantic, ice-*, fingerprint, setup, sctp-port, max-message-size, tls-id, identity),
// candidate.cpp (candidate).
//
// Lenient and strict parsing are two functions, so that the lenient one, which runs for
// browsers' SDP, carries none of the strict checks; `template struct TypedParser<T>;` in those
// files compiles both.
template <class T>
struct TypedParser {
  // Lenient parsing cannot fail (what breaks the grammar is kept verbatim): nothing to return.
  static void lenient(AttributeSlot slot, std::string_view text);
  static std::optional<Problem> strict(AttributeSlot slot, std::string_view text);
};
template <class T>
RTC_SDP_INLINE std::optional<Problem> parse_typed(AttributeSlot slot, std::string_view text,
                                                  bool strict) {
  if (strict) return TypedParser<T>::strict(slot, text);
  TypedParser<T>::lenient(slot, text);
  return std::nullopt;
}

// Writes one attribute as it follows "a=" (serializer.cpp).
void write_attribute(const Attribute& attribute, TextWriter& out);
// Writes a candidate as it follows "a=candidate:" (candidate.cpp).
void write_candidate_value(const Candidate& candidate, TextWriter& out);

}  // namespace rtc::sdp::detail
