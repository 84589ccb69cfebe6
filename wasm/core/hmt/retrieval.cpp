#include "retrieval.hpp"

#include <algorithm>
#include <cmath>

#include "../kernels/gemm.hpp"
#include "../kernels/reference.hpp"
#include "../kernels/softmax.hpp"

namespace lml::hmt {

static void check(ConstView S, ConstView M, ConstView Wq, ConstView Wk) {
  require_shape(S.rows, S.cols, "S");
  require_shape(M.rows, M.cols, "M");
  require_shape(Wq.rows, Wq.cols, "W_q");
  require_shape(Wk.rows, Wk.cols, "W_k");
  if (S.cols != M.cols) fail("retrieval: S is ", shape_str(S.rows, S.cols), " and M is ", shape_str(M.rows, M.cols),
          "; the summary and the memories need the same d");
  if (!(Wq.rows == S.cols && Wk.rows == S.cols && Wq.cols == Wk.cols)) fail("retrieval: W_q and W_k must both be [d, d_r] = [",
          S.cols, ", d_r], got W_q ", shape_str(Wq.rows, Wq.cols), " and W_k ", shape_str(Wk.rows, Wk.cols));
  const ConstView* vs[] = {&S, &M, &Wq, &Wk};
  const char* names[] = {"S", "M", "W_q", "W_k"};
  for (int i = 0; i < 4; ++i)
    for (std::size_t r = 0; r < vs[i]->rows; ++r) require_finite(vs[i]->row(r), vs[i]->cols, names[i]);
}

Retrieval retrieve(ConstView S, ConstView M, ConstView Wq, ConstView Wk) {
  check(S, M, Wq, Wk);
  Retrieval r;
  const std::size_t dr = Wq.cols;
  r.query = Tensor(S.rows, dr);
  kernels::matmul_nn(S, Wq, r.query.view());
  r.keys = Tensor(M.rows, dr);
  kernels::matmul_nn(M, Wk, r.keys.view());
  r.scores = Tensor(S.rows, M.rows);
  kernels::matmul_nt(r.query, r.keys, r.scores.view(), 1.f / std::sqrt(float(dr)));
  r.weights = Tensor::from(r.scores.data(), S.rows, M.rows);
  kernels::softmax_rows(r.weights.view());
  r.retrieved = Tensor(S.rows, M.cols);
  kernels::matmul_nn(r.weights, M, r.retrieved.view());
  return r;
}

// Plain loops over the bank's rows, no temporaries: the heap stays the same
// whether the cache holds 1 memory or N (cost O(N·(d + d_r)) per segment).
void search(const MemoryBank& bank, const float* q, float* w, float* P) {
  const std::size_t n = bank.size(), dr = bank.key_dim(), d = bank.dim();
  require(n >= 1, "retrieval: the memory cache is empty");
  const ConstView K = bank.keys_physical(), M = bank.memories_physical();
  const float scale = 1.f / std::sqrt(float(dr));
  for (std::size_t i = 0; i < n; ++i) {
    float s = 0.f;
    for (std::size_t c = 0; c < dr; ++c) s += q[c] * K(i, c);
    w[i] = s * scale;
  }
  kernels::softmax_rows(View{w, 1, n, n});
  std::fill(P, P + d, 0.f);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) P[c] += w[i] * M(i, c);
}

namespace reference {
Retrieval retrieve(ConstView S, ConstView M, ConstView Wq, ConstView Wk) {
  check(S, M, Wq, Wk);
  Retrieval r;
  r.query = lml::reference::matmul_nn(S, Wq);
  r.keys = lml::reference::matmul_nn(M, Wk);
  r.scores = lml::reference::matmul_nt(r.query, r.keys);
  const float scale = float(1.0 / std::sqrt(double(Wq.cols)));
  for (std::size_t i = 0; i < r.scores.size(); ++i) r.scores.data()[i] *= scale;
  r.weights = Tensor::from(r.scores.data(), S.rows, M.rows);
  lml::reference::softmax_rows(r.weights.view());
  r.retrieved = lml::reference::matmul_nn(r.weights, M);
  return r;
}
}  // namespace reference

}  // namespace lml::hmt
