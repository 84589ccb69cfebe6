// What the HMT, backbone and LM2 bindings share: the integer-handle
// registries and the byte conversions. The bindings themselves are in
// bindings_model.cpp (the backbone and HMT models, answering a task document),
// bindings_stream.cpp (streams and retrieval) and bindings_lm2.cpp (LM2's
// gated memory); nothing is computed in any of them.
//
// Objects that live across calls (models, streams, LM2 memories) are kept in
// integer-handle registries: a create call returns { handle }, later calls
// take the handle, and *Free(handle) releases it. The JS wrapper (core.mjs)
// turns each handle into an object with methods and .delete(). A freed or
// unknown handle gives a clear error; nothing dangles. A stream shares its
// model (shared_ptr), so freeing the model first is safe.
//
// Text arguments ("tokens", "bytes") may be a string (UTF-8 encoded), a
// Uint8Array or an array of integers 0–255.
#pragma once
#include <emscripten/bind.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "convert.hpp"
#include "core/hmt/model.hpp"
#include "core/hmt/stream.hpp"
#include "core/lm2/memory.hpp"

namespace lml::bind {

template <class T>
class Registry {
 public:
  explicit Registry(const char* kind) : kind_(kind) {}
  int add(std::shared_ptr<T> p) {
    const int h = next_++;
    items_[h] = std::move(p);
    return h;
  }
  std::shared_ptr<T> get(double h) const {
    const auto it = items_.find(key(h));
    require(it != items_.end(), kind_, " ", h, " does not exist (was it deleted?)");
    return it->second;
  }
  void remove(double h) {
    require(items_.erase(key(h)) == 1, kind_, " ", h, " does not exist (already deleted?)");
  }
  std::size_t size() const { return items_.size(); }

 private:
  const char* kind_;
  std::map<int, std::shared_ptr<T>> items_;
  int next_ = 1;
  int key(double h) const {
    require(std::isfinite(h) && h == std::floor(h) && h >= 1 && h < 2147483647.0, kind_, " handle must be a positive integer");
    return int(h);
  }
};

Registry<const hmt::HmtModel>& models();
Registry<hmt::HmtStream>& streams();
Registry<lm2::Lm2Memory>& lm2s();

// string (UTF-8) | Uint8Array | number[] (0–255) → bytes (into a reused buffer: valid until the next call).
const std::vector<std::uint8_t>& bytes_of(const val& v, const char* name);
val row_to_js(const float* p, std::size_t d);          // → tensor [1, d]
val view_to_js(ConstView v);                           // → tensor (a copy)

}  // namespace lml::bind
