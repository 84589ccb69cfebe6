// The backbone: its xsimd kernels (LayerNorm, GELU, add) against naive
// references, the whole forward against a plain-loop reference, causality,
// determinism, and the weight file (round trip, truncation, corruption).
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "core/hmt/model.hpp"
#include "core/model/backbone.hpp"
#include "core/model/json.hpp"
#include "core/model/ops.hpp"
#include "core/model/weight_file.hpp"
#include "core/rng.hpp"
#include "test_helpers.hpp"

namespace lml {
using model::Backbone;
using model::BackboneConfig;

static BackboneConfig small_config() {
  BackboneConfig c;
  c.d_model = 32;
  c.heads = 4;
  c.layers = 2;
  c.d_ff = 64;
  c.max_positions = 80;
  return c;
}

// ---------------------------------------------------------------- kernels
TEST(Ops, LayerNormMatchesReferenceOnTails) {
  // tolerance: float32 mean/var over d ≤ 67 terms of N(0, 3²) → 2e-5 absolute on unit-scale outputs
  for (std::size_t d : {1u, 3u, 4u, 17u, 64u, 67u}) {
    Tensor X = randn(d, 9, d, 3.f), g = randn(d + 1, 1, d), b = randn(d + 2, 1, d);
    for (std::size_t c = 0; c < d; ++c) X(0, c) += 100.f;  // a large mean
    Tensor Y(9, d), R(9, d);
    kernels::layer_norm(X, g.data(), b.data(), Y.view());
    reference::layer_norm(X, g.data(), b.data(), R.view());
    EXPECT_TRUE(test::all_close(Y, R, 2e-5f, 1e-5f)) << "d = " << d;
  }
}

TEST(Ops, LayerNormInPlaceAndConstantRow) {
  Tensor X(2, 8), g(1, 8), b(1, 8);
  for (std::size_t c = 0; c < 8; ++c) {
    X(0, c) = 5.f;  // constant row: (x − mean) = 0 → output = beta
    X(1, c) = float(c);
    g(0, c) = 1.f;
    b(0, c) = 0.25f;
  }
  Tensor R(2, 8);
  reference::layer_norm(X, g.data(), b.data(), R.view());
  kernels::layer_norm(X, g.data(), b.data(), X.view());  // aliasing allowed
  EXPECT_TRUE(test::all_close(X, R, 1e-6f, 1e-6f));
  for (std::size_t c = 0; c < 8; ++c) EXPECT_EQ(X(0, c), 0.25f);
}

TEST(Ops, GeluMatchesTanhFormula) {
  // tolerance 2e-6 absolute + 2e-6 relative: exp2 polynomial (2e-7 rel) and one division
  Tensor X(1, 2003);
  for (std::size_t i = 0; i < X.cols(); ++i) X(0, i) = -12.f + 0.012f * float(i);
  Tensor R = Tensor::from(X.data(), 1, X.cols());
  kernels::gelu_inplace(X.view());
  reference::gelu_inplace(R.view());
  EXPECT_TRUE(test::all_close(X, R, 2e-6f, 2e-6f));
  float big[] = {-200.f, 200.f, 0.f};
  kernels::gelu_inplace(View{big, 1, 3, 3});
  EXPECT_NEAR(big[0], 0.f, 1e-30f);
  EXPECT_EQ(big[1], 200.f);
  EXPECT_EQ(big[2], 0.f);
}

TEST(Ops, AddAndAddRowMatchReference) {
  for (std::size_t d : {1u, 5u, 16u, 33u}) {
    Tensor Y = randn(1, 7, d), X = randn(2, 7, d), b = randn(3, 1, d);
    Tensor R = Tensor::from(Y.data(), 7, d);
    kernels::add_inplace(Y.view(), X);
    kernels::add_row_inplace(Y.view(), b.data());
    reference::add_inplace(R.view(), X);
    reference::add_row_inplace(R.view(), b.data());
    EXPECT_TRUE(test::all_close(Y, R, 0.f, 0.f)) << "d = " << d;  // same float operations: exact
  }
  Tensor A(2, 3), B(3, 2);
  EXPECT_THROW(kernels::add_inplace(A.view(), B), Error);
}

// ---------------------------------------------------------------- forward
TEST(Backbone, ForwardMatchesPlainLoopReference) {
  // tolerance: outputs are LayerNorm'd (unit scale); float32 through 2 blocks → 2e-4 absolute
  const BackboneConfig c = small_config();
  const Backbone b = Backbone::random(c, 11);
  for (std::size_t n : {1u, 2u, 17u, 80u}) {
    Tensor X = randn(100 + n, n, c.d_model);
    Tensor fast = b.forward(X), ref = model::reference::backbone_forward(b, X);
    EXPECT_TRUE(test::all_close(fast, ref, 2e-4f, 1e-4f)) << "n = " << n;
  }
}

TEST(Backbone, HeadWeightsMatchThePlainLoopReference) {
  // tolerance: the weights are probabilities; float32 through two layers → 2e-5 absolute
  const Backbone b = Backbone::random(small_config(), 5);
  for (std::size_t n : {1u, 7u, 33u}) {
    const Tensor X = randn(40 + n, n, 32, 1.f);
    for (std::size_t layer = 0; layer < 2; ++layer)
      for (std::size_t head = 0; head < 4; ++head) {
        model::reference::HeadCapture cap;
        cap.layer = layer, cap.head = head;
        model::reference::backbone_forward(b, X, &cap);
        const Tensor w = b.head_weights(X, layer, head);
        ASSERT_EQ(w.rows(), n);
        ASSERT_EQ(w.cols(), n);
        EXPECT_TRUE(test::all_close(w, cap.weights, 2e-5f, 0.f)) << "n " << n << " layer " << layer << " head " << head;
        for (std::size_t i = 0; i < n; ++i) {
          double sum = 0;
          for (std::size_t j = 0; j < n; ++j) {
            sum += w(i, j);
            if (j > i) EXPECT_EQ(w(i, j), 0.f) << "a key after its query";
          }
          EXPECT_NEAR(sum, 1.0, 1e-5);
        }
      }
  }
  const Tensor X = randn(3, 4, 32, 1.f);
  EXPECT_THROW(b.head_weights(X, 2, 0), Error);
  EXPECT_THROW(b.head_weights(X, 0, 4), Error);
  EXPECT_THROW(b.head_weights(randn(3, 81, 32, 1.f), 0, 0), Error);
}

TEST(Backbone, StagesMatchThePlainLoopReferenceAndEndInForward) {
  // tolerance: as ForwardMatchesPlainLoopReference (residuals are O(1); float32 → 2e-4 absolute)
  const Backbone b = Backbone::random(small_config(), 9);
  for (std::size_t n : {1u, 12u, 80u}) {
    const Tensor X = randn(60 + n, n, 32, 1.f);
    model::reference::HeadCapture cap;
    const Tensor ref = model::reference::backbone_forward(b, X, &cap);
    const Backbone::Stages st = b.stages(X);
    ASSERT_EQ(st.residual.size(), 5u) << "the embedding, then attention and MLP of 2 blocks";
    ASSERT_EQ(cap.residual.size(), 5u);
    for (std::size_t s = 0; s < 5; ++s) EXPECT_TRUE(test::all_close(st.residual[s], cap.residual[s], 2e-4f, 1e-4f)) << "stage " << s;
    const Tensor fwd = b.forward(X);
    EXPECT_EQ(0, std::memcmp(st.hidden.data(), fwd.data(), fwd.size() * sizeof(float))) << "stages ends in forward's output, bit for bit";
    EXPECT_TRUE(test::all_close(st.hidden, ref, 2e-4f, 1e-4f));
  }
}

TEST(Backbone, DefaultSizesMatchReference) {
  BackboneConfig c;  // d 64, 4 heads, 2 layers, d_ff 256
  EXPECT_EQ(c.d_model, 64u);
  EXPECT_EQ(c.heads, 4u);
  EXPECT_EQ(c.layers, 2u);
  EXPECT_EQ(c.d_ff, 4 * c.d_model);
  const Backbone b = Backbone::random(c, 3);
  std::vector<std::uint8_t> t(146);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::uint8_t("the quick brown fox "[i % 20]);
  Tensor X(t.size(), c.d_model);
  b.embed(t.data(), t.size(), X.view());
  EXPECT_TRUE(test::all_close(b.forward(X), model::reference::backbone_forward(b, X), 3e-4f, 1e-4f));
}

TEST(Backbone, SameSeedSameWeightsOtherSeedDiffers) {
  const BackboneConfig c = small_config();
  const Backbone a = Backbone::random(c, 5), b = Backbone::random(c, 5), o = Backbone::random(c, 6);
  ASSERT_EQ(a.params().items().size(), b.params().items().size());
  for (std::size_t i = 0; i < a.params().items().size(); ++i) {
    const Tensor& x = a.params().items()[i].value;
    EXPECT_EQ(0, std::memcmp(x.data(), b.params().items()[i].value.data(), x.size() * sizeof(float)));
  }
  EXPECT_GT(test::max_abs_diff(a.params().items()[0].value, o.params().items()[0].value), 0.1f);
}

TEST(Backbone, CausalChangingALaterTokenChangesNoEarlierOutput) {
  const BackboneConfig c = small_config();
  const Backbone b = Backbone::random(c, 9);
  std::vector<std::uint8_t> t(60);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::uint8_t(97 + (i * 7) % 26);
  Tensor X(60, c.d_model), Y(60, c.d_model);
  b.embed(t.data(), 60, X.view());
  const Tensor before = b.forward(X);
  for (std::size_t changed : {0u, 31u, 59u}) {
    std::vector<std::uint8_t> u = t;
    u[changed] = '#';
    b.embed(u.data(), 60, Y.view());
    const Tensor after = b.forward(Y);
    for (std::size_t i = 0; i < 60; ++i) {
      float diff = 0;
      for (std::size_t k = 0; k < c.d_model; ++k) diff = std::max(diff, std::fabs(after(i, k) - before(i, k)));
      if (i < changed) EXPECT_EQ(diff, 0.f) << "output " << i << " changed when token " << changed << " did";
      if (i == changed) EXPECT_GT(diff, 1e-3f) << "the changed token's own output must change";
    }
  }
}

TEST(Backbone, LogitsAreTiedToTokenEmbeddings) {
  const BackboneConfig c = small_config();
  const Backbone b = Backbone::random(c, 2);
  Tensor H = randn(4, 3, c.d_model), L(3, 256);
  b.logits(H, L.view());
  const Tensor& E = *b.params().find("tok_emb");
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t v : {0u, 65u, 255u}) {
      double s = 0;
      for (std::size_t k = 0; k < c.d_model; ++k) s += double(H(i, k)) * E(v, k);
      EXPECT_NEAR(L(i, v), s, 1e-4);
    }
}

