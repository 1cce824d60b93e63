// ICE candidates: RFC 8839 §5.1 grammar, the extensions browsers add, mDNS host names, and
// trickled candidate strings (RFC 8840 §4.1).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rtc/sdp/parser.hpp"
#include "rtc/sdp/serializer.hpp"

namespace {

using namespace rtc::sdp;

Candidate must_parse(const std::string& text) {
  auto c = parse_candidate(text);
  EXPECT_TRUE(c) << text << ": " << c.error().to_string();
  return c ? *c : Candidate{};
}

TEST(Rfc8839_5_1, HostCandidateFields) {
  const auto c = must_parse("candidate:1467250027 1 udp 2122260223 192.0.2.2 46243 typ host");
  EXPECT_EQ(c.foundation, "1467250027");
  EXPECT_EQ(c.component, 1u);
  EXPECT_EQ(c.transport, "udp");
  EXPECT_EQ(c.priority, 2122260223u);
  EXPECT_EQ(c.address, "192.0.2.2");
  EXPECT_EQ(c.port, 46243);
  EXPECT_EQ(c.type, "host");
  EXPECT_FALSE(c.related_address);
  EXPECT_FALSE(c.related_port);
  EXPECT_TRUE(c.extensions.empty());
  EXPECT_FALSE(c.is_mdns());
  EXPECT_EQ(c.to_string(), "1467250027 1 udp 2122260223 192.0.2.2 46243 typ host");
}

TEST(Rfc8839_5_1, ServerReflexiveWithRelatedAddress) {
  const std::string text =
      "842163049 1 udp 1686052607 203.0.113.41 50318 typ srflx raddr 192.168.1.23 rport 52113";
  const auto c = must_parse(text);
  EXPECT_EQ(c.type, "srflx");
  EXPECT_EQ(c.related_address, "192.168.1.23");
  EXPECT_EQ(c.related_port, 52113);
  EXPECT_EQ(c.to_string(), text);
}

TEST(Rfc8839_5_1, RelayCandidateOverTcp) {
  const auto c = must_parse(
      "candidate:1954812760 1 tcp 25108223 192.0.2.250 443 typ relay raddr 203.0.113.41 rport "
      "50331 generation 0");
  EXPECT_EQ(c.transport, "tcp");
  EXPECT_EQ(c.type, "relay");
  EXPECT_EQ(c.extension("generation"), "0");
}

TEST(Rfc8839_5_1, ChromiumExtensionsKeepTheirOrder) {
  const std::string text =
      "1607659776 1 udp 2122194687 127.0.0.1 54893 typ host generation 0 ufrag tOQj network-id 3 "
      "network-cost 50";
  const auto c = must_parse("candidate:" + text);
  ASSERT_EQ(c.extensions.size(), 4u);
  const std::vector<CandidateExtensions::Pair> pairs(c.extensions.begin(), c.extensions.end());
  EXPECT_EQ(
      pairs,
      (std::vector<CandidateExtensions::Pair>{
          {"generation", "0"}, {"ufrag", "tOQj"}, {"network-id", "3"}, {"network-cost", "50"}}));
  EXPECT_EQ(c.extensions.text(), "generation 0 ufrag tOQj network-id 3 network-cost 50");
  EXPECT_EQ(c.extension("network-id"), "3");
  EXPECT_EQ(c.extension("network-cost"), "50");
  EXPECT_FALSE(c.extension("tcptype"));
  EXPECT_EQ(c.to_string(), text);
}

TEST(Rfc6544_4_5, TcpTypeExtension) {
  for (const char* tcptype : {"active", "passive", "so"}) {
    const auto c = must_parse(
        std::string("candidate:2 1 TCP 2105458943 192.0.2.2 9 typ host tcptype ") + tcptype);
    EXPECT_EQ(c.extension("tcptype"), tcptype);
  }
}

TEST(Rfc8839_5_1, CandidateWithMdnsAddress) {
  // draft-ietf-mmusic-mdns-ice-candidates: the host's IP is replaced by a random .local name.
  const auto c = must_parse(
      "candidate:509301158 1 udp 2113937151 2b0213a1-dd86-445f-82b1-ae840b204e22.local 51912 typ "
      "host generation 0 network-cost 999");
  EXPECT_TRUE(c.is_mdns());
  EXPECT_EQ(c.address, "2b0213a1-dd86-445f-82b1-ae840b204e22.local");
  Candidate upper = c;
  upper.address = "2B0213A1-DD86-445F-82B1-AE840B204E22.LOCAL";
  EXPECT_TRUE(upper.is_mdns());  // DNS names compare case-insensitively
  Candidate bare = c;
  bare.address = ".local";
  EXPECT_FALSE(bare.is_mdns());
}

TEST(Rfc8839_5_1, CandidateWithIpv6Address) {
  const auto c = must_parse(
      "candidate:1019216383 1 udp 1686055167 2001:db8:5c1e:4a00::41 50320 typ srflx raddr "
      "2001:db8:5c1e:4a00::23 rport 50318 generation 0");
  EXPECT_EQ(c.address, "2001:db8:5c1e:4a00::41");
  EXPECT_EQ(c.related_address, "2001:db8:5c1e:4a00::23");
}

TEST(Rfc8839_5_1, FirefoxCandidateWithUpperCaseTransportAndRtcpComponent) {
  const auto c = must_parse("candidate:0 2 UDP 2122187006 192.0.2.2 57873 typ host");
  EXPECT_EQ(c.component, 2u);
  EXPECT_EQ(c.transport, "UDP");
}

TEST(Rfc8840_4_1, TrickledCandidateWithOrWithoutPrefixes) {
  const std::string value = "1 1 udp 2122262783 2001:db8::15 50123 typ host generation 0";
  const auto bare = must_parse(value);
  EXPECT_EQ(must_parse("candidate:" + value), bare);
  EXPECT_EQ(must_parse("a=candidate:" + value), bare);
  EXPECT_EQ(must_parse("a=candidate:" + value + "\r\n"), bare);
}

TEST(Rfc8839_5_1, CandidateInsideAnSdpIsTyped) {
  auto s = parse(
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
      "c=IN IP4 0.0.0.0\r\n"
      "a=candidate:1 1 udp 2122262783 192.0.2.1 50123 typ host generation 0 network-id 1\r\n"
      "a=end-of-candidates\r\n",
      {.strict = true});
  ASSERT_TRUE(s) << s.error().to_string();
  const auto candidates = s->media[0].find_all<Candidate>();
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0]->port, 50123);
  EXPECT_TRUE(s->media[0].has<EndOfCandidates>());
}

