// Candidate priorities (RFC 8445 §5.1.2), local preferences (RFC 8421 §4), foundations
// (§5.1.1.3), pair priorities (§6.1.2.3) and candidate lines (RFC 8839 §5.1), checked against
// hand-computed numbers and against the candidate lines of real Chromium and Firefox SDPs in
// tests/sdp/corpus/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "internal.hpp"
#include "rtc/ice/candidate.hpp"

namespace rtc::ice {
namespace {

TEST(Rfc8445_5_1_2_1, PriorityFormulaHandComputed) {
  // (2^24)*126 + (2^8)*65535 + (256 - 1) = 2113929216 + 16776960 + 255
  EXPECT_EQ(compute_priority(126, 65535, 1), 2130706431u);
  // (2^24)*100 + (2^8)*65535 + 254: srflx, component 2
  EXPECT_EQ(compute_priority(100, 65535, 2), 1694498814u);
  // relay, local preference 0, component 1
  EXPECT_EQ(compute_priority(0, 0, 1), 255u);
  // prflx 110, local preference 0x7F1E
  EXPECT_EQ(compute_priority(110, 0x7F1E, 1), 110u * 16777216u + 0x7F1Eu * 256u + 255u);
}

TEST(Rfc8445_5_1_2_2, RecommendedTypePreferences) {
  TypePreferences p;
  EXPECT_EQ(p.of(CandidateType::host), 126);
  EXPECT_EQ(p.of(CandidateType::peer_reflexive), 110);
  EXPECT_EQ(p.of(CandidateType::server_reflexive), 100);
  EXPECT_EQ(p.of(CandidateType::relayed), 0);
  // §5.1.2.1: prflx above srflx, host above both, so checks try direct paths first.
  EXPECT_GT(compute_priority(p.host, 0, 1), compute_priority(p.peer_reflexive, 65535, 1));
}

TEST(Rfc8421_4, LocalPreferenceInterleavesFamilies) {
  const auto v6_0 = local_preference(AddressFamily::ipv6, 0);
  const auto v4_0 = local_preference(AddressFamily::ipv4, 0);
  const auto v6_1 = local_preference(AddressFamily::ipv6, 1);
  const auto v4_1 = local_preference(AddressFamily::ipv4, 1);
  EXPECT_GT(v6_0, v4_0);
  EXPECT_GT(v4_0, v6_1);
  EXPECT_GT(v6_1, v4_1);
  EXPECT_EQ(v6_0, 0x7F3C);  // what Chromium gives ::1 (its line decodes to 32572)
  EXPECT_EQ(v4_0, 0x7F1E);
  EXPECT_EQ(local_preference(AddressFamily::ipv4, 1000), 0x001E);  // clamped, never wraps
}

TEST(Rfc8445_5_1_2_1, OurHostPriorityForChromiumLoopbackV6) {
  // Chromium: "a=candidate:1325327240 1 udp 2122267903 ::1 44571 typ host"
  EXPECT_EQ(compute_priority(126, local_preference(AddressFamily::ipv6, 0), 1), 2122267903u);
}

struct Line {
  std::string file;
  std::string text;
};

std::vector<Line> corpus_candidate_lines(const std::string& browser) {
  std::vector<Line> out;
  const std::filesystem::path dir =
      std::filesystem::path(RTC_TEST_DATA_DIR) / "sdp" / "corpus" / browser;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".sdp") continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.starts_with("a=candidate:")) out.push_back({entry.path().filename().string(), line});
    }
  }
  return out;
}

// Every UDP candidate line that Chromium and Firefox wrote decomposes into the §5.1.2.1 formula:
// the type preference is the recommended one for its type (Chromium hides mDNS hosts at a
// lower "network-cost" preference), the component is 256 - low byte, and recomposing the three
// parts gives back the browser's number.
void check_browser(const std::string& browser, std::size_t& checked) {
  for (const auto& line : corpus_candidate_lines(browser)) {
    auto c = Candidate::parse(line.text);
    if (!c) {
      EXPECT_EQ(c.error().code, Errc::unsupported) << line.file << ": " << line.text;  // tcp
      continue;
    }
    const std::uint8_t type_pref = static_cast<std::uint8_t>(c->priority >> 24);
    const std::uint16_t local_pref = static_cast<std::uint16_t>((c->priority >> 8) & 0xFFFF);
    const std::uint16_t component = static_cast<std::uint16_t>(256 - (c->priority & 0xFF));
    EXPECT_EQ(component, c->component) << line.text;
    EXPECT_EQ(compute_priority(type_pref, local_pref, component), c->priority) << line.text;
    if (c->type == CandidateType::host) {
      EXPECT_EQ(type_pref, 126) << line.file << ": " << line.text;
    }
    // Round trip through our SDP form: same priority, address and type.
    auto again = Candidate::parse(c->to_string());
    ASSERT_TRUE(again.has_value()) << c->to_string();
    EXPECT_EQ(again->priority, c->priority);
    EXPECT_EQ(again->address, c->address);
    EXPECT_EQ(again->mdns_name, c->mdns_name);
    ++checked;
  }
}

