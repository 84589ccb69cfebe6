#include "memory.hpp"

#include <cmath>
#include <vector>

#include "../kernels/gemm.hpp"
#include "../kernels/softmax.hpp"
#include "../rng.hpp"

namespace lml::lm2 {
namespace {

float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

void check_gate(const std::optional<float>& g, const char* name) {
  require(!g || (std::isfinite(*g) && *g >= 0.f && *g <= 1.f), "LM2: ", name, " override must be in [0, 1], got ",
          g ? *g : 0.f);
}

void check_row(ConstView v, std::size_t d, const char* name) {
  if (!(v.rows == 1 && v.cols == d)) fail("LM2: ", name, " must be [1, ", d, "], got ", shape_str(v.rows, v.cols));
  require_finite(v.row(0), d, name);
}

}  // namespace

void Lm2Config::validate() const {
  require(d >= 1 && d <= 256, "LM2: d must be in [1, 256], got ", d);
  require(slots >= 1 && slots <= 64, "LM2: slots must be in [1, 64], got ", slots);
}

Lm2Memory::Lm2Memory(const Lm2Config& c) : cfg_(c) {
  cfg_.validate();
  const std::size_t d = c.d;
  const float s = 1.f / std::sqrt(float(d));
  Tensor* ws[] = {&Wq_, &Wk_, &Wv_, &Win_, &Wf_, &Wo_};
  for (int i = 0; i < 6; ++i) *ws[i] = randn(c.seed * 8 + std::uint64_t(i) + 1, d, d, s);
  reset();
}

void Lm2Memory::reset() {
  const std::size_t d = cfg_.d, N = cfg_.slots;
  if (cfg_.init == Init::Random) {
    M_ = randn(cfg_.seed * 8 + 7, N * d, d, 1.f / std::sqrt(float(d)));
    return;
  }
  M_ = Tensor(N * d, d);
  for (std::size_t s = 0; s < N; ++s)
    for (std::size_t i = 0; i < d; ++i) M_(s * d + i, i) = 1.f;
}

Step Lm2Memory::step(ConstView E, const Overrides& o) {
  const std::size_t d = cfg_.d, R = cfg_.slots * d;
  check_row(E, d, "E_t");
  check_gate(o.g_in, "g_in");
  check_gate(o.g_forget, "g_forget");
  check_gate(o.g_out, "g_out");
  Step s;
  Tensor Q(1, d), K(R, d), V(R, d);
  kernels::matmul_nn(E, Wq_, Q.view());
  kernels::matmul_nn(M_, Wk_, K.view());
  kernels::matmul_nn(M_, Wv_, V.view());
  s.weights = Tensor(1, R);
  kernels::matmul_nt(Q, K, s.weights.view(), 1.f / std::sqrt(float(d)));
  kernels::softmax_rows(s.weights.view());
  s.read = Tensor(1, d);
  kernels::matmul_nn(s.weights, V, s.read.view());

  s.g_in = Tensor(1, d);
  s.g_forget = Tensor(1, d);
  s.g_out = Tensor(1, d);
  kernels::matmul_nn(E, Win_, s.g_in.view());
  kernels::matmul_nn(s.read, Wf_, s.g_forget.view());
  kernels::matmul_nn(s.read, Wo_, s.g_out.view());
  for (std::size_t c = 0; c < d; ++c) {
    s.g_in(0, c) = o.g_in ? *o.g_in : sigmoid(s.g_in(0, c));
    s.g_forget(0, c) = o.g_forget ? *o.g_forget : sigmoid(s.g_forget(0, c));
    s.g_out(0, c) = o.g_out ? *o.g_out : sigmoid(s.g_out(0, c));
  }
  s.out = Tensor(1, d);
  for (std::size_t c = 0; c < d; ++c) s.out(0, c) = E(0, c) + s.g_out(0, c) * s.read(0, c);
  M_ = update(M_, s.g_in, s.g_forget, s.read);
  return s;
}

Tensor update(ConstView M, ConstView g_in, ConstView g_forget, ConstView E_mem) {
  const std::size_t d = M.cols;
  require_shape(M.rows, M.cols, "M");
  check_row(g_in, d, "g_in");
  check_row(g_forget, d, "g_forget");
  check_row(E_mem, d, "E_mem");
  for (std::size_t r = 0; r < M.rows; ++r) require_finite(M.row(r), d, "M");
  std::vector<float> write(d);
  for (std::size_t c = 0; c < d; ++c) write[c] = g_in(0, c) * std::tanh(E_mem(0, c));
  Tensor out(M.rows, d);
  for (std::size_t r = 0; r < M.rows; ++r)
    for (std::size_t c = 0; c < d; ++c) out(r, c) = write[c] + g_forget(0, c) * M(r, c);
  return out;
}

namespace reference {
Step step(const Lm2Memory& m, ConstView E, const Overrides& o, Tensor& M_next) {
  const std::size_t d = m.config().d, R = m.config().slots * d;
  const Tensor& M = m.memory();
  auto vecmat = [&](const std::vector<double>& x, const Tensor& W) {
    std::vector<double> y(d, 0.0);
    for (std::size_t c = 0; c < d; ++c)
      for (std::size_t p = 0; p < d; ++p) y[c] += x[p] * W(p, c);
    return y;
  };
  std::vector<double> e(d);
  for (std::size_t c = 0; c < d; ++c) e[c] = E(0, c);
  const std::vector<double> q = vecmat(e, m.wq());
  std::vector<double> score(R), read(d, 0.0);
  double mx = -1e300, sum = 0;
  for (std::size_t r = 0; r < R; ++r) {
    double dot = 0;
    for (std::size_t c = 0; c < d; ++c) {
      double k = 0;
      for (std::size_t p = 0; p < d; ++p) k += double(M(r, p)) * m.wk()(p, c);
      dot += q[c] * k;
    }
    score[r] = dot / std::sqrt(double(d));
    mx = std::max(mx, score[r]);
  }
  for (auto& s : score) sum += (s = std::exp(s - mx));
  Step st;
  st.weights = Tensor(1, R);
  for (std::size_t r = 0; r < R; ++r) {
    st.weights(0, r) = float(score[r] / sum);
    for (std::size_t c = 0; c < d; ++c) {
      double v = 0;
      for (std::size_t p = 0; p < d; ++p) v += double(M(r, p)) * m.wv()(p, c);
      read[c] += score[r] / sum * v;
    }
  }
  const std::vector<double> gi = vecmat(e, m.w_in()), gf = vecmat(read, m.w_forget()), go = vecmat(read, m.w_out());
  auto sig = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  st.read = Tensor(1, d);
  st.g_in = Tensor(1, d);
  st.g_forget = Tensor(1, d);
  st.g_out = Tensor(1, d);
  st.out = Tensor(1, d);
  for (std::size_t c = 0; c < d; ++c) {
    st.read(0, c) = float(read[c]);
    st.g_in(0, c) = float(o.g_in ? *o.g_in : sig(gi[c]));
    st.g_forget(0, c) = float(o.g_forget ? *o.g_forget : sig(gf[c]));
    st.g_out(0, c) = float(o.g_out ? *o.g_out : sig(go[c]));
    st.out(0, c) = float(e[c] + double(st.g_out(0, c)) * read[c]);
  }
  M_next = Tensor(R, d);
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t c = 0; c < d; ++c)
      M_next(r, c) = float(double(st.g_in(0, c)) * std::tanh(read[c]) + double(st.g_forget(0, c)) * M(r, c));
  return st;
}
}  // namespace reference

}  // namespace lml::lm2
