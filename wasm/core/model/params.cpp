#include "params.hpp"

#include "config.hpp"

namespace lml::model {

void BackboneConfig::validate() const {
  require(d_model >= 1 && d_model <= kMaxDModel, "backbone: dModel must be in [1, ", kMaxDModel, "], got ", d_model);
  require(heads >= 1 && heads <= d_model, "backbone: heads must be in [1, dModel = ", d_model, "], got ", heads);
  require(d_model % heads == 0, "backbone: dModel = ", d_model, " is not divisible by heads = ", heads);
  require(layers >= 1 && layers <= kMaxLayers, "backbone: layers must be in [1, ", kMaxLayers, "], got ", layers);
  require(d_ff >= 1 && d_ff <= kMaxDff, "backbone: dFF must be in [1, ", kMaxDff, "], got ", d_ff);
  require(max_positions >= 1 && max_positions <= kMaxPositions, "backbone: maxPositions must be in [1, ",
          kMaxPositions, "], got ", max_positions);
}

Tensor& ParamSet::add(std::string name, Tensor value) {
  require(find(name) == nullptr, "parameter '", name, "' appears twice");
  items_.push_back({std::move(name), std::move(value)});
  return items_.back().value;
}

const Tensor* ParamSet::find(const std::string& name) const {
  for (const auto& it : items_)
    if (it.name == name) return &it.value;
  return nullptr;
}

const Tensor& ParamSet::get(const std::string& name, std::size_t rows, std::size_t cols) const {
  const Tensor* t = find(name);
  require(t != nullptr, "missing tensor '", name, "'");
  if (!(t->rows() == rows && t->cols() == cols)) fail("tensor '", name, "' is ", t->shape_str(), ", expected ",
          shape_str(rows, cols));
  return *t;
}

std::size_t ParamSet::total_floats() const {
  std::size_t n = 0;
  for (const auto& it : items_) n += it.value.size();
  return n;
}

}  // namespace lml::model
