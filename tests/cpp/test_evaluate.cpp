// The evaluation's statistics and the full-attention condition:
//   - the bootstrap over documents widens the interval exactly where a
//     document's characters are correlated (all right or all wrong) and agrees
//     with the per-character Wilson interval where each document is one character;
//   - answer_document under "full" reads the whole document in one causal pass:
//     its arg-max bytes and bits match the double-precision loop reference
//     (model::reference::backbone_forward) over the same bytes;
//   - accuracy by position recounts each answer character over the documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "core/hmt/answer.hpp"
#include "core/hmt/model.hpp"
#include "core/model/backbone.hpp"
#include "core/rng.hpp"
#include "core/tasks/tasks.hpp"
#include "test_helpers.hpp"
#include "train/evaluate.hpp"

namespace lml::train {
namespace {

// 400 documents of 5 characters: each document all right (p = 0.8) or all wrong.
TEST(Evaluate, BootstrapOverDocumentsWidensTheIntervalWhenCharactersAreCorrelated) {
  Rng rng(7);
  std::vector<std::size_t> correct, chars;
  std::size_t c = 0, t = 0;
  for (int i = 0; i < 400; ++i) {
    const std::size_t k = rng.uniform() < 0.8f ? 5 : 0;
    correct.push_back(k), chars.push_back(5), c += k, t += 5;
  }
  double blo, bhi, wlo, whi;
  bootstrap_documents(correct, chars, &blo, &bhi);
  wilson(c, t, &wlo, &whi);
  const double p = double(c) / double(t);
  EXPECT_LT(blo, p);
  EXPECT_GT(bhi, p);
  // perfectly clustered: the effective sample is the 400 documents, not the 2,000
  // characters, so the interval is about √5 ≈ 2.24 times as wide
  const double ratio = (bhi - blo) / (whi - wlo);
  EXPECT_GT(ratio, 1.9) << "bootstrap [" << blo << ", " << bhi << "], Wilson [" << wlo << ", " << whi << "]";
  EXPECT_LT(ratio, 2.6);
}

TEST(Evaluate, BootstrapOverOneCharacterDocumentsAgreesWithWilson) {
  Rng rng(11);
  std::vector<std::size_t> correct, chars;
  std::size_t c = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::size_t k = rng.uniform() < 0.7f ? 1 : 0;
    correct.push_back(k), chars.push_back(1), c += k;
  }
  double blo, bhi, wlo, whi;
  bootstrap_documents(correct, chars, &blo, &bhi);
  wilson(c, 2000, &wlo, &whi);
  EXPECT_NEAR(bhi - blo, whi - wlo, 0.15 * (whi - wlo)) << "bootstrap [" << blo << ", " << bhi << "], Wilson [" << wlo << ", " << whi << "]";
  EXPECT_NEAR(blo, wlo, 0.006);
  EXPECT_NEAR(bhi, whi, 0.006);
  // the same seed gives the same interval (eval.json is reproduced byte for byte)
  double blo2, bhi2;
  bootstrap_documents(correct, chars, &blo2, &bhi2);
  EXPECT_EQ(blo, blo2);
  EXPECT_EQ(bhi, bhi2);
}

TEST(Evaluate, FullAttentionReadsTheWholeDocumentInOneCausalPass) {
  hmt::ModelConfig mc;
  mc.backbone.d_model = 32, mc.backbone.heads = 4, mc.backbone.layers = 2, mc.backbone.d_ff = 64;
  mc.backbone.max_positions = 400;
  mc.d_retrieval = 16;
  const auto model = std::make_shared<const hmt::HmtModel>(hmt::HmtModel::random(mc, 3));
  tasks::TaskSpec spec;
  spec.kind = tasks::Kind::Passkey;
  spec.distance = 2;
  const tasks::Document doc = tasks::make(spec, 5, tasks::Split::Eval);
  ASSERT_LE(doc.bytes.size(), 400u);
  hmt::HmtConfig g;
  g.segment_len = 64, g.summary_len = 32, g.sensory_len = 8, g.cache_size = 4;
  hmt::AnswerOptions o;
  o.score_rest = true;
  const hmt::Answer a = hmt::answer_document(model, doc, g, hmt::Condition::Full, nullptr, o);
  ASSERT_EQ(a.predicted.size(), doc.answer.size());
  EXPECT_EQ(a.segments_streamed, 0u);
  EXPECT_TRUE(a.weights.empty());
  // reference: embeddings + positions 0 … n − 1, loops in double, logits = h · tok_embᵀ
  const model::Backbone& bb = model->backbone();
  const std::size_t n = doc.bytes.size(), d = mc.backbone.d_model;
  Tensor X(n, d);
  bb.embed(doc.bytes.data(), n, X.view());
  const Tensor H = model::reference::backbone_forward(bb, X);
  const Tensor& E = bb.params().get("tok_emb", 256, d);
  double answer_bits = 0, rest_bits = 0;
  std::size_t rest = 0;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    std::vector<double> z(256);
    for (std::size_t v = 0; v < 256; ++v) {
      double s = 0;
      for (std::size_t c = 0; c < d; ++c) s += double(H.data()[i * d + c]) * double(E.data()[v * d + c]);
      z[v] = s;
    }
    const double m = *std::max_element(z.begin(), z.end());
    double sum = 0;
    for (double v : z) sum += std::exp(v - m);
    const double bits = -(z[doc.bytes[i + 1]] - m - std::log(sum)) / std::log(2.0);
    const bool ans = i + 1 >= doc.answer_pos && i + 1 < doc.answer_pos + doc.answer.size();
    if (ans) {
      answer_bits += bits;
      std::vector<double> sorted = z;
      std::sort(sorted.rbegin(), sorted.rend());
      const std::size_t am = std::size_t(std::max_element(z.begin(), z.end()) - z.begin());
      if (sorted[0] - sorted[1] > 1e-3) EXPECT_EQ(std::uint8_t(a.predicted[i + 1 - doc.answer_pos]), am) << "answer byte " << i;
    } else {
      rest_bits += bits, ++rest;
    }
  }
  EXPECT_EQ(a.rest_bytes, rest);
  EXPECT_NEAR(a.bits, answer_bits, 1e-4 * std::max(1.0, answer_bits));
  EXPECT_NEAR(a.rest_bits, rest_bits, 1e-4 * rest_bits);
  // a document longer than the model's positions is refused with the reason
  spec.distance = 8;
  const tasks::Document big = tasks::make(spec, 5, tasks::Split::Eval);
  EXPECT_ERROR_HAS(hmt::answer_document(model, big, g, hmt::Condition::Full, nullptr, o), "positions");
}


