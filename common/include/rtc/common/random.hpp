// Randomness, injected: transaction ids, ICE credentials, tie-breakers, SCTP tags, DTLS randoms.
//
// Production code uses SecureRandom (the crypto provider's DRBG, seeded from the OS);
// tests use SeededRandom so that a simulated run replays bit for bit.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace rtc {

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;

  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::uint64_t u64();
  // Uniform in [0, bound), without modulo bias. bound must be > 0.
  std::uint64_t uniform(std::uint64_t bound);
  // Uniform in [lo, hi].
  double uniform_real(double lo, double hi);
  // A string of `length` characters drawn from `alphabet` (e.g. ICE ufrag, RFC 8839 §5.4).
  std::string token(std::size_t length, std::string_view alphabet = kIceChars);

  // ice-char = ALPHA / DIGIT / "+" / "/"  (RFC 8839 §5.4)
  static constexpr std::string_view kIceChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
};

// Deterministic generator for tests and simulations (xoshiro256**, seeded via splitmix64).
// Not for keys: it is predictable by design.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed);
  void fill(std::span<std::uint8_t> out) override;

 private:
  std::uint64_t next();
  std::uint64_t s_[4];
};

// Cryptographically secure: the configured crypto provider's DRBG seeded from the OS.
class SecureRandom final : public Random {
 public:
  SecureRandom();
  ~SecureRandom() override;
  SecureRandom(const SecureRandom&) = delete;
  SecureRandom& operator=(const SecureRandom&) = delete;
  void fill(std::span<std::uint8_t> out) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rtc
