#include "multihead.hpp"

#include <algorithm>

#include "kernels/gemm.hpp"
#include "kernels/reference.hpp"

namespace lml {

Tensor slice_cols(ConstView A, std::size_t c0, std::size_t w) {
  require(c0 + w <= A.cols && w >= 1, "slice_cols: columns [", c0, ", ", c0 + w, ") outside ", A.cols);
  Tensor t(A.rows, w);
  for (std::size_t r = 0; r < A.rows; ++r) std::copy(A.row(r) + c0, A.row(r) + c0 + w, t.data() + r * w);
  return t;
}

// The options of head `head`: with alibi, its own recency slope.
static AttentionOptions head_options(const AttentionOptions& o, std::size_t head, std::size_t heads) {
  if (!o.alibi) return o;
  require(o.recency == 0.f, "multi_head_attention: alibi sets each head's recency slope; leave recency at 0");
  AttentionOptions h = o;
  h.alibi = false;
  h.recency = alibi_slope(head, heads);
  return h;
}

Tensor attention_heads(ConstView Q, ConstView K, ConstView V, std::size_t heads, const AttentionOptions& o) {
  require(heads >= 1, "attention_heads: heads must be >= 1, got ", heads);
  require(!o.alibi, "attention_heads: alibi needs the materialised weights (multiHead with keepWeights)");
  require(Q.cols == K.cols && K.cols == V.cols, "attention_heads: Q, K, V must have the same d_model, got ",
          shape_str(Q.rows, Q.cols), ", ", shape_str(K.rows, K.cols), ", ", shape_str(V.rows, V.cols));
  require(Q.cols % heads == 0, "attention_heads: d_model = ", Q.cols, " is not divisible by heads = ", heads);
  const std::size_t dh = Q.cols / heads, d = Q.cols;
  Tensor out(Q.rows, d);
  for (std::size_t head = 0; head < heads; ++head) {
    attention_tiled_into(slice_cols(Q, head * dh, dh), slice_cols(K, head * dh, dh), slice_cols(V, head * dh, dh), o,
                         View{out.data() + head * dh, Q.rows, dh, d});
  }
  return out;
}

static void check_multi_head(ConstView X, const MultiHeadWeights& W, std::size_t heads) {
  require_shape(X.rows, X.cols, "X");
  const std::size_t d = X.cols;
  require(heads >= 1, "multi_head_attention: heads must be >= 1, got ", heads);
  require(d % heads == 0, "multi_head_attention: d_model = ", d, " is not divisible by heads = ", heads);
  double mw = 0;
  const ConstView* ws[] = {&W.Wq, &W.Wk, &W.Wv, &W.Wo};
  const char* names[] = {"W_q", "W_k", "W_v", "W_o"};
  for (int i = 0; i < 4; ++i) {
    require(ws[i]->rows == d && ws[i]->cols == d, "multi_head_attention: ", names[i], " must be ",
            shape_str(d, d), " for X of shape ", shape_str(X.rows, X.cols), ", got ",
            shape_str(ws[i]->rows, ws[i]->cols));
    for (std::size_t r = 0; r < d; ++r) mw = std::max<double>(mw, require_finite(ws[i]->row(r), d, names[i]));
  }
  double mx = 0;
  for (std::size_t r = 0; r < X.rows; ++r) mx = std::max<double>(mx, require_finite(X.row(r), d, "X"));
  // |X·W| <= max|X|·max|W|·d_model, and the same again for concat·W_o.
  require(mx * mw * double(d) <= kMaxMagnitude && mx * mw * mw * double(d) * double(d) <= kMaxMagnitude,
          "multi_head_attention: projections could overflow float32 (max|X| = ", mx, ", max|W| = ", mw,
          ", d_model = ", d, "); scale the inputs down");
}

MultiHeadResult multi_head_attention(ConstView X, const MultiHeadWeights& W, std::size_t heads,
                                     const AttentionOptions& o, bool keep_weights) {
  check_multi_head(X, W, heads);
  const std::size_t n = X.rows, d = X.cols, dh = d / heads;
  MultiHeadResult r;
  r.q = Tensor(n, d); r.k = Tensor(n, d); r.v = Tensor(n, d);
  kernels::matmul_nn(X, W.Wq, r.q.view());
  kernels::matmul_nn(X, W.Wk, r.k.view());
  kernels::matmul_nn(X, W.Wv, r.v.view());
  if (keep_weights) {
    r.concat = Tensor(n, d);
    for (std::size_t head = 0; head < heads; ++head) {
      AttentionResult a = attention(slice_cols(r.q, head * dh, dh), slice_cols(r.k, head * dh, dh), slice_cols(r.v, head * dh, dh),
                                    head_options(o, head, heads));
      for (std::size_t i = 0; i < n; ++i) std::copy(a.out.data() + i * dh, a.out.data() + (i + 1) * dh, r.concat.data() + i * d + head * dh);
      r.weights.push_back(std::move(a.weights));
    }
  } else {
    r.concat = attention_heads(r.q, r.k, r.v, heads, o);
  }
  r.out = Tensor(n, d);
  kernels::matmul_nn(r.concat, W.Wo, r.out.view());
  return r;
}

namespace reference {
MultiHeadResult multi_head_attention(ConstView X, const MultiHeadWeights& W, std::size_t heads,
                                     const AttentionOptions& o) {
  check_multi_head(X, W, heads);
  const std::size_t n = X.rows, d = X.cols, dh = d / heads;
  MultiHeadResult r;
  r.q = lml::reference::matmul_nn(X, W.Wq);
  r.k = lml::reference::matmul_nn(X, W.Wk);
  r.v = lml::reference::matmul_nn(X, W.Wv);
  r.concat = Tensor(n, d);
  for (std::size_t head = 0; head < heads; ++head) {
    AttentionResult a = lml::reference::attention(slice_cols(r.q, head * dh, dh), slice_cols(r.k, head * dh, dh),
                                                  slice_cols(r.v, head * dh, dh), head_options(o, head, heads));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t c = 0; c < dh; ++c) r.concat(i, head * dh + c) = a.out(i, c);
    r.weights.push_back(std::move(a.weights));
  }
  r.out = lml::reference::matmul_nn(r.concat, W.Wo);
  return r;
}
}  // namespace reference

}  // namespace lml
