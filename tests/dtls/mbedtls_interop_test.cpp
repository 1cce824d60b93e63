// Interop with mbedTLS's own DTLS 1.2 (mbedtls_ssl_*, via the mbedtls_peer program), in both
// roles, on loopback UDP: cookie exchange, mutual certificates, extended master secret,
// use_srtp with the AES-CM profiles (all that mbedTLS 2.28 implements), equal exporter output,
// application data both ways and close_notify.
#include <algorithm>

#include "child_process.hpp"
#include "rtc/common/encoding.hpp"
#include "udp_driver.hpp"

namespace rtc::dtls {
namespace {

using namespace std::chrono_literals;
using test::ChildProcess;
using test::TempFiles;

std::string upper_hex(BytesView b) {
  std::string h = to_hex(b);
  for (auto& c : h) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return h;
}

// mbedTLS spells suites with dashes: "TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256". It prefers
// ChaCha20-Poly1305 when it chooses (as server), so both suites meet it here.
std::string mbedtls_name(CipherSuite suite) {
  std::string name = to_string(suite);
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

class MbedTlsInterop : public ::testing::TestWithParam<SrtpProfileId> {};

TEST_P(MbedTlsInterop, OurClientAgainstMbedTlsServer) {
  TempFiles tmp;
  const auto peer = test::identity(2);
  const std::string cert = tmp.write("cert.pem", peer->certificate.to_pem());
  const std::string key = tmp.write("key.pem", peer->key.to_pem().value());
  const int port = test::free_udp_port();
  ChildProcess server(RTC_MBEDTLS_PEER, {"server", std::to_string(port), cert, key},
                      tmp.path("out.txt"));
  ASSERT_TRUE(server.wait_for("READY")) << server.output();
  Config config = test::make_config(Role::client, 0, 2);
  config.srtp_profiles = {GetParam()};
  config.retransmit_initial = 200ms;
  SeededRandom random(11);
  DtlsEndpoint ours(config, random);
  test::UdpSocket sock;
  sock.connect_to(port);
  test::Collected events;
  ours.start(now_steady());
  test::drive(ours, sock, events, [&] { return events.connected || events.failed; }, 10s);
  ASSERT_TRUE(events.connected) << (events.failed ? events.failed->error.to_string() : "timeout")
                                << "\n"
                                << server.output();
  ASSERT_TRUE(server.wait_for("EKM ")) << server.output();
  EXPECT_NE(server.output().find("HELLO_VERIFY_REQUEST sent"), std::string::npos);
  EXPECT_EQ(server.value_after("CIPHER "), mbedtls_name(events.connected->cipher_suite));
  EXPECT_EQ(server.value_after("SRTP "), std::to_string(static_cast<int>(GetParam())));
  EXPECT_EQ(events.connected->srtp_profile, GetParam());
  EXPECT_EQ(server.value_after("EKM "),
            upper_hex(ours.export_keying_material("EXTRACTOR-dtls_srtp", 60).value()));
  ASSERT_TRUE(ours.send(as_bytes("ping from rtc")));
  test::drive(ours, sock, events, [&] { return events.closed; }, 5s);
  EXPECT_TRUE(server.wait_for("DONE")) << server.output();
  EXPECT_EQ(server.value_after("RECV "), "ping from rtc");
  ASSERT_FALSE(events.data.empty());
  EXPECT_EQ(as_string_view(events.data[0]), "pong from mbedtls");
  EXPECT_TRUE(events.closed) << "mbedTLS sent close_notify";
}

TEST_P(MbedTlsInterop, MbedTlsClientAgainstOurServer) {
  TempFiles tmp;
  const auto peer = test::identity(2);
  const std::string cert = tmp.write("cert.pem", peer->certificate.to_pem());
  const std::string key = tmp.write("key.pem", peer->key.to_pem().value());
  test::UdpSocket sock;
  Config config = test::make_config(Role::server, 0, 2);
  config.srtp_profiles = {GetParam()};
  SeededRandom random(12);
  DtlsEndpoint ours(config, random);
  ours.start(now_steady());
  ChildProcess client(RTC_MBEDTLS_PEER, {"client", std::to_string(sock.port()), cert, key},
                      tmp.path("out.txt"));
  test::Collected events;
  test::drive(ours, sock, events, [&] { return !events.data.empty() || events.failed; }, 10s);
  ASSERT_TRUE(events.connected) << (events.failed ? events.failed->error.to_string() : "timeout")
                                << "\n"
                                << client.output();
  ASSERT_FALSE(events.data.empty());
  EXPECT_EQ(as_string_view(events.data[0]), "ping from mbedtls");
  ASSERT_TRUE(ours.send(as_bytes("pong from rtc")));
  test::drive(ours, sock, events, [&] { return events.closed; }, 5s);
  ASSERT_TRUE(client.wait_for("DONE")) << client.output();
  EXPECT_EQ(client.value_after("CIPHER "), mbedtls_name(events.connected->cipher_suite));
  EXPECT_EQ(client.value_after("SRTP "), std::to_string(static_cast<int>(GetParam())));
  EXPECT_EQ(client.value_after("EKM "),
            upper_hex(ours.export_keying_material("EXTRACTOR-dtls_srtp", 60).value()));
  EXPECT_EQ(client.value_after("RECV "), "pong from rtc");
  EXPECT_TRUE(events.closed);
}

INSTANTIATE_TEST_SUITE_P(Rfc5764, MbedTlsInterop,
                         ::testing::Values(SrtpProfileId::aes128_cm_hmac_sha1_80,
                                           SrtpProfileId::aes128_cm_hmac_sha1_32),
                         [](const auto& info) {
                           return std::string(srtp_profile_info(info.param).name).substr(5);
                         });

}  // namespace
}  // namespace rtc::dtls
