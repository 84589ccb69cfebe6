// An ordered list of named tensors: the parameters of a model, in the order
// they are stored in a weight file.
#pragma once
#include <string>
#include <vector>

#include "../tensor.hpp"

namespace lml::model {

struct NamedTensor {
  std::string name;
  Tensor value;
};

class ParamSet {
 public:
  // Appends; a repeated name throws.
  Tensor& add(std::string name, Tensor value);
  // nullptr when absent.
  const Tensor* find(const std::string& name) const;
  // Throws "missing tensor 'name'" / "tensor 'name' is [r, c], expected [R, C]".
  const Tensor& get(const std::string& name, std::size_t rows, std::size_t cols) const;
  const std::vector<NamedTensor>& items() const { return items_; }
  std::size_t total_floats() const;

 private:
  std::vector<NamedTensor> items_;
};

}  // namespace lml::model
