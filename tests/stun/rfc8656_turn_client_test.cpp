// The TURN client (RFC 8656) against a scripted server: every answer below is built by hand
// with MessageBuilder, and a virtual clock drives the timers. Nothing touches the network.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "rtc/common/random.hpp"
#include "rtc/common/time.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/channel_data.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/turn_client.hpp"

namespace rtc::stun {
namespace {

const SocketAddress kServer = *SocketAddress::parse("192.0.2.10:3478");
const SocketAddress kRelayed = *SocketAddress::parse("192.0.2.10:49152");
const SocketAddress kMapped = *SocketAddress::parse("198.51.100.7:40000");
const SocketAddress kPeer = *SocketAddress::parse("203.0.113.5:5000");
const SocketAddress kPeerOtherPort = *SocketAddress::parse("203.0.113.5:6000");
const SocketAddress kPeer2 = *SocketAddress::parse("203.0.113.9:7000");
constexpr std::string_view kRealm = "example.org";

// The server's side of the conversation, scripted.
struct ScriptedServer {
  std::string nonce = "nonce-1";
  IntegrityKeys keys = *IntegrityKeys::long_term("alice", kRealm, "secret");

  // 401 or 438 with REALM and NONCE and no integrity (RFC 8489 §9.2.4).
  Bytes challenge(const MessageView& request, std::uint16_t code = error::kUnauthenticated) {
    auto b = MessageBuilder::error_response(request, code);
    b.add_realm(kRealm).add_nonce(nonce).add_fingerprint();
    return *b.take();
  }
  // A success response, signed with the long-term key; `add` writes the method's attributes.
  template <class Add>
  Bytes success(const MessageView& request, Add&& add) {
    auto b = MessageBuilder::success_response(request);
    add(b);
    sign(b, keys, IntegrityMode::sha1);
    b.add_fingerprint();
    return *b.take();
  }
  Bytes success(const MessageView& request) {
    return success(request, [](MessageBuilder&) {});
  }
  Bytes error(const MessageView& request, std::uint16_t code) {
    auto b = MessageBuilder::error_response(request, code);
    sign(b, keys, IntegrityMode::sha1);
    b.add_fingerprint();
    return *b.take();
  }
  Bytes allocate_success(const MessageView& request, std::uint32_t lifetime = 600) {
    return success(request, [&](MessageBuilder& b) {
      b.add_xor_relayed_address(kRelayed).add_lifetime(lifetime).add_xor_mapped_address(kMapped);
    });
  }
  // A request with valid credentials for this server's realm and current nonce.
  bool authentic(const MessageView& request) {
    auto nonce_seen = request.nonce();
    auto user = request.username();
    return user && *user == "alice" && nonce_seen && *nonce_seen == nonce &&
           verify_integrity(request, keys).has_value();
  }
};

struct Harness {
  ManualClock clock;
  SeededRandom random{7};
  ScriptedServer server;
  TurnClient client;

  explicit Harness(TurnConfig config = base_config())
      : client(*TurnClient::create(std::move(config), random)) {}

  static TurnConfig base_config() {
    TurnConfig c;
    c.server = kServer;
    c.username = "alice";
    c.password = "secret";
    c.software = "rtc test";
    return c;
  }

  std::vector<Bytes> sent() {
    std::vector<Bytes> out;
    while (auto t = client.poll_transmit()) {
      EXPECT_EQ(t->destination, kServer);
      out.push_back(std::move(t->data));
    }
    return out;
  }
  // Exactly one datagram must have been sent; it is returned.
  Bytes one() {
    auto all = sent();
    EXPECT_EQ(all.size(), 1u);
    return all.empty() ? Bytes{} : all.back();
  }
  bool deliver(const Bytes& datagram) {
    return client.handle_receive(clock.now(), kServer, datagram);
  }
  std::vector<TurnEvent> events() {
    std::vector<TurnEvent> out;
    while (auto e = client.poll_event()) out.push_back(std::move(*e));
    return out;
  }
  void advance(Duration d) {
    clock.advance(d);
    client.handle_timeout(clock.now());
  }
  // Runs the timers up to `t`, firing every deadline on the way.
  void run_until(Timestamp t) {
    while (true) {
      auto next = client.poll_timeout();
      if (!next || *next > t) break;
      clock.set(std::max(clock.now(), *next));
      client.handle_timeout(clock.now());
    }
    clock.set(t);
    client.handle_timeout(clock.now());
  }

