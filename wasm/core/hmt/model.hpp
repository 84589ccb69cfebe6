// An HMT model: the backbone plus the parameters HMT adds around it.
//   summary_token   T    [1, d]   the learned token placed around H_n[0, j) in the summary pass
//   initial_memory  P_0  [1, d]   the memory token used while the cache is still empty
//                                 (the official code's learned initial memory)
//   w_q             W_q  [d, d_r] query projection of the summary S_n
//   w_k             W_k  [d, d_r] key projection of the cached memories
// Weight file names: the backbone's (model/backbone.hpp) then "hmt.summary_token",
// "hmt.initial_memory", "hmt.w_q", "hmt.w_k". Header "config":
//   {"vocab": 256, "dModel", "heads", "layers", "dFF", "maxPositions", "dRetrieval",
//    "tiedEmbeddings": true,
//    "geometry": {"kind": "hmt" | "full", "L", "j", "k", "N", "retrieval"}}   (optional)
// The geometry is how the model was trained (segment length L, summary length j,
// sensory length k, cache size N, retrieval on/off; "full": one causal pass over
// the whole document, no segments): the page reads it from the model rather than
// assuming it. Files without it load with geometry().known() false.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../model/backbone.hpp"

namespace lml::hmt {

struct Geometry {
  std::string kind = "hmt";  // "hmt" (segments + memory) | "full" (one causal pass)
  std::size_t L = 0, j = 0, k = 0, N = 0;
  bool retrieval = true;
  bool known() const { return L > 0; }
  void validate() const;  // kind hmt|full, 0 < j ≤ L, k < L, N ≥ 1
};

struct ModelConfig {
  model::BackboneConfig backbone;
  std::size_t d_retrieval = 64;  // d_r (the d_h of the paper's retrieval)
  void validate() const;
};

class HmtModel {
 public:
  static HmtModel random(const ModelConfig& c, std::uint64_t seed);
  HmtModel(const ModelConfig& c, model::ParamSet params);  // validates names, shapes, values

  const ModelConfig& config() const { return cfg_; }
  const model::Backbone& backbone() const { return backbone_; }
  const Tensor& summary_token() const { return summary_token_; }
  const Tensor& initial_memory() const { return initial_memory_; }
  const Tensor& w_q() const { return w_q_; }
  const Tensor& w_k() const { return w_k_; }
  const Geometry& geometry() const { return geometry_; }
  void set_geometry(const Geometry& g);  // validates; saved with the weights

  std::vector<std::uint8_t> save() const;
  static HmtModel load(const std::uint8_t* bytes, std::size_t size);

 private:
  ModelConfig cfg_;
  model::Backbone backbone_;
  Tensor summary_token_, initial_memory_, w_q_, w_k_;
  Geometry geometry_;
  HmtModel(const ModelConfig& c, std::pair<model::ParamSet, model::ParamSet> parts);
  HmtModel(const ModelConfig& c, model::Backbone b, model::ParamSet hmt_params);
};

}  // namespace lml::hmt
