// Row-wise operations on a score matrix S [rows, cols].
//   softmax_rows:  S[i, :] = exp(S[i, :] - max_i) / sum   (numerically stable;
//                  a row that is entirely -inf becomes all zeros)
//   scale_inplace: S *= alpha
//   causal_mask:   S[i, j] = -inf where j > i + offset   (offset = cols - rows
//                  aligns the last query with the last key; 0 aligns the first
//                  query with the first key: attention.hpp's causal_align)
// None of them throws or allocates: noexcept, so that WebAssembly callers with
// destructors in scope call them directly rather than through the JavaScript
// exception trampolines (gemm.hpp says more).
#pragma once
#include "../tensor.hpp"

namespace lml::kernels {

void softmax_rows(View S) noexcept;
void scale_inplace(View S, float alpha) noexcept;
void causal_mask(View S, std::ptrdiff_t offset) noexcept;
// exp2 of every element (vectorised): used by tests of the exp kernel.
void exp2_inplace(View S) noexcept;

}  // namespace lml::kernels
