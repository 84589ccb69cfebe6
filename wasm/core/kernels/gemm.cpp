#include "gemm.hpp"

#include <algorithm>
#include <cstring>

namespace lml::kernels {
using simd::vf;
using simd::W;

void micro_2xNR(const float* a0, const float* a1, const float* b, std::size_t ldb, std::size_t k,
                float* c0, float* c1, bool accumulate) {
  vf x00, x01, x02, x03, x10, x11, x12, x13;
  if (accumulate) {
    x00 = vf::load_unaligned(c0); x01 = vf::load_unaligned(c0 + W);
    x02 = vf::load_unaligned(c0 + 2 * W); x03 = vf::load_unaligned(c0 + 3 * W);
    x10 = vf::load_unaligned(c1); x11 = vf::load_unaligned(c1 + W);
    x12 = vf::load_unaligned(c1 + 2 * W); x13 = vf::load_unaligned(c1 + 3 * W);
  } else {
    x00 = x01 = x02 = x03 = x10 = x11 = x12 = x13 = vf(0.f);
  }
  for (std::size_t p = 0; p < k; ++p) {
    const float* bp = b + p * ldb;
    const vf b0 = vf::load_unaligned(bp), b1 = vf::load_unaligned(bp + W);
    const vf b2 = vf::load_unaligned(bp + 2 * W), b3 = vf::load_unaligned(bp + 3 * W);
    const vf s0(a0[p]), s1(a1[p]);
    x00 = simd::madd(s0, b0, x00); x01 = simd::madd(s0, b1, x01);
    x02 = simd::madd(s0, b2, x02); x03 = simd::madd(s0, b3, x03);
    x10 = simd::madd(s1, b0, x10); x11 = simd::madd(s1, b1, x11);
    x12 = simd::madd(s1, b2, x12); x13 = simd::madd(s1, b3, x13);
  }
  x00.store_unaligned(c0); x01.store_unaligned(c0 + W);
  x02.store_unaligned(c0 + 2 * W); x03.store_unaligned(c0 + 3 * W);
  x10.store_unaligned(c1); x11.store_unaligned(c1 + W);
  x12.store_unaligned(c1 + 2 * W); x13.store_unaligned(c1 + 3 * W);
}

void pack_nt(ConstView B, float* dst) {
  const std::size_t n = B.rows, k = B.cols;
  for (std::size_t p = 0; p < panels(n); ++p) {
    float* panel = dst + p * k * NR;
    for (std::size_t jj = 0; jj < NR; ++jj) {
      const std::size_t j = p * NR + jj;
      if (j < n) {
        const float* row = B.row(j);
        for (std::size_t c = 0; c < k; ++c) panel[c * NR + jj] = row[c];
      } else {
        for (std::size_t c = 0; c < k; ++c) panel[c * NR + jj] = 0.f;
      }
    }
  }
}

void pack_nn(ConstView B, float* dst) {
  const std::size_t k = B.rows, n = B.cols;
  for (std::size_t p = 0; p < panels(n); ++p) {
    float* panel = dst + p * k * NR;
    const std::size_t j0 = p * NR, w = std::min(NR, n - j0);
    for (std::size_t c = 0; c < k; ++c) {
      std::memcpy(panel + c * NR, B.row(c) + j0, w * sizeof(float));
      std::fill(panel + c * NR + w, panel + (c + 1) * NR, 0.f);
    }
  }
}

void gemm_packed(ConstView A, const float* packed, View C, float alpha, bool accumulate) {
  const std::size_t m = A.rows, k = A.cols, n = C.cols;
  alignas(64) float t0[NR], t1[NR];
  for (std::size_t p = 0; p < panels(n); ++p) {
    const float* panel = packed + p * k * NR;
    const std::size_t j0 = p * NR, w = std::min(NR, n - j0);
    for (std::size_t i = 0; i < m; i += 2) {
      const bool pair = i + 1 < m;
      micro_2xNR(A.row(i), A.row(pair ? i + 1 : i), panel, NR, k, t0, t1, false);
      float* c0 = C.row(i) + j0;
      for (std::size_t jj = 0; jj < w; ++jj) c0[jj] = (accumulate ? c0[jj] : 0.f) + alpha * t0[jj];
      if (pair) {
        float* c1 = C.row(i + 1) + j0;
        for (std::size_t jj = 0; jj < w; ++jj) c1[jj] = (accumulate ? c1[jj] : 0.f) + alpha * t1[jj];
      }
    }
  }
}

static void require_out(ConstView A, std::size_t n, View C, const char* op) {
  require(C.rows == A.rows && C.cols == n, op, ": output must be ", shape_str(A.rows, n),
          ", got ", shape_str(C.rows, C.cols));
}

void matmul_nt(ConstView A, ConstView B, View C, float alpha) {
  require(A.cols == B.cols, "matmul_nt: A is ", shape_str(A.rows, A.cols), " and B is ",
          shape_str(B.rows, B.cols), "; A·Bᵀ needs equal column counts");
  require_out(A, B.rows, C, "matmul_nt");
  AlignedBuffer packed(panels(B.rows) * B.cols * NR);
  pack_nt(B, packed.data());
  gemm_packed(A, packed.data(), C, alpha);
}

void matmul_nn(ConstView A, ConstView B, View C, float alpha) {
  require(A.cols == B.rows, "matmul_nn: A is ", shape_str(A.rows, A.cols), " and B is ",
          shape_str(B.rows, B.cols), "; A·B needs A's columns = B's rows");
  require_out(A, B.cols, C, "matmul_nn");
  AlignedBuffer packed(panels(B.cols) * B.rows * NR);
  pack_nn(B, packed.data());
  gemm_packed(A, packed.data(), C, alpha);
}

}  // namespace lml::kernels