TEST(Rfc8839_5_1, MalformedCandidatesSayWhere) {
  struct Case {
    const char* text;
    std::size_t column;
  };
  for (const Case& c : {
           Case{"candidate:1 1 udp 1 192.0.2.1 9 host", 32},                 // "typ" missing
           Case{"candidate:1 x udp 1 192.0.2.1 9 typ host", 13},             // component
           Case{"candidate:1 1 udp 99999999999 192.0.2.1 9 typ host", 19},   // priority > 32 bits
           Case{"candidate:1 1 udp 1 192.0.2.1 70000 typ host", 31},         // port
           Case{"candidate:1 1 udp 1 192.0.2.1 9 typ host generation", 42},  // name, no value
           Case{"candidate:1 1 udp 1 192.0.2.1 9 typ srflx raddr", 43},      // raddr, no value
           Case{"candidate:1 1 udp", 18},
           Case{"candidate:", 11},
       }) {
    SCOPED_TRACE(c.text);
    auto r = parse_candidate(c.text);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().line, 1u);
    EXPECT_EQ(r.error().column, c.column) << r.error().to_string();
  }
}

TEST(Rfc8839_5_1, NonCanonicalCandidateInSdpStaysVerbatim) {
  // Valid, but "01" would be written back as "1": the line is kept as it was written.
  const std::string text =
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
      "a=candidate:1 01 udp 1 192.0.2.1 9 typ host\r\n"
      "a=candidate:1 1 udp 1 192.0.2.1 9 typ host  generation 0\r\n";
  auto s = parse(text);
  ASSERT_TRUE(s);
  for (const auto& a : s->media[0].attributes) {
    EXPECT_TRUE(std::holds_alternative<GenericAttribute>(a));
  }
  EXPECT_EQ(serialize(*s), text);
  // A trickled candidate has no line to keep: it is read, leading zero and all.
  EXPECT_EQ(must_parse("candidate:1 01 udp 1 192.0.2.1 9 typ host").component, 1u);
}

