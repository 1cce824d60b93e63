// TypedParser<T>: from an attribute's text to a typed attribute, or to its verbatim text
// (private to sdp/src; see attribute_grammar.hpp for the rule that keeps round trips exact).
//
// Only the files that define value parsers include this: each of them instantiates
// TypedParser<T> for its own types (at its end), so that its parse_value(Cursor& in, T& out,
// Check& check, bool strict) is inlined into it and an attribute costs one call from the
// dispatcher in parse_attribute.hpp. A value parser reads from `in`, positioned after
// "<name>:", sets every field of `out` (so that a reused attribute keeps nothing stale) and
// reports to `check` with offsets from the start of the value.
#pragma once

#include "attribute_grammar.hpp"

namespace rtc::sdp::detail {

// The slot is filled in place: an SDP has hundreds of attributes, and building each one
// elsewhere and moving it in (a Candidate is a dozen strings) would cost more than parsing it.
// `flatten` inlines every call made here (the value parser, set_field, the Cursor), so that the
// cursor and the check live in registers for the whole attribute. `Strict` is a template
// parameter so that the lenient parser, the one that runs for browsers' SDP, carries none of
// the strict checks (parse_value takes it as a bool, which inlining turns into a constant).
template <class T, bool Strict>
[[gnu::flatten]] inline std::optional<Problem> parse_typed_as(AttributeSlot slot,
                                                              std::string_view text) {
  constexpr std::size_t name_length = T::kName.size();
  // A value attribute needs ':' and a value (RFC 8866 §5.13), reported where the ':' should be.
  if (text.size() == name_length) {
    if (Strict) return Problem{name_length, "this attribute needs ':' and a value"};
    keep_generic(slot, split_after(text, name_length));
    return std::nullopt;
  }
  T& typed = slot.get<T>();
  Check check;
  const std::string_view value(text.data() + name_length + 1, text.size() - name_length - 1);
  Cursor in(value);
  parse_value(in, typed, check, Strict);
  if (check.ok() && !in.at_end()) check.fail(in.offset(), "unexpected text after the value");
  if (check.verdict() == Verdict::typed) [[likely]] {
    return std::nullopt;
  }
  if (check.verdict() == Verdict::malformed && Strict) {
    return Problem{name_length + 1 + check.offset(), check.reason()};
  }
  keep_generic(slot, split_after(text, name_length));
  return std::nullopt;
}

template <class T>
[[gnu::flatten]] void TypedParser<T>::lenient(AttributeSlot slot, std::string_view text) {
  parse_typed_as<T, false>(slot, text);
}
template <class T>
[[gnu::flatten]] std::optional<Problem> TypedParser<T>::strict(AttributeSlot slot,
                                                               std::string_view text) {
  return parse_typed_as<T, true>(slot, text);
}

}  // namespace rtc::sdp::detail
