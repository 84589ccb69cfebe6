// Matrix products used by attention, multi-head projections and the backbone.
//   matmul_nt: C[m, n] = alpha * A[m, k] · B[n, k]ᵀ     (Q·Kᵀ)
//   matmul_nn: C[m, n] = alpha * A[m, k] · B[k, n]      (P·V, X·W)
// Both pack B into k × NR column panels and run an MR × NR register-tile
// micro-kernel whose size follows the instruction set (simd::W lanes):
//   4 lanes (WebAssembly SIMD, SSE2, the scalar build): NR = 4 vectors = 16
//     columns, MR = 2 rows: 8 accumulators, which fit the ~15 usable xmm
//     registers of V8 without spills. The relaxed build keeps this tile: with
//     f32x4.relaxed_madd, 3 × 16, 4 × 16, 4 × 8, 5 × 8 and 6 × 8 were measured
//     no faster in node 20 and Chromium 156 (README, the trainer paragraph);
//   8 lanes (native AVX2 + FMA): NR = 2 vectors = 16 columns, MR = 6 rows:
//     12 ymm accumulators, 2 panel loads and 6 broadcasts per 12 fused
//     multiply-adds, so the loop is bound by FMA throughput, not by loads.
// The tile, the packing and the packed products neither throw nor allocate and are
// declared noexcept. That matters in WebAssembly: the core is built with
// -fexceptions (JavaScript-based exception handling), and a call that may throw
// from a function with a destructor in scope goes through an invoke_* trampoline
// in JavaScript; tiled attention calls the tile hundreds of thousands of times.
// Naive references: kernels/reference.hpp.
#pragma once
#include <cstddef>

#include "../simd.hpp"
#include "../tensor.hpp"

namespace lml::kernels {

inline constexpr std::size_t NV = simd::W >= 8 ? 2 : 4;  // vectors per panel row
inline constexpr std::size_t NR = NV * simd::W;             // columns per packed panel
inline constexpr std::size_t MR = simd::W >= 8 ? 6 : 2;     // rows per register tile

// c_r[0, NR) = (accumulate ? c_r : 0) + sum_p a_r[p] * b[p*ldb + (0..NR)], r = 0, 1
// (the 2-row tile on its own: the course's kernel-bench widget quotes it)
void micro_2xNR(const float* a0, const float* a1, const float* b, std::size_t ldb, std::size_t k,
                float* c0, float* c1, bool accumulate) noexcept;
// The same for r < rows, 1 <= rows <= MR: the register tile the packed GEMM uses, with
// fewer rows at a remainder (attention's blocks of query rows call it directly).
void micro_rows(const float* const* a, const float* b, std::size_t ldb, std::size_t k, float* const* c,
                std::size_t rows, bool accumulate) noexcept;

// Packs B so that panel p holds, for every p-index c in [0, k), NR consecutive
// floats of the output columns p*NR .. p*NR+NR (zero-padded).
//   nt: B is [n, k] (rows are output columns)   nn: B is [k, n]
// dst must hold panels(n) * k * NR floats.
inline std::size_t panels(std::size_t n) { return (n + NR - 1) / NR; }
void pack_nt(ConstView B, float* dst) noexcept;
void pack_nn(ConstView B, float* dst) noexcept;

// C = alpha * A · packed, where packed came from pack_nt/pack_nn with n = C.cols.
// accumulate: C += alpha * A · packed instead (the trainer's gradient sums).
void gemm_packed(ConstView A, const float* packed, View C, float alpha, bool accumulate = false) noexcept;
// The same with A given transposed: C = alpha * Atᵀ · packed, At is [k, m] (the
// trainer's weight gradients dW = Xᵀ·dY read X [rows, d] as it is stored).
void gemm_packed_tn(ConstView At, const float* packed, View C, float alpha, bool accumulate = false) noexcept;

// The same two products with B row-major [k, n] read where it lies, no packing: its
// panels are NR-column strips of B's rows. n must be a multiple of NR (checked).
// The sums run in the packed form's order, so the results are bit for bit the same.
void gemm_inplace(ConstView A, ConstView B, View C, float alpha, bool accumulate = false);
void gemm_inplace_tn(ConstView At, ConstView B, View C, float alpha, bool accumulate = false);
// Whether a caller should read a B of n columns in place rather than pack it: natively
// (8 lanes) when n is a multiple of NR; the 4-lane wasm builds pack, which measured
// faster with their 2-row tile and panel-outer order.
inline bool prefer_inplace(std::size_t n) { return simd::W >= 8 && n % NR == 0; }

void matmul_nt(ConstView A, ConstView B, View C, float alpha = 1.f);
void matmul_nn(ConstView A, ConstView B, View C, float alpha = 1.f);

}  // namespace lml::kernels
