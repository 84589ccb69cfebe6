// Vectorised 2^x and e^x for the softmax.
// exp2 splits x = n + f with n = round(x), |f| <= 0.5, evaluates 2^f with a
// degree-6 polynomial (relative error < 2e-7 on [-0.5, 0.5]) and adds n to the
// exponent bits. n comes from adding 1.5·2^23: the sum's low mantissa bits hold
// n (ties to even, as nearbyint in exp2_s), subtracting it back gives n as a float,
// so one add, one subtract and an integer add replace a round and a float-to-int
// conversion (xsimd's round is a dozen WebAssembly instructions: there is no
// f32x4 round-half-away). Inputs below -126 return 0 (softmax never needs denormals);
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
  simd::vf magic{12582912.f};  // 1.5·2^23
  simd::vi bias{127};
};

inline simd::vf exp2_v(simd::vf x, const Exp2Consts& k) {
  using namespace simd;
  auto underflow = x < k.lo;
  x = xsimd::min(xsimd::max(x, k.lo), k.hi);
  const vf t = x + k.magic;  // |x| <= 127: n = round(x) sits in t's low mantissa bits
  const vf n = t - k.magic;
  const vf f = x - n;
  vf p = madd(k.c6, f, k.c5);
  p = madd(p, f, k.c4);
  p = madd(p, f, k.c3);
  p = madd(p, f, k.c2);
  p = madd(p, f, k.c1);
  p = madd(p, f, k.one);
  // t's bits are 0x4B400000 + n; shifting by 23 drops 0x4B400000 and leaves (n + 127) << 23.
  const vi e = (xsimd::bitwise_cast<std::int32_t>(t) + k.bias) << 23;
  vf scale = xsimd::bitwise_cast<float>(e);
  return xsimd::select(underflow, vf(0.f), p * scale);
}

// Scalar twin used for tails; same algorithm, same constants.
float exp2_s(float x);

}  // namespace lml::kernels