TEST(Rfc8445_5_1_2_1, ChromiumCandidateLines) {
  std::size_t checked = 0;
  check_browser("chromium", checked);
  EXPECT_GT(checked, 5u);
  // Two lines by hand: 127.0.0.1 gets local preference 0x7E1E (adapter 126, IPv4 30), ::1
  // gets 0x7F3C (adapter 127, IPv6 60).
  EXPECT_EQ(compute_priority(126, 0x7E1E, 1), 2122194687u);
  EXPECT_EQ(compute_priority(126, 0x7F3C, 1), 2122267903u);
}

TEST(Rfc8445_5_1_2_1, FirefoxCandidateLines) {
  std::size_t checked = 0;
  check_browser("firefox", checked);
  EXPECT_GT(checked, 5u);
  // Firefox: 192.0.2.2 component 1 = 2122187007 (local preference 0x7E00), component 2 one less.
  EXPECT_EQ(compute_priority(126, 0x7E00, 1), 2122187007u);
  EXPECT_EQ(compute_priority(126, 0x7E00, 2), 2122187006u);
  EXPECT_EQ(compute_priority(126, 0x7F00, 1), 2122252543u);  // fd00::2: IPv6 ranked first
}

TEST(Rfc8445_6_1_2_3, PairPriorityHandComputed) {
  const std::uint32_t g = 2130706431, d = 1694498815;
  // 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)
  EXPECT_EQ(detail::pair_priority(g, d), (std::uint64_t{d} << 32) + 2 * std::uint64_t{g} + 1);
  EXPECT_EQ(detail::pair_priority(d, g), (std::uint64_t{d} << 32) + 2 * std::uint64_t{g});
  // Both sides compute the same number for the same pair once they agree on roles.
  EXPECT_NE(detail::pair_priority(g, d), detail::pair_priority(d, g));
  EXPECT_EQ(detail::pair_priority(5, 5), (std::uint64_t{5} << 32) + 10);
}

TEST(Rfc8445_5_1_1_3, Foundations) {
  auto base = SocketAddress::parse("192.168.1.2:5000").value();
  auto other_port = SocketAddress::parse("192.168.1.2:6000").value();
  auto other_ip = SocketAddress::parse("192.168.1.3:5000").value();
  auto stun1 = SocketAddress::parse("192.0.2.10:3478").value();
  auto stun2 = SocketAddress::parse("192.0.2.11:3478").value();
  const auto host = compute_foundation(CandidateType::host, base, std::nullopt);
  EXPECT_EQ(host, compute_foundation(CandidateType::host, other_port, std::nullopt));  // IP only
  EXPECT_NE(host, compute_foundation(CandidateType::host, other_ip, std::nullopt));
  EXPECT_NE(host, compute_foundation(CandidateType::server_reflexive, base, stun1));
  EXPECT_NE(compute_foundation(CandidateType::server_reflexive, base, stun1),
            compute_foundation(CandidateType::server_reflexive, base, stun2));
  EXPECT_LE(host.size(), 10u);  // short decimal (ice-char, RFC 8839 §5.1: 1*32)
  EXPECT_EQ(host.find_first_not_of("0123456789"), std::string::npos);
}

TEST(Rfc8839_5_1, CandidateLinesBothWays) {
  auto c = Candidate::parse(
      "candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.0.5 rport "
      "61665 generation 0 ufrag EsAw network-cost 999");
  ASSERT_TRUE(c.has_value()) << c.error().to_string();
  EXPECT_EQ(c->type, CandidateType::server_reflexive);
  EXPECT_EQ(c->address, SocketAddress::parse("203.0.113.7:61665").value());
  EXPECT_EQ(c->related, SocketAddress::parse("10.0.0.5:61665").value());
  EXPECT_EQ(c->to_string(),
            "842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.0.5 rport 61665");
  EXPECT_EQ(c->describe(), "srflx 203.0.113.7:61665 prio 1677729535");

  auto tcp = Candidate::parse("candidate:1 1 tcp 1518214911 127.0.0.1 9 typ host tcptype active");
  ASSERT_FALSE(tcp.has_value());
  EXPECT_EQ(tcp.error().code, Errc::unsupported);

  auto mdns = Candidate::parse(
      "a=candidate:509301158 1 udp 2113937151 2b0213a1-dd86-445f-82b1-ae840b204e22.local 51912 "
      "typ host generation 0 network-cost 999");
  ASSERT_TRUE(mdns.has_value());
  EXPECT_TRUE(mdns->is_mdns());
  EXPECT_TRUE(mdns->address.is_unspecified());
  EXPECT_EQ(mdns->address.port(), 51912);
  EXPECT_EQ(mdns->to_string(),
            "509301158 1 udp 2113937151 2b0213a1-dd86-445f-82b1-ae840b204e22.local 51912 typ host");

  auto v6 = Candidate::parse("candidate:1 1 UDP 2122252543 fd00::2 42424 typ host");
  ASSERT_TRUE(v6.has_value());
  EXPECT_TRUE(v6->address.is_ipv6());
  EXPECT_FALSE(Candidate::parse("candidate:1 1 udp 1 1.2.3.4 5 typ bogus").has_value());
  EXPECT_FALSE(Candidate::parse("candidate:1 1 udp 1 not-an-ip 5 typ host").has_value());
  EXPECT_EQ(candidate_type_from_string("relay"), CandidateType::relayed);
  EXPECT_STREQ(to_string(CandidateType::peer_reflexive), "prflx");
}

}  // namespace
}  // namespace rtc::ice
