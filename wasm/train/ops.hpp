// Forward and backward of every row-wise op of the backbone, templated on the
// scalar (float for training, double for the gradient checks). Backward
// functions take the same arguments as their forward plus the gradients, and
// ACCUMULATE (+=) into parameter and input gradients, as llm.c does.
// Shapes first: n rows, d or f columns, row-major, no strides.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace lml::train::ops {

inline constexpr double kLnEps = 1e-5;  // = kernels::kLayerNormEps

// layernorm: x [n, d] → y [n, d] = xhat ⊙ g + b, xhat [n, d] and rstd [n] kept for backward.
template <class T>
void layernorm_forward(const T* x, const T* g, const T* b, T* y, T* xhat, T* rstd, std::size_t n, std::size_t d) {
  for (std::size_t i = 0; i < n; ++i) {
    const T* xi = x + i * d;
    double mean = 0, var = 0;
    for (std::size_t c = 0; c < d; ++c) mean += xi[c];
    mean /= double(d);
    for (std::size_t c = 0; c < d; ++c) var += (xi[c] - mean) * (xi[c] - mean);
    var /= double(d);
    const T rs = T(1.0 / std::sqrt(var + kLnEps));
    rstd[i] = rs;
    for (std::size_t c = 0; c < d; ++c) {
      const T h = (xi[c] - T(mean)) * rs;
      xhat[i * d + c] = h;
      y[i * d + c] = h * g[c] + b[c];
    }
  }
}
// dx += ∂L/∂x, dg += Σ dy ⊙ xhat, db += Σ dy.
template <class T>
void layernorm_backward(const T* dy, const T* xhat, const T* rstd, const T* g, T* dx, T* dg, T* db, std::size_t n,
                        std::size_t d) {
  for (std::size_t i = 0; i < n; ++i) {
    const T* dyi = dy + i * d;
    const T* hi = xhat + i * d;
    double m1 = 0, m2 = 0;  // mean(dxhat), mean(dxhat ⊙ xhat)
    for (std::size_t c = 0; c < d; ++c) {
      const double dh = double(dyi[c]) * g[c];
      m1 += dh;
      m2 += dh * hi[c];
      dg[c] += dyi[c] * hi[c];
      db[c] += dyi[c];
    }
    m1 /= double(d);
    m2 /= double(d);
    for (std::size_t c = 0; c < d; ++c)
      dx[i * d + c] += rstd[i] * (dyi[c] * g[c] - T(m1) - hi[c] * T(m2));
  }
}

// gelu (tanh form): u [count] → y [count]; th [count] keeps tanh(inner(u)) for backward.
template <class T>
inline T gelu_inner(T u) {
  return T(0.7978845608028654) * (u + T(0.044715) * u * u * u);
}
template <class T>
void gelu_forward(const T* u, T* y, T* th, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    th[i] = std::tanh(gelu_inner(u[i]));
    y[i] = T(0.5) * u[i] * (T(1) + th[i]);
  }
}
// du += dy · gelu'(u), with th = tanh(inner(u)) from the forward
template <class T>
void gelu_backward(const T* dy, const T* u, const T* th, T* du, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const T x = u[i], t = th[i];
    const T dinner = T(0.7978845608028654) * (T(1) + T(3 * 0.044715) * x * x);
    du[i] += dy[i] * (T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * dinner);
  }
}

// The float forms run on xsimd batches (xsimd::tanh): glibc's scalar tanhf
// was a third of a training step. Non-template overloads, so float calls pick
// them; the double templates above are their plain-loop references.
void gelu_forward(const float* u, float* y, float* th, std::size_t count);
void gelu_backward(const float* dy, const float* u, const float* th, float* du, std::size_t count);

// Float forms (ops_simd.cpp): attention through the core's packed GEMM and
// the cross-entropy on the core's vectorised exp; the templates here are
// their double-precision references.
void attention_forward(const float* qkv, float* probs, float* out, std::size_t n, std::size_t dm, std::size_t dh,
                       std::size_t h);
void attention_backward(const float* dout, const float* qkv, const float* probs, float* dqkv, float* dp, std::size_t n,
                        std::size_t dm, std::size_t dh, std::size_t h);
double softmax_xent(const float* logits, std::size_t V, std::size_t t, float weight, float* dlogits, std::size_t* argmax);

