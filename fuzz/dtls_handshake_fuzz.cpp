// Fuzz target: every handshake message codec (RFC 5246 §7.4, RFC 6347 §4.2) and the
// reassembler (§4.2.3). The first byte selects the message type; the rest is its body, which
// is also fed as handshake fragments to a reassembler. Parsers must never read out of bounds;
// what parses must re-encode and parse again to the same fields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "rtc/dtls/handshake_messages.hpp"
#include "rtc/dtls/reassembly.hpp"

namespace {

template <class M>
void round_trip(rtc::BytesView body) {
  auto m = M::parse(body);
  if (!m) return;
  const rtc::Bytes again = m->encode();
  auto m2 = M::parse(again);
  if (!m2 || m2->encode() != again) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rtc::dtls;
  if (size == 0) return 0;
  const rtc::BytesView body(data + 1, size - 1);
  switch (data[0] % 10) {
    case 0:
      round_trip<ClientHello>(body);
      break;
    case 1:
      round_trip<ServerHello>(body);
      break;
    case 2:
      round_trip<HelloVerifyRequest>(body);
      break;
    case 3:
      round_trip<CertificateMessage>(body);
      break;
    case 4:
      round_trip<ServerKeyExchange>(body);
      break;
    case 5:
      round_trip<CertificateRequest>(body);
      break;
    case 6:
      round_trip<ClientKeyExchange>(body);
      break;
    case 7:
      round_trip<CertificateVerify>(body);
      break;
    case 8:
      round_trip<Finished>(body);
      break;
    default: {
      HandshakeReassembler r;
      if (auto frags = parse_handshake_fragments(body)) {
        for (const auto& f : *frags) r.add(f);
        while (r.pop()) {
        }
      }
    }
  }
  return 0;
}
