// The handle registries and byte conversions the HMT, backbone and LM2
// bindings share (bindings_handles.hpp), and hmtLive: how many of each live.
#include "bindings_handles.hpp"

namespace lml::bind {

using emscripten::typed_memory_view;

Registry<const hmt::HmtModel>& models() {
  static Registry<const hmt::HmtModel> r("HmtModel");
  return r;
}
Registry<hmt::HmtStream>& streams() {
  static Registry<hmt::HmtStream> r("HmtStream");
  return r;
}
Registry<lm2::Lm2Memory>& lm2s() {
  static Registry<lm2::Lm2Memory> r("Lm2Memory");
  return r;
}

namespace {
std::vector<std::uint8_t>& scratch_bytes() {
  static std::vector<std::uint8_t> s;  // reused: feeding chunks does not churn the heap
  return s;
}

val live_js() {
  val o = val::object();
  o.set("models", double(models().size()));
  o.set("streams", double(streams().size()));
  o.set("lm2", double(lm2s().size()));
  return o;
}
}  // namespace

// string (UTF-8) | Uint8Array | number[] (0–255) → bytes (into a reused buffer).
const std::vector<std::uint8_t>& bytes_of(const val& v, const char* name) {
  std::vector<std::uint8_t>& out = scratch_bytes();
  if (v.isString()) {
    const std::string s = v.as<std::string>();
    out.assign(s.begin(), s.end());
    return out;
  }
  require(is_object(v) && v["length"].isNumber(), name, " must be a string, a Uint8Array or an array of bytes");
  const std::size_t n = v["length"].as<std::size_t>();
  require(n <= kMaxElements, name, " is too long");
  out.resize(n);
  if (v["BYTES_PER_ELEMENT"].isNumber() && v["BYTES_PER_ELEMENT"].as<int>() == 1) {
    if (n) val(typed_memory_view(n, out.data())).call<void>("set", v);
    return out;
  }
  for (std::size_t i = 0; i < n; ++i) {
    val e = v[i];
    const double b = e.isNumber() ? e.as<double>() : -1;
    require(b >= 0 && b <= 255 && b == std::floor(b), name, "[", i, "] must be an integer byte 0–255");
    out[i] = std::uint8_t(b);
  }
  return out;
}


val row_to_js(const float* p, std::size_t d) { return to_js(Tensor::from(p, 1, d)); }

val view_to_js(ConstView v) {
  Tensor t(v.rows, v.cols);
  for (std::size_t i = 0; i < v.rows; ++i)
    for (std::size_t c = 0; c < v.cols; ++c) t(i, c) = v(i, c);
  return to_js(t);
}

}  // namespace lml::bind

EMSCRIPTEN_BINDINGS(lml_hmt_handles) {
  emscripten::function("hmtLive", &lml::bind::live_js);
}
