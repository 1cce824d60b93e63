// Speed of the crypto the hot paths use, per message, for whichever provider this build has
// (the "crypto_provider" line in the output's context says which):
//   HMAC-SHA1 over a 100-byte STUN request and a 1200-byte packet (RFC 8489 §14.5, RFC 3711
//   §4.2), AES-128-CTR (SRTP AES-CM), AES-128/256-GCM (SRTP RFC 7714, DTLS RFC 5288) and
//   CRC-32 (STUN FINGERPRINT) for comparison.
// Run: crypto_bench [--benchmark_filter=Hmac]; compare builds with -DRTC_CRYPTO=mbedtls/openssl.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>

#include "rtc/common/crc.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/random.hpp"

namespace {

using rtc::Bytes;
using rtc::BytesView;
using rtc::crypto::HashAlgorithm;

// A message of `size` deterministic bytes (the content does not change the speed).
Bytes message(std::int64_t size) {
  Bytes data(static_cast<std::size_t>(size));
  rtc::SeededRandom(1).fill(data);
  return data;
}

// benchmark_main owns main(), so register the provider name during static initialisation.
[[maybe_unused]] const bool kContextAdded = [] {
  benchmark::AddCustomContext("crypto_provider", rtc::crypto::provider_name());
  return true;
}();

void BM_HmacSha1(benchmark::State& state) {
  const Bytes data = message(state.range(0));
  rtc::crypto::HmacKey key(HashAlgorithm::sha1, message(20));  // pad states computed once
  std::array<std::uint8_t, 20> mac{};
  for (auto _ : state) {
    key.sign({BytesView(data)}, mac);
    benchmark::DoNotOptimize(mac.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_HmacSha1)->Arg(100)->Arg(1200);

// The same with a key set up per message, as code that does not keep an HmacKey would pay.
void BM_HmacSha1_OneShot(benchmark::State& state) {
  const Bytes data = message(state.range(0));
  const Bytes key = message(20);
  for (auto _ : state) {
    Bytes mac = rtc::crypto::hmac(HashAlgorithm::sha1, key, data);
    benchmark::DoNotOptimize(mac.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_HmacSha1_OneShot)->Arg(100);

void BM_Sha1(benchmark::State& state) {
  const Bytes data = message(state.range(0));
  for (auto _ : state) {
    Bytes d = rtc::crypto::digest(HashAlgorithm::sha1, data);
    benchmark::DoNotOptimize(d.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Sha1)->Arg(100)->Arg(1200);

void BM_Aes128Ctr(benchmark::State& state) {
  const Bytes data = message(state.range(0));
  Bytes out(data.size());
  auto ctr = rtc::crypto::AesCtr::create(message(16));
  if (!ctr) return state.SkipWithError(ctr.error().message.c_str());
  std::array<std::uint8_t, 16> iv{};
  for (auto _ : state) {
    iv[15]++;
    ctr->crypt(iv, data, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Aes128Ctr)->Arg(16)->Arg(1200);

void gcm_seal(benchmark::State& state, std::int64_t key_size) {
  const Bytes data = message(state.range(0));
  const Bytes aad = message(12);  // an RTP header's worth
  Bytes out(data.size());
  auto gcm = rtc::crypto::AesGcm::create(message(key_size));
  if (!gcm) return state.SkipWithError(gcm.error().message.c_str());
  std::array<std::uint8_t, 12> nonce{};
  std::array<std::uint8_t, 16> tag{};
  for (auto _ : state) {
    nonce[11]++;
    auto ok = gcm->seal(nonce, aad, data, out, tag);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(tag.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
void BM_Aes128GcmSeal(benchmark::State& state) {
  gcm_seal(state, 16);
}
void BM_Aes256GcmSeal(benchmark::State& state) {
  gcm_seal(state, 32);
}
BENCHMARK(BM_Aes128GcmSeal)->Arg(16)->Arg(1200);
BENCHMARK(BM_Aes256GcmSeal)->Arg(1200);

void BM_Aes128GcmOpen(benchmark::State& state) {
  const Bytes data = message(state.range(0));
  const Bytes aad = message(12);
  Bytes sealed(data.size()), out(data.size());
  auto gcm = rtc::crypto::AesGcm::create(message(16));
  if (!gcm) return state.SkipWithError(gcm.error().message.c_str());
  const std::array<std::uint8_t, 12> nonce{};
  std::array<std::uint8_t, 16> tag{};
  if (!gcm->seal(nonce, aad, data, sealed, tag)) return state.SkipWithError("seal failed");
  for (auto _ : state) {
    auto ok = gcm->open(nonce, aad, sealed, tag, out);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Aes128GcmOpen)->Arg(1200);

void BM_Crc32(benchmark::State& state) {
  const Bytes data = message(state.range(0));
  for (auto _ : state) {
    std::uint32_t crc = rtc::crc32(data);
    benchmark::DoNotOptimize(crc);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Crc32)->Arg(100)->Arg(1200);

}  // namespace
