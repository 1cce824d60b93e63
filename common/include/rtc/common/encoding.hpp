// Text encodings of bytes: hex (fingerprints, test vectors, the CLI) and base64 (RFC 4648 §4;
// WebSocket keys, SDP crypto lines).
#pragma once

#include <string>
#include <string_view>

#include "rtc/common/bytes.hpp"

namespace rtc {

// Lower-case hex, no separators: "0a1b".
std::string to_hex(BytesView data);
// Upper-case hex with ':' between bytes, as in SDP a=fingerprint (RFC 8122 §5).
std::string to_hex_colon(BytesView data);
// Accepts upper or lower case; ignores ASCII whitespace and ':' separators.
Result<Bytes> from_hex(std::string_view text);

std::string to_base64(BytesView data);
// Strict RFC 4648 §4 decoding: padding required, no whitespace.
Result<Bytes> from_base64(std::string_view text);

}  // namespace rtc
