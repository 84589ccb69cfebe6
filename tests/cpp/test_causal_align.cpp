// The causal mask's alignment when n_q ≠ n_k, against naive loops written here
// from the definition (independent of kernels/reference.cpp):
//   bottom-right: key j visible to query i iff j ≤ i + n_k − n_q   (a KV cache)
//   top-left:     key j visible to query i iff j ≤ i                (ONNX without a cache, is_causal)
// Tolerance: weights atol 2e-6 / rtol 1e-4, outputs atol 2e-5 / rtol 1e-4 (float32 logits
// against double accumulators, as in test_attention.cpp).
#include <cmath>
#include <limits>
#include <vector>

#include "core/attention.hpp"
#include "core/kernels/reference.hpp"
#include "test_helpers.hpp"

namespace lml {
namespace {

bool visible(std::size_t i, std::size_t j, std::size_t nq, std::size_t nk, CausalAlign a) {
  const long p = a == CausalAlign::top_left ? long(i) : long(i) + long(nk) - long(nq);
  return long(j) <= p;
}

// Causal attention in double precision, the mask from visible() above.
AttentionResult naive_causal(const Tensor& Q, const Tensor& K, const Tensor& V, CausalAlign a) {
  const std::size_t nq = Q.rows(), nk = K.rows(), dk = Q.cols(), dv = V.cols();
  AttentionResult r{Tensor(nq, dv), Tensor(nq, nk)};
  for (std::size_t i = 0; i < nq; ++i) {
    std::vector<double> logit(nk, -std::numeric_limits<double>::infinity());
    double mx = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < nk; ++j) {
      if (!visible(i, j, nq, nk, a)) continue;
      double s = 0;
      for (std::size_t c = 0; c < dk; ++c) s += double(Q(i, c)) * double(K(j, c));
      logit[j] = s / std::sqrt(double(dk));
      mx = std::max(mx, logit[j]);
    }
    double sum = 0;
    for (std::size_t j = 0; j < nk; ++j) sum += std::isfinite(logit[j]) ? std::exp(logit[j] - mx) : 0.0;
    for (std::size_t j = 0; j < nk; ++j) {
      const double w = std::isfinite(logit[j]) ? std::exp(logit[j] - mx) / sum : 0.0;
      r.weights(i, j) = float(w);
      for (std::size_t c = 0; c < dv; ++c) r.out(i, c) += float(w * double(V(j, c)));
    }
  }
  return r;
}

struct Shape { std::size_t nq, nk, dk, dv; };

}  // namespace

TEST(CausalAlign, EveryPathMatchesNaiveLoops) {
  const Shape shapes[] = {{3, 7, 4, 5}, {7, 3, 4, 5}, {5, 5, 8, 8}, {1, 9, 16, 3}, {40, 300, 32, 32}, {300, 40, 32, 32}};
  for (const CausalAlign a : {CausalAlign::bottom_right, CausalAlign::top_left}) {
    for (const Shape& s : shapes) {
      if (a == CausalAlign::bottom_right && s.nq > s.nk) continue;  // refused (see below)
      Tensor Q = randn(21, s.nq, s.dk), K = randn(22, s.nk, s.dk), V = randn(23, s.nk, s.dv);
      AttentionOptions o;
      o.causal = true;
      o.causal_align = a;
      const AttentionResult want = naive_causal(Q, K, V, a);
      const AttentionResult got = attention(Q, K, V, o);
      const std::string what = std::string(causal_align_name(a)) + " " + std::to_string(s.nq) + "x" + std::to_string(s.nk);
      EXPECT_TRUE(test::all_close(got.weights, want.weights, 2e-6f, 1e-4f)) << what;
      EXPECT_TRUE(test::all_close(got.out, want.out, 2e-5f, 1e-4f)) << what;
      EXPECT_TRUE(test::all_close(attention_trace(Q, K, V, o).weights, want.weights, 2e-6f, 1e-4f)) << what;
      EXPECT_TRUE(test::all_close(attention_tiled(Q, K, V, o), want.out, 2e-5f, 1e-4f)) << what;
      EXPECT_TRUE(test::all_close(reference::attention(Q, K, V, o).out, want.out, 2e-5f, 1e-4f)) << what;
      // Masked weights are exactly 0, visible ones are not.
      for (std::size_t i = 0; i < s.nq; ++i)
        for (std::size_t j = 0; j < s.nk; ++j) {
          if (visible(i, j, s.nq, s.nk, a)) EXPECT_GT(got.weights(i, j), 0.f) << what << " " << i << "," << j;
          else EXPECT_EQ(got.weights(i, j), 0.f) << what << " " << i << "," << j;
        }
    }
  }
}

