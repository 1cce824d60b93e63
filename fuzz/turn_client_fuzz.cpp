// libFuzzer target for the TURN client (stun/turn_client.hpp, RFC 8656): arbitrary datagrams
// "from the server" into two clients, one still allocating (its Allocate outstanding) and one
// allocated with a permission, a channel and queued data. Nothing may crash, hang or grow
// without bound, and every event must be coherent.
//
// Input: a sequence of chunks  [flags][length: 2 bytes big-endian][datagram bytes]. Flags:
//   bit 0  copy the transaction id of the client's latest request into the datagram (so
//          mutations reach response handling without guessing 96 random bits);
//   bit 1  re-sign the datagram, if it parses as STUN, with the server's long-term key and add
//          FINGERPRINT (so success responses pass the integrity check);
//   bits 2-7  advance the clock by that many times 10 s, then handle_timeout().
// A third client, over TCP (TurnTransport::tcp), gets every chunk as stream bytes, cut in two
// at a point the chunk's first octet picks: its stream buffer must stay bounded.
// Seeds (fuzz/corpus/turn_client/): a 401 challenge, an Allocate success, a Refresh 438,
// ChannelData and a Data indication.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <variant>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/turn_client.hpp"

namespace {

using namespace rtc;
using namespace rtc::stun;

const SocketAddress kServer = *SocketAddress::parse("192.0.2.10:3478");
const SocketAddress kPeer = *SocketAddress::parse("203.0.113.5:5000");

void check(bool condition) {
  if (!condition) std::abort();
}

IntegrityKeys& server_keys() {
  static IntegrityKeys keys = *IntegrityKeys::long_term("alice", "example.org", "secret");
  return keys;
}

TurnConfig config() {
  TurnConfig c;
  c.server = kServer;
  c.username = "alice";
  c.password = "secret";
  return c;
}

struct Client {
  TurnClient client;
  std::optional<TransactionId> last_request;

  explicit Client(Random& random, TurnTransport transport = TurnTransport::udp)
      : client(*TurnClient::create(with_transport(transport), random)) {}
  static TurnConfig with_transport(TurnTransport transport) {
    TurnConfig c = config();
    c.transport = transport;
    return c;
  }

  // Sends everything out, remembering the latest request's id; checks what leaves.
  void drain() {
    while (auto t = client.poll_transmit()) {
      check(t->destination == kServer);
      check(!t->data.empty() && t->data.size() <= 65535 + 20);
      if (auto m = MessageView::parse(t->data); m && m->is_request()) {
        last_request = m->transaction_id();
      }
    }
    while (auto e = client.poll_event()) {
      if (auto* d = std::get_if<TurnData>(&*e)) check(d->data.size() <= 65535);
      if (auto* c = std::get_if<TurnChannelBound>(&*e)) check(is_valid_channel_number(c->channel));
    }
  }
  // A reply to the latest request, for the scripted set-up below.
  Bytes reply(MessageClass cls, bool with_credentials) {
    MessageBuilder b(Method::allocate, cls, *last_request);
    if (cls == MessageClass::error_response) {
      b.add_error_code(401).add_realm("example.org").add_nonce("nonce");
    } else {
      b.add_xor_relayed_address(*SocketAddress::parse("192.0.2.10:49152"))
          .add_xor_mapped_address(*SocketAddress::parse("198.51.100.7:4000"))
          .add_lifetime(600);
    }
    if (with_credentials) sign(b, server_keys(), IntegrityMode::sha1);
    b.add_fingerprint();
    return *b.take();
  }
};

Bytes resign(BytesView datagram) {
  auto m = MessageView::parse(datagram);
  if (!m) return Bytes(datagram.begin(), datagram.end());
  MessageBuilder b(m->method(), m->message_class(), m->transaction_id());
  for (const auto& a : m->attributes()) {
    if (a.type == AttributeType::message_integrity ||
        a.type == AttributeType::message_integrity_sha256 || a.type == AttributeType::fingerprint) {
      continue;
    }
    b.add(a.type, a.value);
  }
  sign(b, server_keys(), IntegrityMode::sha1);
  b.add_fingerprint();
  auto bytes = b.take();
  return bytes ? *bytes : Bytes(datagram.begin(), datagram.end());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ManualClock clock;
  SeededRandom random(1);

  Client allocating(random);
  check(allocating.client.allocate(clock.now()).has_value());
  allocating.drain();

  // The allocated client: the 401 dance, then a permission, a channel and data waiting.
  Client allocated(random);
  check(allocated.client.allocate(clock.now()).has_value());
  allocated.drain();
  allocated.client.handle_receive(clock.now(), kServer,
                                  allocated.reply(MessageClass::error_response, false));
  allocated.drain();
  allocated.client.handle_receive(clock.now(), kServer,
                                  allocated.reply(MessageClass::success_response, true));
  allocated.drain();
  check(allocated.client.state() == TurnClient::State::allocated);
  (void)allocated.client.bind_channel(clock.now(), kPeer);
  (void)allocated.client.send_to(clock.now(), kPeer, as_bytes("queued"));
  allocated.drain();

  Client streaming(random, TurnTransport::tcp);
  check(streaming.client.allocate(clock.now()).has_value());
  streaming.drain();

  ByteReader in(BytesView(data, size));
  int steps = 0;
  while (!in.empty() && steps++ < 64) {
    auto flags = in.u8();
    auto length = in.u16();
    if (!flags || !length) break;
    auto chunk = in.bytes(std::min<std::size_t>(*length, in.remaining()));
    if (!chunk) break;
    if (*flags >> 2) {
      clock.advance(seconds(10) * (*flags >> 2));
      allocating.client.handle_timeout(clock.now());
      allocated.client.handle_timeout(clock.now());
    }
    for (Client* c : {&allocating, &allocated}) {
      Bytes datagram(chunk->begin(), chunk->end());
      if ((*flags & 1) && c->last_request && datagram.size() >= kHeaderSize) {
        std::copy(c->last_request->begin(), c->last_request->end(), datagram.begin() + 8);
      }
      if (*flags & 2) datagram = resign(datagram);
      (void)c->client.handle_receive(clock.now(), kServer, datagram);
      (void)c->client.handle_receive(clock.now(), kPeer, datagram);  // not from the server
      c->drain();
      if (auto t = c->client.poll_timeout()) check(*t >= clock.now() - seconds(1));
    }
    // The same bytes as part of a TCP stream, cut in two.
    const std::size_t cut = chunk->empty() ? 0 : (*chunk)[0] % (chunk->size() + 1);
    if (streaming.client.handle_stream(clock.now(), chunk->first(cut))) {
      (void)streaming.client.handle_stream(clock.now(), chunk->subspan(cut));
    }
    streaming.drain();
  }
  (void)allocated.client.send_to(clock.now(), kPeer, as_bytes("after"));
  allocated.client.close(clock.now());
  allocated.drain();
  return 0;
}
