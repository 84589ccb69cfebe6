// LM2 gated memory: a step against the plain-loop reference, the update rule,
// the identity initialisation, gate overrides and bad inputs.
#include <cmath>

#include "core/lm2/memory.hpp"
#include "core/rng.hpp"
#include "test_helpers.hpp"

namespace lml {
using namespace lm2;

TEST(Lm2, StartsAsIdentitySlots) {
  Lm2Memory m({4, 3, 1, Init::Identity});
  ASSERT_EQ(m.memory().rows(), 12u);
  for (std::size_t r = 0; r < 12; ++r)
    for (std::size_t c = 0; c < 4; ++c) EXPECT_EQ(m.memory()(r, c), r % 4 == c ? 1.f : 0.f);
}

TEST(Lm2, StepsMatchReference) {
  // tolerance: d = 8 products in float32 → 1e-5
  for (Init init : {Init::Identity, Init::Random}) {
    Lm2Memory m({8, 3, 5, init});
    Tensor E = randn(9, 6, 8);
    for (std::size_t t = 0; t < 6; ++t) {
      const Tensor e = Tensor::from(E.data() + t * 8, 1, 8);
      Tensor next;
      Step r = reference::step(m, e, {}, next);
      Step s = m.step(e);
      EXPECT_TRUE(test::all_close(s.weights, r.weights, 1e-6f, 1e-5f)) << "step " << t;
      EXPECT_TRUE(test::all_close(s.read, r.read, 1e-5f, 1e-5f));
      EXPECT_TRUE(test::all_close(s.g_in, r.g_in, 1e-6f, 1e-5f));
      EXPECT_TRUE(test::all_close(s.g_forget, r.g_forget, 1e-6f, 1e-5f));
      EXPECT_TRUE(test::all_close(s.g_out, r.g_out, 1e-6f, 1e-5f));
      EXPECT_TRUE(test::all_close(s.out, r.out, 1e-5f, 1e-5f));
      EXPECT_TRUE(test::all_close(m.memory(), next, 1e-5f, 1e-5f));
      double sum = 0;
      for (std::size_t i = 0; i < s.weights.cols(); ++i) sum += s.weights(0, i);
      EXPECT_NEAR(sum, 1.0, 1e-5);
    }
  }
}

TEST(Lm2, UpdateRuleAndOverrides) {
  Tensor M = randn(1, 6, 4), gi(1, 4), gf(1, 4), Em = randn(2, 1, 4);
  for (std::size_t c = 0; c < 4; ++c) {
    gi(0, c) = 0.5f;
    gf(0, c) = 0.9f;
  }
  Tensor U = update(M, gi, gf, Em);
  for (std::size_t r = 0; r < 6; ++r)
    for (std::size_t c = 0; c < 4; ++c) EXPECT_NEAR(U(r, c), 0.5f * std::tanh(Em(0, c)) + 0.9f * M(r, c), 1e-6);

  // g_in = 0, g_forget = 1: the memory never changes.
  Lm2Memory m({4, 2, 3, Init::Identity});
  const Tensor before = Tensor::from(m.memory().data(), 8, 4);
  Step s = m.step(randn(4, 1, 4), {0.f, 1.f, 0.25f});
  EXPECT_TRUE(test::all_close(m.memory(), before, 0.f, 0.f));
  for (std::size_t c = 0; c < 4; ++c) EXPECT_EQ(s.g_out(0, c), 0.25f);
  // g_forget = 0: the memory is overwritten with g_in·tanh(E_mem) in every row.
  s = m.step(randn(5, 1, 4), {1.f, 0.f, std::nullopt});
  for (std::size_t r = 0; r < 8; ++r)
    for (std::size_t c = 0; c < 4; ++c) EXPECT_FLOAT_EQ(m.memory()(r, c), std::tanh(s.read(0, c)));
  m.reset();
  EXPECT_TRUE(test::all_close(m.memory(), before, 0.f, 0.f));
}

TEST(Lm2, BadInputsThrow) {
  EXPECT_THROW(Lm2Memory({0, 2, 1, Init::Identity}), Error);
  EXPECT_THROW(Lm2Memory({4, 0, 1, Init::Identity}), Error);
  Lm2Memory m({4, 2, 1, Init::Identity});
  EXPECT_THROW(m.step(Tensor(1, 5)), Error);
  EXPECT_THROW(m.step(Tensor(2, 4)), Error);
  EXPECT_THROW(m.step(Tensor(1, 4), {1.5f, std::nullopt, std::nullopt}), Error);
  Tensor nan(1, 4);
  nan(0, 2) = std::nanf("");
  EXPECT_THROW(m.step(nan), Error);
  EXPECT_THROW(update(Tensor(3, 4), Tensor(1, 3), Tensor(1, 4), Tensor(1, 4)), Error);
  EXPECT_EQ(m.step(Tensor(1, 4)).read.cols(), 4u);  // still usable
}

}  // namespace lml
