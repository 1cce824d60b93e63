// libFuzzer target for the SDP parser and serializer (sdp/).
//
// For every input, lenient and strict: parse (and parse_into over the previous input's model)
// must return (never crash, never read out of
// bounds: ASan/UBSan check that). When it accepts the input, the round trip must be stable:
//   m1 = parse(x);  t1 = serialize(m1);  m2 = parse(t1)  =>  m2 == m1 and serialize(m2) == t1.
// Anything else is a bug in a typed parser or in the serializer, and aborts with a report.
// The trickled-candidate entry point (parse_candidate) and parse_attribute get the same input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "sdp_fuzz: %s\n--- input (%zu bytes) ---\n%.*s\n--- detail ---\n%s\n", what,
               input.size(), static_cast<int>(input.size()), input.data(), detail.c_str());
  std::abort();
}

void check_round_trip(std::string_view input, const rtc::sdp::ParseOptions& options) {
  auto first = rtc::sdp::parse(input, options);
  // parse_into() reuses whatever the previous input left (even a partial description after an
  // error) and must agree with parse().
  static rtc::sdp::SessionDescription reused;
  auto into = rtc::sdp::parse_into(input, reused, options);
  if (into.has_value() != first.has_value()) fail("parse_into and parse disagree", input, "");
  if (into && !(reused == *first)) fail("parse_into built a different model", input, "");
  if (!first) {
    // Errors must say where.
    if (!first.error().line || !first.error().column || first.error().message.empty()) {
      fail("error without line, column or message", input, first.error().to_string());
    }
    return;
  }
  const std::string text = rtc::sdp::serialize(*first);
  auto second = rtc::sdp::parse(text, options);
  if (!second)
    fail("serialized model does not parse", input, text + "\n" + second.error().to_string());
  if (!(*second == *first)) fail("model changed after serialize -> parse", input, text);
  const std::string again = rtc::sdp::serialize(*second);
  if (again != text) fail("second serialization differs", input, text + "\n---\n" + again);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_round_trip(input, {.strict = false});
  check_round_trip(input, {.strict = true});

  // One line as a trickled candidate: accepted candidates must survive to_string -> parse.
  const std::string_view first_line = input.substr(0, input.find('\n'));
  if (auto c = rtc::sdp::parse_candidate(first_line)) {
    auto back = rtc::sdp::parse_candidate(c->to_string());
    if (!back || !(*back == *c))
      fail("candidate changed after to_string -> parse", input, c->to_string());
  }
  // ... and as one attribute.
  if (auto a = rtc::sdp::parse_attribute(first_line)) {
    const std::string text = rtc::sdp::serialize_attribute(*a);
    auto back = rtc::sdp::parse_attribute(text);
    if (!back || !(*back == *a)) fail("attribute changed after serialize -> parse", input, text);
  }
  return 0;
}
