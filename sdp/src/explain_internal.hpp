// Shared between explain.cpp (lines, the first pass, formatting) and explain_attributes.cpp
// (one a= line). Not installed: an implementation detail of explain.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/sdp/attributes.hpp"

namespace rtc::sdp::explain_detail {

// What the first pass over the whole text learned about one level (session or an m-section),
// so that a line can be explained with the others' help ("payload type 97 retransmits 96").
struct Section {
  bool session_level = true;
  std::string media_type;                     // "audio", "video", "application"
  std::map<std::uint8_t, Rtpmap> rtpmaps;     // payload type -> a=rtpmap
  std::map<std::uint8_t, std::string> fmtps;  // payload type -> a=fmtp parameters
  bool bundle_only = false;                   // has a=bundle-only
};

struct Context {
  const Section* section = nullptr;                  // the level the line is in
  const std::vector<std::string>* bundle = nullptr;  // mids of the session's a=group:BUNDLE
};

struct Explanation {
  std::string meaning;
  std::string reference;
  bool recognized = true;
};

// "97 (rtx for 96)", "111 (opus/48000/2)", "0 (PCMU/8000, static)", "35 (no a=rtpmap)".
std::string describe_payload_type(const Section& section, std::uint8_t payload_type);

// One attribute: `text` is what follows "a=".
Explanation explain_attribute(std::string_view text, const Context& context);

}  // namespace rtc::sdp::explain_detail
