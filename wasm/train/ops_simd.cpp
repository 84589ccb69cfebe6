// xsimd forms of the element-wise ops (see ops.hpp); the tails run the templates.
#include "core/simd.hpp"
#include "ops.hpp"

namespace lml::train::ops {
using simd::vf;
using simd::W;

void gelu_forward(const float* u, float* y, std::size_t count) {
  const vf half(0.5f), one(1.f), c(0.7978845608028654f), a(0.044715f);
  std::size_t i = 0;
  for (; i + W <= count; i += W) {
    const vf x = vf::load_unaligned(u + i);
    const vf t = xsimd::tanh(c * (x + a * x * x * x));
    (half * x * (one + t)).store_unaligned(y + i);
  }
  gelu_forward<float>(u + i, y + i, count - i);
}

void gelu_backward(const float* dy, const float* u, float* du, std::size_t count) {
  const vf half(0.5f), one(1.f), c(0.7978845608028654f), a(0.044715f), a3(3 * 0.044715f);
  std::size_t i = 0;
  for (; i + W <= count; i += W) {
    const vf x = vf::load_unaligned(u + i);
    const vf t = xsimd::tanh(c * (x + a * x * x * x));
    const vf dinner = c * (one + a3 * x * x);
    const vf g = half * (one + t) + half * x * (one - t * t) * dinner;
    (vf::load_unaligned(du + i) + vf::load_unaligned(dy + i) * g).store_unaligned(du + i);
  }
  gelu_backward<float>(dy + i, u + i, du + i, count - i);
}

}  // namespace lml::train::ops
