#include "convert.hpp"

#include <cmath>

#include <emscripten/wire.h>

namespace lml::bind {

using emscripten::typed_memory_view;

// Every emval operation is a call out to JavaScript (and, under -fexceptions, each one in a
// scope with destructors goes through an invoke_* trampoline), so the readers below keep
// them few: property names are made once (function-static vals), `typeof` is compared as a
// JS string instead of being converted to a std::string, and each value is read once.
bool is_object(const val& v) {
  static const val object("object");
  return !v.isNull() && v.typeOf().strictlyEquals(object);
}

bool has(const val& obj, const char* key) {
  if (!is_object(obj)) return false;
  val v = obj[key];
  return !v.isUndefined() && !v.isNull();
}

bool has_any_key(const val& obj) {
  if (!is_object(obj)) return false;
  static const val object = val::global("Object");
  static const val length("length");
  return object.call<val>("keys", obj)[length].as<int>() > 0;
}

double number(const val& obj, const char* key, double fallback) {
  if (!has(obj, key)) return fallback;
  val v = obj[key];
  require(v.isNumber(), "option '", key, "' must be a number");
  return v.as<double>();
}

bool boolean(const val& obj, const char* key, bool fallback) {
  if (!has(obj, key)) return fallback;
  const val v = obj[key];
  // 'false' (a string) is truthy in JavaScript: refuse anything but a real boolean
  require(v.isTrue() || v.isFalse(), "option '", key, "' must be true or false, got ", v.typeOf().as<std::string>() == "string"
          ? "'" + v.as<std::string>() + "' (a string)" : v.typeOf().as<std::string>());
  return v.isTrue();
}

static std::size_t dim(const val& shape, int i, const char* name) {
  val v = shape[i];
  require(v.isNumber(), name, ".shape[", i, "] must be a number");
  const double d = v.as<double>();
  require(std::isfinite(d) && d == std::floor(d), name, ".shape[", i, "] must be an integer, got ", d);
  require(d >= 1, name, ".shape[", i, "] must be >= 1, got ", d);
  require(d <= double(kMaxElements), name, ".shape[", i, "] = ", d, " is too large");
  return std::size_t(d);
}

Tensor to_tensor(const val& js, const char* name) {
  static const val shape_key("shape"), data_key("data"), length("length");
  require(is_object(js), name, " must be a tensor {shape: [rows, cols], data}");
  val shape = js[shape_key];
  require(!shape.isUndefined() && shape[length].as<int>() == 2, name,
          ".shape must be [rows, cols]");
  const std::size_t rows = dim(shape, 0, name), cols = dim(shape, 1, name);
  require_shape(rows, cols, name);
  val data = js[data_key];
  val data_length = data.isUndefined() || data.isNull() ? val::undefined() : data[length];
  require(data_length.isNumber(), name, ".data must be a Float32Array or an array of numbers");
  const std::size_t len = data_length.as<std::size_t>();
  require(len == rows * cols, name, ".data has ", len, " values but shape ", shape_str(rows, cols),
          " needs ", rows * cols);
  Tensor t(rows, cols);
  val view(typed_memory_view(t.size(), t.data()));
  view.call<void>("set", data);
  require_finite(t.data(), t.size(), name);
  return t;
}

val to_js(const Tensor& t) {
  static const val shape_key("shape"), data_key("data");
  val o = val::object();
  val shape = val::array();
  shape.set(0, t.rows());
  shape.set(1, t.cols());
  o.set(shape_key, shape);
  o.set(data_key, val(typed_memory_view(t.size(), t.data())).call<val>("slice"));
  return o;
}

val to_js_list(const std::vector<Tensor>& ts) {
  val a = val::array();
  for (const Tensor& t : ts) a.call<void>("push", to_js(t));
  return a;
}

void only_keys(const val& o, std::initializer_list<const char*> allowed, const char* what) {
  if (!is_object(o)) return;
  val keys = val::global("Object").call<val>("keys", o);
  const int n = keys["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    const std::string k = keys[i].as<std::string>();
    bool ok = false;
    std::string list;
    for (const char* a : allowed) {
      ok = ok || k == a;
      list += list.empty() ? a : std::string(", ") + a;
    }
    require(ok, what, ": unknown option '", k, "' (expected one of: ", list, ")");
  }
}

std::size_t size_opt(const val& o, const char* key, std::size_t fallback, std::size_t min) {
  const double v = number(o, key, double(fallback));
  require(std::isfinite(v) && v == std::floor(v) && v >= double(min) && v <= 1e9, "option '", key,
          "' must be an integer >= ", min, ", got ", v);
  return std::size_t(v);
}

std::uint64_t seed_opt(const val& o, const char* key, std::uint64_t fallback) {
  const double v = number(o, key, double(fallback));
  require(std::isfinite(v) && v >= 0 && v == std::floor(v) && v <= 9007199254740991.0, "option '", key,
          "' must be a non-negative integer, got ", v);
  return std::uint64_t(v);
}

std::string string_opt(const val& o, const char* key, const std::string& fallback) {
  if (!has(o, key)) return fallback;
  require(o[key].isString(), "option '", key, "' must be a string");
  return o[key].as<std::string>();
}

std::vector<std::uint8_t> uint8_array(const val& v, const char* name) {
  require(is_object(v) && v.instanceof(val::global("Uint8Array")), name, " must be a Uint8Array");
  std::vector<std::uint8_t> b(v["length"].as<std::size_t>());
  if (!b.empty()) val(emscripten::typed_memory_view(b.size(), b.data())).call<void>("set", v);
  return b;
}

val bytes_to_js(const std::vector<std::uint8_t>& b) {
  return val(emscripten::typed_memory_view(b.size(), b.data())).call<val>("slice");
}

val floats_to_js(const std::vector<float>& f) {
  return val(emscripten::typed_memory_view(f.size(), f.data())).call<val>("slice");
}

}  // namespace lml::bind
