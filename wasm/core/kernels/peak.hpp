// Throughput probes: the ceilings our kernels are measured against.
//   peak_mul_add  8 independent chains x = x * a + b (separate mul and add).
//                 Each chain waits for its own mul then add, so on a core with
//                 two vector FP pipes this probe is latency-bound: a real kernel
//                 can beat it. Kept for comparison; not a ceiling.
//   peak_acc      the shape of the GEMM micro-kernel without its B loads:
//                 10 accumulators acc_k += s · b_k, s a fresh broadcast scalar
//                 each step and b_k read from a small L1-resident buffer. The
//                 multiply is off every accumulator's dependency chain and 10
//                 chains cover the add (or FMA) latency of two pipes, so the
//                 probe is throughput-bound. fused = false: separate mul and add;
//                 fused = true: simd::madd (f32x4.relaxed_madd in the
//                 wasm-relaxed build, mul + add in the others).
//   peak_chains   12 independent chains x = x * a + b (fused: simd::madd):
//                 more chains than peak_mul_add, in as many registers as V8 keeps.
//   peak_tile     not a ceiling: the tiled attention's own inner loops on one
//                 block of 16 query rows and one tile of 256 keys (d = 64), with
//                 every operand resident in cache (the same 80 KB each call):
//                 pv = false: S[16, 256] = Qb[16, 64] · Kpackedᵀ (the Q·Kᵀ phase);
//                 pv = true:  O[16, 64] += P[16, 256] · V[256, 64] (the P·V phase).
//                 Against the same phases inside a call (suite phases) it says how
//                 much the register tile itself loses and how much the call around it.
// No single probe is the ceiling on every CPU and engine; the benchmark takes
// the fastest of them (each is a lower bound on the machine's peak) and checks
// that it is not below what the attention kernel reaches.
// flops: peak_mul_add = iterations · 8 vectors · W lanes · 2,
//        peak_acc     = iterations · 10 vectors · W lanes · 2,
//        peak_chains  = iterations · 12 vectors · W lanes · 2,
//        peak_tile    = iterations · 2 · 16 · 256 · 64 (either phase).
#pragma once
#include <cstddef>

namespace lml::kernels {

float peak_mul_add(std::size_t iterations);
double peak_flops(std::size_t iterations);  // the flop count of one peak_mul_add call

float peak_acc(std::size_t iterations, bool fused);
double peak_acc_flops(std::size_t iterations);

float peak_chains(std::size_t iterations, bool fused);
double peak_chains_flops(std::size_t iterations);

float peak_tile(std::size_t iterations, bool pv);
double peak_tile_flops(std::size_t iterations);

}  // namespace lml::kernels
