// STUN attributes (RFC 8489 §14, RFC 8445 §16.1, RFC 8656 §18): each one written with the builder
// and read back, padding (§14), and the errors for values that break their section's rules.
#include <gtest/gtest.h>

#include "rtc/stun/attributes.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

const TransactionId kId = test::kSampleId;

// Builds a request with `add`, parses it back.
template <class F>
Bytes build(F&& add) {
  MessageBuilder b(Method::binding, MessageClass::request, kId);
  add(b);
  auto bytes = b.take();
  EXPECT_TRUE(bytes) << bytes.error().to_string();
  return bytes ? *bytes : Bytes{};
}

TEST(Rfc8489_14, ValuesArePaddedWithZerosToFourBytes) {
  auto bytes = build([](MessageBuilder& b) { b.add_username("abcde"); });
  // 20 header + 4 attribute header + 5 value + 3 padding.
  EXPECT_EQ(to_hex(bytes).substr(40), "000600056162636465000000");
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->length(), 12);
  EXPECT_EQ(*m->username(), "abcde");  // the length excludes the padding
}

TEST(Rfc8489_14, ReceiversIgnoreThePaddingValue) {
  auto bytes = build([](MessageBuilder& b) { b.add_username("abcde"); });
  bytes[29] = 0xAA;
  bytes[30] = 0xBB;
  bytes[31] = 0xCC;
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->username(), "abcde");
}

TEST(Rfc8489_14_1, MappedAddressIpv4AndIpv6) {
  auto v4 = *SocketAddress::parse("192.0.2.1:32853");
  auto v6 = *SocketAddress::parse("[2001:db8::1]:1");
  auto bytes = build([&](MessageBuilder& b) { b.add_mapped_address(v4).add_alternate_server(v6); });
  EXPECT_EQ(to_hex(bytes).substr(40, 24),
            "000100080001805"
            "5c0000201");
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->mapped_address(), v4);
  EXPECT_EQ(*m->alternate_server(), v6);
}

TEST(Rfc8489_14_1, BadFamilyAndLengthAreErrors) {
  EXPECT_FALSE(decode_address(test::hex("00030001c0000201")));  // family 3
  EXPECT_FALSE(decode_address(test::hex("00010001c00002")));    // 3 address bytes
  EXPECT_FALSE(decode_address(test::hex("00020001c0000201")));  // IPv6 with 4 bytes
  EXPECT_FALSE(decode_address(test::hex("0001")));
  auto e = decode_address(test::hex("00090001c0000201"));
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("RFC 8489 §14.1"), std::string::npos);
}

TEST(Rfc8489_14_2, XorMappedAddressIsXoredWithCookieAndTransactionId) {
  for (std::string_view text : {"192.0.2.1:32853", "[2001:db8:1234:5678:11:2233:4455:6677]:32853",
                                "0.0.0.0:0", "[::]:65535"}) {
    auto address = *SocketAddress::parse(text);
    auto bytes = build([&](MessageBuilder& b) { b.add_xor_mapped_address(address); });
    auto m = MessageView::parse(bytes);
    ASSERT_TRUE(m);
    EXPECT_EQ(*m->xor_mapped_address(), address) << text;
    // The address never appears in clear on the wire.
    auto raw = m->find(AttributeType::xor_mapped_address)->value;
    EXPECT_NE(to_hex(raw.subspan(4)), to_hex(address.ip_bytes())) << text;
  }
  // §14.2: port XOR 0x2112 (the top of the magic cookie): 32853 = 0x8055 -> 0xa147.
  auto bytes = build([](MessageBuilder& b) {
    b.add_xor_mapped_address(*SocketAddress::parse("192.0.2.1:32853"));
  });
  EXPECT_EQ(to_hex(bytes).substr(40), "002000080001a147e112a643");
}

TEST(Rfc8656_18, XorPeerAndRelayedAddresses) {
  auto peer = *SocketAddress::parse("198.51.100.7:4000");
  auto relayed = *SocketAddress::parse("[2001:db8::7]:50000");
  auto bytes = build(
      [&](MessageBuilder& b) { b.add_xor_peer_address(peer).add_xor_relayed_address(relayed); });
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->xor_peer_address(), peer);
  EXPECT_EQ(*m->xor_relayed_address(), relayed);
}

