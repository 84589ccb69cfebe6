#include "reference.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lml::reference {

Tensor matmul_nt(ConstView A, ConstView B) {
  require(A.cols == B.cols, "reference::matmul_nt: inner sizes differ");
  Tensor C(A.rows, B.rows);
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t j = 0; j < B.rows; ++j) {
      double s = 0;
      for (std::size_t c = 0; c < A.cols; ++c) s += double(A(i, c)) * B(j, c);
      C(i, j) = float(s);
    }
  return C;
}

Tensor matmul_nn(ConstView A, ConstView B) {
  require(A.cols == B.rows, "reference::matmul_nn: inner sizes differ");
  Tensor C(A.rows, B.cols);
  for (std::size_t i = 0; i < A.rows; ++i)
    for (std::size_t j = 0; j < B.cols; ++j) {
      double s = 0;
      for (std::size_t c = 0; c < A.cols; ++c) s += double(A(i, c)) * B(c, j);
      C(i, j) = float(s);
    }
  return C;
}

void softmax_rows(View S) {
  for (std::size_t i = 0; i < S.rows; ++i) {
    float mx = -std::numeric_limits<float>::infinity();
    for (std::size_t j = 0; j < S.cols; ++j) mx = std::max(mx, S(i, j));
    if (mx == -std::numeric_limits<float>::infinity()) {
      for (std::size_t j = 0; j < S.cols; ++j) S(i, j) = 0.f;
      continue;
    }
    double sum = 0;
    for (std::size_t j = 0; j < S.cols; ++j) sum += std::exp(double(S(i, j)) - mx);
    for (std::size_t j = 0; j < S.cols; ++j) S(i, j) = float(std::exp(double(S(i, j)) - mx) / sum);
  }
}

AttentionResult attention(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o) {
  check_attention_inputs(Q, K, V, o);
  const float scale = effective_scale(Q.cols, o);
  // Query i sits at key position i + offset (bottom-right: the last query on the last key).
  const std::ptrdiff_t offset = o.causal_align == CausalAlign::top_left ? 0 : std::ptrdiff_t(K.rows) - std::ptrdiff_t(Q.rows);
  AttentionResult r;
  r.weights = o.rope > 0.f ? matmul_nt(rotate_positions(Q, offset, o.rope), rotate_positions(K, 0, o.rope)) : matmul_nt(Q, K);
  for (std::size_t i = 0; i < Q.rows; ++i)
    for (std::size_t j = 0; j < K.rows; ++j) {
      const std::ptrdiff_t dist = std::ptrdiff_t(i) + offset - std::ptrdiff_t(j);
      float& x = r.weights(i, j);
      x = x * scale / o.temperature - (dist > 0 ? o.recency * float(dist) : 0.f);
      if (o.causal && dist < 0) x = -std::numeric_limits<float>::infinity();
    }
  softmax_rows(r.weights.view());
  r.out = matmul_nn(r.weights, V);
  return r;
}

}  // namespace lml::reference
