// The DTLS 1.2 record layer (RFC 6347 §4.1), AEAD protection (RFC 5246 §6.2.3.3, RFC 5288 §3,
// RFC 7905 §2) and the anti-replay window (RFC 6347 §4.1.2.6).
#include "rtc/dtls/record.hpp"

#include <algorithm>
#include <array>

namespace rtc::dtls {

const char* to_string(ContentType type) {
  switch (type) {
    case ContentType::change_cipher_spec:
      return "ChangeCipherSpec";
    case ContentType::alert:
      return "Alert";
    case ContentType::handshake:
      return "Handshake";
    case ContentType::application_data:
      return "ApplicationData";
  }
  return "Unknown";
}

const char* to_string(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256:
      return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256:
      return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
  }
  return "unknown";
}

const char* openssl_name(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256:
      return "ECDHE-ECDSA-AES128-GCM-SHA256";
    case CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256:
      return "ECDHE-ECDSA-CHACHA20-POLY1305";
  }
  return "unknown";
}

std::vector<CipherSuite> default_cipher_suites() {
  return {CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256,
          CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256};
}

CipherSuiteKeySizes key_sizes(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256:
      return {16, 4};  // RFC 5288 §3: the 4-byte salt of the GCM nonce
    case CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256:
      return {32, 12};  // RFC 7905 §2: the whole 12-byte nonce is masked by this IV
  }
  return {0, 0};
}

std::vector<Record> parse_records(BytesView datagram) {
  std::vector<Record> records;
  ByteReader r(datagram);
  while (r.remaining() >= kRecordHeaderSize) {
    const std::uint8_t type = r.u8().value();
    const std::uint16_t version = r.u16().value();
    const std::uint16_t epoch = r.u16().value();
    const std::uint64_t sequence = r.u48().value();
    const std::uint16_t length = r.u16().value();
    if (type < 20 || type > 23) break;  // not a DTLS 1.2 content type (§4.1.2.7: discard)
    // Version 1.0 appears on the first ClientHello of some clients (RFC 6347 §4.2.1 lets the
    // record version differ from the handshake's).
    if (version != kDtls12 && version != kDtls10) break;
    if (length > kMaxCiphertext) break;
    auto fragment = r.bytes(length);
    if (!fragment) break;  // the length runs past the datagram
    records.push_back(Record{
        RecordHeader{static_cast<ContentType>(type), version, epoch, sequence, length}, *fragment});
  }
  return records;
}

void write_record_header(ByteWriter& out, const RecordHeader& header, std::size_t fragment_size) {
  out.u8(static_cast<std::uint8_t>(header.type));
  out.u16(header.version);
  out.u16(header.epoch);
  out.u48(header.sequence);
  out.u16(static_cast<std::uint16_t>(fragment_size));
}

void write_record(ByteWriter& out, const RecordHeader& header, BytesView fragment) {
  write_record_header(out, header, fragment.size());
  out.bytes(fragment);
}

// ---------------------------------------------------------------------------------------------

AeadProtection::AeadProtection(CipherSuite suite, Cipher cipher, Bytes fixed_iv)
    : suite_(suite), cipher_(std::move(cipher)), fixed_iv_(std::move(fixed_iv)) {}

Result<AeadProtection> AeadProtection::create(CipherSuite suite, BytesView key,
                                              BytesView fixed_iv) {
  switch (suite) {
    case CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256: {
      if (key.size() != 16 || fixed_iv.size() != 4) {
        return fail(Errc::invalid_argument, "AES-128-GCM needs a 16-byte key and a 4-byte IV");
      }
      auto gcm = crypto::AesGcm::create(key);
      if (!gcm) return std::unexpected(gcm.error());
      return AeadProtection(suite, std::move(*gcm), Bytes(fixed_iv.begin(), fixed_iv.end()));
    }
    case CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256: {
      if (key.size() != 32 || fixed_iv.size() != 12) {
        return fail(Errc::invalid_argument,
                    "ChaCha20-Poly1305 needs a 32-byte key and a 12-byte IV");
      }
      auto chacha = crypto::ChaCha20Poly1305::create(key);
      if (!chacha) return std::unexpected(chacha.error());
      return AeadProtection(suite, std::move(*chacha), Bytes(fixed_iv.begin(), fixed_iv.end()));
    }
  }
  return fail(Errc::invalid_argument, "unknown cipher suite");
}

std::size_t AeadProtection::overhead() const {
  return std::holds_alternative<crypto::AesGcm>(cipher_) ? kExplicitNonceSize + kTagSize : kTagSize;
}

namespace {

// additional_data = seq_num + TLSCompressed.type + TLSCompressed.version + TLSCompressed.length
// (RFC 5246 §6.2.3.3), where DTLS's seq_num is epoch || sequence_number (RFC 6347 §4.1.2.1).
// RFC 7905 §2 keeps it unchanged for ChaCha20-Poly1305.
std::array<std::uint8_t, 13> additional_data(const RecordHeader& h, std::size_t plaintext_size) {
  std::array<std::uint8_t, 13> aad{};
  const std::uint64_t seq = record_seq_num(h.epoch, h.sequence);
  store_be32(aad, 0, static_cast<std::uint32_t>(seq >> 32));
  store_be32(aad, 4, static_cast<std::uint32_t>(seq));
  aad[8] = static_cast<std::uint8_t>(h.type);
  store_be16(aad, 9, h.version);
  store_be16(aad, 11, static_cast<std::uint16_t>(plaintext_size));
  return aad;
}

// RFC 7905 §2: "The 64-bit record sequence number is serialized as an 8-byte, big-endian value
// and padded on the left with four 0x00 bytes. The padded sequence number is XORed with the
// client_write_IV (when the client is sending) or server_write_IV (when the server is
// sending)." In DTLS the 64-bit sequence number is epoch || sequence_number (RFC 6347 §4.1).
std::array<std::uint8_t, 12> chacha_nonce(BytesView fixed_iv, const RecordHeader& h) {
  std::array<std::uint8_t, 12> nonce{};
  const std::uint64_t seq = record_seq_num(h.epoch, h.sequence);
  store_be32(nonce, 4, static_cast<std::uint32_t>(seq >> 32));
  store_be32(nonce, 8, static_cast<std::uint32_t>(seq));
  for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] ^= fixed_iv[i];
  return nonce;
}

}  // namespace

