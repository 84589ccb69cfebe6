// The byte-level decoder-only transformer every HMT pass runs on (BBM).
//
// Parameters (names as in the weight file; d = d_model, f = d_ff, P = max_positions):
//   tok_emb              [256, d]  token embeddings; the logits reuse them (tied:
//                                  logits = h · tok_embᵀ, no separate output matrix)
//   pos_emb              [P, d]    learned absolute positions 0 … P−1
//   layer{l}.ln1.gamma   [1, d]    layer{l}.ln1.beta [1, d]
//   layer{l}.attn.wq|wk|wv|wo [d, d]  (no biases)
//   layer{l}.ln2.gamma   [1, d]    layer{l}.ln2.beta [1, d]
//   layer{l}.mlp.w1 [d, f]  .b1 [1, f]  .w2 [f, d]  .b2 [1, d]
//   final_ln.gamma       [1, d]    final_ln.beta [1, d]
//
// forward(X [n, d] input embeddings) → H [n, d]:
//   x = X + pos_emb[0, n)
//   per layer (pre-LN):  x += MHA_causal(LN1(x)) · W_o ;  x += W2ᵀ·GELU(LN2(x)·W1 + b1) + b2
//   H = LN_final(x)
// It takes embeddings, not token ids, because HMT feeds vectors that are not
// tokens (the summary token T, the retrieved memory P_n). Positions restart at
// 0 on every call, so the cost of a pass depends only on n.
// Hot loops: pre-packed GEMMs (kernels/gemm.hpp), tiled causal attention per
// head (attention.hpp), xsimd LayerNorm/GELU/add (model/ops.hpp).
#pragma once
#include <cstdint>
#include <vector>

#include "../kernels/gemm.hpp"
#include "config.hpp"
#include "params.hpp"

namespace lml::model {

// Scratch memory for forward passes of up to max_rows rows. Owned by the
// caller so that streaming allocates it once.
struct Workspace {
  Workspace(const BackboneConfig& c, std::size_t max_rows);
  std::size_t max_rows;
  AlignedBuffer x, h, qkv, att, mlp;  // [rows, d], [rows, d], [rows, 3d], [rows, d], [rows, f]
  std::size_t bytes() const;
};

class Backbone {
 public:
  // Deterministic initialisation from a seed (see backbone.cpp for the scales).
  static Backbone random(const BackboneConfig& c, std::uint64_t seed);
  // Takes ownership of params; validates every name, shape and value.
  Backbone(const BackboneConfig& c, ParamSet params);

  const BackboneConfig& config() const { return cfg_; }
  const ParamSet& params() const { return params_; }
  // The parameter names and shapes a config needs, in file order.
  static std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> layout(const BackboneConfig& c);

  // out[i, :] = tok_emb[tokens[i], :]   out [n, d]
  void embed(const std::uint8_t* tokens, std::size_t n, View out) const;
  // X [n, d] (n ≤ max_positions and ≤ ws.max_rows) → out [n, d]; out may not alias X.
  void forward(ConstView X, Workspace& ws, View out) const;
  Tensor forward(ConstView X) const;
  // H [n, d] → logits [n, 256] = H · tok_embᵀ
  void logits(ConstView H, View out) const;
  // The attention weights of one head: X [n, d] runs through layers 0 … layer − 1,
  // then head `head` of layer `layer` gives softmax(q kᵀ/√d_head) with the causal
  // mask → [n, n] (row i: query i; keys j > i are 0). Throws for a layer or head
  // out of range and for the input errors of forward.
  Tensor head_weights(ConstView X, std::size_t layer, std::size_t head) const;
  // The residual stream x [n, d] at every stage of forward: after the
  // embedding + positions, then after each attention and each MLP sub-layer
  // (2·layers + 1 tensors), and the final LayerNorm's output H [n, d].
  struct Stages {
    std::vector<Tensor> residual;
    Tensor hidden;
  };
  Stages stages(ConstView X) const;

 private:
  BackboneConfig cfg_;
  ParamSet params_;
  struct Layer {
    const float *ln1_g, *ln1_b, *ln2_g, *ln2_b, *b1, *b2;
    AlignedBuffer wqkv, wo, w1, w2;  // packed panels (kernels::pack_nn)
  };
  std::vector<Layer> layers_;
  const float *tok_, *pos_, *lnf_g_, *lnf_b_;
  AlignedBuffer tok_t_;  // tok_emb packed for H · tok_embᵀ (kernels::pack_nt)
  void prepare();
  // Checks X, copies X + pos_emb into ws.x (the residual stream x [n, d]).
  View start(ConstView X, Workspace& ws) const;
  // One pre-LN block on the residual stream x [n, d] in ws.x: x += MHA(LN1(x))·W_o, then
  // x += MLP(LN2(x)).
  void apply_layer(const Layer& L, View x, Workspace& ws) const;
  void attention_sublayer(const Layer& L, View x, Workspace& ws) const;
  void mlp_sublayer(const Layer& L, View x, Workspace& ws) const;
};

// Reference forward in plain loops (double accumulators, materialised
// softmax): the independent check of Backbone::forward in tests.
namespace reference {
// With capture: also the causal attention weights [n, n] of one head of one
// layer, as computed on the way (the check of Backbone::head_weights).
struct HeadCapture {
  std::size_t layer = 0, head = 0;
  Tensor weights;
  std::vector<Tensor> residual;  // x after the embedding and after every sub-layer (as Backbone::stages)
};
Tensor backbone_forward(const Backbone& b, ConstView X, HeadCapture* capture = nullptr);
}

}  // namespace lml::model
