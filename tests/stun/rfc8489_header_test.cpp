// The STUN header (RFC 8489 §5): class and method bits interleaved in the message type, the
// magic cookie, the 96-bit transaction id.
#include <gtest/gtest.h>

#include <set>

#include "rtc/common/encoding.hpp"
#include "rtc/common/random.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/header.hpp"
#include "rtc/stun/message.hpp"

namespace rtc::stun {
namespace {

// §5: "a Binding request has class=0b00 (request) and method=0b000000000001 (Binding) and is
// encoded into the first 16 bits as 0x0001. A Binding response has class=0b10 (success response)
// and method=0b000000000001, and is encoded into the first 16 bits as 0x0101."
TEST(Rfc8489_5, MessageTypeExamplesFromTheRfc) {
  EXPECT_EQ(message_type(Method::binding, MessageClass::request), 0x0001);
  EXPECT_EQ(message_type(Method::binding, MessageClass::indication), 0x0011);
  EXPECT_EQ(message_type(Method::binding, MessageClass::success_response), 0x0101);
  EXPECT_EQ(message_type(Method::binding, MessageClass::error_response), 0x0111);
  // RFC 8656 §17 methods as they appear on the wire.
  EXPECT_EQ(message_type(Method::allocate, MessageClass::request), 0x0003);
  EXPECT_EQ(message_type(Method::allocate, MessageClass::error_response), 0x0113);
  EXPECT_EQ(message_type(Method::send, MessageClass::indication), 0x0016);
  EXPECT_EQ(message_type(Method::data, MessageClass::indication), 0x0017);
  EXPECT_EQ(message_type(Method::channel_bind, MessageClass::success_response), 0x0109);
}

// §5, Figure 3: C0 is bit 4, C1 is bit 8; M0-M3, M4-M6 and M7-M11 fill the rest.
TEST(Rfc8489_5, ClassAndMethodBitsInterleave) {
  EXPECT_EQ(message_type(static_cast<Method>(0x000F), MessageClass::request), 0x000F);
  EXPECT_EQ(message_type(static_cast<Method>(0x0070), MessageClass::request), 0x00E0);
  EXPECT_EQ(message_type(static_cast<Method>(0x0F80), MessageClass::request), 0x3E00);
  EXPECT_EQ(message_type(static_cast<Method>(0x0FFF), MessageClass::error_response), 0x3FFF);
  EXPECT_EQ(message_type(static_cast<Method>(0), MessageClass::indication), 0x0010);
  EXPECT_EQ(message_type(static_cast<Method>(0), MessageClass::success_response), 0x0100);
}

TEST(Rfc8489_5, EveryMethodAndClassRoundTrips) {
  for (unsigned m = 0; m < 0x1000; ++m) {
    for (unsigned c = 0; c < 4; ++c) {
      auto type = message_type(static_cast<Method>(m), static_cast<MessageClass>(c));
      ASSERT_EQ(type & 0xC000, 0) << m << " " << c;  // the two top bits stay zero
      ASSERT_EQ(static_cast<unsigned>(method_of(type)), m);
      ASSERT_EQ(static_cast<unsigned>(class_of(type)), c);
    }
  }
}

TEST(Rfc8489_5, HeaderFieldsOnTheWire) {
  const TransactionId id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  MessageBuilder b(Method::binding, MessageClass::request, id);
  auto bytes = *b.take();
  ASSERT_EQ(bytes.size(), 20u);
  EXPECT_EQ(to_hex(bytes),
            "000100002112a442"
            "0102030405060708090a0b0c");
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->length(), 0);
  EXPECT_TRUE(m->has_transaction_id(id));
  EXPECT_EQ(m->attributes().begin(), m->attributes().end());
}

TEST(Rfc8489_5, TransactionIdsAreRandom) {
  SeededRandom random(1);
  std::set<TransactionId> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(random_transaction_id(random));
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(Rfc8489_5, NamesOfClassesAndMethods) {
  EXPECT_STREQ(to_string(MessageClass::error_response), "error response");
  EXPECT_STREQ(to_string(Method::create_permission), "CreatePermission");
  EXPECT_EQ(to_string(static_cast<Method>(0x0FF)), nullptr);
}

// §6.2.2: on a stream, the header's length frames the next message.
TEST(Rfc8489_6_2_2, FramedSizeOnAStream) {
  EXPECT_FALSE(MessageView::framed_size(Bytes{0x00, 0x01, 0x00}));
  EXPECT_EQ(MessageView::framed_size(Bytes{0x00, 0x01, 0x00, 0x58}), 108u);
}

}  // namespace
}  // namespace rtc::stun
