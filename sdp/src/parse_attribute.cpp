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
  set_field(g.name, s.name);
  if (s.value) {
    set_field(g.value, *s.value);
  } else {
    g.value.reset();
  }
}

}  // namespace detail

Result<Attribute> parse_attribute(std::string_view text, const ParseOptions& options) {
  // `text` is exactly what follows "a=" on the line: nothing is stripped, so that what comes
  // back from serialize_attribute() parses to the same attribute.
  // (A value on its own has nothing after it that the parser may load: it reads a padded copy.)
  const detail::PaddedCopy padded(text);
  std::vector<Attribute> one;
  one.reserve(1);
  if (auto problem = detail::parse_attribute_into(padded.text(), options.strict, {one, 0})) {
    return fail_at_line(Errc::malformed, problem->reason, 1, problem->offset + 1);
  }
  return std::move(one.front());
}

}  // namespace rtc::sdp
