// rtc::crypto::random_bytes: the provider's DRBG (NIST SP 800-90A CTR_DRBG) seeded from the OS.
// Randomness cannot be checked against a vector; these tests catch the failures that matter in
// practice: an unseeded or stuck generator, short fills, and unsafe concurrent use.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "rtc/common/crypto.hpp"

namespace rtc::crypto {
namespace {

TEST(RandomBytes, DifferentEveryTime) {
  Bytes a(32), b(32);
  ASSERT_TRUE(random_bytes(a).has_value());
  ASSERT_TRUE(random_bytes(b).has_value());
  EXPECT_NE(a, b);
  EXPECT_NE(a, Bytes(32, 0));
}

// Larger than one DRBG request (mbedTLS serves at most 1024 bytes per call): every part of
// the buffer must be written, and the 16-byte blocks must not repeat.
TEST(RandomBytes, FillsLargeBuffers) {
  Bytes big(5000, 0);
  ASSERT_TRUE(random_bytes(big).has_value());
  std::set<Bytes> blocks;
  for (std::size_t at = 0; at + 16 <= big.size(); at += 16) {
    blocks.emplace(big.begin() + static_cast<std::ptrdiff_t>(at),
                   big.begin() + static_cast<std::ptrdiff_t>(at + 16));
  }
  EXPECT_EQ(blocks.size(), big.size() / 16);
  EXPECT_NE(std::count(big.end() - 16, big.end(), 0), 16);
}

TEST(RandomBytes, EmptyIsFine) {
  EXPECT_TRUE(random_bytes({}).has_value());
}

TEST(RandomBytes, ConcurrentCallersGetDistinctBytes) {
  constexpr int kThreads = 4, kDraws = 200;
  std::vector<std::vector<Bytes>> draws(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&draws, t] {
      for (int i = 0; i < kDraws; ++i) {
        Bytes b(16);
        if (random_bytes(b)) draws[t].push_back(std::move(b));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<Bytes> all;
  for (const auto& d : draws) all.insert(d.begin(), d.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kDraws));
}

}  // namespace
}  // namespace rtc::crypto
