// STUN codec speed, side by side with libnice (the fastest peer measured here) in one binary,
// and against the bare cost of the crypto the messages need.
//
//   decode          parse, walk every attribute, read USERNAME, PRIORITY and the ICE role
//   decode_verify   parse, read USERNAME, verify MESSAGE-INTEGRITY (RFC 8489 §14.5) and
//                   FINGERPRINT (§14.7) - libnice: stun_agent_validate()
//   encode          a full ICE check: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
//                   MESSAGE-INTEGRITY, FINGERPRINT (RFC 8445 §7.2.2)
//   floor_length_chase  only the attribute-length chain a decode must follow (no checks)
//   bare            HMAC-SHA1 + CRC-32 over exactly the bytes decode_verify / encode cover:
//                   what a perfect codec would still pay with this crypto provider
//
// on two messages: RFC 5769 §2.1's sample request (108 bytes) and the ICE check this stack
// encodes (92 bytes). Our HMAC key state is expanded once per credential (IntegrityKeys), as an
// ICE agent holds it; libnice derives it for every message, which is its design. The
// "crypto_provider" context line says which provider this build uses (-DRTC_CRYPTO=...).
// Run: stun_bench [--benchmark_filter=encode] [--benchmark_repetitions=5
//      --benchmark_report_aggregates_only=true]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "rtc/common/crc.hpp"
#include "rtc/common/crypto.hpp"
#include "rtc/common/encoding.hpp"
#include "rtc/stun/builder.hpp"
#include "rtc/stun/credentials.hpp"
#include "rtc/stun/integrity.hpp"
#include "rtc/stun/message.hpp"

#ifdef RTC_HAVE_LIBNICE
#include <arpa/inet.h>
#include <stun/stunagent.h>
#include <stun/stunmessage.h>
#endif

namespace {

using namespace rtc;
using namespace rtc::stun;

constexpr std::string_view kPassword = "VOkJxbRl1RmTxUk/WvJxBt";
constexpr TransactionId kId = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34,
                               0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};
constexpr std::uint64_t kTieBreaker = 0x932ff9b151263b36;

[[maybe_unused]] const bool kContextAdded = [] {
  benchmark::AddCustomContext("crypto_provider", crypto::provider_name());
#ifdef RTC_HAVE_LIBNICE
  benchmark::AddCustomContext("libnice", "yes (stun/stunagent.h, stun/stunmessage.h)");
#else
  benchmark::AddCustomContext("libnice", "not found at configure time");
#endif
  return true;
}();

// RFC 5769 §2.1: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT.
Bytes rfc5769_request() {
  return *from_hex(
      "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74"
      "002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020"
      "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");
}

void write_ice_request(MessageBuilder& b, IntegrityKeys& keys) {
  b.add_username("evtj:h6vY")
      .add_priority(0x6e0001ff)
      .add_ice_controlling(kTieBreaker)
      .add_use_candidate()
      .add_message_integrity(keys.sha1())
      .add_fingerprint();
}

// The ICE check this stack sends (RFC 8445 §7.2.2), 92 bytes.
Bytes ice_request() {
  auto keys = *IntegrityKeys::short_term(kPassword);
  MessageBuilder b(Method::binding, MessageClass::request, kId);
  write_ice_request(b, keys);
  return *b.take();
}

struct Sample {
  const char* name;
  Bytes bytes;
};
const Sample& sample(int which) {
  static const Sample samples[] = {{"rfc5769_request", rfc5769_request()},
                                   {"ice_request", ice_request()}};
  return samples[which];
}

// --- rtc -------------------------------------------------------------------------------------

void BM_Decode_Rtc(benchmark::State& state, int which) {
  const Bytes& bytes = sample(which).bytes;
  for (auto _ : state) {
    auto m = MessageView::parse(bytes);
    std::uint32_t types = 0;
    for (const auto& a : m->attributes()) types += to_uint(a.type);
    auto username = m->username();
    auto priority = m->priority();
    // Exactly one of the two roles is present: look them up as the optional attributes they are.
    std::uint64_t tie_breaker = 0;
    if (auto a = m->find(AttributeType::ice_controlling)) {
      tie_breaker = load_be64(a->value, 0);
    } else if (auto b = m->find(AttributeType::ice_controlled)) {
      tie_breaker = load_be64(b->value, 0);
    }
    benchmark::DoNotOptimize(types);
    benchmark::DoNotOptimize(username->data());
    benchmark::DoNotOptimize(*priority);
    benchmark::DoNotOptimize(tie_breaker);
  }
}

