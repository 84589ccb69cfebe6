// Attention (materialised, traced, tiled) vs the naive reference.
// Tolerance: outputs are convex combinations of V rows, so errors stay near
// float32 rounding of the logits: atol 2e-5, rtol 1e-4.
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/attention.hpp"
#include "core/kernels/reference.hpp"
#include "test_helpers.hpp"

namespace lml {

struct Case { std::size_t nq, nk, dk, dv; bool causal; };
static const Case kCases[] = {{1, 1, 1, 1, false},   {1, 1, 64, 64, true},  {4, 4, 8, 8, true},
                              {5, 9, 3, 7, false},   {5, 9, 3, 7, true},    {77, 77, 64, 64, true},
                              {100, 300, 48, 48, false}, {257, 257, 1, 5, true}, {1000, 1000, 48, 48, true},
                              {300, 600, 64, 64, true}};

TEST(Attention, MatchesNaiveReference) {
  for (const auto& c : kCases) {
    Tensor Q = randn(1, c.nq, c.dk), K = randn(2, c.nk, c.dk), V = randn(3, c.nk, c.dv);
    AttentionOptions o;
    o.causal = c.causal;
    AttentionResult fast = attention(Q, K, V, o), ref = reference::attention(Q, K, V, o);
    EXPECT_TRUE(test::all_close(fast.weights, ref.weights, 2e-6f, 1e-4f)) << c.nq << "x" << c.nk << "x" << c.dk;
    EXPECT_TRUE(test::all_close(fast.out, ref.out, 2e-5f, 1e-4f)) << c.nq << "x" << c.nk << "x" << c.dk;
  }
}

TEST(Attention, TiledEqualsMaterialised) {
  for (const auto& c : kCases) {
    Tensor Q = randn(4, c.nq, c.dk), K = randn(5, c.nk, c.dk), V = randn(6, c.nk, c.dv);
    AttentionOptions o;
    o.causal = c.causal;
    Tensor tiled = attention_tiled(Q, K, V, o);
    EXPECT_TRUE(test::all_close(tiled, reference::attention(Q, K, V, o).out, 2e-5f, 1e-4f))
        << c.nq << "x" << c.nk << "x" << c.dk << " causal " << c.causal;
  }
}

// attention_tiled_into on column slices of wider matrices (as the backbone's heads are):
// V read in place (d_v = 16, whole panels) or padded (d_v = 7), the output written into
// its columns only; calls below and above the kept buffers' capacity in turn, each equal
// to the reference and a repeated call equal bit for bit.
TEST(Attention, TiledIntoStridedViewsAndKeptBuffers) {
  struct Into { std::size_t n, d, dv; };
  for (const Into c : {Into{77, 16, 16}, Into{600, 64, 16}, Into{77, 16, 7}, Into{300, 64, 7}, Into{5, 3, 16}}) {
    const std::size_t wide = 3 * 64 + 5;
    Tensor X = randn(40 + c.n, c.n, wide);
    const ConstView Q{X.data(), c.n, c.d, wide}, K{X.data() + 64, c.n, c.d, wide}, V{X.data() + 128, c.n, c.dv, wide};
    auto copy = [](ConstView A) {
      Tensor t(A.rows, A.cols);
      for (std::size_t i = 0; i < A.rows; ++i) std::copy(A.row(i), A.row(i) + A.cols, t.data() + i * A.cols);
      return t;
    };
    const Tensor q = copy(Q), k = copy(K), v = copy(V);
    AttentionOptions o;
    o.causal = true;
    const Tensor expected = reference::attention(q, k, v, o).out;
    for (int rep = 0; rep < 2; ++rep) {
      Tensor out(c.n, c.dv + 10);
      std::fill(out.data(), out.data() + out.size(), 7.f);
      attention_tiled_into(Q, K, V, o, View{out.data() + 3, c.n, c.dv, c.dv + 10});
      Tensor got(c.n, c.dv);
      for (std::size_t i = 0; i < c.n; ++i) {
        for (std::size_t j = 0; j < c.dv; ++j) got(i, j) = out(i, 3 + j);
        for (std::size_t j = 0; j < 3; ++j) EXPECT_EQ(out(i, j), 7.f);
        for (std::size_t j = 3 + c.dv; j < c.dv + 10; ++j) EXPECT_EQ(out(i, j), 7.f);
      }
      EXPECT_TRUE(test::all_close(got, expected, 2e-5f, 1e-4f)) << c.n << "x" << c.d << "x" << c.dv;
      const Tensor again = attention_tiled(Q, K, V, o);
      EXPECT_TRUE(std::equal(again.data(), again.data() + again.size(), got.data())) << c.n << "x" << c.d << "x" << c.dv;
    }
  }
  Tensor Q = randn(1, 4, 8), out(4, 9);
  EXPECT_THROW(attention_tiled_into(Q, Q, Q, {}, out.view()), Error);
}

TEST(Attention, OptionsMatchReference) {
  Tensor Q = randn(7, 6, 16), K = randn(8, 6, 16), V = randn(9, 6, 4);
  AttentionOptions o;
  o.scale = 1.f;
  o.temperature = 0.5f;
  o.recency = 0.3f;
  o.causal = true;
  EXPECT_TRUE(test::all_close(attention(Q, K, V, o).weights, reference::attention(Q, K, V, o).weights, 2e-6f, 1e-4f));
  o.recency = 0.f;
  EXPECT_TRUE(test::all_close(attention_tiled(Q, K, V, o), reference::attention(Q, K, V, o).out, 2e-5f, 1e-4f));
}

TEST(Attention, CausalWeightsZeroAboveDiagonal) {
  Tensor Q = randn(10, 12, 8), K = randn(11, 12, 8), V = randn(12, 12, 8);
  AttentionOptions o;
  o.causal = true;
  AttentionResult r = attention(Q, K, V, o);
  for (std::size_t i = 0; i < 12; ++i)
    for (std::size_t j = i + 1; j < 12; ++j) EXPECT_EQ(r.weights(i, j), 0.f) << i << "," << j;
  // The first query sees only the first key: its output is V's first row.
  for (std::size_t c = 0; c < 8; ++c) EXPECT_FLOAT_EQ(r.out(0, c), V(0, c));
}

TEST(Attention, TraceStepsAreConsistent) {
  Tensor Q = randn(13, 4, 64), K = randn(14, 4, 64), V = randn(15, 4, 8);
  AttentionTrace t = attention_trace(Q, K, V);
  EXPECT_FLOAT_EQ(t.scale, 0.125f);  // 1/√64
  EXPECT_TRUE(test::all_close(t.scores, reference::matmul_nt(Q, K), 1e-4f, 1e-5f));
  for (std::size_t i = 0; i < t.logits.size(); ++i)
    EXPECT_NEAR(t.logits.data()[i], t.scores.data()[i] / 8.f, 1e-5f);
  EXPECT_TRUE(test::all_close(t.out, attention(Q, K, V).out, 1e-6f, 1e-6f));
}

TEST(Attention, HugeLogitsStayFinite) {
  Tensor Q = randn(16, 8, 4, 1e2f), K = randn(17, 8, 4, 1e2f), V = randn(18, 8, 4);
  AttentionOptions o;
  o.scale = 1.f;  // logits of order 1e4
  AttentionResult r = attention(Q, K, V, o);
  Tensor tiled = attention_tiled(Q, K, V, o);
  for (std::size_t i = 0; i < r.out.size(); ++i) {
    EXPECT_TRUE(std::isfinite(r.out.data()[i]));
    EXPECT_TRUE(std::isfinite(tiled.data()[i]));
  }
  EXPECT_TRUE(test::all_close(tiled, r.out, 1e-3f, 1e-3f));
}

TEST(Attention, BadInputsThrowWithMessages) {
  Tensor Q(4, 8), K(4, 8), V(4, 3), Kbad(4, 7), Vbad(5, 3);
  auto msg = [](auto&& f) {
    try { f(); } catch (const Error& e) { return std::string(e.what()); }
    return std::string("no error");
  };
  EXPECT_NE(msg([&] { attention(Q, Kbad, V); }).find("same number of columns"), std::string::npos);
  EXPECT_NE(msg([&] { attention(Q, K, Vbad); }).find("same number of rows"), std::string::npos);
  AttentionOptions o;
  o.temperature = 0.f;
  EXPECT_NE(msg([&] { attention(Q, K, V, o); }).find("temperature"), std::string::npos);
  o.temperature = -1.f;
  EXPECT_THROW(attention_tiled(Q, K, V, o), Error);
  o = {};
  o.scale = NAN;
  EXPECT_THROW(attention(Q, K, V, o), Error);
  Tensor Qn = randn(1, 4, 8);
  Qn(2, 3) = NAN;
  EXPECT_NE(msg([&] { attention(Qn, K, V); }).find("Q contains NaN"), std::string::npos);
  Tensor Kinf = randn(2, 4, 8);
  Kinf(0, 0) = INFINITY;
  EXPECT_NE(msg([&] { attention_tiled(Q, Kinf, V); }).find("K contains Inf"), std::string::npos);
  o = {};
  o.causal = true;
  Tensor Qlong(6, 8);
  EXPECT_THROW(attention(Qlong, K, V, o), Error);
  ConstView empty{Q.data(), 0, 8, 8};
  EXPECT_THROW(attention(empty, K, V), Error);
}

}  // namespace lml

