// Kernels vs the naive references (and Eigen) on random shapes with tails.
// Tolerances: float32 accumulation over k terms of N(0,1) products → atol 1e-4·√k.
#include <Eigen/Dense>
#include <cmath>
#include <string>
#include <limits>
#include <vector>

#include "core/kernels/exp.hpp"
#include "core/kernels/gemm.hpp"
#include "core/kernels/reference.hpp"
#include "core/kernels/softmax.hpp"
#include "test_helpers.hpp"

namespace lml {
using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Map = Eigen::Map<const RowMat>;

struct Dims { std::size_t m, k, n; };
static const Dims kShapes[] = {{1, 1, 1}, {1, 64, 1}, {2, 3, 17}, {7, 48, 33}, {16, 64, 16},
                               {33, 1, 65}, {77, 64, 77}, {100, 13, 250}, {3, 256, 5}};

TEST(Gemm, NtMatchesNaiveAndEigenOnTails) {
  for (const auto& s : kShapes) {
    Tensor A = randn(1 + s.m, s.m, s.k), B = randn(2 + s.n, s.n, s.k);
    Tensor C(s.m, s.n);
    kernels::matmul_nt(A, B, C.view(), 0.5f);
    Tensor R = reference::matmul_nt(A, B);
    kernels::scale_inplace(R.view(), 0.5f);
    const float atol = 1e-4f * std::sqrt(float(s.k));
    EXPECT_TRUE(test::all_close(C, R, atol, 1e-5f)) << "m=" << s.m << " k=" << s.k << " n=" << s.n;
    RowMat E = 0.5f * Map(A.data(), s.m, s.k) * Map(B.data(), s.n, s.k).transpose();
    EXPECT_TRUE(test::all_close(C, Tensor::from(E.data(), s.m, s.n), atol, 1e-5f));
  }
}

TEST(Gemm, NnMatchesNaiveAndEigenOnTails) {
  for (const auto& s : kShapes) {
    Tensor A = randn(3 + s.m, s.m, s.k), B = randn(4 + s.n, s.k, s.n);
    Tensor C(s.m, s.n);
    kernels::matmul_nn(A, B, C.view());
    const float atol = 1e-4f * std::sqrt(float(s.k));
    EXPECT_TRUE(test::all_close(C, reference::matmul_nn(A, B), atol, 1e-5f)) << s.m << "x" << s.k << "x" << s.n;
    RowMat E = Map(A.data(), s.m, s.k) * Map(B.data(), s.k, s.n);
    EXPECT_TRUE(test::all_close(C, Tensor::from(E.data(), s.m, s.n), atol, 1e-5f));
  }
}

// The packed product with A as stored and with A stored transposed (the trainer's
// weight gradients), for every remainder of rows against the MR-row register tile,
// columns below, at and past one panel, alpha ≠ 1 and accumulation, against Eigen.
TEST(Gemm, PackedAndTransposedAMatchEigenForEveryRowRemainder) {
  const std::size_t k = 9;
  for (std::size_t m = 1; m <= 2 * kernels::MR + 1; ++m)
    for (std::size_t n : {std::size_t(5), kernels::NR, kernels::NR + 3})
      for (bool acc : {false, true}) {
        Tensor A = randn(50 + m, m, k), B = randn(60 + n, k, n), C0 = randn(70 + m, m, n);
        AlignedBuffer pk(kernels::panels(n) * k * kernels::NR);
        kernels::pack_nn(B, pk.data());
        RowMat E = 0.5f * Map(A.data(), m, k) * Map(B.data(), k, n);
        if (acc) E += Map(C0.data(), m, n);
        const RowMat At = Map(A.data(), m, k).transpose();
        Tensor C = Tensor::from(C0.data(), m, n), Ct = Tensor::from(C0.data(), m, n);
        kernels::gemm_packed(A, pk.data(), C.view(), 0.5f, acc);
        kernels::gemm_packed_tn(ConstView{At.data(), k, m, m}, pk.data(), Ct.view(), 0.5f, acc);
        const Tensor R = Tensor::from(E.data(), m, n);
        EXPECT_TRUE(test::all_close(C, R, 1e-4f * 3, 1e-5f)) << "m=" << m << " n=" << n << " acc=" << acc;
        EXPECT_TRUE(test::all_close(Ct, R, 1e-4f * 3, 1e-5f)) << "transposed A, m=" << m << " n=" << n << " acc=" << acc;
      }
}

// The register tile on its own (attention's blocks call it with 1 .. MR rows): every row
// count, B read with a row stride wider than one panel, with and without accumulation.
TEST(Gemm, MicroTileMatchesEigenForEveryRowCount) {
  const std::size_t k = 13, ldb = kernels::NR + 5;
  for (std::size_t rows = 1; rows <= kernels::MR; ++rows)
    for (bool acc : {false, true}) {
      Tensor A = randn(80 + rows, rows, k), B = randn(90 + rows, k, ldb), C = randn(95 + rows, rows, kernels::NR);
      RowMat E = Map(A.data(), rows, k) * Map(B.data(), k, ldb).leftCols(kernels::NR);
      if (acc) E += Map(C.data(), rows, kernels::NR);
      const float* a[kernels::MR];
      float* c[kernels::MR];
      for (std::size_t r = 0; r < rows; ++r) a[r] = A.data() + r * k, c[r] = C.data() + r * kernels::NR;
      kernels::micro_rows(a, B.data(), ldb, k, c, rows, acc);
      EXPECT_TRUE(test::all_close(C, Tensor::from(E.data(), rows, kernels::NR), 1e-4f * 4, 1e-5f))
          << "rows=" << rows << " acc=" << acc;
    }
}

// B read where it lies (row-major [k, n], n a multiple of NR, a row stride wider
// than n): the same bits as the packed forms, for A as stored and transposed, every
// row remainder, with and without accumulation; a column count off the panel
// width is refused with the shapes in the message.
TEST(Gemm, InPlaceBEqualsThePackedFormBitForBit) {
  const std::size_t k = 11, n = 2 * kernels::NR, ldb = n + 7;
  for (std::size_t m = 1; m <= 2 * kernels::MR + 1; ++m)
    for (bool acc : {false, true}) {
      Tensor A = randn(150 + m, m, k), Bw = randn(160 + m, k, ldb), C0 = randn(170 + m, m, n);
      const ConstView B{Bw.data(), k, n, ldb};
      AlignedBuffer pk(kernels::panels(n) * k * kernels::NR);
      kernels::pack_nn(B, pk.data());
      const RowMat At = Map(A.data(), m, k).transpose();
      const ConstView Atv{At.data(), k, m, m};
      Tensor packed = Tensor::from(C0.data(), m, n), inplace = Tensor::from(C0.data(), m, n);
      Tensor packed_t = Tensor::from(C0.data(), m, n), inplace_t = Tensor::from(C0.data(), m, n);
      kernels::gemm_packed(A, pk.data(), packed.view(), 1.f, acc);
      kernels::gemm_inplace(A, B, inplace.view(), 1.f, acc);
      kernels::gemm_packed_tn(Atv, pk.data(), packed_t.view(), 1.f, acc);
      kernels::gemm_inplace_tn(Atv, B, inplace_t.view(), 1.f, acc);
      for (std::size_t i = 0; i < m * n; ++i) {
        ASSERT_EQ(packed.data()[i], inplace.data()[i]) << "m=" << m << " acc=" << acc << " at " << i;
        ASSERT_EQ(packed_t.data()[i], inplace_t.data()[i]) << "transposed A, m=" << m << " acc=" << acc << " at " << i;
      }
      RowMat E(m, n);
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
          double s = acc ? C0.data()[i * n + j] : 0.0;
          for (std::size_t p = 0; p < k; ++p) s += double(A.data()[i * k + p]) * double(Bw.data()[p * ldb + j]);
          E(Eigen::Index(i), Eigen::Index(j)) = float(s);
        }
      EXPECT_TRUE(test::all_close(inplace, Tensor::from(E.data(), m, n), 1e-4f * 4, 1e-5f)) << "m=" << m;
    }
  Tensor A(3, 4), B(4, kernels::NR + 1), C(3, kernels::NR + 1);
  EXPECT_ERROR_HAS(kernels::gemm_inplace(A, B, C.view(), 1.f), "multiple of");
  Tensor B2(5, kernels::NR), C2(3, kernels::NR);
  EXPECT_ERROR_HAS(kernels::gemm_inplace(A, B2, C2.view(), 1.f), "B must be");
}

