#include "peak.hpp"

#include <algorithm>

#include "../simd.hpp"
#include "../tensor.hpp"
#include "gemm.hpp"

namespace lml::kernels {
using simd::vf;

float peak_mul_add(std::size_t iterations) {
  const vf a(0.999999f), b(1e-7f);
  vf x0(1.f), x1(1.1f), x2(1.2f), x3(1.3f), x4(1.4f), x5(1.5f), x6(1.6f), x7(1.7f);
  for (std::size_t i = 0; i < iterations; ++i) {
    x0 = x0 * a + b; x1 = x1 * a + b; x2 = x2 * a + b; x3 = x3 * a + b;
    x4 = x4 * a + b; x5 = x5 * a + b; x6 = x6 * a + b; x7 = x7 * a + b;
  }
  return xsimd::reduce_add(((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)));
}

double peak_flops(std::size_t iterations) { return double(iterations) * 8.0 * double(simd::W) * 2.0; }

}  // namespace lml::kernels

namespace lml::kernels {
namespace {
constexpr std::size_t kAcc = 10;

template <bool Fused>
float peak_acc_impl(std::size_t iterations) {
  // Eight sets of b vectors, one per step in turn (with one or two sets the
  // compiler keeps them all in registers, and V8 then spills), and 16 scalars
  // to broadcast: 1.3 KB, all in L1.
  constexpr std::size_t kSets = 8;
  alignas(64) float b[kSets * kAcc * simd::W];
  alignas(64) float s[16];
  for (std::size_t i = 0; i < kSets * kAcc * simd::W; ++i) b[i] = 1e-3f * float(i % 7 + 1);
  for (std::size_t i = 0; i < 16; ++i) s[i] = 0.5f + 0.03f * float(i);
  vf a0(0.f), a1(0.f), a2(0.f), a3(0.f), a4(0.f), a5(0.f), a6(0.f), a7(0.f), a8(0.f), a9(0.f);
  for (std::size_t i = 0; i < iterations; ++i) {
    const vf x(s[i & 15]);
    const float* bp = b + (i & (kSets - 1)) * kAcc * simd::W;
    auto step = [&](vf& acc, std::size_t k) {
      const vf y = vf::load_aligned(bp + k * simd::W);
      if constexpr (Fused) acc = simd::madd(x, y, acc);
      else acc = acc + x * y;
    };
    step(a0, 0); step(a1, 1); step(a2, 2); step(a3, 3); step(a4, 4);
    step(a5, 5); step(a6, 6); step(a7, 7); step(a8, 8); step(a9, 9);
  }
  return xsimd::reduce_add((((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))) + (a8 + a9));
}
}  // namespace

template <bool Fused>
float peak_chains_impl(std::size_t iterations) {
  const vf a(0.999999f), b(1e-7f);
  vf x0(1.f), x1(1.1f), x2(1.2f), x3(1.3f), x4(1.4f), x5(1.5f), x6(1.6f), x7(1.7f), x8(1.8f), x9(1.9f),
      x10(2.f), x11(2.1f);
  auto step = [&](vf& x) {
    if constexpr (Fused) x = simd::madd(x, a, b);
    else x = x * a + b;
  };
  for (std::size_t i = 0; i < iterations; ++i) {
    step(x0); step(x1); step(x2); step(x3); step(x4); step(x5);
    step(x6); step(x7); step(x8); step(x9); step(x10); step(x11);
  }
  return xsimd::reduce_add((((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7))) + ((x8 + x9) + (x10 + x11)));
}

float peak_chains(std::size_t iterations, bool fused) {
  return fused ? peak_chains_impl<true>(iterations) : peak_chains_impl<false>(iterations);
}

double peak_chains_flops(std::size_t iterations) { return double(iterations) * 12.0 * double(simd::W) * 2.0; }

float peak_acc(std::size_t iterations, bool fused) {
  return fused ? peak_acc_impl<true>(iterations) : peak_acc_impl<false>(iterations);
}

double peak_acc_flops(std::size_t iterations) { return double(iterations) * double(kAcc) * double(simd::W) * 2.0; }

namespace {
// The block and tile of attention_tiled_into (attention.cpp: MB, KB) at d = 64.
constexpr std::size_t kTileRows = 16, kTileKeys = 256, kTileD = 64;
}  // namespace

float peak_tile(std::size_t iterations, bool pv) {
  // Qb [16, 64], the tile's keys packed as the call packs them (16 panels of 64 × NR),
  // S / P [16, 256], V [256, 64] (read in place, as the call reads it), O [16, 64].
  static AlignedBuffer qb(kTileRows * kTileD), kpack(kTileKeys * kTileD), s(kTileRows * kTileKeys),
      v(kTileKeys * kTileD), o(kTileRows * kTileD);
  for (std::size_t i = 0; i < qb.size(); ++i) qb.data()[i] = 0.01f * float(i % 13);
  for (std::size_t i = 0; i < kpack.size(); ++i) kpack.data()[i] = 0.01f * float(i % 7);
  for (std::size_t i = 0; i < s.size(); ++i) s.data()[i] = 1.f / float(1 + i % 5);
  for (std::size_t i = 0; i < v.size(); ++i) v.data()[i] = 0.001f * float(i % 11);
  std::fill(o.data(), o.data() + o.size(), 0.f);
  const float* a[MR];
  float* c[MR];
  for (std::size_t it = 0; it < iterations; ++it) {
    if (!pv) {
      for (std::size_t p = 0; p < kTileKeys / NR; ++p)
        for (std::size_t r = 0; r < kTileRows; r += MR) {
          const std::size_t rows = std::min(MR, kTileRows - r);
          for (std::size_t t = 0; t < rows; ++t) a[t] = qb.data() + (r + t) * kTileD, c[t] = s.data() + (r + t) * kTileKeys + p * NR;
          micro_rows(a, kpack.data() + p * kTileD * NR, NR, kTileD, c, rows, false);
        }
    } else {
      for (std::size_t r = 0; r < kTileRows; r += MR)
        for (std::size_t c0 = 0; c0 < kTileD; c0 += NR) {
          const std::size_t rows = std::min(MR, kTileRows - r);
          for (std::size_t t = 0; t < rows; ++t) a[t] = s.data() + (r + t) * kTileKeys, c[t] = o.data() + (r + t) * kTileD + c0;
          micro_rows(a, v.data() + c0, kTileD, kTileKeys, c, rows, true);
        }
    }
  }
  return pv ? o.data()[kTileD + 1] : s.data()[kTileKeys + 1];
}

double peak_tile_flops(std::size_t iterations) {
  return double(iterations) * 2.0 * double(kTileRows * kTileKeys * kTileD);
}

}  // namespace lml::kernels