  // The whole Allocate dance: request, 401, authenticated request, success.
  void allocate(std::uint32_t lifetime = 600) {
    ASSERT_TRUE(client.allocate(clock.now()));
    Bytes first = one();
    auto req1 = MessageView::parse(first);
    ASSERT_TRUE(req1);
    ASSERT_TRUE(deliver(server.challenge(*req1)));
    Bytes second = one();
    auto req2 = MessageView::parse(second);
    ASSERT_TRUE(req2);
    ASSERT_TRUE(server.authentic(*req2));
    ASSERT_TRUE(deliver(server.allocate_success(*req2, lifetime)));
    auto ev = events();
    ASSERT_EQ(ev.size(), 1u);
    ASSERT_TRUE(std::holds_alternative<TurnAllocated>(ev[0]));
    ASSERT_EQ(client.state(), TurnClient::State::allocated);
  }
  // A permission for kPeer's IP, confirmed.
  void permit(const SocketAddress& peer = kPeer) {
    ASSERT_TRUE(client.create_permission(clock.now(), peer));
    Bytes req = one();
    auto m = MessageView::parse(req);
    ASSERT_TRUE(m);
    ASSERT_EQ(m->method(), Method::create_permission);
    ASSERT_TRUE(deliver(server.success(*m)));
    auto ev = events();
    ASSERT_EQ(ev.size(), 1u);
    ASSERT_TRUE(std::holds_alternative<TurnPermissionCreated>(ev[0]));
  }
};

Bytes data_indication(const SocketAddress& peer, std::string_view text) {
  MessageBuilder b(Method::data, MessageClass::indication, TransactionId{1, 2, 3});
  b.add_xor_peer_address(peer).add_data(as_bytes(text)).add_fingerprint();
  return *b.take();
}

// --- Allocate (§7) ---------------------------------------------------------------------------

// §7.1: REQUESTED-TRANSPORT UDP; RFC 8489 §9.2.3.1: the first request has no credentials; the
// 401's REALM and NONCE go into the second, which is signed with MD5(user:realm:password).
TEST(Rfc8656_7_1, AllocateRetriesWithCredentialsAfter401) {
  Harness h;
  ASSERT_TRUE(h.client.allocate(h.clock.now()));
  EXPECT_EQ(h.client.state(), TurnClient::State::allocating);
  Bytes first = h.one();
  auto req1 = MessageView::parse(first);
  ASSERT_TRUE(req1);
  EXPECT_EQ(req1->method(), Method::allocate);
  EXPECT_TRUE(req1->is_request());
  EXPECT_EQ(req1->requested_transport().value_or(0), kProtocolUdp);
  EXPECT_FALSE(req1->has(AttributeType::username));
  EXPECT_FALSE(req1->message_integrity());
  EXPECT_TRUE(req1->fingerprint());
  EXPECT_EQ(req1->software().value_or(""), "rtc test");

  EXPECT_TRUE(h.deliver(h.server.challenge(*req1)));
  EXPECT_TRUE(h.events().empty());
  Bytes second = h.one();
  auto req2 = MessageView::parse(second);
  ASSERT_TRUE(req2);
  EXPECT_NE(req2->transaction_id(), req1->transaction_id());  // a new transaction
  EXPECT_EQ(req2->requested_transport().value_or(0), kProtocolUdp);
  EXPECT_EQ(req2->realm().value_or(""), kRealm);
  EXPECT_EQ(req2->nonce().value_or(""), "nonce-1");
  EXPECT_TRUE(h.server.authentic(*req2));

  EXPECT_TRUE(h.deliver(h.server.allocate_success(*req2, 900)));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* allocated = std::get_if<TurnAllocated>(&ev[0]);
  ASSERT_NE(allocated, nullptr);
  EXPECT_EQ(allocated->relayed, kRelayed);
  ASSERT_TRUE(allocated->mapped);
  EXPECT_EQ(*allocated->mapped, kMapped);
  EXPECT_EQ(allocated->lifetime, seconds(900));
  EXPECT_EQ(h.client.relayed_address(), kRelayed);
  EXPECT_EQ(h.client.expires_at(), h.clock.now() + seconds(900));
}

TEST(Rfc8656_7_1, RequestedAddressFamilyAndLifetime) {
  auto config = Harness::base_config();
  config.requested_family = AddressFamily::ipv6;
  config.requested_lifetime = 1200;
  Harness h(config);
  ASSERT_TRUE(h.client.allocate(h.clock.now()));
  Bytes first = h.one();
  auto req = MessageView::parse(first);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->requested_address_family().value_or(AddressFamily::ipv4), AddressFamily::ipv6);
  EXPECT_EQ(req->lifetime().value_or(0), 1200u);
}

// §7.4 401: "If the client has followed the procedures of the long-term credential mechanism
// and still gets this error, then the server is not accepting the client's credentials."
TEST(Rfc8656_7_4, WrongPasswordFailsWithAClearError) {
  Harness h;
  ASSERT_TRUE(h.client.allocate(h.clock.now()));
  Bytes first = h.one();
  auto req1 = MessageView::parse(first);
  h.deliver(h.server.challenge(*req1));
  Bytes second = h.one();
  auto req2 = MessageView::parse(second);
  h.deliver(h.server.challenge(*req2));  // same nonce: the credentials were refused
  EXPECT_TRUE(h.sent().empty());
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* failed = std::get_if<TurnAllocationFailed>(&ev[0]);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->code, 401);
  EXPECT_NE(failed->error.message.find("wrong username or password"), std::string::npos)
      << failed->error.message;
  EXPECT_EQ(h.client.state(), TurnClient::State::failed);
}

