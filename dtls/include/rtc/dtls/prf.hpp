// The TLS 1.2 pseudorandom function and everything derived from it (RFC 5246 §5, §8.1, §6.3,
// §7.4.9; RFC 7627 §4; RFC 5705 §4). DTLS 1.2 uses TLS 1.2's key derivation unchanged
// (RFC 6347 §4.2). Every cipher suite this stack negotiates uses the SHA-256 PRF.
#pragma once

#include <string_view>

#include "rtc/common/bytes.hpp"

namespace rtc::dtls {

// RFC 5246 §5:  PRF(secret, label, seed) = P_SHA256(secret, label + seed), cut to `length`.
//   P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ...
//   A(0) = seed, A(i) = HMAC(secret, A(i-1))
Bytes prf_sha256(BytesView secret, std::string_view label, BytesView seed, std::size_t length);

// RFC 5246 §8.1 (the classic master secret, kept for tests; this stack requires EMS):
//   PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]
Bytes master_secret(BytesView pre_master_secret, BytesView client_random, BytesView server_random);

// RFC 7627 §4: PRF(pre_master_secret, "extended master secret", session_hash)[0..47], where
// session_hash = Hash(handshake messages from ClientHello up to and including
// ClientKeyExchange), binding the master secret to this handshake.
Bytes extended_master_secret(BytesView pre_master_secret, BytesView session_hash);

// RFC 5246 §6.3: key_block = PRF(master, "key expansion", server_random + client_random).
Bytes key_block(BytesView master_secret, BytesView client_random, BytesView server_random,
                std::size_t length);

// RFC 5246 §7.4.9: verify_data = PRF(master, "client finished" | "server finished",
// Hash(handshake_messages))[0..11].
Bytes finished_verify_data(BytesView master_secret, bool from_client, BytesView transcript_hash);

// RFC 5705 §4 without a context value:
//   PRF(master, label, client_random + server_random)[length]
// DTLS-SRTP uses the label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2).
Bytes export_keying_material(BytesView master_secret, std::string_view label,
                             BytesView client_random, BytesView server_random, std::size_t length);

inline constexpr std::string_view kDtlsSrtpExporterLabel = "EXTRACTOR-dtls_srtp";

}  // namespace rtc::dtls
