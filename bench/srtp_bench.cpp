// SRTP protect/unprotect of 1200-byte RTP packets (12-byte header + 1188-byte payload), ours
// and libsrtp2 side by side, plus the bare primitives the profiles are made of, so that the
// SRTP layer's own cost is visible as a ratio:
//
//   AES-CM profiles:  protect ~ AES-CTR(1188) + HMAC-SHA1(1200 + 4-byte ROC)
//   AEAD profiles:    protect ~ AES-GCM seal(1188, 12-byte AAD)
//
// Run it once per crypto provider (build with -DRTC_CRYPTO=mbedtls and =openssl); the
// provider is printed in the context header. libsrtp2 brings its own crypto (Debian builds
// it on NSS), the same in both runs.
//
// Unprotect needs a fresh packet every iteration (replay protection), so it replays a ring
// of pre-protected packets: each iteration copies one into the work buffer first (the
// "copy_1216" row measures that copy alone) and the receiver is recreated, outside the
// timing, each time the ring comes round.
#include <benchmark/benchmark.h>
#include <srtp2/srtp.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "rtc/common/crypto.hpp"
#include "rtc/rtp/srtp_session.hpp"

namespace {

using rtc::Bytes;
using rtc::rtp::SrtpProfile;

constexpr std::size_t kPacketSize = 1200;
constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kRing = 2048;

rtc::rtp::SrtpConfig config_for(SrtpProfile profile) {
  const auto& info = rtc::rtp::profile_info(profile);
  rtc::rtp::SrtpConfig config;
  config.profile = profile;
  for (std::size_t i = 0; i < info.master_key_size; ++i)
    config.master_key.push_back(static_cast<std::uint8_t>(i * 3 + 1));
  for (std::size_t i = 0; i < info.master_salt_size; ++i)
    config.master_salt.push_back(static_cast<std::uint8_t>(i * 5 + 2));
  return config;
}

Bytes make_packet(std::uint16_t seq) {
  Bytes packet(kPacketSize + 64, 0);  // room for any trailer
  packet[0] = 0x80;
  packet[1] = 96;
  rtc::store_be16(packet, 2, seq);
  rtc::store_be32(packet, 4, 0x12345678);
  rtc::store_be32(packet, 8, 0xcafebabe);
  for (std::size_t i = kHeaderSize; i < kPacketSize; ++i) packet[i] = static_cast<std::uint8_t>(i);
  return packet;
}

// ---- ours -------------------------------------------------------------------------------------

void ours_protect(benchmark::State& state, SrtpProfile profile) {
  auto session = rtc::rtp::SrtpSession::create(config_for(profile));
  if (!session) return state.SkipWithError(session.error().to_string().c_str());
  Bytes packet = make_packet(0);
  std::uint16_t seq = 0;
  for (auto _ : state) {
    rtc::store_be16(packet, 2, seq++);
    auto size = session->protect_rtp(rtc::MutableBytesView(packet), kPacketSize);
    benchmark::DoNotOptimize(size);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPacketSize));
}

void ours_unprotect(benchmark::State& state, SrtpProfile profile) {
  auto config = config_for(profile);
  auto sender = rtc::rtp::SrtpSession::create(config);
  if (!sender) return state.SkipWithError(sender.error().to_string().c_str());
  std::vector<Bytes> ring;
  std::size_t wire_size = 0;
  for (std::size_t i = 0; i < kRing; ++i) {
    Bytes packet = make_packet(static_cast<std::uint16_t>(i));
    wire_size = *sender->protect_rtp(rtc::MutableBytesView(packet), kPacketSize);
    ring.push_back(std::move(packet));
  }
  auto receiver = rtc::rtp::SrtpSession::create(config);
  Bytes work(kPacketSize + 64);
  std::size_t next = 0;
  for (auto _ : state) {
    if (next == kRing) {
      state.PauseTiming();
      receiver = rtc::rtp::SrtpSession::create(config);
      next = 0;
      state.ResumeTiming();
    }
    std::memcpy(work.data(), ring[next++].data(), wire_size);
    auto size = receiver->unprotect_rtp(rtc::MutableBytesView(work).first(wire_size));
    if (!size) return state.SkipWithError(size.error().to_string().c_str());
    benchmark::DoNotOptimize(size);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPacketSize));
}

