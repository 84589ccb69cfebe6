// AdamW over the flat parameter array (Loshchilov & Hutter; bias-corrected
// moments), global-norm gradient clipping, and the learning-rate schedule.
//   params, grad, m, v: [n]; decay[i] says whether weight decay applies to i.
#pragma once
#include <cstddef>
#include <vector>

namespace lml::train {

struct AdamW {
  double beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weight_decay = 0.01;
  std::vector<float> m, v;
  std::size_t t = 0;  // steps taken
  void init(std::size_t n) { m.assign(n, 0.f), v.assign(n, 0.f), t = 0; }
  void step(float* params, const float* grad, const std::vector<bool>& decay, double lr);
};

// Scales grad so that its L2 norm is at most max_norm; returns the norm before clipping.
double clip_grad_norm(float* grad, std::size_t n, double max_norm);

// lr at `step` (0-based): linear warm-up over `warmup` steps, constant, then
// once `decay_start` is set (≥ 0) a cosine from lr to lr_min over decay_steps.
double learning_rate(std::size_t step, std::size_t warmup, double lr, double lr_min, long long decay_start,
                     std::size_t decay_steps);

}  // namespace lml::train
