// libFuzzer target for peer/: an arbitrary text as a remote offer (and, when that is accepted,
// our answer to it), then the rest of the input as datagrams from the peer. Whatever a remote
// description says (missing mids, odd setup values, candidates that are not addresses, a
// thousand m-sections), PeerConnection must answer with an Error or a valid answer, never crash.
// Input: [2 bytes: length of the SDP] [SDP text] [datagrams as [length hi][length lo][bytes]...].
// Seeds: fuzz/corpus/peer_description/ (a real Chromium offer, a Firefox offer, a data-only
// offer).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/peer/peer_connection.hpp"

namespace {

std::shared_ptr<const rtc::dtls::Identity> identity() {
  static auto id = *rtc::dtls::Identity::generate(
      std::chrono::system_clock::time_point(std::chrono::hours(490000)));
  return id;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t sdp_size = std::min<std::size_t>(size - 2, data[0] << 8 | data[1]);
  const std::string sdp(reinterpret_cast<const char*>(data + 2), sdp_size);
  rtc::SeededRandom random(1);
  rtc::ManualClock clock;
  rtc::peer::Configuration config;
  config.identity = identity();
  rtc::peer::PeerConnection pc(config, random);
  const auto socket = *rtc::SocketAddress::parse("10.0.0.1:5000");
  const auto from = *rtc::SocketAddress::parse("10.0.0.2:6000");
  pc.add_local_address(clock.now(), socket);
  if (pc.set_remote_description(clock.now(), {rtc::peer::SdpType::offer, sdp})) {
    if (auto answer = pc.create_answer()) (void)pc.set_local_description(clock.now(), *answer);
    (void)pc.add_ice_candidate(clock.now(), "candidate:1 1 udp 2122260223 10.0.0.2 6000 typ host");
  }
  std::size_t at = 2 + sdp_size;
  while (at + 2 <= size) {
    const std::size_t n = std::min<std::size_t>(size - at - 2, data[at] << 8 | data[at + 1]);
    pc.handle_receive(clock.now(), socket, from, rtc::BytesView(data + at + 2, n));
    at += 2 + n;
    clock.advance(std::chrono::milliseconds(20));
    pc.handle_timeout(clock.now());
    while (pc.poll_transmit()) {
    }
    while (pc.poll_event()) {
    }
  }
  return 0;
}