// Causal attention of one head. qkv [n, 3·dm] holds Q | K | V; the head reads
// columns [h·dh, (h+1)·dh) of each; probs [n, n] (row i: keys 0..i, zero above);
// out [n, dm] columns of head h are written.
template <class T>
void attention_forward(const T* qkv, T* probs, T* out, std::size_t n, std::size_t dm, std::size_t dh, std::size_t h) {
  const std::size_t ld = 3 * dm;
  const T scale = T(1.0 / std::sqrt(double(dh)));
  for (std::size_t i = 0; i < n; ++i) {
    const T* q = qkv + i * ld + h * dh;
    T* p = probs + i * n;
    T mx = -INFINITY;
    for (std::size_t j = 0; j <= i; ++j) {
      const T* k = qkv + j * ld + dm + h * dh;
      T s = 0;
      for (std::size_t c = 0; c < dh; ++c) s += q[c] * k[c];
      p[j] = s * scale;
      mx = std::max(mx, p[j]);
    }
    T sum = 0;
    for (std::size_t j = 0; j <= i; ++j) sum += (p[j] = std::exp(p[j] - mx));
    const T inv = T(1) / sum;
    for (std::size_t j = 0; j <= i; ++j) p[j] *= inv;
    for (std::size_t j = i + 1; j < n; ++j) p[j] = 0;
    T* o = out + i * dm + h * dh;
    for (std::size_t c = 0; c < dh; ++c) o[c] = 0;
    for (std::size_t j = 0; j <= i; ++j) {
      const T* v = qkv + j * ld + 2 * dm + h * dh;
      for (std::size_t c = 0; c < dh; ++c) o[c] += p[j] * v[c];
    }
  }
}
// dqkv += gradients of head h's Q, K, V columns; dprobs is scratch [n].
template <class T>
void attention_backward(const T* dout, const T* qkv, const T* probs, T* dqkv, T* dp, std::size_t n, std::size_t dm,
                        std::size_t dh, std::size_t h) {
  const std::size_t ld = 3 * dm;
  const T scale = T(1.0 / std::sqrt(double(dh)));
  for (std::size_t i = 0; i < n; ++i) {
    const T* o = dout + i * dm + h * dh;
    const T* p = probs + i * n;
    T dot = 0;
    for (std::size_t j = 0; j <= i; ++j) {
      const T* v = qkv + j * ld + 2 * dm + h * dh;
      T* dv = dqkv + j * ld + 2 * dm + h * dh;
      T s = 0;
      for (std::size_t c = 0; c < dh; ++c) {
        s += o[c] * v[c];
        dv[c] += p[j] * o[c];
      }
      dp[j] = s;
      dot += s * p[j];
    }
    const T* q = qkv + i * ld + h * dh;
    T* dq = dqkv + i * ld + h * dh;
    for (std::size_t j = 0; j <= i; ++j) {
      const T ds = p[j] * (dp[j] - dot) * scale;
      const T* k = qkv + j * ld + dm + h * dh;
      T* dk = dqkv + j * ld + dm + h * dh;
      for (std::size_t c = 0; c < dh; ++c) {
        dq[c] += ds * k[c];
        dk[c] += ds * q[c];
      }
    }
  }
}

// Softmax cross-entropy of one row of logits [V] against target t.
// Writes dlogits = weight · (softmax − onehot(t)); returns −log softmax[t]
// (natural log) and sets *argmax.
template <class T>
double softmax_xent(const T* logits, std::size_t V, std::size_t t, T weight, T* dlogits, std::size_t* argmax) {
  T mx = logits[0];
  std::size_t am = 0;
  for (std::size_t c = 1; c < V; ++c)
    if (logits[c] > mx) mx = logits[c], am = c;
  double sum = 0;
  for (std::size_t c = 0; c < V; ++c) sum += std::exp(double(logits[c] - mx));
  if (argmax) *argmax = am;
  if (dlogits) {
    for (std::size_t c = 0; c < V; ++c) dlogits[c] = weight * T(std::exp(double(logits[c] - mx)) / sum);
    dlogits[t] -= weight;
  }
  return std::log(sum) - double(logits[t] - mx);
}

}  // namespace lml::train::ops
