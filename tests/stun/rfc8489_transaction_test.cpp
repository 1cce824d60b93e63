// Client transactions (RFC 8489 §6.2.1, §6.2.2, §6.3.3, §6.3.4), driven by a virtual clock.
#include <gtest/gtest.h>

#include <variant>

#include "rtc/common/time.hpp"
#include "rtc/common/trace.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/message.hpp"
#include "rtc/stun/transaction.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

const SocketAddress kServer = *SocketAddress::parse("192.0.2.1:3478");

TransactionId id_of(std::uint8_t n) {
  TransactionId id{};
  id[0] = n;
  return id;
}

Bytes binding_request(std::uint8_t n, IntegrityKeys* keys = nullptr, bool sha256 = false) {
  MessageBuilder b(Method::binding, MessageClass::request, id_of(n));
  b.add_username("a:b");
  if (keys != nullptr) sign(b, *keys, sha256 ? IntegrityMode::sha256 : IntegrityMode::sha1);
  b.add_fingerprint();
  return *b.take();
}

Bytes response_to(const Bytes& request, IntegrityKeys* keys = nullptr,
                  MessageClass cls = MessageClass::success_response, std::uint16_t code = 0) {
  auto req = MessageView::parse(request);
  MessageBuilder b(req->method(), cls, req->transaction_id());
  if (cls == MessageClass::error_response) b.add_error_code(code);
  if (cls == MessageClass::success_response) b.add_xor_mapped_address(kServer);
  if (keys != nullptr) sign(b, *keys, IntegrityMode::sha1);
  b.add_fingerprint();
  return *b.take();
}

// Drains the transmissions, returning how many there were.
int drain(TransactionManager& m) {
  int n = 0;
  while (m.poll_transmit()) ++n;
  return n;
}

// §6.2.1: "if RTO = 500 ms, requests would be sent at times 0 ms, 500 ms, 1500 ms, 3500 ms,
// 7500 ms, 15500 ms, and 31500 ms. If the client has not received a response after 39500 ms,
// the client will consider the transaction to have timed out."
TEST(Rfc8489_6_2_1, RetransmitsWithDoublingRto) {
  ManualClock clock;
  const Timestamp start = clock.now();
  TransactionManager m;
  ASSERT_TRUE(m.start(clock.now(), binding_request(1), kServer, {.user_data = 42}));

  std::vector<long long> sent_at;
  while (true) {
    while (auto t = m.poll_transmit()) {
      EXPECT_EQ(t->destination, kServer);
      EXPECT_EQ(t->user_data, 42u);
      sent_at.push_back(static_cast<long long>(to_millis(clock.now() - start)));
    }
    if (auto e = m.poll_event()) {
      auto* timeout = std::get_if<TransactionTimeout>(&*e);
      ASSERT_NE(timeout, nullptr);
      EXPECT_EQ(timeout->id, id_of(1));
      EXPECT_EQ(timeout->transmissions, 7u);
      EXPECT_EQ(timeout->user_data, 42u);
      break;
    }
    auto next = m.poll_timeout();
    ASSERT_TRUE(next);
    clock.set(*next);
    m.handle_timeout(clock.now());
  }
  EXPECT_EQ(sent_at, (std::vector<long long>{0, 500, 1500, 3500, 7500, 15500, 31500}));
  EXPECT_EQ(to_millis(clock.now() - start), 39500);
  EXPECT_EQ(m.outstanding(), 0u);
  EXPECT_FALSE(m.poll_timeout());
}

TEST(Rfc8489_6_2_1, RtoRcAndRmAreConfigurable) {
  ManualClock clock;
  const Timestamp start = clock.now();
  TransactionConfig c;
  c.initial_rto = milliseconds(100);
  c.max_transmissions = 4;
  c.final_wait_multiplier = 2;
  c.max_rto = milliseconds(300);
  TransactionManager m(c);
  ASSERT_TRUE(m.start(clock.now(), binding_request(1), kServer));
  std::vector<long long> sent_at;
  while (!m.poll_event()) {
    while (m.poll_transmit())
      sent_at.push_back(static_cast<long long>(to_millis(clock.now() - start)));
    clock.set(*m.poll_timeout());
    m.handle_timeout(clock.now());
  }
  // 100, then 200, then capped at 300; final wait 2 * 100.
  EXPECT_EQ(sent_at, (std::vector<long long>{0, 100, 300, 600}));
  EXPECT_EQ(to_millis(clock.now() - start), 800);
}

TEST(Rfc8489_6_2_1, PerTransactionConfigOverridesTheManagers) {
  ManualClock clock;
  TransactionManager m;
  TransactionConfig ice;  // RFC 8445 §14.3 computes its own RTO per check
  ice.initial_rto = milliseconds(250);
  ASSERT_TRUE(m.start(clock.now(), binding_request(1), kServer, {.config = ice}));
  EXPECT_EQ(*m.poll_timeout() - clock.now(), milliseconds(250));
}

