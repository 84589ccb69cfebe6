// Seeded deterministic random numbers: the same seed gives the same values in
// the native build, in every wasm build and in every browser, so lessons and
// graders can regenerate an example anywhere. splitmix64 state; uniform floats
// from the top 24 bits; normals by Box-Muller with float-free integer state.
#pragma once
#include <cstdint>

#include "tensor.hpp"

namespace lml {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next_u64();
  float uniform();        // [0, 1)
  float normal();         // mean 0, variance 1
 private:
  std::uint64_t state_;
  bool has_spare_ = false;
  float spare_ = 0.f;
};

// [rows, cols] of N(0, std^2) samples.
Tensor randn(std::uint64_t seed, std::size_t rows, std::size_t cols, float std = 1.f);
// [rows, cols] of U(lo, hi) samples.
Tensor rand_uniform(std::uint64_t seed, std::size_t rows, std::size_t cols, float lo, float hi);

}  // namespace lml
