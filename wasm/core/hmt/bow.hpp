// The bag-of-words encoder: a documented, deterministic, UNTRAINED setting in
// which HMT's memory search finds the earlier segment that shares words with
// the current one. It replaces the backbone passes by mean pooling; the ring
// buffer, the search (retrieval.hpp) and the traces are the same code.
//
//   word      a maximal run of letters/digits (ASCII case-folded; bytes ≥ 0x80
//             count as letters, so UTF-8 words stay whole) of at least
//             min_word_len bytes (shorter words are skipped: a crude stop-word filter)
//   u(w)      a unit vector in R^dim: N(0, I) drawn from a generator seeded by
//             (seed, FNV-1a-64 hash of the folded word), then normalised
//   H_n[i]    u(w) if byte i is the first non-word byte after word w, else 0
//             (causal: a word's vector appears where the word ends; the state
//             carries across segments and chunks, so chunked == whole)
//   S_n       unit(Σ_{i<j} H_n[i])   the summary: mean pooling, rescaled to length 1
//   M_n       unit(Σ_{i<L} H_n[i])   the memory written for the segment
//   W_q = W_k = s·I with s² = sharpness·√dim, so the search's scores
//             Q·Kᵀ/√d = sharpness · cos(S_n, M_i)
//   P_0 = 0   (nothing retrieved while the cache is empty)
// Sensory memory and the summary index do not apply (no backbone pass).
#pragma once
#include <cstdint>

#include "../tensor.hpp"
#include "config.hpp"

namespace lml::hmt {

class BowEncoder {
 public:
  explicit BowEncoder(const BowConfig& c);
  // out [n, dim]: the rows H[i] for the next n bytes of the stream.
  void embed(const std::uint8_t* bytes, std::size_t n, View out);
  void reset();
  const BowConfig& config() const { return cfg_; }
  // s·I [dim, dim], used as both W_q and W_k.
  const Tensor& projection() const { return proj_; }
  // u(word) for a word given as bytes (tests, lessons).
  void word_vector(const std::uint8_t* word, std::size_t n, float* out) const;

 private:
  BowConfig cfg_;
  Tensor proj_;
  std::uint64_t hash_;
  std::size_t len_ = 0;
  void vector_of(std::uint64_t hash, float* out) const;
};

// out [cols] = unit(Σ_{i<rows} H[i]); zero when the sum is zero.
void pool_unit(ConstView H, std::size_t rows, float* out);

}  // namespace lml::hmt
