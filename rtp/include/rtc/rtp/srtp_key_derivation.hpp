// SRTP key derivation (RFC 3711 §4.3) with key derivation rate 0, as DTLS-SRTP uses it
// (RFC 5764 §4.1.2 fixes kdr = 0): every session key is derived once from the master key and
// master salt, and serves every SSRC of the session for its whole life.
//
//   key_id = label || r          (r = index DIV kdr = 0 when kdr = 0, 48 bits)   §4.3.1
//   x      = key_id XOR master_salt                                              §4.3.1
//   out    = AES-CM(master_key, IV = x * 2^16), as many octets as needed         §4.3.3
//
// For the AEAD profiles the 96-bit master salt is padded with zeros on the right to the
// 112 bits the PRF expects (RFC 7714 §11), and AES-256 keys use AES-256-CM (RFC 6188 §7).
#pragma once

#include <cstdint>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/rtp/srtp_profile.hpp"

namespace rtc::rtp {

// RFC 3711 §4.3.2, RFC 6904 §4.3 (header-extension key and salt).
enum class SrtpLabel : std::uint8_t {
  rtp_encryption = 0x00,
  rtp_authentication = 0x01,
  rtp_salt = 0x02,
  rtcp_encryption = 0x03,
  rtcp_authentication = 0x04,
  rtcp_salt = 0x05,
  rtp_header_encryption = 0x06,
  rtp_header_salt = 0x07,
};

// Fills `out` (any length) with the PRF output for `label`. master_key is 16, 24 or 32 bytes,
// master_salt at most 14 (shorter salts are zero-padded on the right).
Result<void> derive_srtp_key(BytesView master_key, BytesView master_salt, SrtpLabel label,
                             MutableBytesView out);

// The session keys one SRTP session works with (RFC 3711 §3.2.1 "session keys").
// auth keys are empty for the AEAD profiles.
struct SrtpSessionKeys {
  Bytes rtp_key;
  Bytes rtp_salt;
  Bytes rtp_auth_key;
  Bytes rtcp_key;
  Bytes rtcp_salt;
  Bytes rtcp_auth_key;
};

// Checks the master key and salt sizes against the profile and derives all six.
Result<SrtpSessionKeys> derive_srtp_session_keys(SrtpProfile profile, BytesView master_key,
                                                 BytesView master_salt);

// RFC 5764 §4.2: the DTLS-SRTP exporter ("EXTRACTOR-dtls_srtp", 2 * (key + salt) octets) is
//   client_write_SRTP_master_key | server_write_SRTP_master_key |
//   client_write_SRTP_master_salt | server_write_SRTP_master_salt
// The client protects with the client_write pair and unprotects with the server_write pair;
// the server the other way round.
struct SrtpMasterKeys {
  Bytes client_key;
  Bytes client_salt;
  Bytes server_key;
  Bytes server_salt;
};
Result<SrtpMasterKeys> split_dtls_srtp_keying_material(SrtpProfile profile, BytesView material);

}  // namespace rtc::rtp