TEST(Evaluate, AccuracyByPositionRecountsEachAnswerCharacterOverTheDocuments) {
  hmt::ModelConfig mc;
  mc.backbone.d_model = 32, mc.backbone.heads = 4, mc.backbone.layers = 1, mc.backbone.d_ff = 64;
  mc.backbone.max_positions = 128;
  mc.d_retrieval = 16;
  const auto model = std::make_shared<const hmt::HmtModel>(hmt::HmtModel::random(mc, 11));
  EvalRequest r;
  r.kind = tasks::Kind::Passkey, r.D = 1, r.N = 4, r.P = 12, r.docs = 30, r.threads = 2, r.seed = 7;
  const EvalRecord rec = evaluate(model, nullptr, r);
  ASSERT_EQ(rec.payload, 12u);
  ASSERT_EQ(rec.by_position.size(), 12u);
  ASSERT_EQ(rec.chars, 30u * 12u);
  // independent recount: answer each document again, one thread, position by position
  std::vector<std::size_t> right(12, 0);
  tasks::TaskSpec spec;
  spec.distance = 1, spec.payload = 12;
  hmt::HmtConfig g;
  g.segment_len = 64, g.summary_len = 32, g.sensory_len = 8, g.cache_size = 4;
  for (std::size_t i = 0; i < r.docs; ++i) {
    const tasks::Document doc = tasks::make(spec, r.seed + i, tasks::Split::Eval);
    ASSERT_EQ(doc.answer.size(), 12u);
    const hmt::Answer a = hmt::answer_document(model, doc, g, hmt::Condition::Memory);
    for (std::size_t c = 0; c < 12; ++c) right[c] += a.predicted[c] == doc.answer[c];
  }
  double mean = 0;
  for (std::size_t c = 0; c < 12; ++c) {
    EXPECT_DOUBLE_EQ(rec.by_position[c], double(right[c]) / 30.0) << "position " << c;
    mean += rec.by_position[c] / 12.0;
  }
  // every document has 12 characters, so the positions' mean is the record's accuracy
  EXPECT_NEAR(mean, rec.accuracy, 1e-12);
  // the task's own length: kv records 4 positions, copy 8
  EvalRequest kv = r;
  kv.kind = tasks::Kind::KeyValue, kv.K = 2, kv.P = 0, kv.docs = 4;
  EXPECT_EQ(evaluate(model, nullptr, kv).by_position.size(), 4u);
}

}  // namespace
}  // namespace lml::train
