// Credentials (RFC 8489 §9): OpaqueString for ASCII (RFC 8265 §4.2), the short-term and
// long-term keys, USERHASH, the nonce cookie and its security features, and the client's
// handling of 401/438 challenges, played against a small scripted server.
#include <gtest/gtest.h>

#include "rtc/common/crypto.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"
#include "vectors.hpp"

namespace rtc::stun {
namespace {

TEST(Rfc8265_4_2, OpaqueStringForAscii) {
  EXPECT_EQ(*opaque_string("VOkJxbRl1RmTxUk/WvJxBt"), "VOkJxbRl1RmTxUk/WvJxBt");
  EXPECT_EQ(*opaque_string("with space and ~!@#"), "with space and ~!@#");
  auto empty = opaque_string("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, Errc::invalid_argument);
  auto control = opaque_string("tab\there");
  ASSERT_FALSE(control);
  EXPECT_EQ(control.error().offset, 3u);
  EXPECT_FALSE(opaque_string(std::string("nul\0x", 5)));
  EXPECT_FALSE(opaque_string("del\x7f"));
  auto unicode = opaque_string("caf\xC3\xA9");
  ASSERT_FALSE(unicode);
  EXPECT_EQ(unicode.error().code, Errc::unsupported);
  EXPECT_NE(unicode.error().message.find("not implemented"), std::string::npos);
}

TEST(Rfc8489_9_1_1, ShortTermKeyIsThePassword) {
  auto keys = IntegrityKeys::short_term("pass word");
  ASSERT_TRUE(keys);
  EXPECT_EQ(as_string_view(keys->key()), "pass word");
  EXPECT_FALSE(IntegrityKeys::short_term(""));
  auto creds = ShortTermCredentials::create("remote:local", "secret");
  ASSERT_TRUE(creds);
  EXPECT_EQ(creds->username, "remote:local");
  ASSERT_TRUE(creds->keys);
  EXPECT_EQ(as_string_view(creds->keys->key()), "secret");
}

TEST(Rfc8489_9_2_2, LongTermKeyIsMd5OfUserRealmPassword) {
  auto keys = IntegrityKeys::long_term("user", "realm", "pass");
  ASSERT_TRUE(keys);
  EXPECT_EQ(to_hex(keys->key()),
            to_hex(crypto::digest(crypto::HashAlgorithm::md5, as_bytes("user:realm:pass"))));
  EXPECT_EQ(keys->key().size(), 16u);  // §18.5.1.1
  auto sha = IntegrityKeys::long_term("user", "realm", "pass", PasswordAlgorithm::sha256);
  ASSERT_TRUE(sha);
  EXPECT_EQ(sha->key().size(), 32u);  // §18.5.1.2
  EXPECT_EQ(to_hex(sha->key()),
            to_hex(crypto::digest(crypto::HashAlgorithm::sha256, as_bytes("user:realm:pass"))));
  // A non-ASCII realm arrives prepared (§14.9) and is used as received.
  EXPECT_TRUE(IntegrityKeys::long_term("user",
                                       "r\xC3\xA9"
                                       "alm",
                                       "pass"));
  // The password must be preparable.
  EXPECT_FALSE(IntegrityKeys::long_term("user", "realm", "p\x01"));
}

// §14.4 with RFC 8489 Appendix B.1's username and realm; the value printed in B.1.
TEST(Rfc8489_14_4, UserhashOfTheAppendixSample) {
  auto hash = userhash_prepared(test::kLongTermUsername, "example.org");
  EXPECT_EQ(to_hex(hash), "4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704");
  auto ascii = userhash("user", "example.org");
  ASSERT_TRUE(ascii);
  EXPECT_EQ(to_hex(*ascii), to_hex(userhash_prepared("user", "example.org")));
  EXPECT_FALSE(userhash(test::kLongTermUsername, "example.org"));  // needs Unicode preparation
}

TEST(Rfc8489_9_2, NonceCookieSecurityFeatureBits) {
  // Erratum 6290: bit 0 is the least significant bit of the 24.
  auto pa = parse_nonce_cookie("obMatJos2AAABrest");
  ASSERT_TRUE(pa);
  EXPECT_TRUE(pa->password_algorithms);
  EXPECT_FALSE(pa->username_anonymity);
  EXPECT_EQ(pa->bits, 1u);
  auto both = parse_nonce_cookie("obMatJos2AAADx");
  ASSERT_TRUE(both);
  EXPECT_TRUE(both->password_algorithms);
  EXPECT_TRUE(both->username_anonymity);
  EXPECT_FALSE(parse_nonce_cookie("f//499k954d6OL34oL9FSTvy64sA"));
  EXPECT_FALSE(parse_nonce_cookie("obMatJos2AA"));     // too short
  EXPECT_FALSE(parse_nonce_cookie("obMatJos2A!AAx"));  // not base64
  SecurityFeatures f;
  f.password_algorithms = true;
  f.username_anonymity = true;
  EXPECT_EQ(make_nonce_cookie(f), "obMatJos2AAAD");
  EXPECT_EQ(make_nonce_cookie({}), "obMatJos2AAAA");
}

// A scripted long-term server: challenges, checks requests, answers. Just enough of RFC 8489
// §9.2.4 to drive the client side.
class Server {
 public:
  Server(std::string realm, std::string password, std::string nonce)
      : realm_(std::move(realm)), password_(std::move(password)), nonce_(std::move(nonce)) {}

  std::vector<PasswordAlgorithm> offer;  // PASSWORD-ALGORITHMS to send, if any
  bool strip_algorithms = false;         // a man in the middle removes them

  Bytes challenge(const TransactionId& id, std::uint16_t code = 401) {
    MessageBuilder b(Method::allocate, MessageClass::error_response, id);
    b.add_error_code(code).add_realm(realm_).add_nonce(nonce_);
    if (!offer.empty() && !strip_algorithms) b.add_password_algorithms(offer);
    return *b.take();
  }
  // Checks a request as §9.2.4 would; returns the key algorithm it used.
  Result<PasswordAlgorithm> check(const MessageView& request, const std::string& user) {
    auto nonce = request.nonce();
    if (!nonce || *nonce != nonce_) return fail(Errc::state, "wrong nonce");
    if (*request.realm() != realm_) return fail(Errc::state, "wrong realm");
    PasswordAlgorithm algorithm = PasswordAlgorithm::md5;
    if (auto pa = request.password_algorithm()) {
      algorithm = static_cast<PasswordAlgorithm>(pa->algorithm);
      // The echoed list must be the one we sent (bid-down protection).
      MessageBuilder mine(Method::binding, MessageClass::request, {});
      mine.add_password_algorithms(offer);
      auto sent = MessageView::parse(mine.view())->find(AttributeType::password_algorithms);
      auto echoed = request.find(AttributeType::password_algorithms);
      if (!echoed || to_hex(echoed->value) != to_hex(sent->value)) {
        return fail(Errc::state, "PASSWORD-ALGORITHMS not echoed");
      }
    }
    auto keys = IntegrityKeys::long_term(user, realm_, password_, algorithm);
    auto ok = verify_integrity(request, *keys);
    if (!ok) return std::unexpected(ok.error());
    return algorithm;
  }
  Bytes success(const MessageView& request, const std::string& user, PasswordAlgorithm a) {
    auto keys = *IntegrityKeys::long_term(user, realm_, password_, a);
    auto b = MessageBuilder::success_response(request);
    b.add_xor_mapped_address(*SocketAddress::parse("192.0.2.9:4000"));
    sign(b, keys, a == PasswordAlgorithm::sha256 ? IntegrityMode::sha256 : IntegrityMode::sha1);
    return *b.take();
  }
  void set_nonce(std::string n) { nonce_ = std::move(n); }

 private:
  std::string realm_, password_, nonce_;
};

// The client reads a challenge or a response (kept alive for the call).
Result<void> read_challenge(LongTermClientAuth& auth, const Bytes& response) {
  auto m = MessageView::parse(response);
  if (!m) return std::unexpected(m.error());
  return auth.handle_challenge(*m);
}
Result<void> read_response(LongTermClientAuth& auth, const Bytes& response) {
  auto m = MessageView::parse(response);
  if (!m) return std::unexpected(m.error());
  return auth.verify_response(*m);
}

TransactionId id_of(std::uint8_t n) {
  TransactionId id{};
  id[11] = n;
  return id;
}

Bytes request(LongTermClientAuth& auth, std::uint8_t n) {
  MessageBuilder b(Method::allocate, MessageClass::request, id_of(n));
  b.add_requested_transport();
  auth.add_attributes(b);
  auth.sign(b);
  b.add_fingerprint();
  auto bytes = b.take();
  EXPECT_TRUE(bytes) << bytes.error().to_string();
  return *bytes;
}

TEST(Rfc8489_9_2_5, ChallengeThenRetryWithMd5Key) {
  Server server("example.org", "secret", "plain-nonce-1");
  auto auth = *LongTermClientAuth::create("alice", "secret");
  EXPECT_FALSE(auth.ready());

  // First request: no credentials (§9.2.3.1).
  auto first = request(auth, 1);
  auto m1 = MessageView::parse(first);
  EXPECT_FALSE(m1->has(AttributeType::username));
  EXPECT_FALSE(m1->message_integrity());

  auto challenge = server.challenge(id_of(1));
  ASSERT_TRUE(read_challenge(auth, (challenge)));
  EXPECT_TRUE(auth.ready());
  EXPECT_EQ(auth.realm(), "example.org");
  EXPECT_EQ(auth.algorithm(), PasswordAlgorithm::md5);

  auto second = request(auth, 2);
  auto m2 = MessageView::parse(second);
  ASSERT_TRUE(m2);
  EXPECT_EQ(*m2->username(), "alice");
  EXPECT_TRUE(m2->message_integrity());  // RFC 5389-era servers (coturn) expect SHA-1
  EXPECT_FALSE(m2->message_integrity_sha256());
  EXPECT_FALSE(m2->has(AttributeType::password_algorithm));
  auto used = server.check(*m2, "alice");
  ASSERT_TRUE(used) << used.error().to_string();

  auto response = server.success(*m2, "alice", *used);
  EXPECT_TRUE(read_response(auth, (response)));
  // A response signed with another key does not verify.
  Server other("example.org", "not-the-secret", "plain-nonce-1");
  auto forged = other.success(*m2, "alice", PasswordAlgorithm::md5);
  EXPECT_FALSE(read_response(auth, (forged)));
}

TEST(Rfc8489_9_2_5, PasswordAlgorithmNegotiation) {
  SecurityFeatures f;
  f.password_algorithms = true;
  Server server("example.org", "secret", make_nonce_cookie(f) + "abc");
  server.offer = {PasswordAlgorithm::sha256, PasswordAlgorithm::md5};
  auto auth = *LongTermClientAuth::create("alice", "secret");
  ASSERT_TRUE(read_challenge(auth, (server.challenge(id_of(1)))));
  EXPECT_EQ(auth.algorithm(), PasswordAlgorithm::sha256);

  auto bytes = request(auth, 2);
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->password_algorithm()->algorithm, 2);
  EXPECT_EQ(m->password_algorithms()->size(), 2u);
  EXPECT_TRUE(m->message_integrity_sha256());
  auto used = server.check(*m, "alice");
  ASSERT_TRUE(used) << used.error().to_string();
  EXPECT_EQ(*used, PasswordAlgorithm::sha256);
  EXPECT_TRUE(read_response(auth, (server.success(*m, "alice", *used))));
}

TEST(Rfc8489_9_2_5, ClientPrefersTheServersOrderAmongWhatItSupports) {
  SecurityFeatures f;
  f.password_algorithms = true;
  Server server("r", "p", make_nonce_cookie(f));
  server.offer = {PasswordAlgorithm::md5, PasswordAlgorithm::sha256};
  auto auth = *LongTermClientAuth::create("u", "p");
  ASSERT_TRUE(read_challenge(auth, (server.challenge(id_of(1)))));
  EXPECT_EQ(auth.algorithm(), PasswordAlgorithm::md5);

  LongTermOptions sha_only;
  sha_only.supported = {PasswordAlgorithm::sha256};
  auto strict = *LongTermClientAuth::create("u", "p", sha_only);
  ASSERT_TRUE(read_challenge(strict, (server.challenge(id_of(1)))));
  EXPECT_EQ(strict.algorithm(), PasswordAlgorithm::sha256);

  server.offer = {PasswordAlgorithm::md5};
  server.set_nonce(make_nonce_cookie(f) + "2");
  auto none = read_challenge(strict, (server.challenge(id_of(2))));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Errc::unsupported);
}

TEST(Rfc8489_9_2_5, BidDownIsDetected) {
  // The nonce cookie says "password algorithms" but the list is gone: someone removed it to force
  // MD5. The client must not retry.
  SecurityFeatures f;
  f.password_algorithms = true;
  Server server("example.org", "secret", make_nonce_cookie(f) + "xyz");
  server.offer = {PasswordAlgorithm::sha256, PasswordAlgorithm::md5};
  server.strip_algorithms = true;
  auto auth = *LongTermClientAuth::create("alice", "secret");
  auto r = read_challenge(auth, (server.challenge(id_of(1))));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("§9.2.5"), std::string::npos);
  EXPECT_FALSE(auth.ready());
}

