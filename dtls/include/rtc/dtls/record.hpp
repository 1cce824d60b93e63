// The DTLS 1.2 record layer (RFC 6347 §4.1): framing, AEAD protection (RFC 5246 §6.2.3.3 with
// RFC 5288 §3 or RFC 7905 §2 nonces), and the anti-replay window (RFC 6347 §4.1.2.6).
//
//   struct {
//     ContentType type;                  // 1 byte
//     ProtocolVersion version;           // 2 bytes: {254, 253} = DTLS 1.2
//     uint16 epoch;                      // which keys: 0 = none, 1 = after ChangeCipherSpec
//     uint48 sequence_number;            // per epoch, never repeats (it feeds the nonce)
//     uint16 length;
//     opaque fragment[DTLSPlaintext.length];
//   } DTLSPlaintext;                     // RFC 6347 §4.1
//
// Several records may share one datagram (§4.1.1); a record never spans two.
// DTLS 1.3 (RFC 9147 §4) replaces this header by a unified header whose first bits are 001;
// parse_records() is the place it will branch.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/error.hpp"

namespace rtc::dtls {

enum class ContentType : std::uint8_t {
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
};
const char* to_string(ContentType type);

// ProtocolVersion on the wire: the ones' complement of {1, 2}, so "higher" is numerically lower.
inline constexpr std::uint16_t kDtls10 = 0xfeff;
inline constexpr std::uint16_t kDtls12 = 0xfefd;

inline constexpr std::size_t kRecordHeaderSize = 13;
// RFC 6347 §4.1 / RFC 5246 §6.2.3: plaintext at most 2^14, ciphertext at most 2^14 + 2048.
inline constexpr std::size_t kMaxPlaintext = 1u << 14;
inline constexpr std::size_t kMaxCiphertext = kMaxPlaintext + 2048;
inline constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << 48) - 1;

struct RecordHeader {
  ContentType type = ContentType::handshake;
  std::uint16_t version = kDtls12;
  std::uint16_t epoch = 0;
  std::uint64_t sequence = 0;  // 48 bits
  std::uint16_t length = 0;
};

struct Record {
  RecordHeader header;
  BytesView fragment;  // a view into the datagram
};

// Splits a datagram into records (RFC 6347 §4.1.1). A malformed tail (unknown content type,
// a length past the end, a version that is not DTLS 1.0/1.2) ends the parse: the records before
// it are returned and the rest is discarded, as §4.1.2.7 says invalid records are.
std::vector<Record> parse_records(BytesView datagram);

void write_record(ByteWriter& out, const RecordHeader& header, BytesView fragment);
// Only the 13-byte header, for a fragment of `fragment_size` bytes the caller writes after it.
void write_record_header(ByteWriter& out, const RecordHeader& header, std::size_t fragment_size);

// The 8-byte seq_num of the MAC/AEAD input: epoch || sequence_number (RFC 6347 §4.1.2.1).
inline std::uint64_t record_seq_num(std::uint16_t epoch, std::uint64_t sequence) {
  return (std::uint64_t{epoch} << 48) | (sequence & kMaxSequence);
}

// Cipher suites this stack negotiates (RFC 5289 §3.2, RFC 7905 §2).
enum class CipherSuite : std::uint16_t {
  ecdhe_ecdsa_aes_128_gcm_sha256 = 0xc02b,
  ecdhe_ecdsa_chacha20_poly1305_sha256 = 0xcca9,
};
const char* to_string(CipherSuite suite);  // "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
// The name OpenSSL prints ("ECDHE-ECDSA-AES128-GCM-SHA256").
const char* openssl_name(CipherSuite suite);
// What a ClientHello offers by default, in preference order: AES-128-GCM first, as browsers
// order it (so a browser and we agree on it), then ChaCha20-Poly1305 (RFC 7905).
std::vector<CipherSuite> default_cipher_suites();

// The key block sizes of an AEAD suite (RFC 5246 §6.3): no MAC keys, then per direction
// enc_key_length and fixed_iv_length.
struct CipherSuiteKeySizes {
  std::size_t key;       // 16 for AES-128-GCM, 32 for ChaCha20-Poly1305
  std::size_t fixed_iv;  // 4 for AES-GCM (RFC 5288 §3), 12 for ChaCha20-Poly1305 (RFC 7905 §2)
};
CipherSuiteKeySizes key_sizes(CipherSuite suite);

// AEAD record protection for one direction of one epoch (RFC 5246 §6.2.3.3). Both suites use
//   additional_data = seq_num[8] + type + version + length (of the plaintext)
// and differ in the nonce:
//   AES-128-GCM (RFC 5288 §3):
//     nonce = write_IV[4] (from the key block) || explicit_nonce[8]  (sent in the record)
//     fragment = explicit_nonce || ciphertext || tag[16]
//     The explicit nonce is the record's own epoch||sequence, which never repeats for one key.
//   ChaCha20-Poly1305 (RFC 7905 §2):
//     nonce = write_IV[12] XOR (0[4] || epoch||sequence[8])   (nothing sent)
//     fragment = ciphertext || tag[16]
class AeadProtection {
 public:
  static constexpr std::size_t kExplicitNonceSize = 8;  // AES-GCM only
  static constexpr std::size_t kTagSize = 16;
  // The largest overhead of any suite (AES-GCM's); overhead() is this object's.
  static constexpr std::size_t kOverhead = kExplicitNonceSize + kTagSize;

  static Result<AeadProtection> create(CipherSuite suite, BytesView key, BytesView fixed_iv);

  CipherSuite suite() const { return suite_; }
  std::size_t overhead() const;

  // header.length is ignored (the plaintext's size is used); returns the record fragment.
  Result<Bytes> seal(const RecordHeader& header, BytesView plaintext);
  // The same into `fragment`, exactly plaintext.size() + overhead() bytes: lets the
  // sender seal straight into the datagram after the record header (no copy, one buffer).
  Result<void> seal_into(const RecordHeader& header, BytesView plaintext,
                         MutableBytesView fragment);
  // header is the received record's; returns the plaintext or Errc::integrity.
  Result<Bytes> open(const RecordHeader& header, BytesView fragment);

 private:
  using Cipher = std::variant<crypto::AesGcm, crypto::ChaCha20Poly1305>;
  AeadProtection(CipherSuite suite, Cipher cipher, Bytes fixed_iv);
  CipherSuite suite_;
  Cipher cipher_;
  Bytes fixed_iv_;
};

// RFC 6347 §4.1.2.6 (the IPsec AH/ESP window of RFC 4303 §3.4.3): a bitmap of the last 64
// sequence numbers. A record is checked before decryption (cheap rejection of duplicates and
// records left of the window) and marked only after it authenticated, so forged records cannot
// move the window.
class ReplayWindow {
 public:
  static constexpr std::uint64_t kSize = 64;
  bool is_fresh(std::uint64_t sequence) const;
  void mark(std::uint64_t sequence);
  void reset() { *this = ReplayWindow{}; }

 private:
  bool any_ = false;
  std::uint64_t highest_ = 0;
  std::uint64_t bitmap_ = 0;  // bit i set: highest_ - i was received
};

}  // namespace rtc::dtls
