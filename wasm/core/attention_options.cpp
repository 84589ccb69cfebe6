#include "attention_options.hpp"

#include <algorithm>
#include <cmath>

namespace lml {

void check_attention_inputs(ConstView Q, ConstView K, ConstView V, const AttentionOptions& o) {
  require_shape(Q.rows, Q.cols, "Q");
  require_shape(K.rows, K.cols, "K");
  require_shape(V.rows, V.cols, "V");
  require(Q.cols == K.cols, "attention: Q is ", shape_str(Q.rows, Q.cols), " and K is ",
          shape_str(K.rows, K.cols), "; Q and K need the same number of columns (d_k)");
  require(K.rows == V.rows, "attention: K is ", shape_str(K.rows, K.cols), " and V is ",
          shape_str(V.rows, V.cols), "; K and V need the same number of rows (keys)");
  require(!o.causal || o.causal_align == CausalAlign::top_left || K.rows >= Q.rows,
          "attention: a bottom-right causal mask needs at least as many keys (", K.rows, ") as queries (", Q.rows,
          "); the first queries would see no key (causalAlign 'top-left' lets query i see keys 0..i)");
  require(o.causal_align == CausalAlign::bottom_right || o.causal_align == CausalAlign::top_left,
          "attention: unknown causal alignment");
  require(std::isfinite(o.temperature) && o.temperature > 0.f,
          "attention: temperature must be a finite number > 0, got ", o.temperature);
  require(!o.scale || std::isfinite(*o.scale), "attention: scale must be finite");
  require(std::isfinite(o.recency) && o.recency >= 0.f, "attention: recency must be finite and >= 0");
  require(std::isfinite(o.rope) && o.rope >= 0.f, "attention: rope (the rotary base) must be finite and >= 0, got ", o.rope);
  require(o.rope == 0.f || o.rope > 1.f, "attention: rope (the rotary base) must be > 1, got ", o.rope);
  require(!o.alibi, "attention: alibi gives each head its own slope, so it is an option of multiHead; for one head, set recency to the slope");
  require(o.rope == 0.f || Q.cols % 2 == 0, "attention: rope rotates pairs of columns; d_k = ", Q.cols, " is odd");
  double mq = 0, mk = 0, mv = 0;
  for (std::size_t i = 0; i < Q.rows; ++i) mq = std::max<double>(mq, require_finite(Q.row(i), Q.cols, "Q"));
  for (std::size_t i = 0; i < K.rows; ++i) mk = std::max<double>(mk, require_finite(K.row(i), K.cols, "K"));
  for (std::size_t i = 0; i < V.rows; ++i) mv = std::max<double>(mv, require_finite(V.row(i), V.cols, "V"));
  // |score| <= max|Q|·max|K|·d_k·|scale|/temperature; running sums of P·V <= n_k·max|V|.
  const double score_bound = mq * mk * double(Q.cols) * std::fabs(double(effective_scale(Q.cols, o))) / o.temperature;
  require(score_bound <= kMaxMagnitude, "attention: scores could overflow float32 (max|Q|·max|K|·d_k·scale/temperature = ",
          score_bound, " > ", kMaxMagnitude, "); scale the inputs down or raise the temperature");
  require(mv * double(K.rows) <= kMaxMagnitude, "attention: values too large (max|V|·n_k = ", mv * double(K.rows),
          " > ", kMaxMagnitude, "); scale V down");
}

float alibi_slope(std::size_t head, std::size_t heads) {
  return float(std::pow(2.0, -8.0 * double(head + 1) / double(heads)));
}

float effective_scale(std::size_t d_k, const AttentionOptions& o) {
  return o.scale ? *o.scale : 1.f / std::sqrt(float(d_k));
}

std::ptrdiff_t query_offset(std::size_t n_q, std::size_t n_k, const AttentionOptions& o) {
  return o.causal_align == CausalAlign::top_left ? 0 : std::ptrdiff_t(n_k) - std::ptrdiff_t(n_q);
}

CausalAlign causal_align_of(const std::string& name) {
  if (name == "bottom-right") return CausalAlign::bottom_right;
  if (name == "top-left") return CausalAlign::top_left;
  throw Error("attention: causalAlign must be 'bottom-right' or 'top-left', got '" + name + "'");
}

const char* causal_align_name(CausalAlign a) {
  return a == CausalAlign::top_left ? "top-left" : "bottom-right";
}

Tensor rotate_positions(ConstView X, std::ptrdiff_t first, float base) {
  require(X.cols % 2 == 0, "rotate_positions: ", X.cols, " columns; RoPE rotates pairs, so they must be even");
  Tensor out(X.rows, X.cols);
  for (std::size_t r = 0; r < X.rows; ++r) {
    const double pos = double(first + std::ptrdiff_t(r));
    for (std::size_t c = 0; c < X.cols; c += 2) {
      const double angle = pos * std::pow(double(base), -double(c) / double(X.cols));
      const double cs = std::cos(angle), sn = std::sin(angle);
      const double a = X(r, c), b = X(r, c + 1);
      out(r, c) = float(a * cs - b * sn);
      out(r, c + 1) = float(a * sn + b * cs);
    }
  }
  return out;
}

}  // namespace lml
