// Matrix products used by attention, multi-head projections and the backbone.
//   matmul_nt: C[m, n] = alpha * A[m, k] · B[n, k]ᵀ     (Q·Kᵀ)
//   matmul_nn: C[m, n] = alpha * A[m, k] · B[k, n]      (P·V, X·W)
// Both pack B into k × NR column panels (NR = 4 vectors) and run one 2 × NR
// register-tile micro-kernel (8 accumulators: fits the ~15 usable xmm
// registers of V8 without spills). Naive references: kernels/reference.hpp.
#pragma once
#include <cstddef>

#include "../simd.hpp"
#include "../tensor.hpp"

namespace lml::kernels {

inline constexpr std::size_t NR = 4 * simd::W;  // columns per packed panel

// c_r[0, NR) = (accumulate ? c_r : 0) + sum_p a_r[p] * b[p*ldb + (0..NR)], r = 0, 1
void micro_2xNR(const float* a0, const float* a1, const float* b, std::size_t ldb, std::size_t k,
                float* c0, float* c1, bool accumulate);

// Packs B so that panel p holds, for every p-index c in [0, k), NR consecutive
// floats of the output columns p*NR .. p*NR+NR (zero-padded).
//   nt: B is [n, k] (rows are output columns)   nn: B is [k, n]
// dst must hold panels(n) * k * NR floats.
inline std::size_t panels(std::size_t n) { return (n + NR - 1) / NR; }
void pack_nt(ConstView B, float* dst);
void pack_nn(ConstView B, float* dst);

// C = alpha * A · packed, where packed came from pack_nt/pack_nn with n = C.cols.
// accumulate: C += alpha * A · packed instead (the trainer's gradient sums).
void gemm_packed(ConstView A, const float* packed, View C, float alpha, bool accumulate = false);

void matmul_nt(ConstView A, ConstView B, View C, float alpha = 1.f);
void matmul_nn(ConstView A, ConstView B, View C, float alpha = 1.f);

}  // namespace lml::kernels
