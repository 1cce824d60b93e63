// SessionDescription -> text (RFC 8866 §5). Always CRLF line ends; lines in grammar order;
// attributes in the order they are stored. For well-formed input,
// serialize(parse(text)) == text byte for byte.
#pragma once

#include <string>

#include "rtc/sdp/session.hpp"

namespace rtc::sdp {

std::string serialize(const SessionDescription& session);
// Appends to `out` (reuse one buffer to avoid allocations).
void serialize_to(const SessionDescription& session, std::string& out);
// The text after "a=" for one attribute ("rtpmap:111 opus/48000/2").
std::string serialize_attribute(const Attribute& attribute);

}  // namespace rtc::sdp
