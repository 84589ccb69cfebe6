// What an attention call is asked and what it returns, below every kernel:
// the options (causal mask and its alignment, scale, temperature, recency, RoPE, ALiBi),
// the result types, the input check and the scale and offset rules. The fast
// paths (attention.hpp) and the naive references (kernels/reference.hpp) both
// build on this file, so neither has to include the other.
//   AttentionResult  out [n_q, d_v], weights [n_q, n_k]
//   AttentionTrace   scores, logits, weights [n_q, n_k], out [n_q, d_v], scale
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "tensor.hpp"

namespace lml {

// Where the causal diagonal sits when n_q ≠ n_k (see p_i above).
enum class CausalAlign { bottom_right, top_left };

struct AttentionOptions {
  bool causal = false;
  CausalAlign causal_align = CausalAlign::bottom_right;
  std::optional<float> scale;  // none → 1/√d_k; 1 shows the unscaled case
  float temperature = 1.f;     // > 0
  float recency = 0.f;         // ≥ 0, linear recency bias (materialised paths only)
  float rope = 0.f;            // 0 = off; > 1: rotary positions with this base (10000 in RoFormer)
  // Multi-head only (multi_head_attention with its weights kept): ALiBi, head h of H gets the
  // recency slope 2^(−8(h+1)/H) (Press et al. 2022, arXiv 2108.12409, §3). A single attention
  // call refuses it: there, recency is the one slope.
  bool alibi = false;
};

struct AttentionResult {
  Tensor out;      // [n_q, d_v]
  Tensor weights;  // [n_q, n_k]
};

struct AttentionTrace {
  Tensor scores;   // Q·Kᵀ                      [n_q, n_k]
  Tensor logits;   // scaled, biased and masked [n_q, n_k] (-inf where masked)
  Tensor weights;  // softmax of logits         [n_q, n_k]
  Tensor out;      // weights · V               [n_q, d_v]
  float scale;     // the scale that was used
};

// Validates shapes, options and finiteness; throws lml::Error naming the problem.
void check_attention_inputs(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o);
float effective_scale(std::size_t d_k, const AttentionOptions& o);
// ALiBi's slope of head h among `heads`: 2^(−8(h+1)/heads).
float alibi_slope(std::size_t head, std::size_t heads);
// p_i − i: n_k − n_q (bottom_right) or 0 (top_left).
std::ptrdiff_t query_offset(std::size_t n_q, std::size_t n_k, const AttentionOptions& o);
// "bottom-right" / "top-left" ↔ CausalAlign; a bad name throws lml::Error listing both.
CausalAlign causal_align_of(const std::string& name);
const char* causal_align_name(CausalAlign a);
// Rows of X rotated as RoPE does: row r sits at position first + r, and columns (2c, 2c+1) turn
// by (first + r)·base^(−2c/cols). cols must be even.
Tensor rotate_positions(ConstView X, std::ptrdiff_t first, float base);

}  // namespace lml