TEST(Rfc8489_9_2_5, SecondUnauthenticatedMeansWrongCredentials) {
  Server server("example.org", "secret", "n1");
  auto auth = *LongTermClientAuth::create("alice", "wrong");
  ASSERT_TRUE(read_challenge(auth, (server.challenge(id_of(1)))));
  auto again = read_challenge(auth, (server.challenge(id_of(2))));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::integrity);
}

TEST(Rfc8489_9_2_5, StaleNonceRetriesWithTheFreshOne) {
  Server server("example.org", "secret", "n1");
  auto auth = *LongTermClientAuth::create("alice", "secret");
  ASSERT_TRUE(read_challenge(auth, (server.challenge(id_of(1)))));
  const Bytes first = request(auth, 2);
  auto m = MessageView::parse(first);
  ASSERT_TRUE(server.check(*m, "alice"));

  server.set_nonce("n2");
  ASSERT_TRUE(read_challenge(auth, (server.challenge(id_of(3), 438))));
  EXPECT_EQ(auth.nonce(), "n2");
  auto bytes = request(auth, 4);
  auto retried = MessageView::parse(bytes);
  EXPECT_EQ(*retried->nonce(), "n2");
  EXPECT_TRUE(server.check(*retried, "alice"));

  // 438 without a fresh nonce: do not loop.
  auto stale = read_challenge(auth, (server.challenge(id_of(5), 438)));
  EXPECT_FALSE(stale);
}

