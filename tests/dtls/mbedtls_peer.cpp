// mbedtls_peer: mbedTLS's own DTLS 1.2 (mbedtls_ssl_*), as an independent real peer for the
// interop tests (mbedtls_interop_test.cpp). One handshake on loopback UDP, then one message
// each way, then close_notify.
//
//   mbedtls_peer server PORT CERT KEY     (cookie exchange on, client certificate requested)
//   mbedtls_peer client PORT CERT KEY
//
// Prints, one per line: "READY" (server bound), "CIPHER <name>", "SRTP <profile id or none>",
// "EKM <hex>" (EXTRACTOR-dtls_srtp, 60 bytes, computed from the exported master secret the way
// mbedTLS's own dtls_srtp example does), "RECV <text>", "DONE" or "ERROR <code> <text>".
// mbedTLS 2.28 implements use_srtp with the AES-CM and NULL profiles only (no AEAD profiles).
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/timing.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

struct Keys {
  unsigned char master[48];
  unsigned char randoms[64];
  mbedtls_tls_prf_types prf;
  bool have = false;
};

int export_keys(void* p, const unsigned char* ms, const unsigned char*, size_t, size_t, size_t,
                const unsigned char client_random[32], const unsigned char server_random[32],
                mbedtls_tls_prf_types prf) {
  auto* k = static_cast<Keys*>(p);
  std::memcpy(k->master, ms, 48);
  std::memcpy(k->randoms, client_random, 32);
  std::memcpy(k->randoms + 32, server_random, 32);
  k->prf = prf;
  k->have = true;
  return 0;
}

