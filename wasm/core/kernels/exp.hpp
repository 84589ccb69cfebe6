// Vectorised 2^x and e^x for the softmax.
// exp2 splits x = n + f with n = round(x), |f| <= 0.5, evaluates 2^f with a
// degree-6 polynomial (relative error < 2e-7 on [-0.5, 0.5]) and adds n to the
// exponent bits. Inputs below -126 return 0 (softmax never needs denormals);
// inputs above 127 are clamped. Constants are built once per call site by the
// caller (Exp2Consts) so V8 does not rebuild them in inner loops.
#pragma once
#include "../simd.hpp"

namespace lml::kernels {

struct Exp2Consts {
  simd::vf lo{-126.f}, hi{127.f};
  simd::vf c1{0.6931471805599453f}, c2{0.2402265069591007f}, c3{0.05550410866482158f},
      c4{0.009618129107628477f}, c5{0.0013333558146428443f}, c6{0.00015403530393381609f};
  simd::vf one{1.f};
  simd::vi bias{127};
};

inline simd::vf exp2_v(simd::vf x, const Exp2Consts& k) {
  using namespace simd;
  auto underflow = x < k.lo;
  x = xsimd::min(xsimd::max(x, k.lo), k.hi);
  vf n = xsimd::round(x);
  vf f = x - n;
  vf p = madd(k.c6, f, k.c5);
  p = madd(p, f, k.c4);
  p = madd(p, f, k.c3);
  p = madd(p, f, k.c2);
  p = madd(p, f, k.c1);
  p = madd(p, f, k.one);
  vi e = (xsimd::batch_cast<std::int32_t>(n) + k.bias) << 23;
  vf scale = xsimd::bitwise_cast<float>(e);
  return xsimd::select(underflow, vf(0.f), p * scale);
}

// Scalar twin used for tails; same algorithm, same constants.
float exp2_s(float x);

}  // namespace lml::kernels
