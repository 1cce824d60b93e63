// The DTLS 1.2 handshake between two of our endpoints, in memory (RFC 6347 §4.2, RFC 5246 §7).
#include <gtest/gtest.h>

#include "dtls_test_support.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/dtls/prf.hpp"

namespace rtc::dtls {
namespace {

using test::make_config;
using test::Pair;

TEST(Rfc6347_4_2, HandshakeCompletesWithCookieExchange) {
  CollectingTraceSink trace;
  Config client = make_config(Role::client, 0, 1);
  Config server = make_config(Role::server, 1, 0);
  client.trace = &trace;
  Pair p(client, server);
  p.start();
  ASSERT_TRUE(p.run()) << (p.client_events.failed ? p.client_events.failed->error.to_string()
                                                  : std::string())
                       << (p.server_events.failed ? p.server_events.failed->error.to_string()
                                                  : std::string());
  const Connected& c = *p.client_events.connected;
  const Connected& s = *p.server_events.connected;
  EXPECT_EQ(c.cipher_suite, CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256);
  EXPECT_EQ(c.srtp_profile, SrtpProfileId::aead_aes_128_gcm);
  EXPECT_EQ(s.srtp_profile, SrtpProfileId::aead_aes_128_gcm);
  EXPECT_EQ(c.group, crypto::NamedGroup::x25519);
  EXPECT_EQ(c.keying_material.size(), 56u);
  EXPECT_EQ(c.keying_material, s.keying_material);
  EXPECT_EQ(p.client.export_keying_material("EXTRACTOR-dtls_srtp", 60).value(),
            p.server.export_keying_material("EXTRACTOR-dtls_srtp", 60).value());
  EXPECT_EQ(c.peer_certificate, Bytes(test::identity(1)->certificate.der().begin(),
                                      test::identity(1)->certificate.der().end()));
  // Flights 1..6: 1, 3 and 5 from the client; HVR, 4 and 6 from the server.
  std::vector<std::string> flights;
  for (const auto& e : trace.events) {
    if (e.summary.rfind("flight", 0) == 0) flights.push_back(e.summary.substr(0, 8));
  }
  EXPECT_EQ(flights, (std::vector<std::string>{"flight 1", "flight 3", "flight 5"}));

  ASSERT_TRUE(p.client.send(as_bytes("hello server")));
  ASSERT_TRUE(p.server.send(as_bytes("hello client")));
  p.pump_once();
  ASSERT_EQ(p.server_events.data.size(), 1u);
  EXPECT_EQ(as_string_view(p.server_events.data[0]), "hello server");
  ASSERT_EQ(p.client_events.data.size(), 1u);
  EXPECT_EQ(as_string_view(p.client_events.data[0]), "hello client");

  p.client.close(p.clock.now());
  p.pump_once();
  EXPECT_TRUE(p.server_events.closed);
  EXPECT_EQ(p.server.state(), State::closed);
}

TEST(Rfc6347_4_2_1, HandshakeWithoutCookieAndP256) {
  Config client = make_config(Role::client, 0, 1);
  Config server = make_config(Role::server, 1, 0);
  server.require_cookie = false;
  client.groups = {crypto::NamedGroup::secp256r1};
  client.srtp_profiles = {SrtpProfileId::aes128_cm_hmac_sha1_80};
  Pair p(client, server);
  p.start();
  ASSERT_TRUE(p.run());
  EXPECT_EQ(p.client_events.connected->group, crypto::NamedGroup::secp256r1);
  EXPECT_EQ(p.client_events.connected->srtp_profile, SrtpProfileId::aes128_cm_hmac_sha1_80);
  EXPECT_EQ(p.client_events.connected->keying_material.size(), 60u);
  EXPECT_EQ(p.client_events.connected->keying_material, p.server_events.connected->keying_material);
}

// RFC 7905: a client that offers only ChaCha20-Poly1305 gets it, and application data flows.
TEST(Rfc7905_2, HandshakeWithChaCha20Poly1305) {
  Config client = make_config(Role::client, 0, 1);
  Config server = make_config(Role::server, 1, 0);
  client.cipher_suites = {CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256};
  Pair p(client, server);
  p.start();
  ASSERT_TRUE(p.run()) << (p.client_events.failed ? p.client_events.failed->error.to_string()
                                                  : std::string())
                       << (p.server_events.failed ? p.server_events.failed->error.to_string()
                                                  : std::string());
  EXPECT_EQ(p.client_events.connected->cipher_suite,
            CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256);
  EXPECT_EQ(p.server_events.connected->cipher_suite,
            CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256);
  EXPECT_EQ(p.client_events.connected->keying_material, p.server_events.connected->keying_material);
  ASSERT_TRUE(p.client.send(as_bytes("hello server")));
  ASSERT_TRUE(p.server.send(as_bytes("hello client")));
  p.pump_once();
  ASSERT_EQ(p.server_events.data.size(), 1u);
  EXPECT_EQ(as_string_view(p.server_events.data[0]), "hello server");
  ASSERT_EQ(p.client_events.data.size(), 1u);
  EXPECT_EQ(as_string_view(p.client_events.data[0]), "hello client");
}

// RFC 5246 §7.4.1.2: the server follows the client's order. Ours offers GCM first (as browsers
// do) and gets it; a client that puts ChaCha20 first gets ChaCha20; a server restricted to one
// suite picks that one from anywhere in the client's list.
TEST(Rfc5246_7_4_1_2, CipherSuiteFollowsClientPreference) {
  struct Case {
    std::vector<CipherSuite> client, server;
    CipherSuite expected;
  };
  const auto gcm = CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256;
  const auto chacha = CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256;
  EXPECT_EQ(default_cipher_suites(), (std::vector<CipherSuite>{gcm, chacha}));
  for (const Case& c :
       {Case{default_cipher_suites(), default_cipher_suites(), gcm},
        Case{{chacha, gcm}, default_cipher_suites(), chacha},
        Case{default_cipher_suites(), {chacha}, chacha}, Case{{chacha, gcm}, {gcm}, gcm}}) {
    Config client = make_config(Role::client, 0, 1);
    Config server = make_config(Role::server, 1, 0);
    client.cipher_suites = c.client;
    server.cipher_suites = c.server;
    Pair p(client, server);
    p.start();
    ASSERT_TRUE(p.run());
    EXPECT_EQ(p.client_events.connected->cipher_suite, c.expected);
    EXPECT_EQ(p.server_events.connected->cipher_suite, c.expected);
  }
}

TEST(Rfc5246_7_4_1_3, NoCommonCipherSuiteFails) {
  Config client = make_config(Role::client, 0, 1);
  Config server = make_config(Role::server, 1, 0);
  client.cipher_suites = {CipherSuite::ecdhe_ecdsa_chacha20_poly1305_sha256};
  server.cipher_suites = {CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256};
  Pair p(client, server);
  p.start();
  ASSERT_FALSE(p.run());
  ASSERT_TRUE(p.server_events.failed);
  EXPECT_EQ(p.server_events.failed->alert, Alert::handshake_failure);
}

}  // namespace
}  // namespace rtc::dtls
