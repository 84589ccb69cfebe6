// HMT memory search (He et al. 2024, eqs. 2–3):
//   S [m, d] summaries (m = 1 in HMT), M [n, d] cached memories, W_q, W_k [d, d_r]
//   Q = S·W_q                      [m, d_r]
//   K = M·W_k                      [n, d_r]
//   scores  = Q·Kᵀ / √d_r          [m, n]
//   weights = softmax_rows(scores) [m, n]
//   P = weights · M                [m, d]   (no value or output projection: the
//                                            weights mix the raw cached memories)
// retrieve() is the dense form (lessons, graders); search() runs on a
// MemoryBank whose keys were computed when each memory was written.
#pragma once
#include "../tensor.hpp"
#include "memory_bank.hpp"

namespace lml::hmt {

struct Retrieval {
  Tensor query, keys, scores, weights, retrieved;
};

Retrieval retrieve(ConstView S, ConstView M, ConstView Wq, ConstView Wk);

// q [d_r] (already S·W_q) → weights [bank.size()] over the bank's physical
// rows (scores are computed in place) and P [d]; allocates nothing.
void search(const MemoryBank& bank, const float* q, float* weights_physical, float* P);

namespace reference {
Retrieval retrieve(ConstView S, ConstView M, ConstView Wq, ConstView Wk);
}

}  // namespace lml::hmt