TEST(Rfc8656_7_4, ErrorResponseReportsCodeAndReason) {
  Harness h;
  ASSERT_TRUE(h.client.allocate(h.clock.now()));
  Bytes first = h.one();
  auto req1 = MessageView::parse(first);
  h.deliver(h.server.challenge(*req1));
  Bytes second = h.one();
  auto req2 = MessageView::parse(second);
  h.deliver(h.server.error(*req2, error::kAllocationQuotaReached));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* failed = std::get_if<TurnAllocationFailed>(&ev[0]);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->code, 486);
  EXPECT_NE(failed->error.message.find("486 Allocation Quota Reached"), std::string::npos)
      << failed->error.message;
}

// RFC 8489 §6.2.1: no answer at all ends in a timeout after 39.5 s.
TEST(Rfc8656_7_4, NoAnswerTimesOut) {
  Harness h;
  ASSERT_TRUE(h.client.allocate(h.clock.now()));
  const Timestamp start = h.clock.now();
  h.run_until(start + seconds(40));
  EXPECT_EQ(h.sent().size(), 7u);
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* failed = std::get_if<TurnAllocationFailed>(&ev[0]);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->code, 0);
  EXPECT_EQ(failed->error.code, Errc::timeout);
}

// RFC 8489 §9.2.5: a success response whose MESSAGE-INTEGRITY does not verify is ignored; the
// retransmissions go on and the real answer still counts.
TEST(Rfc8489_9_2_5, ForgedSuccessIsIgnored) {
  Harness h;
  ASSERT_TRUE(h.client.allocate(h.clock.now()));
  Bytes first = h.one();
  auto req1 = MessageView::parse(first);
  h.deliver(h.server.challenge(*req1));
  Bytes second = h.one();
  auto req2 = MessageView::parse(second);
  ScriptedServer forger;
  forger.keys = *IntegrityKeys::long_term("alice", kRealm, "guess");
  EXPECT_TRUE(h.deliver(forger.allocate_success(*req2)));  // ours, but discarded
  EXPECT_TRUE(h.events().empty());
  EXPECT_EQ(h.client.state(), TurnClient::State::allocating);
  EXPECT_TRUE(h.deliver(h.server.allocate_success(*req2)));
  EXPECT_EQ(h.client.state(), TurnClient::State::allocated);
}

