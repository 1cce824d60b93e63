// DtlsEndpoint: the machinery both roles share. Records in (RFC 6347 §4.1: epochs, the replay
// window, AEAD), handshake messages reassembled in order (§4.2.3), flights out and their
// retransmission (§4.2.4), alerts (RFC 5246 §7.2), keys (RFC 5246 §6.3, RFC 7627).
// The handshake itself is in client_flights.cpp and server_flights.cpp.
#include <algorithm>

#include "endpoint_impl.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/dtls/prf.hpp"

namespace rtc::dtls {

const char* to_string(Role role) {
  return role == Role::client ? "client" : "server";
}

const char* to_string(State state) {
  switch (state) {
    case State::idle:
      return "idle";
    case State::handshaking:
      return "handshaking";
    case State::connected:
      return "connected";
    case State::closed:
      return "closed";
    case State::failed:
      return "failed";
  }
  return "unknown";
}

const char* to_string(Alert alert) {
  switch (alert) {
    case Alert::close_notify:
      return "close_notify";
    case Alert::unexpected_message:
      return "unexpected_message";
    case Alert::bad_record_mac:
      return "bad_record_mac";
    case Alert::handshake_failure:
      return "handshake_failure";
    case Alert::bad_certificate:
      return "bad_certificate";
    case Alert::unsupported_certificate:
      return "unsupported_certificate";
    case Alert::illegal_parameter:
      return "illegal_parameter";
    case Alert::decode_error:
      return "decode_error";
    case Alert::decrypt_error:
      return "decrypt_error";
    case Alert::protocol_version:
      return "protocol_version";
    case Alert::insufficient_security:
      return "insufficient_security";
    case Alert::internal_error:
      return "internal_error";
    case Alert::no_renegotiation:
      return "no_renegotiation";
    case Alert::unsupported_extension:
      return "unsupported_extension";
  }
  return "unknown_alert";
}

Result<std::shared_ptr<const Identity>> Identity::generate(
    std::chrono::system_clock::time_point now, std::string_view common_name) {
  auto key = crypto::EcdsaP256PrivateKey::generate();
  if (!key) return std::unexpected(key.error());
  auto cert = crypto::Certificate::self_signed(*key, common_name, now);
  if (!cert) return std::unexpected(cert.error());
  return std::make_shared<const Identity>(Identity{std::move(*key), std::move(*cert)});
}

// ---------------------------------------------------------------------------------------------
// The public face: thin forwarding to Impl.

DtlsEndpoint::DtlsEndpoint(Config config, Random& random)
    : impl_(std::make_unique<Impl>(std::move(config), random)) {}
DtlsEndpoint::DtlsEndpoint(DtlsEndpoint&&) noexcept = default;
DtlsEndpoint& DtlsEndpoint::operator=(DtlsEndpoint&&) noexcept = default;
DtlsEndpoint::~DtlsEndpoint() = default;

void DtlsEndpoint::start(Timestamp now) {
  Impl& s = *impl_;
  if (s.step != Step::idle) return;
  s.now = now;
  if (!s.config.identity) {
    s.fail(Alert::internal_error, Errc::invalid_argument, "no certificate configured");
    return;
  }
  if (!s.config.remote_fingerprint && !s.config.insecure_accept_any_certificate) {
    s.fail(Alert::internal_error, Errc::invalid_argument,
           "no remote fingerprint (set one, or insecure_accept_any_certificate)");
    return;
  }
  if (s.config.role == Role::client) {
    s.handshake_deadline = now + s.config.handshake_timeout;
    s.client_send_flight1();
  } else {
    Bytes secret(32);
    s.random.fill(secret);
    s.cookies.emplace(secret);
    s.step = Step::server_listen;
    s.trace(Direction::local, "server listening for ClientHello", "RFC 6347 §4.2.1");
  }
}

void DtlsEndpoint::handle_receive(Timestamp now, BytesView datagram) {
  impl_->now = now;
  impl_->handle_datagram(datagram);
}

void DtlsEndpoint::handle_timeout(Timestamp now) {
  Impl& s = *impl_;
  s.now = now;
  if (s.handshake_deadline && now >= *s.handshake_deadline &&
      (s.step != Step::connected && s.step != Step::closed && s.step != Step::failed)) {
    s.fail_timeout();
    return;
  }
  if (s.timer_running && now >= s.retransmit_at) {
    // RFC 6347 §4.2.4.1: retransmit the flight, double the timer up to the maximum.
    s.rto = std::min(s.rto * 2, s.config.retransmit_max);
    s.retransmit_at = now + s.rto;
    s.trace(Direction::outbound,
            "retransmit " + s.last_flight_name + " (timer expired; next timeout " +
                std::to_string(static_cast<long long>(to_millis(s.rto))) + " ms)",
            "RFC 6347 §4.2.4.1");
    s.transmit_flight();
  }
}

std::optional<Bytes> DtlsEndpoint::poll_transmit() {
  if (impl_->outgoing.empty()) return std::nullopt;
  Bytes d = std::move(impl_->outgoing.front());
  impl_->outgoing.pop_front();
  return d;
}

std::optional<Event> DtlsEndpoint::poll_event() {
  if (impl_->events.empty()) return std::nullopt;
  Event e = std::move(impl_->events.front());
  impl_->events.pop_front();
  return e;
}

std::optional<Timestamp> DtlsEndpoint::poll_timeout() const {
  const Impl& s = *impl_;
  if (s.step == Step::connected || s.step == Step::closed || s.step == Step::failed) {
    return std::nullopt;
  }
  std::optional<Timestamp> t;
  if (s.timer_running) t = s.retransmit_at;
  if (s.handshake_deadline && (!t || *s.handshake_deadline < *t)) t = s.handshake_deadline;
  return t;
}

Result<void> DtlsEndpoint::send(BytesView data) {
  if (impl_->step != Step::connected) return fail(Errc::state, "DTLS is not connected");
  if (data.size() > kMaxPlaintext) return fail(Errc::invalid_argument, "record over 2^14 bytes");
  impl_->send_record(ContentType::application_data, data);
  return {};
}

void DtlsEndpoint::close(Timestamp now) {
  Impl& s = *impl_;
  s.now = now;
  if (s.step == Step::closed || s.step == Step::failed) return;
  if (s.step != Step::idle && s.step != Step::server_listen)
    s.send_alert(false, Alert::close_notify);
  s.step = Step::closed;
  s.timer_running = false;
  s.events.push_back(Closed{});
}

State DtlsEndpoint::state() const {
  switch (impl_->step) {
    case Step::idle:
      return State::idle;
    case Step::connected:
      return State::connected;
    case Step::closed:
      return State::closed;
    case Step::failed:
      return State::failed;
    default:
      return State::handshaking;
  }
}

Role DtlsEndpoint::role() const {
  return impl_->config.role;
}

Result<Bytes> DtlsEndpoint::export_keying_material(std::string_view label,
                                                   std::size_t length) const {
  // Available once the handshake completed, also after close_notify (keys outlive the record
  // layer: SRTP keeps using them).
  if (!impl_->handshake_completed) return fail(Errc::state, "DTLS handshake not completed");
  return dtls::export_keying_material(impl_->master_secret, label, impl_->client_random,
                                      impl_->server_random, length);
}

// ---------------------------------------------------------------------------------------------
// Receiving: datagram -> records -> plaintext -> handshake messages.

void DtlsEndpoint::Impl::handle_datagram(BytesView datagram) {
  if (step == Step::idle || step == Step::closed || step == Step::failed) return;
  peer_retransmitted = false;
  for (const Record& record : parse_records(datagram)) {  // RFC 6347 §4.1.1: several per datagram
    handle_record(record);
    if (step == Step::closed || step == Step::failed) return;
  }
  // RFC 6347 §4.2.4: receiving the peer's previous flight again means our reply was lost:
  // retransmit ours. A repeated flight spans several datagrams and may be repeated because of
  // our own timer, so answer at most once per quarter of the initial timer: a burst of
  // repeats does not multiply our answer.
  const bool recently_sent = last_transmit && now - *last_transmit < config.retransmit_initial / 4;
  if (peer_retransmitted && !recently_sent && !last_flight.empty() &&
      (step == Step::client_wait_flight4 || step == Step::client_wait_flight6 ||
       step == Step::server_wait_flight5 ||
       (step == Step::connected && config.role == Role::server))) {
    trace(Direction::outbound, "retransmit " + last_flight_name + " (peer repeated its flight)",
          "RFC 6347 §4.2.4");
    transmit_flight();
    if (timer_running) retransmit_at = now + rto;
  }
}

void DtlsEndpoint::Impl::handle_record(const Record& record) {
  const RecordHeader& h = record.header;
  if (config.trace_records) {
    trace(Direction::inbound,
          std::string("record ") + to_string(h.type) + " epoch " + std::to_string(h.epoch) +
              " seq " + std::to_string(h.sequence) + " len " + std::to_string(h.length),
          "RFC 6347 §4.1");
  }
  if (h.epoch == read_epoch) {
    if (!replay.is_fresh(h.sequence)) return;  // RFC 6347 §4.1.2.6: duplicate, drop silently
    current_record_seq = h.sequence;
    if (read_epoch == 0) {
      replay.mark(h.sequence);
      handle_plaintext(h.type, h.epoch, record.fragment);
      return;
    }
    auto plaintext = read_protection->open(h, record.fragment);
    // RFC 6347 §4.1.2.7: a record that fails authentication is silently discarded (DTLS,
    // unlike TLS, does not tear down the association for one forged datagram).
    if (!plaintext) return;
    replay.mark(h.sequence);
    if (h.type == ContentType::application_data) {
      // The hot path (an SCTP packet per record, RFC 8261): the decrypted buffer itself
      // becomes the event, no copy.
      if (accepts_application_data(h.epoch))
        events.push_back(ApplicationData{std::move(*plaintext)});
      return;
    }
    handle_plaintext(h.type, h.epoch, *plaintext);
    return;
  }
  if (h.epoch == read_epoch + 1) {
    // RFC 6347 §4.1: records of the next epoch may arrive before the ChangeCipherSpec that
    // starts it (reordering); keep a few to process once the epoch begins.
    if (next_epoch_records.size() < 16) {
      ByteWriter w;
      write_record(w, h, record.fragment);
      next_epoch_records.push_back(w.take());
    }
    return;
  }
  if (h.epoch + 1 == read_epoch && h.epoch == 0 && h.type == ContentType::handshake) {
    // The peer's previous flight, sent in the clear before its CCS: only notice that it is a
    // retransmission (it carries messages we already processed).
    auto fragments = parse_handshake_fragments(record.fragment);
    if (!fragments) return;
    for (const auto& f : *fragments) {
      if (f.header.message_seq < reassembler.next_seq()) peer_retransmitted = true;
    }
  }
  // Any other epoch: discarded (RFC 6347 §4.1).
}

void DtlsEndpoint::Impl::handle_plaintext(ContentType type, std::uint16_t epoch,
                                          BytesView plaintext) {
  switch (type) {
    case ContentType::handshake:
      handle_handshake_record(epoch, plaintext);
      break;
    case ContentType::change_cipher_spec:
      handle_change_cipher_spec(plaintext);
      break;
    case ContentType::alert:
      handle_alert(plaintext);
      break;
    case ContentType::application_data:
      if (!accepts_application_data(epoch)) return;
      events.push_back(ApplicationData{Bytes(plaintext.begin(), plaintext.end())});
      break;
  }
}

void DtlsEndpoint::Impl::handle_handshake_record(std::uint16_t epoch, BytesView plaintext) {
  auto fragments = parse_handshake_fragments(plaintext);
  if (!fragments) {
    // Unauthenticated garbage (epoch 0) is dropped, so that a spoofed datagram cannot end a
    // handshake; a malformed message under the negotiated keys is a decode_error.
    if (epoch > 0) fail(Alert::decode_error, Errc::malformed, fragments.error().message);
    return;
  }
  for (const auto& f : *fragments) {
    if (step == Step::server_listen) {
      // Stateless listening (RFC 6347 §4.2.1): only ClientHello, at whatever message_seq the
      // client is on; one message being reassembled at a time.
      if (f.header.type != HandshakeType::client_hello) continue;
      if (f.header.message_seq != reassembler.next_seq()) reassembler.reset(f.header.message_seq);
    }
    if (reassembler.add(f) == HandshakeReassembler::Outcome::old) peer_retransmitted = true;
  }
  while (auto message = reassembler.pop()) {
    handle_message(*message);
    if (step == Step::failed || step == Step::closed) return;
    maybe_switch_read_epoch();
  }
}

void DtlsEndpoint::Impl::handle_message(const HandshakeMessage& message) {
  trace(Direction::inbound,
        std::string(to_string(message.type)) + " (seq " + std::to_string(message.message_seq) +
            ", " + std::to_string(message.body.size()) + " bytes)",
        "RFC 6347 §4.2.2");
  if (step == Step::connected) {
    // RFC 5746 §4.2 / §4.4: we do not renegotiate. A HelloRequest or a new ClientHello after
    // the handshake gets a no_renegotiation warning and is otherwise ignored.
    if (message.type == HandshakeType::hello_request ||
        message.type == HandshakeType::client_hello) {
      send_alert(false, Alert::no_renegotiation);
    }
    return;
  }
  if (config.role == Role::client) {
    client_on_message(message);
  } else {
    server_on_message(message);
  }
}

void DtlsEndpoint::Impl::handle_change_cipher_spec(BytesView plaintext) {
  // RFC 5246 §7.1: a single byte of value 1. It takes effect only once every handshake message
  // before Finished has been processed: a CCS that overtook them (reordering) is remembered
  // and applied when they arrive; if they were lost, the retransmitted flight brings them.
  if (plaintext.size() != 1 || plaintext[0] != 1 || read_epoch != 0) return;
  trace(Direction::inbound, "ChangeCipherSpec: peer switches to epoch 1", "RFC 5246 §7.1");
  early_change_cipher_spec = true;
  maybe_switch_read_epoch();
}

void DtlsEndpoint::Impl::maybe_switch_read_epoch() {
  if (early_change_cipher_spec && read_epoch == 0 && expect == HandshakeType::finished &&
      pending_read && step != Step::connected) {
    early_change_cipher_spec = false;
    switch_read_epoch();
  }
}

void DtlsEndpoint::Impl::switch_read_epoch() {
  read_protection = std::move(pending_read);
  pending_read.reset();
  read_epoch = 1;
  replay.reset();  // sequence numbers restart at 0 in each epoch (RFC 6347 §4.1)
  auto held = std::move(next_epoch_records);
  next_epoch_records.clear();
  for (const Bytes& r : held) {
    for (const Record& record : parse_records(r)) handle_record(record);
    if (step == Step::failed || step == Step::closed) return;
  }
  while (auto message = reassembler.pop()) {
    handle_message(*message);
    if (step == Step::failed || step == Step::closed) return;
  }
}

void DtlsEndpoint::Impl::handle_alert(BytesView plaintext) {
  if (plaintext.size() != 2) return;
  const auto level = plaintext[0];
  const auto description = static_cast<Alert>(plaintext[1]);
  trace(Direction::inbound,
        std::string("Alert ") + (level == 2 ? "fatal " : "warning ") + to_string(description),
        "RFC 5246 §7.2");
  if (description == Alert::close_notify) {
    // RFC 5246 §7.2.1: answer with our own close_notify and close.
    if (step != Step::closed) send_alert(false, Alert::close_notify);
    step = Step::closed;
    timer_running = false;
    events.push_back(Closed{});
    return;
  }
  if (level == 2) {
    step = Step::failed;
    timer_running = false;
    events.push_back(
        Failed{description, true,
               Error{Errc::state, std::string("peer sent fatal alert ") + to_string(description),
                     std::nullopt, std::nullopt, std::nullopt}});
  }
}

// ---------------------------------------------------------------------------------------------
// Sending: flights -> fragments -> records -> datagrams.

FlightMessage DtlsEndpoint::Impl::handshake(HandshakeType type, Bytes body, std::uint16_t epoch) {
  return FlightMessage{ContentType::handshake, epoch, type, next_send_seq++, std::move(body)};
}

void DtlsEndpoint::Impl::add_to_transcript(const FlightMessage& m) {
  // RFC 6347 §4.2.6: hashed as if sent as one fragment, DTLS header included.
  transcript.update(encode_handshake(m.type, m.message_seq, m.body));
}

void DtlsEndpoint::Impl::add_to_transcript(const HandshakeMessage& m) {
  transcript.update(encode_handshake(m.type, m.message_seq, m.body));
}

void DtlsEndpoint::Impl::send_flight(std::string name, std::vector<FlightMessage> flight,
                                     bool expect_reply) {
  last_flight = std::move(flight);
  last_flight_name = std::move(name);
  std::string summary = last_flight_name + ":";
  for (const auto& m : last_flight) {
    summary += m.content == ContentType::change_cipher_spec ? std::string(" [ChangeCipherSpec]")
                                                            : std::string(" ") + to_string(m.type);
  }
  trace(Direction::outbound, summary, "RFC 6347 §4.2.4");
  transmit_flight();
  // RFC 6347 §4.2.4: a flight that expects an answer arms the timer; the last flight of the
  // handshake does not (it is repeated only when the peer repeats its own).
  timer_running = expect_reply;
  if (expect_reply) {
    rto = config.retransmit_initial;
    retransmit_at = now + rto;
  }
}

Bytes DtlsEndpoint::Impl::protect(ContentType type, std::uint16_t epoch, BytesView plaintext) {
  RecordHeader h{type, kDtls12, epoch, write_seq[epoch]++, 0};
  if (epoch == 0) {
    ByteWriter w(kRecordHeaderSize + plaintext.size());
    write_record(w, h, plaintext);
    return w.take();
  }
  // Sealed in place after the header: every SCTP packet (RFC 8261) passes here, so one
  // buffer per record and no copy of the ciphertext.
  const std::size_t fragment_size = plaintext.size() + write_protection->overhead();
  ByteWriter w(kRecordHeaderSize + fragment_size);
  write_record_header(w, h, fragment_size);
  w.zeros(fragment_size);
  if (!write_protection->seal_into(h, plaintext, w.mutable_view().subspan(kRecordHeaderSize))) {
    return {};  // cannot happen with sizes we control
  }
  return w.take();
}

void DtlsEndpoint::Impl::transmit_flight() {
  // RFC 6347 §4.1.1.1 and §4.2.3: fill datagrams up to the MTU, splitting a handshake
  // message into fragments when it does not fit; several records per datagram.
  Bytes datagram;
  auto flush = [&] {
    if (!datagram.empty()) outgoing.push_back(std::move(datagram));
    datagram.clear();
  };
  last_transmit = now;
  const std::size_t mtu = std::max<std::size_t>(config.mtu, 200);
  for (const auto& m : last_flight) {
    const std::size_t overhead = kRecordHeaderSize + (m.epoch > 0 ? AeadProtection::kOverhead : 0);
    if (m.content != ContentType::handshake) {
      if (datagram.size() + overhead + m.body.size() > mtu) flush();
      const Bytes r = protect(m.content, m.epoch, m.body);
      datagram.insert(datagram.end(), r.begin(), r.end());
      continue;
    }
    std::size_t offset = 0;
    for (;;) {
      const std::size_t used = datagram.size() + overhead + kHandshakeHeaderSize;
      const std::size_t room = used < mtu ? mtu - used : 0;
      const std::size_t left = m.body.size() - offset;
      if (!datagram.empty() && room < std::max<std::size_t>(1, std::min<std::size_t>(left, 64))) {
        flush();  // not worth a tiny fragment: start a new datagram
        continue;
      }
      const std::size_t n = std::min(room, left);
      ByteWriter frag(kHandshakeHeaderSize + n);
      write_handshake_header(
          frag, HandshakeHeader{m.type, static_cast<std::uint32_t>(m.body.size()), m.message_seq,
                                static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(n)});
      frag.bytes(BytesView(m.body).subspan(offset, n));
      const Bytes r = protect(ContentType::handshake, m.epoch, frag.view());
      datagram.insert(datagram.end(), r.begin(), r.end());
      offset += n;
      if (offset >= m.body.size()) break;
    }
  }
  flush();
}

void DtlsEndpoint::Impl::send_record(ContentType type, BytesView plaintext) {
  outgoing.push_back(protect(type, write_epoch, plaintext));
}

void DtlsEndpoint::Impl::send_alert(bool fatal, Alert alert) {
  const std::uint8_t body[2] = {static_cast<std::uint8_t>(fatal ? 2 : 1),
                                static_cast<std::uint8_t>(alert)};
  trace(Direction::outbound,
        std::string("Alert ") + (fatal ? "fatal " : "warning ") + to_string(alert),
        "RFC 5246 §7.2");
  send_record(ContentType::alert, body);
}

void DtlsEndpoint::Impl::fail(Alert alert, Errc code, std::string reason) {
  if (step == Step::failed || step == Step::closed) return;
  trace(Direction::local, "handshake failed: " + reason, "RFC 5246 §7.2.2");
  if (step != Step::idle) send_alert(true, alert);
  step = Step::failed;
  timer_running = false;
  events.push_back(Failed{
      alert, false, Error{code, std::move(reason), std::nullopt, std::nullopt, std::nullopt}});
}

void DtlsEndpoint::Impl::fail_timeout() {
  trace(Direction::local, "handshake timed out", "RFC 6347 §4.2.4");
  step = Step::failed;
  timer_running = false;
  events.push_back(Failed{std::nullopt, false,
                          Error{Errc::timeout, "DTLS handshake did not complete in time",
                                std::nullopt, std::nullopt, std::nullopt}});
}

// ---------------------------------------------------------------------------------------------
// Keys and completion.

void DtlsEndpoint::Impl::derive_keys(BytesView pre_master_secret, BytesView session_hash) {
  // RFC 7627 §4: the master secret is bound to the whole handshake so far.
  master_secret = extended_master_secret(pre_master_secret, session_hash);
  if (config.keylog) {
    // NSS key log format: Wireshark uses it to decrypt a capture of this association.
    config.keylog("CLIENT_RANDOM " + to_hex(client_random) + " " + to_hex(master_secret));
  }
  // RFC 5246 §6.3 for an AEAD suite: no MAC keys, then
  //   client_write_key[K] server_write_key[K] client_write_IV[I] server_write_IV[I]
  // with K = 16, I = 4 for AES-128-GCM (RFC 5288 §3) and K = 32, I = 12 for ChaCha20-Poly1305
  // (RFC 7905 §2).
  const auto [k, iv] = key_sizes(cipher_suite);
  const Bytes block = key_block(master_secret, client_random, server_random, 2 * k + 2 * iv);
  const BytesView b(block);
  auto client = AeadProtection::create(cipher_suite, b.subspan(0, k), b.subspan(2 * k, iv));
  auto server = AeadProtection::create(cipher_suite, b.subspan(k, k), b.subspan(2 * k + iv, iv));
  if (!client || !server) {
    fail(Alert::internal_error, Errc::crypto,
         std::string("cannot set up ") + to_string(cipher_suite));
    return;
  }
  if (config.role == Role::client) {
    pending_write = std::move(*client);
    pending_read = std::move(*server);
  } else {
    pending_write = std::move(*server);
    pending_read = std::move(*client);
  }
}

bool DtlsEndpoint::Impl::check_peer_certificate(const CertificateMessage& message) {
  if (message.certificate_list.empty()) {
    // WebRTC authenticates both sides (RFC 8827 §6.5): no certificate, no association.
    fail(Alert::handshake_failure, Errc::integrity, "peer sent no certificate");
    return false;
  }
  const Bytes& der = message.certificate_list.front();
  auto cert = crypto::Certificate::parse(der);
  if (!cert) {
    fail(Alert::unsupported_certificate, Errc::unsupported,
         "peer certificate: " + cert.error().message);
    return false;
  }
  if (!config.insecure_accept_any_certificate) {
    // RFC 8122 §5 / RFC 8842 §5.1: the certificate must hash to the signalled fingerprint.
    if (!config.remote_fingerprint || !config.remote_fingerprint->matches(der)) {
      const Bytes actual =
          crypto::digest(config.remote_fingerprint ? config.remote_fingerprint->algorithm
                                                   : crypto::HashAlgorithm::sha256,
                         der);
      fail(Alert::bad_certificate, Errc::integrity,
           "peer certificate fingerprint " + to_hex_colon(actual) +
               " does not match the remote fingerprint from SDP");
      return false;
    }
  }
  trace(Direction::local,
        config.insecure_accept_any_certificate
            ? "peer certificate accepted without a fingerprint check (insecure)"
            : "peer certificate matches the SDP fingerprint",
        "RFC 8122 §5");
  peer_certificate = std::move(*cert);
  return true;
}

void DtlsEndpoint::Impl::complete_handshake() {
  step = Step::connected;
  handshake_completed = true;
  timer_running = false;
  Connected c{cipher_suite, group,
              srtp_profile, {},
              std::nullopt, Bytes(peer_certificate->der().begin(), peer_certificate->der().end())};
  if (srtp_profile) {
    // RFC 5764 §4.2: keys for SRTP come from the exporter with label EXTRACTOR-dtls_srtp.
    const auto& info = srtp_profile_info(*srtp_profile);
    c.keying_material =
        dtls::export_keying_material(master_secret, kDtlsSrtpExporterLabel, client_random,
                                     server_random, info.keying_material_size());
    c.srtp_keys = split_srtp_keying_material(*srtp_profile, c.keying_material);
  }
  trace(Direction::local,
        std::string("handshake complete: DTLS 1.2, ") + to_string(cipher_suite) + ", " +
            crypto::to_string(group) +
            (srtp_profile ? std::string(", ") + std::string(srtp_profile_info(*srtp_profile).name)
                          : std::string(", no SRTP")),
        "RFC 6347 §4.2.4");
  events.push_back(std::move(c));
}

void DtlsEndpoint::Impl::trace(Direction direction, std::string summary, std::string_view rfc) {
  rtc::trace(config.trace, now, "dtls", direction, std::move(summary), rfc);
}

}  // namespace rtc::dtls
