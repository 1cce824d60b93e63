// DtlsEndpoint's state, shared by endpoint.cpp (record layer, flights, timers, alerts),
// client_flights.cpp and server_flights.cpp (the two sides of the handshake). Not installed.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "rtc/common/crypto.hpp"
#include "rtc/common/crypto_pk.hpp"
#include "rtc/dtls/cookie.hpp"
#include "rtc/dtls/endpoint.hpp"
#include "rtc/dtls/handshake_messages.hpp"
#include "rtc/dtls/reassembly.hpp"
#include "rtc/dtls/record.hpp"

namespace rtc::dtls {

// Where the handshake stands. Each "wait" state names the flight we expect next.
enum class Step : std::uint8_t {
  idle,
  client_wait_flight2_or_4,  // sent flight 1: HelloVerifyRequest or ServerHello next
  client_wait_flight4,       // sent flight 3 (ClientHello with cookie)
  client_wait_flight6,       // sent flight 5
  server_listen,             // stateless: waiting for a ClientHello with a valid cookie
  server_wait_flight5,       // sent flight 4
  connected,
  closed,
  failed,
};

// One message of a flight, kept unprotected so that a retransmission can re-fragment it and
// protect it again with fresh record sequence numbers (RFC 6347 §4.2.4: a retransmitted
// flight is new records, not copies).
struct FlightMessage {
  ContentType content = ContentType::handshake;
  std::uint16_t epoch = 0;
  HandshakeType type = HandshakeType::hello_request;
  std::uint16_t message_seq = 0;
  Bytes body;  // the handshake body, or {1} for ChangeCipherSpec
};

struct DtlsEndpoint::Impl {
  Impl(Config c, Random& r) : config(std::move(c)), random(r) {}

  Config config;
  Random& random;
  Timestamp now{};
  Step step = Step::idle;

  // --- handshake state (RFC 5246 §7.4) ---
  Bytes client_random, server_random;
  ClientHello client_hello;  // the client's own, re-sent with the cookie as flight 3
  crypto::Hash transcript{crypto::HashAlgorithm::sha256};  // RFC 5246 §7.4.9 handshake_messages
  std::optional<crypto::EcdhKeyPair> ecdh;
  crypto::NamedGroup group = crypto::NamedGroup::x25519;
  Bytes peer_ecdh_public;
  std::optional<crypto::Certificate> peer_certificate;
  bool certificate_requested = false;
  CipherSuite cipher_suite = CipherSuite::ecdhe_ecdsa_aes_128_gcm_sha256;
  std::optional<SrtpProfileId> srtp_profile;
  Bytes master_secret;
  bool handshake_completed = false;
  HandshakeType expect = HandshakeType::hello_request;  // next message we accept
  std::uint16_t next_send_seq = 0;
  HandshakeReassembler reassembler;
  std::optional<CookieGenerator> cookies;

  // --- record layer (RFC 6347 §4.1) ---
  std::uint16_t read_epoch = 0, write_epoch = 0;
  std::uint64_t write_seq[2] = {0, 0};
  std::optional<AeadProtection> read_protection, write_protection;
  std::optional<AeadProtection> pending_read, pending_write;  // keys before ChangeCipherSpec
  ReplayWindow replay;
  std::vector<Bytes> next_epoch_records;  // records of read_epoch + 1, held until CCS
  std::uint64_t current_record_seq = 0;   // of the record being processed (for HVR)
  bool early_change_cipher_spec = false;  // CCS arrived before the messages preceding it

  // --- flights and timers (RFC 6347 §4.2.4) ---
  std::vector<FlightMessage> last_flight;
  std::string last_flight_name;
  bool timer_running = false;
  Duration rto{};
  Timestamp retransmit_at{};
  std::optional<Timestamp> handshake_deadline;
  bool peer_retransmitted = false;         // set while processing one datagram
  std::optional<Timestamp> last_transmit;  // when the current flight last went out

  std::deque<Bytes> outgoing;
  std::deque<Event> events;

  // endpoint.cpp
  void handle_datagram(BytesView datagram);
  void handle_record(const Record& record);
  void handle_plaintext(ContentType type, std::uint16_t epoch, BytesView plaintext);
  // RFC 5246 §6.2.1: application data is never in epoch 0, and only taken once the handshake
  // completed here.
  bool accepts_application_data(std::uint16_t epoch) const {
    return epoch != 0 && step == Step::connected;
  }
  void handle_handshake_record(std::uint16_t epoch, BytesView plaintext);
  void handle_change_cipher_spec(BytesView plaintext);
  void handle_alert(BytesView plaintext);
  void handle_message(const HandshakeMessage& message);
  void send_flight(std::string name, std::vector<FlightMessage> flight, bool expect_reply);
  void transmit_flight();
  void send_record(ContentType type, BytesView plaintext);
  Bytes protect(ContentType type, std::uint16_t epoch, BytesView plaintext);
  void send_alert(bool fatal, Alert alert);
  void fail(Alert alert, Errc code, std::string reason);
  void fail_timeout();
  FlightMessage handshake(HandshakeType type, Bytes body, std::uint16_t epoch = 0);
  void add_to_transcript(const FlightMessage& m);
  void add_to_transcript(const HandshakeMessage& m);
  void derive_keys(BytesView pre_master_secret, BytesView session_hash);
  void switch_read_epoch();
  void maybe_switch_read_epoch();
  void complete_handshake();
  bool check_peer_certificate(const CertificateMessage& message);
  void trace(Direction direction, std::string summary, std::string_view rfc);

  // client_flights.cpp
  void client_send_flight1();
  void client_on_message(const HandshakeMessage& message);
  void client_on_hello_verify_request(const HandshakeMessage& message);
  void client_on_server_hello(const HandshakeMessage& message);
  void client_on_certificate(const HandshakeMessage& message);
  void client_on_server_key_exchange(const HandshakeMessage& message);
  void client_on_certificate_request(const HandshakeMessage& message);
  void client_on_server_hello_done(const HandshakeMessage& message);
  void client_send_flight5();
  void client_on_finished(const HandshakeMessage& message);

  // server_flights.cpp
  void server_on_message(const HandshakeMessage& message);
  void server_on_client_hello(const HandshakeMessage& message);
  void server_send_flight4(const ClientHello& hello);
  void server_on_certificate(const HandshakeMessage& message);
  void server_on_client_key_exchange(const HandshakeMessage& message);
  void server_on_certificate_verify(const HandshakeMessage& message);
  void server_on_finished(const HandshakeMessage& message);
  void server_send_flight6();
};

}  // namespace rtc::dtls