// --- Refresh (§8) ----------------------------------------------------------------------------

TEST(Rfc8656_8, RefreshesAboutAMinuteBeforeExpiry) {
  Harness h;
  h.allocate(600);
  const Timestamp allocated_at = h.clock.now();
  ASSERT_TRUE(h.client.poll_timeout());
  EXPECT_EQ(*h.client.poll_timeout(), allocated_at + seconds(540));
  h.run_until(allocated_at + seconds(539));
  EXPECT_TRUE(h.sent().empty());
  h.run_until(allocated_at + seconds(540));
  Bytes refresh = h.one();
  auto req = MessageView::parse(refresh);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->method(), Method::refresh);
  EXPECT_TRUE(h.server.authentic(*req));
  EXPECT_FALSE(req->has(AttributeType::lifetime));  // no preference: the server's default
  h.deliver(h.server.success(*req, [](MessageBuilder& b) { b.add_lifetime(600); }));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* refreshed = std::get_if<TurnRefreshed>(&ev[0]);
  ASSERT_NE(refreshed, nullptr);
  EXPECT_EQ(refreshed->lifetime, seconds(600));
  EXPECT_EQ(h.client.expires_at(), h.clock.now() + seconds(600));
}

// A short lifetime is refreshed at half of it.
TEST(Rfc8656_8, ShortLifetimeRefreshedAtHalf) {
  Harness h;
  h.allocate(60);
  EXPECT_EQ(*h.client.poll_timeout(), h.clock.now() + seconds(30));
}

// RFC 8489 §9.2.5 / RFC 8656 §8.3: "If the client receives a 438 (Stale Nonce) error to its
// request to refresh the allocation, it should reattempt the request with the new nonce value."
TEST(Rfc8656_8_3, StaleNonceIsRetriedWithTheNewNonce) {
  Harness h;
  h.allocate();
  ASSERT_TRUE(h.client.refresh(h.clock.now()));
  Bytes r1 = h.one();
  auto req1 = MessageView::parse(r1);
  h.server.nonce = "nonce-2";
  EXPECT_TRUE(h.deliver(h.server.challenge(*req1, error::kStaleNonce)));
  EXPECT_TRUE(h.events().empty());
  Bytes r2 = h.one();
  auto req2 = MessageView::parse(r2);
  ASSERT_TRUE(req2);
  EXPECT_EQ(req2->method(), Method::refresh);
  EXPECT_EQ(req2->nonce().value_or(""), "nonce-2");
  EXPECT_TRUE(h.server.authentic(*req2));
  h.deliver(h.server.success(*req2, [](MessageBuilder& b) { b.add_lifetime(300); }));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<TurnRefreshed>(ev[0]));
}

