#pragma once
// Execution tokens, tickets and session ids, from a seeded generator: the
// same --seed and the same sequence of requests give the same tokens.
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace rollcall::sim {

class TokenSource {
 public:
  explicit TokenSource(std::uint64_t seed) : rng_(seed) {}

  // prefix followed by `hex_digits` lowercase hex digits (a multiple of 16).
  std::string next(std::string_view prefix, int hex_digits = 32);

  // A counter for CAS-style ids ("ST-42-...").
  std::uint64_t serial() { return ++serial_; }

 private:
  std::mt19937_64 rng_;
  std::uint64_t serial_ = 0;
};

}  // namespace rollcall::sim