TEST(Backbone, BadConfigurationsAndInputsThrow) {
  BackboneConfig c = small_config();
  c.heads = 5;
  EXPECT_ERROR_HAS(Backbone::random(c, 1), "not divisible by heads = 5");
  c = small_config();
  c.layers = 0;
  EXPECT_ERROR_HAS(Backbone::random(c, 1), "layers must be");
  c = small_config();
  const Backbone b = Backbone::random(c, 1);
  Tensor long_x(81, c.d_model), wrong(3, 7), nan(2, c.d_model);
  EXPECT_ERROR_HAS(b.forward(long_x), "longer than maxPositions = 80");
  EXPECT_ERROR_HAS(b.forward(wrong), "dModel = 32 columns");
  nan(1, 3) = std::nanf("");
  EXPECT_ERROR_HAS(b.forward(nan), "NaN");
  EXPECT_EQ(b.forward(Tensor(2, c.d_model)).rows(), 2u);  // still usable
}

// ---------------------------------------------------------------- weight file
static hmt::ModelConfig model_config() {
  hmt::ModelConfig m;
  m.backbone = small_config();
  m.d_retrieval = 16;
  return m;
}

TEST(WeightFile, RoundTripGivesIdenticalTensorsAndOutputs) {
  const hmt::HmtModel a = hmt::HmtModel::random(model_config(), 21);
  const std::vector<std::uint8_t> bytes = a.save();
  // 12-byte prefix + header + 4 bytes per float
  std::size_t floats = a.backbone().params().total_floats() + 2 * 32 + 2 * 32 * 16;
  std::uint32_t hlen;
  std::memcpy(&hlen, bytes.data() + 8, 4);
  EXPECT_EQ(bytes.size(), 12 + hlen + 4 * floats);
  EXPECT_EQ(0, std::memcmp(bytes.data(), "LMLW", 4));
  const hmt::HmtModel b = hmt::HmtModel::load(bytes.data(), bytes.size());
  EXPECT_EQ(b.config().backbone.d_model, 32u);
  EXPECT_EQ(b.config().backbone.max_positions, 80u);
  EXPECT_EQ(b.config().d_retrieval, 16u);
  Tensor X = randn(3, 40, 32);
  EXPECT_TRUE(test::all_close(a.backbone().forward(X), b.backbone().forward(X), 0.f, 0.f));
  EXPECT_TRUE(test::all_close(a.w_q(), b.w_q(), 0.f, 0.f));
  EXPECT_TRUE(test::all_close(a.summary_token(), b.summary_token(), 0.f, 0.f));
  EXPECT_EQ(b.save(), bytes);  // byte-identical when saved again
}

