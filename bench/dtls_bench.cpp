// DTLS 1.2 benchmarks (dtls/): full handshakes per second between two in-process endpoints,
// next to the floor set by their public-key operations, and record-layer throughput with
// AES-128-GCM on 1200-byte records (the SCTP-over-DTLS packet size of WebRTC data channels).
#include <benchmark/benchmark.h>

#include "rtc/common/crypto_pk.hpp"
#include "rtc/common/random.hpp"
#include "rtc/dtls/endpoint.hpp"
#include "rtc/dtls/record.hpp"

namespace {

using namespace rtc;
using namespace rtc::dtls;

std::shared_ptr<const Identity> identity(int i) {
  static std::shared_ptr<const Identity> ids[2] = {
      Identity::generate(std::chrono::system_clock::now()).value(),
      Identity::generate(std::chrono::system_clock::now()).value()};
  return ids[i];
}

Config config(Role role, int self, int peer) {
  Config c;
  c.role = role;
  c.identity = identity(self);
  c.remote_fingerprint =
      Fingerprint::parse(identity(peer)->certificate.to_sdp_fingerprint()).value();
  return c;
}

// One complete handshake (cookie exchange, X25519, mutual ECDSA, SRTP keying) in memory.
void BM_FullHandshake(benchmark::State& state) {
  SeededRandom random(1);
  ManualClock clock;
  for (auto _ : state) {
    DtlsEndpoint client(config(Role::client, 0, 1), random);
    DtlsEndpoint server(config(Role::server, 1, 0), random);
    server.start(clock.now());
    client.start(clock.now());
    bool moved = true;
    while (moved) {
      moved = false;
      while (auto d = client.poll_transmit()) {
        server.handle_receive(clock.now(), *d);
        moved = true;
      }
      while (auto d = server.poll_transmit()) {
        client.handle_receive(clock.now(), *d);
        moved = true;
      }
    }
    if (client.state() != State::connected || server.state() != State::connected) {
      state.SkipWithError("handshake did not complete");
      break;
    }
  }
  state.SetLabel(crypto::provider_name());
}
BENCHMARK(BM_FullHandshake)->Unit(benchmark::kMillisecond);

// The public-key work of one handshake, both sides: two X25519 key pairs and agreements,
// two ECDSA signatures (ServerKeyExchange, CertificateVerify) and two verifications, two
// certificate parses. The handshake cannot be faster than this.
void BM_HandshakeCryptoFloor(benchmark::State& state) {
  const Bytes message(200, 7);
  const auto& key = identity(0)->key;
  const auto& cert = identity(0)->certificate;
  for (auto _ : state) {
    auto a = crypto::EcdhKeyPair::generate(crypto::NamedGroup::x25519).value();
    auto b = crypto::EcdhKeyPair::generate(crypto::NamedGroup::x25519).value();
    benchmark::DoNotOptimize(a.shared_secret(b.public_key()));
    benchmark::DoNotOptimize(b.shared_secret(a.public_key()));
    for (int i = 0; i < 2; ++i) {
      auto sig = key.sign(message).value();
      auto parsed = crypto::Certificate::parse(cert.der()).value();
      benchmark::DoNotOptimize(parsed.public_key().verify(message, sig));
    }
  }
  state.SetLabel(crypto::provider_name());
}
BENCHMARK(BM_HandshakeCryptoFloor)->Unit(benchmark::kMillisecond);

void BM_RecordSeal1200(benchmark::State& state) {
  auto aead =
      AeadProtection::create(CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256, Bytes(16, 1), Bytes(4, 2))
          .value();
  const Bytes payload(1200, 0x5a);
  RecordHeader h{ContentType::application_data, kDtls12, 1, 0, 0};
  for (auto _ : state) {
    ++h.sequence;
    benchmark::DoNotOptimize(aead.seal(h, payload));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 1200);
  state.SetLabel(crypto::provider_name());
}
BENCHMARK(BM_RecordSeal1200);

void BM_RecordOpen1200(benchmark::State& state) {
  auto aead =
      AeadProtection::create(CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256, Bytes(16, 1), Bytes(4, 2))
          .value();
  const Bytes payload(1200, 0x5a);
  RecordHeader h{ContentType::application_data, kDtls12, 1, 7, 0};
  const Bytes fragment = aead.seal(h, payload).value();
  for (auto _ : state) benchmark::DoNotOptimize(aead.open(h, fragment));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 1200);
  state.SetLabel(crypto::provider_name());
}
BENCHMARK(BM_RecordOpen1200);

// The whole send path of an endpoint: one 1200-byte application record in, one datagram out,
// and the receive path on the peer (replay window, AEAD, event).
void BM_EndpointApplicationData1200(benchmark::State& state) {
  SeededRandom random(1);
  ManualClock clock;
  DtlsEndpoint client(config(Role::client, 0, 1), random);
  DtlsEndpoint server(config(Role::server, 1, 0), random);
  server.start(clock.now());
  client.start(clock.now());
  for (int i = 0; i < 10; ++i) {
    while (auto d = client.poll_transmit()) server.handle_receive(clock.now(), *d);
    while (auto d = server.poll_transmit()) client.handle_receive(clock.now(), *d);
  }
  while (client.poll_event()) {
  }
  while (server.poll_event()) {
  }
  const Bytes payload(1200, 0x5a);
  for (auto _ : state) {
    (void)client.send(payload);
    auto d = client.poll_transmit();
    server.handle_receive(clock.now(), *d);
    benchmark::DoNotOptimize(server.poll_event());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 1200);
}
BENCHMARK(BM_EndpointApplicationData1200);

}  // namespace
