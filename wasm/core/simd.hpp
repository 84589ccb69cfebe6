// The one place that picks the SIMD architecture for every kernel.
//   LML_SCALAR undefined: xsimd's best architecture for the target
//                         (wasm under em++ -msimd128, sse2/avx natively)
//   LML_SCALAR defined:   xsimd::emulated<128>, the same 4-lane code as plain
//                         scalar loops (the wasm-scalar build: no SIMD opcodes)
#pragma once
#if defined(LML_SCALAR) && !defined(XSIMD_WITH_EMULATED)
#define XSIMD_WITH_EMULATED 1
#endif
#include <xsimd/xsimd.hpp>

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

}  // namespace lml::simd