// Two requests out with the old nonce both come back 438: both are sent again.
TEST(Rfc8656_8_3, ConcurrentStaleNoncesAreAllRetried) {
  Harness h;
  h.allocate();
  ASSERT_TRUE(h.client.create_permission(h.clock.now(), kPeer));
  ASSERT_TRUE(h.client.create_permission(h.clock.now(), kPeer2));
  auto requests = h.sent();
  ASSERT_EQ(requests.size(), 2u);
  h.server.nonce = "nonce-2";
  for (const auto& r : requests) {
    auto m = MessageView::parse(r);
    h.deliver(h.server.challenge(*m, error::kStaleNonce));
  }
  auto retries = h.sent();
  ASSERT_EQ(retries.size(), 2u);
  for (const auto& r : retries) {
    auto m = MessageView::parse(r);
    ASSERT_TRUE(m);
    EXPECT_TRUE(h.server.authentic(*m));
    h.deliver(h.server.success(*m));
  }
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<TurnPermissionCreated>(ev[0]));
  EXPECT_TRUE(std::holds_alternative<TurnPermissionCreated>(ev[1]));
}

TEST(Rfc8656_8_1, CloseSendsLifetimeZero) {
  Harness h;
  h.allocate();
  h.client.close(h.clock.now());
  EXPECT_EQ(h.client.state(), TurnClient::State::closing);
  Bytes r = h.one();
  auto req = MessageView::parse(r);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->method(), Method::refresh);
  EXPECT_EQ(req->lifetime().value_or(99), 0u);
  EXPECT_TRUE(h.server.authentic(*req));
  h.deliver(h.server.success(*req, [](MessageBuilder& b) { b.add_lifetime(0); }));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* closed = std::get_if<TurnClosed>(&ev[0]);
  ASSERT_NE(closed, nullptr);
  EXPECT_FALSE(closed->error);
  EXPECT_EQ(h.client.state(), TurnClient::State::closed);
  EXPECT_FALSE(h.client.poll_timeout());
}

// §8.3: 437 to a delete means the allocation is already gone: success.
TEST(Rfc8656_8_3, AllocationMismatchOnDeleteIsSuccess) {
  Harness h;
  h.allocate();
  h.client.close(h.clock.now());
  Bytes r = h.one();
  auto req = MessageView::parse(r);
  h.deliver(h.server.error(*req, error::kAllocationMismatch));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* closed = std::get_if<TurnClosed>(&ev[0]);
  ASSERT_NE(closed, nullptr);
  EXPECT_FALSE(closed->error);
}

// §8.3: 437 to a refresh: "it should consider the allocation no longer exists".
TEST(Rfc8656_8_3, AllocationMismatchOnRefreshClosesWithError) {
  Harness h;
  h.allocate();
  ASSERT_TRUE(h.client.refresh(h.clock.now()));
  Bytes r = h.one();
  auto req = MessageView::parse(r);
  h.deliver(h.server.error(*req, error::kAllocationMismatch));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* closed = std::get_if<TurnClosed>(&ev[0]);
  ASSERT_NE(closed, nullptr);
  ASSERT_TRUE(closed->error);
  EXPECT_NE(closed->error->message.find("437"), std::string::npos);
}

// --- Permissions and Send/Data indications (§9, §10, §11) --------------------------------------

// §11.1: data waits for its permission; then it leaves as a Send indication.
TEST(Rfc8656_11_1, SendToCreatesThePermissionFirst) {
  Harness h;
  h.allocate();
  ASSERT_TRUE(h.client.send_to(h.clock.now(), kPeer, as_bytes("hello")));
  ASSERT_TRUE(h.client.send_to(h.clock.now(), kPeerOtherPort, as_bytes("again")));
  Bytes r = h.one();  // one CreatePermission for the IP, no data yet
  auto req = MessageView::parse(r);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->method(), Method::create_permission);
  EXPECT_EQ(req->xor_peer_address().value_or(SocketAddress{}), kPeer);
  EXPECT_TRUE(h.server.authentic(*req));
  EXPECT_FALSE(h.client.has_permission(kPeer));

  h.deliver(h.server.success(*req));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* created = std::get_if<TurnPermissionCreated>(&ev[0]);
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->peer, kPeer);
  EXPECT_TRUE(h.client.has_permission(kPeerOtherPort));  // §9: the port does not matter

  auto data = h.sent();
  ASSERT_EQ(data.size(), 2u);
  auto send = MessageView::parse(data[0]);
  ASSERT_TRUE(send);
  EXPECT_EQ(send->method(), Method::send);
  EXPECT_TRUE(send->is_indication());
  EXPECT_FALSE(send->message_integrity());  // indications are not authenticated
  EXPECT_EQ(send->xor_peer_address().value_or(SocketAddress{}), kPeer);
  EXPECT_EQ(as_string_view(send->data().value_or(BytesView{})), "hello");
  auto send2 = MessageView::parse(data[1]);
  EXPECT_EQ(send2->xor_peer_address().value_or(SocketAddress{}), kPeerOtherPort);

  // With the permission in place, data leaves at once.
  ASSERT_TRUE(h.client.send_to(h.clock.now(), kPeer, as_bytes("now")));
  EXPECT_EQ(h.sent().size(), 1u);
}