// ---- libsrtp2 ---------------------------------------------------------------------------------

struct LibSrtp {
  LibSrtp(SrtpProfile profile, bool outbound) {
    static const bool initialised = srtp_init() == srtp_err_status_ok;
    (void)initialised;
    const auto config = config_for(profile);
    key = config.master_key;
    key.insert(key.end(), config.master_salt.begin(), config.master_salt.end());
    srtp_policy_t policy;
    std::memset(&policy, 0, sizeof policy);
    switch (profile) {
      case SrtpProfile::aes_cm_128_hmac_sha1_80:
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
        break;
      case SrtpProfile::aes_cm_128_hmac_sha1_32:
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp);
        break;
      case SrtpProfile::aead_aes_128_gcm:
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
        break;
      case SrtpProfile::aead_aes_256_gcm:
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtp);
        break;
    }
    policy.rtcp = policy.rtp;
    policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key.data();
    policy.window_size = 128;
    ok = srtp_create(&session, &policy) == srtp_err_status_ok;
  }
  ~LibSrtp() {
    if (session != nullptr) srtp_dealloc(session);
  }
  LibSrtp(const LibSrtp&) = delete;
  LibSrtp& operator=(const LibSrtp&) = delete;

  Bytes key;
  srtp_t session = nullptr;
  bool ok = false;
};

void libsrtp_protect(benchmark::State& state, SrtpProfile profile) {
  LibSrtp sender(profile, true);
  if (!sender.ok) return state.SkipWithError("libsrtp2 cannot create this profile");
  Bytes packet = make_packet(0);
  std::uint16_t seq = 0;
  for (auto _ : state) {
    rtc::store_be16(packet, 2, seq++);
    int length = static_cast<int>(kPacketSize);
    auto status = srtp_protect(sender.session, packet.data(), &length);
    benchmark::DoNotOptimize(status);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPacketSize));
}

void libsrtp_unprotect(benchmark::State& state, SrtpProfile profile) {
  LibSrtp sender(profile, true);
  if (!sender.ok) return state.SkipWithError("libsrtp2 cannot create this profile");
  std::vector<Bytes> ring;
  int wire_size = 0;
  for (std::size_t i = 0; i < kRing; ++i) {
    Bytes packet = make_packet(static_cast<std::uint16_t>(i));
    wire_size = static_cast<int>(kPacketSize);
    srtp_protect(sender.session, packet.data(), &wire_size);
    ring.push_back(std::move(packet));
  }
  auto receiver = std::make_unique<LibSrtp>(profile, false);
  Bytes work(kPacketSize + 64);
  std::size_t next = 0;
  for (auto _ : state) {
    if (next == kRing) {
      state.PauseTiming();
      receiver = std::make_unique<LibSrtp>(profile, false);
      next = 0;
      state.ResumeTiming();
    }
    std::memcpy(work.data(), ring[next++].data(), static_cast<std::size_t>(wire_size));
    int length = wire_size;
    auto status = srtp_unprotect(receiver->session, work.data(), &length);
    if (status != srtp_err_status_ok) return state.SkipWithError("libsrtp2 unprotect failed");
    benchmark::DoNotOptimize(length);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPacketSize));
}

// ---- the primitives underneath ----------------------------------------------------------------

