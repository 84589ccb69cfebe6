#include "backbone.hpp"

#include <cmath>
#include <cstring>
#include <string>

#include "../attention.hpp"
#include "../rng.hpp"
#include "ops.hpp"

namespace lml::model {
using kernels::NR;
using kernels::panels;

namespace {

std::string lname(std::size_t l, const char* what) { return "layer" + std::to_string(l) + "." + what; }

// Independent seed per tensor (splitmix64 of seed and index).
std::uint64_t sub_seed(std::uint64_t seed, std::uint64_t index) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (index + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

AlignedBuffer packed_nn(const Tensor& B) {
  AlignedBuffer p(panels(B.cols()) * B.rows() * NR);
  kernels::pack_nn(B, p.data());
  return p;
}

}  // namespace

Workspace::Workspace(const BackboneConfig& c, std::size_t rows)
    : max_rows(rows),
      x(rows * c.d_model),
      h(rows * c.d_model),
      qkv(rows * 3 * c.d_model),
      att(rows * c.d_model),
      mlp(rows * c.d_ff) {
  require(rows >= 1, "workspace needs at least one row");
}

std::size_t Workspace::bytes() const {
  return (x.size() + h.size() + qkv.size() + att.size() + mlp.size()) * sizeof(float);
}

std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> Backbone::layout(const BackboneConfig& c) {
  const std::size_t d = c.d_model, f = c.d_ff;
  std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> out;
  out.push_back({"tok_emb", {BackboneConfig::vocab, d}});
  out.push_back({"pos_emb", {c.max_positions, d}});
  for (std::size_t l = 0; l < c.layers; ++l) {
    out.push_back({lname(l, "ln1.gamma"), {1, d}});
    out.push_back({lname(l, "ln1.beta"), {1, d}});
    for (const char* w : {"attn.wq", "attn.wk", "attn.wv", "attn.wo"}) out.push_back({lname(l, w), {d, d}});
    out.push_back({lname(l, "ln2.gamma"), {1, d}});
    out.push_back({lname(l, "ln2.beta"), {1, d}});
    out.push_back({lname(l, "mlp.w1"), {d, f}});
    out.push_back({lname(l, "mlp.b1"), {1, f}});
    out.push_back({lname(l, "mlp.w2"), {f, d}});
    out.push_back({lname(l, "mlp.b2"), {1, d}});
  }
  out.push_back({"final_ln.gamma", {1, d}});
  out.push_back({"final_ln.beta", {1, d}});
  return out;
}

// Initial scales (GPT-2 style, adapted so that embeddings and the LayerNorm
// outputs HMT feeds back as memory tokens have the same unit scale):
//   tok_emb N(0, 1); pos_emb N(0, 0.2²); W_q, W_k, W_v, W1 N(0, 1/fan_in);
//   W_o, W2 N(0, 1/(fan_in · 2·layers)); biases 0; LayerNorm gamma 1, beta 0.
Backbone Backbone::random(const BackboneConfig& c, std::uint64_t seed) {
  c.validate();
  ParamSet p;
  const auto lay = layout(c);
  const float resid = 1.f / std::sqrt(2.f * float(c.layers));
  for (std::size_t i = 0; i < lay.size(); ++i) {
    const std::string& name = lay[i].first;
    const std::size_t rows = lay[i].second.first, cols = lay[i].second.second;
    const std::uint64_t s = sub_seed(seed, i);
    auto ends = [&](const char* suffix) {
      const std::size_t n = std::strlen(suffix);
      return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
    };
    Tensor t;
    if (name == "tok_emb") t = randn(s, rows, cols, 1.f);
    else if (name == "pos_emb") t = randn(s, rows, cols, 0.2f);
    else if (ends(".gamma")) {
      t = Tensor(rows, cols);
      for (std::size_t k = 0; k < t.size(); ++k) t.data()[k] = 1.f;
    } else if (ends(".beta") || ends(".b1") || ends(".b2")) t = Tensor(rows, cols);
    else if (ends(".wo") || ends(".w2")) t = randn(s, rows, cols, resid / std::sqrt(float(rows)));
    else t = randn(s, rows, cols, 1.f / std::sqrt(float(rows)));
    p.add(name, std::move(t));
  }
  return Backbone(c, std::move(p));
}

Backbone::Backbone(const BackboneConfig& c, ParamSet params) : cfg_(c), params_(std::move(params)) {
  cfg_.validate();
  const auto lay = layout(cfg_);
  require(params_.items().size() == lay.size(), "backbone: expected ", lay.size(), " tensors for ", cfg_.layers,
          " layers, got ", params_.items().size());
  for (std::size_t i = 0; i < lay.size(); ++i) {
    const NamedTensor& nt = params_.items()[i];
    require(nt.name == lay[i].first, "backbone: tensor ", i, " is '", nt.name, "', expected '", lay[i].first, "'");
    params_.get(nt.name, lay[i].second.first, lay[i].second.second);
    require_finite(nt.value.data(), nt.value.size(), nt.name.c_str());
  }
  prepare();
}

void Backbone::prepare() {
  const std::size_t d = cfg_.d_model;
  tok_ = params_.find("tok_emb")->data();
  pos_ = params_.find("pos_emb")->data();
  lnf_g_ = params_.find("final_ln.gamma")->data();
  lnf_b_ = params_.find("final_ln.beta")->data();
  tok_t_ = AlignedBuffer(panels(BackboneConfig::vocab) * d * NR);
  kernels::pack_nt(*params_.find("tok_emb"), tok_t_.data());
  layers_.clear();
  for (std::size_t l = 0; l < cfg_.layers; ++l) {
    auto P = [&](const char* w) -> const Tensor& { return *params_.find(lname(l, w)); };
    Layer L;
    L.ln1_g = P("ln1.gamma").data();
    L.ln1_b = P("ln1.beta").data();
    L.ln2_g = P("ln2.gamma").data();
    L.ln2_b = P("ln2.beta").data();
    L.b1 = P("mlp.b1").data();
    L.b2 = P("mlp.b2").data();
    Tensor qkv(d, 3 * d);  // [W_q | W_k | W_v]
    for (std::size_t r = 0; r < d; ++r) {
      std::memcpy(qkv.data() + r * 3 * d, P("attn.wq").data() + r * d, d * sizeof(float));
      std::memcpy(qkv.data() + r * 3 * d + d, P("attn.wk").data() + r * d, d * sizeof(float));
      std::memcpy(qkv.data() + r * 3 * d + 2 * d, P("attn.wv").data() + r * d, d * sizeof(float));
    }
    L.wqkv = packed_nn(qkv);
    L.wo = packed_nn(P("attn.wo"));
    L.w1 = packed_nn(P("mlp.w1"));
    L.w2 = packed_nn(P("mlp.w2"));
    layers_.push_back(std::move(L));
  }
}

void Backbone::embed(const std::uint8_t* tokens, std::size_t n, View out) const {
  const std::size_t d = cfg_.d_model;
  if (!(out.rows == n && out.cols == d)) fail("embed: output must be ", shape_str(n, d), ", got ",
          shape_str(out.rows, out.cols));
  for (std::size_t i = 0; i < n; ++i) std::memcpy(out.row(i), tok_ + std::size_t(tokens[i]) * d, d * sizeof(float));
}

View Backbone::start(ConstView X, Workspace& ws) const {
  const std::size_t n = X.rows, d = cfg_.d_model;
  if (X.cols != d) fail("backbone: input embeddings must have dModel = ", d, " columns, got ", shape_str(X.rows, X.cols));
  require(n >= 1, "backbone: the input sequence is empty");
  require(n <= cfg_.max_positions, "backbone: a sequence of ", n, " positions is longer than maxPositions = ",
          cfg_.max_positions, " of this model");
  require(n <= ws.max_rows, "backbone: workspace holds ", ws.max_rows, " rows, the sequence has ", n);
  for (std::size_t i = 0; i < n; ++i) require_finite(X.row(i), d, "input embeddings");
  View x{ws.x.data(), n, d, d};
  for (std::size_t i = 0; i < n; ++i) std::memcpy(x.row(i), X.row(i), d * sizeof(float));
  kernels::add_inplace(x, ConstView{pos_, n, d, d});
  return x;
}

void Backbone::attention_sublayer(const Layer& L, View x, Workspace& ws) const {
  const std::size_t n = x.rows, d = cfg_.d_model, heads = cfg_.heads, dh = cfg_.d_head();
  View h{ws.h.data(), n, d, d}, att{ws.att.data(), n, d, d};
  View qkv{ws.qkv.data(), n, 3 * d, 3 * d};
  AttentionOptions causal;
  causal.causal = true;
  kernels::layer_norm(x, L.ln1_g, L.ln1_b, h);
  kernels::gemm_packed(h, L.wqkv.data(), qkv, 1.f);
  for (std::size_t hd = 0; hd < heads; ++hd) {
    const ConstView q{qkv.data + hd * dh, n, dh, 3 * d}, k{qkv.data + d + hd * dh, n, dh, 3 * d},
        v{qkv.data + 2 * d + hd * dh, n, dh, 3 * d};
    attention_tiled_into(q, k, v, causal, View{att.data + hd * dh, n, dh, d});
  }
  kernels::gemm_packed(att, L.wo.data(), h, 1.f);
  kernels::add_inplace(x, h);
}

void Backbone::mlp_sublayer(const Layer& L, View x, Workspace& ws) const {
  const std::size_t n = x.rows, d = cfg_.d_model, f = cfg_.d_ff;
  View h{ws.h.data(), n, d, d}, mlp{ws.mlp.data(), n, f, f};
  kernels::layer_norm(x, L.ln2_g, L.ln2_b, h);
  kernels::gemm_packed(h, L.w1.data(), mlp, 1.f);
  kernels::add_row_inplace(mlp, L.b1);
  kernels::gelu_inplace(mlp);
  kernels::gemm_packed(mlp, L.w2.data(), h, 1.f);
  kernels::add_row_inplace(h, L.b2);
  kernels::add_inplace(x, h);
}

void Backbone::apply_layer(const Layer& L, View x, Workspace& ws) const {
  attention_sublayer(L, x, ws);
  mlp_sublayer(L, x, ws);
}

void Backbone::forward(ConstView X, Workspace& ws, View out) const {
  const std::size_t n = X.rows, d = cfg_.d_model;
  if (!(out.rows == n && out.cols == d)) fail("backbone: output must be ", shape_str(n, d));
  const View x = start(X, ws);
  for (const Layer& L : layers_) apply_layer(L, x, ws);
  kernels::layer_norm(x, lnf_g_, lnf_b_, out);
}

Backbone::Stages Backbone::stages(ConstView X) const {
  Workspace ws(cfg_, X.rows);
  const View x = start(X, ws);
  Stages out;
  auto snap = [&] {
    Tensor t(x.rows, x.cols);
    for (std::size_t i = 0; i < x.rows; ++i) std::memcpy(t.data() + i * x.cols, x.row(i), x.cols * sizeof(float));
    out.residual.push_back(std::move(t));
  };
  snap();
  for (const Layer& L : layers_) {
    attention_sublayer(L, x, ws);
    snap();
    mlp_sublayer(L, x, ws);
    snap();
  }
  out.hidden = Tensor(x.rows, x.cols);
  kernels::layer_norm(x, lnf_g_, lnf_b_, out.hidden.view());
  return out;
}

Tensor Backbone::head_weights(ConstView X, std::size_t layer, std::size_t head) const {
  require(layer < cfg_.layers, "head_weights: layer must be in [0, ", cfg_.layers, "), got ", layer);
  require(head < cfg_.heads, "head_weights: head must be in [0, ", cfg_.heads, "), got ", head);
  Workspace ws(cfg_, X.rows);
  const View x = start(X, ws);
  for (std::size_t l = 0; l < layer; ++l) apply_layer(layers_[l], x, ws);
  const std::size_t n = x.rows, d = cfg_.d_model, dh = cfg_.d_head();
  const Layer& L = layers_[layer];
  View h{ws.h.data(), n, d, d}, qkv{ws.qkv.data(), n, 3 * d, 3 * d};
  kernels::layer_norm(x, L.ln1_g, L.ln1_b, h);
  kernels::gemm_packed(h, L.wqkv.data(), qkv, 1.f);
  AttentionOptions causal;
  causal.causal = true;
  const ConstView q{qkv.data + head * dh, n, dh, 3 * d}, k{qkv.data + d + head * dh, n, dh, 3 * d},
      v{qkv.data + 2 * d + head * dh, n, dh, 3 * d};
  return attention(q, k, v, causal).weights;
}

Tensor Backbone::forward(ConstView X) const {
  Workspace ws(cfg_, X.rows);
  Tensor out(X.rows, cfg_.d_model);
  forward(X, ws, out.view());
  return out;
}

void Backbone::logits(ConstView H, View out) const {
  require(H.cols == cfg_.d_model && out.rows == H.rows && out.cols == BackboneConfig::vocab,
          "logits: hidden states must be [n, ", cfg_.d_model, "] and the output [n, 256]");
  kernels::gemm_packed(H, tok_t_.data(), out, 1.f);
}

}  // namespace lml::model