TEST(CausalAlign, TheTwoDifferOnlyWhenShapesDiffer) {
  Tensor Q = randn(31, 3, 8), K = randn(32, 6, 8), V = randn(33, 6, 4);
  AttentionOptions br, tl;
  br.causal = tl.causal = true;
  tl.causal_align = CausalAlign::top_left;
  // 3 queries, 6 keys: bottom-right lets query 0 see keys 0..3, top-left only key 0.
  const Tensor wb = attention(Q, K, V, br).weights, wt = attention(Q, K, V, tl).weights;
  EXPECT_GT(wb(0, 3), 0.f);
  EXPECT_EQ(wb(0, 4), 0.f);
  EXPECT_FLOAT_EQ(wt(0, 0), 1.f);
  EXPECT_EQ(wt(0, 1), 0.f);
  // Square: identical.
  Tensor Ks = randn(34, 3, 8), Vs = randn(35, 3, 4);
  EXPECT_TRUE(test::all_close(attention(Q, Ks, Vs, br).weights, attention(Q, Ks, Vs, tl).weights, 0.f, 0.f));
}

TEST(CausalAlign, RecencyCountsFromTheAlignedPosition) {
  // Recency subtracts recency·(p_i − j) for j < p_i; compare with the reference, which shares the rule,
  // and check one logit by hand.
  Tensor Q = randn(41, 2, 4), K = randn(42, 5, 4), V = randn(43, 5, 2);
  AttentionOptions o;
  o.causal = true;
  o.causal_align = CausalAlign::top_left;
  o.recency = 0.5f;
  const AttentionTrace t = attention_trace(Q, K, V, o);
  double s = 0;
  for (std::size_t c = 0; c < 4; ++c) s += double(Q(1, c)) * double(K(0, c));
  EXPECT_NEAR(t.logits(1, 0), s / 2.0 - 0.5 * 1, 1e-5);  // p_1 = 1 (top-left), distance 1
  EXPECT_TRUE(std::isinf(t.logits(1, 2)));                  // key 2 after query 1: masked
  EXPECT_TRUE(test::all_close(t.weights, reference::attention(Q, K, V, o).weights, 2e-6f, 1e-4f));
}

TEST(CausalAlign, BadAlignmentsAreRefusedWithAMessage) {
  Tensor Q = randn(51, 6, 4), K = randn(52, 3, 4), V = randn(53, 3, 4);
  AttentionOptions o;
  o.causal = true;
  EXPECT_ERROR_HAS(attention(Q, K, V, o), "bottom-right causal mask needs at least as many keys");
  EXPECT_ERROR_HAS(attention_tiled(Q, K, V, o), "top-left");
  EXPECT_ERROR_HAS(causal_align_of("diagonal"), "causalAlign must be 'bottom-right' or 'top-left', got 'diagonal'");
  EXPECT_EQ(causal_align_of("top-left"), CausalAlign::top_left);
  EXPECT_EQ(causal_align_of("bottom-right"), CausalAlign::bottom_right);
  o.causal_align = CausalAlign::top_left;  // 6 queries over 3 keys is fine top-left
  EXPECT_NO_THROW(attention(Q, K, V, o));
}

}  // namespace lml
