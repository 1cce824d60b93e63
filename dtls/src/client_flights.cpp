// The client's side of the DTLS 1.2 handshake, in flight order (RFC 6347 §4.2.4):
//   flight 1  ClientHello                         client_send_flight1
//   flight 2  HelloVerifyRequest        (server)  client_on_hello_verify_request
//   flight 3  ClientHello + cookie                (same function)
//   flight 4  ServerHello ... ServerHelloDone     client_on_server_hello ... _done
//   flight 5  Certificate, ClientKeyExchange,
//             CertificateVerify, CCS, Finished    client_send_flight5
//   flight 6  CCS, Finished             (server)  client_on_finished
#include <algorithm>

#include "endpoint_impl.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/dtls/prf.hpp"

namespace rtc::dtls {

namespace {

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

// --- Flight 1: ClientHello (RFC 5246 §7.4.1.2, RFC 6347 §4.2.1) -------------------------------
void DtlsEndpoint::Impl::client_send_flight1() {
  client_random.resize(kRandomSize);
  random.fill(client_random);  // all 32 bytes random (no gmt_unix_time, as modern stacks do)
  ClientHello& ch = client_hello;
  ch.client_version = kDtls12;
  ch.random = client_random;
  ch.cipher_suites.clear();
  const auto suites = config.cipher_suites.empty() ? default_cipher_suites() : config.cipher_suites;
  for (auto s : suites) ch.cipher_suites.push_back(static_cast<std::uint16_t>(s));
  ch.compression_methods = {0};  // null only (RFC 5246 §6.2.2)
  Extensions& ext = ch.extensions;
  ext.renegotiation_info = Bytes{};   // RFC 5746 §3.4: empty on the initial handshake
  ext.extended_master_secret = true;  // RFC 7627 §5.1
  ext.supported_groups.emplace();
  for (auto g : config.groups) ext.supported_groups->push_back(static_cast<std::uint16_t>(g));
  ext.ec_point_formats = std::vector<std::uint8_t>{kPointFormatUncompressed};  // RFC 8422 §5.1.2
  ext.signature_algorithms = std::vector<std::uint16_t>{kEcdsaSha256};
  if (!config.srtp_profiles.empty()) {  // RFC 5764 §4.1.1
    UseSrtp use_srtp;
    for (auto p : config.srtp_profiles) use_srtp.profiles.push_back(static_cast<std::uint16_t>(p));
    ext.use_srtp = std::move(use_srtp);
  }
  auto m = handshake(HandshakeType::client_hello, ch.encode());
  transcript = crypto::Hash(crypto::HashAlgorithm::sha256);
  add_to_transcript(m);  // used if the server skips the cookie exchange
  step = Step::client_wait_flight2_or_4;
  expect = HandshakeType::server_hello;
  send_flight("flight 1", {std::move(m)}, true);
}

void DtlsEndpoint::Impl::client_on_message(const HandshakeMessage& m) {
  if (step == Step::client_wait_flight2_or_4 && m.type == HandshakeType::hello_verify_request) {
    client_on_hello_verify_request(m);
    return;
  }
  if (m.type != expect && !(expect == HandshakeType::certificate_request &&
                            m.type == HandshakeType::server_hello_done)) {
    fail(Alert::unexpected_message, Errc::state,
         std::string("expected ") + to_string(expect) + ", got " + to_string(m.type));
    return;
  }
  switch (m.type) {
    case HandshakeType::server_hello:
      client_on_server_hello(m);
      break;
    case HandshakeType::certificate:
      client_on_certificate(m);
      break;
    case HandshakeType::server_key_exchange:
      client_on_server_key_exchange(m);
      break;
    case HandshakeType::certificate_request:
      client_on_certificate_request(m);
      break;
    case HandshakeType::server_hello_done:
      client_on_server_hello_done(m);
      break;
    case HandshakeType::finished:
      client_on_finished(m);
      break;
    default:
      fail(Alert::unexpected_message, Errc::state, "unexpected handshake message");
  }
}

// --- Flight 2 -> 3: HelloVerifyRequest, then ClientHello with the cookie (RFC 6347 §4.2.1) ------
void DtlsEndpoint::Impl::client_on_hello_verify_request(const HandshakeMessage& m) {
  auto hvr = HelloVerifyRequest::parse(m.body);
  if (!hvr) {
    fail(Alert::decode_error, Errc::malformed, "HelloVerifyRequest: " + hvr.error().message);
    return;
  }
  // §4.2.1: the server_version may be DTLS 1.0 whatever will be negotiated.
  if (hvr->server_version != kDtls10 && hvr->server_version != kDtls12) {
    fail(Alert::protocol_version, Errc::unsupported, "HelloVerifyRequest with a non-DTLS version");
    return;
  }
  trace(Direction::local, "cookie of " + std::to_string(hvr->cookie.size()) + " bytes",
        "RFC 6347 §4.2.1");
  // The second ClientHello repeats the first with the cookie added (same random), and it is
  // where the transcript starts: the first ClientHello and the HelloVerifyRequest are not part
  // of the Finished computation (RFC 6347 §4.2.1).
  client_hello.cookie = hvr->cookie;
  // The HelloVerifyRequest borrowed our ClientHello's record sequence number (§4.2.1); the
  // server's stateful records start afresh, so forget what the stateless one marked.
  replay.reset();
  auto ch = handshake(HandshakeType::client_hello, client_hello.encode());
  transcript = crypto::Hash(crypto::HashAlgorithm::sha256);
  add_to_transcript(ch);
  step = Step::client_wait_flight4;
  expect = HandshakeType::server_hello;
  send_flight("flight 3", {std::move(ch)}, true);
}

// --- Flight 4: ServerHello (RFC 5246 §7.4.1.3) ------------------------------------------------
void DtlsEndpoint::Impl::client_on_server_hello(const HandshakeMessage& m) {
  auto sh = ServerHello::parse(m.body);
  if (!sh) {
    fail(Alert::decode_error, Errc::malformed, "ServerHello: " + sh.error().message);
    return;
  }
  if (sh->server_version != kDtls12) {
    fail(Alert::protocol_version, Errc::unsupported, "server did not choose DTLS 1.2");
    return;
  }
  if (!contains(client_hello.cipher_suites, sh->cipher_suite)) {
    fail(
        Alert::illegal_parameter, Errc::unsupported,
        "server chose cipher suite " + std::to_string(sh->cipher_suite) + " that we did not offer");
    return;
  }
  if (sh->compression_method != 0) {
    fail(Alert::illegal_parameter, Errc::unsupported, "server chose compression");
    return;
  }
  const Extensions& ext = sh->extensions;
  // RFC 5246 §7.4.1.4: a server may only answer extensions the client sent.
  if (!ext.others.empty() || (ext.use_srtp && !client_hello.extensions.use_srtp)) {
    fail(Alert::unsupported_extension, Errc::unsupported,
         "ServerHello has an unsolicited extension");
    return;
  }
  if (!ext.extended_master_secret) {
    // RFC 7627 §5.3: a client that requires EMS aborts if the server does not agree.
    fail(Alert::handshake_failure, Errc::unsupported,
         "server does not support extended_master_secret");
    return;
  }
  if (ext.renegotiation_info && !ext.renegotiation_info->empty()) {
    fail(Alert::handshake_failure, Errc::malformed, "non-empty renegotiation_info");
    return;
  }
  srtp_profile.reset();
  if (ext.use_srtp) {
    // RFC 5764 §4.1.3: exactly one profile, one we offered.
    if (ext.use_srtp->profiles.size() != 1 ||
        !contains(client_hello.extensions.use_srtp->profiles, ext.use_srtp->profiles[0])) {
      fail(Alert::illegal_parameter, Errc::unsupported,
           "server chose an SRTP profile we did not offer");
      return;
    }
    srtp_profile = static_cast<SrtpProfileId>(ext.use_srtp->profiles[0]);
  }
  cipher_suite = static_cast<CipherSuite>(sh->cipher_suite);
  server_random = sh->random;
  add_to_transcript(m);
  step = Step::client_wait_flight4;
  expect = HandshakeType::certificate;
  trace(Direction::local,
        std::string("server chose DTLS 1.2, ") + to_string(cipher_suite) +
            (srtp_profile ? ", " + std::string(srtp_profile_info(*srtp_profile).name) : ""),
        "RFC 5246 §7.4.1.3");
}

// --- Flight 4: Certificate (RFC 5246 §7.4.2), checked against the SDP fingerprint ---------------
void DtlsEndpoint::Impl::client_on_certificate(const HandshakeMessage& m) {
  auto cert = CertificateMessage::parse(m.body);
  if (!cert) {
    fail(Alert::decode_error, Errc::malformed, "Certificate: " + cert.error().message);
    return;
  }
  if (!check_peer_certificate(*cert)) return;
  add_to_transcript(m);
  expect = HandshakeType::server_key_exchange;
}

// --- Flight 4: ServerKeyExchange (RFC 8422 §5.4): the server's ECDHE share, signed ------------
void DtlsEndpoint::Impl::client_on_server_key_exchange(const HandshakeMessage& m) {
  auto ske = ServerKeyExchange::parse(m.body);
  if (!ske) {
    fail(Alert::decode_error, Errc::malformed, "ServerKeyExchange: " + ske.error().message);
    return;
  }
  const auto offered = *client_hello.extensions.supported_groups;
  if (!contains(offered, ske->named_group)) {
    fail(Alert::illegal_parameter, Errc::unsupported, "server chose a group we did not offer");
    return;
  }
  if (ske->signature_algorithm != kEcdsaSha256) {
    fail(Alert::illegal_parameter, Errc::unsupported, "ServerKeyExchange not signed ecdsa_sha256");
    return;
  }
  // signed_params = client_random + server_random + ServerECDHParams (RFC 8422 §5.4).
  Bytes signed_data = client_random;
  signed_data.insert(signed_data.end(), server_random.begin(), server_random.end());
  const Bytes params = ske->params();
  signed_data.insert(signed_data.end(), params.begin(), params.end());
  if (!peer_certificate->public_key().verify(signed_data, ske->signature)) {
    fail(Alert::decrypt_error, Errc::integrity, "ServerKeyExchange signature does not verify");
    return;
  }
  group = static_cast<crypto::NamedGroup>(ske->named_group);
  auto key = crypto::EcdhKeyPair::generate(group);
  if (!key) {
    fail(Alert::internal_error, Errc::crypto, key.error().message);
    return;
  }
  ecdh = std::move(*key);
  peer_ecdh_public = ske->public_key;
  add_to_transcript(m);
  expect = HandshakeType::certificate_request;
}

// --- Flight 4: CertificateRequest (RFC 5246 §7.4.4): WebRTC servers always send it -------------
void DtlsEndpoint::Impl::client_on_certificate_request(const HandshakeMessage& m) {
  auto cr = CertificateRequest::parse(m.body);
  if (!cr) {
    fail(Alert::decode_error, Errc::malformed, "CertificateRequest: " + cr.error().message);
    return;
  }
  const bool ecdsa_sign = std::find(cr->certificate_types.begin(), cr->certificate_types.end(),
                                    std::uint8_t{64}) != cr->certificate_types.end();
  if (!ecdsa_sign || !contains(cr->signature_algorithms, kEcdsaSha256)) {
    fail(Alert::handshake_failure, Errc::unsupported,
         "server does not accept an ECDSA P-256/SHA-256 client certificate");
    return;
  }
  certificate_requested = true;
  add_to_transcript(m);
  expect = HandshakeType::server_hello_done;
}

// --- Flight 4 ends: ServerHelloDone (RFC 5246 §7.4.5) -----------------------------------------
void DtlsEndpoint::Impl::client_on_server_hello_done(const HandshakeMessage& m) {
  if (!m.body.empty()) {
    fail(Alert::decode_error, Errc::malformed, "ServerHelloDone must be empty");
    return;
  }
  add_to_transcript(m);
  client_send_flight5();
}

// --- Flight 5 (RFC 5246 §7.4.6 - §7.4.9) -----------------------------------------------------
void DtlsEndpoint::Impl::client_send_flight5() {
  std::vector<FlightMessage> flight;
  if (certificate_requested) {  // RFC 5246 §7.4.6: our certificate
    CertificateMessage cert;
    const auto der = config.identity->certificate.der();
    cert.certificate_list.emplace_back(der.begin(), der.end());
    flight.push_back(handshake(HandshakeType::certificate, cert.encode()));
    add_to_transcript(flight.back());
  }
  // RFC 8422 §5.7: our ECDHE public key; both sides now compute the premaster secret.
  auto pms = ecdh->shared_secret(peer_ecdh_public);
  if (!pms) {
    fail(Alert::illegal_parameter, Errc::crypto, "server ECDHE key: " + pms.error().message);
    return;
  }
  const auto pub = ecdh->public_key();
  flight.push_back(handshake(HandshakeType::client_key_exchange,
                             ClientKeyExchange{Bytes(pub.begin(), pub.end())}.encode()));
  add_to_transcript(flight.back());
  // RFC 7627 §4: session_hash covers ClientHello .. ClientKeyExchange.
  const Bytes session_hash = transcript.current();
  derive_keys(*pms, session_hash);
  if (step == Step::failed) return;
  if (certificate_requested) {
    // RFC 5246 §7.4.8: sign every handshake message so far (the same bytes as session_hash).
    auto sig = config.identity->key.sign_digest(session_hash);
    if (!sig) {
      fail(Alert::internal_error, Errc::crypto, sig.error().message);
      return;
    }
    flight.push_back(handshake(HandshakeType::certificate_verify,
                               CertificateVerify{kEcdsaSha256, std::move(*sig)}.encode()));
    add_to_transcript(flight.back());
  }
  // RFC 5246 §7.1: ChangeCipherSpec (epoch 0), then everything we send is epoch 1.
  flight.push_back(
      FlightMessage{ContentType::change_cipher_spec, 0, HandshakeType::hello_request, 0, Bytes{1}});
  write_protection = std::move(pending_write);
  pending_write.reset();
  write_epoch = 1;
  // RFC 5246 §7.4.9: Finished proves we saw the same transcript and hold the master secret.
  const Bytes verify_data = finished_verify_data(master_secret, true, transcript.current());
  flight.push_back(handshake(HandshakeType::finished, verify_data, 1));
  add_to_transcript(flight.back());
  step = Step::client_wait_flight6;
  expect = HandshakeType::finished;
  send_flight("flight 5", std::move(flight), true);
}

// --- Flight 6: the server's Finished (RFC 5246 §7.4.9) ----------------------------------------
void DtlsEndpoint::Impl::client_on_finished(const HandshakeMessage& m) {
  if (read_epoch != 1) {  // Finished must come under the new keys, after ChangeCipherSpec
    fail(Alert::unexpected_message, Errc::state, "Finished before ChangeCipherSpec");
    return;
  }
  auto fin = Finished::parse(m.body);
  if (!fin) {
    fail(Alert::decode_error, Errc::malformed, fin.error().message);
    return;
  }
  const Bytes expected = finished_verify_data(master_secret, false, transcript.current());
  if (!crypto::constant_time_equal(expected, fin->verify_data)) {
    fail(Alert::decrypt_error, Errc::integrity, "server Finished does not verify");
    return;
  }
  add_to_transcript(m);
  last_flight.clear();  // the client's flight 5 is never needed again
  complete_handshake();
}

}  // namespace rtc::dtls
