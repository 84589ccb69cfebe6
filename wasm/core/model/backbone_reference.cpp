// reference::backbone_forward: the backbone in plain loops, written from the
// equations in backbone.hpp without any kernel of the fast path.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "backbone.hpp"

namespace lml::model::reference {
namespace {

using Mat = std::vector<double>;  // row-major

Mat matmul(const Mat& A, std::size_t m, std::size_t k, const Tensor& B) {
  const std::size_t n = B.cols();
  Mat C(m * n, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t p = 0; p < k; ++p) {
      const double a = A[i * k + p];
      for (std::size_t j = 0; j < n; ++j) C[i * n + j] += a * B(p, j);
    }
  return C;
}

Mat layer_norm(const Mat& X, std::size_t n, std::size_t d, const Tensor& g, const Tensor& b) {
  Mat Y(n * d);
  for (std::size_t i = 0; i < n; ++i) {
    double mean = 0, var = 0;
    for (std::size_t c = 0; c < d; ++c) mean += X[i * d + c];
    mean /= double(d);
    for (std::size_t c = 0; c < d; ++c) var += (X[i * d + c] - mean) * (X[i * d + c] - mean);
    var /= double(d);
    const double r = 1.0 / std::sqrt(var + 1e-5);
    for (std::size_t c = 0; c < d; ++c) Y[i * d + c] = (X[i * d + c] - mean) * r * g(0, c) + b(0, c);
  }
  return Y;
}

}  // namespace

Tensor backbone_forward(const Backbone& bb, ConstView X, HeadCapture* capture) {
  const BackboneConfig& c = bb.config();
  const std::size_t n = X.rows, d = c.d_model, f = c.d_ff, dh = c.d_head();
  require(X.cols == d && n <= c.max_positions, "reference::backbone_forward: bad input shape");
  const ParamSet& p = bb.params();
  auto P = [&](const std::string& name) -> const Tensor& { return *p.find(name); };
  if (capture) capture->weights = Tensor(n, n);
  Mat x(n * d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < d; ++k) x[i * d + k] = double(X(i, k)) + P("pos_emb")(i, k);
  auto snap = [&] {
    if (!capture) return;
    Tensor t(n, d);
    for (std::size_t i = 0; i < n * d; ++i) t.data()[i] = float(x[i]);
    capture->residual.push_back(std::move(t));
  };
  snap();
  for (std::size_t l = 0; l < c.layers; ++l) {
    const std::string pre = "layer" + std::to_string(l) + ".";
    Mat h = layer_norm(x, n, d, P(pre + "ln1.gamma"), P(pre + "ln1.beta"));
    Mat q = matmul(h, n, d, P(pre + "attn.wq")), k = matmul(h, n, d, P(pre + "attn.wk")),
        v = matmul(h, n, d, P(pre + "attn.wv"));
    Mat concat(n * d, 0.0);
    for (std::size_t hd = 0; hd < c.heads; ++hd) {
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> s(i + 1);
        double mx = -std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j <= i; ++j) {  // causal: keys 0..i
          double dot = 0;
          for (std::size_t t = 0; t < dh; ++t) dot += q[i * d + hd * dh + t] * k[j * d + hd * dh + t];
          s[j] = dot / std::sqrt(double(dh));
          mx = std::max(mx, s[j]);
        }
        double sum = 0;
        for (auto& e : s) sum += (e = std::exp(e - mx));
        if (capture && capture->layer == l && capture->head == hd)
          for (std::size_t j = 0; j <= i; ++j) capture->weights(i, j) = float(s[j] / sum);
        for (std::size_t j = 0; j <= i; ++j)
          for (std::size_t t = 0; t < dh; ++t) concat[i * d + hd * dh + t] += s[j] / sum * v[j * d + hd * dh + t];
      }
    }
    Mat a = matmul(concat, n, d, P(pre + "attn.wo"));
    for (std::size_t i = 0; i < n * d; ++i) x[i] += a[i];
    snap();
    h = layer_norm(x, n, d, P(pre + "ln2.gamma"), P(pre + "ln2.beta"));
    Mat m = matmul(h, n, d, P(pre + "mlp.w1"));
    const double kc = std::sqrt(2.0 / 3.14159265358979323846);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < f; ++j) {
        const double z = m[i * f + j] + P(pre + "mlp.b1")(0, j);
        m[i * f + j] = 0.5 * z * (1.0 + std::tanh(kc * (z + 0.044715 * z * z * z)));
      }
    Mat o = matmul(m, n, f, P(pre + "mlp.w2"));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < d; ++j) x[i * d + j] += o[i * d + j] + P(pre + "mlp.b2")(0, j);
    snap();
  }
  Mat y = layer_norm(x, n, d, P("final_ln.gamma"), P("final_ln.beta"));
  Tensor out(n, d);
  for (std::size_t i = 0; i < n * d; ++i) out.data()[i] = float(y[i]);
  return out;
}

}  // namespace lml::model::reference