TEST(Rfc8839_5_1, UnusualOrderOfRelatedFieldsRoundTrips) {
  // rport before raddr is not what RFC 8839 writes, but the grammar's extension rule accepts
  // it ("raddr" then reads as an extension name), and the bytes come back the same.
  const std::string text = "1 1 udp 1 192.0.2.1 9 typ srflx rport 7 raddr 192.0.2.9";
  const auto c = must_parse(text);
  EXPECT_EQ(c.related_port, 7);
  EXPECT_FALSE(c.related_address);
  EXPECT_EQ(c.extension("raddr"), "192.0.2.9");
  EXPECT_EQ(c.to_string(), text);
}

TEST(Rfc8839_5_1, ManyExtensions) {
  std::string text = "1 1 udp 1 192.0.2.1 9 typ host";
  for (int i = 0; i < 40; ++i) text += " x" + std::to_string(i) + " " + std::to_string(i);
  const auto c = must_parse(text);
  ASSERT_EQ(c.extensions.size(), 40u);
  EXPECT_EQ(c.extension("x39"), "39");
  EXPECT_EQ(c.to_string(), text);
}

TEST(Rfc8839_5_1, ExtensionsAreBuiltPairByPair) {
  Candidate c = must_parse("1 1 udp 1 192.0.2.1 9 typ host");
  EXPECT_TRUE(c.extensions.empty());
  EXPECT_EQ(c.extensions.size(), 0u);
  EXPECT_EQ(c.extensions.begin(), c.extensions.end());
  EXPECT_TRUE(c.extensions.add("generation", "0"));
  EXPECT_TRUE(c.extensions.add("ufrag", "EsAw"));
  // Words of visible characters only: anything else would break the line.
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"", "1"},
                                                        {"x", ""},
                                                        {"a b", "1"},
                                                        {"x", "1 2"},
                                                        {"x", "1\r\n"},
                                                        {"x\t", "1"},
                                                        {"x", std::string(1, '\0')},
                                                        {"x", "\x7f"}}) {
    EXPECT_FALSE(c.extensions.add(name, value)) << name << "=" << value;
  }
  EXPECT_EQ(c.extensions.size(), 2u);
  EXPECT_EQ(c.extension("ufrag"), "EsAw");
  EXPECT_EQ(c.to_string(), "1 1 udp 1 192.0.2.1 9 typ host generation 0 ufrag EsAw");
  EXPECT_EQ(must_parse(c.to_string()), c);
  c.extensions.clear();
  EXPECT_EQ(c.to_string(), "1 1 udp 1 192.0.2.1 9 typ host");
}