TEST(Rfc8489_9_2_5, ChallengesInARowAreBounded) {
  Server server("r", "p", "n0");
  LongTermOptions o;
  o.max_challenges = 3;
  auto auth = *LongTermClientAuth::create("u", "p", o);
  for (int i = 0; i < 3; ++i) {
    server.set_nonce("n" + std::to_string(i));
    ASSERT_TRUE(read_challenge(auth, (server.challenge(id_of(1), 438)))) << i;
  }
  server.set_nonce("n9");
  EXPECT_FALSE(read_challenge(auth, (server.challenge(id_of(1), 438))));
}

TEST(Rfc8489_9_2_5, ChallengesMustCarryRealmAndNonce) {
  auto auth = *LongTermClientAuth::create("u", "p");
  MessageBuilder no_nonce(Method::allocate, MessageClass::error_response, id_of(1));
  no_nonce.add_error_code(401).add_realm("r");
  EXPECT_FALSE(read_challenge(auth, (*no_nonce.take())));
  MessageBuilder no_realm(Method::allocate, MessageClass::error_response, id_of(1));
  no_realm.add_error_code(401).add_nonce("n");
  EXPECT_FALSE(read_challenge(auth, (*no_realm.take())));
  MessageBuilder other(Method::allocate, MessageClass::error_response, id_of(1));
  other.add_error_code(403).add_realm("r").add_nonce("n");
  EXPECT_FALSE(read_challenge(auth, (*other.take())));
}