TEST(Rfc8656_11_1, SendToNeedsAnAllocationAndTheSameFamily) {
  Harness h;
  EXPECT_EQ(h.client.send_to(h.clock.now(), kPeer, as_bytes("x")).error().code, Errc::state);
  h.allocate();
  auto v6 = *SocketAddress::parse("[2001:db8::1]:5000");
  EXPECT_EQ(h.client.send_to(h.clock.now(), v6, as_bytes("x")).error().code,
            Errc::invalid_argument);
}

TEST(Rfc8656_10_3, PermissionFailureIsReportedAndQueuedDataDropped) {
  Harness h;
  h.allocate();
  ASSERT_TRUE(h.client.send_to(h.clock.now(), kPeer, as_bytes("hello")));
  Bytes r = h.one();
  auto req = MessageView::parse(r);
  h.deliver(h.server.error(*req, error::kForbidden));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* failed = std::get_if<TurnPermissionFailed>(&ev[0]);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->code, 403);
  EXPECT_EQ(failed->peer, kPeer);
  EXPECT_TRUE(h.sent().empty());
  EXPECT_FALSE(h.client.has_permission(kPeer));
}

// §9: permissions last 300 s; the client refreshes them every 240 s.
TEST(Rfc8656_9, PermissionRefreshedBeforeFiveMinutes) {
  Harness h;
  h.allocate(3600);
  h.permit();
  const Timestamp created = h.clock.now();
  h.run_until(created + seconds(239));
  EXPECT_TRUE(h.sent().empty());
  h.run_until(created + seconds(240));
  Bytes r = h.one();
  auto req = MessageView::parse(r);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->method(), Method::create_permission);
  EXPECT_EQ(req->xor_peer_address().value_or(SocketAddress{}), kPeer);
  h.deliver(h.server.success(*req));
  EXPECT_TRUE(h.events().empty());  // a refresh is not news
  h.run_until(created + seconds(480));
  EXPECT_EQ(h.sent().size(), 1u);
}

// §11.4: Data indications from permitted peers become TurnData; others are discarded.
TEST(Rfc8656_11_4, DataIndicationsNeedAPermission) {
  Harness h;
  h.allocate();
  EXPECT_TRUE(h.deliver(data_indication(kPeer, "early")));
  EXPECT_TRUE(h.events().empty());
  h.permit();
  EXPECT_TRUE(h.deliver(data_indication(kPeerOtherPort, "hi")));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* data = std::get_if<TurnData>(&ev[0]);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->peer, kPeerOtherPort);
  EXPECT_EQ(as_string_view(data->data), "hi");
  EXPECT_EQ(data->channel, 0);
}

// --- Channels (§12) ----------------------------------------------------------------------------