TEST(Rfc8489_14_3, UsernameLimits) {
  MessageBuilder ok(Method::binding, MessageClass::request, kId);
  ok.add_username(std::string(508, 'u'));
  EXPECT_TRUE(ok.ok());
  MessageBuilder too_long(Method::binding, MessageClass::request, kId);
  too_long.add_username(std::string(509, 'u'));  // "fewer than 509 bytes"
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.error()->message.find("§14.3"), std::string::npos);
  EXPECT_FALSE(too_long.take());
  // Receivers accept up to 763 bytes (RFC 5389 compatibility) and no more.
  EXPECT_TRUE(decode_text(Bytes(763, 'u'), AttributeType::username));
  EXPECT_FALSE(decode_text(Bytes(764, 'u'), AttributeType::username));
  // Not UTF-8.
  EXPECT_FALSE(decode_text(test::hex("c328"), AttributeType::username));
  EXPECT_FALSE(decode_text(test::hex("e080af"), AttributeType::username));  // overlong
  EXPECT_FALSE(decode_text(test::hex("eda080"), AttributeType::username));  // surrogate
}

TEST(Rfc8489_14_4, UserhashIs32Bytes) {
  Bytes hash(32, 0x42);
  auto bytes = build([&](MessageBuilder& b) { b.add_userhash(hash); });
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(to_hex(*m->userhash()), to_hex(hash));
  MessageBuilder b(Method::binding, MessageClass::request, kId);
  b.add_userhash(Bytes(31, 0));
  EXPECT_FALSE(b.ok());
}

TEST(Rfc8489_14_8, ErrorCodeClassNumberAndReason) {
  MessageBuilder b(Method::allocate, MessageClass::error_response, kId);
  b.add_error_code(438);
  auto bytes = *b.take();
  EXPECT_EQ(to_hex(bytes).substr(40, 16), "0009000f00000426");  // class 4, number 38
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  auto e = m->error_code();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, 438);
  EXPECT_EQ(e->reason, "Stale Nonce");

  MessageBuilder custom(Method::binding, MessageClass::error_response, kId);
  custom.add_error_code(487, "Role Conflict (we are controlling)");
  const Bytes custom_bytes = *custom.take();
  EXPECT_EQ(MessageView::parse(custom_bytes)->error_code()->reason,
            "Role Conflict (we are controlling)");

  MessageBuilder bad(Method::binding, MessageClass::error_response, kId);
  bad.add_error_code(200);
  EXPECT_FALSE(bad.ok());
  EXPECT_FALSE(decode_error_code(test::hex("00000763")));          // class 7
  EXPECT_FALSE(decode_error_code(test::hex("00000264")));          // class 2
  EXPECT_FALSE(decode_error_code(test::hex("00000464")));          // number 100
  EXPECT_FALSE(decode_error_code(test::hex("000004")));            // too short
  EXPECT_EQ(decode_error_code(test::hex("fffffe00"))->code, 600);  // reserved bits ignored
}

TEST(Rfc8489_14_8, ReasonPhrasesAreFewerThan128Characters) {
  MessageBuilder b(Method::binding, MessageClass::error_response, kId);
  b.add_error_code(400, std::string(128, 'x'));
  EXPECT_FALSE(b.ok());
  MessageBuilder c(Method::binding, MessageClass::error_response, kId);
  // 127 three-byte characters: 381 bytes, allowed.
  std::string wide;
  for (int i = 0; i < 127; ++i) wide += "\xE3\x83\x9E";
  c.add_error_code(400, wide);
  EXPECT_TRUE(c.ok());
}

TEST(Rfc8489_14_9, RealmNonceSoftware) {
  auto bytes = build([](MessageBuilder& b) {
    b.add_realm("example.org").add_nonce("obMatJos2AAABxyz").add_software("rtc 0.1");
  });
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->realm(), "example.org");
  EXPECT_EQ(*m->nonce(), "obMatJos2AAABxyz");
  EXPECT_EQ(*m->software(), "rtc 0.1");
  MessageBuilder b(Method::binding, MessageClass::request, kId);
  b.add_software(std::string(128, 's'));
  EXPECT_FALSE(b.ok());
}

