// The server's side of the DTLS 1.2 handshake, in flight order (RFC 6347 §4.2.4):
//   flight 1/3  ClientHello               (client)  server_on_client_hello
//   flight 2    HelloVerifyRequest                  (same function, stateless)
//   flight 4    ServerHello, Certificate, ServerKeyExchange,
//               CertificateRequest, ServerHelloDone server_send_flight4
//   flight 5    Certificate                (client) server_on_certificate
//               ClientKeyExchange                   server_on_client_key_exchange
//               CertificateVerify                   server_on_certificate_verify
//               [CCS] Finished                      server_on_finished
//   flight 6    [CCS] Finished                      server_send_flight6
#include <algorithm>

#include "endpoint_impl.hpp"
#include "rtc/dtls/prf.hpp"

namespace rtc::dtls {

namespace {

bool contains(const std::vector<std::uint16_t>& list, std::uint16_t value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

constexpr std::uint16_t kEmptyRenegotiationInfoScsv = 0x00ff;  // RFC 5746 §3.3

}  // namespace

void DtlsEndpoint::Impl::server_on_message(const HandshakeMessage& m) {
  if (step == Step::server_listen) {
    if (m.type == HandshakeType::client_hello) server_on_client_hello(m);
    return;
  }
  if (m.type != expect) {
    fail(Alert::unexpected_message, Errc::state,
         std::string("expected ") + to_string(expect) + ", got " + to_string(m.type));
    return;
  }
  switch (m.type) {
    case HandshakeType::certificate:
      server_on_certificate(m);
      break;
    case HandshakeType::client_key_exchange:
      server_on_client_key_exchange(m);
      break;
    case HandshakeType::certificate_verify:
      server_on_certificate_verify(m);
      break;
    case HandshakeType::finished:
      server_on_finished(m);
      break;
    default:
      fail(Alert::unexpected_message, Errc::state, "unexpected handshake message");
  }
}

// --- Flight 1/3: ClientHello; flight 2: HelloVerifyRequest (RFC 6347 §4.2.1) -------------------
void DtlsEndpoint::Impl::server_on_client_hello(const HandshakeMessage& m) {
  auto ch = ClientHello::parse(m.body);
  if (!ch) {
    // Still stateless: a ClientHello we cannot parse is dropped, not answered.
    trace(Direction::local, "dropped malformed ClientHello: " + ch.error().message,
          "RFC 6347 §4.1.2.7");
    return;
  }
  if (config.require_cookie && !cookies->verify(config.peer_identity, *ch)) {
    // Stateless: the cookie is all we "remember"; the HelloVerifyRequest reuses the
    // ClientHello's message_seq and record sequence number (§4.2.1), and we keep nothing.
    HelloVerifyRequest hvr;
    hvr.server_version = kDtls10;  // §4.2.1: SHOULD be DTLS 1.0 whatever is negotiated
    hvr.cookie = cookies->make(config.peer_identity, *ch);
    ByteWriter frag;
    const Bytes body = hvr.encode();
    write_handshake_header(
        frag, HandshakeHeader{HandshakeType::hello_verify_request,
                              static_cast<std::uint32_t>(body.size()), m.message_seq, 0,
                              static_cast<std::uint32_t>(body.size())});
    frag.bytes(body);
    ByteWriter datagram;
    write_record(datagram, RecordHeader{ContentType::handshake, kDtls10, 0, current_record_seq, 0},
                 frag.view());
    outgoing.push_back(datagram.take());
    trace(Direction::outbound,
          std::string("flight 2: HelloVerifyRequest (") +
              (ch->cookie.empty() ? "no cookie yet" : "cookie did not verify") + ")",
          "RFC 6347 §4.2.1");
    reassembler.reset(m.message_seq + 1);
    return;
  }
  // A valid cookie (or none required): from here on we keep state.
  handshake_deadline = now + config.handshake_timeout;
  // RFC 6347 §4.2.2: our first message takes the ClientHello's message_seq. Our records
  // continue from the ClientHello's record sequence number: the HelloVerifyRequest already
  // used the client's earlier numbers (§4.2.1), and the client's replay window saw them.
  next_send_seq = m.message_seq;
  write_seq[0] = current_record_seq + 1;
  if (ch->client_version > kDtls12) {  // ones' complement: larger is older (DTLS 1.0)
    fail(Alert::protocol_version, Errc::unsupported, "client does not offer DTLS 1.2");
    return;
  }
  // RFC 5246 §7.4.1.2: the client's list is "in the client's order of preference"; we take
  // its first suite that we accept. Browsers put AES-128-GCM first, so they get it; a client
  // that prefers ChaCha20-Poly1305 (RFC 7905) gets that.
  std::optional<CipherSuite> chosen;
  for (auto offered : ch->cipher_suites) {
    for (auto ours : config.cipher_suites) {
      if (offered == static_cast<std::uint16_t>(ours)) {
        chosen = ours;
        break;
      }
    }
    if (chosen) break;
  }
  if (!chosen) {
    std::string ours;
    for (auto s : config.cipher_suites)
      ours += std::string(ours.empty() ? "" : ", ") + to_string(s);
    fail(Alert::handshake_failure, Errc::unsupported,
         "client offers no cipher suite we support (" + ours + ")");
    return;
  }
  cipher_suite = *chosen;
  if (std::find(ch->compression_methods.begin(), ch->compression_methods.end(), 0) ==
      ch->compression_methods.end()) {
    fail(Alert::illegal_parameter, Errc::malformed, "client does not offer null compression");
    return;
  }
  const Extensions& ext = ch->extensions;
  if (!ext.extended_master_secret) {
    fail(Alert::handshake_failure, Errc::unsupported,
         "client does not offer extended_master_secret");
    return;
  }
  if (ext.renegotiation_info && !ext.renegotiation_info->empty()) {
    fail(Alert::handshake_failure, Errc::malformed, "non-empty renegotiation_info");
    return;
  }
  if (!ext.signature_algorithms || !contains(*ext.signature_algorithms, kEcdsaSha256)) {
    fail(Alert::handshake_failure, Errc::unsupported,
         "client does not accept ecdsa_secp256r1_sha256");
    return;
  }
  if (ext.ec_point_formats && std::find(ext.ec_point_formats->begin(), ext.ec_point_formats->end(),
                                        kPointFormatUncompressed) == ext.ec_point_formats->end()) {
    fail(Alert::illegal_parameter, Errc::unsupported, "client does not accept uncompressed points");
    return;
  }
  // RFC 8422 §4: our first group the client supports (no extension: assume secp256r1).
  const std::vector<std::uint16_t> offered_groups =
      ext.supported_groups
          ? *ext.supported_groups
          : std::vector<std::uint16_t>{static_cast<std::uint16_t>(crypto::NamedGroup::secp256r1)};
  bool have_group = false;
  for (auto g : config.groups) {
    if (contains(offered_groups, static_cast<std::uint16_t>(g))) {
      group = g;
      have_group = true;
      break;
    }
  }
  if (!have_group) {
    fail(Alert::handshake_failure, Errc::unsupported, "no common ECDHE group");
    return;
  }
  // RFC 5764 §4.1.1: pick one profile both support; none in common means no use_srtp.
  if (ext.use_srtp)
    srtp_profile = choose_srtp_profile(config.srtp_profiles, ext.use_srtp->profiles);
  client_random = ch->random;
  transcript = crypto::Hash(crypto::HashAlgorithm::sha256);
  add_to_transcript(m);  // the transcript starts at the ClientHello that carried the cookie
  server_send_flight4(*ch);
}

// --- Flight 4 (RFC 5246 §7.4.1.3 - §7.4.5, RFC 8422 §5.4) -------------------------------------
void DtlsEndpoint::Impl::server_send_flight4(const ClientHello& hello) {
  server_random.resize(kRandomSize);
  random.fill(server_random);
  std::vector<FlightMessage> flight;

  ServerHello sh;
  sh.server_version = kDtls12;
  sh.random = server_random;
  sh.cipher_suite = static_cast<std::uint16_t>(cipher_suite);
  sh.compression_method = 0;
  const Extensions& offered = hello.extensions;
  if (offered.renegotiation_info || contains(hello.cipher_suites, kEmptyRenegotiationInfoScsv)) {
    sh.extensions.renegotiation_info = Bytes{};  // RFC 5746 §3.6
  }
  sh.extensions.extended_master_secret = true;  // RFC 7627 §5.2
  if (offered.ec_point_formats) {
    sh.extensions.ec_point_formats = std::vector<std::uint8_t>{kPointFormatUncompressed};
  }
  if (srtp_profile) {
    sh.extensions.use_srtp = UseSrtp{{static_cast<std::uint16_t>(*srtp_profile)}, {}};
  }
  flight.push_back(handshake(HandshakeType::server_hello, sh.encode()));

  CertificateMessage cert;  // RFC 5246 §7.4.2
  const auto der = config.identity->certificate.der();
  cert.certificate_list.emplace_back(der.begin(), der.end());
  flight.push_back(handshake(HandshakeType::certificate, cert.encode()));

  // RFC 8422 §5.4: a fresh ECDHE key for this handshake, signed with our certificate's key.
  auto key = crypto::EcdhKeyPair::generate(group);
  if (!key) {
    fail(Alert::internal_error, Errc::crypto, key.error().message);
    return;
  }
  ecdh = std::move(*key);
  ServerKeyExchange ske;
  ske.named_group = static_cast<std::uint16_t>(group);
  ske.public_key.assign(ecdh->public_key().begin(), ecdh->public_key().end());
  ske.signature_algorithm = kEcdsaSha256;
  Bytes signed_data = client_random;
  signed_data.insert(signed_data.end(), server_random.begin(), server_random.end());
  const Bytes params = ske.params();
  signed_data.insert(signed_data.end(), params.begin(), params.end());
  auto sig = config.identity->key.sign(signed_data);
  if (!sig) {
    fail(Alert::internal_error, Errc::crypto, sig.error().message);
    return;
  }
  ske.signature = std::move(*sig);
  flight.push_back(handshake(HandshakeType::server_key_exchange, ske.encode()));

  // RFC 5246 §7.4.4: WebRTC authenticates the client too (RFC 8827 §6.5).
  CertificateRequest cr;
  cr.certificate_types = {64};  // ecdsa_sign (RFC 8422 §5.5)
  cr.signature_algorithms = {kEcdsaSha256};
  flight.push_back(handshake(HandshakeType::certificate_request, cr.encode()));
  flight.push_back(handshake(HandshakeType::server_hello_done, {}));
  for (const auto& m : flight) add_to_transcript(m);

  step = Step::server_wait_flight5;
  expect = HandshakeType::certificate;
  send_flight("flight 4", std::move(flight), true);
}

// --- Flight 5: the client's Certificate, checked against the SDP fingerprint -----------------
void DtlsEndpoint::Impl::server_on_certificate(const HandshakeMessage& m) {
  auto cert = CertificateMessage::parse(m.body);
  if (!cert) {
    fail(Alert::decode_error, Errc::malformed, "Certificate: " + cert.error().message);
    return;
  }
  if (!check_peer_certificate(*cert)) return;
  add_to_transcript(m);
  expect = HandshakeType::client_key_exchange;
}

// --- Flight 5: ClientKeyExchange (RFC 8422 §5.7) -> premaster, master secret, keys -----------
void DtlsEndpoint::Impl::server_on_client_key_exchange(const HandshakeMessage& m) {
  auto cke = ClientKeyExchange::parse(m.body);
  if (!cke) {
    fail(Alert::decode_error, Errc::malformed, "ClientKeyExchange: " + cke.error().message);
    return;
  }
  auto pms = ecdh->shared_secret(cke->public_key);
  if (!pms) {
    fail(Alert::illegal_parameter, Errc::crypto, "client ECDHE key: " + pms.error().message);
    return;
  }
  add_to_transcript(m);
  derive_keys(*pms, transcript.current());  // RFC 7627 §4: session_hash through here
  if (step == Step::failed) return;
  expect = HandshakeType::certificate_verify;
}

// --- Flight 5: CertificateVerify (RFC 5246 §7.4.8): the client proves it holds the key -------
void DtlsEndpoint::Impl::server_on_certificate_verify(const HandshakeMessage& m) {
  auto cv = CertificateVerify::parse(m.body);
  if (!cv) {
    fail(Alert::decode_error, Errc::malformed, "CertificateVerify: " + cv.error().message);
    return;
  }
  if (cv->signature_algorithm != kEcdsaSha256) {
    fail(Alert::illegal_parameter, Errc::unsupported, "CertificateVerify not ecdsa_sha256");
    return;
  }
  if (!peer_certificate->public_key().verify_digest(transcript.current(), cv->signature)) {
    fail(Alert::decrypt_error, Errc::integrity, "CertificateVerify signature does not verify");
    return;
  }
  add_to_transcript(m);
  expect = HandshakeType::finished;  // now ChangeCipherSpec is welcome
}

// --- Flight 5: the client's Finished (RFC 5246 §7.4.9) ----------------------------------------
void DtlsEndpoint::Impl::server_on_finished(const HandshakeMessage& m) {
  if (read_epoch != 1) {
    fail(Alert::unexpected_message, Errc::state, "Finished before ChangeCipherSpec");
    return;
  }
  auto fin = Finished::parse(m.body);
  if (!fin) {
    fail(Alert::decode_error, Errc::malformed, fin.error().message);
    return;
  }
  const Bytes expected = finished_verify_data(master_secret, true, transcript.current());
  if (!crypto::constant_time_equal(expected, fin->verify_data)) {
    fail(Alert::decrypt_error, Errc::integrity, "client Finished does not verify");
    return;
  }
  add_to_transcript(m);
  server_send_flight6();
}

// --- Flight 6: [ChangeCipherSpec] Finished ----------------------------------------------------
void DtlsEndpoint::Impl::server_send_flight6() {
  std::vector<FlightMessage> flight;
  flight.push_back(
      FlightMessage{ContentType::change_cipher_spec, 0, HandshakeType::hello_request, 0, Bytes{1}});
  write_protection = std::move(pending_write);
  pending_write.reset();
  write_epoch = 1;
  const Bytes verify_data = finished_verify_data(master_secret, false, transcript.current());
  flight.push_back(handshake(HandshakeType::finished, verify_data, 1));
  add_to_transcript(flight.back());
  // The last flight: no timer; it is resent only if the client repeats flight 5 (§4.2.4).
  send_flight("flight 6", std::move(flight), false);
  complete_handshake();
}

}  // namespace rtc::dtls
