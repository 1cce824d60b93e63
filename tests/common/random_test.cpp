// Injected randomness: seeded runs replay exactly; the secure source is not constant.
#include "rtc/common/random.hpp"

#include <gtest/gtest.h>

#include <set>

namespace rtc {
namespace {

TEST(SeededRandom, SameSeedSameSequence) {
  SeededRandom a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    auto x = a.u64();
    EXPECT_EQ(x, b.u64());
    (void)c;
  }
  EXPECT_NE(SeededRandom(42).u64(), SeededRandom(43).u64());
}

TEST(Random, UniformStaysInRangeAndCoversIt) {
  SeededRandom r(1);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    auto v = r.uniform(10);
    ASSERT_LT(v, 10u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(r.uniform(1), 0u);
  for (int i = 0; i < 100; ++i) {
    double d = r.uniform_real(0.8, 1.2);
    EXPECT_GE(d, 0.8);
    EXPECT_LT(d, 1.2);
  }
}

// RFC 8839 §5.4: ice-char is ALPHA / DIGIT / "+" / "/".
TEST(Rfc8839_5_4, TokensUseIceChars) {
  SeededRandom r(3);
  auto t = r.token(24);
  EXPECT_EQ(t.size(), 24u);
  for (char ch : t) EXPECT_NE(Random::kIceChars.find(ch), std::string_view::npos) << ch;
}

TEST(SecureRandom, ProducesDifferentValues) {
  SecureRandom r;
  std::set<std::uint64_t> values;
  for (int i = 0; i < 16; ++i) values.insert(r.u64());
  EXPECT_EQ(values.size(), 16u);
}

}  // namespace
}  // namespace rtc
