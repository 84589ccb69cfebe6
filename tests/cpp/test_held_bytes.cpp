// Answer::held_bytes — the state a model keeps while reading a document in order
// to read on — against formulas written here from the geometry alone:
//   streamed (HMT, recurrent)   min(S, N) · (d + d_r) · 4 + k     S = T / L segments read
//   full attention              2 · layers · T · d · 4            T = the document's bytes
// (d = d_model, d_r = the search width, k = the sensory bytes carried over, N = the cache).
// Checked exactly (integers: no tolerance) for the comparison models as trained —
// web/models/zoo/hmt-s1 (N = 12), recurrent-s1 (N = 1), full-s1 — on passkey
// documents with no lead (leadMax 0: S = D + 2), and for a random model whose d,
// d_r, layers, k and N all differ from each other and from the zoo's, so a formula
// that swapped two of them would fail. And the growth: an HMT's state grows by one
// memory and its key per segment until the cache is full, then stays; full
// attention's grows by the same amount with every byte.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/hmt/answer.hpp"
#include "core/hmt/model.hpp"
#include "core/tasks/tasks.hpp"
#include "test_helpers.hpp"
#include "train/weights.hpp"

namespace lml::train {
namespace {

const std::string kRoot = LML_SOURCE_DIR;
constexpr std::size_t kFloat = 4;  // bytes of a float32

std::shared_ptr<const hmt::HmtModel> zoo(const std::string& name) {
  const auto bytes = read_bytes(kRoot + "/web/models/zoo/" + name + ".lmlw");
  return std::make_shared<const hmt::HmtModel>(hmt::HmtModel::load(bytes.data(), bytes.size()));
}

struct Geo {
  std::size_t L, j, k, N;
};

Geo geo_of(const hmt::HmtModel& m) {
  const hmt::Geometry& g = m.geometry();
  return {g.L, g.j, g.k, g.N};
}

tasks::Document passkey(const Geo& g, std::size_t D, std::uint64_t seed = 3) {
  tasks::TaskSpec spec;
  spec.kind = tasks::Kind::Passkey;
  spec.segment_len = g.L, spec.summary_len = g.j, spec.sensory_len = g.k;
  spec.distance = D;
  spec.lead_max = 0;
  return tasks::make(spec, seed, tasks::Split::Eval);
}

hmt::HmtConfig config_of(const Geo& g) {
  hmt::HmtConfig c;
  c.segment_len = g.L, c.summary_len = g.j, c.sensory_len = g.k, c.cache_size = g.N;
  return c;
}

// The formulas, from the geometry and the document's length only.
std::size_t streamed_formula(const hmt::ModelConfig& mc, const Geo& g, std::size_t T) {
  const std::size_t S = T / g.L;
  return std::min(S, g.N) * (mc.backbone.d_model + mc.d_retrieval) * kFloat + g.k;
}
std::size_t full_formula(const hmt::ModelConfig& mc, std::size_t T) {
  return 2 * mc.backbone.layers * T * mc.backbone.d_model * kFloat;
}

// Streams passkey documents at D = 0 … Dmax under `cond` and checks each against the formula;
// returns the held bytes by S (segments read).
std::vector<std::pair<std::size_t, std::size_t>> check_streamed(const std::shared_ptr<const hmt::HmtModel>& m, const Geo& g,
                                                                std::size_t Dmax, hmt::Condition cond, const char* what) {
  std::vector<std::pair<std::size_t, std::size_t>> by_segments;
  for (std::size_t D = 0; D <= Dmax; ++D) {
    const tasks::Document doc = passkey(g, D);
    const std::size_t T = doc.bytes.size(), S = T / g.L;
    EXPECT_EQ(S, D + 2) << what << ": leadMax 0 puts the fact in segment 0";
    const hmt::Answer a = hmt::answer_document(m, doc, config_of(g), cond);
    EXPECT_EQ(a.held_bytes, streamed_formula(m->config(), g, T)) << what << ", D = " << D << " (S = " << S << ")";
    by_segments.push_back({S, a.held_bytes});
  }
  return by_segments;
}

TEST(HeldBytes, TheZooHmtHoldsItsCacheOfMemoriesAndKeysPlusTheSensoryBytesFlatOnceFull) {
  const auto m = zoo("hmt-s1");
  const Geo g = geo_of(*m);
  ASSERT_EQ(m->geometry().kind, "hmt");
  ASSERT_GE(g.N, 2u) << "an HMT with a cache of several memories";
  const std::size_t per_memory = (m->config().backbone.d_model + m->config().d_retrieval) * kFloat;
  const auto held = check_streamed(m, g, g.N + 4, hmt::Condition::Memory, "hmt-s1 memory");
  for (std::size_t i = 1; i < held.size(); ++i) {
    const auto [S, b] = held[i];
    const std::size_t prev = held[i - 1].second;
    if (S <= g.N) EXPECT_EQ(b - prev, per_memory) << "S = " << S << ": one more memory and its key";
    else EXPECT_EQ(b, prev) << "S = " << S << " > N = " << g.N << ": the cache is full, the state stays";
  }
  EXPECT_EQ(held.back().second, g.N * per_memory + g.k);
  // the ablation still writes every memory (only the read is replaced by P_0): the same state
  check_streamed(m, g, g.N + 1, hmt::Condition::Ablated, "hmt-s1 ablated");
  // retrieval off: no memory is written, only the sensory bytes are carried
  for (std::size_t D : {0u, 5u}) {
    const hmt::Answer a = hmt::answer_document(m, passkey(g, D), config_of(g), hmt::Condition::RetrievalOff);
    EXPECT_EQ(a.held_bytes, g.k) << "retrieval-off, D = " << D;
  }
}

TEST(HeldBytes, TheRecurrentModelHoldsOneMemoryAtEveryLength) {
  const auto m = zoo("recurrent-s1");
  const Geo g = geo_of(*m);
  ASSERT_EQ(g.N, 1u) << "recurrent-s1 is trained with a cache of one";
  const auto held = check_streamed(m, g, 12, hmt::Condition::Memory, "recurrent-s1");
  for (const auto& [S, b] : held) EXPECT_EQ(b, held.front().second) << "S = " << S;
  EXPECT_EQ(held.front().second, (m->config().backbone.d_model + m->config().d_retrieval) * kFloat + g.k);
}

TEST(HeldBytes, FullAttentionHoldsTheKeysAndValuesOfEveryByteReadLinearInTheLength) {
  const auto m = zoo("full-s1");
  ASSERT_EQ(m->geometry().kind, "full");
  const Geo g = geo_of(*m);
  const std::size_t P = m->config().backbone.max_positions;
  const std::size_t per_byte = 2 * m->config().backbone.layers * m->config().backbone.d_model * kFloat;
  std::size_t D = 0, checked = 0;
  for (;; ++D) {
    const tasks::Document doc = passkey(g, D);
    const std::size_t T = doc.bytes.size();
    if (T > P) break;
    const hmt::Answer a = hmt::answer_document(m, doc, config_of(g), hmt::Condition::Full);
    EXPECT_EQ(a.held_bytes, full_formula(m->config(), T)) << "D = " << D << ", T = " << T;
    EXPECT_EQ(a.held_bytes, per_byte * T) << "proportional to the bytes read";
    ++checked;
  }
  EXPECT_GE(checked, 10u) << "full-s1 has positions for documents up to D = 8 and beyond";
  // the first longer document is refused (the end of its curve), not counted
  EXPECT_ERROR_HAS(hmt::answer_document(m, passkey(g, D), config_of(g), hmt::Condition::Full), "positions")
      << "D = " << D << ", a " << P << "-position model";
}

// A model of other sizes: d = 48, d_r = 24, 3 layers, k = 6, N = 5 (random weights: the state's
// size does not depend on what is in it). The same model read with full attention.
TEST(HeldBytes, FormulasHoldForAModelWhoseSizesAllDiffer) {
  hmt::ModelConfig mc;
  mc.backbone.d_model = 48, mc.backbone.heads = 4, mc.backbone.layers = 3, mc.backbone.d_ff = 96;
  mc.backbone.max_positions = 640;
  mc.d_retrieval = 24;
  const auto m = std::make_shared<const hmt::HmtModel>(hmt::HmtModel::random(mc, 9));
  const Geo g{64, 32, 6, 5};
  const auto held = check_streamed(m, g, 7, hmt::Condition::Memory, "random model");
  EXPECT_EQ(held.back().second, 5 * (48 + 24) * kFloat + 6) << "S = 9 > N = 5";
  for (std::size_t D : {0u, 3u, 8u}) {
    const tasks::Document doc = passkey(g, D);
    ASSERT_LE(doc.bytes.size(), mc.backbone.max_positions);
    const hmt::Answer a = hmt::answer_document(m, doc, config_of(g), hmt::Condition::Full);
    EXPECT_EQ(a.held_bytes, full_formula(mc, doc.bytes.size())) << "full, D = " << D;
    EXPECT_EQ(a.held_bytes, 2 * 3 * doc.bytes.size() * 48 * kFloat) << "full, D = " << D;
  }
}

}  // namespace
}  // namespace lml::train
