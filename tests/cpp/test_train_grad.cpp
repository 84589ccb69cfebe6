// The trainer's backward passes against central finite differences of the
// double-precision forward (every op alone, then the whole HMT unroll), and the
// float gradients against the double ones.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "train/linalg.hpp"
#include "train/net.hpp"
#include "train/ops.hpp"

namespace lml::train {
namespace {

std::vector<double> randv(std::uint64_t seed, std::size_t n, double scale = 1.0) {
  Rng r(seed);
  std::vector<double> v(n);
  for (auto& x : v) x = scale * r.normal();
  return v;
}
double dotv(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Central difference of f along direction v at x (h = 1e-5) vs the analytic g·v.
// Returns the relative error |fd − g·v| / max(|fd|, |g·v|, 1e-12).
double directional_error(const std::function<double(const std::vector<double>&)>& f, std::vector<double> x,
                         const std::vector<double>& g, const std::vector<double>& v) {
  const double h = 1e-5;
  std::vector<double> xp = x, xm = x;
  for (std::size_t i = 0; i < x.size(); ++i) xp[i] += h * v[i], xm[i] -= h * v[i];
  const double fd = (f(xp) - f(xm)) / (2 * h), an = dotv(g, v);
  return std::abs(fd - an) / std::max({std::abs(fd), std::abs(an), 1e-12});
}

TEST(TrainOps, LayerNormBackwardMatchesFiniteDifferences) {
  const std::size_t n = 3, d = 8;
  const auto x = randv(1, n * d), g = randv(2, d), b = randv(3, d), w = randv(4, n * d);
  // loss = Σ w ⊙ LN(x); check d/dx, d/dgamma, d/dbeta
  auto loss = [&](const std::vector<double>& xx, const std::vector<double>& gg, const std::vector<double>& bb) {
    std::vector<double> y(n * d), xh(n * d), rs(n);
    ops::layernorm_forward(xx.data(), gg.data(), bb.data(), y.data(), xh.data(), rs.data(), n, d);
    return dotv(y, w);
  };
  std::vector<double> y(n * d), xh(n * d), rs(n), dx(n * d, 0), dg(d, 0), db(d, 0);
  ops::layernorm_forward(x.data(), g.data(), b.data(), y.data(), xh.data(), rs.data(), n, d);
  ops::layernorm_backward(w.data(), xh.data(), rs.data(), g.data(), dx.data(), dg.data(), db.data(), n, d);
  EXPECT_LT(directional_error([&](const std::vector<double>& v) { return loss(v, g, b); }, x, dx, randv(5, n * d)), 1e-6);
  EXPECT_LT(directional_error([&](const std::vector<double>& v) { return loss(x, v, b); }, g, dg, randv(6, d)), 1e-6);
  EXPECT_LT(directional_error([&](const std::vector<double>& v) { return loss(x, g, v); }, b, db, randv(7, d)), 1e-6);
}

TEST(TrainOps, GeluBackwardMatchesFiniteDifferences) {
  const std::size_t n = 40;
  const auto u = randv(8, n, 2.0), w = randv(9, n);
  auto loss = [&](const std::vector<double>& uu) {
    std::vector<double> y(n), th(n);
    ops::gelu_forward(uu.data(), y.data(), th.data(), n);
    return dotv(y, w);
  };
  std::vector<double> du(n, 0), y(n), th(n);
  ops::gelu_forward(u.data(), y.data(), th.data(), n);
  ops::gelu_backward(w.data(), u.data(), th.data(), du.data(), n);
  EXPECT_LT(directional_error(loss, u, du, randv(10, n)), 1e-6);
}

TEST(TrainOps, CausalAttentionBackwardMatchesFiniteDifferences) {
  const std::size_t n = 5, dm = 8, H = 2, dh = 4;
  const auto qkv = randv(11, n * 3 * dm), w = randv(12, n * dm);
  auto loss = [&](const std::vector<double>& x) {
    std::vector<double> probs(n * n), out(n * dm);
    for (std::size_t h = 0; h < H; ++h) ops::attention_forward(x.data(), probs.data(), out.data(), n, dm, dh, h);
    return dotv(out, w);
  };
  std::vector<double> dqkv(n * 3 * dm, 0), dp(n);
  for (std::size_t h = 0; h < H; ++h) {
    std::vector<double> probs(n * n), out(n * dm);
    ops::attention_forward(qkv.data(), probs.data(), out.data(), n, dm, dh, h);
    ops::attention_backward(w.data(), qkv.data(), probs.data(), dqkv.data(), dp.data(), n, dm, dh, h);
  }
  EXPECT_LT(directional_error(loss, qkv, dqkv, randv(13, n * 3 * dm)), 1e-6);
}

TEST(TrainOps, SoftmaxCrossEntropyBackwardMatchesFiniteDifferences) {
  const std::size_t V = 11;
  const auto z = randv(14, V, 3.0);
  auto loss = [&](const std::vector<double>& zz) { return ops::softmax_xent(zz.data(), V, 4, 1.0, (double*)nullptr, nullptr); };
  std::vector<double> dz(V);
  ops::softmax_xent(z.data(), V, 4, 1.0, dz.data(), nullptr);
  EXPECT_LT(directional_error(loss, z, dz, randv(15, V)), 1e-6);
}

// The float kernels (packed GEMM attention, vectorised exp) against their double templates.
TEST(TrainOps, FloatAttentionMatchesTheDoubleLoops) {
  const std::size_t n = 9, dm = 8, H = 2, dh = 4;  // n is no multiple of the register tile
  const auto qkv = randv(21, n * 3 * dm, 1.5), w = randv(22, n * dm);
  auto f = [](const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); };
  const std::vector<float> qf = f(qkv), wf = f(w);
  const std::vector<double> qd(qf.begin(), qf.end()), wd(wf.begin(), wf.end());
  std::vector<double> outd(n * dm), dqd(n * 3 * dm, 0.0), dpd(n);
  std::vector<float> outf(n * dm), dqf(n * 3 * dm, 0.f), dpf(n);
  for (std::size_t h = 0; h < H; ++h) {
    std::vector<double> pd(n * n);
    std::vector<float> pf(n * n, 7.f);  // garbage above the diagonal must be overwritten by zeros
    ops::attention_forward(qd.data(), pd.data(), outd.data(), n, dm, dh, h);
    ops::attention_forward(qf.data(), pf.data(), outf.data(), n, dm, dh, h);
    for (std::size_t i = 0; i < n * n; ++i) ASSERT_NEAR(pf[i], pd[i], 2e-6) << "probs, head " << h << " entry " << i;
    ops::attention_backward(wd.data(), qd.data(), pd.data(), dqd.data(), dpd.data(), n, dm, dh, h);
    ops::attention_backward(wf.data(), qf.data(), pf.data(), dqf.data(), dpf.data(), n, dm, dh, h);
  }
  for (std::size_t i = 0; i < n * dm; ++i) ASSERT_NEAR(outf[i], outd[i], 1e-5 * (1 + std::abs(outd[i]))) << i;
  for (std::size_t i = 0; i < n * 3 * dm; ++i) ASSERT_NEAR(dqf[i], dqd[i], 1e-5 * (1 + std::abs(dqd[i]))) << i;
}

TEST(TrainOps, FloatCrossEntropyMatchesTheDoubleLoop) {
  const std::size_t V = 256;  // the byte vocabulary: 32 AVX2 vectors, no tail
  for (std::size_t V_ : {V, std::size_t(37)}) {  // and a row with a tail
    const auto z = randv(23 + V_, V_, 4.0);
    const std::vector<float> zf(z.begin(), z.end());
    const std::vector<double> zd(zf.begin(), zf.end());
    std::vector<double> gd(V_);
    std::vector<float> gf(V_);
    std::size_t ad = 0, af = 0;
    const double ld = ops::softmax_xent(zd.data(), V_, 5, 0.7, gd.data(), &ad);
    const double lf = ops::softmax_xent(zf.data(), V_, 5, 0.7f, gf.data(), &af);
    // stated bound: the exp polynomial's 2e-7 relative error and a float sum over V terms
    EXPECT_NEAR(lf, ld, 2e-6 * (1 + std::abs(ld))) << "V = " << V_;
    EXPECT_EQ(af, ad);
    for (std::size_t c = 0; c < V_; ++c) ASSERT_NEAR(gf[c], gd[c], 1e-6) << "V = " << V_ << ", class " << c;
    EXPECT_NEAR(ops::softmax_xent(zf.data(), V_, 5, 0.7f, (float*)nullptr, nullptr), lf, 1e-12);
  }
}

TEST(TrainLinalg, FloatProductsMatchDoubleLoops) {
  const std::size_t m = 7, k = 13, n = 37;
  const auto A = randv(16, m * k), B = randv(17, k * n), Bt = randv(18, n * k), At = randv(19, k * m), C0 = randv(20, m * n);
  auto f = [](const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); };
  for (int which = 0; which < 3; ++which)
    for (bool acc : {false, true}) {
      std::vector<double> Cd = C0;
      std::vector<float> Cf = f(C0);
      if (which == 0) mm_nn(A.data(), B.data(), Cd.data(), m, k, n, acc), mm_nn(f(A).data(), f(B).data(), Cf.data(), m, k, n, acc);
      if (which == 1) mm_nt(A.data(), Bt.data(), Cd.data(), m, k, n, acc), mm_nt(f(A).data(), f(Bt).data(), Cf.data(), m, k, n, acc);
      if (which == 2) mm_tn(At.data(), B.data(), Cd.data(), m, k, n, acc), mm_tn(f(At).data(), f(B).data(), Cf.data(), m, k, n, acc);
      // independent naive reference for the double path
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
          double s = acc ? C0[i * n + j] : 0;
          for (std::size_t p = 0; p < k; ++p)
            s += (which == 2 ? At[p * m + i] : A[i * k + p]) * (which == 1 ? Bt[j * k + p] : B[p * n + j]);
          ASSERT_NEAR(Cd[i * n + j], s, 1e-12) << "variant " << which;
          ASSERT_NEAR(Cf[i * n + j], s, 2e-5 * (1 + std::abs(s))) << "variant " << which;
        }
    }
}

