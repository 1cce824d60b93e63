// SDP <-> JSON in the shape of the sdp-transform npm package, the de facto JSON form of SDP
// in JavaScript (field names version, origin, name, timing, groups, msidSemantic, media[] with
// rtp, fmtp, rtcpFb, ext, candidates, ...). For the SDPs in tests/sdp/corpus the JSON equals
// sdp-transform's own output (tests/sdp/sdp_transform_compat_test.cpp runs it with node).
#pragma once

#include <string>
#include <string_view>

#include "rtc/common/error.hpp"
#include "rtc/sdp/session.hpp"

namespace rtc::sdp {

// indent < 0: compact, one line; otherwise pretty-printed with that many spaces.
std::string to_json(const SessionDescription& session, int indent = 2);
Result<SessionDescription> from_json(std::string_view json);

}  // namespace rtc::sdp
