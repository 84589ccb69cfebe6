// Row-wise kernels of the transformer block (xsimd) with naive references.
//   layer_norm:  Y[i, :] = (X[i, :] − mean_i) / sqrt(var_i + eps) ⊙ gamma + beta
//                X, Y [n, d];  gamma, beta [d];  var is the biased (population) variance
//   gelu:        X = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))   (tanh form, as in GPT-2)
//   add:         Y += X                        (X, Y [n, d])
//   add_row:     Y[i, :] += b                  (Y [n, d], b [d]; bias broadcast over rows)
// Views may alias (Y == X) for layer_norm. The references use double accumulators
// and std::tanh; tests compare each kernel with its reference.
#pragma once
#include "../tensor.hpp"

namespace lml::kernels {

inline constexpr float kLayerNormEps = 1e-5f;

void layer_norm(ConstView X, const float* gamma, const float* beta, View Y, float eps = kLayerNormEps);
void gelu_inplace(View X);
void add_inplace(View Y, ConstView X);
void add_row_inplace(View Y, const float* b);

}  // namespace lml::kernels

namespace lml::reference {

void layer_norm(ConstView X, const float* gamma, const float* beta, View Y, float eps = kernels::kLayerNormEps);
void gelu_inplace(View X);
void add_inplace(View Y, ConstView X);
void add_row_inplace(View Y, const float* b);

}  // namespace lml::reference
