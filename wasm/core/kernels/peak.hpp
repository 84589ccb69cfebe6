// A mul+add throughput probe: the ceiling our kernels are measured against.
// 8 independent accumulator vectors (no dependency stalls), each step
// acc = acc * a + b with separate mul and add (base wasm SIMD has no FMA).
// flops = iterations * 8 vectors * W lanes * 2.
#pragma once
#include <cstddef>

namespace lml::kernels {

float peak_mul_add(std::size_t iterations);
double peak_flops(std::size_t iterations);  // the flop count of one call

}  // namespace lml::kernels
