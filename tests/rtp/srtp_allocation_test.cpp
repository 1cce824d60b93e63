// "No heap allocation per packet on the hot path": once an SSRC's context exists, protecting
// and unprotecting through the span API allocates nothing. Counted by replacing the global
// operator new in this test binary.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "rtc/rtp/srtp_session.hpp"
#include "srtp_test_util.hpp"

namespace {
std::atomic<std::size_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace rtc::rtp {
namespace {

TEST(SrtpHotPath, NoAllocationPerPacketOnceTheContextExists) {
  for (auto profile : {SrtpProfile::aes_cm_128_hmac_sha1_80, SrtpProfile::aes_cm_128_hmac_sha1_32,
                       SrtpProfile::aead_aes_128_gcm, SrtpProfile::aead_aes_256_gcm}) {
    const auto& info = profile_info(profile);
    SrtpConfig config;
    config.profile = profile;
    config.master_key.assign(info.master_key_size, 1);
    config.master_salt.assign(info.master_salt_size, 2);
    auto tx = SrtpSession::create(config);
    auto rx = SrtpSession::create(config);
    ASSERT_TRUE(tx && rx);

    Bytes rtp = test::make_rtp(42, 0, 1188);
    const std::size_t rtp_size = rtp.size();
    rtp.resize(rtp_size + 64);
    Bytes rtcp = test::make_rtcp(42);
    const std::size_t rtcp_size = rtcp.size();
    rtcp.resize(rtcp_size + 64);
    // First packets create the contexts (the one allowed allocation per SSRC).
    auto warm = [&](std::uint16_t seq) {
      store_be16(rtp, 2, seq);
      auto sent = tx->protect_rtp(MutableBytesView(rtp), rtp_size);
      ASSERT_TRUE(sent);
      ASSERT_TRUE(rx->unprotect_rtp(MutableBytesView(rtp).first(*sent)));
      auto sent_rtcp = tx->protect_rtcp(MutableBytesView(rtcp), rtcp_size);
      ASSERT_TRUE(sent_rtcp);
      ASSERT_TRUE(rx->unprotect_rtcp(MutableBytesView(rtcp).first(*sent_rtcp)));
    };
    warm(0);

    const std::size_t before = g_allocations.load();
    for (std::uint16_t seq = 1; seq < 200; ++seq) warm(seq);
    EXPECT_EQ(g_allocations.load() - before, 0u) << to_string(profile);
  }
}

}  // namespace
}  // namespace rtc::rtp