TEST(Rfc8656_12, ChannelBindThenChannelDataBothWays) {
  Harness h;
  h.allocate();
  auto number = h.client.bind_channel(h.clock.now(), kPeer);
  ASSERT_TRUE(number);
  EXPECT_EQ(*number, 0x4000);
  EXPECT_EQ(*h.client.bind_channel(h.clock.now(), kPeer), 0x4000);  // same peer, same channel
  Bytes r = h.one();
  auto req = MessageView::parse(r);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->method(), Method::channel_bind);
  EXPECT_EQ(req->channel_number().value_or(0), 0x4000);
  EXPECT_EQ(req->xor_peer_address().value_or(SocketAddress{}), kPeer);
  EXPECT_TRUE(h.server.authentic(*req));
  EXPECT_FALSE(h.client.channel(kPeer));

  // §12: ChannelData may arrive before the ChannelBind response.
  auto early = *encode_channel_data(0x4000, as_bytes("early"));
  EXPECT_TRUE(h.deliver(early));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(std::get<TurnData>(ev[0]).channel, 0x4000);

  h.deliver(h.server.success(*req));
  ev = h.events();
  ASSERT_EQ(ev.size(), 2u);
  auto* bound = std::get_if<TurnChannelBound>(&ev[0]);
  ASSERT_NE(bound, nullptr);
  EXPECT_EQ(bound->channel, 0x4000);
  EXPECT_EQ(bound->peer, kPeer);
  // §12.3: the ChannelBind installed the permission too.
  EXPECT_TRUE(std::holds_alternative<TurnPermissionCreated>(ev[1]));
  EXPECT_EQ(h.client.channel(kPeer), 0x4000);

  // §12.5: 4 bytes of header, then the data.
  ASSERT_TRUE(h.client.send_to(h.clock.now(), kPeer, as_bytes("ping")));
  Bytes frame = h.one();
  EXPECT_EQ(frame, (Bytes{0x40, 0x00, 0x00, 0x04, 'p', 'i', 'n', 'g'}));
  // Another port of the same IP has no channel: a Send indication.
  ASSERT_TRUE(h.client.send_to(h.clock.now(), kPeerOtherPort, as_bytes("x")));
  auto other = h.one();
  EXPECT_EQ(MessageView::parse(other)->method(), Method::send);

  EXPECT_TRUE(h.deliver(*encode_channel_data(0x4000, as_bytes("pong"), true)));
  ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* data = std::get_if<TurnData>(&ev[0]);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->peer, kPeer);
  EXPECT_EQ(as_string_view(data->data), "pong");
  EXPECT_EQ(data->channel, 0x4000);

  EXPECT_EQ(*h.client.bind_channel(h.clock.now(), kPeer2), 0x4001);
}

// Until the ChannelBind succeeds, data goes by Send indication (§12: "use Send indications
// until the channel binding is confirmed").
TEST(Rfc8656_12, SendIndicationsUntilTheChannelIsConfirmed) {
  Harness h;
  h.allocate();
  h.permit();
  ASSERT_TRUE(h.client.bind_channel(h.clock.now(), kPeer));
  Bytes bind = h.one();
  ASSERT_TRUE(h.client.send_to(h.clock.now(), kPeer, as_bytes("x")));
  Bytes data = h.one();
  auto m = MessageView::parse(data);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->method(), Method::send);
}

// §12: bindings last 10 minutes; refreshed at 9 by binding the same channel to the same peer.
TEST(Rfc8656_12, ChannelRefreshedBeforeTenMinutes) {
  Harness h;
  h.allocate(3600);
  ASSERT_TRUE(h.client.bind_channel(h.clock.now(), kPeer));
  Bytes r = h.one();
  auto req = MessageView::parse(r);
  h.deliver(h.server.success(*req));
  h.events();
  const Timestamp bound = h.clock.now();
  std::vector<Method> methods;
  auto answer_all = [&] {
    for (const auto& b : h.sent()) {
      auto m = MessageView::parse(b);
      methods.push_back(m->method());
      if (m->method() == Method::channel_bind) {
        EXPECT_EQ(m->channel_number().value_or(0), 0x4000);
        EXPECT_EQ(m->xor_peer_address().value_or(SocketAddress{}), kPeer);
      }
      h.deliver(h.server.success(*m));
    }
  };
  h.run_until(bound + seconds(240));
  answer_all();
  h.run_until(bound + seconds(480));
  answer_all();
  h.run_until(bound + seconds(540));
  answer_all();
  EXPECT_EQ(methods, (std::vector<Method>{Method::create_permission, Method::create_permission,
                                          Method::channel_bind}));
  EXPECT_TRUE(h.events().empty());
  EXPECT_EQ(h.client.channel(kPeer), 0x4000);
}