// A tiny HMT (d = 8, 2 heads, 2 layers, L = 6, j = 3, k = 2, N = 2) over S = 4
// segments with every loss on: the answer, the LM, the probe, the retrieval aux.
NetConfig tiny_config() {
  NetConfig c;
  c.backbone.d_model = 8, c.backbone.heads = 2, c.backbone.layers = 2, c.backbone.d_ff = 16;
  c.d_retrieval = 4;
  c.L = 6, c.j = 3, c.k = 2, c.N = 2;
  c.backbone.max_positions = c.L + c.k + 2;
  return c;
}
tasks::Document tiny_document() {
  tasks::Document doc;
  doc.segments = 4;
  const char* text = "ab A1 cdefghijklmnopqr 1A.";  // 24 bytes = 4 segments of 6
  doc.bytes.assign(text, text + 24);
  doc.fact_segment = 1;   // the memory searched from segment 3 with N = 2 covers segments 1 and 2
  doc.question_segment = 3;
  doc.answer_pos = 22;    // "1A" at [22, 24): positions ≥ j = 3 of segment 3
  doc.answer = "1A";
  doc.distance = 1;
  doc.facts = {{1, "A1"}, {0, "1"}};
  return doc;
}
LossWeights all_losses() {
  LossWeights w;
  w.answer = 1.0, w.lm = 0.3, w.probe = 0.5, w.aux = 0.2;
  return w;
}
std::vector<double> tiny_params(const NetConfig& c) {
  const auto pf = init_params(c, 42);
  std::vector<double> p(pf.begin(), pf.end());
  // move away from the symmetric start (W_k = W_q, zero biases) so every path carries gradient
  const auto noise = randv(99, p.size(), 0.05);
  for (std::size_t i = 0; i < p.size(); ++i) p[i] += noise[i];
  return p;
}