int fail(const char* what, int rc) {
  char text[200];
  mbedtls_strerror(rc, text, sizeof text);
  std::printf("ERROR %s -0x%04x %s\n", what, static_cast<unsigned>(-rc), text);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: mbedtls_peer client|server PORT CERT KEY\n");
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const bool server = std::strcmp(argv[1], "server") == 0;
  const char* port = argv[2];

  mbedtls_net_context listen_fd, fd;
  mbedtls_ssl_context ssl;
  mbedtls_ssl_config conf;
  mbedtls_x509_crt cert;
  mbedtls_pk_context key;
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  mbedtls_ssl_cookie_ctx cookies;
  mbedtls_timing_delay_context timer;
  mbedtls_net_init(&listen_fd);
  mbedtls_net_init(&fd);
  mbedtls_ssl_init(&ssl);
  mbedtls_ssl_config_init(&conf);
  mbedtls_x509_crt_init(&cert);
  mbedtls_pk_init(&key);
  mbedtls_entropy_init(&entropy);
  mbedtls_ctr_drbg_init(&drbg);
  mbedtls_ssl_cookie_init(&cookies);
  Keys keys;

  int rc = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, nullptr, 0);
  if (rc != 0) return fail("drbg", rc);
  if ((rc = mbedtls_x509_crt_parse_file(&cert, argv[3])) != 0) return fail("cert", rc);
  if ((rc = mbedtls_pk_parse_keyfile(&key, argv[4], nullptr)) != 0) return fail("key", rc);
  rc = mbedtls_ssl_config_defaults(&conf, server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                   MBEDTLS_SSL_TRANSPORT_DATAGRAM, MBEDTLS_SSL_PRESET_DEFAULT);
  if (rc != 0) return fail("config", rc);
  mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
  // WebRTC-style: certificates are self-signed and checked by fingerprint elsewhere; OPTIONAL
  // makes the server send CertificateRequest and lets the handshake go on.
  mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_OPTIONAL);
  mbedtls_ssl_conf_ca_chain(&conf, &cert, nullptr);
  if ((rc = mbedtls_ssl_conf_own_cert(&conf, &cert, &key)) != 0) return fail("own_cert", rc);
  mbedtls_ssl_conf_min_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
  mbedtls_ssl_conf_extended_master_secret(&conf, MBEDTLS_SSL_EXTENDED_MS_ENABLED);
  mbedtls_ssl_conf_export_keys_ext_cb(&conf, export_keys, &keys);
  mbedtls_ssl_conf_read_timeout(&conf, 5000);
  static const mbedtls_ssl_srtp_profile profiles[] = {MBEDTLS_TLS_SRTP_AES128_CM_HMAC_SHA1_80,
                                                      MBEDTLS_TLS_SRTP_AES128_CM_HMAC_SHA1_32,
                                                      MBEDTLS_TLS_SRTP_UNSET};
  if ((rc = mbedtls_ssl_conf_dtls_srtp_protection_profiles(&conf, profiles)) != 0) {
    return fail("srtp", rc);
  }
  if (server) {
    if ((rc = mbedtls_ssl_cookie_setup(&cookies, mbedtls_ctr_drbg_random, &drbg)) != 0) {
      return fail("cookie", rc);
    }
    mbedtls_ssl_conf_dtls_cookies(&conf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check,
                                  &cookies);
  }
  if ((rc = mbedtls_ssl_setup(&ssl, &conf)) != 0) return fail("setup", rc);
  mbedtls_ssl_set_timer_cb(&ssl, &timer, mbedtls_timing_set_delay, mbedtls_timing_get_delay);

  if (server) {
    if ((rc = mbedtls_net_bind(&listen_fd, "127.0.0.1", port, MBEDTLS_NET_PROTO_UDP)) != 0) {
      return fail("bind", rc);
    }
    std::printf("READY\n");
    for (;;) {  // the dtls_server.c dance: HelloVerifyRequest ends one accept, start another
      unsigned char ip[16];
      size_t ip_len = 0;
      if ((rc = mbedtls_net_accept(&listen_fd, &fd, ip, sizeof ip, &ip_len)) != 0) {
        return fail("accept", rc);
      }
      mbedtls_ssl_set_client_transport_id(&ssl, ip, ip_len);
      mbedtls_ssl_set_bio(&ssl, &fd, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
      do rc = mbedtls_ssl_handshake(&ssl);
      while (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE);
      if (rc != MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) break;
      std::printf("HELLO_VERIFY_REQUEST sent\n");
      mbedtls_net_free(&fd);
      mbedtls_ssl_session_reset(&ssl);
    }
  } else {
    if ((rc = mbedtls_net_connect(&fd, "127.0.0.1", port, MBEDTLS_NET_PROTO_UDP)) != 0) {
      return fail("connect", rc);
    }
    mbedtls_ssl_set_bio(&ssl, &fd, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
    do rc = mbedtls_ssl_handshake(&ssl);
    while (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE);
  }
  if (rc != 0) return fail("handshake", rc);
  std::printf("CIPHER %s\n", mbedtls_ssl_get_ciphersuite(&ssl));
  mbedtls_dtls_srtp_info srtp;
  mbedtls_ssl_get_dtls_srtp_negotiation_result(&ssl, &srtp);
  if (srtp.chosen_dtls_srtp_profile == MBEDTLS_TLS_SRTP_UNSET) {
    std::printf("SRTP none\n");
  } else {
    std::printf("SRTP %u\n", static_cast<unsigned>(srtp.chosen_dtls_srtp_profile));
  }
  if (keys.have) {
    unsigned char ekm[60];
    rc = mbedtls_ssl_tls_prf(keys.prf, keys.master, 48, "EXTRACTOR-dtls_srtp", keys.randoms, 64,
                             ekm, sizeof ekm);
    if (rc != 0) return fail("prf", rc);
    std::printf("EKM ");
    for (unsigned char b : ekm) std::printf("%02X", b);
    std::printf("\n");
  }
  unsigned char buf[1024];
  if (server) {
    do rc = mbedtls_ssl_read(&ssl, buf, sizeof buf - 1);
    while (rc == MBEDTLS_ERR_SSL_WANT_READ);
    if (rc <= 0) return fail("read", rc);
    std::printf("RECV %.*s\n", rc, reinterpret_cast<char*>(buf));
    const char reply[] = "pong from mbedtls";
    mbedtls_ssl_write(&ssl, reinterpret_cast<const unsigned char*>(reply), sizeof reply - 1);
  } else {
    const char hello[] = "ping from mbedtls";
    mbedtls_ssl_write(&ssl, reinterpret_cast<const unsigned char*>(hello), sizeof hello - 1);
    do rc = mbedtls_ssl_read(&ssl, buf, sizeof buf - 1);
    while (rc == MBEDTLS_ERR_SSL_WANT_READ);
    if (rc <= 0) return fail("read", rc);
    std::printf("RECV %.*s\n", rc, reinterpret_cast<char*>(buf));
  }
  mbedtls_ssl_close_notify(&ssl);
  std::printf("DONE\n");
  mbedtls_net_free(&fd);
  mbedtls_net_free(&listen_fd);
  mbedtls_ssl_free(&ssl);
  mbedtls_ssl_config_free(&conf);
  mbedtls_ssl_cookie_free(&cookies);
  mbedtls_x509_crt_free(&cert);
  mbedtls_pk_free(&key);
  mbedtls_ctr_drbg_free(&drbg);
  mbedtls_entropy_free(&entropy);
  return 0;
}
