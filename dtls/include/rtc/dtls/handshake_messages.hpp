// DTLS 1.2 handshake messages: the 12-byte DTLS handshake header (RFC 6347 §4.2.2) and a codec
// per message body (RFC 5246 §7.4, RFC 6347 §4.2.1, RFC 8422 §5 for the ECC parts).
//
//   struct {
//     HandshakeType msg_type;    // 1 byte
//     uint24 length;             // of the whole message body
//     uint16 message_seq;        // DTLS: orders messages, detects retransmissions
//     uint24 fragment_offset;    // DTLS: where this piece of the body starts
//     uint24 fragment_length;    // DTLS: how long this piece is
//     body...                    // fragment_length bytes
//   } Handshake;
//
// Each body type has parse(BytesView body) -> Result and encode() -> body bytes. Parsers check
// every length against what remains and never read past the body.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/error.hpp"
#include "rtc/dtls/extensions.hpp"

namespace rtc::dtls {

enum class HandshakeType : std::uint8_t {
  hello_request = 0,
  client_hello = 1,
  server_hello = 2,
  hello_verify_request = 3,  // RFC 6347 §4.2.1
  certificate = 11,
  server_key_exchange = 12,
  certificate_request = 13,
  server_hello_done = 14,
  certificate_verify = 15,
  client_key_exchange = 16,
  finished = 20,
};
const char* to_string(HandshakeType type);

inline constexpr std::size_t kHandshakeHeaderSize = 12;
inline constexpr std::size_t kRandomSize = 32;

struct HandshakeHeader {
  HandshakeType type = HandshakeType::hello_request;
  std::uint32_t length = 0;  // 24 bits
  std::uint16_t message_seq = 0;
  std::uint32_t fragment_offset = 0;  // 24 bits
  std::uint32_t fragment_length = 0;  // 24 bits
};

struct HandshakeFragment {
  HandshakeHeader header;
  BytesView body;  // fragment_length bytes, a view into the record
};

// Splits a handshake record's plaintext into fragments. Fails on a fragment that runs past the
// record or past its own message (offset + length > message length).
Result<std::vector<HandshakeFragment>> parse_handshake_fragments(BytesView record);

void write_handshake_header(ByteWriter& out, const HandshakeHeader& header);
// A whole message as one fragment: the form that enters the transcript hash (RFC 6347 §4.2.6).
Bytes encode_handshake(HandshakeType type, std::uint16_t message_seq, BytesView body);

// --- ClientHello (RFC 5246 §7.4.1.2, with DTLS's cookie: RFC 6347 §4.2.1) ------------------
struct ClientHello {
  std::uint16_t client_version = 0xfefd;
  Bytes random;                                   // 32
  Bytes session_id;                               // <0..32>
  Bytes cookie;                                   // <0..2^8-1>
  std::vector<std::uint16_t> cipher_suites;       // <2..2^16-2>
  std::vector<std::uint8_t> compression_methods;  // <1..2^8-1>
  Extensions extensions;

  static Result<ClientHello> parse(BytesView body);
  Bytes encode() const;
};

// --- HelloVerifyRequest (RFC 6347 §4.2.1) ---------------------------------------------------
struct HelloVerifyRequest {
  std::uint16_t server_version = 0xfefd;
  Bytes cookie;  // <0..2^8-1>

  static Result<HelloVerifyRequest> parse(BytesView body);
  Bytes encode() const;
};

// --- ServerHello (RFC 5246 §7.4.1.3) ---------------------------------------------------------
struct ServerHello {
  std::uint16_t server_version = 0xfefd;
  Bytes random;      // 32
  Bytes session_id;  // <0..32>
  std::uint16_t cipher_suite = 0;
  std::uint8_t compression_method = 0;
  Extensions extensions;

  static Result<ServerHello> parse(BytesView body);
  Bytes encode() const;
};

// --- Certificate (RFC 5246 §7.4.2) -----------------------------------------------------------
struct CertificateMessage {
  std::vector<Bytes> certificate_list;  // DER certificates, sender's own first

  static Result<CertificateMessage> parse(BytesView body);
  Bytes encode() const;
};

// --- ServerKeyExchange for ECDHE_ECDSA (RFC 8422 §5.4) ----------------------------------------
struct ServerKeyExchange {
  std::uint16_t named_group = 0;  // curve_type is always named_curve (3)
  Bytes public_key;               // ECPoint <1..2^8-1>
  std::uint16_t signature_algorithm = 0;
  Bytes signature;  // <0..2^16-1>

  // ServerECDHParams: curve_type, namedcurve, public. The signature covers
  // client_random + server_random + params (RFC 8422 §5.4).
  Bytes params() const;
  static Result<ServerKeyExchange> parse(BytesView body);
  Bytes encode() const;
};

// --- CertificateRequest (RFC 5246 §7.4.4) ----------------------------------------------------
struct CertificateRequest {
  std::vector<std::uint8_t> certificate_types;      // <1..2^8-1>; ecdsa_sign = 64 (RFC 8422 §5.5)
  std::vector<std::uint16_t> signature_algorithms;  // <2..2^16-2>
  std::vector<Bytes> certificate_authorities;       // DistinguishedName <0..2^16-1>

  static Result<CertificateRequest> parse(BytesView body);
  Bytes encode() const;
};

// --- ClientKeyExchange for ECDHE (RFC 8422 §5.7) ---------------------------------------------
struct ClientKeyExchange {
  Bytes public_key;  // ECPoint ecdh_Yc <1..2^8-1>

  static Result<ClientKeyExchange> parse(BytesView body);
  Bytes encode() const;
};

// --- CertificateVerify (RFC 5246 §7.4.8) -----------------------------------------------------
struct CertificateVerify {
  std::uint16_t signature_algorithm = 0;
  Bytes signature;

  static Result<CertificateVerify> parse(BytesView body);
  Bytes encode() const;
};

// --- Finished (RFC 5246 §7.4.9) --------------------------------------------------------------
struct Finished {
  Bytes verify_data;  // 12 bytes for every TLS 1.2 cipher suite here

  static Result<Finished> parse(BytesView body);
  Bytes encode() const { return verify_data; }
};

// ServerHelloDone (RFC 5246 §7.4.5) has an empty body; a non-empty one is a decode_error.

}  // namespace rtc::dtls
