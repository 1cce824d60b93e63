// Bad input and attacks: garbage records, truncated and oversized fragments, a forged Finished,
// an unknown cipher suite, a ClientHello flood against the stateless cookie exchange, a wrong
// fingerprint; and Chromium's DTLS 1.3-capable ClientHello, fragmented across two datagrams
// (INTEROP-NOTES.md), which a 1.2 server must reassemble and answer with a 1.2 ServerHello.
#include <gtest/gtest.h>

#include "dtls_test_support.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/dtls/handshake_messages.hpp"
#include "rtc/dtls/prf.hpp"
#include "rtc/dtls/record.hpp"

namespace rtc::dtls {
namespace {

using test::make_config;
using test::Pair;

Bytes handshake_record(std::uint64_t record_seq, HandshakeType type, std::uint16_t msg_seq,
                       BytesView body, std::uint32_t offset, std::uint32_t frag_len,
                       std::uint32_t total_len) {
  ByteWriter frag;
  write_handshake_header(frag, HandshakeHeader{type, total_len, msg_seq, offset, frag_len});
  frag.bytes(body.subspan(offset, frag_len));
  ByteWriter rec;
  write_record(rec, RecordHeader{ContentType::handshake, kDtls12, 0, record_seq, 0}, frag.view());
  return rec.take();
}

// A ClientHello like Chromium's: offers DTLS 1.3 and 1.2, TLS 1.3 suites and GREASE, an
// X25519MLKEM768 key share (~1.2 KB), extensions we do not know, in a random order.
ClientHello chromium_like_hello(Random& random) {
  ClientHello ch;
  ch.random.resize(32);
  random.fill(ch.random);
  ch.cipher_suites = {0x2a2a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xcca9, 0xcca8,
                      0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
  ch.compression_methods = {0};
  Extensions& e = ch.extensions;
  e.extended_master_secret = true;
  e.renegotiation_info = Bytes{};
  e.supported_groups = std::vector<std::uint16_t>{0x11ec, 29, 23, 24};
  e.ec_point_formats = std::vector<std::uint8_t>{0};
  e.signature_algorithms = std::vector<std::uint16_t>{0x0403, 0x0804, 0x0401, 0x0503};
  e.use_srtp = UseSrtp{{0x0001, 0x0008, 0x0007}, {}};
  return ch;
}

Bytes with_unknown_extensions(const ClientHello& ch) {
  // Append supported_versions (43), key_share (51) with a 1216-byte share and a GREASE
  // extension, by re-encoding the extension block by hand.
  Bytes body = ch.encode();
  ByteReader r(body);
  // Skip to the extensions: version 2, random 32, sid, cookie, suites, compression.
  std::size_t at = 2 + 32;
  at += 1 + body[at];
  at += 1 + body[at];
  at += 2 + load_be16(body, at);
  at += 1 + body[at];
  const std::size_t ext_len = load_be16(body, at);
  Bytes extra;
  ByteWriter w;
  w.u16(0x0a0a);  // GREASE
  w.u16(0);
  w.u16(43);  // supported_versions: DTLS 1.3 (0xfefc), DTLS 1.2
  w.u16(5);
  w.u8(4);
  w.u16(0xfefc);
  w.u16(0xfefd);
  w.u16(51);  // key_share: X25519MLKEM768 (0x11ec, 1216 bytes) and x25519 (32 bytes)
  w.u16(2 + 4 + 1216 + 4 + 32);
  w.u16(4 + 1216 + 4 + 32);
  w.u16(0x11ec);
  w.u16(1216);
  w.zeros(1216);
  w.u16(29);
  w.u16(32);
  w.zeros(32);
  extra = w.take();
  Bytes out(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(at));
  const std::size_t new_len = ext_len + extra.size();
  out.push_back(static_cast<std::uint8_t>(new_len >> 8));
  out.push_back(static_cast<std::uint8_t>(new_len));
  out.insert(out.end(), extra.begin(), extra.end());  // unknown ones first (random order)
  out.insert(out.end(), body.begin() + static_cast<std::ptrdiff_t>(at + 2), body.end());
  return out;
}

TEST(InteropChromium, FragmentedDtls13ClientHelloGetsDtls12ServerHello) {
  Config s = make_config(Role::server, 1, 0);
  s.require_cookie = false;  // Chromium is not seen getting HelloVerifyRequest
  SeededRandom random(3);
  DtlsEndpoint server(s, random);
  server.start(ManualClock().now());
  const Bytes body = with_unknown_extensions(chromium_like_hello(random));
  ASSERT_GT(body.size(), 1400u);
  auto parsed = ClientHello::parse(body);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  const auto n = static_cast<std::uint32_t>(body.size());
  // Second half first (reordering), then the first half.
  server.handle_receive(ManualClock().now(), handshake_record(1, HandshakeType::client_hello, 0,
                                                              body, 1100, n - 1100, n));
  EXPECT_FALSE(server.poll_transmit());
  server.handle_receive(ManualClock().now(),
                        handshake_record(0, HandshakeType::client_hello, 0, body, 0, 1100, n));
  auto reply = server.poll_transmit();
  ASSERT_TRUE(reply);
  auto records = parse_records(*reply);
  ASSERT_FALSE(records.empty());
  auto frags = parse_handshake_fragments(records[0].fragment);
  ASSERT_TRUE(frags);
  ASSERT_EQ((*frags)[0].header.type, HandshakeType::server_hello);
  auto sh = ServerHello::parse((*frags)[0].body);
  ASSERT_TRUE(sh);
  EXPECT_EQ(sh->server_version, kDtls12);
  EXPECT_EQ(sh->cipher_suite, 0xc02b);
  ASSERT_TRUE(sh->extensions.use_srtp);
  EXPECT_EQ(sh->extensions.use_srtp->profiles, std::vector<std::uint16_t>{0x0007});
  EXPECT_TRUE(sh->extensions.extended_master_secret);
  EXPECT_TRUE(sh->extensions.others.empty());
}

TEST(Rfc6347_4_2_1, ClientHelloFloodKeepsServerStateless) {
  Config s = make_config(Role::server, 1, 0);
  SeededRandom random(4);
  DtlsEndpoint server(s, random);
  server.start(ManualClock().now());
  for (int i = 0; i < 2000; ++i) {
    ClientHello ch = chromium_like_hello(random);
    const Bytes body = ch.encode();
    const auto n = static_cast<std::uint32_t>(body.size());
    server.handle_receive(ManualClock().now(),
                          handshake_record(static_cast<std::uint64_t>(i),
                                           HandshakeType::client_hello, 0, body, 0, n, n));
    auto reply = server.poll_transmit();
    ASSERT_TRUE(reply);
    auto records = parse_records(*reply);
    ASSERT_EQ(records.size(), 1u);
    // The HelloVerifyRequest reuses the ClientHello's record sequence number (§4.2.1).
    EXPECT_EQ(records[0].header.sequence, static_cast<std::uint64_t>(i));
    auto frags = parse_handshake_fragments(records[0].fragment);
    ASSERT_TRUE(frags);
    EXPECT_EQ((*frags)[0].header.type, HandshakeType::hello_verify_request);
  }
  EXPECT_EQ(server.state(), State::handshaking);  // still listening
  EXPECT_FALSE(server.poll_timeout()) << "a listening server arms no timer: it keeps no state";
  EXPECT_FALSE(server.poll_event());
}

TEST(Rfc5246_7_4_1_3, UnknownCipherSuiteFailsWithHandshakeFailure) {
  Config s = make_config(Role::server, 1, 0);
  s.require_cookie = false;
  SeededRandom random(5);
  DtlsEndpoint server(s, random);
  server.start(ManualClock().now());
  ClientHello ch = chromium_like_hello(random);
  ch.cipher_suites = {0xc02f, 0x1301};  // RSA and TLS 1.3 only
  const Bytes body = ch.encode();
  const auto n = static_cast<std::uint32_t>(body.size());
  server.handle_receive(ManualClock().now(),
                        handshake_record(0, HandshakeType::client_hello, 0, body, 0, n, n));
  auto ev = server.poll_event();
  ASSERT_TRUE(ev && std::holds_alternative<Failed>(*ev));
  EXPECT_EQ(std::get<Failed>(*ev).alert, Alert::handshake_failure);
  auto alert = server.poll_transmit();
  ASSERT_TRUE(alert);
  auto records = parse_records(*alert);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].header.type, ContentType::alert);
  EXPECT_EQ(to_hex(records[0].fragment), "0228");  // fatal handshake_failure
}

TEST(Rfc6347_4_1_2_7, GarbageAndTruncatedFragmentsAreDropped) {
  Config s = make_config(Role::server, 1, 0);
  SeededRandom random(6);
  DtlsEndpoint server(s, random);
  server.start(ManualClock().now());
  Bytes junk(1500);
  for (int i = 0; i < 500; ++i) {
    random.fill(junk);
    junk[0] = static_cast<std::uint8_t>(20 + i % 4);  // plausible content types
    junk[1] = 0xfe;
    junk[2] = 0xfd;
    server.handle_receive(ManualClock().now(), BytesView(junk).first(13 + i % 200));
  }
  // A fragment claiming a 16 MB message, one running past its message, one truncated.
  const Bytes body(100, 1);
  server.handle_receive(ManualClock().now(), handshake_record(1, HandshakeType::client_hello, 0,
                                                              body, 0, 100, 0xffffff));
  server.handle_receive(ManualClock().now(),
                        handshake_record(2, HandshakeType::client_hello, 0, body, 50, 50, 60));
  Bytes truncated = handshake_record(3, HandshakeType::client_hello, 0, body, 0, 100, 100);
  truncated.resize(truncated.size() - 10);
  server.handle_receive(ManualClock().now(), truncated);
  EXPECT_FALSE(server.poll_event());
  EXPECT_EQ(server.state(), State::handshaking);
  // And the server still works: a real client connects afterwards.
  Pair p(make_config(Role::client, 0, 1), make_config(Role::server, 1, 0));
  p.start();
  EXPECT_TRUE(p.run());
}

// A tampered ServerHello random: the ServerKeyExchange signature covers both randoms, so the
// client notices before any key is derived (RFC 8422 §5.4).
TEST(Rfc8422_5_4, TamperedServerRandomFailsSignatureCheck) {
  Pair p(make_config(Role::client, 0, 1), make_config(Role::server, 1, 0));
  p.tap = [&](bool from_client, Bytes& d) {
    if (from_client) return true;
    auto records = parse_records(d);
    if (records.empty() || records[0].header.type != ContentType::handshake) return true;
    auto frags = parse_handshake_fragments(records[0].fragment);
    if (!frags || (*frags)[0].header.type != HandshakeType::server_hello) return true;
    d[13 + 12 + 2 + 31] ^= 1;  // record header, handshake header, version, random[31]
    return true;
  };
  p.start();
  EXPECT_FALSE(p.run());
  ASSERT_TRUE(p.client_events.failed);
  EXPECT_EQ(p.client_events.failed->alert, Alert::decrypt_error);
  EXPECT_EQ(p.client_events.failed->error.code, Errc::integrity);
}

// A wrong Finished under valid record protection. The attacker here holds the keys (taken from
// the client's NSS key log) and re-encrypts the client's Finished with one verify_data byte
// changed: the record authenticates, the Finished check (RFC 5246 §7.4.9) must catch it.
TEST(Rfc5246_7_4_9, WrongFinishedFailsWithDecryptError) {
  Config c = make_config(Role::client, 0, 1);
  Bytes client_random, master, server_random;
  c.keylog = [&](std::string_view line) {
    // "CLIENT_RANDOM <64 hex> <96 hex>"
    client_random = from_hex(line.substr(14, 64)).value();
    master = from_hex(line.substr(79)).value();
  };
  Pair p(c, make_config(Role::server, 1, 0));
  p.tap = [&](bool from_client, Bytes& d) {
    auto records = parse_records(d);
    if (!from_client) {
      for (const auto& r : records) {
        auto frags = parse_handshake_fragments(r.fragment);
        if (r.header.epoch == 0 && frags && !frags->empty() &&
            (*frags)[0].header.type == HandshakeType::server_hello) {
          server_random = ServerHello::parse((*frags)[0].body)->random;
        }
      }
      return true;
    }
    ByteWriter out;
    for (const auto& r : records) {
      if (r.header.epoch != 1 || r.header.type != ContentType::handshake) {
        write_record(out, r.header, r.fragment);
        continue;
      }
      const Bytes block = key_block(master, client_random, server_random, 40);
      auto aead =
          AeadProtection::create(CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256,
                                 BytesView(block).first(16), BytesView(block).subspan(32, 4));
      auto plain = aead->open(r.header, r.fragment);
      EXPECT_TRUE(plain);
      if (!plain) return true;
      plain->back() ^= 1;  // the last byte of verify_data
      write_record(out, r.header, aead->seal(r.header, *plain).value());
    }
    d = out.take();
    return true;
  };
  p.start();
  EXPECT_FALSE(p.run());
  ASSERT_TRUE(p.server_events.failed);
  EXPECT_EQ(p.server_events.failed->alert, Alert::decrypt_error);
  EXPECT_NE(p.server_events.failed->error.message.find("Finished"), std::string::npos);
  ASSERT_TRUE(p.client_events.failed);
  EXPECT_TRUE(p.client_events.failed->received_from_peer);
}

TEST(Rfc8122_5, WrongFingerprintFailsWithBadCertificate) {
  Config c = make_config(Role::client, 0, 2);  // expects identity 2, the server is 1
  Pair p(c, make_config(Role::server, 1, 0));
  p.start();
  EXPECT_FALSE(p.run());
  ASSERT_TRUE(p.client_events.failed);
  EXPECT_EQ(p.client_events.failed->alert, Alert::bad_certificate);
  EXPECT_NE(p.client_events.failed->error.message.find("does not match"), std::string::npos);
  // The server receives the fatal alert.
  ASSERT_TRUE(p.server_events.failed);
  EXPECT_TRUE(p.server_events.failed->received_from_peer);
  EXPECT_EQ(p.server_events.failed->alert, Alert::bad_certificate);
}

TEST(Rfc8122_5, FingerprintParsing) {
  const auto& cert = test::identity(0)->certificate;
  for (auto alg : {crypto::HashAlgorithm::sha1, crypto::HashAlgorithm::sha256,
                   crypto::HashAlgorithm::sha384, crypto::HashAlgorithm::sha512}) {
    auto fp = Fingerprint::parse(cert.to_sdp_fingerprint(alg));
    ASSERT_TRUE(fp) << crypto::to_string(alg);
    EXPECT_TRUE(fp->matches(cert.der()));
    EXPECT_FALSE(fp->matches(test::identity(1)->certificate.der()));
  }
  EXPECT_TRUE(Fingerprint::parse("SHA-256 " + cert.to_sdp_fingerprint().substr(8)));
  EXPECT_FALSE(Fingerprint::parse("md5 00:11"));
  EXPECT_FALSE(Fingerprint::parse("sha-256 00:11"));
  EXPECT_FALSE(Fingerprint::parse("sha-256"));
}

}  // namespace
}  // namespace rtc::dtls