// The gradient g of `loss` at p against central differences: one directional derivative
// over all parameters (direction randv(seed)), then one per tensor (randv(tensor_seed + i)
// for the i-th tensor), so a wrong gradient names its tensor.
void expect_gradient_matches(const Layout& lay, const std::function<double(const std::vector<double>&)>& loss,
                             const std::vector<double>& p, const std::vector<double>& g,
                             std::uint64_t seed, std::uint64_t tensor_seed) {
  EXPECT_LT(directional_error(loss, p, g, randv(seed, p.size())), 1e-6);
  std::size_t idx = 0;
  for (const Slot& s : lay.slots) {
    std::vector<double> v(p.size(), 0.0);
    const auto r = randv(tensor_seed + ++idx, s.rows * s.cols);
    for (std::size_t i = 0; i < r.size(); ++i) v[s.offset + i] = r[i];
    EXPECT_LT(directional_error(loss, p, g, v), 1e-6) << s.name;
  }
}

TEST(TrainNet, WholeUnrollGradientMatchesFiniteDifferencesInDouble) {
  const NetConfig c = tiny_config();
  const auto doc = tiny_document();
  const auto p = tiny_params(c);
  Net<double> net(c);
  std::vector<double> g(p.size(), 0.0);
  const DocStats st = net.run(p.data(), g.data(), doc, all_losses());
  ASSERT_GT(st.probe_chars, 0u);
  ASSERT_GE(st.top1_hit, 0) << "the fact's memory must be inside the searched window";
  auto loss = [&](const std::vector<double>& x) { return net.run(x.data(), nullptr, doc, all_losses()).loss; };
  expect_gradient_matches(net.layout(), loss, p, g, 7, 1000);
}