TEST(Rfc8489_6_2_2, ReliableTransportSendsOnceAndWaitsTi) {
  ManualClock clock;
  TransactionConfig c;
  c.reliable = true;
  TransactionManager m(c);
  ASSERT_TRUE(m.start(clock.now(), binding_request(1), kServer));
  EXPECT_EQ(drain(m), 1);
  EXPECT_EQ(*m.poll_timeout() - clock.now(), milliseconds(39500));
  clock.advance(milliseconds(39499));
  m.handle_timeout(clock.now());
  EXPECT_FALSE(m.poll_event());
  clock.advance(milliseconds(1));
  m.handle_timeout(clock.now());
  EXPECT_EQ(drain(m), 0);
  auto e = m.poll_event();
  ASSERT_TRUE(e);
  EXPECT_TRUE(std::holds_alternative<TransactionTimeout>(*e));
}

TEST(Rfc8489_6_3_3, ResponseCompletesTheTransaction) {
  ManualClock clock;
  CollectingTraceSink trace;
  TransactionManager m({}, &trace);
  auto request = binding_request(7);
  ASSERT_TRUE(m.start(clock.now(), request, kServer, {.user_data = 9}));
  EXPECT_EQ(drain(m), 1);
  clock.advance(milliseconds(600));
  m.handle_timeout(clock.now());  // one retransmission
  EXPECT_EQ(drain(m), 1);
  clock.advance(milliseconds(20));
  auto from = *SocketAddress::parse("192.0.2.1:3478");
  EXPECT_EQ(m.handle_receive(clock.now(), from, response_to(request)), ReceiveResult::matched);
  auto e = m.poll_event();
  ASSERT_TRUE(e);
  auto* r = std::get_if<TransactionResponse>(&*e);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->id, id_of(7));
  EXPECT_EQ(r->user_data, 9u);
  EXPECT_EQ(r->source, from);
  EXPECT_EQ(r->response_class, MessageClass::success_response);
  EXPECT_EQ(r->transmissions, 2u);
  EXPECT_EQ(r->elapsed, milliseconds(620));
  EXPECT_EQ(*MessageView::parse(r->response)->xor_mapped_address(), kServer);
  // Done: no more retransmissions, a late duplicate matches nothing.
  EXPECT_FALSE(m.poll_timeout());
  EXPECT_EQ(m.handle_receive(clock.now(), from, response_to(request)),
            ReceiveResult::unknown_transaction);
  // The learner's timeline saw each step with its section.
  ASSERT_GE(trace.events.size(), 3u);
  EXPECT_EQ(trace.events[0].rfc, "RFC 8489 §6.2.1");
  EXPECT_EQ(trace.events.back().rfc, "RFC 8489 §6.3.3");
}

TEST(Rfc8489_6_3_4, ErrorResponseCompletesTheTransaction) {
  ManualClock clock;
  TransactionManager m;
  auto request = binding_request(1);
  ASSERT_TRUE(m.start(clock.now(), request, kServer));
  auto error = response_to(request, nullptr, MessageClass::error_response, 400);
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, error), ReceiveResult::matched);
  auto e = m.poll_event();
  ASSERT_TRUE(e);
  EXPECT_EQ(std::get<TransactionResponse>(*e).response_class, MessageClass::error_response);
}

TEST(Rfc8489_6_3, WhatIsNotAResponseToUsIsSaidSo) {
  ManualClock clock;
  TransactionManager m;
  auto request = binding_request(1);
  ASSERT_TRUE(m.start(clock.now(), request, kServer));
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, test::hex("8000beef")), ReceiveResult::not_stun);
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, binding_request(9)),
            ReceiveResult::not_a_response);
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, response_to(binding_request(2))),
            ReceiveResult::unknown_transaction);
  // Same id, other method.
  auto req = MessageView::parse(request);
  MessageBuilder other(Method::allocate, MessageClass::success_response, req->transaction_id());
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, *other.take()), ReceiveResult::discarded);
  // A broken FINGERPRINT (§7.3).
  Bytes corrupt = response_to(request);
  corrupt.back() ^= 1;
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, corrupt), ReceiveResult::discarded);
  EXPECT_EQ(m.outstanding(), 1u);
  EXPECT_FALSE(m.poll_event());
}

TEST(Rfc8489_9_1_5, UnauthenticatedResponsesAreDroppedAndRetransmissionsGoOn) {
  ManualClock clock;
  auto keys = std::make_shared<IntegrityKeys>(*IntegrityKeys::short_term("remote-pwd"));
  auto forger = *IntegrityKeys::short_term("guess");
  TransactionManager m;
  auto request = binding_request(3, keys.get());
  ASSERT_TRUE(
      m.start(clock.now(), request, kServer, {.auth = ResponseAuth::short_term, .keys = keys}));
  EXPECT_EQ(drain(m), 1);
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, response_to(request)),
            ReceiveResult::discarded);  // no MESSAGE-INTEGRITY
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, response_to(request, &forger)),
            ReceiveResult::discarded);  // wrong key
  clock.advance(milliseconds(500));
  m.handle_timeout(clock.now());
  EXPECT_EQ(drain(m), 1);  // still retransmitting
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, response_to(request, keys.get())),
            ReceiveResult::matched);
}