TEST(Gemm, RejectsMismatchedShapes) {
  Tensor A(3, 4), B(5, 6), C(3, 5);
  EXPECT_THROW(kernels::matmul_nt(A, B, C.view()), Error);
  EXPECT_THROW(kernels::matmul_nn(A, B, C.view()), Error);
  Tensor B2(5, 4), Cbad(3, 4);
  EXPECT_THROW(kernels::matmul_nt(A, B2, Cbad.view()), Error);
}

TEST(Exp, Exp2WithinTwoUlpsOfStd) {
  // Relative error bound of the polynomial: 2e-7 (≈ 2 ulp) over the softmax range.
  Tensor x(1, 4001);
  for (std::size_t i = 0; i < x.cols(); ++i) x(0, i) = -120.f + 0.06f * float(i);
  Tensor y = Tensor::from(x.data(), 1, x.cols());
  kernels::exp2_inplace(y.view());
  for (std::size_t i = 0; i < x.cols(); ++i) {
    const double ref = std::exp2(double(x(0, i)));
    EXPECT_NEAR(y(0, i) / ref, 1.0, 4e-7) << "x = " << x(0, i);
  }
  float tiny[] = {-200.f, -1e30f, -std::numeric_limits<float>::infinity()};
  View tv{tiny, 1, 3, 3};
  kernels::exp2_inplace(tv);
  for (float t : tiny) EXPECT_EQ(t, 0.f);
}