TEST(Rfc8489_14_11, PasswordAlgorithms) {
  const PasswordAlgorithm list[] = {PasswordAlgorithm::sha256, PasswordAlgorithm::md5};
  auto bytes = build([&](MessageBuilder& b) {
    b.add_password_algorithms(list).add_password_algorithm(PasswordAlgorithm::sha256);
  });
  EXPECT_EQ(to_hex(bytes).substr(40),
            "800200080002000000010000"
            "001d000400020000");
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  auto algorithms = m->password_algorithms();
  ASSERT_TRUE(algorithms);
  ASSERT_EQ(algorithms->size(), 2u);
  EXPECT_EQ((*algorithms)[0].algorithm, 2);
  EXPECT_EQ((*algorithms)[1].algorithm, 1);
  EXPECT_EQ(m->password_algorithm()->algorithm, 2);
  // Parameters are padded like attributes (§14.11): {0x0003, 3 bytes, pad}, then MD5.
  const Bytes value = test::hex("0003 0003 aabbcc00 0001 0000");
  auto with_params = decode_password_algorithms(value);
  ASSERT_TRUE(with_params) << with_params.error().to_string();
  ASSERT_EQ(with_params->size(), 2u);
  EXPECT_EQ(to_hex((*with_params)[0].parameters), "aabbcc");
  EXPECT_EQ((*with_params)[1].algorithm, 1);
  EXPECT_FALSE(decode_password_algorithms(test::hex("0001 0008 0000")));  // runs past the end
  EXPECT_FALSE(decode_password_algorithms({}));
  EXPECT_FALSE(decode_password_algorithm(test::hex("0001000000020000")));  // two entries
}

TEST(Rfc8489_14_13, UnknownAttributes) {
  const AttributeType unknown[] = {static_cast<AttributeType>(0x0031),
                                   static_cast<AttributeType>(0x7F00),
                                   static_cast<AttributeType>(0x0032)};
  MessageBuilder b(Method::binding, MessageClass::error_response, kId);
  b.add_error_code(420).add_unknown_attributes(unknown);
  const Bytes bytes = *b.take();
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  auto list = m->unknown_attributes();
  ASSERT_TRUE(list);
  EXPECT_EQ(*list, std::vector<AttributeType>(std::begin(unknown), std::end(unknown)));
  EXPECT_FALSE(decode_unknown_attributes(test::hex("000100")));
}

TEST(Rfc8489_14_16, AlternateDomain) {
  auto bytes = build([](MessageBuilder& b) { b.add_alternate_domain("turn.example.org"); });
  EXPECT_EQ(*MessageView::parse(bytes)->alternate_domain(), "turn.example.org");
  MessageBuilder b(Method::binding, MessageClass::request, kId);
  b.add_alternate_domain(std::string(256, 'a'));
  EXPECT_FALSE(b.ok());
}

TEST(Rfc8445_16_1, IceAttributes) {
  auto bytes = build([](MessageBuilder& b) {
    b.add_username("a:b")
        .add_priority(1853824767)
        .add_ice_controlling(0x0102030405060708)
        .add_use_candidate();
  });
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->priority(), 1853824767u);
  EXPECT_EQ(*m->ice_controlling(), 0x0102030405060708u);
  EXPECT_TRUE(m->use_candidate());
  EXPECT_FALSE(m->ice_controlled());
  // Wrong sizes are errors that name the attribute.
  auto bad = decode_u32(test::hex("010203"), AttributeType::priority);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("PRIORITY"), std::string::npos);
  EXPECT_FALSE(decode_u64(test::hex("01020304"), AttributeType::ice_controlling));
  EXPECT_FALSE(decode_empty(test::hex("00"), AttributeType::use_candidate));
}

// A request from raw attribute bytes (type, length and padded value already in `attributes`).
Bytes raw_request(const Bytes& attributes) {
  Bytes m = test::hex("000100002112a442");
  m[2] = static_cast<std::uint8_t>(attributes.size() >> 8);
  m[3] = static_cast<std::uint8_t>(attributes.size());
  m.insert(m.end(), kId.begin(), kId.end());
  m.insert(m.end(), attributes.begin(), attributes.end());
  return m;
}

