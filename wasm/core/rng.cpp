#include "rng.hpp"

#include <cmath>

namespace lml {

std::uint64_t Rng::next_u64() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

float Rng::uniform() { return float(next_u64() >> 40) * (1.0f / 16777216.0f); }

float Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // Box-Muller in double so every platform rounds the same way.
  double u1 = (double(next_u64() >> 11) + 1.0) * (1.0 / 9007199254740992.0);  // (0, 1]
  double u2 = double(next_u64() >> 11) * (1.0 / 9007199254740992.0);          // [0, 1)
  double r = std::sqrt(-2.0 * std::log(u1));
  double t = 6.283185307179586 * u2;
  spare_ = float(r * std::sin(t));
  has_spare_ = true;
  return float(r * std::cos(t));
}

Tensor randn(std::uint64_t seed, std::size_t rows, std::size_t cols, float std) {
  require_shape(rows, cols, "randn");
  require(std::isfinite(std) && std >= 0.f, "randn: std must be finite and >= 0, got ", std);
  Tensor t(rows, cols);
  Rng rng(seed);
  for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = std * rng.normal();
  return t;
}

Tensor rand_uniform(std::uint64_t seed, std::size_t rows, std::size_t cols, float lo, float hi) {
  require_shape(rows, cols, "rand_uniform");
  require(std::isfinite(lo) && std::isfinite(hi) && lo <= hi, "rand_uniform: need finite lo <= hi");
  Tensor t(rows, cols);
  Rng rng(seed);
  for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = lo + (hi - lo) * rng.uniform();
  return t;
}

}  // namespace lml
