// Float forms of the ops in ops.hpp: element-wise ops on xsimd batches (the
// tails run the templates), attention through the core's packed GEMM, the
// softmax cross-entropy with the core's vectorised exp. The double templates
// in ops.hpp are their plain-loop references (tests/cpp/test_train_grad.cpp).
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/kernels/exp.hpp"
#include "core/kernels/gemm.hpp"
#include "core/kernels/softmax.hpp"
#include "core/simd.hpp"
#include "ops.hpp"

namespace lml::train::ops {
using simd::vf;
using simd::W;

void gelu_forward(const float* u, float* y, float* th, std::size_t count) {
  const vf half(0.5f), one(1.f), c(0.7978845608028654f), a(0.044715f);
  std::size_t i = 0;
  for (; i + W <= count; i += W) {
    const vf x = vf::load_unaligned(u + i);
    const vf t = xsimd::tanh(c * (x + a * x * x * x));
    t.store_unaligned(th + i);
    (half * x * (one + t)).store_unaligned(y + i);
  }
  gelu_forward<float>(u + i, y + i, th + i, count - i);
}

void gelu_backward(const float* dy, const float* u, const float* th, float* du, std::size_t count) {
  const vf half(0.5f), one(1.f), c(0.7978845608028654f), a3(3 * 0.044715f);
  std::size_t i = 0;
  for (; i + W <= count; i += W) {
    const vf x = vf::load_unaligned(u + i);
    const vf t = vf::load_unaligned(th + i);
    const vf dinner = c * (one + a3 * x * x);
    const vf g = half * (one + t) + half * x * (one - t * t) * dinner;
    (vf::load_unaligned(du + i) + vf::load_unaligned(dy + i) * g).store_unaligned(du + i);
  }
  gelu_backward<float>(dy + i, u + i, th + i, du + i, count - i);
}

namespace {
// Per-thread scratch of the attention and cross-entropy kernels.
struct Scratch {
  std::vector<float> pack, ds, e;
};
Scratch& scratch() {
  thread_local Scratch s;
  return s;
}
float* grow(std::vector<float>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}
// C (+)= A · B with B given as a strided view: read in place when kernels::prefer_inplace
// says so, else packed here.
void gemm_nn(ConstView A, ConstView B, View C, float alpha, bool acc) {
  if (kernels::prefer_inplace(B.cols)) return kernels::gemm_inplace(A, B, C, alpha, acc);
  float* pk = grow(scratch().pack, kernels::panels(B.cols) * B.rows * kernels::NR);
  kernels::pack_nn(B, pk);
  kernels::gemm_packed(A, pk, C, alpha, acc);
}
// C (+)= Atᵀ · B, At [k, m] as stored
void gemm_tn(ConstView At, ConstView B, View C, float alpha, bool acc) {
  if (kernels::prefer_inplace(B.cols)) return kernels::gemm_inplace_tn(At, B, C, alpha, acc);
  float* pk = grow(scratch().pack, kernels::panels(B.cols) * B.rows * kernels::NR);
  kernels::pack_nn(B, pk);
  kernels::gemm_packed_tn(At, pk, C, alpha, acc);
}
// C (+)= A · Bᵀ
void gemm_nt(ConstView A, ConstView B, View C, float alpha, bool acc) {
  float* pk = grow(scratch().pack, kernels::panels(B.rows) * B.cols * kernels::NR);
  kernels::pack_nt(B, pk);
  kernels::gemm_packed(A, pk, C, alpha, acc);
}
}  // namespace

// Head h of qkv [n, 3·dm]: Q_h, K_h, V_h are [n, dh] views with row stride 3·dm.
//   S = Q_h·K_hᵀ/√dh [n, n] (the whole square; the softmax then keeps j ≤ i)
//   probs = causal row softmax of S;  out[:, h·dh ..] = probs·V_h
void attention_forward(const float* qkv, float* probs, float* out, std::size_t n, std::size_t dm, std::size_t dh,
                       std::size_t h) {
  const std::size_t ld = 3 * dm;
  const float scale = float(1.0 / std::sqrt(double(dh)));
  const ConstView Q{qkv + h * dh, n, dh, ld}, K{qkv + dm + h * dh, n, dh, ld}, V{qkv + 2 * dm + h * dh, n, dh, ld};
  gemm_nt(Q, K, View{probs, n, n, n}, scale, false);
  for (std::size_t i = 0; i < n; ++i) {
    float* row = probs + i * n;
    kernels::softmax_rows(View{row, 1, i + 1, n});
    std::fill(row + i + 1, row + n, 0.f);
  }
  gemm_nn(ConstView{probs, n, n, n}, V, View{out + h * dh, n, dh, dm}, 1.f, false);
}

// With dO_h = dout[:, h·dh ..] [n, dh]:
//   dP = dO_h·V_hᵀ;  dS_ij = P_ij (dP_ij − Σ_k P_ik dP_ik) / √dh  (j ≤ i)
//   dQ_h += dS·K_h;  dK_h += dSᵀ·Q_h;  dV_h += Pᵀ·dO_h
void attention_backward(const float* dout, const float* qkv, const float* probs, float* dqkv, float*, std::size_t n,
                        std::size_t dm, std::size_t dh, std::size_t h) {
  const std::size_t ld = 3 * dm;
  const float scale = float(1.0 / std::sqrt(double(dh)));
  Scratch& sc = scratch();
  float* ds = grow(sc.ds, n * n);
  const ConstView Q{qkv + h * dh, n, dh, ld}, K{qkv + dm + h * dh, n, dh, ld}, V{qkv + 2 * dm + h * dh, n, dh, ld};
  const ConstView dO{dout + h * dh, n, dh, dm};
  gemm_nt(dO, V, View{ds, n, n, n}, 1.f, false);
  for (std::size_t i = 0; i < n; ++i) {
    const float* p = probs + i * n;
    float* r = ds + i * n;
    float dot = 0.f;
    for (std::size_t j = 0; j <= i; ++j) dot += p[j] * r[j];
    for (std::size_t j = 0; j <= i; ++j) r[j] = p[j] * (r[j] - dot) * scale;
    std::fill(r + i + 1, r + n, 0.f);
  }
  gemm_nn(ConstView{ds, n, n, n}, K, View{dqkv + h * dh, n, dh, ld}, 1.f, true);
  gemm_tn(ConstView{ds, n, n, n}, Q, View{dqkv + dm + h * dh, n, dh, ld}, 1.f, true);
  gemm_tn(ConstView{probs, n, n, n}, dO, View{dqkv + 2 * dm + h * dh, n, dh, ld}, 1.f, true);
}

// One pass of the core's vectorised 2^x over the row: e_c = exp(x_c − max), summed in float.
double softmax_xent(const float* logits, std::size_t V, std::size_t t, float weight, float* dlogits,
                    std::size_t* argmax) {
  float mx = logits[0];
  std::size_t am = 0;
  for (std::size_t c = 1; c < V; ++c)
    if (logits[c] > mx) mx = logits[c], am = c;
  if (argmax) *argmax = am;
  constexpr float kLog2e = 1.4426950408889634f;
  const kernels::Exp2Consts k;
  const vf vm(mx), l2e(kLog2e);
  float* e = dlogits ? dlogits : grow(scratch().e, V);
  vf vsum(0.f);
  std::size_t c = 0;
  for (; c + W <= V; c += W) {
    const vf x = kernels::exp2_v((vf::load_unaligned(logits + c) - vm) * l2e, k);
    x.store_unaligned(e + c);
    vsum += x;
  }
  float sum = xsimd::reduce_add(vsum);
  for (; c < V; ++c) sum += (e[c] = kernels::exp2_s((logits[c] - mx) * kLog2e));
  if (dlogits) {
    const vf scale(weight / sum);
    for (c = 0; c + W <= V; c += W) (vf::load_unaligned(e + c) * scale).store_unaligned(e + c);
    for (; c < V; ++c) e[c] *= weight / sum;
    dlogits[t] -= weight;
  }
  return std::log(double(sum)) - double(logits[t] - mx);
}

}  // namespace lml::train::ops