TEST(Rfc8489_9_2_3, UsernameAnonymitySendsUserhash) {
  SecurityFeatures f;
  f.username_anonymity = true;
  Server server("example.org", "secret", make_nonce_cookie(f) + "q");
  LongTermOptions o;
  o.use_userhash = true;
  auto auth = *LongTermClientAuth::create("alice", "secret", o);
  ASSERT_TRUE(read_challenge(auth, (server.challenge(id_of(1)))));
  auto bytes = request(auth, 2);
  auto m = MessageView::parse(bytes);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->has(AttributeType::username));
  EXPECT_EQ(to_hex(*m->userhash()), to_hex(*userhash("alice", "example.org")));
}

TEST(Rfc8489_9_2, PreparedPasswordMatchesTheRfc5769Sample) {
  // RFC 5769 §2.4 as a client would produce it: the same key as the sample's.
  auto auth = LongTermClientAuth::create_prepared(std::string(test::kLongTermUsername),
                                                  std::string(test::kLongTermPassword));
  MessageBuilder challenge(Method::binding, MessageClass::error_response, test::kLongTermId);
  challenge.add_error_code(401).add_realm(test::kLongTermRealm).add_nonce(test::kLongTermNonce);
  ASSERT_TRUE(read_challenge(auth, (*challenge.take())));
  const Bytes sample_bytes = test::sample_long_term_request();
  auto sample = MessageView::parse(sample_bytes);
  ASSERT_TRUE(sample);
  EXPECT_TRUE(verify_message_integrity(*sample, auth.keys()->sha1()));
}

}  // namespace
}  // namespace rtc::stun
