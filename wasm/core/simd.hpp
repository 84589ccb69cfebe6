// The one place that picks the SIMD architecture for every kernel.
//   LML_SCALAR undefined: xsimd's best architecture for the target
//                         (wasm under em++ -msimd128, sse2/avx natively)
//   LML_SCALAR defined:   xsimd::emulated<128>, the same 4-lane code as plain
//                         scalar loops (the wasm-scalar build: no SIMD opcodes)
//   __wasm_relaxed_simd__:  the wasm-relaxed build (-mrelaxed-simd); madd() below
//                         becomes f32x4.relaxed_madd (one rounding where the
//                         engine fuses it, two where it does not)
#pragma once
#if defined(LML_SCALAR) && !defined(XSIMD_WITH_EMULATED)
#define XSIMD_WITH_EMULATED 1
#endif
#include <xsimd/xsimd.hpp>
#if defined(__wasm_relaxed_simd__) && !defined(LML_SCALAR)
#include <wasm_simd128.h>
#endif

static_assert(XSIMD_VERSION_MAJOR >= 11,
              "xsimd >= 11 is required (Debian 12's 8.1 has no wasm arch): run scripts/setup.sh");

namespace lml::simd {

#if defined(LML_SCALAR)
using arch = xsimd::emulated<128>;
#else
using arch = xsimd::default_arch;
#endif
using vf = xsimd::batch<float, arch>;
using vi = xsimd::batch<std::int32_t, arch>;
inline constexpr std::size_t W = vf::size;  // lanes per vector
inline const char* arch_name() { return arch::name(); }

// x * y + z for the hot loops (GEMM micro-kernel, exp polynomial).
//   wasm-relaxed: f32x4.relaxed_madd — clang never fuses x*y+z by itself and
//                 xsimd's wasm fma is a separate mul and add.
//   otherwise:    xsimd::fma (fused on native x86-64-v3; mul + add on base wasm SIMD).
inline vf madd(vf x, vf y, vf z) {
#if defined(__wasm_relaxed_simd__) && !defined(LML_SCALAR)
  return vf(wasm_f32x4_relaxed_madd(x.data, y.data, z.data));
#else
  return xsimd::fma(x, y, z);
#endif
}
// Whether madd() is a relaxed-SIMD instruction in this build.
#if defined(__wasm_relaxed_simd__) && !defined(LML_SCALAR)
inline constexpr bool kRelaxedMadd = true;
#else
inline constexpr bool kRelaxedMadd = false;
#endif

}  // namespace lml::simd