// n = round(x) by the 1.5·2^23 trick: exact half-integers (ties go to even), the ends of
// the clamp, and values just inside them, against double precision.
TEST(Exp, Exp2AtTiesAndClampEdgesWithinTwoUlpsOfDouble) {
  std::vector<float> xs;
  for (int n = -126; n <= 126; ++n) xs.push_back(float(n) + 0.5f), xs.push_back(float(n));
  for (float x : {-126.f, -125.99999f, 126.99999f, 127.f, -0.5f, 0.5f, -1e-8f, 1e-8f, 0.f}) xs.push_back(x);
  Tensor y(1, xs.size());
  std::copy(xs.begin(), xs.end(), y.data());
  kernels::exp2_inplace(y.view());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    EXPECT_NEAR(y(0, i) / std::exp2(double(xs[i])), 1.0, 4e-7) << "x = " << xs[i];
    EXPECT_NEAR(kernels::exp2_s(xs[i]) / std::exp2(double(xs[i])), 1.0, 4e-7) << "scalar, x = " << xs[i];
  }
}

// The softmax against softmax in double precision at n = 4096 (the bench's largest row).
// Bound per weight, relative: the rounding of the argument — (x − max) and its product
// with log2 e each round to 2^-24 of |x − max|·log2 e, which e^x turns into a relative
// 2·2^-24·|x − max| ≈ 1.2e-7·|x − max| — plus the polynomial's 2e-7 and the row sum's
// error, common to the row: 4,096 terms in 4 lanes of 1,024 float additions, about
// √1024·2^-24 ≈ 2e-6 (the worst case, 1024·2^-24 ≈ 6e-5, needs every rounding one way):
// |S − ref| ≤ ref · (4e-6 + 1.2e-7·|x − max|).
TEST(Softmax, WithinItsRoundingBoundOfDoubleAtN4096) {
  const std::size_t n = 4096;
  Tensor S = randn(77, 3, n, 4.f), R = Tensor::from(S.data(), 3, n);
  kernels::softmax_rows(S.view());
  double worst = 0;  // largest relative error less the argument's part
  for (std::size_t i = 0; i < 3; ++i) {
    double mx = -INFINITY, sum = 0;
    for (std::size_t j = 0; j < n; ++j) mx = std::max(mx, double(R(i, j)));
    for (std::size_t j = 0; j < n; ++j) sum += std::exp(double(R(i, j)) - mx);
    for (std::size_t j = 0; j < n; ++j) {
      const double ref = std::exp(double(R(i, j)) - mx) / sum, arg = 1.2e-7 * (mx - double(R(i, j)));
      worst = std::max(worst, std::abs(S(i, j) - ref) / ref - arg);
      EXPECT_NEAR(S(i, j), ref, ref * (4e-6 + arg)) << "row " << i << " col " << j;
    }
  }
  RecordProperty("worst_relative_error_less_argument", std::to_string(worst));
}