// Extensions are checked 64 bytes at a time (candidate.cpp, are_pairs): an empty word or an odd
// count of words is refused wherever it falls in a long list of pairs, in a trickled candidate
// (strict) and in an SDP (lenient: the line is then kept verbatim), and a good list anywhere
// gives back its pairs.
TEST(Rfc8839_5_1, ExtensionPairsAreCheckedAtEveryPosition) {
  const std::string head = "1 1 udp 1 192.0.2.1 9 typ host";
  auto split = [](const std::string& text) {  // the pairs, one word at a time
    std::vector<CandidateExtensions::Pair> out;
    std::string_view rest = text;
    while (!rest.empty()) {
      const auto name_end = rest.find(' ');
      const auto value_end = std::min(rest.find(' ', name_end + 1), rest.size());
      out.push_back(
          {rest.substr(0, name_end), rest.substr(name_end + 1, value_end - name_end - 1)});
      rest.remove_prefix(std::min(value_end + 1, rest.size()));
    }
    return out;
  };
  auto in_sdp = [](const std::string& value) {
    return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
           "a=candidate:" +
           value + "\r\na=rtcp-mux\r\n";
  };
  auto expect = [&](const std::string& extensions, bool good) {
    SCOPED_TRACE("extensions \"" + extensions + "\"");
    const std::string value = head + " " + extensions;
    const auto trickled = parse_candidate(value);
    ASSERT_EQ(static_cast<bool>(trickled), good);
    const auto s = parse(in_sdp(value));
    ASSERT_TRUE(s) << s.error().to_string();
    const Candidate* typed = s->media[0].find<Candidate>();
    ASSERT_EQ(typed != nullptr, good);
    if (!good) return;
    const std::vector<CandidateExtensions::Pair> expected = split(extensions);
    for (const Candidate* c : {&*trickled, typed}) {
      EXPECT_EQ(std::vector<CandidateExtensions::Pair>(c->extensions.begin(), c->extensions.end()),
                expected);
      EXPECT_EQ(c->extensions.size(), expected.size());
      EXPECT_EQ(c->to_string(), value);
    }
  };
  // 200 bytes of pairs: several windows. The first name is `shift` bytes longer in each round,
  // so that spaces fall on every side of the windows' edges.
  for (std::size_t shift = 0; shift < 8; ++shift) {
    std::string pairs = "n" + std::string(shift, 'x');
    for (int i = 0; pairs.size() < 200; ++i) {
      pairs += (i == 0 ? "" : " n") + std::to_string(i) + " v" + std::to_string(i * 7);
    }
    for (std::size_t cut = 1; cut <= pairs.size(); ++cut) {
      const std::string prefix = pairs.substr(0, cut);
      // Cut inside or after a value (an odd count of spaces before the cut): pairs, the last
      // value shorter. Inside or after a name: a name without a value.
      if (prefix.back() != ' ') expect(prefix, std::ranges::count(prefix, ' ') % 2 == 1);
    }
    for (std::size_t at = 0; at <= pairs.size(); ++at) {
      std::string doubled = pairs;
      doubled.insert(at, " ");
      expect(doubled, false);  // an odd count of words
      // Next to a space or at either end, the new space also leaves an empty word: refused
      // with an even count of words too.
      if (at == 0 || at == pairs.size() || pairs[at - 1] == ' ' || pairs[at] == ' ') {
        expect(doubled + " z", false);
      }
    }
    expect(pairs + " x ", false);  // a trailing space, with an odd count of spaces
    expect(pairs, true);
  }
}

TEST(Rfc8839_5_1, MalformedExtensionsSayWhere) {
  struct Case {
    const char* extensions;
    std::size_t offset;  // of the pair at fault, in `extensions`
  };
  for (const Case& c : {
           Case{"generation", 0},
           Case{"generation 0 ufrag", 13},
           Case{"generation  0", 0},
           Case{"generation 0  ufrag x", 13},
           Case{"generation 0 ", 13},
       }) {
    SCOPED_TRACE(c.extensions);
    const std::string prefix = "candidate:1 1 udp 1 192.0.2.1 9 typ host ";
    auto r = parse_candidate(prefix + c.extensions);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().column, prefix.size() + c.offset + 1) << r.error().to_string();
  }
  // Strict parsing (a trickled candidate) also wants a token for a name.
  auto r = parse_candidate("candidate:1 1 udp 1 192.0.2.1 9 typ host gen(eration) 0");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find("token"), std::string::npos) << r.error().to_string();
}

}  // namespace
