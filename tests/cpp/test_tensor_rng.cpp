#include <cmath>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/tensor.hpp"
#include "test_helpers.hpp"

namespace lml {

TEST(Tensor, ZeroFilledAndAligned) {
  Tensor t(3, 5);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(t.data()) % 64, 0u);
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_EQ(t.data()[i], 0.f);
}

TEST(Tensor, RejectsBadShapes) {
  EXPECT_THROW(Tensor(0, 4), Error);
  EXPECT_THROW(Tensor(4, 0), Error);
  EXPECT_THROW(Tensor(std::size_t(1) << 20, std::size_t(1) << 20), Error);
  try {
    Tensor(0, 3);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[0, 3]"), std::string::npos) << e.what();
  }
}

TEST(Tensor, RequireFiniteNamesTheIndex) {
  float v[] = {1.f, 2.f, NAN};
  try {
    require_finite(v, 3, "Q");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Q contains NaN at flat index 2"), std::string::npos) << e.what();
  }
  v[2] = INFINITY;
  EXPECT_THROW(require_finite(v, 3, "Q"), Error);
}

// The vectorised scan: for every length 1 .. 19 (whole vectors and tails) and every
// position, NaN and ±Inf are named at their index (the first of two bad values), and on
// finite data the largest |x| equals a plain loop's.
TEST(Tensor, RequireFiniteAtEveryPositionAndLength) {
  for (std::size_t n = 1; n <= 19; ++n) {
    std::vector<float> v(n);
    float expect = 0.f;
    for (std::size_t i = 0; i < n; ++i) v[i] = (i % 3 == 1 ? -1.f : 1.f) * (0.5f + float((i * 7) % 11)), expect = std::max(expect, std::fabs(v[i]));
    EXPECT_EQ(require_finite(v.data(), n, "X"), expect) << "n = " << n;
    for (std::size_t bad = 0; bad < n; ++bad)
      for (float x : {NAN, INFINITY, -INFINITY}) {
        std::vector<float> w = v;
        w[bad] = x;
        if (bad + 1 < n) w[n - 1] = NAN;
        try {
          require_finite(w.data(), n, "X");
          ADD_FAILURE() << "accepted " << x << " at " << bad << " of " << n;
        } catch (const Error& e) {
          const std::string want = std::string("X contains ") + (std::isnan(x) ? "NaN" : "Inf") + " at flat index " + std::to_string(bad) + ";";
          EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << e.what();
        }
      }
  }
}

TEST(Rng, DeterministicForASeed) {
  Tensor a = randn(42, 7, 9), b = randn(42, 7, 9), c = randn(43, 7, 9);
  EXPECT_EQ(test::max_abs_diff(a, b), 0.f);
  EXPECT_GT(test::max_abs_diff(a, c), 0.f);
}

TEST(Rng, NormalMomentsWithinTolerance) {
  // 200k samples: the standard error of the mean is ~0.0022, of the variance ~0.0032.
  Tensor t = randn(7, 1000, 200);
  double s = 0, s2 = 0;
  for (std::size_t i = 0; i < t.size(); ++i) { s += t.data()[i]; s2 += double(t.data()[i]) * t.data()[i]; }
  const double mean = s / t.size(), var = s2 / t.size() - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(var, 1.0, 0.015);
}

}  // namespace lml
