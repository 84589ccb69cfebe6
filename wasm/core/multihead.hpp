// Multi-head attention.
//   X [n, d_model];  W_q, W_k, W_v, W_o [d_model, d_model];  h heads, d_h = d_model / h
//   Q = X·W_q, K = X·W_k, V = X·W_v                    [n, d_model]
//   head_i = attention(Q[:, i·d_h:(i+1)·d_h], K[...], V[...])   [n, d_h]
//   concat = [head_0 ‖ … ‖ head_{h−1}]                 [n, d_model]
//   out    = concat · W_o                              [n, d_model]
// With keep_weights the per-head weights [n, n] are returned (materialised
// attention); without, each head runs the tiled O(n·d) path.
#pragma once
#include <vector>

#include "attention.hpp"

namespace lml {

struct MultiHeadWeights {
  ConstView Wq, Wk, Wv, Wo;
};

struct MultiHeadResult {
  Tensor out;                   // [n, d_model]
  Tensor q, k, v;               // projections [n, d_model]
  Tensor concat;                // [n, d_model]
  std::vector<Tensor> weights;  // h × [n, n] when keep_weights
};

// Attention over h heads of already projected Q, K, V [n, d_model] (no
// projections): head i uses columns [i·d_h, (i+1)·d_h); the heads' outputs are
// concatenated → [n, d_model]. Tiled per head: memory O(n·d_model).
Tensor attention_heads(ConstView Q, ConstView K, ConstView V, std::size_t heads, const AttentionOptions& o = {});

// Copies columns [c0, c0 + w) of A into a new [rows, w] tensor (a head's slice).
Tensor slice_cols(ConstView A, std::size_t c0, std::size_t w);

MultiHeadResult multi_head_attention(ConstView X, const MultiHeadWeights& W, std::size_t heads,
                                     const AttentionOptions& o = {}, bool keep_weights = true);

namespace reference {
MultiHeadResult multi_head_attention(ConstView X, const MultiHeadWeights& W, std::size_t heads,
                                     const AttentionOptions& o = {});
}

}  // namespace lml
