#include "rtc/sctp/cookie.hpp"

namespace rtc::sctp {

namespace {
std::int64_t to_us(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}
}  // namespace

CookieSigner::CookieSigner(BytesView secret)
    : key_(std::make_unique<crypto::HmacKey>(crypto::HashAlgorithm::sha256, secret)) {}

Bytes CookieSigner::sign(const CookieContents& c) {
  ByteWriter w(kCookieSize);
  w.u64(static_cast<std::uint64_t>(to_us(c.created)));
  w.u32(static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(c.lifetime).count()));
  w.u32(c.local_tag);
  w.u32(c.peer_tag);
  w.u32(c.local_initial_tsn);
  w.u32(c.peer_initial_tsn);
  w.u32(c.peer_a_rwnd);
  w.u16(c.outbound_streams);
  w.u16(c.inbound_streams);
  w.u8(c.peer_forward_tsn ? 1 : 0);
  w.u8(c.peer_reconfig ? 1 : 0);
  std::uint8_t mac[kMacSize];
  key_->sign({w.view()}, MutableBytesView(mac, kMacSize));
  w.bytes(BytesView(mac, kMacSize));
  return w.take();
}

Result<CookieContents> CookieSigner::verify(BytesView cookie, Timestamp now, Duration* staleness) {
  if (cookie.size() != kCookieSize) return fail(Errc::integrity, "state cookie has the wrong size");
  const BytesView body = cookie.first(kBodySize);
  // §5.1.5 step 2: compare the MAC before trusting any field.
  if (!key_->verify({body}, cookie.subspan(kBodySize))) {
    return fail(Errc::integrity, "state cookie MAC does not verify");
  }
  CookieContents c;
  c.created = Timestamp(std::chrono::microseconds(static_cast<std::int64_t>(load_be64(body, 0))));
  c.lifetime = std::chrono::milliseconds(load_be32(body, 8));
  c.local_tag = load_be32(body, 12);
  c.peer_tag = load_be32(body, 16);
  c.local_initial_tsn = load_be32(body, 20);
  c.peer_initial_tsn = load_be32(body, 24);
  c.peer_a_rwnd = load_be32(body, 28);
  c.outbound_streams = load_be16(body, 32);
  c.inbound_streams = load_be16(body, 34);
  c.peer_forward_tsn = body[36] != 0;
  c.peer_reconfig = body[37] != 0;
  // §5.1.5 step 3: a cookie older than its lifetime is stale.
  if (now > c.created + c.lifetime) {
    if (staleness != nullptr) *staleness = now - (c.created + c.lifetime);
    return fail(Errc::timeout, "state cookie is stale");
  }
  return c;
}

}  // namespace rtc::sctp
