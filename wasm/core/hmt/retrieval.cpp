#include "retrieval.hpp"

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
  require(S.cols == M.cols, "retrieval: S is ", shape_str(S.rows, S.cols), " and M is ", shape_str(M.rows, M.cols),
          "; the summary and the memories need the same d");
  require(Wq.rows == S.cols && Wk.rows == S.cols && Wq.cols == Wk.cols, "retrieval: W_q and W_k must both be [d, d_r] = [",
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

void search(const MemoryBank& bank, const float* q, float* w, float* P) {
  const std::size_t n = bank.size(), dr = bank.key_dim(), d = bank.dim();
  require(n >= 1, "retrieval: the memory cache is empty");
  View weights{w, 1, n, n};
  kernels::matmul_nt(ConstView{q, 1, dr, dr}, bank.keys_physical(), weights, 1.f / std::sqrt(float(dr)));
  kernels::softmax_rows(weights);
  kernels::matmul_nn(weights, bank.memories_physical(), View{P, 1, d, d});
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
