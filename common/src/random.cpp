#include "rtc/common/random.hpp"

#include <array>
#include <cstring>
#include <stdexcept>

#include "rtc/common/crypto.hpp"

namespace rtc {

std::uint8_t Random::u8() {
  std::uint8_t v;
  fill({&v, 1});
  return v;
}

std::uint16_t Random::u16() {
  std::array<std::uint8_t, 2> b;
  fill(b);
  return load_be16(b, 0);
}

std::uint32_t Random::u32() {
  std::array<std::uint8_t, 4> b;
  fill(b);
  return load_be32(b, 0);
}

std::uint64_t Random::u64() {
  std::array<std::uint8_t, 8> b;
  fill(b);
  return load_be64(b, 0);
}

std::uint64_t Random::uniform(std::uint64_t bound) {
  if (bound <= 1) return 0;
  // Rejection sampling: drop the top partial range so every residue is equally likely.
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
  for (;;) {
    std::uint64_t v = u64();
    if (v < limit) return v % bound;
  }
}

double Random::uniform_real(double lo, double hi) {
  // 53 random bits -> [0, 1).
  double unit = static_cast<double>(u64() >> 11) * 0x1.0p-53;
  return lo + (hi - lo) * unit;
}

std::string Random::token(std::size_t length, std::string_view alphabet) {
  std::string out(length, '\0');
  for (auto& c : out) c = alphabet[uniform(alphabet.size())];
  return out;
}

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

SeededRandom::SeededRandom(std::uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

std::uint64_t SeededRandom::next() {
  // xoshiro256** (Blackman & Vigna).
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

void SeededRandom::fill(std::span<std::uint8_t> out) {
  std::size_t i = 0;
  while (i < out.size()) {
    std::uint64_t v = next();
    for (int k = 0; k < 8 && i < out.size(); ++k, ++i) {
      out[i] = static_cast<std::uint8_t>(v >> (56 - 8 * k));
    }
  }
}

struct SecureRandom::Impl {};

SecureRandom::SecureRandom() : impl_(std::make_unique<Impl>()) {}
SecureRandom::~SecureRandom() = default;

void SecureRandom::fill(std::span<std::uint8_t> out) {
  // A DRBG failure means the OS entropy source is gone: nothing secure can continue.
  if (auto ok = crypto::random_bytes(out); !ok) {
    throw std::runtime_error("secure random source failed: " + ok.error().to_string());
  }
}

}  // namespace rtc