// The recurrent model of the comparison (a cache of one: each segment reads only the
// memory the segment before it wrote, no summary pass, no search): the fact reaches
// the question only through the chain M_1 → P_2 → M_2 → P_3, so this checks BPTT
// through every hand-over, per tensor, against central differences in double.
TEST(TrainNet, RecurrentMemoryGradientMatchesFiniteDifferencesInDouble) {
  NetConfig c = tiny_config();
  c.N = 1;
  const auto doc = tiny_document();
  const auto p = tiny_params(c);
  Net<double> net(c);
  std::vector<double> g(p.size(), 0.0);
  const DocStats st = net.run(p.data(), g.data(), doc, all_losses());
  ASSERT_GT(st.probe_chars, 0u);
  auto loss = [&](const std::vector<double>& x) { return net.run(x.data(), nullptr, doc, all_losses()).loss; };
  expect_gradient_matches(net.layout(), loss, p, g, 8, 2000);
  std::size_t moved = 0;
  for (const Slot& s : net.layout().slots) {
    double norm = 0;
    for (std::size_t i = 0; i < s.rows * s.cols; ++i) norm += g[s.offset + i] * g[s.offset + i];
    // no search runs, so the query and key projections get nothing; the rest moves
    if (s.name == "hmt.w_q" || s.name == "hmt.w_k") EXPECT_EQ(norm, 0.0) << s.name << " with a cache of one";
    else moved += norm > 0;
  }
  EXPECT_GT(moved, 5u) << "the backbone, P_0 and the probe receive gradient";
}

// Two more documents of the tiny geometry: 2 segments (the search covers one
// memory, so no summary pass runs) and 3 segments.
tasks::Document two_segment_document() {
  tasks::Document doc;
  doc.segments = 2;
  const char* text = "B3 defghi B3";  // segments "B3 def" | "ghi B3"
  doc.bytes.assign(text, text + 12);
  doc.fact_segment = 0, doc.question_segment = 1, doc.answer_pos = 10, doc.answer = "B3", doc.distance = 1;
  doc.facts = {{0, "B3"}};
  return doc;
}
tasks::Document three_segment_document() {
  tasks::Document doc;
  doc.segments = 3;
  const char* text = "A1 xyzklmnopqr? 1A";
  doc.bytes.assign(text, text + 18);
  doc.fact_segment = 0, doc.question_segment = 2, doc.answer_pos = 16, doc.answer = "1A", doc.distance = 2;
  doc.facts = {{0, "A1"}};
  return doc;
}

// Documents of different lengths run in lockstep give each document's own loss
// and, summed, the same gradient as running them one at a time.
TEST(TrainNet, LockstepDocumentsEqualOneAtATime) {
  const NetConfig c = tiny_config();
  const std::vector<tasks::Document> docs = {tiny_document(), two_segment_document(), three_segment_document()};
  const auto pd = tiny_params(c);
  const std::vector<float> pf(pd.begin(), pd.end());
  auto rel_l2 = [](const auto& a, const auto& b) {
    double num = 0, den = 0;
    for (std::size_t i = 0; i < a.size(); ++i) num += (a[i] - b[i]) * (a[i] - b[i]), den += double(b[i]) * b[i];
    return std::sqrt(num / den);
  };
  {
    Net<double> one(c), all(c);
    std::vector<double> g1(pd.size(), 0.0), gb(pd.size(), 0.0);
    std::vector<DocStats> s1;
    for (const auto& d : docs) s1.push_back(one.run(pd.data(), g1.data(), d, all_losses()));
    const auto sb = all.run(pd.data(), gb.data(), docs.data(), docs.size(), all_losses());
    ASSERT_EQ(sb.size(), docs.size());
    for (std::size_t b = 0; b < docs.size(); ++b) {
      EXPECT_NEAR(sb[b].loss, s1[b].loss, 1e-12 * std::abs(s1[b].loss)) << "document " << b;
      EXPECT_EQ(sb[b].answer_correct, s1[b].answer_correct);
      EXPECT_EQ(sb[b].probe_correct, s1[b].probe_correct);
      EXPECT_EQ(sb[b].top1_hit, s1[b].top1_hit);
    }
    EXPECT_LT(rel_l2(gb, g1), 1e-12) << "double: lockstep vs one at a time";
  }
  {
    Net<float> one(c), all(c);
    std::vector<float> g1(pd.size(), 0.f), gb(pd.size(), 0.f);
    for (const auto& d : docs) one.run(pf.data(), g1.data(), d, all_losses());
    all.run(pf.data(), gb.data(), docs.data(), docs.size(), all_losses());
    EXPECT_LT(rel_l2(gb, g1), 1e-5) << "float: lockstep vs one at a time (summation order differs)";
  }
}

