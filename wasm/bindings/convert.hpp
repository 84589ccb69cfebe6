// Conversions between JS values and core tensors. Only the bindings use this.
//   JS tensor: { shape: [rows, cols], data: Float32Array | number[] } (row-major)
// Results leave the module as copies (Float32Array.slice), never live views.
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace lml::bind {

using emscripten::val;

Tensor to_tensor(const val& js, const char* name);
val to_js(const Tensor& t);
// Uint8Array → its bytes (a copy); anything else throws lml::Error naming `name`.
std::vector<std::uint8_t> uint8_array(const val& v, const char* name);
val bytes_to_js(const std::vector<std::uint8_t>& b);  // → Uint8Array (a copy)
val floats_to_js(const std::vector<float>& f);        // → Float32Array (a copy)
val to_js_list(const std::vector<Tensor>& ts);
// Reads an optional field: obj[key] if present and not undefined/null.
bool has(const val& obj, const char* key);
// typeof v === 'object' && v !== null
bool is_object(const val& v);
// is_object(obj) and Object.keys(obj) is not empty: one check before reading many options
bool has_any_key(const val& obj);
double number(const val& obj, const char* key, double fallback);
bool boolean(const val& obj, const char* key, bool fallback);
// Option readers shared by every binding: each throws lml::Error naming the option.
//   only_keys  refuses option names the call does not know (a typo would otherwise be ignored)
void only_keys(const val& o, std::initializer_list<const char*> allowed, const char* what);
std::size_t size_opt(const val& o, const char* key, std::size_t fallback, std::size_t min = 0);
std::uint64_t seed_opt(const val& o, const char* key, std::uint64_t fallback);
std::string string_opt(const val& o, const char* key, const std::string& fallback);

// Runs f(); on any C++ exception returns { error: message } instead of
// throwing through JS (the wrapper in core.mjs raises it as an Error).
template <class F>
val guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    val err = val::object();
    err.set("error", std::string(e.what()));
    return err;
  } catch (...) {
    val err = val::object();
    err.set("error", std::string("unknown error in the core"));
    return err;
  }
}

}  // namespace lml::bind