TEST(Rfc8489_9_1_5, Sha256RequestIsAnsweredWithSha256) {
  ManualClock clock;
  auto keys = std::make_shared<IntegrityKeys>(*IntegrityKeys::short_term("pwd"));
  TransactionManager m;
  auto request = binding_request(3, keys.get(), true);
  ASSERT_TRUE(
      m.start(clock.now(), request, kServer, {.auth = ResponseAuth::short_term, .keys = keys}));
  auto req = MessageView::parse(request);
  auto b = MessageBuilder::success_response(*req);
  sign(b, *keys, IntegrityMode::sha256);
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, *b.take()), ReceiveResult::matched);
}

TEST(Rfc8489_9_2_5, LongTermChallengesAreAcceptedWithoutIntegrity) {
  ManualClock clock;
  auto keys = std::make_shared<IntegrityKeys>(*IntegrityKeys::long_term("u", "r", "p"));
  TransactionManager m;
  auto request = binding_request(4, keys.get());
  const TransactionOptions options{.auth = ResponseAuth::long_term, .keys = keys};
  ASSERT_TRUE(m.start(clock.now(), request, kServer, options));
  // §9.2.5: a 400 without MESSAGE-INTEGRITY is dropped...
  EXPECT_EQ(m.handle_receive(clock.now(), kServer,
                             response_to(request, nullptr, MessageClass::error_response, 400)),
            ReceiveResult::discarded);
  // ...a 401 or 438 challenge is not.
  EXPECT_EQ(m.handle_receive(clock.now(), kServer,
                             response_to(request, nullptr, MessageClass::error_response, 438)),
            ReceiveResult::matched);
  auto again = binding_request(5, keys.get());
  ASSERT_TRUE(m.start(clock.now(), again, kServer, options));
  EXPECT_EQ(m.handle_receive(clock.now(), kServer, response_to(again, keys.get())),
            ReceiveResult::matched);
}

TEST(Rfc8489_6_2, StartRejectsWhatIsNotAFreshRequest) {
  ManualClock clock;
  TransactionManager m;
  ASSERT_TRUE(m.start(clock.now(), binding_request(1), kServer));
  auto duplicate = m.start(clock.now(), binding_request(1), kServer);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, Errc::state);
  MessageBuilder indication(Method::binding, MessageClass::indication, id_of(2));
  EXPECT_FALSE(m.start(clock.now(), *indication.take(), kServer));
  EXPECT_FALSE(m.start(clock.now(), test::hex("0001"), kServer));
  EXPECT_FALSE(m.start(clock.now(), binding_request(3), kServer,
                       {.auth = ResponseAuth::short_term}));  // no keys
  TransactionConfig zero;
  zero.max_transmissions = 0;
  EXPECT_FALSE(m.start(clock.now(), binding_request(4), kServer, {.config = zero}));
}

TEST(Rfc8489_6_2, CancelStopsWithoutAnEvent) {
  ManualClock clock;
  TransactionManager m;
  ASSERT_TRUE(m.start(clock.now(), binding_request(1), kServer));
  ASSERT_TRUE(m.start(clock.now(), binding_request(2), kServer));
  EXPECT_EQ(drain(m), 2);
  EXPECT_TRUE(m.cancel(id_of(1)));
  EXPECT_FALSE(m.cancel(id_of(1)));
  EXPECT_FALSE(m.contains(id_of(1)));
  EXPECT_TRUE(m.contains(id_of(2)));
  clock.advance(seconds(100));
  m.handle_timeout(clock.now());
  int timeouts = 0;
  while (auto e = m.poll_event()) {
    EXPECT_EQ(std::get<TransactionTimeout>(*e).id, id_of(2));
    ++timeouts;
  }
  EXPECT_EQ(timeouts, 0);  // one late wake-up: a retransmission first, not a timeout
}

TEST(Rfc8489_6_2_1, ManyTransactionsKeepTheirOwnClocks) {
  ManualClock clock;
  TransactionManager m;
  ASSERT_TRUE(m.start(clock.now(), binding_request(1), kServer));
  clock.advance(milliseconds(200));
  ASSERT_TRUE(m.start(clock.now(), binding_request(2), kServer));
  EXPECT_EQ(drain(m), 2);
  EXPECT_EQ(*m.poll_timeout() - clock.now(), milliseconds(300));  // the first one's RTO
  clock.advance(milliseconds(300));
  m.handle_timeout(clock.now());
  EXPECT_EQ(drain(m), 1);
  EXPECT_EQ(*m.poll_timeout() - clock.now(), milliseconds(200));  // then the second's
}

}  // namespace
}  // namespace rtc::stun
