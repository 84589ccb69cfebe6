#include "linalg.hpp"

#include <algorithm>
#include <vector>

#include "core/kernels/gemm.hpp"

namespace lml::train {
using kernels::NR;
using kernels::panels;

namespace {

// Scratch reused by every call on a thread (the trainer's threads each own one).
struct Scratch {
  std::vector<float> packed, transposed;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// C[m, n] (+)= A[m, k] · packed (panels of NR columns, as kernels::pack_*).
void gemm(const float* A, std::size_t lda, const float* packed, float* C, std::size_t m, std::size_t k, std::size_t n,
          bool acc) {
  alignas(64) float t0[NR], t1[NR];
  for (std::size_t p = 0; p < panels(n); ++p) {
    const float* panel = packed + p * k * NR;
    const std::size_t j0 = p * NR, w = std::min(NR, n - j0);
    for (std::size_t i = 0; i < m; i += 2) {
      const bool pair = i + 1 < m;
      kernels::micro_2xNR(A + i * lda, A + (pair ? i + 1 : i) * lda, panel, NR, k, t0, t1, false);
      float* c0 = C + i * n + j0;
      float* c1 = C + (i + 1) * n + j0;
      if (acc) {
        for (std::size_t jj = 0; jj < w; ++jj) c0[jj] += t0[jj];
        if (pair)
          for (std::size_t jj = 0; jj < w; ++jj) c1[jj] += t1[jj];
      } else {
        std::copy(t0, t0 + w, c0);
        if (pair) std::copy(t1, t1 + w, c1);
      }
    }
  }
}

float* packed_buffer(std::size_t k, std::size_t n) {
  auto& p = scratch().packed;
  const std::size_t need = panels(n) * k * NR;
  if (p.size() < need) p.resize(need);
  return p.data();
}

}  // namespace

void mm_nn(const float* A, const float* B, float* C, std::size_t m, std::size_t k, std::size_t n, bool acc) {
  float* pk = packed_buffer(k, n);
  kernels::pack_nn(ConstView{B, k, n, n}, pk);
  gemm(A, k, pk, C, m, k, n, acc);
}

void mm_nt(const float* A, const float* B, float* C, std::size_t m, std::size_t k, std::size_t n, bool acc) {
  float* pk = packed_buffer(k, n);
  kernels::pack_nt(ConstView{B, n, k, k}, pk);
  gemm(A, k, pk, C, m, k, n, acc);
}

void mm_tn(const float* A, const float* B, float* C, std::size_t m, std::size_t k, std::size_t n, bool acc) {
  auto& t = scratch().transposed;
  if (t.size() < m * k) t.resize(m * k);
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t i = 0; i < m; ++i) t[i * k + p] = A[p * m + i];
  float* pk = packed_buffer(k, n);
  kernels::pack_nn(ConstView{B, k, n, n}, pk);
  gemm(t.data(), k, pk, C, m, k, n, acc);
}

void mm_nn(const double* A, const double* B, double* C, std::size_t m, std::size_t k, std::size_t n, bool acc) {
  if (!acc) std::fill(C, C + m * n, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t p = 0; p < k; ++p) {
      const double a = A[i * k + p];
      for (std::size_t j = 0; j < n; ++j) C[i * n + j] += a * B[p * n + j];
    }
}

void mm_nt(const double* A, const double* B, double* C, std::size_t m, std::size_t k, std::size_t n, bool acc) {
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double s = 0;
      for (std::size_t p = 0; p < k; ++p) s += A[i * k + p] * B[j * k + p];
      C[i * n + j] = acc ? C[i * n + j] + s : s;
    }
}

void mm_tn(const double* A, const double* B, double* C, std::size_t m, std::size_t k, std::size_t n, bool acc) {
  if (!acc) std::fill(C, C + m * n, 0.0);
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t i = 0; i < m; ++i) {
      const double a = A[p * m + i];
      for (std::size_t j = 0; j < n; ++j) C[i * n + j] += a * B[p * n + j];
    }
}

}  // namespace lml::train
