// Registers LM2's gated memory with embind: create, step (with gates that may
// be set by hand), memory, weights, reset, free, and lm2Update on its own.
// Handles and conversions: bindings_handles.hpp.
#include "bindings_handles.hpp"

#include <optional>
#include <string>

namespace lml::bind {
namespace {

using emscripten::typed_memory_view;

val lm2_create_js(val cfg) {
  return guarded([&] {
    only_keys(cfg, {"d", "slots", "seed", "init"}, "createLm2");
    lm2::Lm2Config c;
    c.d = size_opt(cfg, "d", c.d, 1);
    c.slots = size_opt(cfg, "slots", c.slots, 1);
    c.seed = seed_opt(cfg, "seed", c.seed);
    const std::string init = string_opt(cfg, "init", "identity");
    require(init == "identity" || init == "random", "option 'init' must be 'identity' or 'random', got '", init, "'");
    c.init = init == "random" ? lm2::Init::Random : lm2::Init::Identity;
    auto m = std::make_shared<lm2::Lm2Memory>(c);
    val o = val::object();
    val co = val::object();
    co.set("d", double(c.d));
    co.set("slots", double(c.slots));
    co.set("seed", double(c.seed));
    co.set("init", init);
    o.set("config", co);
    o.set("handle", lm2s().add(std::move(m)));
    return o;
  });
}

std::optional<float> gate_opt(const val& o, const char* key) {
  if (!has(o, key)) return std::nullopt;
  return float(number(o, key, 0));
}

// E [t, d]: t time steps, one row each. Returns every intermediate stacked
// over steps, the final memory, and (option slot) that slot after each step.
val lm2_step_js(double h, val e, val opts) {
  return guarded([&] {
    only_keys(opts, {"gateIn", "gateForget", "gateOut", "slot"}, "Lm2Memory.step");
    auto m = lm2s().get(h);
    Tensor E = to_tensor(e, "E");
    const std::size_t d = m->config().d, R = m->config().slots * d, T = E.rows();
    require(E.cols() == d, "E must be [steps, d = ", d, "], got ", E.shape_str());
    lm2::Overrides ov{gate_opt(opts, "gateIn"), gate_opt(opts, "gateForget"), gate_opt(opts, "gateOut")};
    const bool track = has(opts, "slot");
    const std::size_t slot = track ? size_opt(opts, "slot", 0) : 0;
    require(slot < m->config().slots, "option 'slot' must be < slots = ", m->config().slots);
    Tensor W(T, R), read(T, d), gi(T, d), gf(T, d), go(T, d), out(T, d), hist(T, d * d);
    for (std::size_t t = 0; t < T; ++t) {
      lm2::Step s = m->step(ConstView{E.data() + t * d, 1, d, d}, ov);
      std::copy(s.weights.data(), s.weights.data() + R, W.data() + t * R);
      std::copy(s.read.data(), s.read.data() + d, read.data() + t * d);
      std::copy(s.g_in.data(), s.g_in.data() + d, gi.data() + t * d);
      std::copy(s.g_forget.data(), s.g_forget.data() + d, gf.data() + t * d);
      std::copy(s.g_out.data(), s.g_out.data() + d, go.data() + t * d);
      std::copy(s.out.data(), s.out.data() + d, out.data() + t * d);
      std::copy(m->memory().data() + slot * d * d, m->memory().data() + (slot + 1) * d * d, hist.data() + t * d * d);
    }
    val o = val::object();
    o.set("weights", to_js(W));
    o.set("read", to_js(read));
    o.set("gIn", to_js(gi));
    o.set("gForget", to_js(gf));
    o.set("gOut", to_js(go));
    o.set("out", to_js(out));
    o.set("memory", to_js(m->memory()));
    if (track) o.set("slotHistory", to_js(hist));
    return o;
  });
}

val lm2_memory_js(double h) {
  return guarded([&] { return to_js(lm2s().get(h)->memory()); });
}

val lm2_weights_js(double h) {
  return guarded([&] {
    auto m = lm2s().get(h);
    val o = val::object();
    o.set("wq", to_js(m->wq()));
    o.set("wk", to_js(m->wk()));
    o.set("wv", to_js(m->wv()));
    o.set("wIn", to_js(m->w_in()));
    o.set("wForget", to_js(m->w_forget()));
    o.set("wOut", to_js(m->w_out()));
    return o;
  });
}

val lm2_reset_js(double h) {
  return guarded([&] {
    lm2s().get(h)->reset();
    return val::undefined();
  });
}

val lm2_free_js(double h) {
  return guarded([&] {
    lm2s().remove(h);
    return val::undefined();
  });
}

val lm2_update_js(val m, val gi, val gf, val em) {
  return guarded([&] {
    Tensor M = to_tensor(m, "M"), Gi = to_tensor(gi, "gIn"), Gf = to_tensor(gf, "gForget"), Em = to_tensor(em, "Emem");
    return to_js(lm2::update(M, Gi, Gf, Em));
  });
}

}  // namespace
}  // namespace lml::bind

EMSCRIPTEN_BINDINGS(lml_lm2) {
  using emscripten::function;
  function("lm2Create", &lml::bind::lm2_create_js);
  function("lm2Step", &lml::bind::lm2_step_js);
  function("lm2Memory", &lml::bind::lm2_memory_js);
  function("lm2Weights", &lml::bind::lm2_weights_js);
  function("lm2Reset", &lml::bind::lm2_reset_js);
  function("lm2Free", &lml::bind::lm2_free_js);
  function("lm2Update", &lml::bind::lm2_update_js);
}