Result<Bytes> AeadProtection::seal(const RecordHeader& header, BytesView plaintext) {
  if (plaintext.size() > kMaxPlaintext) return fail(Errc::invalid_argument, "record too large");
  Bytes fragment(plaintext.size() + overhead());
  if (auto ok = seal_into(header, plaintext, fragment); !ok) return std::unexpected(ok.error());
  return fragment;
}

Result<void> AeadProtection::seal_into(const RecordHeader& header, BytesView plaintext,
                                       MutableBytesView fragment) {
  if (plaintext.size() > kMaxPlaintext) return fail(Errc::invalid_argument, "record too large");
  if (fragment.size() != plaintext.size() + overhead()) {
    return fail(Errc::invalid_argument, "AEAD output is not plaintext + overhead bytes");
  }
  const auto aad = additional_data(header, plaintext.size());
  if (auto* chacha = std::get_if<crypto::ChaCha20Poly1305>(&cipher_)) {
    // RFC 7905 §2: no explicit nonce; the fragment is the ciphertext and the tag.
    const auto nonce = chacha_nonce(fixed_iv_, header);
    return chacha->seal(nonce, aad, plaintext, fragment.first(plaintext.size()),
                        fragment.last(kTagSize));
  }
  auto& gcm = std::get<crypto::AesGcm>(cipher_);
  // RFC 5288 §3: the explicit nonce must be distinct for every record with this key; the
  // 64-bit epoch||sequence is, and it lets a reader see which record it was.
  store_be32(fragment, 0,
             static_cast<std::uint32_t>(record_seq_num(header.epoch, header.sequence) >> 32));
  store_be32(fragment, 4,
             static_cast<std::uint32_t>(record_seq_num(header.epoch, header.sequence)));
  std::array<std::uint8_t, 12> nonce;
  std::copy(fixed_iv_.begin(), fixed_iv_.end(), nonce.begin());
  std::copy_n(fragment.begin(), kExplicitNonceSize, nonce.begin() + 4);
  return gcm.seal(nonce, aad, plaintext, fragment.subspan(kExplicitNonceSize, plaintext.size()),
                  fragment.last(kTagSize));
}

Result<Bytes> AeadProtection::open(const RecordHeader& header, BytesView fragment) {
  if (auto* chacha = std::get_if<crypto::ChaCha20Poly1305>(&cipher_)) {
    if (fragment.size() < kTagSize) {
      return fail(Errc::truncated, "ChaCha20-Poly1305 record shorter than 16 bytes");
    }
    const std::size_t n = fragment.size() - kTagSize;
    const auto nonce = chacha_nonce(fixed_iv_, header);
    const auto aad = additional_data(header, n);
    Bytes plaintext(n);
    // ChaCha20Poly1305::open compares the tag in constant time and wipes the output on failure.
    auto ok = chacha->open(nonce, aad, fragment.first(n), fragment.last(kTagSize), plaintext);
    if (!ok) return std::unexpected(ok.error());
    return plaintext;
  }
  auto& gcm = std::get<crypto::AesGcm>(cipher_);
  if (fragment.size() < kOverhead)
    return fail(Errc::truncated, "AEAD record shorter than 24 bytes");
  const std::size_t n = fragment.size() - kOverhead;
  std::array<std::uint8_t, 12> nonce;
  std::copy(fixed_iv_.begin(), fixed_iv_.end(), nonce.begin());
  std::copy_n(fragment.begin(), kExplicitNonceSize, nonce.begin() + 4);
  const auto aad = additional_data(header, n);
  Bytes plaintext(n);
  // AesGcm::open compares the tag in constant time and wipes the output on failure.
  auto ok = gcm.open(nonce, aad, fragment.subspan(kExplicitNonceSize, n), fragment.last(kTagSize),
                     plaintext);
  if (!ok) return std::unexpected(ok.error());
  return plaintext;
}

// ---------------------------------------------------------------------------------------------

bool ReplayWindow::is_fresh(std::uint64_t sequence) const {
  if (!any_ || sequence > highest_) return true;  // right of the window: new
  const std::uint64_t age = highest_ - sequence;
  if (age >= kSize) return false;                     // left of the window: too old, drop
  return (bitmap_ & (std::uint64_t{1} << age)) == 0;  // inside: fresh unless seen
}

void ReplayWindow::mark(std::uint64_t sequence) {
  if (!any_) {
    any_ = true;
    highest_ = sequence;
    bitmap_ = 1;
    return;
  }
  if (sequence > highest_) {
    const std::uint64_t shift = sequence - highest_;
    bitmap_ = shift >= kSize ? 0 : bitmap_ << shift;
    bitmap_ |= 1;
    highest_ = sequence;
    return;
  }
  const std::uint64_t age = highest_ - sequence;
  if (age < kSize) bitmap_ |= std::uint64_t{1} << age;
}

}  // namespace rtc::dtls
