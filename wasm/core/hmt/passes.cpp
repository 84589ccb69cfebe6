#include "passes.hpp"

#include <algorithm>
#include <cstring>

namespace lml::hmt {

std::size_t build_summary_input(const float* T, ConstView H, std::size_t j, View seq) {
  const std::size_t d = H.cols;
  require(j <= H.rows, "summary input: j = ", j, " exceeds the segment's ", H.rows, " tokens");
  require(seq.rows >= j + 2 && seq.cols == d, "summary input: buffer too small");
  std::memcpy(seq.row(0), T, d * sizeof(float));
  for (std::size_t i = 0; i < j; ++i) std::memcpy(seq.row(1 + i), H.row(i), d * sizeof(float));
  std::memcpy(seq.row(j + 1), T, d * sizeof(float));
  return j + 2;
}

std::size_t build_augmented_input(const float* P, ConstView sensory, ConstView H, View seq) {
  const std::size_t d = H.cols, ks = sensory.rows, p = P ? 1 : 0, rows = 2 * p + ks + H.rows;
  require(seq.rows >= rows && seq.cols == d && (ks == 0 || sensory.cols == d), "augmented input: buffer too small");
  std::size_t r = 0;
  if (P) std::memcpy(seq.row(r++), P, d * sizeof(float));
  for (std::size_t i = 0; i < ks; ++i) std::memcpy(seq.row(r++), sensory.row(i), d * sizeof(float));
  for (std::size_t i = 0; i < H.rows; ++i) std::memcpy(seq.row(r++), H.row(i), d * sizeof(float));
  if (P) std::memcpy(seq.row(r++), P, d * sizeof(float));
  return rows;
}

SummaryPass summary_pass(const HmtModel& m, const std::uint8_t* tokens, std::size_t j) {
  const model::Backbone& b = m.backbone();
  const std::size_t d = b.config().d_model;
  require(j >= 1, "summary pass: j must be >= 1");
  require(j + 2 <= b.config().max_positions, "summary pass: j + 2 = ", j + 2, " positions exceed maxPositions = ",
          b.config().max_positions);
  Tensor H(j, d), seq(j + 2, d);
  b.embed(tokens, j, H.view());
  build_summary_input(m.summary_token().data(), H, j, seq.view());
  SummaryPass s;
  s.outputs = b.forward(seq);
  s.trailing = Tensor::from(s.outputs.data() + (j + 1) * d, 1, d);
  s.printed = Tensor::from(s.outputs.data() + j * d, 1, d);
  return s;
}

Tensor full_attention(const model::Backbone& b, const std::uint8_t* tokens, std::size_t n) {
  require(n >= 1, "full attention: the text is empty");
  require(n <= b.config().max_positions, "full attention: ", n, " tokens exceed maxPositions = ",
          b.config().max_positions, " (create the model with a larger maxPositions)");
  Tensor X(n, b.config().d_model);
  b.embed(tokens, n, X.view());
  return b.forward(X);
}

Tensor independent_segments(const model::Backbone& b, const std::uint8_t* tokens, std::size_t n, std::size_t L) {
  require(n >= 1, "segments: the text is empty");
  require(L >= 1 && L <= b.config().max_positions, "segments: L = ", L, " must be in [1, maxPositions = ",
          b.config().max_positions, "]");
  const std::size_t d = b.config().d_model;
  model::Workspace ws(b.config(), std::min(L, n));
  Tensor X(std::min(L, n), d), out(n, d);
  for (std::size_t s = 0; s < n; s += L) {
    const std::size_t len = std::min(L, n - s);
    View x{X.data(), len, d, d};
    b.embed(tokens + s, len, x);
    b.forward(x, ws, View{out.data() + s * d, len, d, d});
  }
  return out;
}

}  // namespace lml::hmt
