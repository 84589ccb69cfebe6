// Naive scalar references: the algorithm as written in the papers, in plain
// loops with double accumulators. Every fast kernel is tested against these,
// and the benchmark shows them as the "naive" row.
#pragma once
#include "../attention_options.hpp"
#include "../tensor.hpp"

namespace lml::reference {

Tensor matmul_nt(ConstView A, ConstView B);  // A[m,k]·B[n,k]ᵀ → [m,n]
Tensor matmul_nn(ConstView A, ConstView B);  // A[m,k]·B[k,n]  → [m,n]
void softmax_rows(View S);                   // max-subtracted, std::exp
AttentionResult attention(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o = {});

}  // namespace lml::reference