TEST(Rfc8656_12_3, ChannelBindFailureFallsBackToSendIndications) {
  Harness h;
  h.allocate();
  h.permit();
  ASSERT_TRUE(h.client.bind_channel(h.clock.now(), kPeer));
  Bytes r = h.one();
  auto req = MessageView::parse(r);
  h.deliver(h.server.error(*req, error::kBadRequest));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* failed = std::get_if<TurnChannelBindFailed>(&ev[0]);
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->code, 400);
  EXPECT_EQ(failed->channel, 0x4000);
  ASSERT_TRUE(h.client.send_to(h.clock.now(), kPeer, as_bytes("x")));
  Bytes fallback = h.one();
  EXPECT_EQ(MessageView::parse(fallback)->method(), Method::send);
}

// §12.6: "If the ChannelData message is received on a channel that is not bound to any peer,
// then the message is silently discarded."
TEST(Rfc8656_12_6, ChannelDataOnAnUnknownChannelIsDiscarded) {
  Harness h;
  h.allocate();
  EXPECT_TRUE(h.deliver(*encode_channel_data(0x4123, as_bytes("who?"))));
  EXPECT_TRUE(h.deliver(Bytes{0x40, 0x00, 0x00, 0x09, 1}));  // truncated
  EXPECT_TRUE(h.events().empty());
}

// --- Demultiplexing: what is not ours is handed back -------------------------------------------

TEST(TurnClient, HandleReceiveClaimsOnlyItsOwnTraffic) {
  Harness h;
  h.allocate();
  h.permit();
  // From someone other than the server.
  EXPECT_FALSE(h.client.handle_receive(h.clock.now(), kPeer, data_indication(kPeer, "x")));
  // A response to a transaction that is not ours (the ICE agent's own Binding check).
  MessageBuilder b(Method::binding, MessageClass::success_response, TransactionId{9});
  b.add_xor_mapped_address(kMapped).add_fingerprint();
  EXPECT_FALSE(h.deliver(*b.take()));
  // DTLS and RTP are not TURN.
  EXPECT_FALSE(h.deliver(Bytes{22, 254, 253, 0, 0}));
  EXPECT_FALSE(h.deliver(Bytes{0x80, 0x60, 0, 1}));
  EXPECT_FALSE(h.deliver(Bytes{}));
  EXPECT_TRUE(h.events().empty());
}

TEST(TurnClient, CloseWhileAllocatingStopsEverything) {
  Harness h;
  ASSERT_TRUE(h.client.allocate(h.clock.now()));
  h.sent();
  h.client.close(h.clock.now());
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<TurnClosed>(ev[0]));
  EXPECT_FALSE(h.client.poll_timeout());
  EXPECT_FALSE(h.client.allocate(h.clock.now()));
}

// A refresh that is never answered ends the allocation, with the reason.
TEST(Rfc8656_8, UnansweredRefreshClosesTheAllocation) {
  Harness h;
  h.allocate(600);
  h.run_until(h.clock.now() + seconds(700));
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* closed = std::get_if<TurnClosed>(&ev[0]);
  ASSERT_NE(closed, nullptr);
  ASSERT_TRUE(closed->error);
  EXPECT_EQ(closed->error->code, Errc::timeout);
  EXPECT_EQ(h.client.state(), TurnClient::State::closed);
}

}  // namespace
}  // namespace rtc::stun