namespace lml {
TEST(Attention, InputsThatCouldOverflowAreRefused) {
  Tensor x = randn(31, 4, 4), big(4, 4);
  for (std::size_t i = 0; i < big.size(); ++i) big.data()[i] = 1e20f;
  EXPECT_THROW(attention(big, big, x), Error);
  EXPECT_THROW(attention_tiled(big, big, x), Error);
  AttentionOptions o;
  o.scale = 3e38f;
  EXPECT_THROW(attention(x, x, x, o), Error);
  o = {};
  o.temperature = 1e-40f;
  try {
    attention_tiled(x, x, x, o);
    FAIL() << "expected an overflow error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("could overflow float32"), std::string::npos) << e.what();
  }
  Tensor bigv(4, 4);
  for (std::size_t i = 0; i < bigv.size(); ++i) bigv.data()[i] = 1e37f;
  EXPECT_THROW(attention(x, x, bigv), Error);
}
}  // namespace lml

namespace lml {

// Rotary positions (rope = base) against a double-precision reference written from the definition:
// query i at p_i = i + n_k − n_q (bottom-right) or i (top-left), key j at j; pair (2c, 2c+1) turned by
// p·base^(−2c/d_k); then softmax(Q'K'ᵀ/√d_k, causal)·V. Every path: materialised, traced, tiled, naive.
static std::vector<double> rope_attention_double(const Tensor& Q, const Tensor& K, const Tensor& V, const AttentionOptions& o) {
  const std::size_t nq = Q.rows(), nk = K.rows(), d = Q.cols(), dv = V.cols();
  const std::ptrdiff_t off = o.causal_align == CausalAlign::top_left ? 0 : std::ptrdiff_t(nk) - std::ptrdiff_t(nq);
  auto rot = [&](const Tensor& X, std::ptrdiff_t first) {
    std::vector<double> out(X.rows() * d);
    for (std::size_t r = 0; r < X.rows(); ++r)
      for (std::size_t c = 0; c < d; c += 2) {
        const double a = double(first + std::ptrdiff_t(r)) * std::pow(double(o.rope), -double(c) / double(d));
        out[r * d + c] = X(r, c) * std::cos(a) - X(r, c + 1) * std::sin(a);
        out[r * d + c + 1] = X(r, c) * std::sin(a) + X(r, c + 1) * std::cos(a);
      }
    return out;
  };
  const std::vector<double> q = rot(Q, off), k = rot(K, 0);
  std::vector<double> out(nq * dv, 0.0);
  for (std::size_t i = 0; i < nq; ++i) {
    std::vector<double> z(nk);
    double m = -INFINITY;
    for (std::size_t j = 0; j < nk; ++j) {
      double s = 0;
      for (std::size_t c = 0; c < d; ++c) s += q[i * d + c] * k[j * d + c];
      z[j] = (o.causal && std::ptrdiff_t(j) > std::ptrdiff_t(i) + off) ? -INFINITY : s / std::sqrt(double(d));
      m = std::max(m, z[j]);
    }
    double sum = 0;
    for (auto& x : z) sum += (x = std::exp(x - m));
    for (std::size_t j = 0; j < nk; ++j)
      for (std::size_t c = 0; c < dv; ++c) out[i * dv + c] += z[j] / sum * V(j, c);
  }
  return out;
}

TEST(Attention, RopeMatchesDoubleReferenceOnEveryPath) {
  const Case cases[] = {{4, 4, 8, 8, true}, {5, 9, 4, 7, false}, {5, 9, 6, 7, true}, {77, 77, 64, 64, true}, {30, 300, 16, 8, true}};
  for (const auto& c : cases) {
    for (CausalAlign align : {CausalAlign::bottom_right, CausalAlign::top_left}) {
      Tensor Q = randn(21, c.nq, c.dk), K = randn(22, c.nk, c.dk), V = randn(23, c.nk, c.dv);
      AttentionOptions o;
      o.causal = c.causal;
      o.causal_align = align;
      o.rope = 10000.f;
      const std::vector<double> want = rope_attention_double(Q, K, V, o);
      Tensor expected(c.nq, c.dv);
      for (std::size_t i = 0; i < want.size(); ++i) expected.data()[i] = float(want[i]);
      EXPECT_TRUE(test::all_close(attention(Q, K, V, o).out, expected, 5e-5f, 1e-4f)) << c.nq << "x" << c.nk << "x" << c.dk;
      EXPECT_TRUE(test::all_close(attention_trace(Q, K, V, o).out, expected, 5e-5f, 1e-4f)) << c.nq << "x" << c.nk;
      EXPECT_TRUE(test::all_close(attention_tiled(Q, K, V, o), expected, 5e-5f, 1e-4f)) << c.nq << "x" << c.nk;
      EXPECT_TRUE(test::all_close(reference::attention(Q, K, V, o).out, expected, 5e-5f, 1e-4f)) << c.nq << "x" << c.nk;
    }
  }
  Tensor odd = randn(1, 3, 5);
  AttentionOptions o;
  o.rope = 10000.f;
  EXPECT_ERROR_HAS(attention(odd, odd, odd, o), "d_k = 5 is odd");
  o.rope = 0.5f;
  Tensor even = randn(1, 3, 4);
  EXPECT_ERROR_HAS(attention(even, even, even, o), "must be > 1");
}

}  // namespace lml