void BM_DecodeVerify_Rtc(benchmark::State& state, int which) {
  const Bytes& bytes = sample(which).bytes;
  auto keys = *IntegrityKeys::short_term(kPassword);  // once per credential
  for (auto _ : state) {
    auto m = MessageView::parse(bytes);
    auto username = m->username();
    bool ok =
        verify_message_integrity(*m, keys.sha1()).has_value() && verify_fingerprint(*m).has_value();
    if (!ok) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(username->data());
    benchmark::DoNotOptimize(ok);
  }
}

// The builder is reused from one message to the next, as an ICE agent's would be: no allocation.
void BM_Encode_Rtc(benchmark::State& state) {
  auto keys = *IntegrityKeys::short_term(kPassword);
  MessageBuilder b(Method::binding, MessageClass::request, kId);
  for (auto _ : state) {
    b.reset(Method::binding, MessageClass::request, kId);
    write_ice_request(b, keys);
    benchmark::DoNotOptimize(b.view().data());
  }
  if (to_hex(b.view()) != to_hex(sample(1).bytes)) state.SkipWithError("unexpected bytes");
}

// A new builder (one buffer allocation) and an owned Bytes for every message.
void BM_Encode_RtcFreshBuffer(benchmark::State& state) {
  auto keys = *IntegrityKeys::short_term(kPassword);
  for (auto _ : state) {
    MessageBuilder b(Method::binding, MessageClass::request, kId);
    write_ice_request(b, keys);
    auto bytes = b.take();
    benchmark::DoNotOptimize(bytes->data());
  }
}

// --- The floor: HMAC-SHA1 + CRC-32 over the same bytes ------------------------------------------

// What decode_verify hashes: HMAC over the message up to MESSAGE-INTEGRITY (in two parts, as
// verification does), CRC-32 up to FINGERPRINT.
void BM_Bare_HmacSha1Crc32_Verify(benchmark::State& state, int which) {
  const Bytes& bytes = sample(which).bytes;
  auto m = MessageView::parse(bytes);
  const std::size_t mi = m->message_integrity()->offset;
  const std::size_t fp = m->fingerprint()->offset;
  crypto::HmacKey key(crypto::HashAlgorithm::sha1, as_bytes(kPassword));
  std::array<std::uint8_t, 20> header{};
  std::memcpy(header.data(), bytes.data(), 20);
  std::array<std::uint8_t, 20> mac{};
  for (auto _ : state) {
    const BytesView parts[] = {header, BytesView(bytes).subspan(20, mi - 20)};
    key.sign(std::span<const BytesView>(parts), mac);
    auto crc = crc32(BytesView(bytes).first(fp));
    benchmark::DoNotOptimize(mac.data());
    benchmark::DoNotOptimize(crc);
  }
  state.counters["hmac_bytes"] = static_cast<double>(mi);
  state.counters["crc_bytes"] = static_cast<double>(fp);
}

// What encode hashes for the ICE check (one part each).
void BM_Bare_HmacSha1Crc32_Encode(benchmark::State& state) {
  const Bytes& bytes = sample(1).bytes;
  auto m = MessageView::parse(bytes);
  const std::size_t mi = m->message_integrity()->offset;
  const std::size_t fp = m->fingerprint()->offset;
  crypto::HmacKey key(crypto::HashAlgorithm::sha1, as_bytes(kPassword));
  std::array<std::uint8_t, 20> mac{};
  for (auto _ : state) {
    key.sign({BytesView(bytes).first(mi)}, mac);
    auto crc = crc32(BytesView(bytes).first(fp));
    benchmark::DoNotOptimize(mac.data());
    benchmark::DoNotOptimize(crc);
  }
  state.counters["hmac_bytes"] = static_cast<double>(mi);
  state.counters["crc_bytes"] = static_cast<double>(fp);
}

