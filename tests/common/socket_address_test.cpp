// SocketAddress: parsing (RFC 791, RFC 4291 §2.2), printing (RFC 5952) and the predicates ICE
// uses to sort candidates.
#include "rtc/common/socket_address.hpp"

#include <gtest/gtest.h>

#include <unordered_set>

#include "rtc/common/encoding.hpp"

namespace rtc {
namespace {

TEST(SocketAddress, ParsesIpv4WithPort) {
  auto a = SocketAddress::parse("192.0.2.1:3478");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_TRUE(a->is_ipv4());
  EXPECT_EQ(a->port(), 3478);
  EXPECT_EQ(to_hex(a->ip_bytes()), "c0000201");
  EXPECT_EQ(a->to_string(), "192.0.2.1:3478");
}

TEST(SocketAddress, ParsesBracketedIpv6WithPort) {
  auto a = SocketAddress::parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_TRUE(a->is_ipv6());
  EXPECT_EQ(a->port(), 32853);
  EXPECT_EQ(to_hex(a->ip_bytes()), "20010db8123456780011223344556677");
  EXPECT_EQ(a->to_string(), "[2001:db8:1234:5678:11:2233:4455:6677]:32853");
}

TEST(Rfc4291_2_2, CompressedForms) {
  EXPECT_EQ(to_hex(SocketAddress::from_ip("::", 0)->ip_bytes()), std::string(32, '0'));
  EXPECT_EQ(to_hex(SocketAddress::from_ip("::1", 0)->ip_bytes()),
            "00000000000000000000000000000001");
  EXPECT_EQ(to_hex(SocketAddress::from_ip("fe80::", 0)->ip_bytes()),
            "fe800000000000000000000000000000");
  EXPECT_EQ(to_hex(SocketAddress::from_ip("1:0:0:2::3", 0)->ip_bytes()),
            "00010000000000020000000000000003");
  EXPECT_EQ(to_hex(SocketAddress::from_ip("::ffff:192.0.2.1", 0)->ip_bytes()),
            "00000000000000000000ffffc0000201");
  EXPECT_EQ(to_hex(SocketAddress::from_ip("2001:DB8::A", 0)->ip_bytes()),
            "20010db800000000000000000000000a");
}

TEST(Rfc5952_4, CanonicalText) {
  auto text = [](std::string_view in) { return SocketAddress::from_ip(in, 0)->ip_string(); };
  EXPECT_EQ(text("2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");  // §4.1, §4.2.1
  EXPECT_EQ(text("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");  // §4.2.2: no "::" for one
  EXPECT_EQ(text("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");           // §4.2.3: the longest run
  EXPECT_EQ(text("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");     // §4.2.3: the first on ties
  EXPECT_EQ(text("2001:DB8::AB"), "2001:db8::ab");                  // §4.3: lower case
  EXPECT_EQ(text("::"), "::");
  EXPECT_EQ(text("::1"), "::1");
  EXPECT_EQ(text("fe80::"), "fe80::");
  EXPECT_EQ(text("::ffff:c000:0201"), "::ffff:192.0.2.1");  // §5: IPv4-mapped keeps the dots
}

TEST(SocketAddress, RejectsMalformedTextWithAReason) {
  for (std::string_view bad : {"",
                               "1.2.3.4",
                               "1.2.3.4:",
                               "1.2.3.4:65536",
                               "1.2.3.4:-1",
                               "1.2.3:5",
                               "1.2.3.4.5:6",
                               "256.1.1.1:1",
                               "01.2.3.4:5",
                               "1.2.3.4:05",
                               "[::1]",
                               "[::1]5",
                               "[::1:5",
                               "::1:5",
                               "[1::2::3]:4",
                               "[12345::]:1",
                               "[:1]:2",
                               "[1:]:2",
                               "[1:2:3:4:5:6:7:8:9]:1",
                               "[1:2:3:4:5:6:7]:1",
                               "[::g]:1",
                               "[fe80::1%eth0]:1",
                               "[::1.2.3.4.5]:1",
                               "[1:2:3:4:5:6:7:1.2.3.4]:1",
                               "a.b.c.d:1"}) {
    auto a = SocketAddress::parse(bad);
    EXPECT_FALSE(a) << "accepted '" << bad << "' as " << a->to_string();
    if (!a) {
      EXPECT_FALSE(a.error().message.empty());
    }
  }
}

TEST(SocketAddress, RoundTripsThroughText) {
  for (std::string_view text :
       {"0.0.0.0:0", "255.255.255.255:65535", "[::]:1", "[::1]:5", "[2001:db8::1]:3478",
        "[fe80::1:2:3:4]:9", "[1:2:3:4:5:6:7:8]:10", "[::ffff:10.0.0.1]:11"}) {
    auto a = SocketAddress::parse(text);
    ASSERT_TRUE(a) << text << ": " << a.error().to_string();
    EXPECT_EQ(a->to_string(), text);
  }
}

TEST(SocketAddress, FromBytes) {
  const std::uint8_t v4[] = {10, 0, 0, 1};
  auto a = SocketAddress::from_bytes(v4, 9);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "10.0.0.1:9");
  const std::uint8_t three[] = {1, 2, 3};
  EXPECT_FALSE(SocketAddress::from_bytes(three, 1));
}

TEST(SocketAddress, Predicates) {
  auto p = [](std::string_view s) { return *SocketAddress::parse(s); };
  EXPECT_TRUE(p("127.0.0.1:1").is_loopback());
  EXPECT_TRUE(p("[::1]:1").is_loopback());
  EXPECT_FALSE(p("[::2]:1").is_loopback());
  EXPECT_TRUE(p("0.0.0.0:1").is_unspecified());
  EXPECT_TRUE(p("[::]:1").is_unspecified());
  EXPECT_TRUE(p("169.254.1.1:1").is_link_local());
  EXPECT_TRUE(p("[fe80::1]:1").is_link_local());
  EXPECT_TRUE(p("10.1.2.3:1").is_private());
  EXPECT_TRUE(p("172.31.0.1:1").is_private());
  EXPECT_FALSE(p("172.32.0.1:1").is_private());
  EXPECT_TRUE(p("192.168.0.1:1").is_private());
  EXPECT_TRUE(p("[fd00::1]:1").is_private());
  EXPECT_FALSE(p("192.0.2.1:1").is_private());
}

TEST(SocketAddress, ValueSemanticsAndHashing) {
  auto a = *SocketAddress::parse("192.0.2.1:1");
  auto b = *SocketAddress::parse("192.0.2.1:2");
  auto c = *SocketAddress::parse("[::ffff:192.0.2.1]:1");
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);  // an IPv4-mapped IPv6 address is a different address family
  EXPECT_LT(a, b);
  b.set_port(1);
  EXPECT_EQ(a, b);
  std::unordered_set<SocketAddress> set{a, b, c};
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(SocketAddress().to_string(), "0.0.0.0:0");
}

}  // namespace
}  // namespace rtc