void primitive_aes_ctr(benchmark::State& state) {
  auto aes = rtc::crypto::AesCtr::create(Bytes(16, 7));
  Bytes data(kPacketSize - kHeaderSize, 1);
  std::array<std::uint8_t, 16> iv{};
  for (auto _ : state) {
    iv[13]++;
    aes->crypt(iv, data, data);
    benchmark::DoNotOptimize(data.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

void primitive_hmac_sha1(benchmark::State& state) {
  rtc::crypto::HmacKey mac(rtc::crypto::HashAlgorithm::sha1, Bytes(20, 9));
  Bytes data(kPacketSize, 1);
  std::array<std::uint8_t, 4> roc{};
  std::array<std::uint8_t, 20> out{};
  for (auto _ : state) {
    mac.sign({rtc::BytesView(data), rtc::BytesView(roc)}, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

void primitive_aes_ctr_plus_hmac(benchmark::State& state) {
  auto aes = rtc::crypto::AesCtr::create(Bytes(16, 7));
  rtc::crypto::HmacKey mac(rtc::crypto::HashAlgorithm::sha1, Bytes(20, 9));
  Bytes data(kPacketSize, 1);
  std::array<std::uint8_t, 16> iv{};
  std::array<std::uint8_t, 4> roc{};
  std::array<std::uint8_t, 20> out{};
  for (auto _ : state) {
    iv[13]++;
    aes->crypt(iv, rtc::BytesView(data).subspan(kHeaderSize),
               rtc::MutableBytesView(data).subspan(kHeaderSize));
    mac.sign({rtc::BytesView(data), rtc::BytesView(roc)}, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

void primitive_gcm_seal(benchmark::State& state, std::size_t key_size) {
  auto gcm = rtc::crypto::AesGcm::create(Bytes(key_size, 7));
  Bytes data(kPacketSize, 1);
  std::array<std::uint8_t, 12> nonce{};
  std::array<std::uint8_t, 16> tag{};
  for (auto _ : state) {
    nonce[11]++;
    auto payload = rtc::MutableBytesView(data).subspan(kHeaderSize);
    auto done = gcm->seal(nonce, rtc::BytesView(data).first(kHeaderSize), payload, payload, tag);
    benchmark::DoNotOptimize(done);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPacketSize));
}

void copy_1216(benchmark::State& state) {
  Bytes from(kPacketSize + 16, 1), to(kPacketSize + 16);
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), from.size());
    benchmark::DoNotOptimize(to.data());
    benchmark::ClobberMemory();
  }
}

// Names: <operation>/<profile>/<implementation>, so that ours and libsrtp2 sit side by side.
int register_all() {
  for (auto profile : {SrtpProfile::aes_cm_128_hmac_sha1_80, SrtpProfile::aes_cm_128_hmac_sha1_32,
                       SrtpProfile::aead_aes_128_gcm, SrtpProfile::aead_aes_256_gcm}) {
    const std::string name(rtc::rtp::to_string(profile));
    benchmark::RegisterBenchmark(("protect/" + name + "/rtc").c_str(), ours_protect, profile);
    benchmark::RegisterBenchmark(("protect/" + name + "/libsrtp2").c_str(), libsrtp_protect,
                                 profile);
    benchmark::RegisterBenchmark(("unprotect/" + name + "/rtc").c_str(), ours_unprotect, profile);
    benchmark::RegisterBenchmark(("unprotect/" + name + "/libsrtp2").c_str(), libsrtp_unprotect,
                                 profile);
  }
  benchmark::RegisterBenchmark("primitive/aes_128_ctr_1188", primitive_aes_ctr);
  benchmark::RegisterBenchmark("primitive/hmac_sha1_1204", primitive_hmac_sha1);
  benchmark::RegisterBenchmark("primitive/aes_128_ctr_1188+hmac_sha1_1204",
                               primitive_aes_ctr_plus_hmac);
  benchmark::RegisterBenchmark("primitive/aes_128_gcm_seal_1188+aad12", primitive_gcm_seal,
                               std::size_t{16});
  benchmark::RegisterBenchmark("primitive/aes_256_gcm_seal_1188+aad12", primitive_gcm_seal,
                               std::size_t{32});
  benchmark::RegisterBenchmark("baseline/copy_1216", copy_1216);
  benchmark::AddCustomContext("crypto", rtc::crypto::provider_name());
  benchmark::AddCustomContext("libsrtp2", srtp_get_version_string());
  return 0;
}

[[maybe_unused]] const int registered = register_all();

}  // namespace
