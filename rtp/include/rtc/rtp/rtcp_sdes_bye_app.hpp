// RTCP source description, goodbye and application-defined packets (RFC 3550 §6.5-§6.7).
//
// SDES carries, per SSRC, a list of (type, text) items; WebRTC sends only CNAME (§6.5.1), the
// name that ties the SSRCs of one endpoint together (audio and video of one camera, for lip
// sync). Each chunk ends with a null item and zero padding to a 32-bit boundary.
// BYE says a source is leaving (§6.6), with an optional reason; APP is an escape hatch for
// experiments, named by four ASCII characters (§6.7).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::rtp {

enum class SdesType : std::uint8_t {  // RFC 3550 §12.2
  end = 0,
  cname = 1,
  name = 2,
  email = 3,
  phone = 4,
  loc = 5,
  tool = 6,
  note = 7,
  priv = 8,
};

struct SdesItem {
  std::uint8_t type = 1;  // SdesType
  std::string value;      // at most 255 octets
  bool operator==(const SdesItem&) const = default;
};

struct SdesChunk {
  std::uint32_t ssrc = 0;
  std::vector<SdesItem> items;
  bool operator==(const SdesChunk&) const = default;
};

struct Sdes {                     // PT 202
  std::vector<SdesChunk> chunks;  // at most 31
  bool operator==(const Sdes&) const = default;

  // The common case: one chunk with one CNAME item.
  static Sdes with_cname(std::uint32_t ssrc, std::string cname);
  // The CNAME of this SSRC, if a chunk gives one.
  std::optional<std::string_view> cname(std::uint32_t ssrc) const;

  static Result<Sdes> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

struct Bye {                         // PT 203
  std::vector<std::uint32_t> ssrcs;  // at most 31
  std::string reason;                // optional, at most 255 octets
  bool operator==(const Bye&) const = default;

  static Result<Bye> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

struct App {                 // PT 204
  std::uint8_t subtype = 0;  // 5 bits
  std::uint32_t ssrc = 0;
  std::array<char, 4> name{'t', 'e', 's', 't'};
  Bytes data;  // a multiple of 4 octets (zero-padded when written)
  bool operator==(const App&) const = default;

  static Result<App> parse(BytesView packet);
  void write(ByteWriter& w) const;
};

}  // namespace rtc::rtp
