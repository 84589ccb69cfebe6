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
  std::vector<float> packed;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// C[m, n] (+)= A[m, k] · packed (panels of NR columns, as kernels::pack_*): the core's kernel.
// B row-major [k, n] is read where it lies when kernels::prefer_inplace(n) says so.
void gemm(const float* A, std::size_t lda, const float* packed, float* C, std::size_t m, std::size_t k, std::size_t n,
          bool acc) {
  kernels::gemm_packed(ConstView{A, m, k, lda}, packed, View{C, m, n, n}, 1.f, acc);
}

float* packed_buffer(std::size_t k, std::size_t n) {
  auto& p = scratch().packed;
  const std::size_t need = panels(n) * k * NR;
  if (p.size() < need) p.resize(need);
  return p.data();
}

}  // namespace

void mm_nn(const float* A, const float* B, float* C, std::size_t m, std::size_t k, std::size_t n, bool acc) {
  if (kernels::prefer_inplace(n))
    return kernels::gemm_inplace(ConstView{A, m, k, k}, ConstView{B, k, n, n}, View{C, m, n, n}, 1.f, acc);
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
  if (kernels::prefer_inplace(n))
    return kernels::gemm_inplace_tn(ConstView{A, k, m, m}, ConstView{B, k, n, n}, View{C, m, n, n}, 1.f, acc);
  float* pk = packed_buffer(k, n);
  kernels::pack_nn(ConstView{B, k, n, n}, pk);
  kernels::gemm_packed_tn(ConstView{A, k, m, m}, pk, View{C, m, n, n}, 1.f, acc);
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