// --- The floor of decode: chasing the attribute lengths ----------------------------------------

// Only the dependent chain every STUN decoder walks: the next attribute's position needs this
// one's length, so each step waits for a load (RFC 8489 §14: type, length, padded value).
// No checks, no index: a decoder cannot take fewer steps than this loop.
void BM_Floor_LengthChase(benchmark::State& state, int which) {
  const Bytes& bytes = sample(which).bytes;
  for (auto _ : state) {
    const std::uint8_t* p = bytes.data();
    benchmark::DoNotOptimize(p);
    const std::size_t size = bytes.size();
    std::size_t pos = 20;
    std::uint32_t types = 0;
    while (pos < size) {
      std::uint32_t word;
      std::memcpy(&word, p + pos, 4);
      word = __builtin_bswap32(word);
      types += word >> 16;
      pos = (pos + 4 + (word & 0xFFFF) + 3) & ~std::size_t{3};
    }
    benchmark::DoNotOptimize(types);
  }
}

// --- libnice -----------------------------------------------------------------------------------

#ifdef RTC_HAVE_LIBNICE
const uint16_t kKnown[] = {
    STUN_ATTRIBUTE_USERNAME,      STUN_ATTRIBUTE_MESSAGE_INTEGRITY, STUN_ATTRIBUTE_PRIORITY,
    STUN_ATTRIBUTE_USE_CANDIDATE, STUN_ATTRIBUTE_ICE_CONTROLLED,    STUN_ATTRIBUTE_ICE_CONTROLLING,
    STUN_ATTRIBUTE_FINGERPRINT,   STUN_ATTRIBUTE_SOFTWARE,          0};

void init_agent(StunAgent& agent) {
  stun_agent_init(&agent, kKnown, STUN_COMPATIBILITY_RFC5389,
                  static_cast<StunAgentUsageFlags>(STUN_AGENT_USAGE_SHORT_TERM_CREDENTIALS |
                                                   STUN_AGENT_USAGE_USE_FINGERPRINT));
}

bool password_for(StunAgent*, StunMessage*, uint8_t*, uint16_t, uint8_t** password,
                  size_t* password_len, void*) {
  *password = reinterpret_cast<uint8_t*>(const_cast<char*>(kPassword.data()));
  *password_len = kPassword.size();
  return true;
}

void BM_Decode_Libnice(benchmark::State& state, int which) {
  const Bytes& bytes = sample(which).bytes;
  StunAgent agent;
  init_agent(agent);
  for (auto _ : state) {
    // Validating the framing walks every attribute, as our parse() does.
    int length = stun_message_validate_buffer_length(bytes.data(), bytes.size(), true);
    if (length != static_cast<int>(bytes.size())) state.SkipWithError("not STUN");
    StunMessage msg{};
    msg.agent = &agent;
    msg.buffer = const_cast<uint8_t*>(bytes.data());
    msg.buffer_len = bytes.size();
    uint16_t username_length = 0;
    const void* username = stun_message_find(&msg, STUN_ATTRIBUTE_USERNAME, &username_length);
    uint32_t priority = 0;
    stun_message_find32(&msg, STUN_ATTRIBUTE_PRIORITY, &priority);
    uint64_t tie_breaker = 0;
    if (stun_message_find64(&msg, STUN_ATTRIBUTE_ICE_CONTROLLING, &tie_breaker) !=
        STUN_MESSAGE_RETURN_SUCCESS) {
      stun_message_find64(&msg, STUN_ATTRIBUTE_ICE_CONTROLLED, &tie_breaker);
    }
    benchmark::DoNotOptimize(username);
    benchmark::DoNotOptimize(priority);
    benchmark::DoNotOptimize(tie_breaker);
  }
}

void BM_DecodeVerify_Libnice(benchmark::State& state, int which) {
  const Bytes& bytes = sample(which).bytes;
  StunAgent agent;
  init_agent(agent);
  for (auto _ : state) {
    StunMessage msg{};
    auto status =
        stun_agent_validate(&agent, &msg, bytes.data(), bytes.size(), password_for, nullptr);
    if (status != STUN_VALIDATION_SUCCESS) state.SkipWithError("libnice: validation failed");
    benchmark::DoNotOptimize(status);
  }
}

