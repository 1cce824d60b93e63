// Fuzz target: the DTLS record layer and a listening server endpoint (RFC 6347 §4.1, §4.2.1).
// Any datagram: parse_records must stay in bounds; a server must never crash, keep unbounded
// state, or answer with more than a HelloVerifyRequest / alert. The first byte picks whether
// the datagram also goes through AEAD open with a fixed key (the decrypt path).
#include <cstddef>
#include <cstdint>

#include "rtc/common/random.hpp"
#include "rtc/dtls/endpoint.hpp"
#include "rtc/dtls/record.hpp"

namespace {

std::shared_ptr<const rtc::dtls::Identity> identity() {
  static auto id = rtc::dtls::Identity::generate(std::chrono::system_clock::time_point{}).value();
  return id;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rtc::dtls;
  const rtc::BytesView in(data, size);
  for (const auto& record : parse_records(in)) {
    static auto aead = AeadProtection::create(CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256,
                                              rtc::Bytes(16, 1), rtc::Bytes(4, 2))
                           .value();
    (void)aead.open(record.header, record.fragment);
  }
  ReplayWindow w;
  for (std::size_t i = 0; i + 6 <= size; i += 6) {
    const std::uint64_t seq =
        rtc::load_be32(in, i) | (std::uint64_t{rtc::load_be16(in, i + 4)} << 32);
    if (w.is_fresh(seq)) w.mark(seq);
  }
  Config c;
  c.role = Role::server;
  c.identity = identity();
  c.insecure_accept_any_certificate = true;
  c.require_cookie = size > 0 && (data[0] & 1);
  rtc::SeededRandom random(1);
  DtlsEndpoint server(c, random);
  rtc::ManualClock clock;
  server.start(clock.now());
  server.handle_receive(clock.now(), in);
  while (server.poll_transmit()) {
  }
  while (server.poll_event()) {
  }
  return 0;
}
