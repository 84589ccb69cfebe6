#include "softmax.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "exp.hpp"

namespace lml::kernels {
using simd::vf;
using simd::W;

float exp2_s(float x) {
  if (x < -126.f) return 0.f;
  x = std::min(x, 127.f);
  const float n = std::nearbyint(x), f = x - n;
  float p = 0.00015403530393381609f;
  p = p * f + 0.0013333558146428443f;
  p = p * f + 0.009618129107628477f;
  p = p * f + 0.05550410866482158f;
  p = p * f + 0.2402265069591007f;
  p = p * f + 0.6931471805599453f;
  p = p * f + 1.f;
  const std::int32_t bits = (std::int32_t(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

void softmax_rows(View S) noexcept {
  constexpr float kLog2e = 1.4426950408889634f;
  const Exp2Consts k;
  const vf log2e(kLog2e);
  const std::size_t n = S.cols, nv = n - n % W;
  for (std::size_t i = 0; i < S.rows; ++i) {
    float* row = S.row(i);
    vf vmax(-std::numeric_limits<float>::infinity());
    std::size_t j = 0;
    for (; j < nv; j += W) vmax = xsimd::max(vmax, vf::load_unaligned(row + j));
    float mx = xsimd::reduce_max(vmax);
    for (; j < n; ++j) mx = std::max(mx, row[j]);
    if (mx == -std::numeric_limits<float>::infinity()) {
      std::fill(row, row + n, 0.f);
      continue;
    }
    // (x − max) first, then · log2 e: x · log2 e alone overflows for |x| > 2.3e38.
    const vf vm(mx);
    vf vsum(0.f);
    for (j = 0; j < nv; j += W) {
      const vf e = exp2_v((vf::load_unaligned(row + j) - vm) * log2e, k);
      e.store_unaligned(row + j);
      vsum += e;
    }
    float sum = xsimd::reduce_add(vsum);
    for (; j < n; ++j) sum += (row[j] = exp2_s((row[j] - mx) * kLog2e));
    const vf inv(1.f / sum);
    for (j = 0; j < nv; j += W) (vf::load_unaligned(row + j) * inv).store_unaligned(row + j);
    for (; j < n; ++j) row[j] /= sum;
  }
}

void scale_inplace(View S, float alpha) noexcept {
  const vf a(alpha);
  const std::size_t nv = S.cols - S.cols % W;
  for (std::size_t i = 0; i < S.rows; ++i) {
    float* row = S.row(i);
    std::size_t j = 0;
    for (; j < nv; j += W) (vf::load_unaligned(row + j) * a).store_unaligned(row + j);
    for (; j < S.cols; ++j) row[j] *= alpha;
  }
}

void causal_mask(View S, std::ptrdiff_t offset) noexcept {
  const float ninf = -std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < S.rows; ++i) {
    const std::ptrdiff_t first = std::ptrdiff_t(i) + offset + 1;  // first masked column
    if (first < 0) {
      std::fill(S.row(i), S.row(i) + S.cols, ninf);
    } else if (std::size_t(first) < S.cols) {
      std::fill(S.row(i) + first, S.row(i) + S.cols, ninf);
    }
  }
}

void exp2_inplace(View S) noexcept {
  const Exp2Consts k;
  const std::size_t nv = S.cols - S.cols % W;
  for (std::size_t i = 0; i < S.rows; ++i) {
    float* row = S.row(i);
    std::size_t j = 0;
    for (; j < nv; j += W) exp2_v(vf::load_unaligned(row + j), k).store_unaligned(row + j);
    for (; j < S.cols; ++j) row[j] = exp2_s(row[j]);
  }
}

}  // namespace lml::kernels
