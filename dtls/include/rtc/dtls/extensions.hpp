// Hello extensions (RFC 5246 §7.4.1.4) that a WebRTC DTLS 1.2 handshake uses:
//   supported_groups (10) and ec_point_formats (11)  RFC 8422 §5.1
//   signature_algorithms (13)                         RFC 5246 §7.4.1.4.1
//   use_srtp (14)                                     RFC 5764 §4.1.1
//   extended_master_secret (23)                       RFC 7627 §5.1
//   renegotiation_info (0xff01)                       RFC 5746 §3.2
// Anything else is remembered by type only and ignored (Chromium sends supported_versions,
// key_share, ... for DTLS 1.3; a 1.2 server must ignore them, RFC 5246 §7.4.1.4).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"

namespace rtc::dtls {

enum class ExtensionType : std::uint16_t {
  supported_groups = 10,
  ec_point_formats = 11,
  signature_algorithms = 13,
  use_srtp = 14,
  extended_master_secret = 23,
  supported_versions = 43,  // RFC 8446 §4.2.1: DTLS 1.3 clients; ignored by a 1.2 server
  renegotiation_info = 0xff01,
};

// SignatureAndHashAlgorithm {hash=sha256(4), signature=ecdsa(3)} (RFC 5246 §7.4.1.4.1); the
// same two bytes are TLS 1.3's ecdsa_secp256r1_sha256 (RFC 8446 §4.2.3).
inline constexpr std::uint16_t kEcdsaSha256 = 0x0403;
inline constexpr std::uint8_t kPointFormatUncompressed = 0;

struct UseSrtp {
  std::vector<std::uint16_t> profiles;  // SRTPProtectionProfiles<2..2^16-1>
  Bytes mki;                            // srtp_mki<0..255>
};

struct Extensions {
  std::optional<std::vector<std::uint16_t>> supported_groups;
  std::optional<std::vector<std::uint8_t>> ec_point_formats;
  std::optional<std::vector<std::uint16_t>> signature_algorithms;
  std::optional<UseSrtp> use_srtp;
  bool extended_master_secret = false;
  std::optional<Bytes> renegotiation_info;  // renegotiated_connection<0..255>
  std::vector<std::uint16_t> others;        // types seen and ignored, in order
};

// Parses extensions<0..2^16-1> from the rest of a hello (absent = no extensions). A duplicate
// type is an error (RFC 5246 §7.4.1.4: "MUST NOT be more than one extension of the same type").
Result<Extensions> parse_extensions(ByteReader& reader);
// Writes the length-prefixed block (nothing at all when there is no extension).
void write_extensions(ByteWriter& out, const Extensions& extensions);

}  // namespace rtc::dtls
