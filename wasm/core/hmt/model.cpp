#include "model.hpp"

#include <cmath>
#include <string>

#include "../model/weight_file.hpp"
#include "../rng.hpp"

namespace lml::hmt {
using model::ParamSet;

namespace {
constexpr const char* kHmtNames[] = {"hmt.summary_token", "hmt.initial_memory", "hmt.w_q", "hmt.w_k"};
constexpr std::size_t kMaxDRetrieval = 4096;

std::size_t config_size(const json::Value& cfg, const char* key) {
  const json::Value* v = cfg.find(key);
  require(v && v->is(json::Value::Kind::Number) && v->number >= 1 && v->number == std::floor(v->number) &&
              v->number <= 1e9,
          "weight file: config.", key, " must be a positive integer");
  return std::size_t(v->number);
}

std::string geometry_json(const Geometry& g) {
  if (!g.known()) return "";
  return ",\"geometry\":{\"kind\":\"" + g.kind + "\",\"L\":" + std::to_string(g.L) + ",\"j\":" + std::to_string(g.j) +
         ",\"k\":" + std::to_string(g.k) + ",\"N\":" + std::to_string(g.N) +
         ",\"retrieval\":" + (g.retrieval ? "true" : "false") + "}";
}

// Splits a full parameter list into the backbone's part and HMT's part.
std::pair<ParamSet, ParamSet> split(ParamSet all) {
  ParamSet bb, hmt;
  for (const auto& it : all.items()) {
    const bool is_hmt = it.name.rfind("hmt.", 0) == 0;
    (is_hmt ? hmt : bb).add(it.name, Tensor::from(it.value.data(), it.value.rows(), it.value.cols()));
  }
  return {std::move(bb), std::move(hmt)};
}
}  // namespace

void Geometry::validate() const {
  require(kind == "hmt" || kind == "full", "model geometry: kind must be \"hmt\" or \"full\", got '", kind, "'");
  require(L >= 1 && j >= 1 && j <= L && k < L && N >= 1 && L <= 8192 && N <= 100000,
          "model geometry: need 0 < j ≤ L ≤ 8192, k < L, 1 ≤ N ≤ 100000 (got L ", L, ", j ", j, ", k ", k, ", N ", N, ")");
}

void HmtModel::set_geometry(const Geometry& g) {
  g.validate();
  geometry_ = g;
}

void ModelConfig::validate() const {
  backbone.validate();
  require(d_retrieval >= 1 && d_retrieval <= kMaxDRetrieval, "model: dRetrieval must be in [1, ", kMaxDRetrieval,
          "], got ", d_retrieval);
}

HmtModel HmtModel::random(const ModelConfig& c, std::uint64_t seed) {
  c.validate();
  const std::size_t d = c.backbone.d_model, dr = c.d_retrieval;
  ParamSet hmt;
  hmt.add(kHmtNames[0], randn(seed ^ 0x5155A11ull, 1, d, 1.f));
  hmt.add(kHmtNames[1], randn(seed ^ 0x1417AA1ull, 1, d, 1.f));
  hmt.add(kHmtNames[2], randn(seed ^ 0x00057A9ull, d, dr, 1.f / std::sqrt(float(d))));
  hmt.add(kHmtNames[3], randn(seed ^ 0x000C0DEull, d, dr, 1.f / std::sqrt(float(d))));
  return HmtModel(c, model::Backbone::random(c.backbone, seed), std::move(hmt));
}

HmtModel::HmtModel(const ModelConfig& c, ParamSet params) : HmtModel(c, split(std::move(params))) {}

HmtModel::HmtModel(const ModelConfig& c, std::pair<ParamSet, ParamSet> parts)
    : HmtModel(c, model::Backbone(c.backbone, std::move(parts.first)), std::move(parts.second)) {}

HmtModel::HmtModel(const ModelConfig& c, model::Backbone b, ParamSet hmt) : cfg_(c), backbone_(std::move(b)) {
  cfg_.validate();
  const std::size_t d = c.backbone.d_model, dr = c.d_retrieval;
  require(hmt.items().size() == 4, "model: expected the 4 HMT tensors (", kHmtNames[0], ", …), got ",
          hmt.items().size());
  const std::size_t shapes[4][2] = {{1, d}, {1, d}, {d, dr}, {d, dr}};
  Tensor* dst[4] = {&summary_token_, &initial_memory_, &w_q_, &w_k_};
  for (int i = 0; i < 4; ++i) {
    require(hmt.items()[i].name == kHmtNames[i], "model: HMT tensor ", i, " is '", hmt.items()[i].name,
            "', expected '", kHmtNames[i], "'");
    const Tensor& t = hmt.get(kHmtNames[i], shapes[i][0], shapes[i][1]);
    require_finite(t.data(), t.size(), kHmtNames[i]);
    *dst[i] = Tensor::from(t.data(), t.rows(), t.cols());
  }
}

std::vector<std::uint8_t> HmtModel::save() const {
  const auto& b = cfg_.backbone;
  const std::string cfg = "{\"vocab\":256,\"dModel\":" + std::to_string(b.d_model) +
                          ",\"heads\":" + std::to_string(b.heads) + ",\"layers\":" + std::to_string(b.layers) +
                          ",\"dFF\":" + std::to_string(b.d_ff) + ",\"maxPositions\":" +
                          std::to_string(b.max_positions) + ",\"dRetrieval\":" + std::to_string(cfg_.d_retrieval) +
                          ",\"tiedEmbeddings\":true" + geometry_json(geometry_) + "}";
  ParamSet all;
  for (const auto& it : backbone_.params().items())
    all.add(it.name, Tensor::from(it.value.data(), it.value.rows(), it.value.cols()));
  const Tensor* mine[4] = {&summary_token_, &initial_memory_, &w_q_, &w_k_};
  for (int i = 0; i < 4; ++i) all.add(kHmtNames[i], Tensor::from(mine[i]->data(), mine[i]->rows(), mine[i]->cols()));
  return model::write_weight_file(cfg, all);
}

HmtModel HmtModel::load(const std::uint8_t* bytes, std::size_t size) {
  model::WeightFile wf = model::read_weight_file(bytes, size);
  const json::Value& cfg = wf.config;
  require(config_size(cfg, "vocab") == model::BackboneConfig::vocab, "weight file: config.vocab must be 256 (bytes)");
  const json::Value* tied = cfg.find("tiedEmbeddings");
  require(!tied || (tied->is(json::Value::Kind::Bool) && tied->boolean),
          "weight file: only tied embeddings (logits = h · tok_embᵀ) are supported");
  ModelConfig c;
  c.backbone.d_model = config_size(cfg, "dModel");
  c.backbone.heads = config_size(cfg, "heads");
  c.backbone.layers = config_size(cfg, "layers");
  c.backbone.d_ff = config_size(cfg, "dFF");
  c.backbone.max_positions = config_size(cfg, "maxPositions");
  c.d_retrieval = config_size(cfg, "dRetrieval");
  c.validate();
  HmtModel m(c, std::move(wf.params));
  if (const json::Value* g = cfg.find("geometry")) {
    require(g->is(json::Value::Kind::Object), "weight file: config.geometry must be an object");
    const json::Value* kind = g->find("kind");
    const json::Value* ret = g->find("retrieval");
    require(kind && kind->is(json::Value::Kind::String), "weight file: config.geometry.kind must be a string");
    require(ret && ret->is(json::Value::Kind::Bool), "weight file: config.geometry.retrieval must be true or false");
    Geometry geo;
    geo.kind = kind->string;
    geo.L = config_size(*g, "L"), geo.j = config_size(*g, "j"), geo.N = config_size(*g, "N");
    const json::Value* k = g->find("k");
    require(k && k->is(json::Value::Kind::Number) && k->number >= 0 && k->number == std::floor(k->number) && k->number < 1e9,
            "weight file: config.geometry.k must be a non-negative integer");
    geo.k = std::size_t(k->number);
    geo.retrieval = ret->boolean;
    m.set_geometry(geo);
  }
  return m;
}

}  // namespace lml::hmt
