#include "weights.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.hpp"

namespace lml::train {
namespace {
hmt::ModelConfig model_config(const NetConfig& c) {
  hmt::ModelConfig mc;
  mc.backbone = c.backbone;
  mc.d_retrieval = c.d_retrieval;
  return mc;
}
}  // namespace

hmt::HmtModel to_model(const NetConfig& c, const std::vector<float>& p) {
  const Layout lay(c);
  require(p.size() == lay.total, "weights: ", p.size(), " parameters, the layout has ", lay.total);
  const std::size_t d = c.backbone.d_model;
  model::ParamSet set;
  auto copy = [&](const std::string& file_name, const std::string& slot_name) {
    const Slot& s = lay.slot(slot_name);
    set.add(file_name, Tensor::from(p.data() + s.offset, s.rows, s.cols));
  };
  for (const auto& [name, shape] : model::Backbone::layout(c.backbone)) {
    const auto dot = name.find(".attn.w");
    if (dot != std::string::npos && name.substr(dot) != ".attn.wo") {
      // layer{l}.attn.wq|wk|wv ← columns [0, d), [d, 2d), [2d, 3d) of the fused W_qkv
      const Slot& s = lay.slot(name.substr(0, dot) + ".attn.wqkv");
      const std::size_t part = name.back() == 'q' ? 0 : name.back() == 'k' ? 1 : 2;
      Tensor t(d, d);
      for (std::size_t r = 0; r < d; ++r) std::memcpy(t.data() + r * d, p.data() + s.offset + r * 3 * d + part * d, d * sizeof(float));
      set.add(name, std::move(t));
    } else {
      copy(name, name);
    }
  }
  for (const char* n : {"hmt.summary_token", "hmt.initial_memory", "hmt.w_q", "hmt.w_k"}) copy(n, n);
  hmt::HmtModel m(model_config(c), std::move(set));
  hmt::Geometry g;
  g.kind = c.full ? "full" : "hmt";
  g.L = c.L, g.j = c.j, g.k = c.k, g.N = c.N, g.retrieval = c.retrieval;
  m.set_geometry(g);
  return m;
}

std::vector<float> from_model(const NetConfig& c, const hmt::HmtModel& m) {
  const Layout lay(c);
  std::vector<float> p(lay.total, 0.f);
  const std::size_t d = c.backbone.d_model;
  require(m.config().backbone.d_model == d && m.config().backbone.layers == c.backbone.layers &&
              m.config().backbone.d_ff == c.backbone.d_ff && m.config().backbone.heads == c.backbone.heads &&
              m.config().backbone.max_positions == c.backbone.max_positions && m.config().d_retrieval == c.d_retrieval,
          "weights: the model's sizes differ from the config's");
  auto put = [&](const std::string& slot_name, const Tensor& t) {
    const Slot& s = lay.slot(slot_name);
    std::memcpy(p.data() + s.offset, t.data(), s.rows * s.cols * sizeof(float));
  };
  for (const auto& it : m.backbone().params().items()) {
    const auto dot = it.name.find(".attn.w");
    if (dot != std::string::npos && it.name.substr(dot) != ".attn.wo") {
      const Slot& s = lay.slot(it.name.substr(0, dot) + ".attn.wqkv");
      const std::size_t part = it.name.back() == 'q' ? 0 : it.name.back() == 'k' ? 1 : 2;
      for (std::size_t r = 0; r < d; ++r) std::memcpy(p.data() + s.offset + r * 3 * d + part * d, it.value.data() + r * d, d * sizeof(float));
    } else {
      put(it.name, it.value);
    }
  }
  put("hmt.summary_token", m.summary_token());
  put("hmt.initial_memory", m.initial_memory());
  put("hmt.w_q", m.w_q());
  put("hmt.w_k", m.w_k());
  return p;
}

std::vector<float> start_from_weights(const NetConfig& c, std::uint64_t seed, const std::string& init,
                                      const std::vector<std::uint8_t>& weight_file, bool reset_memory) {
  const hmt::HmtModel m = hmt::HmtModel::load(weight_file.data(), weight_file.size());
  std::vector<float> p = from_model(c, m);
  if (!reset_memory) return p;
  const std::vector<float> fresh = init_params(c, seed, init);
  const Layout lay(c);
  for (const char* name : {"hmt.summary_token", "hmt.initial_memory", "hmt.w_q", "hmt.w_k", "probe.w", "probe.b"}) {
    const Slot& s = lay.slot(name);
    std::copy(fresh.begin() + std::ptrdiff_t(s.offset), fresh.begin() + std::ptrdiff_t(s.offset + s.rows * s.cols),
              p.begin() + std::ptrdiff_t(s.offset));
  }
  return p;
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    require(bool(f), "cannot write ", tmp);
    f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    require(bool(f), "writing ", tmp, " failed");
  }
  require(std::rename(tmp.c_str(), path.c_str()) == 0, "cannot rename ", tmp, " to ", path);
}

void write_text_file(const std::string& path, const std::string& text) {
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  write_bytes(path, std::vector<std::uint8_t>(text.begin(), text.end()));
}

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  require(bool(f), "cannot read ", path);
  return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(f), {});
}

}  // namespace lml::train
