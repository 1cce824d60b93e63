// The values of the lines other than a= (private to sdp/src): v o s i u e p c b t r z k m.
//
// Unlike attributes, these lines have no GenericAttribute to fall back on: their value must
// fit the model exactly or the description is rejected, in lenient mode too. The grammar is
// RFC 8866 §9; `strict` adds its character-level rules. Each function returns the Problem
// (offset into `value`) or nothing.
#pragma once

#include <optional>
#include <string_view>

#include "rtc/sdp/session.hpp"
#include "text.hpp"

namespace rtc::sdp::detail {

std::optional<Problem> parse_version(std::string_view value, bool strict, int& out);
std::optional<Problem> parse_origin(std::string_view value, bool strict, Origin& out);
std::optional<Problem> parse_connection(std::string_view value, bool strict, Connection& out);
std::optional<Problem> parse_bandwidth(std::string_view value, bool strict, Bandwidth& out);
std::optional<Problem> parse_timing(std::string_view value, bool strict, Timing& out);
std::optional<Problem> parse_media_line(std::string_view value, bool strict, MediaDescription& out);

// Lines kept as text; these only check (when strict) that the text follows its grammar.
std::optional<Problem> check_text(std::string_view value, bool strict);    // s i u e p
std::optional<Problem> check_repeat(std::string_view value, bool strict);  // r=
std::optional<Problem> check_zones(std::string_view value, bool strict);   // z=
std::optional<Problem> check_key(std::string_view value, bool strict);     // k=

}  // namespace rtc::sdp::detail
