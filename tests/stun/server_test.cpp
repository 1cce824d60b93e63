// A Binding server's answers (RFC 8489 §6.3, §7.3): reflect the source address, 420 for unknown
// comprehension-required attributes, silence for what is not a request, and never a response
// longer than the request (no amplification).
#include <gtest/gtest.h>

#include "rtc/stun/builder.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/server.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

const SocketAddress kClient = *SocketAddress::parse("203.0.113.5:61000");

Bytes request_with(std::string_view software, std::uint8_t n = 1) {
  TransactionId id{};
  id[0] = n;
  MessageBuilder b(Method::binding, MessageClass::request, id);
  if (!software.empty()) b.add_software(software);
  b.add_fingerprint();
  return *b.take();
}

TEST(Rfc8489_6_3_1, BindingSuccessReflectsTheSource) {
  const Bytes request = request_with("a client that pads its request: 40 bytes");
  auto answer = answer_binding_request(request, kClient, {.software = "rtc"});
  ASSERT_TRUE(answer);
  EXPECT_LE(answer->size(), request.size());
  auto m = MessageView::parse(*answer);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->is_success_response());
  EXPECT_EQ(m->method(), Method::binding);
  EXPECT_EQ(m->transaction_id(), MessageView::parse(request)->transaction_id());
  EXPECT_EQ(*m->xor_mapped_address(), kClient);
  EXPECT_EQ(*m->software(), "rtc");
  EXPECT_TRUE(verify_fingerprint(*m));
}

TEST(Rfc8489_6_3_1, Ipv6Source) {
  const Bytes request = request_with("long enough for an IPv6 XOR-MAPPED-ADDRESS");
  auto from = *SocketAddress::parse("[2001:db8::5]:5000");
  auto answer = answer_binding_request(request, from);
  ASSERT_TRUE(answer);
  EXPECT_EQ(*MessageView::parse(*answer)->xor_mapped_address(), from);
}

TEST(NoAmplification, ResponsesAreNeverLongerThanTheRequest) {
  // Requests from 20 bytes up: the answer drops SOFTWARE, then FINGERPRINT, then stays silent.
  for (std::size_t pad = 0; pad <= 64; ++pad) {
    TransactionId id{};
    MessageBuilder b(Method::binding, MessageClass::request, id);
    // An unknown comprehension-optional attribute as filler (the server skips it).
    if (pad > 0) b.add(static_cast<AttributeType>(0x8026), Bytes(pad - 1, 0));
    const Bytes request = *b.take();
    auto answer = answer_binding_request(request, kClient, {.software = "rtc server 0.1"});
    if (answer) {
      EXPECT_LE(answer->size(), request.size()) << request.size();
      EXPECT_EQ(*MessageView::parse(*answer)->xor_mapped_address(), kClient);
    } else {
      EXPECT_LT(request.size(), 32u);  // 20 + XOR-MAPPED-ADDRESS (IPv4) = 32
    }
  }
  // The bare 20-byte header gets nothing.
  MessageBuilder bare(Method::binding, MessageClass::request, TransactionId{});
  const Bytes bare_bytes = *bare.take();
  EXPECT_FALSE(answer_binding_request(bare_bytes, kClient));
}

// A server that opts in (`rtc stun server --answer-bare-requests`, for RFC 5389-era clients
// such as coturn's turnutils_stunclient) answers a bare request, within its allowance.
TEST(NoAmplification, AllowanceBoundsTheExcess) {
  MessageBuilder bare(Method::binding, MessageClass::request, TransactionId{});
  const Bytes request = *bare.take();
  BindingServerOptions options;
  options.software = "a rather long software description";
  options.amplification_allowance = 32;
  auto answer = answer_binding_request(request, kClient, options);
  ASSERT_TRUE(answer);
  EXPECT_LE(answer->size(), request.size() + 32);
  auto m = MessageView::parse(*answer);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->xor_mapped_address(), kClient);
  EXPECT_TRUE(m->fingerprint());
  EXPECT_FALSE(m->has(AttributeType::software));  // did not fit
}

TEST(Rfc8489_7_3_1, UnknownComprehensionRequiredAttributesGet420) {
  TransactionId id{};
  id[5] = 5;
  MessageBuilder b(Method::binding, MessageClass::request, id);
  b.add(static_cast<AttributeType>(0x0031), Bytes(8, 1))
      .add(static_cast<AttributeType>(0x8031), Bytes(8, 1))  // optional: ignored
      .add(static_cast<AttributeType>(0x0031), Bytes(4, 1))  // listed once
      .add(static_cast<AttributeType>(0x7FFF), Bytes(4, 1))
      .add_software("pad pad pad pad pad pad");
  const Bytes request = *b.take();
  auto m = MessageView::parse(request);
  auto unknown = unknown_comprehension_required(*m);
  ASSERT_EQ(unknown.size(), 2u);
  EXPECT_EQ(to_uint(unknown[0]), 0x0031);
  EXPECT_EQ(to_uint(unknown[1]), 0x7FFF);

  auto answer = answer_binding_request(request, kClient);
  ASSERT_TRUE(answer);
  EXPECT_LE(answer->size(), request.size());
  auto r = MessageView::parse(*answer);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->is_error_response());
  EXPECT_EQ(r->error_code()->code, 420);
  EXPECT_EQ(*r->unknown_attributes(), unknown);
  EXPECT_TRUE(r->has_transaction_id(id));

  // With the recommended reason, for an ICE agent that builds its own.
  auto full = unknown_attributes_response(*m, unknown);
  full.add_fingerprint();
  const Bytes full_bytes = *full.take();
  EXPECT_EQ(MessageView::parse(full_bytes)->error_code()->reason, "Unknown Attribute");
}

TEST(Rfc8489_7_3_1, ServerUnderstandsIceAndTurnAttributesByDefault) {
  const Bytes request = test::sample_request();  // PRIORITY is comprehension-required
  auto m = MessageView::parse(request);
  EXPECT_TRUE(unknown_comprehension_required(*m).empty());
  const AttributeType plain_stun[] = {AttributeType::username, AttributeType::message_integrity};
  auto unknown = unknown_comprehension_required(*m, plain_stun);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0], AttributeType::priority);
  // Attributes after MESSAGE-INTEGRITY are ignored, so they are never "unknown" (§14.5).
}

TEST(Rfc8489_6_3, SilenceForWhatIsNotARequest) {
  EXPECT_FALSE(answer_binding_request(test::hex("16fefd0000"), kClient));  // DTLS
  EXPECT_FALSE(answer_binding_request(test::hex("80600001"), kClient));    // RTP
  EXPECT_FALSE(answer_binding_request({}, kClient));
  EXPECT_FALSE(answer_binding_request(test::sample_ipv4_response(), kClient));  // a response
  MessageBuilder indication(Method::binding, MessageClass::indication, TransactionId{});
  indication.add_software("keepalive keepalive keepalive keepalive").add_fingerprint();
  EXPECT_FALSE(answer_binding_request(*indication.take(), kClient));  // §6.3.2
}

TEST(Rfc8489_6_3_1, OtherMethodsGetBadRequest) {
  MessageBuilder b(Method::allocate, MessageClass::request, TransactionId{});
  b.add_software("a TURN client talking to a STUN-only server").add_fingerprint();
  const Bytes request = *b.take();
  auto answer = answer_binding_request(request, kClient);
  ASSERT_TRUE(answer);
  auto m = MessageView::parse(*answer);
  EXPECT_EQ(m->method(), Method::allocate);
  EXPECT_EQ(m->error_code()->code, 400);
}

}  // namespace
}  // namespace rtc::stun
