// A minimal mDNS codec (RFC 6762 on the DNS wire format of RFC 1035 §4): one question out, the
// A/AAAA answers back. Enough to resolve the "<uuid>.local" host candidates browsers send.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/socket_address.hpp"

namespace rtc::ice::mdns {

inline constexpr std::uint16_t kPort = 5353;    // RFC 6762 §3
inline constexpr std::uint16_t kTypeA = 1;      // RFC 1035 §3.2.2
inline constexpr std::uint16_t kTypeAaaa = 28;  // RFC 3596 §2.1

// The IPv4 mDNS group, 224.0.0.251:5353 (RFC 6762 §3).
SocketAddress group_ipv4();

// A standard query for `name` (one question, class IN). Sent from a port other than 5353 this
// is a "legacy unicast" query: the responder answers to the source with our `id` (§6.7).
Result<Bytes> encode_query(std::uint16_t id, std::string_view name, std::uint16_t type = kTypeA);

struct Answer {
  std::string name;  // lower-case, without the trailing dot
  SocketAddress ip;  // port 0
};

struct Response {
  std::uint16_t id = 0;
  std::vector<Answer> answers;  // A and AAAA records only; others are skipped
};

// Parses a DNS response (QR = 1). Names may be compressed (RFC 1035 §4.1.4); pointer loops and
// overlong names are errors, never hangs.
Result<Response> parse_response(BytesView datagram);

// Case-insensitive name comparison (RFC 6762 §16: names compare as ASCII, ignoring case).
bool same_name(std::string_view a, std::string_view b);

}  // namespace rtc::ice::mdns
