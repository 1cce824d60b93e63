// libFuzzer target for ice::Candidate::parse (RFC 8839 §5.1 candidate lines, as trickled):
// whatever parses must serialize and parse back to the same candidate.
// Seeds: fuzz/corpus/ice_candidate/ (Chromium and Firefox lines: host, srflx, mDNS, IPv6, tcp).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rtc/ice/candidate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto c = rtc::ice::Candidate::parse(text);
  if (!c) return 0;
  (void)c->describe();
  auto again = rtc::ice::Candidate::parse(c->to_string());
  if (!again) std::abort();
  if (again->priority != c->priority || again->address != c->address || again->type != c->type ||
      again->mdns_name != c->mdns_name || again->component != c->component ||
      again->foundation != c->foundation) {
    std::abort();
  }
  return 0;
}
