// Registers the core's functions with embind. Nothing is computed here: each
// function converts its arguments (convert.hpp), calls the core, converts back.
#include <emscripten/bind.h>
#include <malloc.h>

#include "convert.hpp"
#include "core/attention.hpp"
#include "core/kernels/gemm.hpp"
#include "core/kernels/peak.hpp"
#include "core/kernels/reference.hpp"
#include "core/kernels/softmax.hpp"
#include "core/multihead.hpp"
#include "core/rng.hpp"
#include "core/simd.hpp"

namespace lml::bind {
namespace {

AttentionOptions options(const val& o) {
  AttentionOptions a;
  if (!has_any_key(o)) return a;  // {} or undefined: the defaults, without seven lookups
  a.causal = boolean(o, "causal", false);
  // 'bottom-right' (default: the last query on the last key, as with a KV cache) or 'top-left'
  a.causal_align = causal_align_of(string_opt(o, "causalAlign", "bottom-right"));
  if (has(o, "scale")) a.scale = float(number(o, "scale", 1.0));
  a.temperature = float(number(o, "temperature", 1.0));
  a.recency = float(number(o, "recency", 0.0));
  a.rope = float(number(o, "rope", 0.0));
  a.alibi = boolean(o, "alibi", false);
  return a;
}

std::uint64_t seed_of(double seed) {
  require(std::isfinite(seed) && seed >= 0 && seed == std::floor(seed) && seed <= 9007199254740991.0,
          "seed must be a non-negative integer, got ", seed);
  return std::uint64_t(seed);
}

std::size_t size_of(double v, const char* name) {
  require(std::isfinite(v) && v == std::floor(v) && v >= 1, name, " must be an integer >= 1, got ", v);
  require(v <= double(kMaxElements), name, " = ", v, " is too large");
  return std::size_t(v);
}

val attention_js(val q, val k, val v, val o) {
  return guarded([&] {
    Tensor Q = to_tensor(q, "Q"), K = to_tensor(k, "K"), V = to_tensor(v, "V");
    AttentionResult r = attention(Q, K, V, options(o));
    val out = val::object();
    out.set("out", to_js(r.out));
    out.set("weights", to_js(r.weights));
    return out;
  });
}

val attention_trace_js(val q, val k, val v, val o) {
  return guarded([&] {
    Tensor Q = to_tensor(q, "Q"), K = to_tensor(k, "K"), V = to_tensor(v, "V");
    AttentionTrace t = attention_trace(Q, K, V, options(o));
    val out = val::object();
    out.set("scores", to_js(t.scores));
    out.set("logits", to_js(t.logits));
    out.set("weights", to_js(t.weights));
    out.set("out", to_js(t.out));
    out.set("scale", t.scale);
    return out;
  });
}

val attention_tiled_js(val q, val k, val v, val o) {
  return guarded([&] {
    Tensor Q = to_tensor(q, "Q"), K = to_tensor(k, "K"), V = to_tensor(v, "V");
    return to_js(attention_tiled(Q, K, V, options(o)));
  });
}

// attentionTiled with the time of each phase (ms), copies in and out included:
// { out, phases: { copyIn, pack, qk, softmax, pv, rows, copyOut } }.
val attention_tiled_phases_js(val q, val k, val v, val o) {
  return guarded([&] {
    AttentionPhases ph;
    double t = now_ms();
    Tensor Q = to_tensor(q, "Q"), K = to_tensor(k, "K"), V = to_tensor(v, "V");
    const AttentionOptions opts = options(o);
    const double copy_in = now_ms() - t;
    Tensor out = attention_tiled(Q, K, V, opts, &ph);
    t = now_ms();
    val r = val::object();
    r.set("out", to_js(out));
    const double copy_out = now_ms() - t;
    val p = val::object();
    p.set("copyIn", copy_in);
    p.set("pack", ph.pack);
    p.set("qk", ph.qk);
    p.set("softmax", ph.softmax);
    p.set("pv", ph.pv);
    p.set("rows", ph.rows);
    p.set("copyOut", copy_out);
    r.set("phases", p);
    return r;
  });
}

val attention_naive_js(val q, val k, val v, val o) {
  return guarded([&] {
    Tensor Q = to_tensor(q, "Q"), K = to_tensor(k, "K"), V = to_tensor(v, "V");
    AttentionResult r = reference::attention(Q, K, V, options(o));
    val out = val::object();
    out.set("out", to_js(r.out));
    out.set("weights", to_js(r.weights));
    return out;
  });
}

val multi_head_js(val x, val w, double heads, val o) {
  return guarded([&] {
    Tensor X = to_tensor(x, "X");
    require(is_object(w), "weights must be an object {Wq, Wk, Wv, Wo}");
    Tensor Wq = to_tensor(w["Wq"], "Wq"), Wk = to_tensor(w["Wk"], "Wk"), Wv = to_tensor(w["Wv"], "Wv"),
           Wo = to_tensor(w["Wo"], "Wo");
    const bool keep = boolean(o, "keepWeights", true);
    const bool naive = boolean(o, "reference", false);
    MultiHeadResult r = naive ? reference::multi_head_attention(X, {Wq, Wk, Wv, Wo}, size_of(heads, "heads"), options(o))
                              : multi_head_attention(X, {Wq, Wk, Wv, Wo}, size_of(heads, "heads"), options(o), keep);
    val out = val::object();
    out.set("out", to_js(r.out));
    out.set("q", to_js(r.q));
    out.set("k", to_js(r.k));
    out.set("v", to_js(r.v));
    out.set("concat", to_js(r.concat));
    out.set("weights", to_js_list(r.weights));
    return out;
  });
}

val attention_heads_js(val q, val k, val v, double heads, val o) {
  return guarded([&] {
    Tensor Q = to_tensor(q, "Q"), K = to_tensor(k, "K"), V = to_tensor(v, "V");
    return to_js(attention_heads(Q, K, V, size_of(heads, "heads"), options(o)));
  });
}

val matmul_js(val a, val b, bool transpose_b) {
  return guarded([&] {
    Tensor A = to_tensor(a, "A"), B = to_tensor(b, "B");
    Tensor C(A.rows(), transpose_b ? B.rows() : B.cols());
    if (transpose_b) kernels::matmul_nt(A, B, C.view());
    else kernels::matmul_nn(A, B, C.view());
    return to_js(C);
  });
}

val softmax_rows_js(val s) {
  return guarded([&] {
    Tensor S = to_tensor(s, "S");
    kernels::softmax_rows(S.view());
    return to_js(S);
  });
}

val randn_js(double seed, double rows, double cols, double std) {
  return guarded([&] { return to_js(randn(seed_of(seed), size_of(rows, "rows"), size_of(cols, "cols"), float(std))); });
}

val info_js() {
  val o = val::object();
  o.set("arch", std::string(simd::arch_name()));
  o.set("lanes", int(simd::W));
  o.set("panelWidth", int(kernels::NR));
#if defined(LML_SCALAR)
  o.set("variant", std::string("scalar"));
#elif defined(__wasm_relaxed_simd__)
  o.set("variant", std::string("relaxed"));
#else
  o.set("variant", std::string("simd"));
#endif
  o.set("relaxedMadd", simd::kRelaxedMadd);
  return o;
}

// Runs the mul+add probe; returns { flops, checksum } (time it in JS).
val peak_js(double iterations) {
  return guarded([&] {
    const std::size_t it = size_of(iterations, "iterations");
    val o = val::object();
    o.set("checksum", kernels::peak_mul_add(it));
    o.set("flops", kernels::peak_flops(it));
    return o;
  });
}

// The ceiling probes (kernels/peak.hpp): kind 'mul-add' / 'fma' (10
// accumulators, multiply off the chains) or 'mul-add-chains' / 'fma-chains'
// (12 chains x = x·a + b); 'fma' kinds use simd::madd (relaxed_madd in the
// relaxed build); 'tile-qk' / 'tile-pv': the tiled attention's inner loops on
// cache-resident operands (not ceilings). Returns { flops, checksum, fused }
// (time it in JS).
val peak_probe_js(val kind_js, val iterations_js) {
  return guarded([&] {
    const std::string kind = kind_js.isString() ? kind_js.as<std::string>() : std::string();
    const bool chains = kind == "mul-add-chains" || kind == "fma-chains";
    const bool tile = kind == "tile-qk" || kind == "tile-pv";
    require(kind == "mul-add" || kind == "fma" || chains || tile,
            "peakProbe: kind must be 'mul-add', 'fma', 'mul-add-chains', 'fma-chains', 'tile-qk' or 'tile-pv'");
    const bool fused = kind == "fma" || kind == "fma-chains";
    require(iterations_js.isNumber(), "peakProbe: iterations must be a number");
    const double iterations = iterations_js.as<double>();
    const std::size_t it = size_of(iterations, "iterations");
    val o = val::object();
    if (tile) {
      o.set("checksum", kernels::peak_tile(it, kind == "tile-pv"));
      o.set("flops", kernels::peak_tile_flops(it));
      o.set("fused", simd::kRelaxedMadd);
      return o;
    }
    o.set("checksum", chains ? kernels::peak_chains(it, fused) : kernels::peak_acc(it, fused));
    o.set("flops", chains ? kernels::peak_chains_flops(it) : kernels::peak_acc_flops(it));
    o.set("fused", fused && simd::kRelaxedMadd);
    return o;
  });
}

// Bytes currently allocated by malloc (live tensors) and the heap's size.
val memory_js() {
  struct mallinfo mi = mallinfo();
  val o = val::object();
  o.set("inUse", double(mi.uordblks));
  o.set("footprint", double(mi.arena));
  return o;
}

}  // namespace

EMSCRIPTEN_BINDINGS(lml_core) {
  using emscripten::function;
  function("attention", &attention_js);
  function("attentionTrace", &attention_trace_js);
  function("attentionTiled", &attention_tiled_js);
  function("attentionTiledPhases", &attention_tiled_phases_js);
  function("attentionNaive", &attention_naive_js);
  function("multiHead", &multi_head_js);
  function("attentionHeads", &attention_heads_js);
  function("matmul", &matmul_js);
  function("softmaxRows", &softmax_rows_js);
  function("randn", &randn_js);
  function("info", &info_js);
  function("memory", &memory_js);
  function("peakMulAdd", &peak_js);
  function("peakProbe", &peak_probe_js);
}

}  // namespace lml::bind
