// Multi-head attention vs its naive reference and vs single-head attention.
#include "core/attention.hpp"
#include "core/kernels/reference.hpp"
#include "core/multihead.hpp"
#include "test_helpers.hpp"

namespace lml {

static MultiHeadWeights views(const Tensor& a, const Tensor& b, const Tensor& c, const Tensor& d) {
  return {a, b, c, d};
}

TEST(MultiHead, MatchesNaiveReference) {
  for (std::size_t heads : {1u, 2u, 4u, 8u}) {
    const std::size_t n = 37, d = 32;
    const float ws = 1.f / std::sqrt(float(d));
    Tensor X = randn(1, n, d), Wq = randn(2, d, d, ws), Wk = randn(3, d, d, ws), Wv = randn(4, d, d, ws), Wo = randn(5, d, d, ws);
    AttentionOptions o;
    o.causal = heads % 2 == 0;
    MultiHeadResult fast = multi_head_attention(X, views(Wq, Wk, Wv, Wo), heads, o);
    MultiHeadResult slow = multi_head_attention(X, views(Wq, Wk, Wv, Wo), heads, o, false);
    MultiHeadResult ref = reference::multi_head_attention(X, views(Wq, Wk, Wv, Wo), heads, o);
    ASSERT_EQ(fast.weights.size(), heads);
    EXPECT_TRUE(slow.weights.empty());
    EXPECT_TRUE(test::all_close(fast.out, ref.out, 5e-5f, 1e-4f)) << "heads " << heads;
    EXPECT_TRUE(test::all_close(slow.out, ref.out, 5e-5f, 1e-4f)) << "heads " << heads;
    for (std::size_t h = 0; h < heads; ++h) EXPECT_TRUE(test::all_close(fast.weights[h], ref.weights[h], 2e-6f, 1e-4f));
  }
}

TEST(MultiHead, OneHeadEqualsSingleHeadAttention) {
  const std::size_t n = 20, d = 16;
  Tensor X = randn(6, n, d), Wq = randn(7, d, d, .25f), Wk = randn(8, d, d, .25f), Wv = randn(9, d, d, .25f);
  Tensor I(d, d);
  for (std::size_t i = 0; i < d; ++i) I(i, i) = 1.f;
  MultiHeadResult m = multi_head_attention(X, views(Wq, Wk, Wv, I), 1);
  Tensor Q = reference::matmul_nn(X, Wq), K = reference::matmul_nn(X, Wk), V = reference::matmul_nn(X, Wv);
  AttentionResult a = attention(Q, K, V);
  EXPECT_TRUE(test::all_close(m.out, a.out, 2e-5f, 1e-4f));
  EXPECT_TRUE(test::all_close(m.weights[0], a.weights, 2e-6f, 1e-4f));
}

TEST(MultiHead, BadConfigurationsThrow) {
  Tensor X = randn(1, 5, 12), W = randn(2, 12, 12), Wbad = randn(3, 12, 8);
  EXPECT_THROW(multi_head_attention(X, views(W, W, W, W), 5), Error);  // 12 % 5 != 0
  EXPECT_THROW(multi_head_attention(X, views(W, W, W, W), 0), Error);
  EXPECT_THROW(multi_head_attention(X, views(W, Wbad, W, W), 4), Error);
  try {
    multi_head_attention(X, views(W, W, W, W), 5);
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not divisible by heads = 5"), std::string::npos) << e.what();
  }
}

}  // namespace lml

namespace lml {
TEST(MultiHead, AttentionHeadsEqualsPerHeadReference) {
  const std::size_t n = 29, d = 24, heads = 4, dh = 6;
  Tensor Q = randn(21, n, d), K = randn(22, n, d), V = randn(23, n, d);
  AttentionOptions o;
  o.causal = true;
  Tensor out = attention_heads(Q, K, V, heads, o);
  for (std::size_t h = 0; h < heads; ++h) {
    AttentionResult ref = reference::attention(slice_cols(Q, h * dh, dh), slice_cols(K, h * dh, dh), slice_cols(V, h * dh, dh), o);
    EXPECT_TRUE(test::all_close(slice_cols(out, h * dh, dh), ref.out, 2e-5f, 1e-4f)) << "head " << h;
  }
  EXPECT_THROW(attention_heads(Q, K, V, 5, o), Error);
}
}  // namespace lml
