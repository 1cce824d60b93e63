// DtlsEndpoint: one DTLS 1.2 association (RFC 6347), sans-IO (ARCHITECTURE.md).
//
//   DtlsEndpoint dtls(config, random);
//   dtls.start(now);                                   // the client sends its ClientHello
//   dtls.handle_receive(now, datagram);                // bytes from the peer
//   dtls.handle_timeout(now);                          // when poll_timeout() says so
//   while (auto d = dtls.poll_transmit()) send(*d);    // datagrams to the peer
//   while (auto e = dtls.poll_event()) ...;            // Connected, ApplicationData, ...
//
// The handshake, flight by flight (RFC 6347 §4.2.4, with WebRTC's mutual authentication):
//
//   Client                                           Server
//   ------                                           ------
//   ClientHello                      -------->                          Flight 1
//                                    <--------   HelloVerifyRequest     Flight 2
//   ClientHello (with cookie)        -------->                          Flight 3
//                                                       ServerHello     |
//                                                       Certificate     |
//                                                 ServerKeyExchange     | Flight 4
//                                                CertificateRequest     |
//                                    <--------      ServerHelloDone     |
//   Certificate                                                         |
//   ClientKeyExchange                                                   |
//   CertificateVerify                                                   | Flight 5
//   [ChangeCipherSpec]                                                  |
//   Finished                         -------->                          |
//                                                [ChangeCipherSpec]     | Flight 6
//                                    <--------             Finished     |
//
// client_flights.cpp writes the client's side and server_flights.cpp the server's, in this
// order; endpoint.cpp is the machinery both share (records, epochs, flights, timers, alerts).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rtc/common/bytes.hpp"
#include "rtc/common/crypto_pk.hpp"
#include "rtc/common/error.hpp"
#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/dtls/fingerprint.hpp"
#include "rtc/dtls/record.hpp"
#include "rtc/dtls/srtp_profile.hpp"

