// The gradient-path measurement (train/gradient_paths.hpp, Net's MemoryTap):
// dL/dM_f and its one-hop part through the question segment's search against
// central finite differences of the double-precision forward, with M_f
// perturbed where it is written (every read sees it) or only in the copy the
// question's search reads; and the recurrent model (N = 1), whose question
// segment never reads M_f once D ≥ 1, gets exactly zero on the one-hop edge.
// Passkey documents of the evaluation split, geometry from the configs.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/hmt/model.hpp"
#include "core/rng.hpp"
#include "train/config.hpp"
#include "train/gradient_paths.hpp"
#include "train/net.hpp"
#include "train/weights.hpp"

namespace lml::train {
namespace {

const std::string kRoot = LML_SOURCE_DIR;

struct Model {
  NetConfig net;
  std::vector<double> params;
};

// A committed weight file in its training config's geometry, in double.
Model trained(const std::string& config, const std::string& weights) {
  Model m;
  m.net = load_config(kRoot + "/wasm/train/configs/" + config).net;
  const auto bytes = read_bytes(kRoot + "/web/models/" + weights);
  const auto pf = from_model(m.net, hmt::HmtModel::load(bytes.data(), bytes.size()));
  m.params.assign(pf.begin(), pf.end());
  return m;
}

// A fresh initialisation of the shipped geometry: its searches are not yet
// peaked, so both paths carry gradient (in the trained HMT the chain is ~1e-30).
Model untrained() {
  Model m;
  m.net = load_config(kRoot + "/wasm/train/configs/hmt-memory.json").net;
  const auto pf = init_params(m.net, 7);
  m.params.assign(pf.begin(), pf.end());
  Rng r(8);  // W_k = W_q at the start; move off that symmetric point
  const Layout lay(m.net);
  for (std::size_t i = 0; i < m.net.backbone.d_model * m.net.d_retrieval; ++i) m.params[lay.Wk + i] += 0.05 * r.normal();
  return m;
}

tasks::Document passkey(std::size_t D, std::uint64_t seed) {
  tasks::TaskSpec s;
  s.kind = tasks::Kind::Passkey, s.distance = D, s.lead_max = 1;
  return tasks::make(s, seed, tasks::Split::Eval);
}

double norm(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

struct Paths {
  MemoryTap tap;
  double loss = 0;
};
Paths measure(Net<double>& net, const Model& m, const tasks::Document& doc) {
  Paths r;
  r.tap.segment = doc.fact_segment, r.tap.reader = doc.question_segment;
  std::vector<double> grad(m.params.size(), 0.0);
  r.loss = net.run(m.params.data(), grad.data(), doc, answer_only(), &r.tap).loss;
  return r;
}

// L with M_f + delta where it is written (all = true) or only in the question search's copy.
double loss_with(Net<double>& net, const Model& m, const tasks::Document& doc, const std::vector<double>& delta, bool all) {
  MemoryTap t;
  t.segment = doc.fact_segment, t.reader = doc.question_segment;
  (all ? t.delta_all : t.delta_reader) = delta;
  return net.run(m.params.data(), nullptr, doc, answer_only(), &t).loss;
}

// Central difference along v (h = 1e-5; M_f has norm ≈ 8) against g·v:
// |fd − g·v| / max(|fd|, |g·v|, 1e-300).
struct Check {
  double fd, an, rel;
};
Check directional(Net<double>& net, const Model& m, const tasks::Document& doc, const std::vector<double>& g,
                  const std::vector<double>& v, bool all) {
  const double h = 1e-5;
  std::vector<double> plus(v.size()), minus(v.size());
  for (std::size_t e = 0; e < v.size(); ++e) plus[e] = h * v[e], minus[e] = -h * v[e];
  Check c;
  c.fd = (loss_with(net, m, doc, plus, all) - loss_with(net, m, doc, minus, all)) / (2 * h);
  c.an = 0;
  for (std::size_t e = 0; e < v.size(); ++e) c.an += g[e] * v[e];
  c.rel = std::abs(c.fd - c.an) / std::max({std::abs(c.fd), std::abs(c.an), 1e-300});
  return c;
}

// Directions: along g itself (the largest directional derivative) and two random unit vectors.
std::vector<std::vector<double>> directions(const std::vector<double>& g, std::uint64_t seed) {
  std::vector<std::vector<double>> out;
  const double n = norm(g);
  std::vector<double> u(g.size());
  for (std::size_t e = 0; e < g.size(); ++e) u[e] = g[e] / n;
  out.push_back(u);
  Rng r(seed);
  for (int k = 0; k < 2; ++k) {
    std::vector<double> v(g.size());
    for (auto& x : v) x = r.normal();
    const double vn = norm(v);
    for (auto& x : v) x /= vn;
    out.push_back(v);
  }
  return out;
}

// Tolerance: relative 1e-6, as the trainer's other double-precision checks
// (central difference, h = 1e-5: truncation ~h², rounding ~1e-16/h).
constexpr double kRel = 1e-6;

void expect_total_matches(const Model& m, const tasks::Document& doc, const char* what) {
  Net<double> net(m.net);
  const Paths p = measure(net, m, doc);
  ASSERT_GT(norm(p.tap.grad_total), 0.0) << what;
  int k = 0;
  for (const auto& v : directions(p.tap.grad_total, 11)) {
    const Check c = directional(net, m, doc, p.tap.grad_total, v, true);
    EXPECT_LT(c.rel, kRel) << what << ", direction " << k << ": fd " << c.fd << ", analytic " << c.an;
    ++k;
  }
  // the two parts add up to the whole (the probe is off)
  std::vector<double> sum(p.tap.grad_total.size());
  for (std::size_t e = 0; e < sum.size(); ++e)
    sum[e] = p.tap.grad_total[e] - p.tap.grad_reader[e] - p.tap.grad_others[e];
  EXPECT_LT(norm(sum), 1e-12 * norm(p.tap.grad_total)) << what << ": total ≠ direct + chain";
}

void expect_direct_matches(const Model& m, const tasks::Document& doc, const char* what) {
  Net<double> net(m.net);
  const Paths p = measure(net, m, doc);
  ASSERT_TRUE(p.tap.reader_reads) << what << ": the question's search must hold M_f";
  ASSERT_GT(norm(p.tap.grad_reader), 0.0) << what;
  int k = 0;
  for (const auto& v : directions(p.tap.grad_reader, 12)) {
    const Check c = directional(net, m, doc, p.tap.grad_reader, v, false);
    EXPECT_LT(c.rel, kRel) << what << ", direction " << k << ": fd " << c.fd << ", analytic " << c.an;
    ++k;
  }
}

TEST(GradientPaths, TotalGradientMatchesFiniteDifferencesOfThePerturbedMemory) {
  expect_total_matches(trained("hmt-memory.json", "hmt-memory.lmlw"), passkey(2, 1), "hmt-memory, D = 2");
  expect_total_matches(trained("zoo/recurrent-s1.json", "zoo/recurrent-s1.lmlw"), passkey(2, 1), "recurrent-s1, D = 2");
  expect_total_matches(untrained(), passkey(2, 1), "untrained HMT, D = 2");
}

TEST(GradientPaths, DirectGradientMatchesFiniteDifferencesOfTheQuestionSearchsCopy) {
  expect_direct_matches(trained("hmt-memory.json", "hmt-memory.lmlw"), passkey(2, 1), "hmt-memory, D = 2");
  expect_direct_matches(untrained(), passkey(2, 1), "untrained HMT, D = 2");
}

// Where both paths carry gradient, the two perturbations measure different
// things: a test that confused them (or dropped the chain) would fail above.
TEST(GradientPaths, TheTwoPerturbationsDifferWhereTheChainCarriesGradient) {
  const Model m = untrained();
  const auto doc = passkey(2, 1);
  Net<double> net(m.net);
  const Paths p = measure(net, m, doc);
  const double g = norm(p.tap.grad_total), direct = norm(p.tap.grad_reader), chain = norm(p.tap.grad_others);
  EXPECT_GT(direct, 0.05 * g);
  EXPECT_GT(chain, 0.05 * g);
  const auto v = directions(p.tap.grad_others, 13)[0];  // along the chain's gradient
  const Check all = directional(net, m, doc, p.tap.grad_total, v, true);
  const Check reader = directional(net, m, doc, p.tap.grad_reader, v, false);
  EXPECT_GT(std::abs(all.fd - reader.fd), 100 * kRel * std::abs(all.fd));
}

// N = 1: segment q reads only M_{q−1}. For D ≥ 1 that is not M_f, so the
// one-hop edge does not exist: g_direct is exactly 0 and a perturbation of the
// question search's copy of M_f changes no bit of L. At D = 0 it is the only edge.
TEST(GradientPaths, RecurrentModelHasNoDirectEdgeOnceTheFactIsOneSegmentBack) {
  const Model m = trained("zoo/recurrent-s1.json", "zoo/recurrent-s1.lmlw");
  ASSERT_EQ(m.net.N, 1u);
  Net<double> net(m.net);
  for (std::size_t D : {1, 2, 8}) {
    const auto doc = passkey(D, 3);
    const Paths p = measure(net, m, doc);
    EXPECT_FALSE(p.tap.reader_reads) << "D = " << D;
    for (double x : p.tap.grad_reader) ASSERT_EQ(x, 0.0) << "D = " << D;
    EXPECT_GT(norm(p.tap.grad_others), 0.0) << "D = " << D;
    EXPECT_NEAR(norm(p.tap.grad_others), norm(p.tap.grad_total), 1e-12 * norm(p.tap.grad_total)) << "D = " << D;
    std::vector<double> delta(m.net.backbone.d_model, 0.5);
    EXPECT_EQ(loss_with(net, m, doc, delta, false), p.loss) << "D = " << D;
    EXPECT_NE(loss_with(net, m, doc, delta, true), p.loss) << "D = " << D;
  }
  const auto doc = passkey(0, 3);
  const Paths p = measure(net, m, doc);
  EXPECT_TRUE(p.tap.reader_reads);
  for (double x : p.tap.grad_others) ASSERT_EQ(x, 0.0) << "D = 0: no segment between fact and question";
  // and the float measurement the command runs
  tasks::TaskSpec s;
  s.kind = tasks::Kind::Passkey, s.distance = 2, s.lead_max = 1;
  const std::vector<float> pf(m.params.begin(), m.params.end());
  for (const PathDoc& d : measure_paths(m.net, pf, s, 1, 4)) {
    EXPECT_EQ(d.direct, 0.0);
    EXPECT_FALSE(d.fact_read);
    EXPECT_GT(d.chain, 0.0);
  }
}

TEST(GradientPaths, ATapRefusesAReaderDeltaWithAGradientAndSegmentsOutsideTheDocument) {
  const Model m = untrained();
  const auto doc = passkey(1, 1);
  Net<double> net(m.net);
  std::vector<double> grad(m.params.size(), 0.0);
  MemoryTap t;
  t.segment = doc.fact_segment, t.reader = doc.question_segment;
  t.delta_reader.assign(m.net.backbone.d_model, 0.0);
  EXPECT_THROW(net.run(m.params.data(), grad.data(), doc, answer_only(), &t), Error);
  MemoryTap far;
  far.segment = doc.segments, far.reader = doc.question_segment;
  EXPECT_THROW(net.run(m.params.data(), nullptr, doc, answer_only(), &far), Error);
}

TEST(GradientPaths, BootstrapIsSeededAndBracketsTheStatistic) {
  std::vector<double> x;
  for (int i = 0; i < 101; ++i) x.push_back(double(i));
  const Stat a = bootstrap(x, 500, 20), b = bootstrap(x, 500, 20), c = bootstrap(x, 500, 21);
  EXPECT_EQ(a.median, 50.0);
  EXPECT_EQ(a.mean, 50.0);
  EXPECT_EQ(a.median_lo, b.median_lo);
  EXPECT_EQ(a.mean_hi, b.mean_hi);
  EXPECT_NE(a.mean_lo, c.mean_lo);
  EXPECT_LT(a.median_lo, 50.0);
  EXPECT_GT(a.median_hi, 50.0);
  EXPECT_LT(a.mean_lo, 50.0);
  EXPECT_GT(a.mean_hi, 50.0);
}

}  // namespace
}  // namespace lml::train