// The full-attention baseline: one causal pass over the whole document; its
// gradient against finite differences, and its sinusoidal positions fixed.
TEST(TrainNet, FullAttentionGradientMatchesFiniteDifferencesAndKeepsPositionsFixed) {
  NetConfig c = tiny_config();
  c.full = true, c.retrieval = false;
  c.backbone.max_positions = 24;
  const auto doc = tiny_document();
  const auto pf = init_params(c, 42);
  const Layout lay(c);
  EXPECT_FLOAT_EQ(pf[lay.pos + 1 * 8 + 0], float(0.2 * std::sin(1.0)));   // PE[1, 0]
  EXPECT_FLOAT_EQ(pf[lay.pos + 3 * 8 + 3], float(0.2 * std::cos(3.0 / std::pow(10000.0, 2.0 / 8))));  // PE[3, 3]
  EXPECT_FALSE(lay.slot("pos_emb").decay);
  std::vector<double> p(pf.begin(), pf.end());
  const auto noise = randv(98, p.size(), 0.05);
  for (std::size_t i = 0; i < p.size(); ++i) p[i] += noise[i];
  Net<double> net(c);
  std::vector<double> g(p.size(), 0.0);
  const DocStats st = net.run(p.data(), g.data(), doc, all_losses());
  EXPECT_EQ(st.answer_bytes, 2u);
  EXPECT_EQ(st.lm_bytes, 21u);
  for (std::size_t i = 0; i < 24 * 8; ++i) ASSERT_EQ(g[lay.pos + i], 0.0) << "positions are fixed";
  auto loss = [&](const std::vector<double>& x) { return net.run(x.data(), nullptr, doc, all_losses()).loss; };
  std::vector<double> v = randv(8, p.size());
  for (std::size_t i = 0; i < 24 * 8; ++i) v[lay.pos + i] = 0;
  EXPECT_LT(directional_error(loss, p, g, v), 1e-6);
  c.backbone.max_positions = 20;  // shorter than the document
  Net<double> short_net(c);
  EXPECT_THROW(short_net.run(p.data(), nullptr, doc, all_losses()), Error);
}

TEST(TrainNet, FloatGradientMatchesDoubleGradient) {
  const NetConfig c = tiny_config();
  const auto doc = tiny_document();
  const auto pd = tiny_params(c);
  const std::vector<float> pf(pd.begin(), pd.end());
  const std::vector<double> pdr(pf.begin(), pf.end());  // the same (float-rounded) point for both
  Net<double> nd(c);
  Net<float> nf(c);
  std::vector<double> gd(pd.size(), 0.0);
  std::vector<float> gf(pd.size(), 0.f);
  const double ld = nd.run(pdr.data(), gd.data(), doc, all_losses()).loss;
  const double lf = nf.run(pf.data(), gf.data(), doc, all_losses()).loss;
  EXPECT_NEAR(lf, ld, 1e-4 * std::abs(ld));
  double num = 0, den = 0;
  for (std::size_t i = 0; i < gd.size(); ++i) num += (gf[i] - gd[i]) * (gf[i] - gd[i]), den += gd[i] * gd[i];
  EXPECT_LT(std::sqrt(num / den), 1e-3) << "relative L2 error of the float gradient";
}

}  // namespace
}  // namespace lml::train
