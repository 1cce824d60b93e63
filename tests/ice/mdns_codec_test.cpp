// The mDNS codec (RFC 6762 §6.7 legacy unicast; RFC 1035 §4.1 wire format) used to resolve
// ".local" candidates.
#include <gtest/gtest.h>

#include "mdns_codec.hpp"

namespace rtc::ice {
namespace {

TEST(Rfc6762_5_1, QueryWireFormat) {
  auto q = mdns::encode_query(0x1234, "abc.local");
  ASSERT_TRUE(q.has_value());
  const Bytes expected = {
      0x12, 0x34, 0,   0,   0, 1,   0,   0,   0,   0,   0, 0,            // header, QDCOUNT 1
      3,    'a',  'b', 'c', 5, 'l', 'o', 'c', 'a', 'l', 0, 0, 1, 0, 1};  // A, IN
  EXPECT_EQ(*q, expected);
  EXPECT_FALSE(mdns::encode_query(1, "").has_value());
  EXPECT_FALSE(mdns::encode_query(1, "a..local").has_value());
  EXPECT_EQ(mdns::group_ipv4().to_string(), "224.0.0.251:5353");
}

TEST(Rfc6762_6_7, AnswerWithCompressedName) {
  // ID 0x1234, response, 1 question, 1 answer; the answer's name points at the question's.
  const Bytes response = {0x12, 0x34, 0x84, 0x00, 0,   1,   0,   1, 0, 0,   0, 0, 3,    'A', 'b',
                          'C',  5,    'l',  'o',  'c', 'a', 'l', 0, 0, 1,   0, 1, 0xC0, 12,  0,
                          1,    0x80, 1,    0,    0,   0,   120, 0, 4, 192, 0, 2, 7};
  auto r = mdns::parse_response(response);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->id, 0x1234);
  ASSERT_EQ(r->answers.size(), 1u);
  EXPECT_EQ(r->answers[0].name, "abc.local");
  EXPECT_EQ(r->answers[0].ip.ip_string(), "192.0.2.7");
  EXPECT_TRUE(mdns::same_name("ABC.local.", "abc.LOCAL"));
}

TEST(Rfc6762_BadInput, LoopsAndTruncationsAreErrors) {
  // A name pointer that points at itself.
  const Bytes loop = {0, 1, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xC0, 12,
                      0, 1, 0,    1, 0, 0, 0, 1, 0, 4, 1, 2, 3,    4};
  EXPECT_FALSE(mdns::parse_response(loop).has_value());
  const Bytes query = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // QR = 0
  EXPECT_FALSE(mdns::parse_response(query).has_value());
  Bytes cut = {0x12, 0x34, 0x84, 0x00, 0, 0, 0, 1, 0, 0, 0, 0, 3, 'a', 'b'};
  EXPECT_FALSE(mdns::parse_response(cut).has_value());
  for (std::size_t n = 0; n < 12; ++n) {
    EXPECT_FALSE(mdns::parse_response(Bytes(n, 0x80)).has_value());
  }
}

}  // namespace
}  // namespace rtc::ice
