// Fuzz target for sctp/: the packet and chunk parsers, DCEP, and an established association
// (with data channels on top) fed with fuzzed packets.
//
// Input layout: byte 0 selects the mode.
//   even: parse the rest as one SCTP packet (checksum not required) and every chunk in it
//         with its typed parser; also as a DCEP message.
//   odd:  the rest is a sequence of [u16 length][bytes] packets delivered to an established
//         association; the verification tag and checksum are patched in so that most packets
//         reach the chunk handlers, and virtual time advances between packets.
#include <cstddef>
#include <cstdint>

#include "rtc/sctp/association.hpp"
#include "rtc/sctp/chunks.hpp"
#include "rtc/sctp/data_channel.hpp"
#include "rtc/sctp/packet.hpp"

namespace {

using namespace rtc;
using namespace rtc::sctp;

void parse_everything(BytesView data) {
  (void)DataChannelOpen::parse(data);
  auto packet = PacketView::parse(data, /*verify_checksum=*/false);
  if (!packet) return;
  for (const auto& c : packet->chunks()) {
    switch (static_cast<ChunkType>(c.type)) {
      case ChunkType::data:
        (void)DataChunk::parse(c);
        break;
      case ChunkType::init:
      case ChunkType::init_ack:
        (void)InitChunk::parse(c);
        break;
      case ChunkType::sack:
        (void)SackChunk::parse(c);
        break;
      case ChunkType::heartbeat:
      case ChunkType::heartbeat_ack:
        (void)HeartbeatChunk::parse(c);
        break;
      case ChunkType::abort: {
        auto a = AbortChunk::parse(c);
        if (a) (void)parse_error_causes(a->causes);
        break;
      }
      case ChunkType::error: {
        auto e = ErrorChunk::parse(c);
        if (e) (void)parse_error_causes(e->causes);
        break;
      }
      case ChunkType::shutdown:
        (void)ShutdownChunk::parse(c);
        break;
      case ChunkType::forward_tsn:
        (void)ForwardTsnChunk::parse(c);
        break;
      case ChunkType::reconfig:
        (void)ReconfigChunk::parse(c);
        break;
      default:
        (void)parse_parameters(c.value);
        break;
    }
  }
}

// Two data-channel managers, handshaked in memory.
struct Pair {
  SeededRandom ra{1}, rb{2};
  DataChannelManager a, b;
  ManualClock clock;
  static AssociationConfig config() {
    AssociationConfig c;
    c.receive_window = 256 * 1024;
    c.max_message_size = 64 * 1024;
    return c;
  }
  Pair() : a(config(), DtlsRole::client, ra), b(config(), DtlsRole::server, rb) {
    (void)a.create_channel(clock.now(), "fuzz");
    a.connect(clock.now());
    b.connect(clock.now());
    for (int i = 0; i < 20; ++i) exchange();
  }
  void exchange() {
    while (auto p = a.poll_transmit(clock.now())) b.handle_receive(clock.now(), *p);
    while (auto p = b.poll_transmit(clock.now())) a.handle_receive(clock.now(), *p);
    while (a.poll_event()) {
    }
    while (b.poll_event()) {
    }
  }
};

void drive_association(BytesView data) {
  Pair pair;
  Association& target = pair.b.association();
  ByteReader r(data);
  int n = 0;
  while (!r.empty() && n++ < 64) {
    auto len = r.u16();
    if (!len) break;
    auto body = r.bytes(std::min<std::size_t>(*len, r.remaining()));
    if (!body) break;
    Bytes p(body->begin(), body->end());
    if (p.size() >= 12) {
      if ((*len & 0x8000) == 0) store_be32(p, 4, target.local_tag());
      const std::uint32_t crc = compute_checksum(p);
      p[8] = static_cast<std::uint8_t>(crc);
      p[9] = static_cast<std::uint8_t>(crc >> 8);
      p[10] = static_cast<std::uint8_t>(crc >> 16);
      p[11] = static_cast<std::uint8_t>(crc >> 24);
    }
    pair.b.handle_receive(pair.clock.now(), p);
    (void)pair.b.send_text(pair.clock.now(), 0, "x");
    while (auto out = pair.b.poll_transmit(pair.clock.now()))
      pair.a.handle_receive(pair.clock.now(), *out);
    while (auto out = pair.a.poll_transmit(pair.clock.now())) {
    }
    while (pair.b.poll_event()) {
    }
    while (pair.a.poll_event()) {
    }
    pair.clock.advance(std::chrono::milliseconds(*len % 1500));
    pair.b.handle_timeout(pair.clock.now());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const BytesView rest(data + 1, size - 1);
  if ((data[0] & 1) == 0) {
    parse_everything(rest);
  } else {
    drive_association(rest);
  }
  return 0;
}