TEST(Softmax, MatchesNaiveRowsSumToOne) {
  for (std::size_t n : {1u, 3u, 4u, 17u, 64u, 1000u}) {
    Tensor S = randn(n, 5, n, 3.f), R = Tensor::from(S.data(), 5, n);
    kernels::softmax_rows(S.view());
    reference::softmax_rows(R.view());
    EXPECT_TRUE(test::all_close(S, R, 1e-6f, 1e-5f)) << "n = " << n;
    for (std::size_t i = 0; i < 5; ++i) {
      double sum = 0;
      for (std::size_t j = 0; j < n; ++j) sum += S(i, j);
      EXPECT_NEAR(sum, 1.0, 1e-5) << "row " << i << " n " << n;
    }
  }
}

TEST(Softmax, StaysFiniteAtHugeLogits) {
  Tensor S(2, 5);
  const float row0[] = {1e4f, -1e4f, 0.f, 1e4f, 5.f};
  const float row1[] = {-1e4f, -1e4f, -1e4f, -1e4f, -1e4f};
  for (int j = 0; j < 5; ++j) { S(0, j) = row0[j]; S(1, j) = row1[j]; }
  kernels::softmax_rows(S.view());
  for (std::size_t i = 0; i < S.size(); ++i) EXPECT_TRUE(std::isfinite(S.data()[i]));
  EXPECT_NEAR(S(0, 0), 0.5f, 1e-6f);
  EXPECT_NEAR(S(0, 3), 0.5f, 1e-6f);
  EXPECT_EQ(S(0, 1), 0.f);
  for (int j = 0; j < 5; ++j) EXPECT_NEAR(S(1, j), 0.2f, 1e-6f);
}

TEST(CausalMask, MasksAboveTheShiftedDiagonal) {
  Tensor S(3, 5);
  kernels::causal_mask(S.view(), 2);  // query i sees keys j <= i + 2
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 5; ++j)
      EXPECT_EQ(std::isinf(S(i, j)), j > i + 2) << i << "," << j;
}

}  // namespace lml

namespace lml {
TEST(Softmax, FiniteAtTheEdgesOfFloat32) {
  Tensor S(2, 3);
  const float r0[] = {3e38f, 3e38f, 3e38f}, r1[] = {-3e38f, 3e38f, 0.f};
  for (int j = 0; j < 3; ++j) { S(0, j) = r0[j]; S(1, j) = r1[j]; }
  kernels::softmax_rows(S.view());
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(S(0, j), 1.f / 3.f, 1e-6f);
  EXPECT_EQ(S(1, 0), 0.f);
  EXPECT_EQ(S(1, 1), 1.f);
  EXPECT_EQ(S(1, 2), 0.f);
}
}  // namespace lml
