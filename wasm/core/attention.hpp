// Scaled dot-product attention.
//   Q [n_q, d_k], K [n_k, d_k], V [n_k, d_v]  →  out [n_q, d_v], weights [n_q, n_k]
//   p_i     = i + (n_k − n_q)   causal_align bottom_right (default): the last query sits on the
//                                last key, as when new queries attend to a KV cache
//           = i                 causal_align top_left: query i sits on key i (ONNX Attention
//                                without a cache, PyTorch's is_causal)
//   rope    (optional, rope = base > 1) rotary positions: before the product, each pair of
//           columns (2c, 2c+1) of query i is rotated by the angle p_i·θ_c and of key j by j·θ_c,
//           θ_c = base^(−2c/d_k) (Su et al. 2021, arXiv 2104.09864, §3.4), so q_i·k_j depends
//           on p_i − j only; d_k must be even
//   logits  = (Q·Kᵀ) · scale / temperature − recency · max(0, p_i − j)
//             (scale defaults to 1/√d_k; only keys before the query's own position p_i are
//             penalised — without the causal mask, later keys keep their logits)
//   weights = softmax_rows(logits, causal mask: key j visible to query i iff j ≤ p_i)
//   out     = weights · V
// With n_q = n_k both alignments are the same; bottom_right with n_q > n_k would leave the first
// queries without a key and is refused.
// attention()        materialises the n_q × n_k weights (for heatmaps, steppers)
// attention_tiled()  never does: key tiles with an online softmax, memory O(n·d);
//                    the fast path (and the only one that fits n = 16384)
// attention_trace()  every intermediate, for the equation stepper
// Naive references: kernels/reference.hpp. The options and result types, the input check
// and the scale/offset rules: attention_options.hpp (below kernels/, which uses them too).
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "attention_options.hpp"
#include "tensor.hpp"

namespace lml {

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
// The same written into out [n_q, d_v] (any row stride: a head's columns of a wider
// matrix), so the backbone's heads need no result tensor and no copy.
void attention_tiled_into(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o, View out,
                          AttentionPhases* phases = nullptr);

}  // namespace lml
