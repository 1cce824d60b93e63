// The TLS 1.2 PRF (RFC 5246 §5) on rtc::crypto::HmacKey, and the secrets derived from it.
#include "rtc/dtls/prf.hpp"

#include <algorithm>

#include "rtc/common/crypto.hpp"

namespace rtc::dtls {

namespace {

Bytes concat(BytesView a, BytesView b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace

Bytes prf_sha256(BytesView secret, std::string_view label, BytesView seed, std::size_t length) {
  // The label is ASCII without a terminating zero, prepended to the seed (§5).
  const Bytes label_seed = concat(as_bytes(label), seed);
  crypto::HmacKey hmac(crypto::HashAlgorithm::sha256, secret);  // key pads computed once
  Bytes out;
  out.reserve(length + 32);
  Bytes a = hmac.sign(label_seed);  // A(1)
  Bytes block(32);
  while (out.size() < length) {
    hmac.sign({BytesView(a), BytesView(label_seed)}, block);  // HMAC(secret, A(i) + seed)
    out.insert(out.end(), block.begin(), block.end());
    a = hmac.sign(a);  // A(i+1)
  }
  out.resize(length);
  return out;
}

Bytes master_secret(BytesView pre_master_secret, BytesView client_random, BytesView server_random) {
  return prf_sha256(pre_master_secret, "master secret", concat(client_random, server_random), 48);
}

Bytes extended_master_secret(BytesView pre_master_secret, BytesView session_hash) {
  return prf_sha256(pre_master_secret, "extended master secret", session_hash, 48);
}

Bytes key_block(BytesView master_secret, BytesView client_random, BytesView server_random,
                std::size_t length) {
  // Note the order: server random first here, client random first everywhere else (§6.3).
  return prf_sha256(master_secret, "key expansion", concat(server_random, client_random), length);
}

Bytes finished_verify_data(BytesView master_secret, bool from_client, BytesView transcript_hash) {
  return prf_sha256(master_secret, from_client ? "client finished" : "server finished",
                    transcript_hash, 12);
}

Bytes export_keying_material(BytesView master_secret, std::string_view label,
                             BytesView client_random, BytesView server_random, std::size_t length) {
  return prf_sha256(master_secret, label, concat(client_random, server_random), length);
}

}  // namespace rtc::dtls