TEST(Rfc8445_16_1, IceAccessorsDecodeUncommonValuesInFull) {
  // USERNAME "é" (UTF-8 but not ASCII), a 3-byte PRIORITY, a 4-byte ICE-CONTROLLED: the inline
  // accessors hand these to the full decoders, which accept the first and name what is wrong.
  const Bytes bytes =
      raw_request(test::hex("00060002c3a90000"
                            "0024000301020300"
                            "8029000401020304"));
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(*m->username(), "\xc3\xa9");
  auto priority = m->priority();
  ASSERT_FALSE(priority);
  EXPECT_NE(priority.error().message.find("PRIORITY"), std::string::npos);
  auto controlled = m->ice_controlled();
  ASSERT_FALSE(controlled);
  EXPECT_NE(controlled.error().message.find("ICE-CONTROLLED"), std::string::npos);
  auto controlling = m->ice_controlling();
  ASSERT_FALSE(controlling);
  EXPECT_NE(controlling.error().message.find("no ICE-CONTROLLING"), std::string::npos);

  const Bytes not_utf8 = raw_request(test::hex("00060002c3280000"));
  auto n = MessageView::parse(not_utf8);
  ASSERT_TRUE(n);
  auto user = n->username();
  ASSERT_FALSE(user);
  EXPECT_NE(user.error().message.find("UTF-8"), std::string::npos);
}

TEST(Rfc8489_14_5, AnyNumberOfAttributesBeforeIntegrityAndFingerprint) {
  // parse() indexes the first attributes and has a short path for a message that ends with
  // MESSAGE-INTEGRITY then FINGERPRINT; with more attributes than the index holds it walks
  // the bytes. Every count must give the same answers.
  for (std::size_t n = 0; n <= 20; ++n) {
    Bytes attributes;
    for (std::size_t i = 0; i < n; ++i) {
      attributes.insert(attributes.end(),
                        {0x80, 0x22, 0x00, 0x01, static_cast<std::uint8_t>('a' + i), 0, 0, 0});
    }
    const std::size_t mi_at = kHeaderSize + attributes.size();
    attributes.insert(attributes.end(), {0x00, 0x08, 0x00, 0x14});
    attributes.insert(attributes.end(), 20, 0x11);
    attributes.insert(attributes.end(), {0x80, 0x28, 0x00, 0x04, 1, 2, 3, 4});
    const Bytes bytes = raw_request(attributes);
    auto m = MessageView::parse(bytes);
    ASSERT_TRUE(m) << n << ": " << m.error().to_string();
    std::size_t seen = 0;
    for (const auto& a : m->attributes()) {
      EXPECT_EQ(a.offset, kHeaderSize + 8 * std::min(seen, n) + (seen > n ? 24 : 0)) << n;
      ++seen;
    }
    EXPECT_EQ(seen, n + 2) << n;
    ASSERT_TRUE(m->message_integrity()) << n;
    EXPECT_EQ(m->message_integrity()->offset, mi_at) << n;
    ASSERT_TRUE(m->fingerprint()) << n;
    EXPECT_EQ(m->fingerprint()->offset, mi_at + 24) << n;
    EXPECT_EQ(Bytes(m->find(AttributeType::fingerprint)->value.begin(),
                    m->find(AttributeType::fingerprint)->value.end()),
              test::hex("01020304"))
        << n;
    if (n > 0) {
      EXPECT_EQ(*m->software(), "a") << n;
    } else {
      EXPECT_FALSE(m->software());
    }
  }
}

