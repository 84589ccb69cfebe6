#include "bow.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include "../rng.hpp"

namespace lml::hmt {
namespace {
constexpr std::uint64_t kFnvOffset = 1469598103934665603ull, kFnvPrime = 1099511628211ull;

bool word_byte(std::uint8_t b) {
  return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b >= 0x80;
}
std::uint8_t fold(std::uint8_t b) { return (b >= 'A' && b <= 'Z') ? std::uint8_t(b + 32) : b; }
}  // namespace

BowEncoder::BowEncoder(const BowConfig& c) : cfg_(c), hash_(kFnvOffset) {
  require(c.dim >= 1 && c.dim <= 4096, "bag-of-words: dim must be in [1, 4096], got ", c.dim);
  require(c.min_word_len >= 1 && c.min_word_len <= 64, "bag-of-words: minWordLength must be in [1, 64], got ",
          c.min_word_len);
  require(std::isfinite(c.sharpness) && c.sharpness > 0.f && c.sharpness <= 1000.f,
          "bag-of-words: sharpness must be in (0, 1000], got ", c.sharpness);
  proj_ = Tensor(c.dim, c.dim);
  const float s = std::sqrt(c.sharpness * std::sqrt(float(c.dim)));
  for (std::size_t i = 0; i < c.dim; ++i) proj_(i, i) = s;
}

void BowEncoder::reset() {
  hash_ = kFnvOffset;
  len_ = 0;
}

void BowEncoder::vector_of(std::uint64_t hash, float* out) const {
  Rng rng(cfg_.seed * 0x9E3779B97F4A7C15ull ^ hash);
  double norm = 0;
  for (std::size_t c = 0; c < cfg_.dim; ++c) {
    out[c] = rng.normal();
    norm += double(out[c]) * out[c];
  }
  const float inv = norm > 0 ? float(1.0 / std::sqrt(norm)) : 0.f;
  for (std::size_t c = 0; c < cfg_.dim; ++c) out[c] *= inv;
}

void BowEncoder::word_vector(const std::uint8_t* word, std::size_t n, float* out) const {
  std::uint64_t h = kFnvOffset;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ fold(word[i])) * kFnvPrime;
  vector_of(h, out);
}

void BowEncoder::embed(const std::uint8_t* bytes, std::size_t n, View out) {
  if (!(out.rows == n && out.cols == cfg_.dim)) fail("bag-of-words: output must be ", shape_str(n, cfg_.dim));
  for (std::size_t i = 0; i < n; ++i) {
    float* row = out.row(i);
    const std::uint8_t b = bytes[i];
    if (word_byte(b)) {
      hash_ = (hash_ ^ fold(b)) * kFnvPrime;
      ++len_;
      std::fill(row, row + cfg_.dim, 0.f);
      continue;
    }
    if (len_ >= cfg_.min_word_len) vector_of(hash_, row);
    else std::fill(row, row + cfg_.dim, 0.f);
    reset();
  }
}

void pool_unit(ConstView H, std::size_t rows, float* out) {
  const std::size_t d = H.cols;
  std::vector<double> acc(d, 0.0);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t c = 0; c < d; ++c) acc[c] += H(i, c);
  double norm = 0;
  for (double v : acc) norm += v * v;
  const double inv = norm > 0 ? 1.0 / std::sqrt(norm) : 0.0;
  for (std::size_t c = 0; c < d; ++c) out[c] = float(acc[c] * inv);
}

}  // namespace lml::hmt
