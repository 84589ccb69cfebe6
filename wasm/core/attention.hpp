// Scaled dot-product attention.
//   Q [n_q, d_k], K [n_k, d_k], V [n_k, d_v]  →  out [n_q, d_v], weights [n_q, n_k]
//   logits  = (Q·Kᵀ) · scale / temperature − recency · max(0, i + n_k − n_q − j)
//             (scale defaults to 1/√d_k; only keys before the query's own position are penalised —
//             without the causal mask, later keys keep their logits)
//   weights = softmax_rows(logits, causal mask: key j visible to query i iff
//             j ≤ i + (n_k − n_q))
//   out     = weights · V
// attention()        materialises the n_q × n_k weights (for heatmaps, steppers)
// attention_tiled()  never does: key tiles with an online softmax, memory O(n·d);
//                    the fast path (and the only one that fits n = 16384)
// attention_trace()  every intermediate, for the equation stepper
// Naive references: kernels/reference.hpp.
#pragma once
#include <optional>

#include "tensor.hpp"

namespace lml {

struct AttentionOptions {
  bool causal = false;
  std::optional<float> scale;  // none → 1/√d_k; 1 shows the unscaled case
  float temperature = 1.f;     // > 0
  float recency = 0.f;         // ≥ 0, linear recency bias (materialised paths only)
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

AttentionResult attention(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o = {});
AttentionTrace attention_trace(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o = {});
// Where attention_tiled's time goes, in ms, added to when a pointer is passed
// (the clock is read a few times per block of 16 query rows; the default,
// nullptr, reads no clock at all).
struct AttentionPhases {
  double pack = 0;     // K into panels, V padded to whole panels, buffers
  double qk = 0;       // S = Qb·Kᵀ (GEMM micro-kernel)
  double softmax = 0;  // row max, exp, sums, rescaling of the accumulator
  double pv = 0;       // acc += P·V (GEMM micro-kernel)
  double rows = 0;     // per block: scaled copy of Q rows, fills, out = acc / l
};
double now_ms();  // a monotonic clock in milliseconds (performance.now() under emscripten)

Tensor attention_tiled(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o = {},
                       AttentionPhases* phases = nullptr);

}  // namespace lml
