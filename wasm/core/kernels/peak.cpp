#include "peak.hpp"

#include "../simd.hpp"

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
