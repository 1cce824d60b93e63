// libFuzzer target for stun/: every parser and checker on arbitrary bytes.
//   decode (MessageView::parse), walk every attribute, every typed accessor, verify
//   MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT with a fixed key, re-encode what parsed, decode
//   ChannelData, demultiplex (RFC 7983), answer as a binding server (and check that the answer is
//   never larger than the request), describe for `rtc stun decode`, and feed a client
//   transaction. Seeds: fuzz/corpus/stun/ (RFC 5769 samples, real Chromium checks, TURN and
//   ChannelData messages).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "rtc/common/time.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/demux.hpp"
#include "rtc/stun/describe.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/server.hpp"
#include "rtc/stun/transaction.hpp"

namespace {

using namespace rtc;
using namespace rtc::stun;

void check(bool condition) {
  if (!condition) std::abort();
}

void exercise_message(const MessageView& m, IntegrityKeys& keys) {
  std::size_t count = 0;
  for (const auto& a : m.all_attributes()) {
    check(a.offset >= kHeaderSize && a.offset + 4 + a.value.size() <= m.bytes().size());
    (void)m.is_ignored(a);
    ++count;
  }
  for (const auto& a : m.attributes()) (void)a;
  (void)m.username();
  (void)m.userhash();
  (void)m.realm();
  (void)m.nonce();
  (void)m.software();
  (void)m.error_code();
  (void)m.unknown_attributes();
  (void)m.password_algorithms();
  (void)m.password_algorithm();
  (void)m.mapped_address();
  (void)m.xor_mapped_address();
  (void)m.alternate_server();
  (void)m.alternate_domain();
  (void)m.priority();
  (void)m.ice_controlling();
  (void)m.ice_controlled();
  (void)m.channel_number();
  (void)m.lifetime();
  (void)m.xor_peer_address();
  (void)m.data();
  (void)m.xor_relayed_address();
  (void)m.requested_address_family();
  (void)m.even_port();
  (void)m.requested_transport();
  (void)m.reservation_token();
  if (auto n = m.nonce()) (void)parse_nonce_cookie(*n);
  (void)verify_message_integrity(m, keys.sha1());
  (void)verify_message_integrity_sha256(m, keys.sha256());
  (void)verify_fingerprint(m);
  (void)verify_integrity(m, keys);
  (void)unknown_comprehension_required(m);

  // Re-encode what a receiver acts on; the builder's output must parse again.
  MessageBuilder b(m.method(), m.message_class(), m.transaction_id());
  for (const auto& a : m.attributes()) {
    if (a.type == AttributeType::message_integrity ||
        a.type == AttributeType::message_integrity_sha256 || a.type == AttributeType::fingerprint) {
      continue;
    }
    b.add(a.type, a.value);
  }
  sign(b, keys, IntegrityMode::both);
  b.add_fingerprint();
  if (b.ok()) {
    auto again = MessageView::parse(b.view());
    check(again.has_value());
    check(verify_integrity(*again, keys).has_value());
    check(verify_fingerprint(*again).has_value());
  }
  (void)count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static IntegrityKeys keys = *IntegrityKeys::short_term("VOkJxbRl1RmTxUk/WvJxBt");
  const BytesView in(data, size);
  const auto from = *SocketAddress::parse("192.0.2.1:32853");

  (void)classify_packet(in);
  if (auto m = MessageView::parse(in)) exercise_message(*m, keys);
  if (auto c = ChannelDataView::parse(in)) {
    check(is_valid_channel_number(c->channel));
    check(c->data.size() + 4 <= size);
  }
  (void)MessageView::framed_size(in);
  (void)ChannelDataView::framed_size(in);

  // A binding server never amplifies (no more bytes out than in).
  if (auto answer = answer_binding_request(in, from, {.software = "rtc fuzz"})) {
    check(answer->size() <= size);
    check(MessageView::parse(*answer).has_value());
  }

  auto d = describe(in, {.password = std::string("VOkJxbRl1RmTxUk/WvJxBt")});
  (void)to_text(d);
  (void)to_json(d);
  (void)read_message_input(std::string_view(reinterpret_cast<const char*>(data), size));

  // A client transaction whose id matches the RFC 5769 samples' receives the input.
  TransactionManager manager;
  ManualClock clock;
  MessageBuilder request(Method::binding, MessageClass::request,
                         {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae});
  request.add_username("evtj:h6vY");
  sign(request, keys, IntegrityMode::sha1);
  auto bytes = request.take();
  check(bytes.has_value());
  auto shared = std::make_shared<IntegrityKeys>(keys);
  if (manager.start(clock.now(), std::move(*bytes), from,
                    {.auth = ResponseAuth::short_term, .keys = shared})) {
    (void)manager.handle_receive(clock.now(), from, in);
    while (manager.poll_event()) {
    }
  }
  return 0;
}
