// Text -> SessionDescription (RFC 8866 §5, §9).
#pragma once

#include <string_view>

#include "rtc/common/error.hpp"
#include "rtc/sdp/session.hpp"

namespace rtc::sdp {

struct ParseOptions {
  // Lenient (default): accepts what real browsers send, LF-only line ends, a missing final
  // line end, and unknown or malformed attributes (kept as GenericAttribute).
  // Strict: rejects everything RFC 8866 forbids (order of lines, missing t=, bare LF,
  // attributes whose value breaks their own grammar, ...).
  bool strict = false;
};

// Errors carry line and column (1-based) and say what was expected.
Result<SessionDescription> parse(std::string_view text, const ParseOptions& options = {});

// The same as parse(), into a description that may hold an earlier parse: its attributes and
// media descriptions are reused in place, so strings and vectors keep their memory and parsing
// SDPs of a similar shape again and again allocates almost nothing (a signaling server, a
// benchmark). On success `out` equals what parse() returns; on error it holds a partial
// description.
Result<void> parse_into(std::string_view text, SessionDescription& out,
                        const ParseOptions& options = {});

// One attribute from the text after "a=" ("rtpmap:111 opus/48000/2"). Strict parsing
// reports a malformed value; lenient parsing falls back to GenericAttribute.
Result<Attribute> parse_attribute(std::string_view text, const ParseOptions& options = {});

// "candidate:..." or the bare candidate value, as trickled over signaling (RFC 8840 §4.1).
Result<Candidate> parse_candidate(std::string_view text);

}  // namespace rtc::sdp
