// 04: a DTLS 1.2 handshake between two endpoints in memory, printed flight by flight.
//
// Two DtlsEndpoints (dtls/endpoint.hpp) exchange datagrams through plain variables: no
// sockets, no threads, a virtual clock. Each step of the handshake is printed from the trace
// (RFC 6347 §4.2.4's flights), then the negotiated parameters and the SRTP keys that
// DTLS-SRTP (RFC 5764 §4.2) hands to SRTP.
#include <cstdio>

#include "rtc/common/encoding.hpp"
#include "rtc/common/random.hpp"
#include "rtc/dtls/endpoint.hpp"

int main() {
  using namespace rtc;
  using namespace rtc::dtls;
  // Each side has a self-signed certificate; SDP would carry its fingerprint to the other.
  auto alice_id = Identity::generate(std::chrono::system_clock::now()).value();
  auto bob_id = Identity::generate(std::chrono::system_clock::now()).value();
  std::printf("alice a=fingerprint:%s\nbob   a=fingerprint:%s\n\n",
              alice_id->certificate.to_sdp_fingerprint().c_str(),
              bob_id->certificate.to_sdp_fingerprint().c_str());

  ManualClock clock;
  const Timestamp origin = clock.now();
  FunctionTraceSink client_trace(
      [&](const TraceEvent& e) { std::printf("client %s\n", format_trace(e, origin).c_str()); });
  FunctionTraceSink server_trace(
      [&](const TraceEvent& e) { std::printf("server %s\n", format_trace(e, origin).c_str()); });
  // a=setup:active (the answerer, RFC 8842 §5.2) is the DTLS client.
  Config client_config;
  client_config.role = role_from_setup("active");
  client_config.identity = alice_id;
  client_config.remote_fingerprint =
      Fingerprint::parse(bob_id->certificate.to_sdp_fingerprint()).value();
  client_config.trace = &client_trace;
  Config server_config;
  server_config.role = role_from_setup("passive");
  server_config.identity = bob_id;
  server_config.remote_fingerprint =
      Fingerprint::parse(alice_id->certificate.to_sdp_fingerprint()).value();
  server_config.trace = &server_trace;

  SecureRandom random;
  DtlsEndpoint client(client_config, random);
  DtlsEndpoint server(server_config, random);
  server.start(clock.now());
  client.start(clock.now());
  for (bool moved = true; moved;) {
    moved = false;
    while (auto d = client.poll_transmit()) {
      clock.advance(std::chrono::milliseconds(10));  // 10 ms one way
      server.handle_receive(clock.now(), *d);
      moved = true;
    }
    while (auto d = server.poll_transmit()) {
      clock.advance(std::chrono::milliseconds(10));
      client.handle_receive(clock.now(), *d);
      moved = true;
    }
  }
  while (auto e = client.poll_event()) {
    if (auto* c = std::get_if<Connected>(&*e)) {
      std::printf("\nConnected: %s, %s\n", to_string(c->cipher_suite),
                  c->srtp_profile ? std::string(srtp_profile_info(*c->srtp_profile).name).c_str()
                                  : "no SRTP");
      std::printf("Keying material: %s\n", to_hex(c->keying_material).c_str());
      if (c->srtp_keys) {
        std::printf("  client master key %s salt %s\n",
                    to_hex(c->srtp_keys->client_master_key).c_str(),
                    to_hex(c->srtp_keys->client_master_salt).c_str());
        std::printf("  server master key %s salt %s\n",
                    to_hex(c->srtp_keys->server_master_key).c_str(),
                    to_hex(c->srtp_keys->server_master_salt).c_str());
      }
    }
  }
  return server.state() == State::connected && client.state() == State::connected ? 0 : 1;
}
