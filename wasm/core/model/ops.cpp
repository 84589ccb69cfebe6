#include "ops.hpp"

#include <cmath>

#include "../kernels/exp.hpp"
#include "../simd.hpp"

namespace lml::kernels {
using simd::vf;
using simd::W;

void layer_norm(ConstView X, const float* gamma, const float* beta, View Y, float eps) {
  if (!(X.rows == Y.rows && X.cols == Y.cols)) fail("layer_norm: input ", shape_str(X.rows, X.cols),
          " and output ", shape_str(Y.rows, Y.cols), " differ");
  const std::size_t d = X.cols, nv = d - d % W;
  const float inv_d = 1.f / float(d);
  for (std::size_t i = 0; i < X.rows; ++i) {
    const float* x = X.row(i);
    float* y = Y.row(i);
    vf vs(0.f);
    std::size_t c = 0;
    for (; c < nv; c += W) vs += vf::load_unaligned(x + c);
    float sum = xsimd::reduce_add(vs);
    for (; c < d; ++c) sum += x[c];
    const float mean = sum * inv_d;
    const vf vm(mean);
    vf vq(0.f);
    for (c = 0; c < nv; c += W) {
      const vf t = vf::load_unaligned(x + c) - vm;
      vq = xsimd::fma(t, t, vq);
    }
    float sq = xsimd::reduce_add(vq);
    for (; c < d; ++c) sq += (x[c] - mean) * (x[c] - mean);
    const float rstd = 1.f / std::sqrt(sq * inv_d + eps);
    const vf vr(rstd);
    for (c = 0; c < nv; c += W) {
      const vf t = (vf::load_unaligned(x + c) - vm) * vr;
      xsimd::fma(t, vf::load_unaligned(gamma + c), vf::load_unaligned(beta + c)).store_unaligned(y + c);
    }
    for (; c < d; ++c) y[c] = (x[c] - mean) * rstd * gamma[c] + beta[c];
  }
}

// gelu(x) = 0.5·x·(1 + tanh(u)) = x / (1 + e^(−2u)),  u = √(2/π)·(x + 0.044715·x³)
// e^(−2u) = 2^(−2u·log2 e); exp2_v clamps at 2^127, so large negative x gives x/2^127 ≈ 0.
void gelu_inplace(View X) {
  constexpr float kC = 0.7978845608028654f;              // √(2/π)
  constexpr float kM = -2.f * kC * 1.4426950408889634f;  // −2·√(2/π)·log2 e
  const Exp2Consts k;
  const vf a(0.044715f), m(kM), one(1.f);
  const std::size_t nv = X.cols - X.cols % W;
  for (std::size_t i = 0; i < X.rows; ++i) {
    float* x = X.row(i);
    std::size_t c = 0;
    for (; c < nv; c += W) {
      const vf v = vf::load_unaligned(x + c);
      const vf inner = xsimd::fma(a * v, v * v, v);  // x + 0.044715·x³
      const vf e = exp2_v(inner * m, k);
      (v / (one + e)).store_unaligned(x + c);
    }
    for (; c < X.cols; ++c) {
      const float v = x[c];
      x[c] = v / (1.f + exp2_s((v + 0.044715f * v * v * v) * kM));
    }
  }
}

void add_inplace(View Y, ConstView X) {
  if (!(X.rows == Y.rows && X.cols == Y.cols)) fail("add: ", shape_str(Y.rows, Y.cols), " += ",
          shape_str(X.rows, X.cols), " needs equal shapes");
  const std::size_t nv = X.cols - X.cols % W;
  for (std::size_t i = 0; i < X.rows; ++i) {
    float* y = Y.row(i);
    const float* x = X.row(i);
    std::size_t c = 0;
    for (; c < nv; c += W) (vf::load_unaligned(y + c) + vf::load_unaligned(x + c)).store_unaligned(y + c);
    for (; c < X.cols; ++c) y[c] += x[c];
  }
}

void add_row_inplace(View Y, const float* b) {
  const std::size_t nv = Y.cols - Y.cols % W;
  for (std::size_t i = 0; i < Y.rows; ++i) {
    float* y = Y.row(i);
    std::size_t c = 0;
    for (; c < nv; c += W) (vf::load_unaligned(y + c) + vf::load_unaligned(b + c)).store_unaligned(y + c);
    for (; c < Y.cols; ++c) y[c] += b[c];
  }
}

}  // namespace lml::kernels

namespace lml::reference {

void layer_norm(ConstView X, const float* gamma, const float* beta, View Y, float eps) {
  require(X.rows == Y.rows && X.cols == Y.cols, "reference::layer_norm: shapes differ");
  for (std::size_t i = 0; i < X.rows; ++i) {
    double mean = 0, var = 0;
    for (std::size_t c = 0; c < X.cols; ++c) mean += X(i, c);
    mean /= double(X.cols);
    for (std::size_t c = 0; c < X.cols; ++c) var += (X(i, c) - mean) * (X(i, c) - mean);
    var /= double(X.cols);
    const double rstd = 1.0 / std::sqrt(var + eps);
    for (std::size_t c = 0; c < X.cols; ++c) Y(i, c) = float((X(i, c) - mean) * rstd * gamma[c] + beta[c]);
  }
}

void gelu_inplace(View X) {
  const double k = std::sqrt(2.0 / 3.14159265358979323846);
  for (std::size_t i = 0; i < X.rows; ++i)
    for (std::size_t c = 0; c < X.cols; ++c) {
      const double x = X(i, c);
      X(i, c) = float(0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x))));
    }
}

void add_inplace(View Y, ConstView X) {
  require(X.rows == Y.rows && X.cols == Y.cols, "reference::add: shapes differ");
  for (std::size_t i = 0; i < X.rows; ++i)
    for (std::size_t c = 0; c < X.cols; ++c) Y(i, c) += X(i, c);
}

void add_row_inplace(View Y, const float* b) {
  for (std::size_t i = 0; i < Y.rows; ++i)
    for (std::size_t c = 0; c < Y.cols; ++c) Y(i, c) += b[c];
}

}  // namespace lml::reference