TEST(WeightFile, TruncatedCorruptAndMismatchedFilesAreRejected) {
  const std::vector<std::uint8_t> good = hmt::HmtModel::random(model_config(), 4).save();
  auto load = [](const std::vector<std::uint8_t>& b) { hmt::HmtModel::load(b.data(), b.size()); };
  std::vector<std::uint8_t> f = good;
  f.resize(good.size() - 4);
  EXPECT_ERROR_HAS(load(f), "truncated");
  f.resize(7);
  EXPECT_ERROR_HAS(load(f), "too short");
  f = good;
  f.push_back(0);
  EXPECT_ERROR_HAS(load(f), "unexpected bytes after the data");
  f = good;
  f[0] = 'X';
  EXPECT_ERROR_HAS(load(f), "bad magic");
  f = good;
  f[4] = 9;
  EXPECT_ERROR_HAS(load(f), "version 9 is not supported");
  f = good;
  f[f.size() - 10] ^= 0x40;  // flip a bit in the data
  EXPECT_ERROR_HAS(load(f), "checksum mismatch");
  f = good;
  f[12] = 'x';  // break the JSON
  EXPECT_ERROR_HAS(load(f), "invalid JSON");
  f = good;
  std::uint32_t huge = 0x7fffffff;
  std::memcpy(f.data() + 8, &huge, 4);
  EXPECT_ERROR_HAS(load(f), "truncated: the header claims");

  // A file whose config does not match its tensors: edit "layers":2 → "layers":3.
  f = good;
  std::string text(f.begin(), f.end());
  const std::size_t at = text.find("\"layers\":2");
  ASSERT_NE(at, std::string::npos);
  f[at + 9] = '3';
  EXPECT_ERROR_HAS(load(f), "expected");
  // NaN in the data with a matching checksum: written through the writer itself.
  model::ParamSet p;
  Tensor t(1, 2);
  t(0, 1) = std::nanf("");
  p.add("x", std::move(t));
  const auto bad = model::write_weight_file("{}", p);
  EXPECT_ERROR_HAS(model::read_weight_file(bad.data(), bad.size()), "NaN");
  // The loader still works after all of that.
  EXPECT_EQ(hmt::HmtModel::load(good.data(), good.size()).config().backbone.layers, 2u);
}

TEST(Json, ParsesHeadersAndReportsErrors) {
  const std::string s = R"({"a": [1, -2.5e3, true, null], "b": {"c": "x\"\u00e9"}})";
  json::Value v = json::parse(s.data(), s.size());
  ASSERT_TRUE(v.find("a") && v.find("a")->array.size() == 4);
  EXPECT_EQ(v.find("a")->array[1].number, -2500.0);
  EXPECT_EQ(v.find("b")->find("c")->string, "x\"\xc3\xa9");
  for (const char* bad : {"{", "[1,]", "{\"a\" 1}", "\"abc", "tru", "{} x", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"}) {
    EXPECT_THROW(json::parse(bad, std::strlen(bad)), Error) << bad;
  }
  EXPECT_EQ(json::quote("a\"b\n"), "\"a\\\"b\\u000a\"");
}

}  // namespace lml
