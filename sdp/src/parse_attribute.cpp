// The public parse_attribute(), and the GenericAttribute every a= line can fall back to. The
// dispatch from a name to its parser is in parse_attribute.hpp.
#include "parse_attribute.hpp"

#include <utility>

#include "rtc/sdp/parser.hpp"

namespace rtc::sdp {
namespace detail {

// Makes `slot` the GenericAttribute that keeps the text as it is.
void keep_generic(AttributeSlot slot, const Split& s) {
  auto& g = slot.get<GenericAttribute>();
  set_text(g.name, s.name, s.readable_end);
  if (s.value) {
    set_text(g.value, *s.value, s.readable_end);
  } else {
    g.value.reset();
  }
}

}  // namespace detail

Result<Attribute> parse_attribute(std::string_view text, const ParseOptions& options) {
  // `text` is exactly what follows "a=" on the line: nothing is stripped, so that what comes
  // back from serialize_attribute() parses to the same attribute.
  std::vector<Attribute> one;
  one.reserve(1);
  const char* text_end = text.data() + text.size();
  if (auto problem = detail::parse_attribute_into(text, text_end, options.strict, {one, 0})) {
    return fail_at_line(Errc::malformed, problem->reason, 1, problem->offset + 1);
  }
  return std::move(one.front());
}

}  // namespace rtc::sdp
