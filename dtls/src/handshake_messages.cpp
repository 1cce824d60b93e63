// Handshake message codecs (RFC 5246 §7.4, RFC 6347 §4.2, RFC 8422 §5).
#include "rtc/dtls/handshake_messages.hpp"

namespace rtc::dtls {

const char* to_string(HandshakeType type) {
  switch (type) {
    case HandshakeType::hello_request:
      return "HelloRequest";
    case HandshakeType::client_hello:
      return "ClientHello";
    case HandshakeType::server_hello:
      return "ServerHello";
    case HandshakeType::hello_verify_request:
      return "HelloVerifyRequest";
    case HandshakeType::certificate:
      return "Certificate";
    case HandshakeType::server_key_exchange:
      return "ServerKeyExchange";
    case HandshakeType::certificate_request:
      return "CertificateRequest";
    case HandshakeType::server_hello_done:
      return "ServerHelloDone";
    case HandshakeType::certificate_verify:
      return "CertificateVerify";
    case HandshakeType::client_key_exchange:
      return "ClientKeyExchange";
    case HandshakeType::finished:
      return "Finished";
  }
  return "Unknown";
}

namespace {

// Reads an opaque vector with a length prefix of `prefix` bytes, checking [min, max].
Result<Bytes> vec(ByteReader& r, std::size_t prefix, std::size_t min, std::size_t max,
                  const char* what) {
  Result<std::uint32_t> len = fail(Errc::truncated, "");
  if (prefix == 1) {
    if (auto v = r.u8()) len = *v;
  } else if (prefix == 2) {
    if (auto v = r.u16()) len = *v;
  } else {
    len = r.u24();
  }
  if (!len) return fail_at(Errc::truncated, std::string(what) + ": length missing", r.offset());
  if (*len < min || *len > max) {
    return fail_at(Errc::malformed, std::string(what) + ": length out of range", r.offset());
  }
  auto b = r.bytes(*len);
  if (!b) return fail_at(Errc::truncated, std::string(what) + " runs past the message", r.offset());
  return Bytes(b->begin(), b->end());
}

void put_vec(ByteWriter& w, std::size_t prefix, BytesView b) {
  if (prefix == 1) w.u8(static_cast<std::uint8_t>(b.size()));
  if (prefix == 2) w.u16(static_cast<std::uint16_t>(b.size()));
  if (prefix == 3) w.u24(static_cast<std::uint32_t>(b.size()));
  w.bytes(b);
}

Result<void> at_end(const ByteReader& r, const char* what) {
  if (!r.empty())
    return fail_at(Errc::malformed, std::string("trailing bytes in ") + what, r.offset());
  return {};
}

Result<Bytes> random32(ByteReader& r) {
  auto b = r.bytes(kRandomSize);
  if (!b) return fail(Errc::truncated, "random needs 32 bytes");
  return Bytes(b->begin(), b->end());
}

}  // namespace

Result<std::vector<HandshakeFragment>> parse_handshake_fragments(BytesView record) {
  std::vector<HandshakeFragment> out;
  ByteReader r(record);
  while (!r.empty()) {
    if (r.remaining() < kHandshakeHeaderSize) {
      return fail_at(Errc::truncated, "handshake header needs 12 bytes", r.offset());
    }
    HandshakeHeader h;
    h.type = static_cast<HandshakeType>(r.u8().value());
    h.length = r.u24().value();
    h.message_seq = r.u16().value();
    h.fragment_offset = r.u24().value();
    h.fragment_length = r.u24().value();
    // RFC 6347 §4.2.3: a fragment is [offset, offset + fragment_length) of a length-byte body.
    if (std::uint64_t{h.fragment_offset} + h.fragment_length > h.length) {
      return fail_at(Errc::malformed, "fragment extends past its message", r.offset());
    }
    auto body = r.bytes(h.fragment_length);
    if (!body) return fail_at(Errc::truncated, "fragment runs past the record", r.offset());
    out.push_back(HandshakeFragment{h, *body});
  }
  return out;
}

void write_handshake_header(ByteWriter& out, const HandshakeHeader& h) {
  out.u8(static_cast<std::uint8_t>(h.type));
  out.u24(h.length);
  out.u16(h.message_seq);
  out.u24(h.fragment_offset);
  out.u24(h.fragment_length);
}

Bytes encode_handshake(HandshakeType type, std::uint16_t message_seq, BytesView body) {
  ByteWriter w(kHandshakeHeaderSize + body.size());
  const auto n = static_cast<std::uint32_t>(body.size());
  write_handshake_header(w, HandshakeHeader{type, n, message_seq, 0, n});
  w.bytes(body);
  return w.take();
}

// --- ClientHello ----------------------------------------------------------------------------

Result<ClientHello> ClientHello::parse(BytesView body) {
  ByteReader r(body);
  ClientHello ch;
  auto version = r.u16();
  if (!version) return fail(Errc::truncated, "ClientHello too short");
  ch.client_version = *version;
  auto random = random32(r);
  if (!random) return std::unexpected(random.error());
  ch.random = std::move(*random);
  auto sid = vec(r, 1, 0, 32, "session_id");
  if (!sid) return std::unexpected(sid.error());
  ch.session_id = std::move(*sid);
  auto cookie = vec(r, 1, 0, 255, "cookie");
  if (!cookie) return std::unexpected(cookie.error());
  ch.cookie = std::move(*cookie);
  auto suites = vec(r, 2, 2, 0xfffe, "cipher_suites");
  if (!suites) return std::unexpected(suites.error());
  if (suites->size() % 2 != 0) return fail(Errc::malformed, "cipher_suites: odd length");
  for (std::size_t i = 0; i < suites->size(); i += 2)
    ch.cipher_suites.push_back(load_be16(*suites, i));
  auto comp = vec(r, 1, 1, 255, "compression_methods");
  if (!comp) return std::unexpected(comp.error());
  ch.compression_methods.assign(comp->begin(), comp->end());
  auto ext = parse_extensions(r);
  if (!ext) return std::unexpected(ext.error());
  ch.extensions = std::move(*ext);
  return ch;
}

Bytes ClientHello::encode() const {
  ByteWriter w(256);
  w.u16(client_version);
  w.bytes(random);
  put_vec(w, 1, session_id);
  put_vec(w, 1, cookie);
  w.u16(static_cast<std::uint16_t>(2 * cipher_suites.size()));
  for (auto s : cipher_suites) w.u16(s);
  put_vec(w, 1, compression_methods);
  write_extensions(w, extensions);
  return w.take();
}

// --- HelloVerifyRequest ------------------------------------------------------------------------

Result<HelloVerifyRequest> HelloVerifyRequest::parse(BytesView body) {
  ByteReader r(body);
  HelloVerifyRequest hvr;
  auto version = r.u16();
  if (!version) return fail(Errc::truncated, "HelloVerifyRequest too short");
  hvr.server_version = *version;
  auto cookie = vec(r, 1, 0, 255, "cookie");
  if (!cookie) return std::unexpected(cookie.error());
  hvr.cookie = std::move(*cookie);
  if (auto ok = at_end(r, "HelloVerifyRequest"); !ok) return std::unexpected(ok.error());
  return hvr;
}

Bytes HelloVerifyRequest::encode() const {
  ByteWriter w;
  w.u16(server_version);
  put_vec(w, 1, cookie);
  return w.take();
}

// --- ServerHello -------------------------------------------------------------------------------

Result<ServerHello> ServerHello::parse(BytesView body) {
  ByteReader r(body);
  ServerHello sh;
  auto version = r.u16();
  if (!version) return fail(Errc::truncated, "ServerHello too short");
  sh.server_version = *version;
  auto random = random32(r);
  if (!random) return std::unexpected(random.error());
  sh.random = std::move(*random);
  auto sid = vec(r, 1, 0, 32, "session_id");
  if (!sid) return std::unexpected(sid.error());
  sh.session_id = std::move(*sid);
  auto suite = r.u16();
  auto comp = suite ? r.u8() : Result<std::uint8_t>(std::unexpected(suite.error()));
  if (!comp) return fail(Errc::truncated, "ServerHello too short");
  sh.cipher_suite = *suite;
  sh.compression_method = *comp;
  auto ext = parse_extensions(r);
  if (!ext) return std::unexpected(ext.error());
  sh.extensions = std::move(*ext);
  return sh;
}

Bytes ServerHello::encode() const {
  ByteWriter w(128);
  w.u16(server_version);
  w.bytes(random);
  put_vec(w, 1, session_id);
  w.u16(cipher_suite);
  w.u8(compression_method);
  write_extensions(w, extensions);
  return w.take();
}

// --- Certificate -------------------------------------------------------------------------------

Result<CertificateMessage> CertificateMessage::parse(BytesView body) {
  ByteReader r(body);
  auto list = vec(r, 3, 0, 0xffffff, "certificate_list");
  if (!list) return std::unexpected(list.error());
  if (auto ok = at_end(r, "Certificate"); !ok) return std::unexpected(ok.error());
  CertificateMessage m;
  ByteReader l(*list);
  while (!l.empty()) {
    auto cert = vec(l, 3, 1, 0xffffff, "ASN.1Cert");
    if (!cert) return std::unexpected(cert.error());
    m.certificate_list.push_back(std::move(*cert));
  }
  return m;
}

Bytes CertificateMessage::encode() const {
  ByteWriter list;
  for (const auto& c : certificate_list) put_vec(list, 3, c);
  ByteWriter w(3 + list.size());
  put_vec(w, 3, list.view());
  return w.take();
}

// --- ServerKeyExchange -------------------------------------------------------------------------

Bytes ServerKeyExchange::params() const {
  ByteWriter w;
  w.u8(3);  // ECCurveType named_curve (RFC 8422 §5.4)
  w.u16(named_group);
  put_vec(w, 1, public_key);
  return w.take();
}

Result<ServerKeyExchange> ServerKeyExchange::parse(BytesView body) {
  ByteReader r(body);
  ServerKeyExchange ske;
  auto curve_type = r.u8();
  if (!curve_type) return fail(Errc::truncated, "ServerKeyExchange too short");
  if (*curve_type != 3) return fail(Errc::unsupported, "only named_curve ECDH parameters");
  auto group = r.u16();
  if (!group) return fail(Errc::truncated, "ServerKeyExchange too short");
  ske.named_group = *group;
  auto pub = vec(r, 1, 1, 255, "ECPoint");
  if (!pub) return std::unexpected(pub.error());
  ske.public_key = std::move(*pub);
  auto alg = r.u16();
  if (!alg) return fail(Errc::truncated, "ServerKeyExchange without signature");
  ske.signature_algorithm = *alg;
  auto sig = vec(r, 2, 0, 0xffff, "signature");
  if (!sig) return std::unexpected(sig.error());
  ske.signature = std::move(*sig);
  if (auto ok = at_end(r, "ServerKeyExchange"); !ok) return std::unexpected(ok.error());
  return ske;
}

Bytes ServerKeyExchange::encode() const {
  ByteWriter w(160);
  w.bytes(params());
  w.u16(signature_algorithm);
  put_vec(w, 2, signature);
  return w.take();
}

// --- CertificateRequest ------------------------------------------------------------------------

Result<CertificateRequest> CertificateRequest::parse(BytesView body) {
  ByteReader r(body);
  CertificateRequest cr;
  auto types = vec(r, 1, 1, 255, "certificate_types");
  if (!types) return std::unexpected(types.error());
  cr.certificate_types.assign(types->begin(), types->end());
  auto algs = vec(r, 2, 2, 0xfffe, "supported_signature_algorithms");
  if (!algs) return std::unexpected(algs.error());
  if (algs->size() % 2 != 0) return fail(Errc::malformed, "signature algorithms: odd length");
  for (std::size_t i = 0; i < algs->size(); i += 2)
    cr.signature_algorithms.push_back(load_be16(*algs, i));
  auto cas = vec(r, 2, 0, 0xffff, "certificate_authorities");
  if (!cas) return std::unexpected(cas.error());
  ByteReader c(*cas);
  while (!c.empty()) {
    auto dn = vec(c, 2, 1, 0xffff, "DistinguishedName");
    if (!dn) return std::unexpected(dn.error());
    cr.certificate_authorities.push_back(std::move(*dn));
  }
  if (auto ok = at_end(r, "CertificateRequest"); !ok) return std::unexpected(ok.error());
  return cr;
}

Bytes CertificateRequest::encode() const {
  ByteWriter w;
  put_vec(w, 1, certificate_types);
  w.u16(static_cast<std::uint16_t>(2 * signature_algorithms.size()));
  for (auto a : signature_algorithms) w.u16(a);
  ByteWriter cas;
  for (const auto& dn : certificate_authorities) put_vec(cas, 2, dn);
  put_vec(w, 2, cas.view());
  return w.take();
}

// --- ClientKeyExchange, CertificateVerify, Finished --------------------------------------------

Result<ClientKeyExchange> ClientKeyExchange::parse(BytesView body) {
  ByteReader r(body);
  auto pub = vec(r, 1, 1, 255, "ecdh_Yc");
  if (!pub) return std::unexpected(pub.error());
  if (auto ok = at_end(r, "ClientKeyExchange"); !ok) return std::unexpected(ok.error());
  return ClientKeyExchange{std::move(*pub)};
}

Bytes ClientKeyExchange::encode() const {
  ByteWriter w;
  put_vec(w, 1, public_key);
  return w.take();
}

Result<CertificateVerify> CertificateVerify::parse(BytesView body) {
  ByteReader r(body);
  auto alg = r.u16();
  if (!alg) return fail(Errc::truncated, "CertificateVerify too short");
  auto sig = vec(r, 2, 0, 0xffff, "signature");
  if (!sig) return std::unexpected(sig.error());
  if (auto ok = at_end(r, "CertificateVerify"); !ok) return std::unexpected(ok.error());
  return CertificateVerify{*alg, std::move(*sig)};
}

Bytes CertificateVerify::encode() const {
  ByteWriter w;
  w.u16(signature_algorithm);
  put_vec(w, 2, signature);
  return w.take();
}

Result<Finished> Finished::parse(BytesView body) {
  if (body.size() != 12) return fail(Errc::malformed, "Finished verify_data must be 12 bytes");
  return Finished{Bytes(body.begin(), body.end())};
}

}  // namespace rtc::dtls
