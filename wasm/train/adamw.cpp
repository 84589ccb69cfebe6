#include "adamw.hpp"

#include <cmath>

namespace lml::train {

void AdamW::step(float* p, const float* g, const std::vector<bool>& decay, double lr) {
  ++t;
  const double c1 = 1.0 - std::pow(beta1, double(t)), c2 = 1.0 - std::pow(beta2, double(t));
  const float b1 = float(beta1), b2 = float(beta2), lrf = float(lr);
  const float s1 = float(1.0 / c1), s2 = float(1.0 / c2), e = float(eps), wd = float(lr * weight_decay);
  for (std::size_t i = 0; i < m.size(); ++i) {
    m[i] = b1 * m[i] + (1.f - b1) * g[i];
    v[i] = b2 * v[i] + (1.f - b2) * g[i] * g[i];
    const float mh = m[i] * s1, vh = v[i] * s2;
    if (decay[i]) p[i] -= wd * p[i];
    p[i] -= lrf * mh / (std::sqrt(vh) + e);
  }
}

double clip_grad_norm(float* g, std::size_t n, double max_norm) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += double(g[i]) * g[i];
  const double norm = std::sqrt(s);
  if (norm > max_norm) {
    const float k = float(max_norm / norm);
    for (std::size_t i = 0; i < n; ++i) g[i] *= k;
  }
  return norm;
}

double learning_rate(std::size_t step, std::size_t warmup, double lr, double lr_min, long long decay_start,
                     std::size_t decay_steps) {
  if (step < warmup) return lr * double(step + 1) / double(warmup);
  if (decay_start < 0 || (long long)step < decay_start) return lr;
  const double t = std::min(1.0, double((long long)step - decay_start) / double(decay_steps ? decay_steps : 1));
  return lr_min + 0.5 * (lr - lr_min) * (1.0 + std::cos(3.141592653589793 * t));
}

}  // namespace lml::train