namespace rtc::dtls {

enum class Role : std::uint8_t { client, server };
const char* to_string(Role role);
// RFC 8842 §5.2 (a=setup, RFC 4145 §4): the "active" endpoint initiates, i.e. is the DTLS
// client; "passive" is the server. (An "actpass" offerer becomes whatever the answer leaves.)
inline Role role_from_setup(std::string_view local_setup) {
  return local_setup == "active" ? Role::client : Role::server;
}

// AlertDescription (RFC 5246 §7.2).
enum class Alert : std::uint8_t {
  close_notify = 0,
  unexpected_message = 10,
  bad_record_mac = 20,
  handshake_failure = 40,
  bad_certificate = 42,
  unsupported_certificate = 43,
  illegal_parameter = 47,
  decode_error = 50,
  decrypt_error = 51,
  protocol_version = 70,
  insufficient_security = 71,
  internal_error = 80,
  no_renegotiation = 100,
  unsupported_extension = 110,
};
const char* to_string(Alert alert);

// The endpoint's long-term identity: an ECDSA P-256 key and its self-signed certificate
// (RFC 8827 §6.5). Shared by every association of a PeerConnection, hence shared_ptr.
struct Identity {
  crypto::EcdsaP256PrivateKey key;
  crypto::Certificate certificate;
  // `now` is the wall-clock time for the certificate's validity (handed in, sans-IO).
  static Result<std::shared_ptr<const Identity>> generate(std::chrono::system_clock::time_point now,
                                                          std::string_view common_name = "rtc");
};

struct Config {
  Role role = Role::client;
  std::shared_ptr<const Identity> identity;
  // The peer's a=fingerprint from SDP. Required unless insecure_accept_any_certificate.
  std::optional<Fingerprint> remote_fingerprint;
  bool insecure_accept_any_certificate = false;  // for talking to `openssl s_client` by hand
  // SRTP profiles to offer (client) or accept (server), in preference order (RFC 5764 §4.1.1).
  // Empty: no use_srtp extension (plain DTLS, e.g. for tests or SCTP-only use).
  std::vector<SrtpProfileId> srtp_profiles = default_srtp_profiles();
  // Cipher suites to offer (client, in this preference order; empty offers the defaults) or
  // accept (server, which takes the first of the client's list that is also here: the client's
  // preference, as browsers and openssl expect by default).
  std::vector<CipherSuite> cipher_suites = default_cipher_suites();
  // ECDHE groups in preference order (RFC 8422 §5.1.1).
  std::vector<crypto::NamedGroup> groups = {crypto::NamedGroup::x25519,
                                            crypto::NamedGroup::secp256r1};
  // Largest datagram we send; handshake messages are fragmented to fit (RFC 6347 §4.1.1.1).
  std::size_t mtu = 1200;
  // RFC 6347 §4.2.4.1: 1 s initial, doubled on each retransmission, at most 60 s.
  Duration retransmit_initial = std::chrono::seconds(1);
  Duration retransmit_max = std::chrono::seconds(60);
  // The whole handshake must finish within this, or the endpoint fails with Errc::timeout.
  Duration handshake_timeout = std::chrono::seconds(30);
  // Server: answer a ClientHello without a valid cookie with HelloVerifyRequest (§4.2.1).
  bool require_cookie = true;
  // Server: what identifies the client's transport address (mixed into the cookie); may be
  // empty when the endpoint serves one 5-tuple.
  Bytes peer_identity;
  // NSS key log lines ("CLIENT_RANDOM <client_random> <master_secret>"), for Wireshark.
  std::function<void(std::string_view line)> keylog;
  // The learner's timeline: one event per flight, per handshake message, per alert.
  TraceSink* trace = nullptr;
  bool trace_records = false;  // also one event per record received
};

// The handshake finished; keys are in place.
struct Connected {
  CipherSuite cipher_suite;
  crypto::NamedGroup group;
  std::optional<SrtpProfileId> srtp_profile;
  // EXTRACTOR-dtls_srtp keying material for the profile (RFC 5764 §4.2), empty without SRTP,
  // and the same split into master keys and salts.
  Bytes keying_material;
  std::optional<SrtpKeyingMaterial> srtp_keys;
  Bytes peer_certificate;  // DER
};
struct ApplicationData {
  Bytes data;
};
// The peer sent close_notify, or we called close().
struct Closed {};
// A fatal error: a fatal alert we sent (`alert`, received_from_peer = false) or received, or a
// timeout (no alert).
struct Failed {
  std::optional<Alert> alert;
  bool received_from_peer = false;
  Error error;
};
using Event = std::variant<Connected, ApplicationData, Closed, Failed>;

enum class State : std::uint8_t { idle, handshaking, connected, closed, failed };
const char* to_string(State state);

class DtlsEndpoint {
 public:
  // `random` supplies the hello randoms and the cookie secret; it must outlive the endpoint.
  DtlsEndpoint(Config config, Random& random);
  DtlsEndpoint(DtlsEndpoint&&) noexcept;
  DtlsEndpoint& operator=(DtlsEndpoint&&) noexcept;
  ~DtlsEndpoint();

  // Client: sends flight 1. Server: starts listening (nothing to send).
  void start(Timestamp now);
  void handle_receive(Timestamp now, BytesView datagram);
  void handle_timeout(Timestamp now);
  std::optional<Bytes> poll_transmit();
  std::optional<Event> poll_event();
  std::optional<Timestamp> poll_timeout() const;

  // Application data (SCTP packets, RFC 8261) in one record; only when connected.
  Result<void> send(BytesView data);
  // Sends close_notify (RFC 5246 §7.2.1) and ends the association.
  void close(Timestamp now);

  State state() const;
  Role role() const;
  // RFC 5705 exporter (no context) on the established association.
  Result<Bytes> export_keying_material(std::string_view label, std::size_t length) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace rtc::dtls
