// Dense products of the trainer on raw row-major buffers, in float (xsimd
// packed micro-kernel of kernels/gemm.hpp) and in double (plain loops: the
// reference the gradient checks run on).
//   mm_nn:  C[m, n] (+)= A[m, k] · B[k, n]      forward  Y = X·W
//   mm_nt:  C[m, n] (+)= A[m, k] · B[n, k]ᵀ     backward dX = dY·Wᵀ
//   mm_tn:  C[m, n] (+)= A[k, m]ᵀ · B[k, n]     backward dW = Xᵀ·dY
// acc = true adds into C, false overwrites it.
#pragma once
#include <cstddef>

namespace lml::train {

void mm_nn(const float* A, const float* B, float* C, std::size_t m, std::size_t k, std::size_t n, bool acc);
void mm_nt(const float* A, const float* B, float* C, std::size_t m, std::size_t k, std::size_t n, bool acc);
void mm_tn(const float* A, const float* B, float* C, std::size_t m, std::size_t k, std::size_t n, bool acc);

void mm_nn(const double* A, const double* B, double* C, std::size_t m, std::size_t k, std::size_t n, bool acc);
void mm_nt(const double* A, const double* B, double* C, std::size_t m, std::size_t k, std::size_t n, bool acc);
void mm_tn(const double* A, const double* B, double* C, std::size_t m, std::size_t k, std::size_t n, bool acc);

}  // namespace lml::train