TEST(Rfc8489_14_5, TypesThatLookLikeIntegrityAtFirstGlanceAreIndexedAsUsual) {
  // parse() first tests two bits of each type to spot MESSAGE-INTEGRITY(-SHA256) and
  // FINGERPRINT, then the exact types. CHANNEL-NUMBER (0x000C) and EVEN-PORT (0x0018) pass the
  // first test: they must still be ordinary attributes, and the message still ends with the
  // two integrity attributes it has.
  auto keys = *IntegrityKeys::short_term("pwd");
  MessageBuilder b(Method::channel_bind, MessageClass::request, kId);
  b.add_channel_number(0x4001).add_even_port(false).add_lifetime(600);
  b.add_message_integrity(keys.sha1()).add_fingerprint();
  const auto bytes = b.take();
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  auto m = MessageView::parse(*bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  std::vector<AttributeType> types;
  for (const auto& a : m->attributes()) types.push_back(a.type);
  EXPECT_EQ(types, (std::vector{AttributeType::channel_number, AttributeType::even_port,
                                AttributeType::lifetime, AttributeType::message_integrity,
                                AttributeType::fingerprint}));
  EXPECT_EQ(*m->channel_number(), 0x4001);
  EXPECT_FALSE(*m->even_port());
  EXPECT_TRUE(verify_message_integrity(*m, keys.sha1()));
  EXPECT_TRUE(verify_fingerprint(*m));
}

TEST(Rfc8489_14_3, ShortAsciiCheckLooksAtEveryByteOfEveryLength) {
  // is_short_ascii() reads 1-3 bytes one by one, 4-7 bytes as two overlapping 4-byte words
  // and 8-64 bytes as 8-byte words whose last one ends at the end. Each length, with one byte
  // that is not ASCII at each position, must be refused, and the buffer is exactly that long
  // (ASan reports a read past it).
  for (std::size_t n = 0; n <= 70; ++n) {
    Bytes text(n, 'a');
    EXPECT_EQ(is_short_ascii(text), n <= 64) << n;
    for (std::size_t at = 0; at < n; ++at) {
      text[at] = 0xC3;
      EXPECT_FALSE(is_short_ascii(text)) << n << " " << at;
      text[at] = 'a';
    }
  }
}

TEST(Rfc8656_18, TurnAttributes) {
  auto bytes = build([](MessageBuilder& b) {
    b.add_channel_number(0x4001)
        .add_lifetime(600)
        .add_data(test::hex("deadbeef01"))
        .add_requested_address_family(AddressFamily::ipv6)
        .add_even_port(true)
        .add_requested_transport()
        .add_dont_fragment()
        .add_reservation_token(0x1122334455667788);
  });
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ(*m->channel_number(), 0x4001);
  EXPECT_EQ(*m->lifetime(), 600u);
  EXPECT_EQ(to_hex(*m->data()), "deadbeef01");
  EXPECT_EQ(*m->requested_address_family(), AddressFamily::ipv6);
  EXPECT_TRUE(*m->even_port());
  EXPECT_EQ(*m->requested_transport(), kProtocolUdp);
  EXPECT_TRUE(m->dont_fragment());
  EXPECT_EQ(*m->reservation_token(), 0x1122334455667788u);
  // EVEN-PORT's one byte is followed by three bytes of padding (§18.7).
  auto even = m->find(AttributeType::even_port);
  ASSERT_TRUE(even);
  EXPECT_EQ(even->value.size(), 1u);
  EXPECT_FALSE(
      decode_address_family(test::hex("03000000"), AttributeType::requested_address_family));
  EXPECT_FALSE(decode_even_port(test::hex("8000")));
  EXPECT_FALSE(decode_channel_number(test::hex("4000")));
}

TEST(Rfc8489_14, MissingAttributesAreErrorsThatSaySo) {
  auto bytes = build([](MessageBuilder&) {});
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  auto u = m->username();
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().message, "the message has no USERNAME attribute (RFC 8489 §14.3)");
  EXPECT_FALSE(m->priority());
  EXPECT_FALSE(m->xor_mapped_address());
}

TEST(Rfc8489_14, RegistryNamesAndComprehension) {
  EXPECT_STREQ(name(AttributeType::xor_mapped_address), "XOR-MAPPED-ADDRESS");
  EXPECT_STREQ(rfc_section(AttributeType::fingerprint), "RFC 8489 §14.7");
  EXPECT_EQ(name(static_cast<AttributeType>(0x7777)), nullptr);
  EXPECT_TRUE(is_comprehension_required(AttributeType::priority));
  EXPECT_FALSE(is_comprehension_required(AttributeType::ice_controlling));
  EXPECT_FALSE(is_comprehension_required(AttributeType::goog_network_info));
  EXPECT_TRUE(is_supported(AttributeType::reservation_token));
  EXPECT_FALSE(is_supported(AttributeType::goog_network_info));
}

TEST(Rfc8489_14, BuilderRefusesComputedAttributesAndOversizedValues) {
  MessageBuilder b(Method::binding, MessageClass::request, kId);
  b.add(AttributeType::fingerprint, test::hex("00000000"));
  EXPECT_FALSE(b.ok());
  MessageBuilder big(Method::send, MessageClass::indication, kId);
  big.add_data(Bytes(70000, 0));
  EXPECT_FALSE(big.ok());
  MessageBuilder total(Method::send, MessageClass::indication, kId);
  total.add_data(Bytes(40000, 0)).add_data(Bytes(40000, 0));
  EXPECT_FALSE(total.ok());
}

TEST(Rfc8489_14, BuilderResetReusesTheBuffer) {
  MessageBuilder b(Method::binding, MessageClass::request, kId);
  b.add_software("first");
  b.reset(Method::binding, MessageClass::indication, test::kLongTermId);
  auto m = MessageView::parse(b.view());
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->is_indication());
  EXPECT_EQ(m->length(), 0);
  EXPECT_EQ(m->transaction_id(), test::kLongTermId);
}

}  // namespace
}  // namespace rtc::stun