// The same ICE check with libnice's builder. stun_agent_init_request() would draw a random
// transaction id; the fixed one here keeps both sides doing the same work.
void BM_Encode_Libnice(benchmark::State& state) {
  StunAgent agent;
  init_agent(agent);
  std::array<uint8_t, 256> buffer{};
  StunTransactionId id;  // libnice's id includes the magic cookie: 16 bytes
  const uint32_t cookie = htonl(STUN_MAGIC_COOKIE);
  std::memcpy(id, &cookie, 4);
  std::memcpy(id + 4, kId.data(), kId.size());
  size_t length = 0;
  for (auto _ : state) {
    StunMessage msg{};
    msg.agent = &agent;
    msg.buffer = buffer.data();
    msg.buffer_len = buffer.size();
    stun_message_init(&msg, STUN_REQUEST, STUN_BINDING, id);
    stun_message_append_string(&msg, STUN_ATTRIBUTE_USERNAME, "evtj:h6vY");
    stun_message_append32(&msg, STUN_ATTRIBUTE_PRIORITY, 0x6e0001ff);
    stun_message_append64(&msg, STUN_ATTRIBUTE_ICE_CONTROLLING, kTieBreaker);
    stun_message_append_flag(&msg, STUN_ATTRIBUTE_USE_CANDIDATE);
    length = stun_agent_finish_message(
        &agent, &msg, reinterpret_cast<const uint8_t*>(kPassword.data()), kPassword.size());
    // finish_message remembers the request to match its response; forget it, or the agent's 200
    // slots fill up and it refuses to encode.
    stun_agent_forget_transaction(&agent, id);
    benchmark::DoNotOptimize(buffer.data());
  }
  // libnice pads USERNAME with spaces (RFC 5389 allowed any padding), so compare by meaning.
  auto keys = *IntegrityKeys::short_term(kPassword);
  auto m = MessageView::parse(BytesView(buffer.data(), length));
  if (length != sample(1).bytes.size() || !m || !verify_message_integrity(*m, keys.sha1()) ||
      !verify_fingerprint(*m) || !m->use_candidate()) {
    state.SkipWithError("libnice encoded something else");
  }
}
#endif

// With --benchmark_repetitions=N the "_min" rows are the least disturbed runs (the build machine
// is shared); the ratios in stun/README.md come from them.
double min_of(const std::vector<double>& v) {
  return *std::min_element(v.begin(), v.end());
}

void add(const std::string& name, void (*fn)(benchmark::State&, int), int which) {
  benchmark::RegisterBenchmark(name.c_str(), fn, which)->ComputeStatistics("min", min_of);
}
void add(const std::string& name, void (*fn)(benchmark::State&)) {
  benchmark::RegisterBenchmark(name.c_str(), fn)->ComputeStatistics("min", min_of);
}

[[maybe_unused]] const bool kRegistered = [] {
  for (int which = 0; which < 2; ++which) {
    const std::string name = which == 0 ? "rfc5769_request" : "ice_request";
    add("decode/rtc/" + name, BM_Decode_Rtc, which);
    add("decode/floor_length_chase/" + name, BM_Floor_LengthChase, which);
#ifdef RTC_HAVE_LIBNICE
    add("decode/libnice/" + name, BM_Decode_Libnice, which);
#endif
    add("decode_verify/rtc/" + name, BM_DecodeVerify_Rtc, which);
#ifdef RTC_HAVE_LIBNICE
    add("decode_verify/libnice/" + name, BM_DecodeVerify_Libnice, which);
#endif
    add("decode_verify/bare_hmac_sha1_crc32/" + name, BM_Bare_HmacSha1Crc32_Verify, which);
  }
  add("encode/rtc/ice_request", BM_Encode_Rtc);
  add("encode/rtc_fresh_buffer/ice_request", BM_Encode_RtcFreshBuffer);
#ifdef RTC_HAVE_LIBNICE
  add("encode/libnice/ice_request", BM_Encode_Libnice);
#endif
  add("encode/bare_hmac_sha1_crc32/ice_request", BM_Bare_HmacSha1Crc32_Encode);
  return true;
}();

}  // namespace
